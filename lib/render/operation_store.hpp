#pragma once
// PROJ operations found by a database search, kept between runs in the atlas cache folder
// (io::atlas_cache_dir(), "proj-operations.tsv"). Between "EPSG:4326" and "EPSG:2154" PROJ
// searches its database for the best operation each time a process asks (5–10 ms); the
// pipeline it finds is written down once, with what was searched (the PROJ release and the
// database file's size and time), and read back by the next runs.
//
// An operation is kept only when the pipeline read back gives, bit for bit, the numbers of
// the one found at sample points; a line that does not read back whole is ignored.
// Thread safety: the functions may be called from any thread.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <optional>
#include <string>

namespace coopatlas::render::detail {

/// The pipeline kept for (source, target), when the atlas cache is on and has one that
/// the same PROJ and database found.
COOPATLAS_API std::optional<std::string> kept_operation(const std::string& source, const std::string& target);

/// Keeps `found`'s pipeline for its CRSs, when PROJ can write it as one and it reads back
/// to the same numbers; adds it to the file atomically (temporary file and rename). Never
/// throws: a cache that cannot be written is no error.
COOPATLAS_API void keep_operation(const geometry::projection& found, const geometry::projection_context& context) noexcept;

/// Whether two projections give the same numbers, bit for bit, at points over the globe
/// (and back, from the projected ones): a pipeline read back is the operation found.
COOPATLAS_API bool same_operation(const geometry::projection& a, const geometry::projection& b);

/// A copy of `p` for another thread (a projection with a context of its own): from its
/// pipeline when that gives the same numbers, else searched again.
COOPATLAS_API geometry::projection copy_for_thread(const geometry::projection& p);

/// Reads the cache folder's operations again at the next call (the folder is read once per
/// process otherwise): for a process whose COOPATLAS_CACHE changed.
COOPATLAS_API void reload_kept_operations();

} // namespace coopatlas::render::detail
