#pragma once
/// \file
/// \brief Coverage results kept for reuse by the maps and tables of one document.
///
/// A book draws several maps and writes tables over the same units: a choropleth of
/// the countries, their labels, circles on a flow map and a table of the countries all
/// ask for the coverage of one partition. The result depends on the atlas, the
/// partition, the options and the partnerships the filter selects, not on how the
/// filter is written: two filters that select the same records share one result, with
/// each caller's own filter description in it.
///
/// Thread safety: get() may be called from several threads; a caller asking for a result
/// another thread is computing waits for it rather than computing it again.

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/config.hpp>

#include <memory>

namespace coopatlas::analysis {

/// \brief A memo of coverage() over atlases that do not change while it is used.
///
/// Entries are keyed by the atlas's address and its numbers of entities and
/// partnerships: an atlas that grows (deferred layers read) gets new entries. The
/// rows point into the atlas, so a cache must not outlive the atlases it served.
class COOPATLAS_API coverage_cache {
  public:
    coverage_cache();
    ~coverage_cache();
    coverage_cache(const coverage_cache&) = delete;
    coverage_cache& operator=(const coverage_cache&) = delete;

    /// \brief coverage(atlas, f, p, options), computed once per distinct key.
    /// Throws what coverage() throws; the same error is thrown again for that key.
    [[nodiscard]] coverage_result get(const model::atlas& atlas, const filter& f, const partition& p,
                                      const coverage_options& options = {});

    /// \brief How many results were computed (not served from the memo).
    [[nodiscard]] std::size_t computed() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace coopatlas::analysis
