// Analyses of an atlas's partnerships: the partnership filter, coverage, flows, per-unit
// density and kernel density (statistics.cpp has classification, spatial clusters and
// point-in-polygon counts). Each function makes the calls the matching command-line command
// makes (apps/coopatlas), with the GIL released while the library works.

#include "bindings.hpp"

#include "density_points.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/analysis/kde.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/text/fold.hpp>

#include <pybind11/stl.h>

#include <cmath>
#include <cstring>
#include <optional>

namespace coopatlas::python {

[[noreturn]] void bad_argument(const std::string& name, const std::string& message, const std::string& suggestion) {
    throw input_error(diagnostic{{}, 0, 0, name, message, suggestion});
}

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

// Words of a filter option: each value may hold several, comma-separated (as on the command line).
std::vector<std::string> words(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& v : values)
        for (auto& part : text::split(v, ','))
            out.push_back(std::move(part));
    return out;
}

int year(const char* name, int y) {
    if (y < 1900 || y > 2100)
        bad_argument(name, std::string(name) + " " + std::to_string(y) + " is not a year from 1900 to 2100",
                     "e.g. " + std::string(name) + "=2009");
    return y;
}

analysis::filter make_filter(const std::vector<std::string>& kind, const std::vector<std::string>& theme,
                             const std::vector<std::string>& source, const std::vector<std::string>& country,
                             std::optional<int> from_year, std::optional<int> to_year, const std::string& undated,
                             bool two_sided) {
    analysis::filter f;
    f.kinds = words(kind);
    f.themes = words(theme);
    f.sources = words(source);
    f.countries = words(country);
    if (from_year) f.year_from = year("from_year", *from_year);
    if (to_year) f.year_to = year("to_year", *to_year);
    if (undated != "keep" && undated != "drop")
        bad_argument("undated", "undated must be 'keep' or 'drop', not '" + undated + "'");
    f.keep_undated = undated == "keep";
    f.two_sided_only = two_sided;
    return f;
}

analysis::coverage_options coverage_options(bool roll_down, const std::string& population) {
    analysis::coverage_options o;
    o.roll_down = roll_down;
    if (!population.empty()) o.population = analysis::parse_population_source(population);
    return o;
}

py::list strings(const std::vector<std::string>& v) {
    py::list out;
    for (const auto& s : v)
        out.append(py::str(s));
    return out;
}

// --- coverage

columns coverage_columns(const analysis::coverage_result& r) {
    std::vector<std::string> unit_id, name, how, ids, population_from, notes;
    std::vector<bool> engaged;
    std::vector<long long> partnerships, requests;
    std::vector<double> demand, area, pop, per_area, per_pop;
    for (const auto& u : r.rows) {
        unit_id.push_back(u.unit_id);
        name.push_back(u.name);
        engaged.push_back(u.engaged);
        how.push_back(u.how);
        partnerships.push_back(static_cast<long long>(u.partnerships));
        ids.push_back(join(u.partnership_ids, ";"));
        requests.push_back(static_cast<long long>(u.requests));
        demand.push_back(u.demand);
        area.push_back(u.area_km2);
        pop.push_back(u.population);
        population_from.push_back(u.population_from);
        per_area.push_back(u.per_10k_km2);
        per_pop.push_back(u.per_100k_inhabitants);
        notes.push_back(join(u.notes, " | "));
    }
    // The columns of coopatlas coverage --output FILE.csv; the id and whether the unit is
    // engaged first, the figures last, so that a printed table shows them at any width.
    columns c;
    c.text("unit_id", unit_id);
    c.boolean("engaged", engaged);
    c.text("name", name);
    c.text("how", how);
    c.integer("partnerships", partnerships);
    c.text("partnership_ids", ids);
    c.integer("requests", requests);
    c.real("demand", demand);
    c.text("notes", notes);
    c.real("area_km2", area);
    c.real("population", pop);
    c.text("population_from", population_from);
    c.real("per_10k_km2", per_area);
    c.real("per_100k_inh", per_pop);
    return c;
}

py::dict totals_dict(const analysis::coverage_totals& t) {
    py::dict totals;
    totals["units"] = t.units;
    totals["engaged"] = t.engaged;
    totals["share_count"] = t.share_count;
    totals["area_km2"] = t.area_km2;
    totals["engaged_area_km2"] = t.engaged_area_km2;
    totals["share_area"] = t.share_area;
    totals["population"] = t.population;
    totals["engaged_population"] = t.engaged_population;
    totals["share_population"] = t.share_population;
    totals["units_without_area"] = t.units_without_area;
    totals["units_without_population"] = t.units_without_population;
    totals["partnerships"] = t.partnerships;
    totals["requests"] = t.requests;
    totals["demand"] = t.demand;
    return totals;
}

