#include "analysis_options.hpp"
#include "command.hpp"
#include "help_examples.hpp"
#include "output_options.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>
#include <coopatlas/version.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <sstream>

namespace coopatlas::cli {

std::string arguments::get(const std::string& key, const std::string& fallback) const {
    auto it = options.find(key);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> arguments::all(const std::string& key) const {
    auto it = options.find(key);
    return it == options.end() ? std::vector<std::string>{} : it->second;
}

arguments parse(const command& cmd, int argc, char** argv, int first) {
    arguments args;
    auto is = [](const std::vector<std::string>& list, const std::string& s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (int i = first; i < argc; ++i) {
        std::string word = argv[i];
        if (word.rfind("--", 0) != 0 || word == "--") {
            args.positional.push_back(word);
            continue;
        }
        std::string key = word.substr(2), value;
        const auto eq = key.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (is(cmd.flags, key)) {
            args.options[key].push_back("1");
        } else if (is(cmd.valued, key)) {
            if (!inline_value) {
                if (i + 1 >= argc) throw usage_error("option --" + key + " needs a value (see coopatlas " + cmd.name + " --help)");
                value = argv[++i];
            }
            args.options[key].push_back(value);
        } else {
            std::string near;
            for (const auto* list : {&cmd.flags, &cmd.valued})
                for (const auto& k : *list)
                    if (text::edit_distance(key, k) <= 2) near = k;
            throw usage_error("unknown option --" + key + " for coopatlas " + cmd.name +
                        (near.empty() ? "" : " \xE2\x80\x94 did you mean --" + near + "?"));
        }
    }
    return args;
}

std::size_t memory_budget(const arguments& args) {
    constexpr double mb = 1024.0 * 1024.0;
    if (args.has("max-memory")) {
        const auto n = text::parse_number(args.get("max-memory"));
        if (!n || !(*n > 0) || *n > 1e9)
            throw usage_error("--max-memory '" + args.get("max-memory") +
                              "' must be a positive number of megabytes (e.g. --max-memory 4096)");
        return static_cast<std::size_t>(*n * mb);
    }
    double available = 0;
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream in(line.substr(13));
        double kb = 0;
        if (in >> kb) available = kb * 1024;
    }
    return static_cast<std::size_t>(std::max(256 * mb, available / 4));
}

void check_memory(const arguments& args, double bytes, const std::string& what) {
    const auto budget = static_cast<double>(memory_budget(args));
    if (bytes <= budget) return;
    auto mib = [](double b) { return std::to_string(static_cast<long long>(std::ceil(b / (1024.0 * 1024.0)))); };
    throw error(what + " needs about " + mib(bytes) + " MB, more than the memory limit of " + mib(budget) + " MB" +
                (args.has("max-memory") ? " (--max-memory)" : " (a quarter of the available memory)") +
                " \xE2\x80\x94 ask for fewer pixels or cells, or raise the limit with --max-memory MB");
}

std::string manifest_path(const arguments& args) {
    if (args.has("manifest")) return args.get("manifest");
    if (args.has("data")) return (std::filesystem::path(args.get("data")) / "atlas.yaml").string();
    return io::default_manifest();
}

} // namespace coopatlas::cli

namespace {

using namespace coopatlas::cli;

const char* common_options =
    "  --data DIR         folder holding atlas.yaml (default: $COOPATLAS_DATA or the embedded data)\n"
    "  --manifest FILE    atlas manifest to load instead\n"
    "  --help             this text (with --data or --manifest: examples in that atlas's codes)\n";

const command commands[] = {
    {"info", "summarise the loaded atlas and partnerships",
     "usage: coopatlas info [--vocabulary | --hierarchy FILE] [--data DIR | --manifest FILE]\n\n"
     "Loads the atlas and prints what it holds: entities by country, level and\n"
     "vintage; partnerships by kind and source; parties without geometry.\n"
     "  --vocabulary       list instead every value the partnership filter accepts\n"
     "                     (kinds, themes, sources, party countries) and the levels,\n"
     "                     each with its number of partnerships (of entities for levels)\n"
     "  --hierarchy FILE   write instead the parents that placement by geometry gives\n"
     "                     each entity (id,parent_ids), layers read on demand included,\n"
     "                     for the manifest's 'hierarchy' key: listed entities are not\n"
     "                     placed again at each load\n",
     {"help", "vocabulary"}, {"data", "manifest", "hierarchy"}, &run_info},
    {"validate", "check partnership and entity files, reporting every problem",
     "usage: coopatlas validate [FILE...] [--sheet NAME] [--separator SEP] [--encoding ENC]\n"
     "                          [--column OURS=HEADER ...] [--prefer RULE]\n"
     "                          [--data DIR | --manifest FILE]\n\n"
     "Checks each file against the atlas without writing anything; with no FILE, the\n"
     "partnership tables the manifest lists, read as it says. Partnership tables (a\n"
     "party_a column): required columns, unique ids, 4-digit years, every party known\n"
     "(with suggestions). Entity layers (any GDAL source in the atlas schema): ids unique\n"
     "and not already in the atlas, names, parents known. A table is a CSV file or a\n"
     "sheet of an .xlsx or .ods file (first row = header; FILE.xlsx[NAME] or --sheet\n"
     "names the sheet, else the first). Choices made by a resolution rule (the\n"
     "municipality rule, the vintage in force in the year) are printed as notes. Exit\n"
     "status 0 when all files are clean, 1 otherwise.\n\n"
     "  --sheet NAME          sheet of a spreadsheet (default: the first)\n"
     "  --separator SEP       CSV separator: ',', ';', tab (default: detected from the header)\n"
     "  --encoding ENC        CSV encoding: utf-8 (default), windows-1252 (cp1252),\n"
     "                        latin-1 (iso-8859-1), utf-16\n"
     "  --column OURS=HEADER  read our column OURS (party_a, year, ...) from the file's\n"
     "                        column HEADER; repeat for each column\n"
     "  --prefer RULE         a name that is both a commune and the province, préfecture or\n"
     "                        département named after it: municipality (default: the\n"
     "                        commune unless the row says otherwise), larger_unit, or none;\n"
     "                        default from the manifest's resolution.prefer\n",
     {"help"}, {"data", "manifest", "sheet", "separator", "encoding", "column", "prefer"}, &run_validate},
    {"resolve", "fill in the party ids of a partnership table; list what needs a person",
     "usage: coopatlas resolve TABLE -o OUT.csv [--prefer municipality|larger_unit|none]\n"
     "                         [--sheet NAME] [--separator SEP] [--encoding ENC]\n"
     "                         [--column OURS=HEADER ...] [--data DIR | --manifest FILE]\n\n"
     "Reads a partnership table (id, kind, party_a, party_b, year, source; a CSV file or\n"
     "a sheet of an .xlsx or .ods file, read as validate reads it) and settles each party\n"
     "as validate does: by id (in party_a_id or in party_a itself), by name or alias,\n"
     "with hints (party_a_level, party_a_country columns, or a qualifier: 'Rabat\n"
     "(commune)', 'Limburg (NL)', 'Limburg (Netherlands)', 'Provence-Alpes-Côte d'Azur\n"
     "(2015)'), the vintage in force in the row's year, and the municipality rule (see\n"
     "--prefer). Writes a copy of the table, with the file's own headers, party_a_id and\n"
     "party_b_id filled, a 'review' column holding, for each row it could not settle,\n"
     "the problem and the candidates, and a 'resolution_note' column for each choice a\n"
     "rule made. The input is never written over; the output is written atomically\n"
     "(.csv in UTF-8 with commas, or any vector format by extension). Prints how many\n"
     "rows were resolved, by which rule, and which need a person. Exit status 0 when the\n"
     "file was written (even with rows to review), 1 when the table cannot be read.\n\n"
     "  -o FILE, --output FILE   the copy to write\n"
     "  --prefer RULE            a name that is both a commune and the province,\n"
     "                           préfecture or département named after it:\n"
     "                           municipality (default: the commune, unless the row\n"
     "                           gives a level or the other party is a province,\n"
     "                           département or region), larger_unit, or none (keep it\n"
     "                           for review); default from the manifest's resolution.prefer\n"
     "  --sheet NAME             sheet of a spreadsheet (default: the first)\n"
     "  --separator SEP          CSV separator: ',', ';', tab (default: detected)\n"
     "  --encoding ENC           CSV encoding: utf-8 (default), windows-1252, latin-1, utf-16\n"
     "  --column OURS=HEADER     read our column OURS from the file's column HEADER\n"
     "  --raw-csv                write the .csv copy's cells as they are; by default a cell\n"
     "                           starting with =, +, -, @, a tab or a carriage return (which a\n"
     "                           spreadsheet would run as a formula) gets a leading ', plain\n"
     "                           numbers such as -3.5 excepted\n",
     {"help", "raw-csv"}, {"data", "manifest", "output", "prefer", "sheet", "separator", "encoding", "column"},
     &run_resolve},
    {"render", "draw a thematic map from a map spec to PNG, SVG or PDF",
     "usage: coopatlas render SPEC -o OUT.png|OUT.svg|OUT.pdf [-o ...] [--dpi N | --scale S]\n"
     "                        [--report] [--timings] [--quiet] [--strict-fonts] [--data DIR | --manifest FILE]\n\n"
     "Reads a map spec (YAML: title, frames or layers, data, analysis, styles; every key\n"
     "is described in README.md, section \"Map specs\"), runs its data step and draws the\n"
     "map to each output, whose format follows the extension: PNG (antialiased, at the\n"
     "spec's dpi or --dpi/--scale), SVG (text as text, one <g id> per layer, identical\n"
     "bytes for identical input) or PDF (vectors, selectable text). Files are written\n"
     "atomically and never over an input. Labels that find no room are left out, never\n"
     "drawn over another label.\n\n"
     "  -o FILE, --output FILE   output file; repeat for several formats of one map\n"
     "  --dpi N                  PNG resolution (default: the spec's, else 96)\n"
     "  --scale S                PNG pixels per page pixel (dpi / 96)\n"
     "  --max-memory MB          memory a PNG may take (default: a quarter of the available\n"
     "                           memory, at least 256 MB); a larger image is refused before\n"
     "                           any drawing\n"
     "  --report                 print the data step, scale bars, north arrows, what each\n"
     "                           layer drew (circles, dashed paths, arrowheads) and labels\n"
     "  --timings                print TIME (wall) and CPU (all threads) seconds per stage\n"
     "  --strict-fonts           a font the spec names that is not installed is an error\n"
     "                           (status 1), not a warning naming the family used instead\n"
     "  --quiet                  print nothing on success (warnings still go to stderr)\n",
     {"help", "report", "timings", "quiet", "strict-fonts"}, {"data", "manifest", "output", "dpi", "scale", "max-memory"}, &run_render},
    {"atlas", "render a book (cover, contents, maps, a page per unit, tables) to PDF, PNG and SVG pages", atlas_usage(),
     {"help", "quiet"}, {"data", "manifest", "output", "png", "svg", "html", "scale", "tables"}, &run_atlas},
    {"coverage", "engaged units of a zone: shares by count, area and population; density", coverage_usage(),
     concat(concat({"help", "roll-down"}, filter_flags()), output_flags()),
     concat(concat({"data", "manifest", "level", "vintage", "zone", "population"}, filter_options()), output_options()),
     &run_coverage},
    {"flows", "origin-destination matrix, ranked corridors, lengths and partnership network", flows_usage(),
     concat(concat({"help", "roll-down"}, filter_flags()), output_flags()),
     concat(concat({"data", "manifest", "from-level", "from-vintage", "from-zone", "to-level", "to-vintage", "to-zone",
                    "lengths", "segment-km", "top"},
                   filter_options()),
            output_options()),
     &run_flows},
    {"density", "kernel density surface, square/hex grid counts, or partnerships per unit area/inhabitants",
     density_usage(),
     concat(concat({"help", "kde", "all-cells", "lonlat", "roll-down", "timings"}, filter_flags()), output_flags()),
     concat(concat({"data", "manifest", "points", "x", "y", "weight", "bandwidth", "kernel", "cell", "size", "crs",
                    "extent", "extent-from", "extent-layer", "tolerance", "threads", "grid", "level", "vintage",
                    "zone", "population", "outliers", "max-memory"},
                   filter_options()),
            output_options()),
     &run_density},
    {"pip", "count points in polygons",
     "usage: coopatlas pip --polygons FILE [--layer L] [--where SQL] --points FILE.csv --output DATASET\n"
     "                     [--x COL --y COL] [--fields F1,F2,...] [--threads N] [--timings]\n\n"
     "Counts the points of a CSV table (lon/lat columns) lying strictly inside each\n"
     "polygon of a vector layer (any GDAL source; transformed to lon/lat when it is in\n"
     "another CRS). Points on a boundary or in a hole are outside; a point inside two\n"
     "overlapping polygons counts for both. The test is planar in lon/lat, as GeoPandas\n"
     "sjoin, PostGIS ST_Contains and Boost.Geometry within compute it.\n\n"
     "The polygons are indexed once (R-tree of part envelopes, per-part edge bands and a\n"
     "lookup grid whose cells are classified inside/outside/boundary); the table is\n"
     "read and the points counted on --threads threads (default: all cores).\n\n"
     "  --polygons FILE    polygon layer (GeoPackage, Shapefile, GeoJSON, ...)\n"
     "  --layer L          layer name (default: the first)\n"
     "  --where SQL        OGR SQL attribute filter, e.g. \"adm0_a3 IN ('FRA','MAR','SAH')\"\n"
     "  --points FILE.csv  CSV with a header; coordinates in lon/lat (WGS 84)\n"
     "  --x COL, --y COL   coordinate columns (default: lon/longitude/lng/x, lat/latitude/y)\n"
     "  --fields LIST      polygon attributes to copy into the output (default: all)\n"
     "  --threads N        worker threads (default: all cores)\n"
     "  --timings          print the time of each stage on stderr\n"
     "  --output DATASET   .csv or '-': one row per polygon, in layer order: the fields, then\n"
     "                     count; .gpkg, .geojson, .shp, PG:..., any GDAL vector driver: the\n"
     "                     polygons with those fields and count\n"
     "  --format, --layer-name, --overwrite, --append, --lco, --dsco\n"
     "                     as in ogr2ogr (see coopatlas coverage --help)\n"
     "  --raw-csv          write CSV text cells as they are (by default a cell that a\n"
     "                     spreadsheet would run as a formula, =..., +..., -..., @..., gets a\n"
     "                     leading '; plain numbers such as -3.5 are left alone)\n\n"
     "example (the W1 benchmark of bench/compare.sh):\n"
     "  coopatlas pip --polygons study.gpkg --layer study --fields adm0_a3,name \\\n"
     "      --points points_1e6.csv --output counts.csv\n",
     concat({"help", "timings"}, output_flags()),
     concat({"data", "manifest", "polygons", "layer", "where", "points", "x", "y", "fields", "threads"},
            output_options()),
     &run_pip},
    {"classify", "classify a numeric field for a choropleth: breaks, counts, labels", classify_usage(),
     concat({"help"}, output_flags()),
     concat({"data", "manifest", "input", "layer", "where", "field", "method", "classes", "breaks", "palette"},
            output_options()),
     &run_classify},
    {"clusters", "spatial clustering of a numeric field: Moran's I, LISA, Getis-Ord Gi*", clusters_usage(),
     concat({"help", "binary"}, output_flags()),
     concat({"data", "manifest", "input", "layer", "where", "field", "id", "weights", "k", "snap", "permutations",
             "seed", "significance", "x", "y"},
            output_options()),
     &run_clusters},
};

void print_usage(std::ostream& out) {
    out << "usage: coopatlas COMMAND [OPTIONS]\n\n"
           "Geospatial analysis and thematic maps of decentralised cooperation.\n\ncommands:\n";
    for (const auto& c : commands) out << "  " << c.name << std::string(12 - std::strlen(c.name), ' ') << c.summary << '\n';
    out << "\noptions common to all commands:\n" << common_options
        << "  --version          print the version\n\n"
           "Run 'coopatlas COMMAND --help' for a command's options.\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_usage(std::cout);
        return 0;
    }
    if (name == "--version") {
        std::cout << "coopatlas " << COOPATLAS_VERSION_STRING << '\n';
        return 0;
    }
    for (const auto& cmd : commands) {
        if (name != cmd.name) continue;
        coopatlas::cli::prepare_heap_for_a_run();
        try {
            const arguments args = parse(cmd, argc, argv, 2);
            if (args.has("help")) {
                std::cout << cmd.usage << "\noptions:\n" << common_options;
                // the embedded atlas's codes are the text's own; another atlas gets its own examples
                if (args.has("manifest") || args.has("data")) print_atlas_examples(cmd.name, args, std::cout);
                return 0;
            }
            if (!args.positional.empty() && name != "validate" && name != "render" && name != "resolve" &&
                name != "atlas")
                throw usage_error(name + " takes no file argument ('" + args.positional.front() + "'); see coopatlas " +
                                  name + " --help");
            return end_of_command(cmd.run(args, std::cout, std::cerr));
        } catch (const coopatlas::usage_error& e) {
            std::cerr << "coopatlas " << cmd.name << ": " << e.what() << '\n';
            return end_of_command(2);
        } catch (const coopatlas::error& e) {
            std::cerr << "coopatlas " << cmd.name << ": " << e.what() << '\n';
            return end_of_command(1);
        } catch (const std::bad_alloc&) {
            // What the user asked for did not fit in memory: their request, not our defect.
            std::cerr << "coopatlas " << cmd.name
                      << ": not enough memory for this request \xE2\x80\x94 ask for fewer pixels, cells or points\n";
            return end_of_command(1);
        } catch (const std::exception& e) {
            std::cerr << "coopatlas " << cmd.name << ": internal error: " << e.what() << '\n';
            return end_of_command(3);
        }
    }
    std::string near;
    for (const auto& c : commands)
        if (coopatlas::text::edit_distance(name, c.name) <= 2) near = c.name;
    std::cerr << "coopatlas: unknown command '" << name << "'"
              << (near.empty() ? "" : " \xE2\x80\x94 did you mean '" + near + "'?") << "\nRun 'coopatlas --help'.\n";
    return 2;
}
