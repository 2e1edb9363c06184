// Statistics of values and layers: classification, spatial clusters (Moran's I, local Moran
// and Gi*) and point-in-polygon counts. Each function makes the calls the matching
// command-line command makes (apps/coopatlas), with the GIL released while the library works.

#include "bindings.hpp"

#include "cluster_statistics.hpp"
#include "input_layer.hpp"

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/analysis/point_in_polygon.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

namespace coopatlas::python {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Values from Python as a contiguous array of doubles (numpy converts other dtypes).
using float_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// --- classify (coopatlas classify)

py::dict classification_dict(const std::vector<double>& values, const std::string& method_name, std::size_t k,
                             const std::optional<std::vector<double>>& breaks, const std::string& path,
                             const std::string& field) {
    if (k < 1 || k > 100) bad_argument("classes", "classes must be from 1 to 100, not " + std::to_string(k));
    const auto method = breaks && method_name.empty()
                            ? analysis::classification_method::user_defined
                            : analysis::parse_classification_method(method_name.empty() ? "quantiles" : method_name);
    std::vector<double> user;
    if (method == analysis::classification_method::user_defined) {
        if (!breaks) bad_argument("breaks", "the user method needs breaks", "e.g. breaks=[10, 25, 50]");
        user = *breaks;
    }
    const auto missing = static_cast<std::size_t>(
        std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }));
    if (missing == values.size())
        throw input_error(
            diagnostic{path,
                       0,
                       0,
                       field,
                       "field '" + field + "' has no numeric value in " + std::to_string(values.size()) + " features",
                       {}});
    const analysis::classification c = without_gil([&] { return analysis::classify(values, method, k, user); });
    std::vector<long long> classes(values.size(), 0);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i])) classes[i] = static_cast<long long>(c.class_of(values[i]) + 1);
    py::dict out;
    out["method"] = analysis::to_string(c.method);
    out["breaks"] = c.breaks;
    out["counts"] = c.counts;
    out["labels"] = c.labels;
    out["missing"] = missing;
    py::array_t<std::int64_t> cls(static_cast<py::ssize_t>(classes.size()));
    std::copy(classes.begin(), classes.end(), cls.mutable_data());
    out["classes"] = cls;
    py::array_t<double> vals(static_cast<py::ssize_t>(values.size()));
    if (!values.empty()) std::memcpy(vals.mutable_data(), values.data(), values.size() * sizeof(double));
    out["values"] = vals;
    return out;
}

std::vector<double> to_vector(const float_array& a) {
    if (a.ndim() != 1) bad_argument("values", "values must be one-dimensional");
    return {a.data(), a.data() + a.size()};
}

// Values of a column read as the command line reads a numeric field: numbers as they are,
// text through the strict number parser (a decimal comma accepted; empty, NA, NaN and
// null are missing).
std::vector<double> numeric_column(const py::list& values, const std::string& field, const std::string& source) {
    cli::input_layer in;
    in.path = source;
    in.table.name = source;
    in.table.add_field(field, io::field_def::type::text);
    for (const auto& v : values) {
        io::attribute a;
        if (v.is_none()) {
        } else if (py::isinstance<py::bool_>(v)) {
            a = static_cast<long long>(v.cast<bool>());
        } else if (py::isinstance<py::int_>(v)) {
            a = v.cast<long long>();
        } else if (py::isinstance<py::float_>(v)) {
            a = v.cast<double>();
        } else if (py::isinstance<py::str>(v)) {
            a = v.cast<std::string>();
        } else {
            a = py::str(v).cast<std::string>();
        }
        in.table.rows.push_back({std::move(a)});
    }
    return in.numeric(field);
}

// --- clusters (coopatlas clusters)

cli::cluster_options cluster_settings(const std::string& weights, std::size_t k, double snap, bool binary,
                                      std::size_t permutations, std::uint64_t seed, double significance) {
    cli::check_weights(weights);
    if (!std::isfinite(snap) || snap < 0) bad_argument("snap", "snap must be a number of degrees, at least 0");
    if (!std::isfinite(significance)) bad_argument("significance", "significance must be a finite number");
    cli::cluster_options o;
    o.weights = weights;
    o.k = k;
    o.snap = snap;
    o.binary = binary;
    o.test.permutations = permutations;
    o.test.seed = seed;
    o.test.significance = significance;
    return o;
}

