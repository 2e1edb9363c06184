#include "command.hpp"
#include "input_layer.hpp"
#include "option_value.hpp"
#include "output_options.hpp"
#include "text_table.hpp"

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/render/palettes.hpp>
#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace coopatlas::cli {

namespace {

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// The class table: one row per class, no geometry.
io::feature_table class_table(const analysis::classification& c, const std::vector<render::color>& colours) {
    using t = io::field_def::type;
    io::feature_table table;
    table.name = "classes";
    table.add_field("class", t::integer);
    table.add_field("lower", t::real);
    table.add_field("upper", t::real);
    table.add_field("label", t::text);
    table.add_field("count", t::integer);
    table.add_field("color", t::text);
    for (std::size_t i = 0; i < c.classes(); ++i) {
        table.rows.push_back({static_cast<long long>(i + 1), c.breaks[i], c.breaks[i + 1], c.labels[i],
                              static_cast<long long>(c.counts[i]), render::to_hex(colours[i])});
        table.geometries.emplace_back();
    }
    return table;
}

// What the command line asks for, checked before any work: the field, the classes and
// where they go.
struct classify_request {
    std::string field;
    analysis::classification_method method{};
    std::size_t k = 0;
    std::vector<double> user; // the breaks of the user method
    std::string palette_name;
    io::vector_write_options write;
    std::string path; // --output
    bool plain_csv = false;
};

classify_request read_request(const arguments& args) {
    if (!args.has("field"))
        throw usage_error("no field to classify \xE2\x80\x94 add --field NAME (a numeric field of the input)");
    classify_request r;
    r.field = args.get("field");
    r.method = args.has("breaks") && !args.has("method")
                   ? analysis::classification_method::user_defined
                   : analysis::parse_classification_method(args.get("method", "quantiles"));
    r.k = static_cast<std::size_t>(whole_option("classes", args.get("classes", "5"), 1, 100));
    if (r.method == analysis::classification_method::user_defined) {
        if (!args.has("breaks"))
            throw usage_error("the user method needs --breaks \xE2\x80\x94 e.g. --breaks 10,25,50");
        r.user = number_list_option("breaks", args.get("breaks"));
    }

    r.palette_name = args.get("palette", "YlGnBu");
    (void)render::palette(r.palette_name, 3); // an unknown palette is an error before any work
    r.write = write_options(args);
    r.path = args.get("output");
    r.plain_csv = io::writes_plain_csv(r.path, r.write.format);
    protect(r.write, args.get("input"), args.get("layer"));
    if (args.has("output")) io::check_vector_output(r.path, r.write, "classes", r.plain_csv);
    return r;
}

// The field's values (NaN where a feature has none), their classes and the classes' colours.
struct classified_field {
    std::vector<double> values;
    std::size_t missing = 0;
    analysis::classification classes;
    std::vector<render::color> colours;
};

classified_field classify_field(const input_layer& in, const classify_request& request) {
    classified_field result;
    const std::string& field = request.field;
    result.values = in.numeric(field);
    const std::vector<double>& values = result.values;
    result.missing = static_cast<std::size_t>(
        std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }));
    if (result.missing == values.size())
        throw input_error(
            diagnostic{in.path,
                       0,
                       0,
                       field,
                       "field '" + field + "' has no numeric value in " + std::to_string(values.size()) + " features",
                       {}});
    result.classes = analysis::classify(values, request.method, request.k, request.user);

    result.colours = render::palette(request.palette_name, result.classes.classes());
    return result;
}

// Vector output: the input features with their class, ready for a choropleth.
io::feature_table features_with_class(const input_layer& in, const classified_field& result) {
    const analysis::classification& c = result.classes;
    io::feature_table t = in.table;
    t.name = "classes";
    t.add_field("class", io::field_def::type::integer);
    t.add_field("class_label", io::field_def::type::text);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (std::isfinite(result.values[i])) {
            const std::size_t cls = c.class_of(result.values[i]);
            t.rows[i].emplace_back(static_cast<long long>(cls + 1));
            t.rows[i].emplace_back(c.labels[cls]);
        } else {
            t.rows[i].emplace_back();
            t.rows[i].emplace_back();
        }
    }
    return t;
}

// --output: the class table (CSV), or the features with their class, styled.
void write_classes(classify_request& request, const input_layer& in, const classified_field& result, std::ostream& out,
                   std::ostream& err) {
    const analysis::classification& c = result.classes;
    io::write_result written;
    if (request.plain_csv) {
        written = io::write_table(request.path, class_table(c, result.colours), request.write);
    } else {
        const io::feature_table t = features_with_class(in, result);
        request.write.style = graduated_style(request.field, c, request.palette_name);
        written = io::write_vector(request.path, t, request.write);
    }
    for (const auto& note : written.notes)
        err << "note: " << note << '\n';
    out << "wrote " << request.path << (request.plain_csv ? std::string() : " (layer " + written.layer + ")") << " ("
        << analysis::to_string(request.method) << ", " << c.classes() << " classes)\n";
}