py::dict coverage_meta(const analysis::coverage_result& r) {
    py::dict meta;
    meta["method"] = r.method;
    meta["level"] = r.part.level;
    meta["vintage"] = r.rows.empty() || !r.rows.front().unit ? r.part.vintage : r.rows.front().unit->vintage.str();
    meta["zone"] = r.part.zone.empty() ? std::string("all") : r.part.zone;
    meta["partition"] = r.part.describe();
    meta["filter"] = r.filter_description;
    meta["roll_down"] = r.options.roll_down;
    meta["area_method"] = "geodesic WGS 84 (PROJ)";
    meta["population_method"] = analysis::to_string(r.options.population);
    meta["totals"] = totals_dict(r.totals);
    meta["gaps"] = strings(r.gaps);
    meta["demand_without_partnership"] = strings(r.demand_without_partnership);
    meta["unmapped"] = strings(r.unmapped);
    return meta;
}

py::dict coverage(const loaded_atlas& a, const analysis::filter& f, const std::string& level,
                  const std::string& vintage, const std::string& zone, bool roll_down, const std::string& population,
                  bool with_geometry) {
    const analysis::partition part{level, vintage, zone};
    const auto options = coverage_options(roll_down, population);
    const auto r = without_gil([&] {
        analysis::check_filter(f, a.atlas, "");
        return analysis::coverage(a.atlas, f, part, options);
    });
    py::dict out;
    out["columns"] = coverage_columns(r).dict();
    out["meta"] = coverage_meta(r);
    if (with_geometry) {
        std::vector<const geometry::geometry*> geometries;
        for (const auto& u : r.rows)
            geometries.push_back(u.unit ? &a.atlas.location(*u.unit) : nullptr);
        out["geometry"] = wkb_list(geometries);
    }
    return out;
}

// --- flows

columns flow_columns(const analysis::flow_result& r) {
    std::vector<long long> rank, count;
    std::vector<std::string> from_id, from_name, to_id, to_name, ids, notes, from_vin, to_vin;
    std::vector<double> length;
    for (const auto& cell : r.cells) {
        rank.push_back(static_cast<long long>(cell.rank));
        from_id.push_back(cell.from_id);
        from_name.push_back(cell.from_name);
        to_id.push_back(cell.to_id);
        to_name.push_back(cell.to_name);
        count.push_back(static_cast<long long>(cell.count));
        ids.push_back(join(cell.partnership_ids, ";"));
        length.push_back(cell.length_km);
        notes.push_back(join(cell.notes, " | "));
        from_vin.push_back(cell.from ? cell.from->vintage : "");
        to_vin.push_back(cell.to ? cell.to->vintage : "");
    }
    columns c;
    c.integer("rank", rank);
    c.text("from_id", from_id);
    c.text("from_name", from_name);
    c.text("to_id", to_id);
    c.text("to_name", to_name);
    c.integer("count", count);
    c.text("partnership_ids", ids);
    c.real("length_km", length);
    c.text("notes", notes);
    c.text("from_vintage", from_vin);
    c.text("to_vintage", to_vin);
    return c;
}

// One geometry per cell: its line, or none when the line has fewer than two points.
std::vector<geometry::geometry> flow_lines(const analysis::flow_result& r) {
    std::vector<geometry::geometry> lines;
    for (const auto& cell : r.cells) {
        if (cell.line.size() >= 2)
            lines.emplace_back(cell.line);
        else
            lines.emplace_back();
    }
    return lines;
}

columns length_columns(const std::vector<analysis::partnership_length>& lengths) {
    std::vector<std::string> pid, fp, tp, pair, measured;
    std::vector<double> km;
    for (const auto& l : lengths) {
        pid.push_back(l.partnership_id);
        fp.push_back(l.from_party);
        tp.push_back(l.to_party);
        pair.push_back(l.level_pair);
        km.push_back(l.length_km);
        measured.push_back(l.measured);
    }
    columns c;
    c.text("partnership_id", pid);
    c.text("from_party", fp);
    c.text("to_party", tp);
    c.text("level_pair", pair);
    c.real("length_km", km);
    c.text("measured", measured);
    return c;
}

py::list length_summaries(const std::vector<analysis::length_summary>& summaries) {
    py::list out;
    for (const auto& s : summaries) {
        py::dict d;
        d["level_pair"] = s.level_pair;
        d["count"] = s.count;
        d["min_km"] = s.min_km;
        d["median_km"] = s.median_km;
        d["max_km"] = s.max_km;
        out.append(d);
    }
    return out;
}