py::dict cluster_dict(const cli::cluster_statistics& s, const std::vector<double>& all_values,
                      const std::vector<std::string>& labels, const std::string& field) {
    std::vector<std::size_t> position(all_values.size(), s.kept.size());
    for (std::size_t m = 0; m < s.kept.size(); ++m)
        position[s.kept[m]] = m;
    std::vector<double> lag, local_i, p, gi_z, gi_p;
    py::list quadrant, cluster;
    for (std::size_t i = 0; i < all_values.size(); ++i) {
        const std::size_t m = position[i];
        const bool in = m < s.kept.size();
        lag.push_back(in ? s.lag[m] : nan);
        local_i.push_back(in ? s.local.i[m] : nan);
        p.push_back(in ? s.local.p[m] : nan);
        gi_z.push_back(in ? s.gi.z[m] : nan);
        gi_p.push_back(in ? s.gi.p[m] : nan);
        quadrant.append(in ? py::object(py::str(analysis::to_string(s.local.quadrant[m]))) : py::object(py::none()));
        cluster.append(in ? py::object(py::str(analysis::to_string(s.local.cluster[m]))) : py::object(py::none()));
    }
    const auto& g = s.global;
    columns c;
    c.text("id", labels);
    c.real(field.c_str(), all_values);
    c.real("lag", lag);
    c.real("local_i", local_i);
    c.real("p_value", p);
    c.add("quadrant", quadrant);
    c.add("cluster", cluster);
    c.real("gi_z", gi_z);
    c.real("gi_p", gi_p);
    c.real("moran_i", std::vector<double>(all_values.size(), g.i));
    c.real("moran_z", std::vector<double>(all_values.size(), g.z_random));
    c.real("moran_p_sim", std::vector<double>(all_values.size(), g.p_permutation));

    py::dict moran;
    moran["n"] = g.n;
    moran["i"] = g.i;
    moran["expected"] = g.expected;
    moran["variance_normal"] = g.variance_normal;
    moran["variance_random"] = g.variance_random;
    moran["z_normal"] = g.z_normal;
    moran["z_random"] = g.z_random;
    moran["p_normal"] = g.p_normal;
    moran["p_random"] = g.p_random;
    moran["permutations"] = g.permutations;
    moran["p_permutation"] = g.p_permutation;
    moran["mean_permuted"] = g.mean_permuted;
    moran["z_permutation"] = g.z_permutation;
    moran["seed"] = g.seed;
    std::map<std::string, std::size_t> by_cluster;
    for (auto q : s.local.cluster)
        ++by_cluster[analysis::to_string(q)];
    py::list islands;
    for (std::size_t m : s.weights.islands())
        islands.append(labels[s.kept[m]]);
    py::dict meta;
    meta["field"] = field;
    meta["units"] = s.kept.size();
    meta["without_value"] = s.without_value;
    meta["without_geometry"] = s.without_geometry;
    meta["weights"] = s.weights.kind;
    meta["row_standardised"] = s.weights.row_standardised;
    meta["mean_neighbours"] = s.weights.mean_neighbours();
    meta["islands"] = islands;
    meta["moran"] = moran;
    meta["clusters"] = by_cluster;
    py::dict out;
    out["columns"] = c.dict();
    out["meta"] = meta;
    return out;
}

// --- point in polygon (coopatlas pip)

// The polygons of a layer, one per feature; a feature that is not areal holds an empty one
// (so that counts stay aligned with the rows) and is counted in not_areal.
std::vector<geometry::multi_polygon> areal_polygons(const io::feature_table& layer, std::size_t& not_areal) {
    std::vector<geometry::multi_polygon> polygons;
    polygons.reserve(layer.geometries.size());
    for (const auto& g : layer.geometries) {
        if (const auto* mp = std::get_if<geometry::multi_polygon>(&g)) {
            polygons.push_back(*mp);
        } else {
            polygons.emplace_back();
            ++not_areal;
        }
    }
    return polygons;
}

// Positions of the fields asked for (every field when fields is None); an unknown name raises InputError.
std::vector<std::size_t> field_positions(const io::feature_table& layer,
                                         const std::optional<std::vector<std::string>>& fields,
                                         const std::string& polygons_path) {
    std::vector<std::size_t> positions;
    if (fields) {
        for (const auto& name : *fields) {
            std::size_t k = 0;
            while (k < layer.fields.size() && layer.fields[k].name != name)
                ++k;
            if (k == layer.fields.size()) {
                std::string have;
                for (const auto& fd : layer.fields)
                    have += (have.empty() ? "" : ", ") + fd.name;
                throw input_error(
                    diagnostic{polygons_path, 0, 0, name, "no field named '" + name + "'", "fields are: " + have});
            }
            positions.push_back(k);
        }
    } else {
        for (std::size_t k = 0; k < layer.fields.size(); ++k)
            positions.push_back(k);
    }
    return positions;
}

