// Reading an atlas manifest (atlas_loader.cpp loads the atlas it describes), and where the
// embedded data and the atlas cache are. Those folders stay here: lib/CMakeLists.txt gives
// this file, and only it, the paths they are found from.

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>

#include "io/library_file.hpp"
#include "io/yaml_values.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_map>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {

using detail::yaml_values;

std::string resolve_path(const fs::path& base, const std::string& p) {
    const fs::path given(p);
    return given.is_absolute() ? given.string() : (base / given).lexically_normal().string();
}

field_source* mapped_field(layer_spec& spec, const std::string& name) {
    static const std::pair<const char*, field_source layer_spec::*> table[] = {
        {"id", &layer_spec::id},           {"country", &layer_spec::country},     {"level", &layer_spec::level},
        {"vintage", &layer_spec::vintage}, {"code", &layer_spec::code},           {"code_iso", &layer_spec::code_iso},
        {"feature_code", &layer_spec::feature_code},
        {"name", &layer_spec::name},       {"name_ar", &layer_spec::name_ar},     {"name_tfng", &layer_spec::name_tfng},
        {"name_en", &layer_spec::name_en}, {"alt_names", &layer_spec::alt_names}, {"parent_ids", &layer_spec::parent_ids},
        {"anchor_id", &layer_spec::anchor_id}, {"disputed", &layer_spec::disputed},
        {"population", &layer_spec::population}, {"source", &layer_spec::source},
    };
    for (const auto& [key, member] : table)
        if (name == key) return &(spec.*member);
    return nullptr;
}

const std::vector<std::string> attributes = {
    "id",        "country", "level",     "vintage",    "code",      "code_iso", "feature_code", "name",  "name_ar",
    "name_tfng", "name_en", "alt_names", "parent_ids", "anchor_id", "disputed", "population",   "source", "names"};

text_encoding read_encoding(const yaml_values& y, const YAML::Node& node) {
    const std::string name = y.text(node, "encoding");
    if (const auto e = parse_text_encoding(name)) return *e;
    y.fail(node, "unknown encoding '" + name + "'", "known encodings: " + known_text_encodings());
}

// `names: {es: name_es, ar: NAME_AR}`: the fields holding names in other languages; the
// tags of the script fields (ar, tfng, zgh, en) map to those fields.
void read_names(const yaml_values& y, const YAML::Node& names, layer_spec& spec) {
    y.expect_map(names, "fields.names", "language tags to field names, e.g. {es: name_es}");
    for (const auto& kv : names) {
        const std::string language = y.text(kv.first, "fields.names");
        if (language != "tfng" && !text::is_language_tag(language))
            y.fail(kv.first, "'" + language + "' in fields.names is not a language tag",
                   "use an ISO 639 code, optionally with a region or script: es, de, pt-BR, zh-Hant");
        const std::string field = y.text(kv.second, "fields.names." + language);
        std::string attribute = "names." + language;
        field_source* target = nullptr;
        if (language == "ar") target = &spec.name_ar, attribute = "name_ar";
        else if (language == "tfng" || language == "zgh") target = &spec.name_tfng, attribute = "name_tfng";
        else if (language == "en") target = &spec.name_en, attribute = "name_en";
        else target = &spec.names[language];
        target->field = field;
        spec.origins["fields." + attribute] = y.origin(kv.second);
    }
}

void read_fields(const yaml_values& y, const YAML::Node& fields, layer_spec& spec) {
    y.expect_map(fields, "fields", "attributes to field names");
    for (const auto& kv : fields) {
        const std::string attr = y.text(kv.first, "fields");
        if (attr == "names") {
            read_names(y, kv.second, spec);
            continue;
        }
        field_source* target = mapped_field(spec, attr);
        if (!target) {
            const std::string near = text::nearest(attr, attributes);
            y.fail(kv.first, "unknown attribute '" + attr + "' in fields",
                   (near.empty() ? "" : "did you mean '" + near + "'? ") + "attributes: " + text::join_list(attributes) +
                       " (see shapefiles/SCHEMA.md)");
        }
        target->field = y.text(kv.second, "fields." + attr);
        spec.origins["fields." + attr] = y.origin(kv.second);
    }
}

