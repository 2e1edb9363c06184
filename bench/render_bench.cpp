// W4 of the peers' benchmark: a 2400 × 1600 map of the 113 study polygons as a
// choropleth, 500 curved flows, 200 proportional circles and 50 labels over the context
// countries, from data/render.gpkg and data/render.json (made by the peers' setup.sh),
// the same inputs Mapnik and GeoPandas/matplotlib draw (bench/compare_render.sh runs
// them side by side). Stages: reading the spec and its data, preparing the map
// (classification, projection, label placement), PNG (draw + encode), SVG, PDF.

#include "bench_data.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace coopatlas;

// The four numbers of "extent" in render.json (a flat JSON written by the peers' prep).
std::string extent_of(const std::string& json_path) {
    std::ifstream in(json_path);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string s = buf.str();
    const auto at = s.find("\"extent\"");
    if (at == std::string::npos) throw error(json_path + " has no extent");
    const auto open = s.find('[', at), close = s.find(']', at);
    return "[" + s.substr(open + 1, close - open - 1) + "]";
}

// The W4 map as a spec: what bench/compare_render.sh writes to a file, here in memory.
std::string w4_spec() {
    const std::string gpkg = bench::data_file("render.gpkg");
    const std::string extent = extent_of(bench::data_file("render.json"));
    return "size: [2400, 1600]\nmargin: 0\nlegend: none\ncredits: none\nframes:\n"
           "  - id: w4\n    projection: \"" +
           std::string(bench::study_laea) +
           "\"\n"
           "    extent_crs: " +
           extent +
           "\n    position: [0, 0, 2400, 1600]\n"
           "    sea: \"#dceaf5\"\n    border: none\n    scale_bar: false\n    north_arrow: false\n"
           "    layers:\n"
           "      - {id: context, kind: background, file: " +
           gpkg +
           ", layer: context, land: \"#efefef\", outline: \"#a0a0a0\", outline_width: 0.8}\n"
           "      - {id: choro, kind: polygons, file: " +
           gpkg +
           ", layer: choro, value: count, method: quantiles, classes: 6, palette: YlOrRd, outline: \"#444444\", "
           "outline_width: 0.6}\n"
           "      - {id: flows, kind: flows, file: " +
           gpkg +
           ", layer: flows, value: 1, min_width: 0.8, max_width: 0.8, stroke: \"#1f4e9c\", opacity: 0.35, end_gap: 0}\n"
           "      - {id: circles, kind: circles, file: " +
           gpkg +
           ", layer: top200, id_field: name, value: population, max_radius: 30, min_radius: 3, fill: \"#d7301f\", "
           "opacity: 0.6, outline: \"#ffffff\", outline_width: 0.7}\n"
           "      - {id: labels, kind: labels, file: " +
           gpkg +
           ", layer: top200, where: \"label = 1\", id_field: name, label: name, value: population, size: 13, color: "
           "\"#111111\", halo: \"#ffffff\", halo_width: 1.5}\n";
}

const render::map_spec& spec() {
    static const render::map_spec s = render::parse_map_spec(w4_spec(), ".", "w4");
    return s;
}

const render::map_renderer& prepared() {
    static const render::map_renderer r(spec().page);
    return r;
}

void BM_w4_load(benchmark::State& state) {
    const std::string text = w4_spec();
    for (auto _ : state)
        benchmark::DoNotOptimize(render::parse_map_spec(text, ".", "w4"));
}
BENCHMARK(BM_w4_load)->Unit(benchmark::kMillisecond);

void BM_w4_prepare(benchmark::State& state) {
    const auto& s = spec();
    std::size_t placed = 0;
    for (auto _ : state) {
        render::map_renderer r(s.page);
        placed = r.report().labels.size();
        benchmark::DoNotOptimize(placed);
    }
    state.counters["labels_placed"] = static_cast<double>(placed);
}
BENCHMARK(BM_w4_prepare)->Unit(benchmark::kMillisecond);

// Draw and encode; arg = drawing threads (0 = as many bands as cores, up to 4).
void BM_w4_png(benchmark::State& state) {
    const auto& r = prepared();
    if (state.range(0) > 0) setenv("COOPATLAS_RENDER_THREADS", std::to_string(state.range(0)).c_str(), 1);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string png = r.render(render::output_format::png);
        bytes = png.size();
        benchmark::DoNotOptimize(bytes);
    }
    unsetenv("COOPATLAS_RENDER_THREADS");
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_w4_png)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_w4_svg(benchmark::State& state) {
    const auto& r = prepared();
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string svg = r.render(render::output_format::svg);
        bytes = svg.size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_w4_svg)->Unit(benchmark::kMillisecond);

void BM_w4_pdf(benchmark::State& state) {
    const auto& r = prepared();
    for (auto _ : state)
        benchmark::DoNotOptimize(r.render(render::output_format::pdf));
}
BENCHMARK(BM_w4_pdf)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