struct pip_outcome {
    io::feature_table layer;
    std::vector<std::size_t> columns;
    analysis::point_counts counts;
    std::size_t points = 0, not_areal = 0;
};

pip_outcome count_points_in_polygons(const std::string& polygons_path, const std::string& points_path,
                                     const std::string& layer_name, const std::string& where, const std::string& x,
                                     const std::string& y, const std::optional<std::vector<std::string>>& fields,
                                     unsigned threads) {
    pip_outcome o;
    io::vector_read_options read;
    read.layer = layer_name;
    read.where = where;
    read.target_crs = "EPSG:4326";
    o.layer = io::read_vector(polygons_path, read);
    const auto polygons = areal_polygons(o.layer, o.not_areal);
    o.columns = field_positions(o.layer, fields, polygons_path);
    const analysis::polygon_index index(polygons);
    io::point_table_options popts;
    popts.x_column = x;
    popts.y_column = y;
    popts.threads = threads;
    const io::point_table pts = io::read_point_table(points_path, popts);
    o.counts = analysis::count_points(index, pts.points, threads);
    o.points = pts.points.size();
    return o;
}

// The fields asked for, with None for a missing value, then the count of each polygon.
columns pip_columns(const pip_outcome& r) {
    columns c;
    for (const std::size_t k : r.columns) {
        const auto& fd = r.layer.fields[k];
        py::list col;
        for (const auto& row : r.layer.rows)
            col.append(std::visit(
                [](const auto& v) -> py::object {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>)
                        return py::none();
                    else
                        return py::cast(v);
                },
                row[k]));
        c.add(fd.name.c_str(), col);
    }
    std::vector<long long> counts(r.counts.counts.begin(), r.counts.counts.end());
    c.integer("count", counts);
    return c;
}

py::dict pip(const std::string& polygons_path, const std::string& points_path, const std::string& layer_name,
             const std::string& where, const std::string& x, const std::string& y,
             const std::optional<std::vector<std::string>>& fields, unsigned threads, bool with_geometry) {
    const pip_outcome r = without_gil(
        [&] { return count_points_in_polygons(polygons_path, points_path, layer_name, where, x, y, fields, threads); });
    const columns c = pip_columns(r);
    py::dict meta;
    meta["points"] = r.points;
    meta["inside"] = r.points - r.counts.unmatched;
    meta["unmatched"] = r.counts.unmatched;
    meta["in_several"] = r.counts.in_several;
    meta["not_areal"] = r.not_areal;
    py::dict out;
    out["columns"] = c.dict();
    out["meta"] = meta;
    if (with_geometry) out["geometry"] = wkb_list(r.layer.geometries);
    return out;
}

// --- the module's functions

py::dict classify_values(const float_array& values, const std::string& method, std::size_t classes,
                         std::optional<std::vector<double>> breaks, const std::string& source,
                         const std::string& field) {
    return classification_dict(to_vector(values), method, classes, breaks, source, field);
}

py::dict classify_file(const std::string& path, const std::string& layer, const std::string& where,
                       const std::string& field, const std::string& method, std::size_t classes,
                       std::optional<std::vector<double>> breaks) {
    const auto values = without_gil([&] { return cli::input_layer::open(path, layer, where).numeric(field); });
    return classification_dict(values, method, classes, breaks, path, field);
}

struct layer_clusters {
    std::vector<double> values;
    std::vector<std::string> labels;
    std::vector<geometry::geometry> geometries;
    cli::cluster_statistics stats;
};

// A layer read as coopatlas clusters reads it: a layer without geometry is located by its x
// and y columns (a CSV).
layer_clusters clusters_of_layer(const std::string& path, const std::string& layer, const std::string& where,
                                 const std::string& field, const std::string& id, const std::string& x,
                                 const std::string& y, const cli::cluster_options& options) {
    layer_clusters o;
    const cli::input_layer in = cli::input_layer::open(path, layer, where);
    o.values = in.numeric(field);
    o.labels = in.labels(id);
    o.geometries = in.table.geometries;
    const bool no_geometry = std::all_of(o.geometries.begin(), o.geometries.end(),
                                         [](const geometry::geometry& g) { return geometry::is_empty(g); });
    if (no_geometry && !cli::points_from_columns(in, x, y, o.geometries))
        throw input_error(diagnostic{in.path,
                                     0,
                                     0,
                                     {},
                                     "the layer has no geometry",
                                     "give a layer with polygons or points, or x and y columns of a CSV"});
    o.stats = cli::compute_clusters(o.values, o.geometries, o.labels,
                                    {in.path, [&in](std::size_t i) { return in.where(i); }}, options);
    return o;
}

