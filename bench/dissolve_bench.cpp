// W2 dissolve: the 96 metropolitan départements of the study layer merged into their 13
// régions (2016 map, INSEE codes from the peers' dept_region.csv) and into metropolitan
// France, with geometry::union_all (GEOS unary union, as PostGIS ST_Union), then geodesic
// areas on WGS 84 (PROJ geodesic, as PostGIS ST_Area(geography)).
//
// `dissolve_bench --w2-out=FILE [--threads=N]` runs the workload once, writes the areas as
// the peers' CSV (country,code,name,parts,crs,area_km2) and prints TIME lines; otherwise
// the Google Benchmark cases run.

#include "bench_data.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

namespace cb = coopatlas::bench;
namespace cg = coopatlas::geometry;
namespace cio = coopatlas::io;

namespace {

struct unit {
    std::string country, code, name;
    std::vector<cg::multi_polygon> parts;  // départements (or the unit itself)
    cg::multi_polygon merged;
};

std::string text_of(const cio::attribute& a) {
    const auto* s = std::get_if<std::string>(&a);
    return s ? *s : std::string();
}

// 13 régions (by reg_code), then France, then the Moroccan / Sahrawi units as they are.
std::vector<unit> load_units() {
    const auto& layer = cb::study_polygons();
    const auto table = cio::read_csv(cb::data_file("dept_region.csv"));
    const auto c_name = table.column("name"), c_code = table.column("reg_code"), c_reg = table.column("reg_name");
    if (!c_name || !c_code || !c_reg) throw coopatlas::error("dept_region.csv lacks name, reg_code or reg_name");
    std::map<std::string, std::pair<std::string, std::string>> region_of;  // département name -> (code, name)
    for (const auto& r : table.records)
        region_of[r.fields[*c_name].value] = {r.fields[*c_code].value, r.fields[*c_reg].value};
    std::size_t f_adm0 = 0, f_name = 0;
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        if (layer.fields[k].name == "adm0_a3") f_adm0 = k;
        if (layer.fields[k].name == "name") f_name = k;
    }
    std::map<std::string, unit> regions;
    unit france{"FRA", "FRA", "France (metropolitan)", {}, {}};
    std::vector<unit> others;
    for (std::size_t i = 0; i < layer.rows.size(); ++i) {
        const std::string adm0 = text_of(layer.rows[i][f_adm0]), name = text_of(layer.rows[i][f_name]);
        const auto& geom = std::get<cg::multi_polygon>(layer.geometries[i]);
        if (adm0 != "FRA") {
            others.push_back({adm0, adm0, name, {geom}, geom});
            continue;
        }
        const auto it = region_of.find(name);
        if (it == region_of.end()) throw coopatlas::error("département '" + name + "' is not in dept_region.csv");
        unit& u = regions[it->second.first];
        u.country = "FRA";
        u.code = it->second.first;
        u.name = it->second.second;
        u.parts.push_back(geom);
        france.parts.push_back(geom);
    }
    std::vector<unit> out;
    for (auto& [code, u] : regions) out.push_back(std::move(u));
    out.push_back(std::move(france));
    for (auto& u : others) out.push_back(std::move(u));
    return out;
}

// Dissolves every French unit (régions and France), on `threads` threads taking units in turn.
void dissolve(std::vector<unit>& units, unsigned threads) {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next++) < units.size();)
            if (units[i].country == "FRA") units[i].merged = cg::union_all(units[i].parts);
    };
    if (threads <= 1) {
        work();
        return;
    }
    // the biggest job (France) first, so that it does not end last on its own
    std::stable_partition(units.begin(), units.end(), [](const unit& u) { return u.code == "FRA"; });
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
}

