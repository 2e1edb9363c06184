// Point tables (CSV with coordinate columns): the fast reader, with the columns found by
// their usual names, then with a weight column. A bad table must end in coopatlas::error.

#include "fuzz_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/point_table.hpp>

#include <cmath>
#include <cstdlib>

namespace {

using namespace coopatlas;

void read_with(const std::string& path, const io::point_table_options& options) {
    try {
        const io::point_table t = io::read_point_table(path, options);
        // what the reader promises: finite numbers, one weight per point when weighted
        for (const auto& p : t.points)
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) std::abort();
        if (!options.weight_column.empty() && t.weights.size() != t.points.size()) std::abort();
        for (const double w : t.weights)
            if (!std::isfinite(w)) std::abort();
    } catch (const error& e) {
        (void)e.what();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)fuzz::scratch_dir();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_scratch("points.csv", data, size);
    io::point_table_options options;
    options.threads = 1;
    read_with(path, options);
    options.weight_column = "w";
    read_with(path, options);
    return 0;
}