py::dict clusters_file(const std::string& path, const std::string& layer, const std::string& where,
                       const std::string& field, const std::string& id, const std::string& x, const std::string& y,
                       const std::string& weights, std::size_t k, double snap, bool binary, std::size_t permutations,
                       std::uint64_t seed, double significance, bool with_geometry) {
    const auto options = cluster_settings(weights, k, snap, binary, permutations, seed, significance);
    const layer_clusters r =
        without_gil([&] { return clusters_of_layer(path, layer, where, field, id, x, y, options); });
    py::dict out = cluster_dict(r.stats, r.values, r.labels, field);
    if (with_geometry) out["geometry"] = wkb_list(r.geometries);
    return out;
}

py::dict clusters_data(const float_array& values, const py::list& wkb, const std::vector<std::string>& labels,
                       const std::string& field, const std::string& weights, std::size_t k, double snap, bool binary,
                       std::size_t permutations, std::uint64_t seed, double significance) {
    const auto options = cluster_settings(weights, k, snap, binary, permutations, seed, significance);
    const std::vector<double> all = to_vector(values);
    if (wkb.size() != all.size() || labels.size() != all.size())
        bad_argument("values", "values, geometries and labels must have the same length");
    // The bytes are copied while the GIL is held; they are parsed without it.
    std::vector<std::string> blobs;
    for (const auto& g : wkb)
        blobs.push_back(g.is_none() ? std::string() : g.cast<std::string>());
    const auto stats = without_gil([&] {
        std::vector<geometry::geometry> geometries;
        for (const auto& b : blobs)
            geometries.push_back(b.empty() ? geometry::geometry{} : from_wkb(b));
        return cli::compute_clusters(all, geometries, labels,
                                     {{}, [](std::size_t i) { return static_cast<long>(i) + 1; }}, options);
    });
    return cluster_dict(stats, all, labels, field);
}

void bind_classification(py::module_& m) {
    m.def("classify", &classify_values, py::arg("values"), py::arg("method"), py::arg("classes"), py::arg("breaks"),
          py::arg("source") = "", py::arg("field") = "values",
          "Classifies values (NaN missing) as coopatlas classify does: method ('' = quantiles, or user with "
          "breaks), breaks, counts, labels, the 1-based class of each value (0 when missing).");
    m.def("classify_file", &classify_file, py::arg("path"), py::arg("layer"), py::arg("where"), py::arg("field"),
          py::arg("method"), py::arg("classes"), py::arg("breaks"),
          "Classifies a numeric field of a vector layer or CSV, read as coopatlas classify reads it.");
    m.def("numeric_column", &numeric_column, py::arg("values"), py::arg("field"), py::arg("source") = "",
          "Values of a column read as the command line reads a numeric field (decimal comma accepted; empty, NA, "
          "NaN and null missing); raises InputError naming the row for other text.");
}

void bind_clusters(py::module_& m) {
    m.def("clusters_file", &clusters_file, py::arg("path"), py::arg("layer"), py::arg("where"), py::arg("field"),
          py::arg("id"), py::arg("x"), py::arg("y"), py::arg("weights"), py::arg("k"), py::arg("snap"),
          py::arg("binary"), py::arg("permutations"), py::arg("seed"), py::arg("significance"), py::arg("geometry"),
          "Moran's I, local Moran and Gi* of a numeric field of a layer, read as coopatlas clusters reads it.");
    m.def("clusters_data", &clusters_data, py::arg("values"), py::arg("wkb"), py::arg("labels"), py::arg("field"),
          py::arg("weights"), py::arg("k"), py::arg("snap"), py::arg("binary"), py::arg("permutations"),
          py::arg("seed"), py::arg("significance"),
          "Moran's I, local Moran and Gi* of values located by WKB geometries (lon/lat).");
}

} // namespace

void bind_statistics(py::module_& m) {
    bind_classification(m);
    bind_clusters(m);
    m.def("pip", &pip, py::arg("polygons"), py::arg("points"), py::arg("layer"), py::arg("where"), py::arg("x"),
          py::arg("y"), py::arg("fields"), py::arg("threads"), py::arg("geometry"),
          "Points of a CSV strictly inside each polygon of a layer (coopatlas pip).");
}

} // namespace coopatlas::python
