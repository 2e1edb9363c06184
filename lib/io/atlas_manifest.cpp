#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <limits>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {

std::string resolve_path(const fs::path& base, const std::string& p) {
    const fs::path given(p);
    return given.is_absolute() ? given.string() : (base / given).lexically_normal().string();
}

[[noreturn]] void bad_key(const std::string& path, const YAML::Node& node, const std::string& message,
                          const std::string& suggestion = {}) {
    const auto mark = node.Mark();
    throw input_error(diagnostic{path, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0, {},
                                 message, suggestion});
}

std::vector<std::string> string_list(const std::string& path, const YAML::Node& node, const char* key) {
    std::vector<std::string> out;
    const YAML::Node n = node[key];
    if (!n) return out;
    if (n.IsScalar()) {
        out.push_back(n.as<std::string>());
    } else if (n.IsSequence()) {
        for (const auto& item : n) out.push_back(item.as<std::string>());
    } else {
        bad_key(path, n, std::string("'") + key + "' must be a file name or a list of them");
    }
    return out;
}

field_source* mapped_field(layer_spec& spec, const std::string& name) {
    static const std::pair<const char*, field_source layer_spec::*> table[] = {
        {"id", &layer_spec::id},           {"country", &layer_spec::country},     {"level", &layer_spec::level},
        {"vintage", &layer_spec::vintage}, {"code", &layer_spec::code},           {"code_iso", &layer_spec::code_iso},
        {"name", &layer_spec::name},       {"name_ar", &layer_spec::name_ar},     {"name_tfng", &layer_spec::name_tfng},
        {"name_en", &layer_spec::name_en}, {"alt_names", &layer_spec::alt_names}, {"parent_ids", &layer_spec::parent_ids},
        {"anchor_id", &layer_spec::anchor_id}, {"disputed", &layer_spec::disputed},
        {"population", &layer_spec::population}, {"source", &layer_spec::source},
    };
    for (const auto& [key, member] : table)
        if (name == key) return &(spec.*member);
    return nullptr;
}

layer_spec read_layer(const std::string& path, const fs::path& base, const YAML::Node& node) {
    if (!node.IsMap()) bad_key(path, node, "each layer must be a map with at least 'file'");
    static const char* known[] = {"file", "layer", "where", "level", "country", "vintage", "source", "rank",
                                  "id_template", "x", "y", "fields", "list_separator"};
    for (const auto& kv : node) {
        const std::string key = kv.first.as<std::string>();
        if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return key == k; })) {
            std::string near;
            std::size_t best = 3;
            for (const char* k : known) {
                const std::size_t d = text::edit_distance(key, k);
                if (d < best) {
                    best = d;
                    near = k;
                }
            }
            bad_key(path, kv.first, "unknown layer key '" + key + "'", near.empty() ? "" : "did you mean '" + near + "'?");
        }
    }
    layer_spec spec;
    if (!node["file"]) bad_key(path, node, "layer without 'file'");
    spec.path = resolve_source(base.string(), node["file"].as<std::string>());  // PG:…, /vsizip/… as given
    if (node["layer"]) spec.layer = node["layer"].as<std::string>();
    if (node["where"]) spec.where = node["where"].as<std::string>();
    if (node["id_template"]) spec.id_template = node["id_template"].as<std::string>();
    if (const YAML::Node rank = node["rank"]) {
        const auto r = text::parse_integer(rank.IsScalar() ? rank.Scalar() : std::string{}, 0,
                                           std::numeric_limits<int>::max());
        if (!r) bad_key(path, rank, "rank " + r.problem, r.suggestion);
        spec.rank = static_cast<int>(*r);
    }
    if (node["x"]) spec.x_field = node["x"].as<std::string>();
    if (node["y"]) spec.y_field = node["y"].as<std::string>();
    if (node["list_separator"]) spec.list_separator = node["list_separator"].as<std::string>().at(0);
    for (const char* constant : {"level", "country", "vintage", "source"}) {
        if (node[constant]) mapped_field(spec, constant)->constant = node[constant].as<std::string>();
    }
    if (const YAML::Node fields = node["fields"]) {
        if (!fields.IsMap()) bad_key(path, fields, "'fields' must map attributes to field names");
        for (const auto& kv : fields) {
            const std::string attr = kv.first.as<std::string>();
            field_source* target = mapped_field(spec, attr);
            if (!target) bad_key(path, kv.first, "unknown attribute '" + attr + "' in fields", "see shapefiles/SCHEMA.md");
            target->field = kv.second.as<std::string>();
        }
    }
    return spec;
}

} // namespace

