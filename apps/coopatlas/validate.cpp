#include "command.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/partnership_table.hpp>

#include <filesystem>
#include <optional>
#include <unordered_set>

namespace coopatlas::cli {

namespace {

std::vector<diagnostic> check_entity_file(const std::string& path, const model::atlas& atlas) {
    std::vector<diagnostic> problems;
    for (const auto& layer : io::list_layers(path)) {
        io::layer_spec spec;
        spec.path = path;
        spec.layer = layer;
        // a CSV of entities may carry coordinates
        if (std::filesystem::path(path).extension() == ".csv") {
            const auto header = io::read_csv(path);
            if (header.column("lon") && header.column("lat")) {
                spec.x_field = "lon";
                spec.y_field = "lat";
            }
        }
        const auto entities = io::read_entity_layer(spec);
        std::unordered_set<std::string> ids;
        long n = 0;
        for (const auto& e : entities) {
            ++n;
            const long where = std::filesystem::path(path).extension() == ".csv" ? n + 1 : n;
            if (!ids.insert(e.id).second) problems.push_back({path, where, 0, "id", "duplicate id '" + e.id + "'", {}});
            if (atlas.find(e.id)) problems.push_back({path, where, 0, "id", "id '" + e.id + "' is already in the atlas", "an added file must bring new entities"});
            for (const auto& p : e.parent_ids)
                if (!atlas.find(p) && !ids.count(p))
                    problems.push_back({path, where, 0, "parent_ids", "unknown parent '" + p + "' of '" + e.id + "'", {}});
        }
    }
    return problems;
}

} // namespace

int run_validate(const arguments& args, std::ostream& out, std::ostream& err) {
    if (args.positional.empty()) {
        err << "coopatlas validate: give at least one file (see coopatlas validate --help)\n";
        return 2;
    }
    std::optional<model::prefer_unit> prefer;
    if (args.has("prefer") && !(prefer = model::parse_prefer_unit(args.get("prefer")))) {
        err << "coopatlas validate: --prefer takes municipality, larger_unit or none, not '" << args.get("prefer") << "'\n";
        return 2;
    }
    io::load_options options;
    options.load_partnerships = false;  // the files under test may be the atlas's own
    const model::atlas atlas = io::load_atlas(io::read_manifest(manifest_path(args)), options);

    std::size_t total = 0;
    for (const auto& path : args.positional) {
        std::vector<diagnostic> problems;
        std::size_t rows = 0;
        try {
            if (!std::filesystem::exists(path)) {
                problems.push_back({path, 0, 0, {}, "no such file", {}});
            } else if (std::filesystem::path(path).extension() == ".csv" && io::read_csv(path).column("party_a")) {
                auto table = io::read_partnership_table(path, atlas, prefer);
                problems = std::move(table.problems);
                for (const auto& n : table.notes) out << n.to_string() << '\n';  // choices made for the reader
                rows = table.partnerships.size();
            } else {
                problems = check_entity_file(path, atlas);
            }
        } catch (const input_error& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
        for (const auto& d : problems) err << d.to_string() << '\n';
        if (problems.empty()) out << path << ": ok" << (rows ? " (" + std::to_string(rows) + " partnerships)" : "") << '\n';
        total += problems.size();
    }
    if (total) err << total << " problem" << (total > 1 ? "s" : "") << " found; nothing was written\n";
    return total ? 1 : 0;
}

} // namespace coopatlas::cli
