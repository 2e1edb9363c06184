#include "cluster_statistics.hpp"
#include "command.hpp"
#include "input_layer.hpp"
#include "option_value.hpp"
#include "output_options.hpp"
#include "text_table.hpp"

#include <coopatlas/analysis/autocorrelation.hpp>
#include <coopatlas/analysis/weights.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>

namespace coopatlas::cli {

namespace {

std::string number(double v, const char* format = "%.6g") {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

double number_or(const arguments& args, const char* name, double fallback) {
    return args.has(name) ? number_option(name, args.get(name)) : fallback;
}

// A count or a seed: a whole number of at least 0.
std::uint64_t whole_or(const arguments& args, const char* name, std::uint64_t fallback) {
    if (!args.has(name)) return fallback;
    return static_cast<std::uint64_t>(whole_option(name, args.get(name), 0, std::numeric_limits<long long>::max()));
}

std::string global_line(const analysis::global_moran& g) {
    std::string s = "global Moran's I = " + number(g.i, "%.4f") + "  E[I] = " + number(g.expected, "%.4f") +
                    "  z (randomisation) = " + number(g.z_random, "%.3f") + "  p = " + number(g.p_random, "%.3g") +
                    "  z (normality) = " + number(g.z_normal, "%.3f");
    if (g.permutations > 0)
        s += "\n  permutation test: pseudo p = " + number(g.p_permutation, "%.3g") + " (" +
             std::to_string(g.permutations) + " permutations, seed " + std::to_string(g.seed) +
             "), z = " + number(g.z_permutation, "%.3f");
    return s;
}

// What the command line asks for, checked before any work: the field, the weights, the
// tests and where the statistics go.
struct clusters_request {
    std::string field;
    std::string kind; // of weights: queen, rook or knn
    analysis::autocorrelation_options options;
    std::size_t k = 0;
    double snap = 0;
    bool binary = false;
    io::vector_write_options write;
    std::string path; // --output
    bool plain_csv = false;
};

clusters_request read_request(const arguments& args) {
    if (!args.has("field"))
        throw usage_error("no field to analyse \xE2\x80\x94 add --field NAME (a numeric field of the input)");
    clusters_request r;
    r.field = args.get("field");
    r.kind = args.get("weights", "queen");
    check_weights(r.kind);
    analysis::autocorrelation_options& options = r.options;
    options.permutations = static_cast<std::size_t>(whole_or(args, "permutations", 999));
    options.seed = whole_or(args, "seed", options.seed);
    options.significance = number_or(args, "significance", 0.05);
    if (!(options.significance > 0 && options.significance < 1))
        throw error("--significance '" + args.get("significance") +
                    "' must be a probability between 0 and 1, both excluded (e.g. 0.05)");
    r.k = static_cast<std::size_t>(whole_or(args, "k", 6));
    r.snap = number_or(args, "snap", 0.0);
    r.binary = args.has("binary");

    r.write = write_options(args);
    r.path = args.get("output");
    r.plain_csv = io::writes_plain_csv(r.path, r.write.format);
    protect(r.write, args.get("input"), args.get("layer"));
    if (args.has("output")) io::check_vector_output(r.path, r.write, "clusters", r.plain_csv);
    return r;
}

// Every feature of the input, in input order: its value, its label and its location.
struct clusters_input {
    input_layer in;
    std::vector<double> all_values;
    std::vector<std::string> labels;
    std::vector<geometry::geometry> geometries;
};

clusters_input read_units(const arguments& args, const std::string& field) {
    clusters_input u{input_layer::read(args, "clusters"), {}, {}, {}};
    const input_layer& in = u.in;
    u.all_values = in.numeric(field);
    u.labels = in.labels(args.get("id"));
    u.geometries = in.table.geometries;
    const bool no_geometry = std::all_of(u.geometries.begin(), u.geometries.end(),
                                         [](const geometry::geometry& g) { return geometry::is_empty(g); });
    if (no_geometry && !points_from_columns(in, args.get("x"), args.get("y"), u.geometries))
        throw input_error(diagnostic{in.path,
                                     0,
                                     0,
                                     {},
                                     "the layer has no geometry",
                                     "give a layer with polygons or points, or --x and --y columns of a CSV"});
    return u;
}

cluster_statistics compute(const clusters_request& request, const clusters_input& units) {
    cluster_options co;
    co.weights = request.kind;
    co.k = request.k;
    co.snap = request.snap;
    co.binary = request.binary;
    co.test = request.options;
    const input_layer& in = units.in;
    return compute_clusters(units.all_values, units.geometries, units.labels,
                            {in.path, [&in](std::size_t i) { return in.where(i); }}, co);
}

// The units, the weights, the global test and the count of each local cluster type.
void print_summary(const clusters_request& request, const clusters_input& units, const cluster_statistics& s,
                   std::ostream& out, std::ostream& err) {
    const auto& kept = s.kept;
    const auto& w = s.weights;
    const auto& options = request.options;
    const std::vector<std::size_t> islands = w.islands();

    out << "clusters of '" << request.field << "' in " << units.in.path << ": " << kept.size() << " units";
    if (s.without_value) out << ", " << s.without_value << " without a value";
    if (s.without_geometry) out << ", " << s.without_geometry << " without geometry";
    out << "\nweights: " << w.kind << (request.kind == "knn" ? " (geodesic)" : " contiguity")
        << (request.snap > 0 && request.kind != "knn" ? ", snapping " + number(request.snap) + "°" : std::string())
        << (w.row_standardised ? ", row-standardised" : ", binary") << "; mean neighbours "
        << number(w.mean_neighbours(), "%.2f") << ", islands " << islands.size();
    for (std::size_t m = 0; m < islands.size() && m < 5; ++m)
        out << (m ? ", " : " (") << units.labels[kept[islands[m]]];
    if (!islands.empty()) out << (islands.size() > 5 ? ", …)" : ")");
    out << '\n' << global_line(s.global) << '\n';

    std::map<analysis::lisa_quadrant, std::size_t> by_cluster;
    for (auto c : s.local.cluster)
        ++by_cluster[c];
    out << "local Moran (p <= " << number(options.significance) << ", " << options.permutations
        << " conditional permutations, seed " << options.seed << "): HH "
        << by_cluster[analysis::lisa_quadrant::high_high] << ", LL " << by_cluster[analysis::lisa_quadrant::low_low]
        << ", HL " << by_cluster[analysis::lisa_quadrant::high_low] << ", LH "
        << by_cluster[analysis::lisa_quadrant::low_high] << ", not significant "
        << by_cluster[analysis::lisa_quadrant::not_significant] << '\n';
    if (options.permutations > 0 && options.permutations < 99)
        err << "note: with fewer than 99 permutations the smallest pseudo p-value is "
            << number(1.0 / static_cast<double>(options.permutations + 1)) << '\n';
}

// A statistic's cell, empty where it is not a number.
io::attribute real(double v) {
    return std::isfinite(v) ? io::attribute{v} : io::attribute{};
}

// The statistics' fields, after the unit's own.
void add_statistics_fields(io::feature_table& t) {
    using ft = io::field_def::type;
    for (const char* name : {"lag", "local_i", "p_value"})
        t.add_field(name, ft::real);
    t.add_field("quadrant", ft::text);
    t.add_field("cluster", ft::text);
    for (const char* name : {"gi_z", "gi_p", "moran_i", "moran_z", "moran_p_sim"})
        t.add_field(name, ft::real);
}

// The statistics of the unit at position m of the kept units, appended to its row; a
// feature left out (m past the kept units) gets empty statistics, and the global ones.
void append_statistics(std::vector<io::attribute>& row, const cluster_statistics& s, std::size_t m) {
    const auto& l = s.local;
    const auto& g = s.global;
    if (m < s.kept.size())
        row.insert(row.end(),
                   {real(s.lag[m]), real(l.i[m]), real(l.p[m]), io::attribute{analysis::to_string(l.quadrant[m])},
                    io::attribute{analysis::to_string(l.cluster[m])}, real(s.gi.z[m]), real(s.gi.p[m])});
    else
        row.resize(row.size() + 7);
    row.insert(row.end(), {real(g.i), real(g.z_random), real(g.p_permutation)});
}

// A CSV table keyed by the unit label: the field, then the statistics.
io::feature_table unit_table(const std::string& field, const clusters_input& units, const cluster_statistics& s,
                             const std::vector<std::size_t>& position) {
    using ft = io::field_def::type;
    io::feature_table t;
    t.name = "clusters";
    t.add_field("id", ft::text);
    t.add_field(field, ft::real);
    add_statistics_fields(t);
    for (std::size_t i = 0; i < units.all_values.size(); ++i) {
        std::vector<io::attribute> row = {units.labels[i], real(units.all_values[i])};
        append_statistics(row, s, position[i]);
        t.rows.push_back(std::move(row));
        t.geometries.emplace_back();
    }
    return t;
}

// The input features, with the statistics after their own fields.
io::feature_table features_with_statistics(const clusters_input& units, const cluster_statistics& s,
                                           const std::vector<std::size_t>& position) {
    io::feature_table t = units.in.table;
    t.name = "clusters";
    t.geometries = units.geometries;
    add_statistics_fields(t);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        append_statistics(t.rows[i], s, position[i]);
    return t;
}

void write_clusters(clusters_request& request, const clusters_input& units, const cluster_statistics& s,
                    std::ostream& out, std::ostream& err) {
    const auto& kept = s.kept;
    // Per feature, in input order; features left out get empty statistics.
    std::vector<std::size_t> position(units.all_values.size(), kept.size());
    for (std::size_t m = 0; m < kept.size(); ++m)
        position[kept[m]] = m;
    io::write_result written;
    if (request.plain_csv) {
        written = io::write_table(request.path, unit_table(request.field, units, s, position), request.write);
    } else {
        const io::feature_table t = features_with_statistics(units, s, position);
        request.write.style = lisa_style();
        written = io::write_vector(request.path, t, request.write);
    }
    for (const auto& note : written.notes)
        err << "note: " << note << '\n';
    out << "wrote " << request.path << (request.plain_csv ? std::string() : " (layer " + written.layer + ")") << '\n';
}

// Terminal: the significant units, strongest first.
void print_significant_units(const std::string& field, const std::vector<std::string>& labels,
                             const cluster_statistics& s, std::ostream& out) {
    const auto& kept = s.kept;
    const auto& l = s.local;
    std::vector<std::size_t> significant;
    for (std::size_t m = 0; m < kept.size(); ++m)
        if (l.cluster[m] != analysis::lisa_quadrant::not_significant && l.cluster[m] != analysis::lisa_quadrant::island)
            significant.push_back(m);
    std::stable_sort(significant.begin(), significant.end(), [&](std::size_t a, std::size_t b) {
        return l.cluster[a] != l.cluster[b] ? l.cluster[a] < l.cluster[b] : l.p[a] < l.p[b];
    });
    if (significant.empty()) {
        out << "no significant local cluster\n";
        return;
    }
    const std::size_t limit = 40;
    out << '\n';
    text_table table({"unit", field, "local I", "p", "cluster", "Gi* z"}, {false, true, true, true, false, true});
    for (std::size_t r = 0; r < significant.size() && r < limit; ++r) {
        const std::size_t m = significant[r];
        table.add({labels[kept[m]], number(s.values[m], "%.6g"), number(l.i[m], "%.4f"), number(l.p[m], "%.3f"),
                   analysis::to_string(l.cluster[m]), number(s.gi.z[m], "%.3f")});
    }
    table.print(out);
    if (significant.size() > limit)
        out << "  … and " << significant.size() - limit << " more (write them all with --output FILE.csv)\n";
}

} // namespace

const char* clusters_usage() {
    return "usage: coopatlas clusters --input FILE [--layer L] [--where SQL] --field NAME [--id FIELD]\n"
           "                          [--weights queen|rook|knn] [--k 6] [--snap DEG] [--binary]\n"
           "                          [--permutations 999] [--seed N] [--significance 0.05] [--output FILE]\n\n"
           "Spatial clustering of a numeric field (a coverage share, a density, ...):\n"
           "  - global Moran's I with its expectation, z-scores under normality and\n"
           "    randomisation, and a permutation pseudo p-value (M + 1) / (P + 1);\n"
           "  - local Moran (LISA) per unit: local I, conditional permutation pseudo\n"
           "    p-value, and the cluster type HH (hot spot), LL (cold spot), HL and LH\n"
           "    (spatial outliers) when p <= the significance level, else ns;\n"
           "  - Getis-Ord Gi* z-score per unit (binary weights, the unit included).\n"
           "Units without a value or a location are left out (reported); units without a\n"
           "neighbour are islands. Permutations are drawn from a 64-bit Mersenne Twister\n"
           "seeded with --seed, so the same input and seed give the same p-values.\n\n"
           "  --input FILE         layer to read (polygons for contiguity; points or polygons for knn;\n"
           "                       a CSV with lon/lat columns works with knn)\n"
           "  --layer L            layer name (default: the first)\n"
           "  --where SQL          OGR SQL attribute filter\n"
           "  --field NAME         numeric field analysed\n"
           "  --id FIELD           field naming the units in reports (default: id, else name)\n"
           "  --weights W          queen (default): polygons sharing a boundary point; rook: sharing\n"
           "                       a border of positive length; knn: k nearest by geodesic distance\n"
           "                       between representative points (point on surface of polygons)\n"
           "  --k K                neighbours for knn (default: 6)\n"
           "  --snap DEG           snapping tolerance in degrees for borders that do not match\n"
           "                       exactly (default: 0, exact topology; 1e-4 is about 10 m)\n"
           "  --binary             keep binary weights (default: row-standardised for Moran and LISA)\n"
           "  --permutations P     permutations for the pseudo p-values (default: 999; 0 = none)\n"
           "  --seed N             seed of the permutations (default: 12345)\n"
           "  --significance A     pseudo p-value at or below which a LISA is reported (default: 0.05)\n"
           "  --x COL, --y COL     coordinate columns of a CSV (default: lon/longitude, lat/latitude)\n"
           "  --output DATASET     per unit: lag (spatial lag of the field: the neighbours' mean when\n"
           "                       row-standardised), local_i, p_value, quadrant, cluster, gi_z, gi_p and the\n"
           "                       global moran_i, moran_z, moran_p_sim; .csv or '-' gives a table keyed by\n"
           "                       the unit label, other formats (.gpkg, .geojson, .shp, PG:...) keep the\n"
           "                       features (layer 'clusters'), styled by cluster for QGIS\n"
           "  --format, --layer-name, --overwrite, --append, --lco, --dsco\n"
           "                       as in ogr2ogr (see coopatlas coverage --help)\n"
           "  --raw-csv            write CSV text cells as they are (by default a cell that a\n"
           "                       spreadsheet would run as a formula, =..., +..., -..., @..., gets a\n"
           "                       leading '; plain numbers such as -3.5 are left alone)\n"
           "Without --output the global line and the significant units are printed.\n\n"
           "example:\n"
           "  coopatlas clusters --input coverage.gpkg --field share --weights queen --output lisa.gpkg\n";
}

int run_clusters(const arguments& args, std::ostream& stdout_stream, std::ostream& err) {
    clusters_request request = read_request(args);
    std::ostream& out = messages({request.path}, stdout_stream, err);
    const clusters_input units = read_units(args, request.field);
    const cluster_statistics s = compute(request, units);
    print_summary(request, units, s, out, err);
    if (args.has("output"))
        write_clusters(request, units, s, out, err);
    else
        print_significant_units(request.field, units.labels, s, out);
    return 0;
}

} // namespace coopatlas::cli
