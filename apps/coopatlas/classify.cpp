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
    if (!args.has("field"))
        throw usage_error("no field to classify \xE2\x80\x94 add --field NAME (a numeric field of the input)");
    const std::string field = args.get("field");
    const auto method = args.has("breaks") && !args.has("method")
                            ? analysis::classification_method::user_defined
                            : analysis::parse_classification_method(args.get("method", "quantiles"));
    const auto k = static_cast<std::size_t>(whole_option("classes", args.get("classes", "5"), 1, 100));
    std::vector<double> user;
    if (method == analysis::classification_method::user_defined) {
        if (!args.has("breaks"))
            throw usage_error("the user method needs --breaks \xE2\x80\x94 e.g. --breaks 10,25,50");
        user = number_list_option("breaks", args.get("breaks"));
    }

    const std::string palette_name = args.get("palette", "YlGnBu");
    (void)render::palette(palette_name, 3);  // an unknown palette is an error before any work
    io::vector_write_options write = write_options(args);
    const std::string path = args.get("output");
    const bool plain_csv = io::writes_plain_csv(path, write.format);
    protect(write, args.get("input"), args.get("layer"));
    if (args.has("output")) io::check_vector_output(path, write, "classes", plain_csv);
    std::ostream& out = messages({path}, stdout_stream, err);

    const input_layer in = input_layer::read(args, "classify");
    const std::vector<double> values = in.numeric(field);
    const auto missing = static_cast<std::size_t>(
        std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }));
    if (missing == values.size())
        throw input_error(
            diagnostic{in.path,
                       0,
                       0,
                       field,
                       "field '" + field + "' has no numeric value in " + std::to_string(values.size()) + " features",
                       {}});
    const analysis::classification c = analysis::classify(values, method, k, user);

    const auto colours = render::palette(palette_name, c.classes());

    if (args.has("output")) {
        io::write_result written;
        if (plain_csv) {
            written = io::write_table(path, class_table(c, colours), write);
        } else {
            // Vector output: the input features with their class, ready for a choropleth.
            io::feature_table t = in.table;
            t.name = "classes";
            t.add_field("class", io::field_def::type::integer);
            t.add_field("class_label", io::field_def::type::text);
            for (std::size_t i = 0; i < t.rows.size(); ++i) {
                if (std::isfinite(values[i])) {
                    const std::size_t cls = c.class_of(values[i]);
                    t.rows[i].emplace_back(static_cast<long long>(cls + 1));
                    t.rows[i].emplace_back(c.labels[cls]);
                } else {
                    t.rows[i].emplace_back();
                    t.rows[i].emplace_back();
                }
            }
            write.style = graduated_style(field, c, palette_name);
            written = io::write_vector(path, t, write);
        }
        for (const auto& note : written.notes) err << "note: " << note << '\n';
        out << "wrote " << path << (plain_csv ? std::string() : " (layer " + written.layer + ")") << " ("
            << analysis::to_string(method) << ", " << c.classes() << " classes)\n";
        return 0;
    }

    out << analysis::to_string(method) << " classification of '" << field << "' in " << in.path;
    if (args.has("layer")) out << " (layer " << args.get("layer") << ")";
    out << ": " << (values.size() - missing) << " values";
    if (missing) out << ", " << missing << " missing";
    out << ", " << c.classes() << " class" << (c.classes() == 1 ? "" : "es");
    if (c.classes() < k && method != analysis::classification_method::user_defined &&
        method != analysis::classification_method::box_plot)
        out << " (" << k << " asked)";
    out << "\n\n";
    text_table table({"class", "interval", "count", "share"}, {true, false, true, true});
    for (std::size_t i = 0; i < c.classes(); ++i)
        table.add({std::to_string(i + 1), c.labels[i], std::to_string(c.counts[i]),
                   percent(static_cast<double>(c.counts[i]) / static_cast<double>(values.size() - missing))});
    table.print(out);
    out << "\nbreaks:";
    for (double b : c.breaks)
        out << ' ' << number(b);
    out << '\n';
    return 0;
}

} // namespace coopatlas::cli
