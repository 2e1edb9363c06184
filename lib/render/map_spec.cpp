// Reading map specs (YAML) and running their data step: which features each layer
// holds, the value each carries, and the style it is drawn with.

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/render/map_spec.hpp>
#include <coopatlas/render/palettes.hpp>
#include <coopatlas/text/fold.hpp>

#include "render/text_shaper.hpp"
#include "render/wkt.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace coopatlas::render {

namespace {

namespace fs = std::filesystem;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// --- Keys -----------------------------------------------------------------------------------------

const std::vector<std::string> top_keys = {
    "title", "subtitle", "size", "page_mm", "dpi", "scale", "background", "font", "font_scale", "margin", "data",
    "manifest", "filter", "legend", "credits", "frames", "overlays",
    // a single frame written at the top level
    "id", "projection", "extent", "extent_crs", "position", "sea", "border", "scale_bar", "north_arrow", "locator",
    "graticule", "frame_title", "context", "layers"};

const std::vector<std::string> frame_keys = {"id",       "title",     "projection", "extent",    "extent_crs",
                                             "position", "sea",       "border",     "scale_bar", "north_arrow",
                                             "locator",  "graticule", "context",    "layers"};

const std::vector<std::string> common_layer_keys = {"id", "kind", "title", "note", "legend",
                                                    // data
                                                    "units", "level", "vintage", "country", "zone", "roll_down",
                                                    "parties", "partnerships", "countries", "entities", "file", "layer",
                                                    "where", "crs", "id_field", "disputed", "features", "filter",
                                                    "value", "label", "scripts", "min_value"};

const std::map<std::string, std::vector<std::string>> style_keys = {
    {"polygons",
     {"fill", "palette", "classes", "method", "breaks", "outline", "outline_width", "opacity", "no_data", "hatch",
      "hatch_color", "no_data_label", "counts", "zero_is_no_data", "class_labels"}},
    {"lines",
     {"stroke", "width", "dash", "opacity", "disputed_dash", "disputed_casing", "line_label", "disputed_label"}},
    {"circles",
     {"fill", "outline", "outline_width", "opacity", "max_radius", "min_radius", "max_value", "legend_values"}},
    {"flows",
     {"stroke", "opacity", "min_width", "max_width", "max_value", "scaling", "curvature", "arrows", "pair_gap",
      "end_gap", "legend_values", "directed"}},
    {"points", {"shape", "size", "fill", "outline", "outline_width"}},
    {"labels", {"font", "size", "bold", "italic", "color", "halo", "halo_width", "clearance", "centred", "priority"}},
    {"graticule", {"step", "stroke", "width", "dash"}},
    {"background", {"land", "outline", "outline_width"}},
};

// --- Errors -------------------------------------------------------------------------------------

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& k : known) {
        const std::size_t d = text::edit_distance(word, k);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

class reader {
  public:
    reader(std::string name, std::string base_dir, const spec_options& options)
        : name_(std::move(name)), base_(std::move(base_dir)), options_(options) {}

    map_spec read(const YAML::Node& root);

  private:
    // errors
    [[noreturn]] void fail(const YAML::Node& n, const std::string& message, const std::string& suggestion = {}) const {
        diagnostic d;
        d.file = name_;
        if (n.IsDefined()) {
            const YAML::Mark m = n.Mark();
            if (m.line >= 0) {
                d.line = m.line + 1;
                d.column = m.column + 1;
            }
        }
        d.message = message;
        d.suggestion = suggestion;
        throw input_error(d);
    }

    void check_keys(const YAML::Node& n, const std::vector<std::string>& allowed, const std::string& where) const {
        if (!n.IsMap()) fail(n, where + " must be a map of keys");
        for (const auto& kv : n) {
            const std::string key = kv.first.as<std::string>();
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            const std::string near = nearest(key, allowed);
            fail(kv.first, "unknown key '" + key + "' in " + where,
                 near.empty() ? "see README.md, section \"Map specs\", for the keys" : "did you mean '" + near + "'?");
        }
    }

    // scalars
    std::string str(const YAML::Node& n) const {
        if (!n.IsScalar()) fail(n, "expected a text value");
        return n.as<std::string>();
    }
    double num(const YAML::Node& n) const {
        if (!n.IsScalar()) fail(n, "expected a number");
        try {
            return n.as<double>();
        } catch (const YAML::Exception&) {
            fail(n, "'" + n.as<std::string>() + "' is not a number");
        }
    }
    bool flag(const YAML::Node& n) const {
        if (!n.IsScalar()) fail(n, "expected true or false");
        try {
            return n.as<bool>();
        } catch (const YAML::Exception&) {
            fail(n, "'" + n.as<std::string>() + "' is not true or false");
        }
    }
    std::vector<double> nums(const YAML::Node& n) const {
        std::vector<double> out;
        if (n.IsScalar()) {
            out.push_back(num(n));
        } else if (n.IsSequence()) {
            for (const auto& x : n)
                out.push_back(num(x));
        } else {
            fail(n, "expected a number or a list of numbers");
        }
        return out;
    }
    std::vector<std::string> words(const YAML::Node& n) const {
        std::vector<std::string> out;
        if (n.IsScalar()) {
            for (auto& w : text::split(n.as<std::string>(), ','))
                out.push_back(std::move(w));
        } else if (n.IsSequence()) {
            for (const auto& x : n)
                out.push_back(str(x));
        } else {
            fail(n, "expected a word or a list of words");
        }
        return out;
    }
    color colour(const YAML::Node& n) const {
        const std::string s = str(n);
        if (s == "none") return {0, 0, 0, 0};
        try {
            return parse_color(s);
        } catch (const error& e) {
            fail(n, e.what());
        }
    }
    geometry::box box4(const YAML::Node& n) const {
        const auto v = nums(n);
        if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3]))
            fail(n, "expected [min_x, min_y, max_x, max_y] with min < max");
        return {v[0], v[1], v[2], v[3]};
    }
    std::string path_of(const YAML::Node& n) {
        std::string p = str(n);
        const auto at = p.find("{data}");
        if (at != std::string::npos) p.replace(at, 6, data_dir());
        fs::path fp(p);
        if (fp.is_relative()) fp = fs::path(base_) / fp;
        return fp.lexically_normal().string();
    }

    // the atlas, loaded on first use
    std::string manifest_path() {
        if (!options_.manifest.empty()) return options_.manifest;
        if (!manifest_.empty()) return manifest_;
        return io::default_manifest();
    }
    std::string data_dir() { return fs::path(manifest_path()).parent_path().string(); }
    const model::atlas& atlas() {
        ++atlas_calls_;
        if (options_.atlas) {
            atlas_used_ = true;
            return *options_.atlas;
        }
        if (!atlas_) {
            const std::string m = manifest_path();
            atlas_ = std::make_unique<model::atlas>(io::load_atlas(m));
            spec_.inputs.push_back(m);
        }
        atlas_used_ = true;
        return *atlas_;
    }

    analysis::filter read_filter(const YAML::Node& n) const;
    frame read_frame(const YAML::Node& n, std::size_t index, bool top_level);
    layer read_layer(const YAML::Node& n, const std::string& frame_crs, std::size_t index, bool overlay);
    void read_features(layer& l, const YAML::Node& n, const std::string& kind, const std::string& target_crs,
                       bool overlay);
    void read_style(layer& l, const YAML::Node& n, const std::string& kind);
    std::string default_label(const model::entity& e, const YAML::Node& n);
    std::string apply_template(const std::string& tmpl, const std::string& name, const std::string& id, double value);

    std::string name_;
    std::string base_;
    const spec_options& options_;
    std::string manifest_;
    std::unique_ptr<model::atlas> atlas_;
    bool atlas_used_ = false;
    std::size_t atlas_calls_ = 0;
    analysis::filter filter_{};
    map_spec spec_;
    std::set<std::string> palettes_used_;
    std::map<std::string, analysis::coverage_result> coverage_cache_;
};

