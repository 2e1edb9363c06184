#pragma once
// Shared helpers for the test suites: fixture paths, scratch files, the embedded atlas.

#include <coopatlas/model/atlas.hpp>

#include <string>

namespace coopatlas::test {

/// Path of a committed fixture under tests/fixtures.
std::string fixture(const std::string& name);
/// Path of the embedded data folder (shapefiles/).
std::string data_dir();
/// Writes `content` to a fresh file under the test output folder and returns its path.
std::string write_temp(const std::string& name, const std::string& content);
/// The embedded atlas, loaded once per test program (with partnerships and hierarchy).
const model::atlas& embedded_atlas();

/// An empty atlas cache folder of the test's own, named after `what` and the process, that
/// COOPATLAS_CACHE names while the object lives; removed with it.
class scoped_cache_folder {
  public:
    explicit scoped_cache_folder(const std::string& what);
    ~scoped_cache_folder();
    scoped_cache_folder(const scoped_cache_folder&) = delete;
    scoped_cache_folder& operator=(const scoped_cache_folder&) = delete;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

  private:
    std::string path_;
};

} // namespace coopatlas::test