py::dict flow_meta(const analysis::flow_result& r) {
    py::dict meta;
    meta["method"] = r.method;
    meta["from"] = r.from.describe();
    meta["to"] = r.to.describe();
    meta["from_level"] = r.from.level;
    meta["from_zone"] = r.from.zone.empty() ? std::string("all") : r.from.zone;
    meta["to_level"] = r.to.level;
    meta["to_zone"] = r.to.zone.empty() ? std::string("all") : r.to.zone;
    meta["filter"] = r.filter_description;
    meta["roll_down"] = r.options.roll_down;
    meta["partnerships"] = r.partnerships;
    meta["mapped"] = r.mapped;
    meta["unmapped"] = strings(r.unmapped);
    meta["length_summaries"] = length_summaries(r.length_summaries);
    meta["lengths"] = length_columns(r.lengths).dict();
    return meta;
}

py::dict flows(const loaded_atlas& a, const analysis::filter& f, const std::string& from_level,
               const std::string& from_vintage, const std::string& from_zone, const std::string& to_level,
               const std::string& to_vintage, const std::string& to_zone, bool roll_down, double segment_km,
               bool with_geometry) {
    if (!(segment_km >= 1)) bad_argument("segment_km", "segment_km must be a number of at least 1");
    const analysis::partition from{from_level, from_vintage, from_zone};
    const analysis::partition to{to_level, to_vintage, to_zone};
    analysis::flow_options options;
    options.roll_down = roll_down;
    options.max_segment_km = segment_km;
    const auto r = without_gil([&] {
        analysis::check_filter(f, a.atlas, "");
        return analysis::flows(a.atlas, f, from, to, options);
    });
    py::dict out;
    out["columns"] = flow_columns(r).dict();
    out["meta"] = flow_meta(r);
    if (with_geometry) out["geometry"] = wkb_list(flow_lines(r));
    return out;
}

// --- per-unit density (coopatlas density --level)

py::dict unit_density(const loaded_atlas& a, const analysis::filter& f, const std::string& level,
                      const std::string& vintage, const std::string& zone, bool roll_down,
                      const std::string& population, bool with_geometry) {
    const analysis::partition part{level, vintage, zone};
    const auto options = coverage_options(roll_down, population);
    const auto rows = without_gil([&] {
        analysis::check_filter(f, a.atlas, "");
        return analysis::unit_density(a.atlas, f, part, options);
    });
    std::vector<std::string> unit_id, name, population_from;
    std::vector<long long> partnerships;
    std::vector<double> area, pop, per_area, per_pop;
    std::vector<const geometry::geometry*> geometries;
    for (const auto& r : rows) {
        unit_id.push_back(r.unit_id);
        name.push_back(r.name);
        population_from.push_back(r.population_from);
        partnerships.push_back(static_cast<long long>(r.partnerships));
        area.push_back(r.area_km2);
        pop.push_back(r.population);
        per_area.push_back(r.per_10k_km2);
        per_pop.push_back(r.per_100k_inhabitants);
        geometries.push_back(r.unit ? &r.unit->geometry : nullptr);
    }
    columns c;
    c.text("unit_id", unit_id);
    c.text("name", name);
    c.text("population_from", population_from);
    c.integer("partnerships", partnerships);
    c.real("area_km2", area);
    c.real("population", pop);
    c.real("per_10k_km2", per_area);
    c.real("per_100k_inhabitants", per_pop);
    py::dict meta;
    meta["partition"] = part.describe();
    meta["filter"] = f.describe();
    meta["roll_down"] = roll_down;
    meta["population_method"] = analysis::to_string(options.population);
    py::dict out;
    out["columns"] = c.dict();
    out["meta"] = meta;
    if (with_geometry) out["geometry"] = wkb_list(geometries);
    return out;
}

// --- kernel density (coopatlas density --kde)

void check_kde_arguments(const loaded_atlas* a, const std::string& points, double bandwidth_km,
                         std::optional<double> cell_km, std::optional<std::pair<std::size_t, std::size_t>> size,
                         const std::optional<std::vector<double>>& extent, std::optional<double> tolerance,
                         std::optional<unsigned> threads) {
    if (!(bandwidth_km > 0) || !std::isfinite(bandwidth_km))
        bad_argument("bandwidth", "bandwidth must be a positive number of kilometres");
    if (cell_km && !(*cell_km > 0 && std::isfinite(*cell_km)))
        bad_argument("cell", "cell must be a positive number of kilometres");
    if (size && (size->first == 0 || size->second == 0))
        bad_argument("size", "size must be (columns, rows), both at least 1", "e.g. size=(1000, 1000)");
    if (tolerance && !std::isfinite(*tolerance)) bad_argument("tolerance", "tolerance must be a finite number");
    if (threads && (*threads < 1 || *threads > 256)) bad_argument("threads", "threads must be from 1 to 256");
    if (extent && extent->size() != 4) bad_argument("extent", "extent needs 4 numbers: xmin, ymin, xmax, ymax");
    if (points.empty() && !a) bad_argument("atlas", "kde needs an atlas, or points=FILE.csv");
}