layer_spec read_layer(const yaml_values& y, const fs::path& base, const YAML::Node& node) {
    if (!node.IsMap()) y.fail(node, "each layer must be a map with at least 'file', not " + detail::describe(node));
    y.check_keys(node, {"file", "layer", "sheet", "where", "level", "country", "vintage", "source", "rank", "id_template",
                        "x", "y", "fields", "list_separator", "encoding", "lazy"},
                 "layer");
    layer_spec spec;
    if (!node["file"]) y.fail(node, "layer without 'file'", "name the file to read");
    spec.path = resolve_source(base.string(), y.text(node["file"], "file"));  // PG:…, /vsizip/… as given
    if (node["layer"] && node["sheet"]) y.fail(node["sheet"], "give 'layer' or 'sheet', not both");
    for (const char* key : {"layer", "sheet"})
        if (node[key]) spec.layer = y.text(node[key], key);
    if (node["rank"]) spec.rank = y.integer(node["rank"], "rank", 0);
    if (node["list_separator"]) spec.list_separator = y.character(node["list_separator"], "list_separator");
    if (node["encoding"]) spec.encoding = read_encoding(y, node["encoding"]);
    if (const YAML::Node lazy = node["lazy"]) {
        const std::string v = y.text(lazy, "lazy");
        if (v == "true" || v == "yes") spec.lazy = true;
        else if (v == "false" || v == "no") spec.lazy = false;
        else y.fail(lazy, "'lazy' must be true or false, not '" + v + "'");
    }
    // settings the data may contradict: remember where they were written
    for (auto [key, member] : {std::pair{"where", &layer_spec::where}, std::pair{"id_template", &layer_spec::id_template},
                               std::pair{"x", &layer_spec::x_field}, std::pair{"y", &layer_spec::y_field}}) {
        if (!node[key]) continue;
        spec.*member = y.text(node[key], key);
        spec.origins[key] = y.origin(node[key]);
    }
    for (const char* constant : {"level", "country", "vintage", "source"})
        if (node[constant]) mapped_field(spec, constant)->constant = y.text(node[constant], constant);
    if (const YAML::Node fields = node["fields"]) read_fields(y, fields, spec);
    return spec;
}

// A table entry: a file name, or a map with the file and how to read it.
table_source read_table_entry(const yaml_values& y, const fs::path& base, const YAML::Node& node, const char* list,
                              const std::vector<std::string>& columns) {
    if (node.IsScalar()) return parse_table_name(resolve_path(base, node.Scalar()));
    if (!node.IsMap()) y.fail(node, std::string("each entry of '") + list + "' must be a file name or a map with 'file', not " + detail::describe(node));
    y.check_keys(node, {"file", "sheet", "layer", "separator", "encoding", "columns"}, list);
    if (!node["file"]) y.fail(node, std::string(list) + " entry without 'file'", "name the file to read");
    table_source source;
    source.path = resolve_path(base, y.text(node["file"], "file"));
    if (node["sheet"] && node["layer"]) y.fail(node["layer"], "give 'sheet' or 'layer', not both");
    for (const char* key : {"sheet", "layer"})
        if (node[key]) source.sheet = y.text(node[key], key);
    if (const YAML::Node sep = node["separator"]) {
        const auto c = parse_separator(y.text(sep, "separator"));
        if (!c) y.fail(sep, "unknown separator " + detail::describe(sep), "use \",\", \";\", tab, or auto");
        source.csv.separator = *c;
    }
    if (node["encoding"]) source.csv.encoding = read_encoding(y, node["encoding"]);
    if (const YAML::Node map = node["columns"]) {
        y.expect_map(map, "columns", "our column names to the file's headers");
        for (const auto& kv : map) {
            const std::string ours = y.text(kv.first, "columns");
            if (std::find(columns.begin(), columns.end(), ours) == columns.end()) {
                const std::string near = text::nearest(ours, columns);
                y.fail(kv.first, "unknown column '" + ours + "' in columns",
                       (near.empty() ? "" : "did you mean '" + near + "'? ") + "the columns are " + text::join_list(columns));
            }
            source.columns.emplace_back(ours, y.text(kv.second, "columns." + ours));
        }
    }
    return source;
}

