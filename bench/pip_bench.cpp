// W1 point-in-polygon: 10^6 fixed-seed random points (lon -18..10, lat 20..52) against the
// 113 study polygons (Natural Earth admin-1 of France, Morocco, Western Sahara).
// Stages of `coopatlas pip`, one and two threads, plus two in-process baselines on the
// same data: the peers' Boost.Geometry program (R-tree of envelopes + within) and GEOS
// prepared geometries.

#include "bench_data.hpp"

#include <coopatlas/analysis/point_in_polygon.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include <benchmark/benchmark.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <geos_c.h>

#include <memory>

namespace cb = coopatlas::bench;
namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;

namespace {

const std::vector<cg::point>& points_1e6() {
    static const std::vector<cg::point> pts = coopatlas::io::read_point_table(cb::data_file("points_1e6.csv")).points;
    return pts;
}

void read_points(benchmark::State& state) {
    coopatlas::io::point_table_options o;
    o.threads = static_cast<unsigned>(state.range(0));
    const std::string path = cb::data_file("points_1e6.csv");
    for (auto _ : state) benchmark::DoNotOptimize(coopatlas::io::read_point_table(path, o).points.data());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 1'000'000);
}
BENCHMARK(read_points)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void build_index(benchmark::State& state) {
    const auto& polys = cb::study_geometries();
    ca::polygon_index_options o;
    o.use_grid = state.range(0) != 0;
    for (auto _ : state) {
        ca::polygon_index index(polys, o);
        benchmark::DoNotOptimize(index.size());
    }
    state.SetLabel(o.use_grid ? "R-tree + edge bands + lookup grid" : "R-tree + edge bands");
}
BENCHMARK(build_index)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// args: grid on/off, threads
void count(benchmark::State& state) {
    const auto& pts = points_1e6();
    ca::polygon_index_options o;
    o.use_grid = state.range(0) != 0;
    const ca::polygon_index index(cb::study_geometries(), o);
    const unsigned threads = static_cast<unsigned>(state.range(1));
    std::uint64_t inside = 0;
    for (auto _ : state) {
        const auto c = ca::count_points(index, pts, threads);
        inside = pts.size() - c.unmatched;
        benchmark::DoNotOptimize(c.counts.data());
    }
    state.counters["inside"] = static_cast<double>(inside);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pts.size()));
    state.SetLabel(std::string(o.use_grid ? "grid" : "rtree") + ", " + std::to_string(threads) + " thread(s), " +
                   std::to_string(index.grid_columns()) + "x" + std::to_string(index.grid_rows()) + " cells");
}
BENCHMARK(count)->Args({1, 1})->Args({1, 2})->Args({0, 1})->Args({0, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole workload in process: read polygons, index, read the CSV, count.
void w1_in_process(benchmark::State& state) {
    const std::string csv = cb::data_file("points_1e6.csv");
    const std::string gpkg = cb::data_file("study.gpkg");
    const unsigned threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        coopatlas::io::vector_read_options vo;
        vo.layer = "study";
        const auto layer = coopatlas::io::read_vector(gpkg, vo);
        std::vector<cg::multi_polygon> polys;
        for (const auto& g : layer.geometries) polys.push_back(std::get<cg::multi_polygon>(g));
        const ca::polygon_index index(polys);
        coopatlas::io::point_table_options po;
        po.threads = threads;
        const auto pts = coopatlas::io::read_point_table(csv, po);
        benchmark::DoNotOptimize(ca::count_points(index, pts.points, threads).counts.data());
    }
}
BENCHMARK(w1_in_process)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- baseline 1: the peers' Boost.Geometry program (peers/w1_boost.cpp), single thread
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using bpt = bg::model::d2::point_xy<double>;
using bmpoly = bg::model::multi_polygon<bg::model::polygon<bpt>>;
using bbox = bg::model::box<bpt>;

void boost_within(benchmark::State& state) {
    std::vector<bmpoly> units;
    bgi::rtree<std::pair<bbox, std::size_t>, bgi::quadratic<16>> tree;
    for (const auto& mp : cb::study_geometries()) {
        bmpoly b;
        for (const auto& poly : mp) {
            bg::model::polygon<bpt> p;
            for (const auto& q : poly.outer) p.outer().emplace_back(q.x, q.y);
            for (const auto& h : poly.inners) {
                p.inners().emplace_back();
                for (const auto& q : h) p.inners().back().emplace_back(q.x, q.y);
            }
            b.push_back(std::move(p));
        }
        bg::correct(b);
        const cg::box e = cg::envelope(mp);  // the same box as bg::return_envelope, without its GCC 12 warning
        tree.insert({bbox(bpt(e.min_x, e.min_y), bpt(e.max_x, e.max_y)), units.size()});
        units.push_back(std::move(b));
    }
    std::vector<bpt> pts;
    for (const auto& p : points_1e6()) pts.emplace_back(p.x, p.y);
    std::vector<long> counts(units.size());
    for (auto _ : state) {
        std::fill(counts.begin(), counts.end(), 0);
        std::vector<std::pair<bbox, std::size_t>> cand;
        for (const bpt& p : pts) {
            cand.clear();
            tree.query(bgi::intersects(p), std::back_inserter(cand));
            for (const auto& c : cand)
                if (bg::within(p, units[c.second])) ++counts[c.second];
        }
        benchmark::DoNotOptimize(counts.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pts.size()));
    state.SetLabel("peers' Boost program: rtree<quadratic<16>> of envelopes + within, 1 thread");
}
BENCHMARK(boost_within)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- baseline 2: GEOS prepared geometries (envelope pre-filter from our own R-tree query)
struct geos_handle {
    GEOSContextHandle_t h = GEOS_init_r();
    ~geos_handle() { GEOS_finish_r(h); }
};

GEOSGeometry* to_geos_ring(GEOSContextHandle_t h, const cg::ring& r) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(r.size()), 2);
    for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, r[i].x, r[i].y);
    return GEOSGeom_createLinearRing_r(h, seq);
}

