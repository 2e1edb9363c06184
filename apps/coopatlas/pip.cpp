#include "command.hpp"
#include "option_value.hpp"
#include "output_options.hpp"

#include <coopatlas/analysis/point_in_polygon.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/text/fold.hpp>

#include <charconv>
#include <chrono>
#include <iomanip>

namespace coopatlas::cli {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

std::string attribute_text(const io::attribute& a) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, long long>) {
                return std::to_string(v);
            } else {
                char buf[32];
                const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
                return std::string(buf, r.ptr);
            }
        },
        a);
}

unsigned thread_option(const arguments& args) {
    if (!args.has("threads")) return 0;
    return static_cast<unsigned>(whole_option("threads", args.get("threads"), 1, 256));
}

// The polygon layer, in lon/lat, and a multi-polygon per feature (empty for a feature
// without one).
struct polygon_layer {
    io::feature_table layer;
    std::vector<geometry::multi_polygon> shapes;
    std::size_t not_areal = 0;
};

polygon_layer read_polygons(const arguments& args, const std::string& polygons_path) {
    io::vector_read_options read;
    read.layer = args.get("layer");
    read.where = args.get("where");
    read.target_crs = "EPSG:4326";
    polygon_layer p{io::read_vector(polygons_path, read), {}, 0};
    p.shapes.reserve(p.layer.geometries.size());
    for (const auto& g : p.layer.geometries) {
        if (const auto* mp = std::get_if<geometry::multi_polygon>(&g)) {
            p.shapes.push_back(*mp);
        } else {
            p.shapes.emplace_back();
            ++p.not_areal;
        }
    }
    return p;
}

std::vector<std::size_t> chosen_columns(const arguments& args, const io::feature_table& layer,
                                        const std::string& polygons_path) {
    // attribute columns to copy: --fields, else every field of the layer
    std::vector<std::size_t> columns;
    if (args.has("fields")) {
        for (const auto& name : text::split(args.get("fields"), ',')) {
            std::size_t k = 0;
            while (k < layer.fields.size() && layer.fields[k].name != name) ++k;
            if (k == layer.fields.size()) {
                std::string have;
                for (const auto& f : layer.fields) have += (have.empty() ? "" : ", ") + f.name;
                throw input_error(diagnostic{polygons_path, 0, 0, name, "no field named '" + name + "'",
                                             "fields are: " + have});
            }
            columns.push_back(k);
        }
    } else {
        for (std::size_t k = 0; k < layer.fields.size(); ++k) columns.push_back(k);
    }
    return columns;
}

io::point_table read_points(const arguments& args, const std::string& points_path, unsigned threads) {
    io::point_table_options popts;
    popts.x_column = args.get("x");
    popts.y_column = args.get("y");
    popts.threads = threads;
    return io::read_point_table(points_path, popts);
}

io::feature_table counts_table(const polygon_layer& polygons, const std::vector<std::size_t>& columns,
                               const analysis::point_counts& counts, bool plain_csv) {
    const io::feature_table& layer = polygons.layer;
    // one row per polygon: the chosen fields, then the count; with the polygons unless a CSV table
    io::feature_table table;
    table.name = "counts";
    table.crs = "EPSG:4326";
    for (const std::size_t k : columns)
        table.add_field(layer.fields[k].name, plain_csv ? io::field_def::type::text : layer.fields[k].kind);
    table.add_field("count", io::field_def::type::integer);
    table.rows.reserve(polygons.shapes.size());
    for (std::size_t i = 0; i < polygons.shapes.size(); ++i) {
        std::vector<io::attribute> row;
        row.reserve(columns.size() + 1);
        for (const std::size_t k : columns) {
            // a CSV cell keeps the shortest form that reads back as the same number
            if (plain_csv) row.emplace_back(attribute_text(layer.rows[i][k]));
            else row.push_back(layer.rows[i][k]);
        }
        row.emplace_back(static_cast<long long>(counts.counts[i]));
        table.rows.push_back(std::move(row));
        if (plain_csv) table.geometries.emplace_back();
        else table.geometries.push_back(layer.geometries[i]);
    }
    return table;
}

void print_summary(const polygon_layer& polygons, const io::point_table& points, const analysis::point_counts& counts,
                   const std::string& output, std::ostream& out, std::ostream& err) {
    const std::uint64_t inside = points.points.size() - counts.unmatched;
    out << polygons.shapes.size() << " polygons, " << points.points.size() << " points: " << inside
        << " inside a polygon, " << counts.unmatched << " in none";
    if (counts.in_several) out << ", " << counts.in_several << " in several (overlapping polygons)";
    out << " -> " << output << '\n';
    if (polygons.not_areal) err << "note: " << polygons.not_areal << " features without a polygon geometry count 0\n";
}

} // namespace

int run_pip(const arguments& args, std::ostream& stdout_stream, std::ostream& err) {
    const std::string polygons_path = args.get("polygons");
    const std::string points_path = args.get("points");
    const std::string output = args.get("output");
    if (polygons_path.empty() || points_path.empty() || output.empty()) {
        throw usage_error("--polygons, --points and --output are required (see coopatlas pip --help)");
    }
    io::vector_write_options write = write_options(args);
    const bool plain_csv = io::writes_plain_csv(output, write.format);
    protect(write, polygons_path, args.get("layer"));
    protect(write, points_path);
    io::check_vector_output(output, write, "counts", plain_csv); // before any work
    std::ostream& out = messages({output}, stdout_stream, err);
    const unsigned threads = thread_option(args);
    const bool timings = args.has("timings");
    auto stage = [&](const char* name, clock_type::time_point t0) {
        if (timings) err << "TIME\t" << name << '\t' << std::fixed << std::setprecision(4) << seconds_since(t0) << '\n';
    };

    auto t0 = clock_type::now();
    const polygon_layer polygons = read_polygons(args, polygons_path);
    const std::vector<std::size_t> columns = chosen_columns(args, polygons.layer, polygons_path);
    stage("read_polygons", t0);

    t0 = clock_type::now();
    const analysis::polygon_index index(polygons.shapes);
    stage("build_index", t0);

    t0 = clock_type::now();
    const io::point_table points = read_points(args, points_path, threads);
    stage("read_points", t0);

    t0 = clock_type::now();
    const analysis::point_counts counts = analysis::count_points(index, points.points, threads);
    stage("count", t0);

    t0 = clock_type::now();
    const io::feature_table table = counts_table(polygons, columns, counts, plain_csv);
    const io::write_result written = io::write_table(output, table, write);
    for (const auto& note : written.notes)
        err << "note: " << note << '\n';
    stage("write", t0);

    print_summary(polygons, points, counts, output, out, err);
    return 0;
}

} // namespace coopatlas::cli