std::vector<table_source> read_tables(const yaml_values& y, const fs::path& base, const YAML::Node& node,
                                      const char* key, const std::vector<std::string>& columns) {
    std::vector<table_source> out;
    if (!node) return out;
    if (node.IsScalar() || node.IsMap()) {
        out.push_back(read_table_entry(y, base, node, key, columns));
        return out;
    }
    y.expect_list(node, key, "files");
    for (const auto& item : node) out.push_back(read_table_entry(y, base, item, key, columns));
    return out;
}

// `resolution: {prefer: …}`: how a name that is both a commune and a larger unit is read.
model::prefer_unit read_resolution(const yaml_values& y, const YAML::Node& node) {
    y.expect_map(node, "resolution", "rules such as {prefer: municipality}");
    y.check_keys(node, {"prefer"}, "resolution");
    model::prefer_unit prefer = model::prefer_unit::municipality;
    if (const YAML::Node value = node["prefer"]) {
        const auto rule = model::parse_prefer_unit(y.text(value, "resolution.prefer"));
        if (!rule) y.fail(value, "resolution.prefer must be municipality, larger_unit or none");
        prefer = *rule;
    }
    return prefer;
}

YAML::Node load_yaml(const std::string& path) {
    // yaml-cpp opens a folder, then fails reading it with a std::ios_base::failure
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw input_error(diagnostic{path, 0, 0, {}, "is a folder, not a manifest", "name the manifest file in it (atlas.yaml)"});
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw input_error(diagnostic{path, 0, 0, {}, "cannot open manifest", "pass --data DIR or set COOPATLAS_DATA"});
    } catch (const YAML::Exception& e) {
        throw input_error(diagnostic{path, e.mark.line + 1, e.mark.column + 1, {}, e.msg, {}});
    }
}

atlas_manifest read_manifest_from(const std::string& path, std::vector<std::string>& reading);

// What tells a manifest apart from the others being read: its canonical path, else (a name
// too long for the system, a folder that cannot be searched) the path as written; opening
// it then says what is wrong.
std::string identity(const std::string& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? fs::path(path).lexically_normal().string() : canonical.string();
}

// `base: embedded` or a path: what this manifest builds on.
void read_base(const yaml_values& y, const fs::path& base, const YAML::Node& node, std::vector<std::string>& reading,
               atlas_manifest& m) {
    const std::string name = y.text(node, "base");
    if (name.empty()) y.fail(node, "'base' names no manifest", "give 'embedded' or the path of a manifest");
    const std::string file = name == "embedded" ? default_manifest() : resolve_path(base, name);
    if (std::find(reading.begin(), reading.end(), identity(file)) != reading.end())
        y.fail(node, "manifest '" + file + "' is its own base", "a base cannot include the manifest that names it");
    atlas_manifest b = read_manifest_from(file, reading);
    m.title = b.title;
    m.bases = std::move(b.bases);
    m.bases.push_back(b.path);
    m.layers = std::move(b.layers);
    m.alias_tables = std::move(b.alias_tables);
    m.hierarchy_tables = std::move(b.hierarchy_tables);
    // The base's partnerships are not inherited (a manifest reads its own), nor their credits.
    for (auto& c : b.credits)
        if (std::find(b.partnership_credits.begin(), b.partnership_credits.end(), c) == b.partnership_credits.end())
            m.credits.push_back(std::move(c));
    m.prefer = b.prefer;
    m.unit_words = std::move(b.unit_words);
}

// `layers`: added to the base's.
void read_layers(const yaml_values& y, const fs::path& base, const YAML::Node& layers, atlas_manifest& m) {
    y.expect_list(layers, "layers", "layers (maps with 'file')");
    for (const auto& l : layers) m.layers.push_back(read_layer(y, base, l));
    // the base's stored parents were placed without these layers, which may hold
    // parents of its entities: place them again
    m.hierarchy_tables.clear();
}

