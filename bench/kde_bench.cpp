// W3 kernel density: the 9,099 GeoNames places of France, Morocco and Western Sahara
// in the study LAEA, 1000 x 1000 cell centres over the projected study bounding box,
// Gaussian sigma 25 km, in places per km² -- the peers' w3_kde.py definition.

#include "bench_data.hpp"

#include <coopatlas/analysis/kde.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/raster_writer.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace cb = coopatlas::bench;
namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;

namespace {

struct w3_input {
    std::vector<cg::point> places;  // projected
    ca::raster_grid grid;
};

const w3_input& input() {
    static const w3_input in = [] {
        w3_input w;
        const cg::projection proj("EPSG:4326", cb::study_laea);
        w.places = coopatlas::io::read_point_table(cb::data_file("places.csv")).points;
        proj.forward(w.places);
        cg::box extent;
        for (const auto& g : cb::study_polygons().geometries) {
            const cg::box b = cg::envelope(cg::transform(g, proj));
            extent = {std::min(extent.min_x, b.min_x), std::min(extent.min_y, b.min_y), std::max(extent.max_x, b.max_x),
                      std::max(extent.max_y, b.max_y)};
        }
        w.grid = ca::raster_grid::with_size(extent, 1000, 1000);
        return w;
    }();
    return in;
}

// args: kernel (0 gaussian, 1 quartic), tolerance exponent (0 = no truncation), threads
void kde(benchmark::State& state) {
    const auto& in = input();
    ca::kde_options o;
    o.kernel = state.range(0) == 0 ? ca::kernel_shape::gaussian : ca::kernel_shape::quartic;
    o.bandwidth = 25'000;
    o.tolerance = state.range(1) == 0 ? 0.0 : std::pow(10.0, -static_cast<double>(state.range(1)));
    o.threads = static_cast<unsigned>(state.range(2));
    ca::kde_result r;
    for (auto _ : state) {
        r = ca::kernel_density(in.places, {}, in.grid, o);
        benchmark::DoNotOptimize(r.values.data());
    }
    state.counters["peak"] = r.peak;
    state.counters["cutoff_km"] = r.cutoff / 1000;
    const std::string tol = o.tolerance > 0 ? "1e-" + std::to_string(state.range(1)) : "0 (37 sigma)";
    state.SetLabel(ca::to_string(o.kernel) + (o.kernel == ca::kernel_shape::gaussian ? ", tolerance " + tol : "") +
                   ", " + std::to_string(o.threads) + " thread(s)");
}
BENCHMARK(kde)
    ->Args({0, 7, 1})
    ->Args({0, 7, 2})
    ->Args({0, 0, 2})
    ->Args({1, 0, 1})
    ->Args({1, 0, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void write_geotiff(benchmark::State& state) {
    const auto& in = input();
    ca::kde_options o;
    o.bandwidth = 25'000;
    const auto r = ca::kernel_density(in.places, {}, in.grid, o);
    coopatlas::io::raster out;
    out.columns = r.grid.columns;
    out.rows = r.grid.rows;
    out.west = r.grid.min_x;
    out.north = r.grid.max_y;
    out.cell_width = r.grid.cell_width();
    out.cell_height = r.grid.cell_height();
    out.crs = cb::study_laea;
    out.values.assign(r.values.begin(), r.values.end());
    const std::string path = (std::filesystem::temp_directory_path() / "coopatlas_kde_bench.tif").string();
    coopatlas::io::raster_write_options wo;
    wo.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) coopatlas::io::write_geotiff(path, out, wo);
    std::filesystem::remove(path);
    state.SetLabel("Float32 DEFLATE PREDICTOR=3, " + std::to_string(wo.threads) + " thread(s)");
}
BENCHMARK(write_geotiff)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