// The points of the surface: the rows of a CSV, else the ends of the selected partnerships.
cli::point_input kde_input(const loaded_atlas* a, const analysis::filter& f, const std::string& points,
                           const std::string& x, const std::string& y, const std::string& weight) {
    cli::point_input in;
    if (!points.empty()) {
        in = cli::points_from_file(points, x, y, weight);
    } else {
        analysis::check_filter(f, a->atlas, "");
        in = cli::partnership_ends(a->atlas, f, weight);
    }
    if (in.lonlat.empty()) throw error("no point to analyse (" + in.what + ")");
    return in;
}

analysis::kde_options kde_settings(double bandwidth_km, const std::string& kernel, std::optional<double> tolerance,
                                   std::optional<unsigned> threads) {
    analysis::kde_options options;
    options.bandwidth = bandwidth_km * 1000;
    options.kernel = analysis::parse_kernel_shape(kernel);
    if (tolerance) options.tolerance = *tolerance;
    if (threads) options.threads = *threads;
    return options;
}

// The extent given, else a layer's projected bounds, else the points' with room for the kernel.
geometry::box kde_extent(const std::optional<std::vector<double>>& extent, const std::string& extent_from,
                         const std::string& extent_layer, const geometry::projection& proj,
                         const std::vector<geometry::point>& projected, const analysis::kde_options& options) {
    const double pad = options.kernel == analysis::kernel_shape::gaussian ? 3 * options.bandwidth : options.bandwidth;
    geometry::box box;
    if (extent) {
        box = {(*extent)[0], (*extent)[1], (*extent)[2], (*extent)[3]};
        if (!(box.max_x > box.min_x && box.max_y > box.min_y))
            bad_argument("extent", "extent must be (xmin, ymin, xmax, ymax) with min < max");
    } else if (!extent_from.empty()) {
        box = cli::layer_extent(extent_from, extent_layer, proj);
    } else {
        box = cli::points_extent(projected, pad).box;
    }
    return box;
}

analysis::raster_grid kde_grid(const geometry::box& box, std::optional<std::pair<std::size_t, std::size_t>> size,
                               std::optional<double> cell_km, const analysis::kde_options& options) {
    return size ? analysis::raster_grid::with_size(box, size->first, size->second)
                : analysis::raster_grid::with_cell_size(box, (cell_km ? *cell_km : options.bandwidth / 5000) * 1000);
}

struct kde_outcome {
    analysis::raster_grid grid;
    analysis::kde_result kde;
    std::string crs;
    std::string what;
    std::size_t used = 0, projected = 0, ends = 0, without_location = 0;
    analysis::kde_options options;
};

// (values rows x columns, row 0 north; affine transform (a, b, c, d, e, f); CRS; meta).
py::tuple kde_tuple(const kde_outcome& r) {
    const auto& g = r.grid;
    py::array_t<double> values({static_cast<py::ssize_t>(g.rows), static_cast<py::ssize_t>(g.columns)});
    std::memcpy(values.mutable_data(), r.kde.values.data(), r.kde.values.size() * sizeof(double));
    const py::tuple transform = py::make_tuple(g.cell_width(), 0.0, g.min_x, 0.0, -g.cell_height(), g.max_y);
    py::dict meta;
    meta["kernel"] = analysis::to_string(r.options.kernel);
    meta["bandwidth_km"] = r.options.bandwidth / 1000;
    meta["units"] = "weight per km2";
    meta["points"] = r.used;
    meta["left_out"] = r.projected - r.used;
    meta["input"] = r.what;
    meta["ends"] = r.ends;
    meta["ends_without_location"] = r.without_location;
    meta["peak"] = r.kde.peak;
    meta["total_weight"] = r.kde.total_weight;
    meta["truncation_radius_km"] = r.kde.cutoff / 1000;
    meta["truncation_error_bound"] = r.kde.error_bound;
    return py::make_tuple(values, transform, r.crs, meta);
}

