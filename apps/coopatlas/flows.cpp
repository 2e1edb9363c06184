// coopatlas flows: the origin–destination matrix of partnerships between two
// partitions, ranked corridors, partnership lengths and the partnership graph.

#include "analysis_options.hpp"
#include "command.hpp"
#include "option_value.hpp"
#include "output_options.hpp"
#include "text_table.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/io/analysis_tables.hpp>
#include <coopatlas/analysis/network.hpp>
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
#include <limits>
#include <sstream>

namespace coopatlas::cli {

using text::join;

namespace {

double number(const std::string& option, const std::string& value, double min) {
    const double v = number_option(option, value);
    if (!(v >= min)) throw error("--" + option + " '" + value + "' is not a number of at least " + fixed(min, 0));
    return v;
}

void print(const analysis::flow_result& r, const analysis::network_result& net, std::size_t top, std::ostream& out) {
    out << "flows from " << r.from.describe() << " to " << r.to.describe() << "\nmethod: " << r.method << "\n\n";
    out << "partnerships: " << r.partnerships << " two-sided selected, " << r.mapped << " in the matrix, "
        << r.cells.size() << " corridors (non-empty cells)\n\n";
    out << "ranked corridors" << (r.cells.size() > top ? " (top " + std::to_string(top) + ")" : std::string()) << ":\n";
    text_table corridors({"rank", "from", "to", "count", "km", "partnerships"}, {true, false, false, true, true, false});
    for (std::size_t i = 0; i < r.cells.size() && i < top; ++i) {
        const auto& c = r.cells[i];
        corridors.add({std::to_string(c.rank), c.from_name, c.to_name, std::to_string(c.count), fixed(c.length_km, 0),
                       join(c.partnership_ids, " ")});
    }
    corridors.print(out);

    out << "\npartnership lengths (geodesic, between the parties):\n";
    text_table lengths({"levels", "n", "min km", "median km", "max km"}, {false, true, true, true, true});
    for (const auto& s : r.length_summaries)
        lengths.add({s.level_pair, std::to_string(s.count), fixed(s.min_km, 0), fixed(s.median_km, 0), fixed(s.max_km, 0)});
    lengths.print(out);

    out << "\nnetwork (" << net.method << "):\n";
    out << "  " << net.nodes.size() << " entities, " << net.edges << " partnerships, " << net.components.size()
        << " connected components; largest: " << (net.components.empty() ? 0 : net.components.front().entity_ids.size())
        << " entities\n";
    text_table degrees({"entity", "name", "level", "degree", "partners"}, {false, false, false, true, false});
    for (std::size_t i = 0; i < net.nodes.size() && i < top; ++i) {
        const auto& n = net.nodes[i];
        degrees.add({n.id, n.name, n.level, std::to_string(n.degree), join(n.partner_ids, " ")});
    }
    out << "  highest degrees (distinct partners):\n";
    degrees.print(out, "  ", 60);

    std::vector<std::string> notes;
    for (const auto& c : r.cells)
        for (const auto& n : c.notes) notes.push_back(c.from_name + " \xE2\x86\x92 " + c.to_name + ": " + n);
    print_section(out, "how parties reach units (anchors, other vintages, roll-down, locations)", notes);
    print_section(out, "selected partnerships outside the matrix (" + std::to_string(r.unmapped.size()) + ")",
                  r.unmapped);
}

} // namespace

const char* flows_usage() {
    static const std::string text = std::string(
        "usage: coopatlas flows --from-level LEVEL [--from-vintage V] [--from-zone Z] --to-level LEVEL\n"
        "                       [--to-vintage V] [--to-zone Z] [filter options] [--roll-down]\n"
        "                       [--output DATASET [output options]] [--lengths FILE.csv] [--top N]\n"
        "\n"
        "Aggregates the selected two-sided partnerships into an origin-destination matrix\n"
        "between two partitions (the regions of one country x those of the other, ...):\n"
        "each cell counts distinct partnerships and lists them. A partnership is oriented\n"
        "so that one party maps onto the origin and the other onto the destination\n"
        "(party a first); parties map onto units as in 'coopatlas coverage', and a party\n"
        "over several units (a split region) counts in each cell. Prints the ranked\n"
        "corridors, the geodesic length of the partnerships between the parties (a point,\n"
        "the anchor's point, or a point on the surface of a polygon) with min, median and\n"
        "max per level pair, and the partnership graph: the degree of each entity\n"
        "(distinct partners) and the connected components.\n"
        "\n"
        "  --from-level LEVEL, --from-vintage V, --from-zone Z\n"
        "                     origin partition (see coopatlas coverage --help)\n"
        "  --to-level LEVEL, --to-vintage V, --to-zone Z\n"
        "                     destination partition\n"
        "  --roll-down        let a party coarser than a level map onto all its units\n"
        "  --output DATASET   .csv or '-': the cells (rank, ids, names, count, partnerships,\n"
        "                     length, partitions and filter on every row); .gpkg, .geojson, .shp,\n"
        "                     PG:... or any GDAL vector driver: one geodesic LineString per cell\n"
        "                     with the same attributes (layer 'flows'). Without it the results\n"
        "                     are printed.\n"
        "  --lengths DATASET  the length of every partnership in the matrix: a CSV table (or a\n"
        "                     table without geometry in any GDAL format); never the --output file\n"
        "  --segment-km KM    largest distance between vertices of a flow line (default 100)\n"
        "  --top N            corridors and degrees printed (default 20)\n"
        "\n") +
        output_help() + "\n" + filter_help() +
        std::string(
        "\n"
        "example:\n"
        "  coopatlas flows --from-level region --from-vintage 2009 --to-level region --to-vintage 2015 \\\n"
        "                  --to-zone FR --output flows.gpkg\n");
    return text.c_str();
}

int run_flows(const arguments& args, std::ostream& out, std::ostream& err) {
    if (!args.positional.empty())
        throw usage_error("flows takes no file argument ('" + args.positional.front() + "'); see coopatlas flows --help");
    for (const char* needed : {"from-level", "to-level"})
        if (!args.has(needed))
            throw usage_error(std::string("flows needs --") + needed + " (e.g. --from-level region --from-vintage 2009 "
                        "--to-level region --to-vintage 2015); see coopatlas flows --help");
    analysis::partition from{args.get("from-level"), args.get("from-vintage"), args.get("from-zone")};
    analysis::partition to{args.get("to-level"), args.get("to-vintage"), args.get("to-zone")};
    analysis::flow_options options;
    options.roll_down = args.has("roll-down");
    if (args.has("segment-km")) options.max_segment_km = number("segment-km", args.get("segment-km"), 1);
    const std::size_t top = args.has("top")
                                ? static_cast<std::size_t>(whole_option("top", args.get("top"), 1,
                                                                        std::numeric_limits<long long>::max()))
                                : 20;
    const analysis::filter f = filter_from(args);
    io::vector_write_options write = write_options(args);
    const std::string path = args.get("output");
    // --lengths is a table of its own: the format and layer name of --output are not its
    io::vector_write_options write_lengths = write;
    write_lengths.format.clear();
    write_lengths.layer_name.clear();
    write_lengths.layer_options.clear();
    write_lengths.dataset_options.clear();
    const std::string lengths_path = args.get("lengths");

    const auto manifest = io::read_manifest(manifest_path(args));
    protect(write, manifest);
    protect(write_lengths, manifest);
    // before any work: each output on its own, then one against the other
    if (args.has("output")) io::check_vector_output(path, write, "flows", io::writes_plain_csv(path, write.format));
    if (args.has("lengths"))
        io::check_vector_output(lengths_path, write_lengths, "lengths", io::writes_plain_csv(lengths_path, {}));
    if (args.has("output") && args.has("lengths"))
        check_distinct_outputs({{"--output", path}, {"--lengths", lengths_path}}, write);
    const model::atlas& atlas = keep_until_exit(io::load_atlas(manifest));
    analysis::check_filter(f, atlas);
    const auto result = analysis::flows(atlas, f, from, to, options);

    if (args.has("lengths")) {
        (void)io::write_table(lengths_path, io::flow_lengths_table(result), write_lengths);
        err << "wrote " << lengths_path << " (" << result.lengths.size() << " partnership lengths)\n";
    }
    if (!args.has("output")) {
        print(result, analysis::network(atlas, f), top, messages({lengths_path}, out, err));
        return 0;
    }
    const io::feature_table table = io::flow_cells_table(result);
    const io::write_result written = io::write_table(path, table, write);
    for (const auto& note : written.notes) err << "note: " << note << '\n';
    err << "wrote " << path
        << (io::writes_plain_csv(path, write.format) ? std::string() : " (layer " + written.layer + ")") << " (" << result.cells.size() << " corridors from " << result.mapped << " partnerships)\n";
    return 0;
}

} // namespace coopatlas::cli