// `aliases` and `hierarchy` (added to the base's), and `partnerships` (this manifest's own).
void read_table_lists(const yaml_values& y, const fs::path& base, const YAML::Node& root, atlas_manifest& m) {
    for (auto& t : read_tables(y, base, root["aliases"], "aliases", {"alias", "entity_id", "note"}))
        m.alias_tables.push_back(std::move(t));
    m.partnership_tables = read_tables(y, base, root["partnerships"], "partnerships", partnership_columns());
    for (auto& t : read_tables(y, base, root["hierarchy"], "hierarchy", {"id", "parent_ids"}))
        m.hierarchy_tables.push_back(std::move(t));
}

// `credits`, then `partnership_credits`: credits too, remembered apart.
void read_credits(const yaml_values& y, const YAML::Node& root, atlas_manifest& m) {
    if (root["credits"])
        for (auto& c : y.texts(root["credits"], "credits")) m.credits.push_back(std::move(c));
    if (root["partnership_credits"]) {
        for (auto& c : y.texts(root["partnership_credits"], "partnership_credits")) {
            m.credits.push_back(c);
            m.partnership_credits.push_back(std::move(c));
        }
    }
}

// `extents`: names with [min lon, min lat, max lon, max lat], checked only.
void check_extents(const yaml_values& y, const YAML::Node& ex) {
    y.expect_map(ex, "extents", "names with [lon, lat, lon, lat]");
    for (const auto& kv : ex) {
        const std::string name = y.text(kv.first, "extents");
        if (!kv.second.IsSequence() || kv.second.size() != 4)
            y.fail(kv.second, "extent '" + name + "' is [min lon, min lat, max lon, max lat]");
        for (const auto& v : kv.second) {
            const std::string t = y.text(v, "extents");
            char* end = nullptr;
            (void)std::strtod(t.c_str(), &end);
            if (t.empty() || *end != '\0') y.fail(v, "extent '" + name + "': '" + t + "' is not a number");
        }
    }
}

// The words of a level (one word or a list): each a single word.
void read_unit_words(const yaml_values& y, const YAML::Node& words, const std::string& country,
                     const std::string& level, atlas_manifest& m) {
    for (const auto& node :
         words.IsScalar() ? std::vector<YAML::Node>{words} : std::vector<YAML::Node>(words.begin(), words.end())) {
        const std::string word = y.text(node, "words");
        if (text::fold(word).empty() || text::fold(word).find(' ') != std::string::npos)
            y.fail(node, "unit word '" + word + "' of level '" + level + "' must be one word",
                   "the word that begins a name of this level, e.g. 'wilaya' for 'Wilaya de Tlemcen'");
        m.unit_words.push_back({word, country, level});
    }
}

// Levels per country: {DZ: {wilaya: {rank: 2, words: [wilaya]}}, "*": {…}}.
void read_levels(const yaml_values& y, const YAML::Node& lv, atlas_manifest& m) {
    y.expect_map(lv, "levels", "countries (or \"*\") with their levels");
    std::map<std::string, int> ranks;
    for (const auto& c : lv) {
        const std::string country = y.text(c.first, "levels");
        y.expect_map(c.second, "levels." + country, "levels with {rank: N}");
        for (const auto& l : c.second) {
            const std::string level = y.text(l.first, "levels." + country);
            y.expect_map(l.second, "levels." + country + "." + level, "rank and words");
            y.check_keys(l.second, {"rank", "words"}, "level '" + level + "'");
            if (l.second["rank"]) ranks[country + "/" + level] = y.integer(l.second["rank"], "rank", 0);
            if (const YAML::Node words = l.second["words"]) read_unit_words(y, words, country, level, m);
        }
    }
    for (auto& layer : m.layers)
        for (const auto& [k, r] : ranks) layer.level_ranks[k] = r;
}

// `projections`: names with PROJ definitions, checked only.
void check_projections(const yaml_values& y, const YAML::Node& pr) {
    y.expect_map(pr, "projections", "names with PROJ definitions");
    for (const auto& kv : pr) (void)y.text(kv.second, "projections");
}