void dissolve_regions(benchmark::State& state) {
    auto units = load_units();
    const unsigned threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        for (auto& u : units)
            if (u.country == "FRA") u.merged.clear();
        dissolve(units, threads);
        benchmark::DoNotOptimize(units.data());
    }
    state.SetLabel("13 regions + France from 96 departements, " + std::to_string(threads) + " thread(s)");
}
BENCHMARK(dissolve_regions)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void dissolve_france_from_regions(benchmark::State& state) {
    auto units = load_units();
    dissolve(units, 1);
    std::vector<cg::multi_polygon> regions;
    for (const auto& u : units)
        if (u.country == "FRA" && u.code != "FRA") regions.push_back(u.merged);
    for (auto _ : state) benchmark::DoNotOptimize(cg::union_all(regions).data());
    state.SetLabel("France as the union of the 13 dissolved regions");
}
BENCHMARK(dissolve_france_from_regions)->Unit(benchmark::kMillisecond)->UseRealTime();

void geodesic_areas(benchmark::State& state) {
    auto units = load_units();
    dissolve(units, 1);
    for (auto _ : state) {
        double total = 0;
        for (const auto& u : units) total += cg::geodesic_area(u.merged);
        benchmark::DoNotOptimize(total);
    }
}
BENCHMARK(geodesic_areas)->Unit(benchmark::kMillisecond)->UseRealTime();

// Edges split into equal pieces of at most `step` degrees (PostGIS ST_Segmentize): the
// area then follows straight lon/lat edges instead of geodesics.
cg::multi_polygon segmentize(const cg::multi_polygon& mp, double step) {
    auto ring = [&](const cg::ring& r) {
        cg::ring out;
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const double dx = r[i + 1].x - r[i].x, dy = r[i + 1].y - r[i].y;
            const int n = std::max(1, static_cast<int>(std::ceil(std::hypot(dx, dy) / step)));
            for (int k = 0; k < n; ++k) out.push_back({r[i].x + dx * k / n, r[i].y + dy * k / n});
        }
        if (!r.empty()) out.push_back(r.back());
        return out;
    };
    cg::multi_polygon out;
    for (const auto& poly : mp) {
        cg::polygon p{ring(poly.outer), {}};
        for (const auto& h : poly.inners) p.inners.push_back(ring(h));
        out.push_back(std::move(p));
    }
    return out;
}

int run_once(const std::string& out_path, unsigned threads) {
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    auto since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
    auto units = load_units();
    std::printf("TIME\tw2\tcoopatlas\t-\tload\t%.4f\n", since(t0));
    t0 = clock::now();
    dissolve(units, threads);
    std::printf("TIME\tw2\tcoopatlas\tall\tdissolve\t%.4f\n", since(t0));
    t0 = clock::now();
    std::string csv = "country,code,name,parts,crs,area_km2\n";
    std::stable_sort(units.begin(), units.end(), [](const unit& a, const unit& b) {
        auto rank = [](const unit& u) { return u.country != "FRA" ? 2 : u.code == "FRA" ? 1 : 0; };
        return rank(a) < rank(b);
    });
    for (const bool seg : {false, true}) {
        for (const auto& u : units) {
            char area[64];
            const double m2 = cg::geodesic_area(seg ? segmentize(u.merged, 0.01) : u.merged);
            std::snprintf(area, sizeof area, "%.3f", m2 / 1e6);
            csv += cio::csv_escape(u.country) + ',' + cio::csv_escape(u.code) + ',' + cio::csv_escape(u.name) + ',' +
                   std::to_string(u.merged.size()) + (seg ? ",geodesic+seg0.01," : ",geodesic,") + area + '\n';
        }
    }
    std::printf("TIME\tw2\tcoopatlas\tall\tareas\t%.4f\n", since(t0));
    cio::write_text_file(out_path, csv);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string w2_out;
    unsigned threads = 1;
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--w2-out=", 9) == 0) w2_out = argv[i] + 9;
        else if (std::strncmp(argv[i], "--threads=", 10) == 0) threads = static_cast<unsigned>(std::atoi(argv[i] + 10));
        else rest.push_back(argv[i]);
    }
    try {
        if (!w2_out.empty()) return run_once(w2_out, std::max(1u, threads));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dissolve_bench: %s\n", e.what());
        return 1;
    }
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