analysis::filter reader::read_filter(const YAML::Node& n) const {
    check_keys(n, {"kinds", "themes", "sources", "countries", "from", "to", "undated", "two_sided"}, "filter");
    analysis::filter f;
    if (n["kinds"]) f.kinds = words(n["kinds"]);
    if (n["themes"]) f.themes = words(n["themes"]);
    if (n["sources"]) f.sources = words(n["sources"]);
    if (n["countries"]) f.countries = words(n["countries"]);
    if (n["from"]) f.year_from = static_cast<int>(num(n["from"]));
    if (n["to"]) f.year_to = static_cast<int>(num(n["to"]));
    if (n["undated"]) {
        const std::string v = str(n["undated"]);
        if (v != "keep" && v != "drop") fail(n["undated"], "undated must be 'keep' or 'drop'");
        f.keep_undated = v == "keep";
    }
    if (n["two_sided"]) f.two_sided_only = flag(n["two_sided"]);
    return f;
}

// Named extents (lon/lat): metropolitan France with Corsica, Morocco with Western
// Sahara, Europe with North Africa.
std::optional<geometry::box> named_extent(const std::string& word) {
    const std::string w = text::fold(word);
    if (w == "france" || w == "fr") return geometry::box{-5.3, 41.2, 9.7, 51.2};
    if (w == "morocco" || w == "maroc" || w == "ma") return geometry::box{-17.3, 20.6, -0.9, 36.0};
    if (w == "euromed") return geometry::box{-18, 19, 22, 56};
    return std::nullopt;
}

// The projection suited to a lon/lat area when the spec names none.
std::string default_projection(const geometry::box& b) {
    if (b.empty()) return crs_preset("euromed");
    auto inside = [&](const geometry::box& o) {
        return b.min_x >= o.min_x && b.max_x <= o.max_x && b.min_y >= o.min_y && b.max_y <= o.max_y;
    };
    if (inside({-6.5, 40.5, 11, 52})) return crs_preset("france");
    if (inside({-18.5, 19.5, 0.5, 37})) return crs_preset("morocco");
    return crs_preset("euromed");
}

map_spec reader::read(const YAML::Node& root) {
    if (!root.IsMap()) fail(root, "a map spec is a YAML map (title, layers, …)");
    check_keys(root, top_keys, "the spec");
    map& m = spec_.page;
    if (root["data"]) manifest_ = (fs::path(path_of(root["data"])) / "atlas.yaml").string();
    if (root["manifest"]) manifest_ = path_of(root["manifest"]);
    if (root["filter"]) filter_ = read_filter(root["filter"]);
    if (root["title"]) m.title = str(root["title"]);
    if (root["subtitle"]) m.subtitle = str(root["subtitle"]);
    if (root["size"]) {
        const auto v = nums(root["size"]);
        if (v.size() != 2 || !(v[0] > 0) || !(v[1] > 0)) fail(root["size"], "size is [width, height] in pixels");
        m.width = v[0];
        m.height = v[1];
    }
    if (root["page_mm"]) {
        const auto v = nums(root["page_mm"]);
        if (v.size() != 2 || !(v[0] > 0) || !(v[1] > 0))
            fail(root["page_mm"], "page_mm is [width, height] in millimetres");
        m.width = v[0] / 25.4 * 96;
        m.height = v[1] / 25.4 * 96;
    }
    if (root["dpi"]) {
        const double dpi = num(root["dpi"]);
        if (!(dpi > 0)) fail(root["dpi"], "dpi must be positive");
        spec_.scale = dpi / 96;
    }
    if (root["scale"]) {
        spec_.scale = num(root["scale"]);
        if (!(spec_.scale > 0)) fail(root["scale"], "scale must be positive");
    }
    if (root["background"]) m.background = colour(root["background"]);
    if (root["font"]) m.font_family = str(root["font"]);
    if (root["font_scale"]) m.font_scale = num(root["font_scale"]);
    if (root["margin"]) m.margin = num(root["margin"]);
    if (root["legend"]) {
        const auto& n = root["legend"];
        try {
            if (n.IsScalar()) {
                m.legend.position = parse_legend_position(str(n));
            } else {
                check_keys(n, {"position", "title"}, "legend");
                if (n["position"]) m.legend.position = parse_legend_position(str(n["position"]));
                if (n["title"]) m.legend.title = str(n["title"]);
            }
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail(n, e.what());
        }
    }

    if (root["frames"]) {
        if (root["layers"] || root["projection"] || root["extent"])
            fail(root["frames"], "give either frames or a single frame's keys (projection, extent, layers), not both");
        if (!root["frames"].IsSequence()) fail(root["frames"], "frames is a list of frames");
        std::size_t i = 0;
        for (const auto& f : root["frames"])
            m.frames.push_back(read_frame(f, i++, false));
    } else if (root["layers"]) {
        m.frames.push_back(read_frame(root, 0, true));
    } else if (!root["overlays"]) {
        fail(root, "the spec has no layers", "add 'layers:' (one frame) or 'frames:' (several)");
    }
    if (root["overlays"]) {
        if (!root["overlays"].IsSequence()) fail(root["overlays"], "overlays is a list of layers");
        std::size_t i = 0;
        for (const auto& l : root["overlays"])
            m.overlays.push_back(read_layer(l, "EPSG:4326", i++, true));
    }

    // Credits: the atlas's data sources and licences, and the palettes used; a spec may
    // give its own lines, with "auto" standing for these.
    std::vector<std::string> automatic;
    if (atlas_used_) {
        try {
            for (const auto& c : io::read_manifest(manifest_path()).credits)
                automatic.push_back(c);
        } catch (const error&) {
            // An atlas given in code has no manifest to credit.
        }
    }
    bool brewer = false, viridis = false;
    for (const auto& p : palettes_used_) {
        std::string base = p;
        if (base.size() > 2 && (base.ends_with("-r") || base.ends_with("_r"))) base.resize(base.size() - 2);
        const std::string f = text::fold(base);
        if (f == "viridis" || f == "cividis")
            viridis = true;
        else
            brewer = true;
    }
    if (brewer) automatic.push_back("Colours: ColorBrewer by Cynthia Brewer (colorbrewer2.org), Apache License 2.0");
    if (viridis) automatic.push_back("Colours: viridis/cividis colour maps (CC0)");
    if (root["credits"]) {
        for (const auto& w : root["credits"].IsSequence()
                                 ? root["credits"]
                                 : YAML::Node(std::vector<std::string>{str(root["credits"])})) {
            const std::string line = str(w);
            if (line == "auto")
                m.credits.insert(m.credits.end(), automatic.begin(), automatic.end());
            else if (line != "none")
                m.credits.push_back(line);
        }
    } else {
        m.credits = automatic;
    }
    return std::move(spec_);
}