// The keys of a manifest, its base first, each checked where it is written.
void read_keys(const yaml_values& y, const fs::path& base, const YAML::Node& root, std::vector<std::string>& reading,
               atlas_manifest& m) {
    y.check_keys(root,
                 {"title", "base", "layers", "aliases", "partnerships", "resolution", "credits", "extents",
                  "projections", "levels", "hierarchy", "partnership_credits"},
                 "manifest");
    if (root["base"]) read_base(y, base, root["base"], reading, m);
    if (root["title"]) m.title = y.text(root["title"], "title");
    if (const YAML::Node layers = root["layers"]) read_layers(y, base, layers, m);
    read_table_lists(y, base, root, m);
    if (const YAML::Node resolution = root["resolution"]) m.prefer = read_resolution(y, resolution);
    read_credits(y, root, m);
    // Named areas and projections for map specs (read again by the spec reader).
    if (const YAML::Node ex = root["extents"]) check_extents(y, ex);
    if (const YAML::Node lv = root["levels"]) read_levels(y, lv, m);
    if (const YAML::Node pr = root["projections"]) check_projections(y, pr);
}

atlas_manifest read_manifest_from(const std::string& path, std::vector<std::string>& reading) {
    const YAML::Node root = load_yaml(path);
    const yaml_values y(path);
    const fs::path base = fs::path(path).parent_path();
    atlas_manifest m;
    m.path = path;
    if (root.IsNull()) return m;
    reading.push_back(identity(path));
    if (!root.IsMap()) y.fail(root, "a manifest must be a map of keys (title, layers, …), not " + detail::describe(root));
    try {
        read_keys(y, base, root, reading, m);
    } catch (const YAML::Exception& e) {
        // a safety net: a value read without a typed check still names its place
        throw input_error(diagnostic{path, e.mark.line + 1, e.mark.column + 1, {}, e.msg, {}});
    }
    reading.pop_back();
    return m;
}

} // namespace

std::vector<std::string> atlas_manifest::input_files() const {
    std::vector<std::string> files = {path};
    files.insert(files.end(), bases.begin(), bases.end());
    for (const auto& l : layers) files.push_back(l.path);
    for (const auto& t : alias_tables) files.push_back(t.path);
    for (const auto& t : partnership_tables) files.push_back(t.path);
    for (const auto& t : hierarchy_tables) files.push_back(t.path);
    return files;
}

atlas_manifest read_manifest(const std::string& path) {
    std::vector<std::string> reading;
    return read_manifest_from(path, reading);
}

namespace {

bool has_manifest(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "atlas.yaml", ec);
}

// Whether `file` lies inside folder `dir` (both absolute and normalised).
bool inside(const fs::path& file, const fs::path& dir) {
    auto f = file.begin();
    for (auto d = dir.begin(); d != dir.end(); ++d, ++f) {
        if (d->empty() && std::next(d) == dir.end()) break;  // trailing separator
        if (f == file.end() || *f != *d) return false;
    }
    return true;
}

} // namespace

std::string default_data_dir() {
    if (const char* env = std::getenv("COOPATLAS_DATA"); env && *env) return env;
    const fs::path module = detail::library_file();
    if (module.empty()) return COOPATLAS_CONFIGURED_DATA_DIR;
    // installed: <prefix>/lib/libcoopatlas.so -> <prefix>/share/coopatlas, wherever <prefix> is
    const fs::path installed = (module.parent_path() / COOPATLAS_MODULE_TO_DATA_DIR).lexically_normal();
    if (has_manifest(installed)) return installed.string();
    // not installed yet: the library (or a static build's executable) still in its build tree
    std::error_code ec;
    const fs::path build_tree = fs::weakly_canonical(COOPATLAS_BUILD_TREE, ec);
    if (!ec && inside(module, build_tree) && has_manifest(COOPATLAS_SOURCE_DATA_DIR)) return COOPATLAS_SOURCE_DATA_DIR;
    return installed.string();
}

std::string atlas_cache_dir() {
    if (const char* env = std::getenv("COOPATLAS_CACHE")) {
        const std::string dir = env;
        return dir == "off" ? std::string() : dir;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return (fs::path(xdg) / "coopatlas").string();
    if (const char* home = std::getenv("HOME"); home && *home == '/') return (fs::path(home) / ".cache" / "coopatlas").string();
    return {};
}

std::string default_manifest() { return (fs::path(default_data_dir()) / "atlas.yaml").string(); }

} // namespace coopatlas::io
