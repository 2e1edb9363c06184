#include "density_points.hpp"

#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace coopatlas::cli {

namespace {

// geometry::box::expand is not exported from the library: the same, inline
void grow(geometry::box& b, const geometry::point& p) {
    b.min_x = std::min(b.min_x, p.x);
    b.min_y = std::min(b.min_y, p.y);
    b.max_x = std::max(b.max_x, p.x);
    b.max_y = std::max(b.max_y, p.y);
}
void grow(geometry::box& b, const geometry::box& other) {
    if (other.empty()) return;
    grow(b, geometry::point{other.min_x, other.min_y});
    grow(b, geometry::point{other.max_x, other.max_y});
}

} // namespace

point_input points_from_file(const std::string& path, const std::string& x_column, const std::string& y_column,
                             const std::string& weight_column) {
    point_input in;
    io::point_table_options o;
    o.x_column = x_column;
    o.y_column = y_column;
    o.weight_column = weight_column;
    auto table = io::read_point_table(path, o);
    in.lonlat = std::move(table.points);
    in.weights = std::move(table.weights);
    in.what = path + (o.weight_column.empty() ? "" : " weighted by " + table.weight_column);
    in.inputs.push_back(path);
    return in;
}

point_input partnership_ends(const model::atlas& atlas, const analysis::filter& f, const std::string& weight) {
    if (!weight.empty() && weight != "count")
        throw error("--weight with the atlas's partnerships takes 'count' (the record's count field), not '" + weight +
                    "'");
    point_input in;
    for (const auto* p : analysis::select(atlas, f)) {
        for (const model::party* side : {&p->a, &p->b}) {
            if (side->empty()) continue;
            ++in.ends;
            const auto at = analysis::representative_point(atlas, atlas.at(side->entity_id));
            if (!at) {
                ++in.without_location;
                continue;
            }
            in.lonlat.push_back(*at);
            if (!weight.empty()) in.weights.push_back(p->count);
        }
    }
    in.what = "partnership ends (" + f.describe() + ")" + (weight.empty() ? "" : " weighted by count");
    return in;
}

// Lambert azimuthal equal-area centred on the points (their median longitude and latitude,
// so that a few far-away ends do not pull the centre): equal-area everywhere, least
// distortion where most points are.
std::string default_crs(const std::vector<geometry::point>& lonlat) {
    std::vector<double> xs, ys;
    for (const auto& p : lonlat)
        if (std::abs(p.x) <= 180 && std::abs(p.y) <= 90) {  // finite and on the globe
            xs.push_back(p.x);
            ys.push_back(p.y);
        }
    double lon = 0, lat = 0;
    if (!xs.empty()) {
        std::nth_element(xs.begin(), xs.begin() + static_cast<long>(xs.size() / 2), xs.end());
        std::nth_element(ys.begin(), ys.begin() + static_cast<long>(ys.size() / 2), ys.end());
        lon = xs[xs.size() / 2];
        lat = ys[ys.size() / 2];
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%.2f +lon_0=%.2f +datum=WGS84 +units=m +no_defs", lat, lon);
    return buf;
}

geometry::box layer_extent(const std::string& path, const std::string& layer, const geometry::projection& proj) {
    io::vector_read_options o;
    o.layer = layer;
    o.target_crs = "EPSG:4326";
    const auto table = io::read_vector(path, o);
    geometry::box b;
    for (const auto& g : table.geometries)
        grow(b, geometry::envelope(geometry::transform(g, proj)));
    if (b.empty()) throw error("--extent-from '" + path + "' has no geometry");
    return b;
}

points_extent_result points_extent(const std::vector<geometry::point>& projected, double pad,
                                   double outlier_factor) {
    std::vector<geometry::point> usable;
    for (const auto& p : projected)
        if (std::isfinite(p.x) && std::isfinite(p.y)) usable.push_back(p);
    if (usable.empty()) throw error("no point to take the extent from; give --extent or --extent-from");
    auto median = [](std::vector<double> v) {
        const auto mid = v.begin() + static_cast<long>(v.size() / 2);
        std::nth_element(v.begin(), mid, v.end());
        double m = *mid;
        if (v.size() % 2 == 0) m = (m + *std::max_element(v.begin(), mid)) / 2;
        return m;
    };
    std::vector<double> xs, ys, distances;
    for (const auto& p : usable) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    const double cx = median(xs), cy = median(ys);
    for (const auto& p : usable) distances.push_back(std::hypot(p.x - cx, p.y - cy));
    points_extent_result e;
    e.median_distance = median(distances);
    const bool trim = outlier_factor > 0 && e.median_distance > 0;
    for (std::size_t i = 0; i < usable.size(); ++i) {
        grow(e.all, usable[i]);
        if (trim && distances[i] > outlier_factor * e.median_distance)
            ++e.left_out;
        else
            grow(e.box, usable[i]);
    }
    for (auto* b : {&e.box, &e.all}) {
        b->min_x -= pad;
        b->min_y -= pad;
        b->max_x += pad;
        b->max_y += pad;
    }
    return e;
}

void finite_points(const std::vector<geometry::point>& projected, const std::vector<double>& weights,
                   std::vector<geometry::point>& usable, std::vector<double>& usable_weights) {
    usable.clear();
    usable_weights.clear();
    usable.reserve(projected.size());
    for (std::size_t i = 0; i < projected.size(); ++i) {
        if (!std::isfinite(projected[i].x) || !std::isfinite(projected[i].y)) continue;
        usable.push_back(projected[i]);
        if (!weights.empty()) usable_weights.push_back(weights[i]);
    }
}

} // namespace coopatlas::cli