frame reader::read_frame(const YAML::Node& n, std::size_t index, bool top_level) {
    if (!top_level) check_keys(n, frame_keys, "frame " + std::to_string(index + 1));
    frame f;
    if (n["id"]) f.id = str(n["id"]);
    if (top_level && n["frame_title"]) f.title = str(n["frame_title"]);
    if (!top_level && n["title"]) f.title = str(n["title"]);
    const bool explicit_crs = static_cast<bool>(n["projection"]);
    if (explicit_crs) f.crs = crs_preset(str(n["projection"]));
    geometry::box lonlat_extent;
    if (n["extent"]) {
        const auto& e = n["extent"];
        if (e.IsSequence()) {
            lonlat_extent = box4(e);
        } else if (auto named = named_extent(str(e))) {
            lonlat_extent = *named;
        } else {
            const auto* ent = atlas().find(str(e));
            if (!ent)
                fail(e,
                     "extent '" + str(e) +
                         "' is neither [lon, lat, lon, lat], a named area (france, morocco, euromed) nor an entity id");
            lonlat_extent = geometry::envelope(atlas().location(*ent));
        }
        f.extent = lonlat_extent;
    }
    if (n["extent_crs"]) {
        if (!explicit_crs) fail(n["extent_crs"], "extent_crs needs a projection to be in");
        f.extent = box4(n["extent_crs"]);
        f.extent_in_crs = true;
    }
    if (n["position"]) {
        const auto v = nums(n["position"]);
        if (v.size() != 4 || !(v[2] > 0) || !(v[3] > 0))
            fail(n["position"], "position is [x, y, width, height] in pixels");
        f.page_box = {v[0], v[1], v[0] + v[2], v[1] + v[3]};
    }
    if (n["sea"]) f.background = colour(n["sea"]);
    if (n["border"]) f.border = colour(n["border"]);
    if (n["scale_bar"]) f.scale_bar = flag(n["scale_bar"]);
    if (n["north_arrow"]) f.north_arrow = flag(n["north_arrow"]);

    // Layers are read in the frame's CRS when it is known (files are then transformed
    // once, or not at all when already in it), else in lon/lat.
    const std::string read_crs = explicit_crs ? f.crs : "EPSG:4326";
    if (!n["layers"] || !n["layers"].IsSequence()) fail(n, "a frame needs a list of layers");
    const std::size_t calls_before = atlas_calls_;
    std::size_t i = 0;
    if (n["graticule"]) {
        layer g;
        g.id = "graticule";
        graticule_style gs;
        gs.step = num(n["graticule"]);
        if (!(gs.step > 0)) fail(n["graticule"], "graticule is the step in degrees");
        g.style = gs;
        g.legend = false;
        f.layers.push_back(std::move(g));
    }
    for (const auto& l : n["layers"])
        f.layers.push_back(read_layer(l, read_crs, i++, false));
    // Context: a frame drawn from the atlas gets the surrounding countries under its
    // layers and the disputed boundaries (dashed) over its areas, unless it has its own
    // background or says `context: false`.
    const bool has_background = std::any_of(f.layers.begin(), f.layers.end(), [](const layer& x) {
        return std::holds_alternative<background_style>(x.style);
    });
    const bool context = n["context"] ? flag(n["context"]) : (atlas_calls_ > calls_before && !has_background);
    if (context) {
        const model::atlas& a = atlas();
        layer countries;
        countries.id = "countries";
        countries.legend = false;
        countries.context = true;
        background_style bs;
        countries.style = bs;
        for (const auto& e : a.entities())
            if ((e.level == "country" || e.level == "territory") && e.is_areal())
                countries.features.push_back({e.id, {}, e.geometry, nan, e.disputed, false});
        layer disputed;
        disputed.id = "disputed-boundaries";
        disputed.title = "disputed boundary";
        disputed.context = true;
        line_style ls;
        ls.stroke = {0.3, 0.3, 0.3, 1};
        ls.width = 1.1;
        ls.disputed_dash = {5, 3};
        ls.disputed_casing = bs.land;
        disputed.style = ls;
        // Only the disputed lines the frame shows: a legend entry for a line out of sight
        // would mislead.
        geometry::box shown = lonlat_extent;
        if (shown.empty())
            for (const auto& l : f.layers)
                if (!std::holds_alternative<background_style>(l.style))
                    for (const auto& feat : l.features)
                        shown.expand(geometry::envelope(feat.geometry));
        const std::string gpkg = (fs::path(data_dir()) / "atlas.gpkg").string();
        if (fs::exists(gpkg) && !shown.empty()) {
            io::vector_read_options ro;
            ro.layer = "disputed_borders";
            try {
                auto t = io::read_vector(gpkg, ro);
                for (auto& g : t.geometries)
                    if (geometry::envelope(g).intersects(shown))
                        disputed.features.push_back({{}, {}, std::move(g), nan, true, false});
                spec_.inputs.push_back(gpkg);
            } catch (const error&) {
                // An atlas without the disputed_borders layer simply has none to draw.
            }
        }
        // Countries at the bottom (above a graticule), disputed lines over the last areas.
        std::size_t at = 0;
        if (!f.layers.empty() && std::holds_alternative<graticule_style>(f.layers[0].style)) at = 1;
        f.layers.insert(f.layers.begin() + static_cast<std::ptrdiff_t>(at), std::move(countries));
        std::size_t after = at + 1;
        for (std::size_t k = 0; k < f.layers.size(); ++k)
            if (std::holds_alternative<polygon_style>(f.layers[k].style)) after = k + 1;
        if (!disputed.features.empty())
            f.layers.insert(f.layers.begin() + static_cast<std::ptrdiff_t>(after), std::move(disputed));
    }
    // Graticule above the background, below everything else.
    if (n["graticule"] && f.layers.size() > 1 && std::holds_alternative<background_style>(f.layers[1].style))
        std::swap(f.layers[0], f.layers[1]);

    if (!explicit_crs) {
        geometry::box b = lonlat_extent;
        if (b.empty())
            for (const auto& l : f.layers)
                if (!l.context && !std::holds_alternative<background_style>(l.style))
                    for (const auto& feat : l.features)
                        b.expand(geometry::envelope(feat.geometry));
        f.crs = default_projection(b);
    }
    if (n["locator"]) {
        const auto& ln = n["locator"];
        if (ln.IsScalar()) {
            f.locator.show = flag(ln);
        } else {
            check_keys(ln, {"extent", "projection", "size"}, "locator");
            f.locator.show = true;
            if (ln["extent"]) {
                if (ln["extent"].IsSequence())
                    f.locator.extent = box4(ln["extent"]);
                else if (auto named = named_extent(str(ln["extent"])))
                    f.locator.extent = *named;
                else
                    fail(ln["extent"], "locator extent is [lon, lat, lon, lat] or france, morocco, euromed");
            }
            if (ln["projection"]) f.locator.crs = crs_preset(str(ln["projection"]));
            if (ln["size"]) f.locator.size = num(ln["size"]);
        }
        if (f.locator.show) {
            if (f.locator.extent.empty()) f.locator.extent = *named_extent("euromed");
            if (f.locator.crs.empty()) f.locator.crs = crs_preset("euromed");
            for (const auto& e : atlas().entities())
                if ((e.level == "country" || e.level == "territory") && e.is_areal()) {
                    const geometry::box eb = geometry::envelope(e.geometry);
                    if (eb.intersects(f.locator.extent))
                        f.locator.land.push_back({e.id, {}, e.geometry, nan, e.disputed, false});
                }
        }
    }
    return f;
}

