#include "command.hpp"
#include "text_table.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/model/atlas.hpp>

#include <algorithm>
#include <iomanip>
#include <map>
#include <tuple>
#include <vector>

namespace coopatlas::cli {

namespace {

void print_counts(const char* title, const char* option, const std::map<std::string, std::size_t>& values,
                  std::ostream& out) {
    out << title << " (" << values.size() << (option[0] ? std::string(", ") + option : std::string()) << "):\n";
    for (const auto& [value, n] : values)
        out << "  " << std::left << std::setw(34) << value << std::right << std::setw(6) << n << '\n';
}

int print_vocabulary(const model::atlas& atlas, std::ostream& out) {
    const analysis::vocabulary v = analysis::vocabulary_of(atlas);
    print_counts("kinds", "--kind", v.kinds, out);
    print_counts("themes", "--theme", v.themes, out);
    print_counts("sources", "--source", v.sources, out);
    print_counts("party countries", "--country", v.countries, out);
    print_counts("levels (entities)", "--level", v.levels, out);
    return 0;
}

std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// The parents that placement by geometry gives each entity it places (id,parent_ids, ids
// joined by '|'), for the manifest's `hierarchy` key: an entity listed there is not placed
// again at load. Every placed entity has a row, with no parent when none was found.
int write_hierarchy(const io::atlas_manifest& manifest, const std::string& target, std::ostream& out) {
    io::load_options raw_options, placed_options;
    raw_options.place_by_geometry = false;
    raw_options.load_partnerships = placed_options.load_partnerships = false;
    placed_options.stored_hierarchy = false;
    model::atlas raw = io::load_atlas(manifest, raw_options);
    model::atlas placed = io::load_atlas(manifest, placed_options);
    raw.load_deferred();
    placed.load_deferred();
    std::string csv = "id,parent_ids\n";
    std::size_t rows = 0, links = 0;
    for (const auto& e : placed.entities()) {
        if (e.rank < 0 || std::holds_alternative<std::monostate>(placed.location(e))) continue;
        const auto& before = raw.at(e.id).parent_ids;
        std::string parents;
        for (const auto& p : e.parent_ids) {
            if (std::find(before.begin(), before.end(), p) != before.end()) continue;
            parents += (parents.empty() ? "" : "|") + p;
            ++links;
        }
        csv += csv_field(e.id) + "," + csv_field(parents) + "\n";
        ++rows;
    }
    std::vector<std::string> inputs;
    for (const auto& f : manifest.input_files())
        if (std::none_of(manifest.hierarchy_tables.begin(), manifest.hierarchy_tables.end(),
                         [&](const io::table_source& t) { return t.path == f; }))
            inputs.push_back(f);  // the hierarchy it replaces is the one input it may write
    io::write_text_file(target, csv, inputs);
    out << "hierarchy: " << rows << " placed entities, " << links << " parent links -> " << target << '\n';
    return 0;
}

} // namespace

int run_info(const arguments& args, std::ostream& out, std::ostream&) {
    const auto manifest = io::read_manifest(manifest_path(args));
    if (args.has("hierarchy") && args.has("vocabulary")) throw usage_error("give --vocabulary or --hierarchy, not both");
    if (args.has("hierarchy")) return write_hierarchy(manifest, args.get("hierarchy"), out);
    const model::atlas& atlas = keep_until_exit(io::load_atlas(manifest));
    if (args.has("vocabulary")) return print_vocabulary(atlas, out);

    out << (manifest.title.empty() ? "atlas" : manifest.title) << "\n  manifest: " << manifest.path << "\n\n";

    std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, int>> units;  // count, with polygon
    std::map<std::tuple<std::string, std::string, std::string>, int> ranks;                 // of the first entity
    int context_countries = 0;
    const model::entity* previous = nullptr;  // entities come layer by layer: one map look-up a run
    std::pair<int, int>* run = nullptr;
    for (const auto& e : atlas.entities()) {
        // background countries are context for maps: one line for all of them
        if (e.level == "country") {
            ++context_countries;
            continue;
        }
        if (!previous || e.country != previous->country || e.level != previous->level || e.vintage != previous->vintage) {
            run = &units[{e.country, e.level, e.vintage}];
            ranks.try_emplace({e.country, e.level, e.vintage}, e.rank);
        }
        previous = &e;
        ++run->first;
        if (e.is_areal()) ++run->second;
    }
    out << "entities: " << atlas.size() << " (" << context_countries << " countries for context and partners)\n";
    out << "  " << std::left << std::setw(8) << "country" << std::setw(15) << "level" << std::setw(9) << "vintage"
        << std::right << std::setw(7) << "count" << std::setw(10) << "polygons" << std::setw(6) << "rank" << '\n';
    for (const auto& [key, c] : units) {
        const auto& [country, level, vintage] = key;
        out << "  " << std::left << std::setw(8) << country << std::setw(15) << level << std::setw(9)
            << (vintage.empty() ? "-" : vintage) << std::right << std::setw(7) << c.first << std::setw(10) << c.second
            << std::setw(6) << (ranks[key] < 0 ? std::string("-") : std::to_string(ranks[key])) << '\n';
    }

    std::map<std::string, int> by_kind, by_source;
    int one_sided = 0, dated = 0, without_location = 0;
    for (const auto& p : atlas.partnerships()) {
        ++by_kind[p.kind];
        ++by_source[p.source];
        if (!p.two_sided()) ++one_sided;
        if (p.year) ++dated;
        for (const model::party* side : {&p.a, &p.b}) {
            if (side->empty()) continue;
            if (std::holds_alternative<std::monostate>(atlas.location(atlas.at(side->entity_id)))) ++without_location;
        }
    }
    out << "\npartnerships: " << atlas.partnerships().size() << " (" << dated << " dated, " << one_sided
        << " one-sided requests)\n";
    for (const auto& [kind, n] : by_kind) out << "  " << std::left << std::setw(28) << kind << std::right << std::setw(5) << n << '\n';
    out << "by source:\n";
    for (const auto& [source, n] : by_source) out << "  " << std::left << std::setw(28) << source << std::right << std::setw(5) << n << '\n';
    out << "party ends without any location: " << without_location << '\n';
    // names that a resolution rule settled, so that no choice stays silent
    std::vector<std::string> notes;
    for (const auto& p : atlas.partnerships())
        for (const model::party* side : {&p.a, &p.b})
            for (const auto& n : side->notes) notes.push_back(p.id + ": " + n);
    print_section(out, "parties settled by a resolution rule (" + std::to_string(notes.size()) + ")", notes);
    if (!manifest.credits.empty()) {
        out << "\ncredits:\n";
        for (const auto& c : manifest.credits) out << "  " << c << '\n';
    }
    return 0;
}

} // namespace coopatlas::cli
