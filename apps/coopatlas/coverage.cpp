// coopatlas coverage: which units of a partition take part in cooperation, the
// shares of the zone they make by count, area and population, and the density
// of partnerships per unit.

#include "analysis_options.hpp"
#include "command.hpp"
#include "output_options.hpp"
#include "text_table.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/io/analysis_tables.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace coopatlas::cli {

using text::join;

namespace {

std::vector<std::string> names_of(const model::atlas& atlas, const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const auto& id : ids) out.push_back(atlas.at(id).display_name());
    return out;
}

void print(const model::atlas& atlas, const analysis::coverage_result& r, std::ostream& out) {
    out << "coverage of " << r.part.describe() << "\nmethod: " << r.method << "\n\n";
    text_table table({"unit", "name", "engaged", "how", "partn.", "req. (demand)", "area km2", "population", "per 10k km2",
                      "per 100k inh."},
                     {false, false, false, false, true, true, true, true, true, true});
    for (const auto& u : r.rows)
        table.add({u.unit_id, u.name, u.engaged ? "yes" : "no", u.how, std::to_string(u.partnerships),
                   u.requests ? std::to_string(u.requests) + " (" + fixed(u.demand, 0) + ")" : std::string(),
                   fixed(u.area_km2, 0), fixed(u.population, 0), fixed(u.per_10k_km2, 2),
                   fixed(u.per_100k_inhabitants, 3)});
    table.print(out);
    const auto& t = r.totals;
    out << "\nengaged: " << t.engaged << " of " << t.units << " units (" << percent(t.share_count) << " by count, "
        << percent(t.share_area) << " by area, " << percent(t.share_population) << " by population)\n";
    out << "area: " << fixed(t.engaged_area_km2, 0) << " of " << fixed(t.area_km2, 0) << " km2";
    if (t.units_without_area) out << " (" << t.units_without_area << " units without polygon)";
    out << "\npopulation: " << fixed(t.engaged_population, 0) << " of " << fixed(t.population, 0);
    if (t.units_without_population) out << " (" << t.units_without_population << " units without population)";
    out << "\npartnerships on the partition: " << t.partnerships << "; project requests: " << t.requests
        << " records, " << fixed(t.demand, 0) << " requests";
    if (t.requests > 0 && t.requests_without_requesters == 0)
        out << " from " << fixed(t.requesters, 0) << " collectivities";
    else if (t.requests > 0)
        out << " (" << t.requests_without_requesters << " record" << (t.requests_without_requesters > 1 ? "s" : "")
            << " without a number of requesters)";
    out << '\n';
    out << "\ngaps (" << r.gaps.size() << (r.gaps.size() == 1 ? " unit" : " units") << " not engaged): " << join(names_of(atlas, r.gaps), ", ") << '\n';
    out << "demand without partnership (" << r.demand_without_partnership.size()
        << "): " << join(names_of(atlas, r.demand_without_partnership), ", ") << '\n';
    std::vector<std::string> notes;
    for (const auto& u : r.rows)
        for (const auto& n : u.notes) notes.push_back(u.name + " \xE2\x86\x90 " + n);
    print_section(out, "how parties reach units (anchors, other vintages, roll-down, locations)", notes);
    print_section(out, "selected partnerships reaching no unit (" + std::to_string(r.unmapped.size()) + ")", r.unmapped);
}

} // namespace

