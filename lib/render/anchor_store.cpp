#include "render/anchor_store.hpp"

#include "render/view.hpp"

#include <geos_c.h>

#include <cmath>
#include <mutex>
#include <string>

namespace coopatlas::render::detail {

namespace {

constexpr const char* extension = ".anchors";

// The rules of anchor_point are part of the key: a change to them must change it.
std::string store_key() {
    return std::string("label anchors\npole: largest part, inscribed circle to 1/100 of its extent\n"
                       "surface: point on surface\nGEOS ") +
           GEOSversion();
}

// Below this many vertices found in a layout, a file saves next to nothing (finding the
// anchors of polygons of 1,000 vertices takes some milliseconds; the file, a fraction of one).
constexpr std::size_t worth_storing = 1000;

bool known(const geometry::point& p) {
    return !std::isnan(p.x);
}

} // namespace

stored_anchors read_stored_anchors() {
    return analysis::detail::read_polygon_values<polygon_anchors>(store_key, extension, 4 * sizeof(double),
                                                                  [](io::detail::byte_reader& r) {
                                                                      polygon_anchors a;
                                                                      a.pole = {r.f64(), r.f64()};
                                                                      a.surface = {r.f64(), r.f64()};
                                                                      return a;
                                                                  });
}

void store_anchors(const stored_anchors& anchors) noexcept {
    analysis::detail::write_polygon_values(store_key, extension, anchors, most_anchors_stored,
                                           [](io::detail::byte_writer& w, const polygon_anchors& a) {
                                               w.f64(a.pole.x);
                                               w.f64(a.pole.y);
                                               w.f64(a.surface.x);
                                               w.f64(a.surface.y);
                                           });
}

std::optional<geometry::point> anchor_memo::anchor(const geometry::geometry& g, bool pole) {
    const auto* mp = std::get_if<geometry::multi_polygon>(&g);
    if (!mp || geometry::vertex_count(*mp) < anchor_store_min_vertices) return anchor_point(g, pole);
    if (!read_) {
        read_ = true;
        kept_ = read_stored_anchors();
    }
    auto key = keys_.find(mp);
    if (key == keys_.end()) key = keys_.emplace(mp, analysis::detail::key_of(*mp)).first;
    polygon_anchors& slot = kept_[key->second];
    geometry::point& p = pole ? slot.pole : slot.surface;
    if (known(p)) return p;
    const auto found = anchor_point(g, pole);
    if (!found || !known(*found)) return found;
    p = *found;
    ++found_;
    found_vertices_ += key->second.vertices;
    return p;
}

void anchor_memo::keep() noexcept {
    if (found_vertices_ < worth_storing) return;
    try {
        // Two maps laid out at once keep their anchors in turn, each adding to the other's.
        static std::mutex keeping;
        const std::lock_guard lock(keeping);
        stored_anchors merged = read_stored_anchors();
        for (const auto& [k, a] : kept_) {
            polygon_anchors& m = merged[k];
            if (known(a.pole)) m.pole = a.pole;
            if (known(a.surface)) m.surface = a.surface;
        }
        store_anchors(merged);
        found_vertices_ = 0;
    } catch (...) {
        // the next run finds the anchors again
    }
}

} // namespace coopatlas::render::detail
