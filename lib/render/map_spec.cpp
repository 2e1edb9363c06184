// Reading map specs (YAML) and running their data step: which features each layer
// holds, the value each carries, and the style it is drawn with. This file reads the
// page; frames, layers and styles have files of their own (see spec_reader.hpp).

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/render/map_spec.hpp>
#include <coopatlas/text/fold.hpp>

#include "render/spec_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace coopatlas::render {

namespace detail {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> top_keys = {
    "title", "subtitle", "size", "page_mm", "dpi", "scale", "background", "font", "font_scale", "margin", "data",
    "manifest", "filter", "legend", "credits", "frames", "overlays", "small_multiples",
    // a single frame written at the top level
    "id", "projection", "extent", "extent_crs", "position", "sea", "border", "scale_bar", "north_arrow", "locator",
    "graticule", "frame_title", "context", "layers", "outliers"};

} // namespace

map_spec spec_reader::read(const YAML::Node& root) {
    if (!root.IsMap()) fail(root, "a map spec is a YAML map (title, layers, …)");
    check_keys(root, top_keys, "the spec");
    map& m = spec_.page;
    if (root["data"]) manifest_ = (fs::path(path_of(root["data"])) / "atlas.yaml").string();
    if (root["manifest"]) manifest_ = path_of(root["manifest"]);
    if (root["filter"]) {
        filter_ = read_filter(root["filter"]);
        filter_node_ = root["filter"];
    }
    read_page_keys(root);

    if (root["small_multiples"]) {
        if (root["frames"]) fail(root["frames"], "small multiples repeat one frame: give its keys at the top level");
        read_small_multiples(root);
    } else if (root["frames"]) {
        if (root["layers"] || root["projection"] || root["extent"])
            fail(root["frames"], "give either frames or a single frame's keys (projection, extent, layers), not both");
        if (!root["frames"].IsSequence()) fail(root["frames"], "frames is a list of frames");
        std::size_t i = 0;
        for (const auto& f : root["frames"]) {
            m.frames.push_back(read_frame(f, i++, false));
            take_insets(m);
        }
    } else if (root["layers"]) {
        m.frames.push_back(read_frame(root, 0, true));
        take_insets(m);
    } else if (!root["overlays"]) {
        fail(root, "the spec has no layers", "add 'layers:' (one frame) or 'frames:' (several)");
    }
    if (root["overlays"]) {
        if (!root["overlays"].IsSequence()) fail(root["overlays"], "overlays is a list of layers");
        std::size_t i = 0;
        for (const auto& l : root["overlays"])
            m.overlays.push_back(read_layer(l, "EPSG:4326", i++, true));
    }
    read_credits(root);
    spec_.atlas = atlas_;
    return std::move(spec_);
}

// The outlier insets of the frame just read go after it, as its insets.
void spec_reader::take_insets(map& m) {
    const int host = static_cast<int>(m.frames.size()) - 1;
    for (auto& inset : pending_insets_) {
        inset.inset_of = host;
        m.frames.push_back(std::move(inset));
    }
    pending_insets_.clear();
}

void spec_reader::read_page_keys(const YAML::Node& root) {
    map& m = spec_.page;
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
    if (root["font"]) m.font_family = font_of(root["font"], "font");
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
}

void spec_reader::read_credits(const YAML::Node& root) {
    map& m = spec_.page;
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
}

} // namespace detail

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
    detail::spec_reader r(name, base_dir, options);
    return r.read(root);
}

map_spec load_map_spec(const std::string& path, const spec_options& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(diagnostic{path, 0, 0, {}, "cannot read the map spec", "check the path"});
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string base = std::filesystem::path(path).parent_path().string();
    map_spec s = parse_map_spec(buf.str(), base.empty() ? "." : base, path, options);
    s.path = path;
    s.inputs.insert(s.inputs.begin(), path);
    return s;
}

} // namespace coopatlas::render