const char* coverage_usage() {
    static const std::string text = std::string(
        "usage: coopatlas coverage --level LEVEL [--vintage V] [--zone ZONE] [filter options] [--roll-down]\n"
        "                          [--population field|places|field-or-places] [--output DATASET [output options]]\n"
        "\n"
        "For every unit of a level (region, province, commune, ...: 'coopatlas info' lists\n"
        "the atlas's levels and vintages), optionally within a zone (a country code, or\n"
        "an entity id such as MA:region:2009:13 in the embedded atlas):\n"
        "whether it is engaged and how, its partnerships, its project requests, geodesic\n"
        "area, population, and partnerships per 10,000 km2 and per 100,000 inhabitants;\n"
        "then the zone's shares by count, area and population, the gaps (units not\n"
        "engaged) and the units with project requests but no partnership.\n"
        "\n"
        "A unit is engaged when a selected partnership (project requests apart) has a\n"
        "party that is the unit, stands on it (anchor) or lies inside it (hierarchy, else\n"
        "location). A party of another vintage (a 2009 region reported on 2015 regions) is\n"
        "carried through its provinces or departements onto every unit they fall in: a\n"
        "split region counts in each part, and the notes say so. A coarser party (a region\n"
        "agreement reported on communes) engages nothing unless --roll-down is given.\n"
        "Counts are distinct partnership records; project requests count apart (demand =\n"
        "the sum of their count field).\n"
        "\n"
        "  --level LEVEL      units to report on (required)\n"
        "  --vintage V        administrative map of the level (required when it has several)\n"
        "  --zone ZONE        country code or entity id restricting the units (default: all)\n"
        "  --roll-down        let a party coarser than the level engage all its units\n"
        "  --population SRC   field (the unit's own), places (sum of the places inside it) or\n"
        "                     field-or-places (the field when present; default)\n"
        "  --output DATASET   .csv or '-': the table, one row per unit plus a zone row, each\n"
        "                     naming its level, vintage, zone, filter and denominators; .gpkg,\n"
        "                     .geojson, .shp, PG:... or any GDAL vector driver: the units with\n"
        "                     their figures as attributes (layer 'coverage'), styled as coopatlas\n"
        "                     maps them (per_10k_km2 in 5 quantile classes, YlGnBu) for QGIS.\n"
        "                     Without it the table is printed.\n"
        "\n") +
        output_help() + "\n" + filter_help() +
        std::string(
        "\n"
        "example:\n"
        "  coopatlas coverage --level region --vintage 2009 --zone MA --kind decentralised_cooperation\n"
        "  coopatlas coverage --level departement --zone FR --output atlas.gpkg --layer-name departements\n");
    return text.c_str();
}

int run_coverage(const arguments& args, std::ostream& out, std::ostream& err) {
    if (!args.positional.empty())
        throw usage_error("coverage takes no file argument ('" + args.positional.front() + "'); see coopatlas coverage --help");
    if (!args.has("level"))
        throw usage_error("coverage needs --level (region, province, departement, commune, place); see coopatlas coverage --help");
    analysis::partition part;
    part.level = args.get("level");
    part.vintage = args.get("vintage");
    part.zone = args.get("zone");
    analysis::coverage_options options;
    options.roll_down = args.has("roll-down");
    if (args.has("population")) options.population = analysis::parse_population_source(args.get("population"));
    const analysis::filter f = filter_from(args);
    io::vector_write_options write = write_options(args);
    const std::string path = args.get("output");
    const bool plain_csv = io::writes_plain_csv(path, write.format);

    const auto manifest = io::read_manifest(manifest_path(args));
    protect(write, manifest);
    if (args.has("output")) io::check_vector_output(path, write, "coverage", plain_csv);  // before any work
    const model::atlas& atlas = keep_until_exit(io::load_atlas(manifest));
    analysis::check_filter(f, atlas);
    const auto result = analysis::coverage(atlas, f, part, options);
    note_repaired(result, err);

    if (!args.has("output")) {
        print(atlas, result, out);
        return 0;
    }
    io::feature_table table = io::coverage_table(atlas, result);
    if (!plain_csv) {
        table.rows.pop_back();  // the zone row has no geometry; it is in the CSV and on the terminal
        table.geometries.pop_back();
        write.style = default_style(table, "per_10k_km2");
    }
    const io::write_result written = io::write_table(path, table, write);
    for (const auto& note : written.notes) err << "note: " << note << '\n';
    err << "wrote " << path << (plain_csv ? std::string() : " (layer " + written.layer + ")") << " (" << result.rows.size() << " units; " << result.totals.engaged << " engaged, "
        << percent(result.totals.share_count) << " by count, " << percent(result.totals.share_area) << " by area)\n";
    return 0;
}

} // namespace coopatlas::cli