std::vector<std::string> atlas_manifest::input_files() const {
    std::vector<std::string> files = {path};
    for (const auto& l : layers) files.push_back(l.path);
    files.insert(files.end(), alias_files.begin(), alias_files.end());
    files.insert(files.end(), partnership_files.begin(), partnership_files.end());
    return files;
}

atlas_manifest read_manifest(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw input_error(diagnostic{path, 0, 0, {}, "cannot open manifest", "pass --data DIR or set COOPATLAS_DATA"});
    } catch (const YAML::Exception& e) {
        throw input_error(diagnostic{path, e.mark.line + 1, e.mark.column + 1, {}, e.msg, {}});
    }
    const fs::path base = fs::path(path).parent_path();
    atlas_manifest m;
    m.path = path;
    if (root["title"]) m.title = root["title"].as<std::string>();
    if (const YAML::Node layers = root["layers"]) {
        if (!layers.IsSequence()) bad_key(path, layers, "'layers' must be a list");
        for (const auto& l : layers) m.layers.push_back(read_layer(path, base, l));
    }
    for (const auto& f : string_list(path, root, "aliases")) m.alias_files.push_back(resolve_path(base, f));
    for (const auto& f : string_list(path, root, "partnerships")) m.partnership_files.push_back(resolve_path(base, f));
    m.credits = string_list(path, root, "credits");
    return m;
}

void load_aliases(const std::string& path, model::atlas& atlas) {
    const csv_table t = read_csv(path);
    const auto alias = t.column("alias"), id = t.column("entity_id");
    if (!alias || !id) throw input_error(diagnostic{path, 1, 0, {}, "alias table needs columns alias,entity_id", {}});
    std::vector<diagnostic> problems;
    for (const auto& r : t.records) {
        if (*alias >= r.fields.size() || *id >= r.fields.size()) continue;
        const std::string entity_id(text::trim(r.fields[*id].value));
        if (!atlas.find(entity_id)) {
            problems.push_back(diagnostic{path, r.line, r.fields[*id].column, "entity_id", "unknown entity id '" + entity_id + "'", {}});
            continue;
        }
        atlas.add_alias(std::string(text::trim(r.fields[*alias].value)), entity_id);
    }
    if (!problems.empty()) throw input_error(std::move(problems));
}

model::atlas load_atlas(const atlas_manifest& manifest, const load_options& options) {
    model::atlas atlas;
    for (const auto& spec : manifest.layers) {
        for (auto& e : read_entity_layer(spec)) atlas.add(std::move(e));
    }
    // parent and anchor ids must name loaded entities: a typo here would silently cut the hierarchy
    std::vector<diagnostic> problems;
    for (const auto& e : atlas.entities()) {
        for (const auto& p : e.parent_ids)
            if (!atlas.find(p)) problems.push_back(diagnostic{e.origin, 0, 0, "parent_ids", "entity '" + e.id + "' names unknown parent '" + p + "'", {}});
        if (!e.anchor_id.empty() && !atlas.find(e.anchor_id))
            problems.push_back(diagnostic{e.origin, 0, 0, "anchor_id", "entity '" + e.id + "' names unknown anchor '" + e.anchor_id + "'", {}});
    }
    if (!problems.empty()) throw input_error(std::move(problems));
    for (const auto& f : manifest.alias_files) load_aliases(f, atlas);
    if (options.place_by_geometry) atlas.place_by_geometry();
    if (options.load_partnerships) {
        for (const auto& f : manifest.partnership_files)
            for (auto& p : load_partnerships(f, atlas)) atlas.add(std::move(p));
    }
    return atlas;
}

model::atlas load_atlas(const std::string& manifest_path, const load_options& options) {
    return load_atlas(read_manifest(manifest_path), options);
}

std::string default_data_dir() {
    if (const char* env = std::getenv("COOPATLAS_DATA"); env && *env) return env;
    if (fs::exists(fs::path(COOPATLAS_SOURCE_DATA_DIR) / "atlas.yaml")) return COOPATLAS_SOURCE_DATA_DIR;
    return COOPATLAS_DEFAULT_DATA_DIR;
}

std::string default_manifest() { return (fs::path(default_data_dir()) / "atlas.yaml").string(); }

} // namespace coopatlas::io
