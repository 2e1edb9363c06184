#include "command.hpp"
#include "table_options.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/io/table_source.hpp>
#include <coopatlas/text/nearest.hpp>

#include <filesystem>
#include <optional>
#include <unordered_set>

namespace coopatlas::cli {

namespace {

bool is_csv(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    return ext == ".csv" || ext == ".CSV" || ext == ".tsv" || ext == ".txt";
}

// `header`: the table already read, for a CSV file or a sheet (its coordinate columns).
std::vector<diagnostic> check_entity_file(const io::table_source& source, const io::csv_table* header,
                                          const model::atlas& atlas) {
    std::vector<diagnostic> problems;
    const bool tabular = header != nullptr;
    std::vector<std::string> layers = {source.sheet};
    if (source.sheet.empty() && !is_csv(source.path)) layers = io::list_layers(source.path);
    for (const auto& layer : layers) {
        io::layer_spec spec;
        spec.path = source.path;
        spec.layer = layer;
        spec.encoding = source.csv.encoding;
        // a table of entities may carry coordinates
        if (tabular && header->column("lon") && header->column("lat")) {
            spec.x_field = "lon";
            spec.y_field = "lat";
        }
        // lines or points among polygon units, missing or empty geometries, invalid polygons
        std::vector<diagnostic> geometry_problems;
        const auto entities = io::read_entity_layer(spec, &geometry_problems);
        problems.insert(problems.end(), geometry_problems.begin(), geometry_problems.end());
        std::unordered_set<std::string> ids;
        long n = 0;
        for (const auto& e : entities) {
            ++n;
            const long where = tabular ? n + 1 : n;
            if (!ids.insert(e.id).second) problems.push_back({source.path, where, 0, "id", "duplicate id '" + e.id + "'", {}});
            if (atlas.find(e.id)) problems.push_back({source.path, where, 0, "id", "id '" + e.id + "' is already in the atlas", "an added file must bring new entities"});
            for (const auto& p : e.parent_ids)
                if (!atlas.find(p) && !ids.count(p))
                    problems.push_back({source.path, where, 0, "parent_ids", "unknown parent '" + p + "' of '" + e.id + "'", {}});
        }
    }
    return problems;
}

// Checks one file; `rows` receives the number of partnerships read, `name` how to call it,
// `notes` the choices a resolution rule made in it.
std::vector<diagnostic> check_file(const io::table_source& source, model::atlas& atlas,
                                   std::optional<model::prefer_unit> prefer, std::size_t& rows, std::string& name,
                                   std::vector<diagnostic>& notes) {
    name = source.path;
    if (!std::filesystem::exists(source.path)) return {{source.path, 0, 0, {}, "no such file", {}}};
    try {
        if (!io::is_spreadsheet(source.path) && !is_csv(source.path)) return check_entity_file(source, nullptr, atlas);
        const io::csv_table table = io::read_table(source);
        name = table.path;
        if (!table.column("party_a") && !table.column("id")) {
            std::vector<std::string> headers;
            for (const auto& h : table.header) headers.push_back(h.value);
            return {{table.path, 1, 0, {}, "no party_a column (a partnership table) nor id column (an entity table)",
                     "name the columns with --column, e.g. --column 'party_a=Collectivité marocaine'; the header has " +
                         text::join_list(headers)}};
        }
        if (!table.column("party_a")) return check_entity_file(source, &table, atlas);
        auto read = io::read_partnership_table(table, atlas, prefer);
        rows = read.partnerships.size();
        notes = std::move(read.notes);
        return std::move(read.problems);
    } catch (const input_error& e) {
        return e.diagnostics();
    }
}

} // namespace

int run_validate(const arguments& args, std::ostream& out, std::ostream& err) {
    const auto options = table_options(args, "validate", err);
    if (!options) return 2;
    std::optional<model::prefer_unit> prefer;
    if (args.has("prefer") && !(prefer = model::parse_prefer_unit(args.get("prefer")))) {
        err << "coopatlas validate: --prefer takes municipality, larger_unit or none, not '" << args.get("prefer") << "'\n";
        return 2;
    }
    const io::atlas_manifest manifest = io::read_manifest(manifest_path(args));
    std::vector<io::table_source> sources;
    for (const auto& path : args.positional) sources.push_back(table_named(path, *options));
    if (sources.empty()) sources = manifest.partnership_tables;  // the atlas's own tables
    if (sources.empty()) {
        err << "coopatlas validate: give at least one file; the manifest lists no partnership table "
               "(see coopatlas validate --help)\n";
        return 2;
    }
    io::load_options load;
    load.load_partnerships = false;  // the files under test may be the atlas's own
    model::atlas& atlas = keep_until_exit(io::load_atlas(manifest, load));  // deferred layers are read when a name needs them

    std::size_t total = 0;
    for (const auto& source : sources) {
        std::size_t rows = 0;
        std::string name;
        std::vector<diagnostic> notes;
        const std::vector<diagnostic> problems = check_file(source, atlas, prefer, rows, name, notes);
        for (const auto& n : notes) out << n.to_string() << '\n';  // choices made for the reader
        for (const auto& d : problems) err << d.to_string() << '\n';
        if (problems.empty()) out << name << ": ok" << (rows ? " (" + std::to_string(rows) + " partnerships)" : "") << '\n';
        total += problems.size();
    }
    if (total) err << total << " problem" << (total > 1 ? "s" : "") << " found; nothing was written\n";
    return total ? 1 : 0;
}

} // namespace coopatlas::cli
