#include "analysis_options.hpp"
#include "command.hpp"
#include "density_points.hpp"
#include "option_value.hpp"
#include "output_options.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/grid.hpp>
#include <coopatlas/analysis/kde.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/raster_writer.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <optional>
#include <sstream>

namespace coopatlas::cli {

namespace {

double number_or(const arguments& args, const std::string& key, double fallback, bool positive = true) {
    if (!args.has(key)) return fallback;
    const double x = number_option(key, args.get(key));
    if (positive && !(x > 0)) throw error("--" + key + " '" + args.get(key) + "' is not a positive number");
    return x;
}

std::vector<double> number_list(const arguments& args, const std::string& key, std::size_t n) {
    std::vector<double> out = number_list_option(key, args.get(key));
    if (out.size() != n) throw error("--" + key + " needs " + std::to_string(n) + " comma-separated numbers");
    return out;
}

std::string fmt(double v, int digits = 6) {
    std::ostringstream s;
    s << std::setprecision(digits) << v;
    return s.str();
}

// Stage times on stderr with --timings ("TIME<TAB>stage<TAB>seconds").
class stage_timer {
public:
    stage_timer(bool on, std::ostream& err) : on_(on), err_(err) {}
    void done(const char* stage) {
        const auto now = std::chrono::steady_clock::now();
        if (on_) err_ << "TIME\t" << stage << '\t' << std::fixed << std::setprecision(4)
                      << std::chrono::duration<double>(now - t0_).count() << std::defaultfloat << '\n';
        t0_ = now;
    }

private:
    bool on_;
    std::ostream& err_;
    std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

point_input points_from_file(const arguments& args) {
    return cli::points_from_file(args.get("points"), args.get("x"), args.get("y"), args.get("weight"));
}

point_input partnership_ends(const model::atlas& atlas, const analysis::filter& f, const arguments& args,
                             std::ostream& err) {
    point_input in = cli::partnership_ends(atlas, f, args.get("weight"));
    if (in.without_location)
        err << "note: " << in.without_location << " of " << in.ends
            << " partnership ends have no location and are left out\n";
    return in;
}

geometry::box projected_extent(const arguments& args, const geometry::projection& proj,
                               const std::vector<geometry::point>& projected, double pad, std::ostream& err) {
    if (args.has("extent")) {
        const auto v = number_list(args, "extent", 4);
        const geometry::box b{v[0], v[1], v[2], v[3]};
        if (!(b.max_x > b.min_x && b.max_y > b.min_y)) throw error("--extent must be xmin,ymin,xmax,ymax with min < max");
        return b;
    }
    if (args.has("extent-from")) {
        return layer_extent(args.get("extent-from"), args.get("extent-layer"), proj);
    }
    const double factor = args.has("outliers") ? number_option("outliers", args.get("outliers")) : default_outlier_factor;
    if (!(factor >= 0)) throw error("--outliers '" + args.get("outliers") + "' is not a number of at least 0");
    const points_extent_result e = points_extent(projected, pad, factor);
    if (e.left_out) {
        char all[200];
        std::snprintf(all, sizeof all, "%.0f,%.0f,%.0f,%.0f", e.all.min_x, e.all.min_y, e.all.max_x, e.all.max_y);
        err << "note: " << e.left_out << " of " << projected.size() << " points lie farther than " << fmt(factor)
            << " times the median distance (" << fmt(e.median_distance / 1000, 4)
            << " km) from the points' median centre and are outside the default extent (they still count in the "
               "density); to include them give --outliers 0, or --extent "
            << all << '\n';
    }
    return e.box;
}

int run_kde(const arguments& args, const point_input& in, const std::string& crs,
            const std::vector<geometry::point>& projected, const io::vector_write_options& write, std::ostream& out,
            std::ostream& err, stage_timer& timer) {
    if (!args.has("bandwidth")) throw usage_error("--kde needs --bandwidth KM (the kernel's standard deviation or radius)");
    analysis::kde_options o;
    o.bandwidth = number_or(args, "bandwidth", 0) * 1000;
    o.kernel = analysis::parse_kernel_shape(args.get("kernel", "gaussian"));
    o.tolerance = number_or(args, "tolerance", o.tolerance, false);
    if (args.has("threads")) o.threads = static_cast<unsigned>(whole_option("threads", args.get("threads"), 1, 256));
    const double pad = o.kernel == analysis::kernel_shape::gaussian ? 3 * o.bandwidth : o.bandwidth;
    const geometry::projection proj("EPSG:4326", crs);
    const geometry::box extent = projected_extent(args, proj, projected, pad, err);

    analysis::raster_grid grid;
    if (args.has("size")) {
        const auto parts = text::split(args.get("size"), 'x');
        std::size_t cols = 0, rows = 0;
        auto parse = [&](const std::string& s, std::size_t& v) {
            const auto n = text::parse_integer(s, 1, std::numeric_limits<long long>::max());
            if (!n) return false;
            v = static_cast<std::size_t>(*n);
            return true;
        };
        if (parts.size() != 2 || !parse(parts[0], cols) || !parse(parts[1], rows))
            throw error("--size '" + args.get("size") + "' must be COLUMNSxROWS, e.g. 1000x1000");
        // The surface, its copy for the writer and GDAL's buffers: about 24 bytes a cell.
        check_memory(args, static_cast<double>(cols) * static_cast<double>(rows) * 24,
                     "a surface of " + std::to_string(cols) + " x " + std::to_string(rows) + " cells (--size)");
        grid = analysis::raster_grid::with_size(extent, cols, rows);
    } else {
        const double cell = number_or(args, "cell", o.bandwidth / 5000) * 1000;
        const double cells =
            std::ceil((extent.max_x - extent.min_x) / cell) * std::ceil((extent.max_y - extent.min_y) / cell);
        check_memory(args, cells * 24,
                     "a surface of " + fmt(cells, 3) + " cells of " + fmt(cell / 1000) + " km (--cell, --bandwidth)");
        grid = analysis::raster_grid::with_cell_size(extent, cell);
    }

    std::vector<geometry::point> usable;
    std::vector<double> weights;
    finite_points(projected, in.weights, usable, weights);
    timer.done("grid");
    const analysis::kde_result kde = analysis::kernel_density(usable, weights, grid, o);
    timer.done("kde");

    io::raster r;
    r.columns = grid.columns;
    r.rows = grid.rows;
    r.west = grid.min_x;
    r.north = grid.max_y;
    r.cell_width = grid.cell_width();
    r.cell_height = grid.cell_height();
    r.crs = crs;
    r.values.assign(kde.values.begin(), kde.values.end());
    r.description = "kernel density, per km2";
    r.nodata = -9999;  // densities are never negative
    r.metadata = {{"KERNEL", analysis::to_string(o.kernel)},
                  {"BANDWIDTH_KM", fmt(o.bandwidth / 1000)},
                  {"UNITS", "weight per km2"},
                  {"POINTS", std::to_string(usable.size())},
                  {"INPUT", in.what},
                  {"TRUNCATION_RADIUS_KM", fmt(kde.cutoff / 1000)},
                  {"TRUNCATION_ERROR_BOUND", fmt(kde.error_bound, 3)}};
    const std::string output = args.get("output");
    io::raster_write_options wo;
    wo.threads = o.threads;
    wo.format = write.format.empty() ? "GTiff" : write.format;
    wo.creation_options = write.dataset_options;
    io::write_geotiff(output, r, wo, write.protected_inputs);
    timer.done("write");

    out << "kernel density (" << analysis::to_string(o.kernel) << ", bandwidth " << fmt(o.bandwidth / 1000)
        << " km) of " << usable.size() << " points: " << grid.columns << " x " << grid.rows << " cells of "
        << fmt(grid.cell_width() / 1000, 4) << " x " << fmt(grid.cell_height() / 1000, 4) << " km, peak "
        << fmt(kde.peak) << " per km2";
    if (o.kernel == analysis::kernel_shape::gaussian)
        out << ", truncated at " << fmt(kde.cutoff / 1000, 4) << " km (error <= " << fmt(kde.error_bound, 3)
            << " = " << fmt(kde.peak > 0 ? kde.error_bound / kde.peak : 0, 3) << " of the peak)";
    out << "\n  crs: " << crs << "\n  -> " << output << '\n';
    if (usable.size() < projected.size())
        out << "  " << projected.size() - usable.size() << " points could not be projected and were left out\n";
    return 0;
}

// Refuses a --crs whose unit is not the metre (EPSG:4326 and other lon/lat CRSs): bandwidths
// and cells are in km. A hundredth of a degree of longitude is 190 m or more below 80°.
void require_metres(const std::string& crs, const std::vector<geometry::point>& lonlat) {
    for (const auto& p : lonlat) {
        if (!(std::abs(p.x) <= 179 && std::abs(p.y) <= 80)) continue;
        std::vector<geometry::point> pq{p, {p.x + 0.01, p.y}};
        geometry::projection("EPSG:4326", crs).forward(pq);
        const double d = std::hypot(pq[1].x - pq[0].x, pq[1].y - pq[0].y);
        if (std::isfinite(d) && d < 10)
            throw error("--crs " + crs +
                        " is in degrees, but --kde and --grid measure bandwidths and cells in km \xE2\x80\x94 "
                        "give a projected CRS in metres (e.g. EPSG:3035 for Europe, EPSG:3857), or leave out --crs "
                        "for an equal-area projection centred on the points");
        return;
    }
}

// Splits each edge so that the outline keeps its shape when transformed.
geometry::ring densify(const geometry::ring& r, int pieces) {
    geometry::ring out;
    for (std::size_t i = 0; i + 1 < r.size(); ++i)
        for (int k = 0; k < pieces; ++k) {
            const double t = static_cast<double>(k) / pieces;
            out.push_back({r[i].x + t * (r[i + 1].x - r[i].x), r[i].y + t * (r[i + 1].y - r[i].y)});
        }
    out.push_back(r.back());
    return out;
}

int run_grid(const arguments& args, const point_input& in, const std::string& crs,
             const std::vector<geometry::point>& projected, io::vector_write_options write, std::ostream& out,
             std::ostream& err) {
    const analysis::grid_shape shape = analysis::parse_grid_shape(args.get("grid"));
    const double cell = number_or(args, "cell", 50) * 1000;
    std::vector<geometry::point> usable;
    std::vector<double> weights;
    finite_points(projected, in.weights, usable, weights);
    if (args.has("all-cells")) {
        geometry::box b;
        for (const auto& p : usable) b.expand(p);
        if (!b.empty()) {
            const double cells = (std::floor((b.max_x - b.min_x) / cell) + 2) * (std::floor((b.max_y - b.min_y) / cell) + 2);
            // a cell, its outline and its row: about 400 bytes
            check_memory(args, cells * 400, "--all-cells: " + fmt(cells, 3) + " cells of " + fmt(cell / 1000) + " km");
        }
    }
    const auto agg = analysis::aggregate_on_grid(usable, weights, shape, cell, args.has("all-cells"));
    const bool lonlat = args.has("lonlat");
    const geometry::projection proj("EPSG:4326", crs);

    io::feature_table t;
    t.name = "grid";
    t.crs = lonlat ? "EPSG:4326" : crs;
    t.add_field("column", io::field_def::type::integer);
    t.add_field("row", io::field_def::type::integer);
    t.add_field("count", io::field_def::type::integer);
    t.add_field("weight", io::field_def::type::real);
    t.add_field("area_km2", io::field_def::type::real);
    t.add_field("per_1000_km2", io::field_def::type::real);
    const double area_km2 = agg.cell_area / 1e6;
    for (const auto& c : agg.cells) {
        geometry::multi_polygon outline = analysis::cell_outline(shape, cell, c.column, c.row);
        if (lonlat) {
            for (auto& poly : outline) {
                poly.outer = densify(poly.outer, 8);
                proj.inverse(poly.outer);
            }
        }
        t.geometries.emplace_back(std::move(outline));
        t.rows.push_back({c.column, c.row, static_cast<long long>(c.count), c.weight, area_km2,
                          c.weight / area_km2 * 1000});
    }
    const std::string output = args.get("output");
    write.style = default_style(t, "per_1000_km2");
    const io::write_result written = io::write_table(output, t, write);
    for (const auto& note : written.notes) err << "note: " << note << '\n';
    out << to_string(shape) << " grid of " << fmt(cell / 1000) << " km (" << fmt(area_km2, 6) << " km2 per cell): "
        << usable.size() << " points of " << in.what << " in " << agg.cells.size() << " cells\n  crs: " << crs
        << (lonlat ? " (written in lon/lat)" : "") << "\n  -> " << output << '\n';
    if (usable.size() < projected.size())
        out << "  " << projected.size() - usable.size() << " points could not be projected and were left out\n";
    return 0;
}

int run_level(const arguments& args, io::vector_write_options write, std::ostream& out, std::ostream& err) {
    const std::string output = args.get("output");
    const bool plain_csv = io::writes_plain_csv(output, write.format);
    const auto manifest = io::read_manifest(manifest_path(args));
    protect(write, manifest);
    io::check_vector_output(output, write, "density", plain_csv);  // before any work
    const model::atlas& atlas = keep_until_exit(io::load_atlas(manifest));
    const analysis::filter f = filter_from(args);
    analysis::check_filter(f, atlas);
    analysis::partition part;
    part.level = args.get("level");
    part.vintage = args.get("vintage");
    part.zone = args.get("zone");
    analysis::coverage_options o;
    o.roll_down = args.has("roll-down");
    if (args.has("population")) o.population = analysis::parse_population_source(args.get("population"));
    const auto result = analysis::coverage(atlas, f, part, o);
    note_repaired(result, err);
    const auto& rows = result.rows;

    io::feature_table t;
    t.name = "density";
    for (const char* name : {"unit_id", "name", "population_from"}) t.add_field(name, io::field_def::type::text);
    t.add_field("partnerships", io::field_def::type::integer);
    for (const char* name : {"area_km2", "population", "per_10k_km2", "per_100k_inhabitants"})
        t.add_field(name, io::field_def::type::real);
    auto real = [](double v) -> io::attribute { return std::isnan(v) ? io::attribute{} : io::attribute{v}; };
    for (const auto& r : rows) {
        t.rows.push_back({r.unit_id, r.name, r.population_from, static_cast<long long>(r.partnerships),
                          real(r.area_km2), real(r.population), real(r.per_10k_km2), real(r.per_100k_inhabitants)});
        t.geometries.push_back(r.unit ? r.unit->geometry : geometry::geometry{});
    }
    if (!plain_csv) write.style = default_style(t, "per_10k_km2");
    const io::write_result written = io::write_table(output, t, write);
    for (const auto& note : written.notes) err << "note: " << note << '\n';
    out << "partnerships per 10,000 km2 and per 100,000 inhabitants for " << rows.size() << " units ("
        << part.describe() << "; " << f.describe() << ")\n  -> " << output << '\n';
    return 0;
}

} // namespace

const char* density_usage() {
    static const std::string text = std::string(
        "usage: coopatlas density --kde --bandwidth KM [--kernel gaussian|quartic] [--cell KM | --size CxR]\n"
        "                         [--crs CRS] [--extent X0,Y0,X1,Y1 | --extent-from FILE [--extent-layer L]]\n"
        "                         [--points FILE.csv [--x COL --y COL] [--weight COL]] [filter] --output FILE.tif\n"
        "       coopatlas density --grid square|hex --cell KM [--all-cells] [--lonlat] [--crs CRS]\n"
        "                         [--points FILE.csv ...] [filter] --output FILE.gpkg\n"
        "       coopatlas density --level L [--vintage V] [--zone Z] [--population SOURCE] [--roll-down]\n"
        "                         [filter] --output FILE.gpkg|FILE.csv\n\n"
        "Where cooperation concentrates. The points are the partnership ends of the\n"
        "selected partnerships (both parties of each, at their location: their point, a\n"
        "point on their polygon, or their anchor's), or the rows of --points.\n\n"
        "--kde (default mode): kernel density surface written as a Float32 GeoTIFF in the\n"
        "equal-area CRS, in points (or weight) per km2: 256 x 256 tiles (DEFLATE, floating-point\n"
        "predictor), overviews (averages), nodata -9999; --format COG writes a Cloud Optimized\n"
        "GeoTIFF; --dsco NAME=VALUE adds GDAL creation options. An existing file is replaced.\n"
        "  --bandwidth KM     gaussian: standard deviation; quartic: radius of the kernel\n"
        "  --kernel K         gaussian (default) or quartic (biweight, as QGIS's heatmap)\n"
        "  --cell KM          cell size (default: bandwidth / 5)\n"
        "  --size CxR         exactly C columns and R rows over the extent instead\n"
        "  --extent X0,Y0,X1,Y1  grid extent in CRS units (metres)\n"
        "  --extent-from FILE bounds of a vector layer's projected vertices (--extent-layer L)\n"
        "                     default extent: the points' bounds plus 3 bandwidths (gaussian)\n"
        "                     or 1 bandwidth (quartic), leaving out remote points (see --outliers)\n"
        "  --outliers K       a point farther from the points' median centre than K times their\n"
        "                     median distance to it is left outside the default extent (it still\n"
        "                     counts); the run says how many and the extent that includes them.\n"
        "                     Default 6; 0 keeps every point\n"
        "  --tolerance T      gaussian only: bound on the truncation error relative to the\n"
        "                     peak (default 1e-7; 0 = evaluate out to 37 bandwidths)\n"
        "  --threads N        worker threads (default: all cores)\n"
        "  --timings          print the time of each stage on stderr\n\n"
        "--grid square|hex: points per cell of a regular grid anchored at the CRS origin,\n"
        "written as polygons (fields column, row, count, weight, area_km2, per_1000_km2).\n"
        "  --cell KM          square side, or hexagon width across flats = distance between\n"
        "                     neighbouring centres (hexagon area = sqrt(3)/2 cell^2); default 50\n"
        "  --all-cells        also the empty cells of the rectangle the points span\n"
        "  --lonlat           write the cells in lon/lat (edges densified) instead of the CRS\n\n"
        "--level L: partnerships per 10,000 km2 (geodesic area) and per 100,000 inhabitants\n"
        "for every unit of level L (--vintage V, --zone COUNTRY|ENTITY_ID), as computed by\n"
        "'coopatlas coverage'; --population field|places|field-or-places, --roll-down.\n\n"
        "Common to --kde and --grid:\n"
        "  --crs CRS          equal-area CRS (default: Lambert azimuthal equal-area centred on\n"
        "                     the points, e.g. \"+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84\")\n"
        "  --points FILE.csv  analyse these points (lon/lat columns) instead of partnerships\n"
        "  --x COL, --y COL   their coordinate columns (default lon/lat)\n"
        "  --weight W         with --points: a weight column; with partnerships: 'count'\n"
        "                     (each end weighs the record's count, e.g. the number of requests)\n"
        "  --output DATASET   written atomically, never over an input; the --grid and --level\n"
        "                     layers are styled for QGIS (per_1000_km2 and per_10k_km2, 5 quantile\n"
        "                     classes, YlGnBu)\n\n") + output_help() + "\n" + filter_help() +
        "\nexamples:\n"
        "  coopatlas density --kde --bandwidth 25 --kind decentralised_cooperation --output ends.tif\n"
        "  coopatlas density --kde --bandwidth 50 --format COG --output ends_cog.tif\n"
        "  coopatlas density --grid hex --cell 50 --output hex.gpkg\n"
        "  coopatlas density --level region --vintage 2015 --zone MA --output ma_regions.csv\n";
    return text.c_str();
}

int run_density(const arguments& args, std::ostream& stdout_stream, std::ostream& err) {
    if (!args.has("output")) {
        throw usage_error("--output is required (see coopatlas density --help)");
    }
    const int modes = args.has("kde") + args.has("grid") + args.has("level");
    if (modes > 1) throw usage_error("choose one of --kde, --grid and --level");
    io::vector_write_options write = write_options(args);
    const std::string output = args.get("output");
    std::ostream& out = messages({output}, stdout_stream, err);
    if (args.has("level")) {
        if (args.has("points")) throw usage_error("--level reports on the atlas's partnerships; it does not take --points");
        return run_level(args, write, out, err);
    }
    const bool grid = args.has("grid");

    // every input is known from the options: check the output against them before any work
    std::optional<io::atlas_manifest> manifest;
    if (args.has("points")) {
        protect(write, args.get("points"));
    } else {
        manifest = io::read_manifest(manifest_path(args));
        protect(write, *manifest);
    }
    if (args.has("extent-from")) protect(write, args.get("extent-from"), args.get("extent-layer"));
    if (grid) {
        io::check_vector_output(output, write, "grid", io::writes_plain_csv(output, write.format));
    } else {
        if (args.has("append") || args.has("layer-name") || args.has("lco"))
            throw usage_error("--append, --layer-name and --lco apply to layers; a density surface is a raster "
                              "(--format GTiff or COG; --dsco NAME=VALUE gives its creation options)");
        if (!write.format.empty() && write.format != "GTiff" && write.format != "COG")
            throw usage_error("a density surface is written as GTiff (default) or COG, not '" + write.format + "'");
        if (output == "-")
            throw usage_error("only CSV and GeoJSON go to standard output ('-'); write the surface to a .tif file");
        for (const auto& f : {output, output + ".aux.xml", output + ".ovr"})
            io::check_not_an_input(f, write.protected_inputs);
    }

    stage_timer timer(args.has("timings"), err);
    point_input in;
    if (manifest) {
        const model::atlas atlas = io::load_atlas(*manifest);
        const analysis::filter f = filter_from(args);
        analysis::check_filter(f, atlas);
        in = partnership_ends(atlas, f, args, err);
    } else {
        in = points_from_file(args);
    }
    if (in.lonlat.empty()) throw error("no point to analyse (" + in.what + ")");

    const std::string crs = args.get("crs", default_crs(in.lonlat));
    std::vector<geometry::point> projected = in.lonlat;
    if (args.has("crs")) require_metres(crs, in.lonlat);
    // A longitude beyond ±180° or a latitude beyond ±90° is no place: such points cannot be
    // projected, and are counted and left out as PROJ's failures are.
    for (auto& p : projected)
        if (!(std::abs(p.x) <= 180 && std::abs(p.y) <= 90)) p = {std::nan(""), std::nan("")};
    geometry::projection("EPSG:4326", crs).forward(projected);
    if (std::none_of(projected.begin(), projected.end(),
                     [](const geometry::point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }))
        throw error("none of the " + std::to_string(projected.size()) + " points of " + in.what +
                    " can be projected: longitudes must be within [-180, 180] and latitudes within [-90, 90]");
    timer.done("read_project");

    if (grid) return run_grid(args, in, crs, projected, write, out, err);
    return run_kde(args, in, crs, projected, write, out, err, timer);
}

} // namespace coopatlas::cli
