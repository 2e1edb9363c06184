// `coopatlas COMMAND --help --manifest M`: examples written with that atlas's own levels,
// vintages, countries and ids, so that a planner with another country pair can copy them.
#include "help_examples.hpp"

#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/model/atlas.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace coopatlas::cli {

namespace {

// The units of one level, vintage and country that have a polygon.
struct unit_set {
    std::string country, level, vintage;
    int rank = 0;
    std::size_t count = 0;
    const model::entity* example = nullptr;  // one unit, the first by id
};

std::vector<unit_set> areal_unit_sets(const model::atlas& a) {
    std::map<std::tuple<std::string, std::string, std::string>, unit_set> sets;
    for (const auto& e : a.entities()) {
        if (!e.is_areal() || e.rank == 0) continue;  // units, not countries (a level without a rank is -1)
        auto& s = sets[{e.country, e.level, e.vintage}];
        s.country = e.country, s.level = e.level, s.vintage = e.vintage, s.rank = e.rank;
        ++s.count;
        if (!s.example || e.id < s.example->id) s.example = &e;
    }
    std::vector<unit_set> out;
    for (auto& [key, s] : sets) out.push_back(s);
    // the most detailed sets first, then the largest: the units a coverage map is made of
    std::sort(out.begin(), out.end(), [](const unit_set& x, const unit_set& y) {
        return std::tie(y.count, x.country, x.level, x.vintage) < std::tie(x.count, y.country, y.level, y.vintage);
    });
    return out;
}

std::string quoted(const std::string& s) {
    return s.find_first_of(" '\"") == std::string::npos ? s : "\"" + s + "\"";
}

std::string level_options(const std::string& prefix, const unit_set& s) {
    std::string o = "--" + prefix + "level " + s.level;
    if (!s.vintage.empty()) o += " --" + prefix + "vintage " + s.vintage;
    return o;
}

// One unit set per country, the largest of each, two countries at most.
std::vector<unit_set> one_per_country(const std::vector<unit_set>& sets) {
    std::vector<unit_set> out;
    for (const auto& s : sets) {
        if (std::any_of(out.begin(), out.end(), [&](const unit_set& o) { return o.country == s.country; })) continue;
        out.push_back(s);
        if (out.size() == 2) break;
    }
    return out;
}

// A unit of a coarser level that contains units of `s`, to show an id as a zone.
const model::entity* coarser_zone(const model::atlas& a, const unit_set& s) {
    const model::entity* zone = nullptr;
    for (const model::entity* up : a.ancestors(*s.example))
        if (up->rank >= 1 && up->rank < s.rank && up->country == s.country && (!zone || up->rank > zone->rank)) zone = up;
    return zone;
}

} // namespace

void print_atlas_examples(const std::string& command, const arguments& args, std::ostream& out) {
    const std::string manifest = manifest_path(args);
    io::load_options options;
    options.load_partnerships = false;
    model::atlas a;
    try {
        a = io::load_atlas(manifest, options);
    } catch (const error& e) {
        out << "\n(no examples: the atlas " << manifest << " does not load: " << e.what() << ")\n";
        return;
    }
    const auto sets = one_per_country(areal_unit_sets(a));
    const std::string with = (args.has("manifest") ? " --manifest " : " --data ") +
                             quoted(args.has("manifest") ? args.get("manifest") : args.get("data"));
    std::vector<std::string> lines;
    if (sets.empty()) {
        out << "\n(no examples: the atlas " << manifest << " has no unit with a polygon)\n";
        return;
    }
    const unit_set& first = sets.front();
    if (command == "coverage" || command == "density") {
        const std::string tail = command == "coverage" ? "" : " --output per_unit.csv";
        for (const auto& s : sets)
            lines.push_back("coopatlas " + command + " " + level_options("", s) + " --zone " + s.country + tail + with);
        if (const model::entity* zone = coarser_zone(a, first))
            lines.push_back("coopatlas " + command + " " + level_options("", first) + " --zone " + zone->id + tail + with +
                            "   # the " + first.level + " units of " + zone->display_name());
    } else if (command == "flows") {
        const unit_set& to = sets.size() > 1 ? sets[1] : first;
        lines.push_back("coopatlas flows " + level_options("from-", first) + " --from-zone " + first.country + " " +
                        level_options("to-", to) + " --to-zone " + to.country + with);
    } else if (command == "validate" || command == "resolve") {
        const model::entity& e = *first.example;
        lines.push_back("a party is written by its name (" + quoted(e.display_name()) + "), with hints (\"" +
                        e.display_name() + " (" + e.level + ", " + e.country + ")\"), or by its id (" + e.id + ")");
    } else if (command == "info") {
        for (const auto& s : sets)
            lines.push_back(s.country + ": " + std::to_string(s.count) + " " + s.level + (s.vintage.empty() ? "" : " " + s.vintage) +
                            " units, e.g. " + s.example->id + " (" + s.example->display_name() + ")");
    }
    if (lines.empty()) return;
    out << "\nexamples with the atlas " << manifest << ":\n";
    for (const auto& l : lines) out << "  " << l << '\n';
}

} // namespace coopatlas::cli