layer reader::read_layer(const YAML::Node& n, const std::string& frame_crs, std::size_t index, bool overlay) {
    if (!n.IsMap()) fail(n, "a layer is a map of keys (kind, data, value, style)");
    if (!n["kind"])
        fail(n, "the layer has no kind",
             "kind: polygons, lines, circles, flows, points, labels, graticule or background");
    const std::string kind = str(n["kind"]);
    auto sk = style_keys.find(kind);
    if (sk == style_keys.end()) {
        std::vector<std::string> kinds;
        for (const auto& [k, v] : style_keys)
            kinds.push_back(k);
        const std::string near = nearest(kind, kinds);
        fail(n["kind"], "unknown layer kind '" + kind + "'",
             near.empty() ? "use polygons, lines, circles, flows, points, labels, graticule or background"
                          : "did you mean '" + near + "'?");
    }
    std::vector<std::string> allowed = common_layer_keys;
    allowed.insert(allowed.end(), sk->second.begin(), sk->second.end());
    check_keys(n, allowed, kind + " layer " + std::to_string(index + 1));

    layer l;
    l.id = n["id"] ? str(n["id"]) : kind + "-" + std::to_string(index + 1);
    if (n["title"]) l.title = str(n["title"]);
    if (n["note"]) l.note = str(n["note"]);
    if (n["legend"]) l.legend = flag(n["legend"]);
    read_features(l, n, kind, frame_crs, overlay);
    read_style(l, n, kind);
    if (!n["title"] && n["value"] && n["value"].IsScalar()) {
        static const std::map<std::string, std::string> titles = {
            {"partnerships", "Partnerships"},
            {"requests", "Project requests"},
            {"demand", "Requests filed"},
            {"engaged", "Engaged"},
            {"area_km2", "Area (km\u00b2)"},
            {"population", "Population"},
            {"density", "Partnerships per 10,000 km\u00b2"},
            {"density_population", "Partnerships per 100,000 inhabitants"},
            {"first_year", "Year of the first partnership"},
            {"last_year", "Year of the last partnership"},
        };
        auto it = titles.find(n["value"].as<std::string>());
        if (it != titles.end())
            l.title = it->second;
        else if (n["parties"] || n["partnerships"])
            l.title = "Partnerships";
    } else if (!n["title"] && (n["parties"] || n["partnerships"])) {
        l.title = "Partnerships";
    }
    return l;
}

std::string reader::apply_template(const std::string& tmpl, const std::string& name, const std::string& id,
                                   double value) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{') {
            const auto close = tmpl.find('}', i);
            if (close != std::string::npos) {
                const std::string key = tmpl.substr(i + 1, close - i - 1);
                if (key == "name")
                    out += name;
                else if (key == "id")
                    out += id;
                else if (key == "value") {
                    if (std::isfinite(value)) {
                        std::ostringstream s;
                        s << value;
                        out += s.str();
                    }
                } else
                    out += tmpl.substr(i, close - i + 1);
                i = close;
                continue;
            }
        }
        out += tmpl[i];
    }
    return out;
}