void geos_prepared(benchmark::State& state) {
    geos_handle ctx;
    const auto h = ctx.h;
    std::vector<GEOSGeometry*> geoms;
    std::vector<const GEOSPreparedGeometry*> prepared;
    for (const auto& mp : cb::study_geometries()) {
        std::vector<GEOSGeometry*> parts;
        for (const auto& poly : mp) {
            std::vector<GEOSGeometry*> holes;
            for (const auto& r : poly.inners) holes.push_back(to_geos_ring(h, r));
            parts.push_back(GEOSGeom_createPolygon_r(h, to_geos_ring(h, poly.outer), holes.data(),
                                                     static_cast<unsigned>(holes.size())));
        }
        geoms.push_back(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())));
        prepared.push_back(GEOSPrepare_r(h, geoms.back()));
    }
    ca::polygon_index_options no_grid;
    no_grid.use_grid = false;
    const ca::polygon_index index(cb::study_geometries(), no_grid);
    const auto& all = points_1e6();
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    std::vector<std::uint64_t> counts(prepared.size());
    for (auto _ : state) {
        std::fill(counts.begin(), counts.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& p = all[i];
            const auto cand = index.candidates(cg::box{p.x, p.y, p.x, p.y});
            if (cand.empty()) continue;
            GEOSGeometry* gp = GEOSGeom_createPointFromXY_r(h, p.x, p.y);
            for (const std::size_t k : cand) counts[k] += GEOSPreparedContains_r(h, prepared[k], gp) == 1;
            GEOSGeom_destroy_r(h, gp);
        }
        benchmark::DoNotOptimize(counts.data());
    }
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
    for (auto* g : geoms) GEOSGeom_destroy_r(h, g);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetLabel("GEOS 3.11 prepared contains + R-tree envelope filter, 1 thread");
}
BENCHMARK(geos_prepared)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