py::tuple kde(const loaded_atlas* a, const analysis::filter& f, const std::string& points, const std::string& x,
              const std::string& y, const std::string& weight, double bandwidth_km, const std::string& kernel,
              std::optional<double> cell_km, std::optional<std::pair<std::size_t, std::size_t>> size,
              const std::string& crs_given, std::optional<std::vector<double>> extent, const std::string& extent_from,
              const std::string& extent_layer, std::optional<double> tolerance, std::optional<unsigned> threads) {
    check_kde_arguments(a, points, bandwidth_km, cell_km, size, extent, tolerance, threads);
    const kde_outcome r = without_gil([&] {
        kde_outcome o;
        const cli::point_input in = kde_input(a, f, points, x, y, weight);
        o.crs = crs_given.empty() ? cli::default_crs(in.lonlat) : crs_given;
        std::vector<geometry::point> projected = in.lonlat;
        const geometry::projection proj("EPSG:4326", o.crs);
        proj.forward(projected);
        o.options = kde_settings(bandwidth_km, kernel, tolerance, threads);
        o.grid = kde_grid(kde_extent(extent, extent_from, extent_layer, proj, projected, o.options), size, cell_km,
                          o.options);
        std::vector<geometry::point> usable;
        std::vector<double> weights;
        cli::finite_points(projected, in.weights, usable, weights);
        o.kde = analysis::kernel_density(usable, weights, o.grid, o.options);
        o.used = usable.size();
        o.projected = projected.size();
        o.what = in.what;
        o.ends = in.ends;
        o.without_location = in.without_location;
        return o;
    });
    return kde_tuple(r);
}

} // namespace

void bind_analysis(py::module_& m) {
    py::class_<analysis::filter>(m, "Filter", "Which partnerships an analysis takes (empty lists: all).")
        .def_readonly("kinds", &analysis::filter::kinds)
        .def_readonly("themes", &analysis::filter::themes)
        .def_readonly("sources", &analysis::filter::sources)
        .def_readonly("countries", &analysis::filter::countries)
        .def_readonly("year_from", &analysis::filter::year_from)
        .def_readonly("year_to", &analysis::filter::year_to)
        .def_readonly("keep_undated", &analysis::filter::keep_undated)
        .def_readonly("two_sided_only", &analysis::filter::two_sided_only)
        .def("describe", &analysis::filter::describe, "'kinds=convention; years=2000–2009 (undated kept)'")
        .def("__repr__", [](const analysis::filter& f) { return "Filter(" + f.describe() + ")"; });

    m.def("make_filter", &make_filter, py::arg("kind"), py::arg("theme"), py::arg("source"), py::arg("country"),
          py::arg("from_year"), py::arg("to_year"), py::arg("undated"), py::arg("two_sided"),
          "A partnership filter from the options of the command line (lists may hold comma-separated words); "
          "raises InputError for a year outside 1900-2100 or undated other than keep/drop.");

    m.def("coverage", &coverage, py::arg("atlas"), py::arg("filter"), py::arg("level"), py::arg("vintage"),
          py::arg("zone"), py::arg("roll_down"), py::arg("population"), py::arg("geometry"),
          "Coverage of a partition (coopatlas coverage): columns, meta and optionally WKB geometries.");
    m.def("flows", &flows, py::arg("atlas"), py::arg("filter"), py::arg("from_level"), py::arg("from_vintage"),
          py::arg("from_zone"), py::arg("to_level"), py::arg("to_vintage"), py::arg("to_zone"), py::arg("roll_down"),
          py::arg("segment_km"), py::arg("geometry"),
          "Origin-destination matrix between two partitions (coopatlas flows).");
    m.def("unit_density", &unit_density, py::arg("atlas"), py::arg("filter"), py::arg("level"), py::arg("vintage"),
          py::arg("zone"), py::arg("roll_down"), py::arg("population"), py::arg("geometry"),
          "Partnerships per 10,000 km2 and per 100,000 inhabitants per unit (coopatlas density --level).");
    m.def("kde", &kde, py::arg("atlas"), py::arg("filter"), py::arg("points"), py::arg("x"), py::arg("y"),
          py::arg("weight"), py::arg("bandwidth"), py::arg("kernel"), py::arg("cell"), py::arg("size"), py::arg("crs"),
          py::arg("extent"), py::arg("extent_from"), py::arg("extent_layer"), py::arg("tolerance"), py::arg("threads"),
          "Kernel density surface (coopatlas density --kde): (values rows x columns, row 0 north; affine "
          "transform (a, b, c, d, e, f); CRS; meta).");
}

} // namespace coopatlas::python
