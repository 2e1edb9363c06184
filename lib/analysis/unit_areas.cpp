#include "analysis/unit_areas.hpp"

#include "analysis/area_store.hpp"

#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/overlay.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <system_error>
#include <thread>

namespace coopatlas::analysis::detail {

namespace {

const geometry::multi_polygon* polygon_of(const model::entity& e) {
    const auto* poly = std::get_if<geometry::multi_polygon>(&e.geometry);
    return poly && !poly->empty() ? poly : nullptr;
}

unit_area area_of(const geometry::multi_polygon& poly) {
    unit_area out;
    if (geometry::is_valid(poly)) {
        out.km2 = geometry::geodesic_area(poly) / 1e6;
    } else {
        out.km2 = geometry::geodesic_area(geometry::make_valid(poly)) / 1e6;
        out.repaired = true;
    }
    return out;
}

// Below this many vertices measured, reading their areas back saves next to nothing.
constexpr std::size_t worth_storing = 20000;

// Below this many vertices in all a thread costs more than it saves (a polygon
// is validated and measured at roughly a microsecond per vertex).
constexpr std::size_t min_vertices_for_threads = 20000;

unsigned worker_count(std::size_t vertices, std::size_t polygons) {
    if (vertices < min_vertices_for_threads) return 1;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>({hw, 4, polygons}));
}

} // namespace

std::vector<unit_area> unit_areas(const std::vector<const model::entity*>& units) {
    std::vector<unit_area> out(units.size());
    std::vector<std::exception_ptr> errors(units.size());
    // largest polygons first, each worker taking the next one left: no worker is left
    // alone with Russia at the end
    std::vector<std::pair<std::size_t, std::size_t>> todo;  // (vertices, unit index)
    std::size_t vertices = 0;
    std::vector<std::size_t> counts(units.size(), 0);
    std::size_t in_all = 0;
    for (std::size_t i = 0; i < units.size(); ++i)
        if (const auto* poly = polygon_of(*units[i])) in_all += counts[i] = geometry::vertex_count(*poly);
    // a few small polygons are measured sooner than the kept areas are read (or their keys made)
    const bool between_runs = in_all >= worth_storing;
    stored_areas kept = between_runs ? read_stored_areas() : stored_areas{};
    std::vector<polygon_key> keys(between_runs ? units.size() : 0);
    for (std::size_t i = 0; i < units.size(); ++i)
        if (const auto* poly = polygon_of(*units[i])) {
            if (between_runs) {
                keys[i] = key_of(*poly);
                if (const auto it = kept.find(keys[i]); it != kept.end()) {
                    out[i] = it->second;
                    continue;
                }
            }
            todo.emplace_back(counts[i], i);
            vertices += counts[i];
        }
    std::stable_sort(todo.begin(), todo.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t k = next++; k < todo.size(); k = next++) {
            const std::size_t i = todo[k].second;
            try {
                out[i] = area_of(*polygon_of(*units[i]));
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const unsigned workers = worker_count(vertices, todo.size());
    {
        std::vector<std::jthread> helpers;
        helpers.reserve(workers);
        for (unsigned w = 1; w < workers; ++w) {
            try {
                helpers.emplace_back(work);
            } catch (const std::system_error&) {
                break;  // no thread to be had: the workers there are share the rest
            }
        }
        work();
    }
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    if (between_runs && vertices >= worth_storing) {
        for (const auto& [n, i] : todo)
            kept.emplace(keys[i], out[i]);
        store_areas(kept);
    }
    return out;
}

} // namespace coopatlas::analysis::detail
