#include "model/spatial_index.hpp"

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <utility>

namespace coopatlas::model::detail {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using bpoint = bg::model::point<double, 2, bg::cs::cartesian>;
using bbox = bg::model::box<bpoint>;
using value = std::pair<bbox, std::size_t>;

struct spatial_index::impl {
    bgi::rtree<value, bgi::rstar<16>> tree;
};

namespace {
bbox to_box(const geometry::box& b) { return bbox(bpoint(b.min_x, b.min_y), bpoint(b.max_x, b.max_y)); }
} // namespace

spatial_index::spatial_index(const std::vector<item>& items) {
    std::vector<value> values;
    values.reserve(items.size());
    for (const auto& it : items)
        if (!it.bounds.empty()) values.emplace_back(to_box(it.bounds), it.value);
    // the range constructor bulk-loads (packing algorithm): faster queries than inserts
    impl_ = std::make_unique<impl>(impl{bgi::rtree<value, bgi::rstar<16>>(values.begin(), values.end())});
}

spatial_index::~spatial_index() = default;

void spatial_index::query(const geometry::point& p, std::vector<std::size_t>& out) const {
    out.clear();
    for (auto it = impl_->tree.qbegin(bgi::intersects(bbox(bpoint(p.x, p.y), bpoint(p.x, p.y)))); it != impl_->tree.qend(); ++it)
        out.push_back(it->second);
}

void spatial_index::query(const geometry::box& b, std::vector<std::size_t>& out) const {
    out.clear();
    for (auto it = impl_->tree.qbegin(bgi::intersects(to_box(b))); it != impl_->tree.qend(); ++it)
        out.push_back(it->second);
}

} // namespace coopatlas::model::detail