std::string reader::default_label(const model::entity& e, const YAML::Node& n) {
    if (n["scripts"]) {
        try {
            return detail::multilingual_label(e, str(n["scripts"]));
        } catch (const input_error&) {
            throw;
        } catch (const error& ex) {
            fail(n["scripts"], ex.what());
        }
    }
    return e.display_name();
}

void reader::read_features(layer& l, const YAML::Node& n, const std::string& kind, const std::string& target_crs,
                           bool overlay) {
    const analysis::filter f = n["filter"] ? read_filter(n["filter"]) : filter_;
    const std::string value_word = n["value"] && n["value"].IsScalar() ? n["value"].as<std::string>() : std::string{};
    double constant = nan;
    bool has_constant = false;
    if (n["value"]) {
        try {
            constant = n["value"].as<double>();
            has_constant = true;
        } catch (const YAML::Exception&) {
        }
    }
    const std::string label_word = n["label"] ? str(n["label"]) : (kind == "labels" ? "name" : "");
    auto label_of = [&](const model::entity& e, double value) -> std::string {
        if (label_word.empty() || label_word == "none") return {};
        if (label_word == "name") return default_label(e, n);
        return apply_template(label_word, default_label(e, n), e.id, value);
    };

    const int sources = (n["units"] || n["level"] ? 1 : 0) + (n["parties"] ? 1 : 0) + (n["partnerships"] ? 1 : 0) +
                        (n["countries"] ? 1 : 0) + (n["entities"] ? 1 : 0) + (n["file"] ? 1 : 0) +
                        (n["features"] ? 1 : 0);
    if (sources > 1)
        fail(n, "a layer takes its features from one source: units, parties, partnerships, countries, entities, file "
                "or features");

    // Atlas data is lon/lat; a frame in another CRS projects it when drawing.
    if (n["units"] || n["level"]) {
        analysis::partition p;
        const YAML::Node u = n["units"] ? n["units"] : n;
        if (n["units"]) check_keys(u, {"level", "vintage", "country", "zone", "roll_down"}, "units");
        if (!u["level"]) fail(u, "units need a level (region, province, departement, …)");
        p.level = str(u["level"]);
        if (u["vintage"]) p.vintage = str(u["vintage"]);
        if (u["zone"]) p.zone = str(u["zone"]);
        if (u["country"]) p.zone = str(u["country"]);
        analysis::coverage_options co;
        if (u["roll_down"]) co.roll_down = flag(u["roll_down"]);
        const bool analysed = !value_word.empty() && !has_constant && value_word != "none";
        static const std::vector<std::string> analyses = {"partnerships", "requests",   "demand",  "engaged",
                                                          "area_km2",     "population", "density", "density_population",
                                                          "first_year",   "last_year"};
        if (analysed && std::find(analyses.begin(), analyses.end(), value_word) == analyses.end()) {
            const std::string near = nearest(value_word, analyses);
            fail(n["value"], "unknown value '" + value_word + "' for atlas units",
                 near.empty() ? "use partnerships, requests, demand, engaged, area_km2, population, density, "
                                "density_population, first_year, last_year or a number"
                              : "did you mean '" + near + "'?");
        }
        const model::atlas& a = atlas();
        try {
            if (analysed) {
                // Layers over the same units and filter share one analysis.
                const std::string key = f.describe() + "|" + p.describe() + "|" + (co.roll_down ? "1" : "0");
                auto cached = coverage_cache_.find(key);
                if (cached == coverage_cache_.end())
                    cached = coverage_cache_.emplace(key, analysis::coverage(a, f, p, co)).first;
                const auto& result = cached->second;
                std::size_t located = 0;
                for (const auto& row : result.rows) {
                    double v = nan;
                    if (value_word == "partnerships")
                        v = static_cast<double>(row.partnerships);
                    else if (value_word == "requests")
                        v = static_cast<double>(row.requests);
                    else if (value_word == "demand")
                        v = row.demand;
                    else if (value_word == "engaged")
                        v = row.engaged ? 1 : 0;
                    else if (value_word == "area_km2")
                        v = row.area_km2;
                    else if (value_word == "population")
                        v = row.population;
                    else if (value_word == "density")
                        v = row.per_10k_km2;
                    else if (value_word == "density_population")
                        v = row.per_100k_inhabitants;
                    else if (value_word == "first_year" || value_word == "last_year") {
                        for (const auto& id : row.partnership_ids) {
                            const auto* pp = a.find_partnership(id);
                            if (!pp || !pp->year) continue;
                            const double y = *pp->year;
                            if (!std::isfinite(v))
                                v = y;
                            else
                                v = value_word == "first_year" ? std::min(v, y) : std::max(v, y);
                        }
                    } else {
                        fail(n["value"], "unknown value '" + value_word + "' for atlas units",
                             "use partnerships, requests, demand, engaged, area_km2, population, density, "
                             "density_population, first_year, last_year or a number");
                    }
                    if (!row.unit) continue;
                    feature feat{row.unit_id, label_of(*row.unit, v), a.location(*row.unit),
                                 v,           row.unit->disputed,     false};
                    if (!geometry::is_empty(feat.geometry)) ++located;
                    l.features.push_back(std::move(feat));
                }
                spec_.notes.push_back(
                    l.id + ": " + value_word + " of " + p.describe() + ": " + std::to_string(result.rows.size()) +
                    " units, " + std::to_string(result.totals.engaged) + " engaged, " +
                    std::to_string(result.totals.partnerships) + " partnerships, " +
                    std::to_string(result.totals.requests) + " request records (" + result.filter_description + ")");
            } else {
                for (const auto* e : analysis::units_of(a, p)) {
                    const double v = has_constant ? constant : nan;
                    l.features.push_back({e->id, label_of(*e, v), a.location(*e), v, e->disputed, false});
                }
            }
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail(u, e.what());
        }
    } else if (n["parties"]) {
        // Each located party of the selected partnerships, valued by its number of partnerships.
        const auto& pn = n["parties"];
        std::vector<std::string> countries, levels;
        if (pn.IsScalar()) {
            countries = words(pn);
        } else {
            check_keys(pn, {"country", "level"}, "parties");
            if (pn["country"]) countries = words(pn["country"]);
            if (pn["level"]) levels = words(pn["level"]);
        }
        const model::atlas& a = atlas();
        std::map<std::string, std::set<std::string>> counts;
        std::vector<std::string> order;
        for (const auto* p : analysis::select(a, f))
            for (const auto* side : {&p->a, &p->b}) {
                if (side->empty()) continue;
                const auto* e = a.find(side->entity_id);
                if (!e) continue;
                if (!countries.empty() && std::find(countries.begin(), countries.end(), e->country) == countries.end())
                    continue;
                if (!levels.empty() && std::find(levels.begin(), levels.end(), e->level) == levels.end()) continue;
                if (counts.find(e->id) == counts.end()) order.push_back(e->id);
                counts[e->id].insert(p->id);
            }
        std::size_t unlocated = 0;
        for (const auto& id : order) {
            const auto& e = a.at(id);
            const auto pt = analysis::representative_point(a, e);
            if (!pt) {
                ++unlocated;
                continue;
            }
            const double v = has_constant ? constant : static_cast<double>(counts[id].size());
            l.features.push_back({id, label_of(e, v), *pt, v, e.disputed, false});
        }
        spec_.notes.push_back(l.id + ": " + std::to_string(l.features.size()) + " parties located, " +
                              std::to_string(unlocated) + " without location (" + f.describe() + ")");
    } else if (n["partnerships"]) {
        // Flows between the two parties of each selected two-sided partnership, from the
        // `from` country to the `to` country; the same pair of parties is one flow valued
        // by its number of partnerships.
        const auto& pn = n["partnerships"];
        check_keys(pn, {"from", "to"}, "partnerships");
        if (!pn["from"] || !pn["to"]) fail(pn, "partnerships need from and to countries (e.g. from: MA, to: FR)");
        const auto from = words(pn["from"]), to = words(pn["to"]);
        auto in = [](const std::vector<std::string>& list, const std::string& c) {
            return std::find(list.begin(), list.end(), c) != list.end();
        };
        const model::atlas& a = atlas();
        std::map<std::pair<std::string, std::string>, std::vector<std::string>> pairs;
        std::vector<std::pair<std::string, std::string>> order;
        std::size_t selected = 0, unlocated = 0;
        std::vector<std::string> missing;
        for (const auto* p : analysis::select(a, f)) {
            if (!p->two_sided()) continue;
            const auto* ea = a.find(p->a.entity_id);
            const auto* eb = a.find(p->b.entity_id);
            if (!ea || !eb) continue;
            const model::entity *o = nullptr, *d = nullptr;
            if (in(from, ea->country) && in(to, eb->country)) {
                o = ea;
                d = eb;
            } else if (in(from, eb->country) && in(to, ea->country)) {
                o = eb;
                d = ea;
            } else {
                continue;
            }
            ++selected;
            const std::pair<std::string, std::string> key{o->id, d->id};
            if (pairs.find(key) == pairs.end()) order.push_back(key);
            pairs[key].push_back(p->id);
        }
        const bool directed = n["directed"] ? flag(n["directed"]) : false;
        for (const auto& key : order) {
            const auto& o = a.at(key.first);
            const auto& d = a.at(key.second);
            const auto po = analysis::representative_point(a, o), pd = analysis::representative_point(a, d);
            if (!po || !pd) {
                unlocated += pairs[key].size();
                for (const auto& id : pairs[key])
                    missing.push_back(id);
                continue;
            }
            const double v = has_constant ? constant : static_cast<double>(pairs[key].size());
            feature feat;
            feat.id = o.id + "->" + d.id;
            feat.label = o.display_name() + " \xE2\x80\x93 " + d.display_name();
            feat.geometry = geometry::line_string{*po, *pd};
            feat.value = v;
            feat.directed = directed;
            l.features.push_back(std::move(feat));
        }
        std::string note = l.id + ": " + std::to_string(selected) + " partnerships between " + str(pn["from"]) +
                           " and " + str(pn["to"]) + ", " + std::to_string(l.features.size()) + " flows drawn";
        if (unlocated) {
            note += ", " + std::to_string(unlocated) + " without a located party (";
            for (std::size_t i = 0; i < missing.size(); ++i)
                note += (i ? ", " : "") + missing[i];
            note += ")";
        }
        spec_.notes.push_back(note + " (" + f.describe() + ")");
    } else if (n["countries"] || (kind == "background" && !n["file"] && !n["features"] && !n["entities"])) {
        std::vector<std::string> codes;
        if (n["countries"] && !(n["countries"].IsScalar() && n["countries"].as<std::string>() == "all"))
            codes = words(n["countries"]);
        const model::atlas& a = atlas();
        for (const auto& e : a.entities()) {
            if ((e.level != "country" && e.level != "territory") || !e.is_areal()) continue;
            if (!codes.empty() && std::find(codes.begin(), codes.end(), e.country) == codes.end()) continue;
            l.features.push_back(
                {e.id, label_of(e, nan), e.geometry, has_constant ? constant : nan, e.disputed, false});
        }
    } else if (n["entities"]) {
        const model::atlas& a = atlas();
        for (const auto& node : n["entities"]) {
            const auto* e = a.find(str(node));
            if (!e) fail(node, "unknown entity '" + str(node) + "'");
            std::optional<geometry::point> pt;
            geometry::geometry g = a.location(*e);
            if (kind != "polygons" && kind != "lines" && kind != "background")
                if (auto rp = analysis::representative_point(a, *e)) g = *rp;
            l.features.push_back({e->id, label_of(*e, has_constant ? constant : nan), g, has_constant ? constant : nan,
                                  e->disputed, false});
        }
    } else if (n["file"]) {
        const std::string path = path_of(n["file"]);
        io::vector_read_options ro;
        if (n["layer"]) ro.layer = str(n["layer"]);
        if (n["where"]) ro.where = str(n["where"]);
        ro.target_crs = overlay ? "EPSG:4326" : target_crs;
        io::feature_table t;
        try {
            t = io::read_vector(path, ro);
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail(n["file"], e.what());
        }
        spec_.inputs.push_back(path);
        l.crs = t.crs.empty() ? ro.target_crs : t.crs;
        auto field = [&](const YAML::Node& key, const std::string& word) -> int {
            for (std::size_t i = 0; i < t.fields.size(); ++i)
                if (t.fields[i].name == word) return static_cast<int>(i);
            std::vector<std::string> names;
            for (const auto& fd : t.fields)
                names.push_back(fd.name);
            const std::string near = nearest(word, names);
            std::string list;
            for (const auto& nm : names)
                list += (list.empty() ? "" : ", ") + nm;
            fail(key, "no field '" + word + "' in " + path,
                 near.empty() ? "fields: " + list : "did you mean '" + near + "'?");
        };
        const int value_field =
            !value_word.empty() && !has_constant && value_word != "none" ? field(n["value"], value_word) : -1;
        const bool label_template = label_word.find('{') != std::string::npos;
        const int label_field = !label_word.empty() && label_word != "none" && !label_template
                                    ? field(n["label"], label_word == "name" ? "name" : label_word)
                                    : -1;
        const int id_field = n["id_field"] ? field(n["id_field"], str(n["id_field"])) : -1;
        bool disputed_all = false;
        int disputed_field = -1;
        if (n["disputed"]) {
            try {
                disputed_all = n["disputed"].as<bool>();
            } catch (const YAML::Exception&) {
                disputed_field = field(n["disputed"], str(n["disputed"]));
            }
        }
        auto as_text = [](const io::attribute& v) -> std::string {
            if (const auto* s = std::get_if<std::string>(&v)) return *s;
            if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
            if (const auto* d = std::get_if<double>(&v)) {
                std::ostringstream o;
                o << *d;
                return o.str();
            }
            return {};
        };
        auto as_number = [](const io::attribute& v) -> double {
            if (const auto* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
            if (const auto* d = std::get_if<double>(&v)) return *d;
            if (const auto* s = std::get_if<std::string>(&v)) {
                try {
                    return std::stod(*s);
                } catch (const std::exception&) {
                    return nan;
                }
            }
            return nan;
        };
        l.features.reserve(t.geometries.size());
        for (std::size_t i = 0; i < t.geometries.size(); ++i) {
            feature feat;
            const auto& row = t.rows[i];
            feat.id = id_field >= 0 ? as_text(row[static_cast<std::size_t>(id_field)]) : std::to_string(i + 1);
            feat.value = value_field >= 0 ? as_number(row[static_cast<std::size_t>(value_field)])
                                          : (has_constant ? constant : nan);
            if (label_field >= 0)
                feat.label = as_text(row[static_cast<std::size_t>(label_field)]);
            else if (label_template)
                feat.label = apply_template(label_word, {}, feat.id, feat.value);
            feat.disputed =
                disputed_all || (disputed_field >= 0 && as_number(row[static_cast<std::size_t>(disputed_field)]) != 0);
            feat.geometry = std::move(t.geometries[i]);
            l.features.push_back(std::move(feat));
        }
    } else if (n["features"]) {
        if (n["crs"]) l.crs = crs_preset(str(n["crs"]));
        if (!n["features"].IsSequence())
            fail(n["features"], "features is a list of {wkt|point|from,to, value, label, id}");
        std::size_t i = 0;
        for (const auto& fn : n["features"]) {
            check_keys(fn, {"id", "wkt", "point", "from", "to", "value", "label", "disputed", "directed"}, "feature");
            feature feat;
            feat.id = fn["id"] ? str(fn["id"]) : std::to_string(++i);
            if (fn["value"])
                feat.value = num(fn["value"]);
            else if (has_constant)
                feat.value = constant;
            if (fn["label"]) feat.label = str(fn["label"]);
            if (fn["disputed"]) feat.disputed = flag(fn["disputed"]);
            if (fn["directed"])
                feat.directed = flag(fn["directed"]);
            else if (n["directed"])
                feat.directed = flag(n["directed"]);
            if (fn["wkt"]) {
                try {
                    feat.geometry = detail::parse_wkt(str(fn["wkt"]));
                } catch (const input_error&) {
                    throw;
                } catch (const error& e) {
                    fail(fn["wkt"], e.what());
                }
            } else if (fn["point"]) {
                const auto v = nums(fn["point"]);
                if (v.size() != 2) fail(fn["point"], "point is [x, y]");
                feat.geometry = geometry::point{v[0], v[1]};
            } else if (fn["from"] && fn["to"]) {
                const auto a = nums(fn["from"]), b = nums(fn["to"]);
                if (a.size() != 2 || b.size() != 2) fail(fn, "from and to are [x, y]");
                feat.geometry = geometry::line_string{{a[0], a[1]}, {b[0], b[1]}};
            } else {
                fail(fn, "a feature needs wkt, point, or from and to");
            }
            l.features.push_back(std::move(feat));
        }
    } else if (kind != "graticule") {
        fail(n, "the " + kind + " layer has no data",
             "give units, parties, partnerships, countries, entities, file or features");
    }

    if (n["min_value"]) {
        const double mv = num(n["min_value"]);
        l.features.erase(
            std::remove_if(l.features.begin(), l.features.end(), [&](const feature& x) { return !(x.value >= mv); }),
            l.features.end());
    }
    if (n["crs"] && !n["features"])
        fail(n["crs"], "crs gives the CRS of inline features; atlas data is lon/lat and files carry their own");
}

void reader::read_style(layer& l, const YAML::Node& n, const std::string& kind) {
    auto get = [&](const char* key) { return n[key]; };
    if (kind == "polygons") {
        polygon_style s;
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("no_data")) s.no_data = colour(get("no_data"));
        if (get("hatch")) s.hatch_no_data = flag(get("hatch"));
        if (get("hatch_color")) s.hatch = colour(get("hatch_color"));
        if (get("no_data_label")) s.no_data_label = str(get("no_data_label"));
        if (get("counts")) s.legend_counts = flag(get("counts"));
        if (get("zero_is_no_data") && flag(get("zero_is_no_data")))
            for (auto& f : l.features)
                if (f.value == 0) f.value = nan;
        const bool classed =
            get("palette") || get("classes") || get("method") || get("breaks") || (get("value") && !get("fill"));
        if (get("fill")) s.fill = colour(get("fill"));
        if (classed) {
            std::vector<double> values;
            for (const auto& f : l.features)
                if (std::isfinite(f.value)) values.push_back(f.value);
            class_fill c;
            c.palette = get("palette") ? str(get("palette")) : std::string(default_palette);
            std::size_t k = get("classes") ? static_cast<std::size_t>(num(get("classes"))) : 5;
            analysis::classification_method method = analysis::classification_method::quantiles;
            std::vector<double> breaks;
            try {
                if (get("method")) method = analysis::parse_classification_method(str(get("method")));
                if (get("breaks")) {
                    breaks = nums(get("breaks"));
                    method = analysis::classification_method::user_defined;
                    k = breaks.size() > 1 ? breaks.size() - 1 : 1;
                }
            } catch (const input_error&) {
                throw;
            } catch (const error& e) {
                fail(get("method") ? get("method") : get("breaks"), e.what());
            }
            if (!values.empty()) {
                try {
                    c.classes = analysis::classify(values, method, k, breaks);
                    c.colors = palette(c.palette, c.classes.classes());
                } catch (const input_error&) {
                    throw;
                } catch (const error& e) {
                    fail(get("palette") ? get("palette") : n, e.what());
                }
                palettes_used_.insert(c.palette);
                if (get("class_labels")) {
                    const auto labels = words(get("class_labels"));
                    if (labels.size() != c.classes.classes())
                        fail(get("class_labels"), "class_labels has " + std::to_string(labels.size()) + " labels for " +
                                                      std::to_string(c.classes.classes()) + " classes");
                    c.classes.labels = labels;
                }
                s.choropleth = std::move(c);
            }
        }
        l.style = s;
    } else if (kind == "lines") {
        line_style s;
        if (get("stroke")) s.stroke = colour(get("stroke"));
        if (get("width")) s.width = num(get("width"));
        if (get("dash")) s.dash = nums(get("dash"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("disputed_dash")) s.disputed_dash = nums(get("disputed_dash"));
        if (get("disputed_casing")) s.disputed_casing = colour(get("disputed_casing"));
        if (get("line_label")) s.label = str(get("line_label"));
        if (get("disputed_label")) s.disputed_label = str(get("disputed_label"));
        l.style = s;
    } else if (kind == "circles") {
        circle_style s;
        if (get("fill")) s.fill = colour(get("fill"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("max_radius")) s.max_radius = num(get("max_radius"));
        if (get("min_radius")) s.min_radius = num(get("min_radius"));
        if (get("max_value")) s.max_value = num(get("max_value"));
        if (get("legend_values")) s.legend_values = nums(get("legend_values"));
        l.style = s;
    } else if (kind == "flows") {
        flow_style s;
        if (get("stroke")) s.stroke = colour(get("stroke"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("min_width")) s.min_width = num(get("min_width"));
        if (get("max_width")) s.max_width = num(get("max_width"));
        if (get("max_value")) s.max_value = num(get("max_value"));
        if (get("scaling")) {
            const std::string w = str(get("scaling"));
            if (w == "linear")
                s.scaling = width_scaling::linear;
            else if (w == "sqrt" || w == "square-root" || w == "square_root")
                s.scaling = width_scaling::square_root;
            else
                fail(get("scaling"), "scaling is linear or sqrt");
        }
        if (get("curvature")) s.curvature = num(get("curvature"));
        if (get("arrows")) s.arrows = flag(get("arrows"));
        if (get("pair_gap")) s.pair_gap = num(get("pair_gap"));
        if (get("end_gap")) s.end_gap = num(get("end_gap"));
        if (get("legend_values")) s.legend_values = nums(get("legend_values"));
        if (get("directed") && !n["features"] && !n["partnerships"])
            for (auto& f : l.features)
                f.directed = flag(get("directed"));
        l.style = s;
    } else if (kind == "points") {
        point_style s;
        if (get("shape")) {
            const std::string w = str(get("shape"));
            if (w == "circle")
                s.shape = marker_shape::circle;
            else if (w == "square")
                s.shape = marker_shape::square;
            else if (w == "triangle")
                s.shape = marker_shape::triangle;
            else if (w == "diamond")
                s.shape = marker_shape::diamond;
            else
                fail(get("shape"), "shape is circle, square, triangle or diamond");
        }
        if (get("size")) s.size = num(get("size"));
        if (get("fill")) s.fill = colour(get("fill"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        l.style = s;
    } else if (kind == "labels") {
        label_style s;
        if (get("font")) s.font.family = str(get("font"));
        if (get("size")) s.font.size = num(get("size"));
        if (get("bold")) s.font.bold = flag(get("bold"));
        if (get("italic")) s.font.italic = flag(get("italic"));
        if (get("color")) s.font.fill = colour(get("color"));
        if (get("halo")) s.font.halo = colour(get("halo"));
        if (get("halo_width")) s.font.halo_width = num(get("halo_width"));
        if (get("clearance")) s.clearance = num(get("clearance"));
        if (get("centred")) s.centred = flag(get("centred"));
        if (get("priority")) {
            const std::string w = str(get("priority"));
            if (w == "value")
                s.priority_by_value = true;
            else if (w == "order")
                s.priority_by_value = false;
            else
                fail(get("priority"), "priority is value or order");
        }
        l.style = s;
        l.legend = false;
    } else if (kind == "graticule") {
        graticule_style s;
        if (get("step")) s.step = num(get("step"));
        if (get("stroke")) s.stroke = colour(get("stroke"));
        if (get("width")) s.width = num(get("width"));
        if (get("dash")) s.dash = nums(get("dash"));
        l.style = s;
        l.legend = false;
    } else if (kind == "background") {
        background_style s;
        if (get("land")) s.land = colour(get("land"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        l.style = s;
        l.legend = false;
    }
}

} // namespace

map_spec parse_map_spec(const std::string& yaml, const std::string& base_dir, const std::string& name,
                        const spec_options& options) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::ParserException& e) {
        diagnostic d;
        d.file = name;
        d.line = e.mark.line + 1;
        d.column = e.mark.column + 1;
        d.message = "not valid YAML: " + e.msg;
        throw input_error(d);
    }
    reader r(name, base_dir, options);
    return r.read(root);
}

map_spec load_map_spec(const std::string& path, const spec_options& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(diagnostic{path, 0, 0, {}, "cannot read the map spec", "check the path"});
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string base = fs::path(path).parent_path().string();
    map_spec s = parse_map_spec(buf.str(), base.empty() ? "." : base, path, options);
    s.path = path;
    s.inputs.insert(s.inputs.begin(), path);
    return s;
}

} // namespace coopatlas::render
