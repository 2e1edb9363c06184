#include "cluster_statistics.hpp"
#include "input_layer.hpp"

#include <coopatlas/error.hpp>

#include <cmath>
#include <limits>
#include <numeric>

namespace coopatlas::cli {

void check_weights(const std::string& kind) {
    if (kind != "queen" && kind != "rook" && kind != "knn")
        throw input_error(diagnostic{{}, 0, 0, "weights", "unknown weights '" + kind + "'", "use queen, rook or knn"});
}

cluster_statistics compute_clusters(const std::vector<double>& all_values,
                                    const std::vector<geometry::geometry>& geometries,
                                    const std::vector<std::string>& labels, const feature_place& place,
                                    const cluster_options& options) {
    check_weights(options.weights);
    cluster_statistics s;
    // Units analysed: a finite value and a location.
    for (std::size_t i = 0; i < all_values.size(); ++i) {
        if (!std::isfinite(all_values[i]))
            ++s.without_value;
        else if (geometry::is_empty(geometries[i]))
            ++s.without_geometry;
        else
            s.kept.push_back(i);
    }
    for (std::size_t i : s.kept)
        s.values.push_back(all_values[i]);

    if (options.weights == "knn") {
        std::vector<geometry::point> points;
        for (std::size_t i : s.kept)
            points.push_back(analysis::representative_point(geometries[i]));
        s.weights = analysis::knn_weights(points, options.k);
    } else {
        std::vector<geometry::multi_polygon> units;
        for (std::size_t i : s.kept) {
            const auto* mp = std::get_if<geometry::multi_polygon>(&geometries[i]);
            if (!mp)
                throw input_error(diagnostic{place.path,
                                             place.where(i),
                                             0,
                                             {},
                                             "feature '" + labels[i] + "' is not a polygon: contiguity needs polygons",
                                             "use --weights knn for points"});
            units.push_back(*mp);
        }
        analysis::contiguity_options co;
        co.rule = options.weights == "rook" ? analysis::contiguity::rook : analysis::contiguity::queen;
        co.snap_tolerance = options.snap;
        s.weights = analysis::contiguity_weights(units, co);
    }
    if (!options.binary) s.weights.row_standardise();

    const auto& w = s.weights;
    s.global = analysis::moran(s.values, w, options.test);
    s.local = analysis::local_moran_statistics(s.values, w, options.test);
    s.gi = analysis::getis_ord_star(s.values, w);
    // Spatial lag of the field itself (the neighbours' mean with row-standardised
    // weights), easier to read on a map than the lag of the deviations.
    const double mean = std::accumulate(s.values.begin(), s.values.end(), 0.0) / static_cast<double>(s.values.size());
    s.lag.assign(s.values.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t m = 0; m < s.values.size(); ++m)
        if (!w.neighbours[m].empty())
            s.lag[m] = s.local.lag[m] + mean * std::accumulate(w.weights[m].begin(), w.weights[m].end(), 0.0);
    return s;
}

bool points_from_columns(const input_layer& in, const std::string& x_name, const std::string& y_name,
                         std::vector<geometry::geometry>& out) {
    auto find = [&](const std::string& given, std::initializer_list<const char*> names) -> std::size_t {
        if (!given.empty()) return in.field_index(given);
        for (const char* n : names)
            for (std::size_t i = 0; i < in.table.fields.size(); ++i)
                if (in.table.fields[i].name == n) return i;
        return in.table.fields.size();
    };
    const std::size_t x = find(x_name, {"lon", "longitude", "lng", "x"});
    const std::size_t y = find(y_name, {"lat", "latitude", "y"});
    if (x == in.table.fields.size() || y == in.table.fields.size()) return false;
    const auto xs = in.numeric(in.table.fields[x].name);
    const auto ys = in.numeric(in.table.fields[y].name);
    out.assign(xs.size(), std::monostate{});
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (std::isfinite(xs[i]) && std::isfinite(ys[i])) out[i] = geometry::point{xs[i], ys[i]};
    return true;
}

} // namespace coopatlas::cli