// Without --output: the classes as a table on the terminal, then the breaks.
void print_classes(const arguments& args, const classify_request& request, const std::string& input_path,
                   const classified_field& result, std::ostream& out) {
    const analysis::classification& c = result.classes;
    const std::size_t missing = result.missing, count = result.values.size() - missing;
    out << analysis::to_string(request.method) << " classification of '" << request.field << "' in " << input_path;
    if (args.has("layer")) out << " (layer " << args.get("layer") << ")";
    out << ": " << count << " values";
    if (missing) out << ", " << missing << " missing";
    out << ", " << c.classes() << " class" << (c.classes() == 1 ? "" : "es");
    if (c.classes() < request.k && request.method != analysis::classification_method::user_defined &&
        request.method != analysis::classification_method::box_plot)
        out << " (" << request.k << " asked)";
    out << "\n\n";
    text_table table({"class", "interval", "count", "share"}, {true, false, true, true});
    for (std::size_t i = 0; i < c.classes(); ++i)
        table.add({std::to_string(i + 1), c.labels[i], std::to_string(c.counts[i]),
                   percent(static_cast<double>(c.counts[i]) / static_cast<double>(count))});
    table.print(out);
    out << "\nbreaks:";
    for (double b : c.breaks)
        out << ' ' << number(b);
    out << '\n';
}

} // namespace

const char* classify_usage() {
    return "usage: coopatlas classify --input FILE [--layer L] [--where SQL] --field NAME\n"
           "                          [--method M] [--classes K] [--breaks B1,B2,...] [--palette P]\n"
           "                          [--output DATASET [output options]]\n\n"
           "Classifies a numeric field of any GDAL vector layer or CSV table into classes\n"
           "for a choropleth map and prints the breaks, the count of features in each class\n"
           "and interval labels such as '12.5 \xE2\x80\x93 25.0'. Class i holds the values v with\n"
           "break[i] < v <= break[i+1] (the first class also holds the minimum); empty or\n"
           "non-numeric cells (NA) are left out and counted as missing.\n\n"
           "methods:\n"
           "  quantiles        equal counts; ties never leave a class empty (default)\n"
           "  equal-interval   classes of equal width between minimum and maximum\n"
           "  jenks            exact Fisher-Jenks natural breaks (least within-class variance)\n"
           "  head-tail        Jiang's head/tail breaks for heavy-tailed data (K is a maximum)\n"
           "  std-dev          classes one standard deviation wide around the mean\n"
           "  box-plot         Tukey hinges, median and 1.5 IQR fences (K is ignored)\n"
           "  user             the breaks given by --breaks\n"
           "Fewer classes than asked are returned when the data have fewer distinct values.\n\n"
           "  --input FILE       layer to read (GeoPackage, Shapefile, GeoJSON, CSV, ...)\n"
           "  --layer L          layer name (default: the first)\n"
           "  --where SQL        OGR SQL attribute filter, e.g. \"country = 'FR'\"\n"
           "  --field NAME       numeric field to classify (a decimal comma is accepted)\n"
           "  --method M         one of the methods above (default: quantiles, or user with --breaks)\n"
           "  --classes K        number of classes (default: 5)\n"
           "  --breaks LIST      inner class bounds for the user method, ascending, comma-separated\n"
           "  --palette P        colours of the classes (default YlGnBu; see README.md, Palettes)\n"
           "  --output DATASET   .csv or '-': the class table (class, lower, upper, label, count,\n"
           "                     color); .gpkg, .geojson, .shp, PG:...: the input features with class\n"
           "                     and class_label (layer 'classes'), styled with these classes and\n"
           "                     colours for QGIS (layer_styles table, or .qml/.sld beside a .shp)\n"
           "  --format, --layer-name, --overwrite, --append, --lco, --dsco\n"
           "                     as in ogr2ogr (see coopatlas coverage --help)\n"
           "  --raw-csv          write CSV text cells as they are (by default a cell that a\n"
           "                     spreadsheet would run as a formula, =..., +..., -..., @..., gets a\n"
           "                     leading '; plain numbers such as -3.5 are left alone)\n"
           "Without --output a table is printed on the terminal. Same input, same output.\n\n"
           "example:\n"
           "  coopatlas classify --input coverage.gpkg --field share --method jenks --classes 5\n"
           "  coopatlas classify --input dep.gpkg --field population --method jenks --output dep.gpkg \\\n"
           "      --layer-name dep_classes\n";
}

int run_classify(const arguments& args, std::ostream& stdout_stream, std::ostream& err) {
    classify_request request = read_request(args);
    std::ostream& out = messages({request.path}, stdout_stream, err);
    const input_layer in = input_layer::read(args, "classify");
    const classified_field result = classify_field(in, request);
    if (args.has("output"))
        write_classes(request, in, result, out, err);
    else
        print_classes(args, request, in.path, result, out);
    return 0;
}

} // namespace coopatlas::cli
