// Frames of a map spec: projection, extent, furniture, the layers, and the context an
// atlas frame gets (surrounding countries, disputed boundaries, a locator inset).

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/render/palettes.hpp>
#include <coopatlas/text/fold.hpp>

#include "render/spec_reader.hpp"

#include <algorithm>
#include <filesystem>

namespace coopatlas::render::detail {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> frame_keys = {"id",       "title",     "projection", "extent",    "extent_crs",
                                             "position", "sea",       "border",     "scale_bar", "north_arrow",
                                             "locator",  "graticule", "context",    "layers"};

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

} // namespace

frame spec_reader::read_frame(const YAML::Node& n, std::size_t index, bool top_level) {
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
    if (context) add_context(f, lonlat_extent);
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
    if (n["locator"]) read_locator(f, n["locator"]);
    return f;
}

// Context: the surrounding countries under the frame's layers (above a graticule) and
// the disputed boundaries it shows over its last areas.
void spec_reader::add_context(frame& f, const geometry::box& lonlat_extent) {
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
    // The disputed boundaries sit beside the countries: in the dataset of the manifest's
    // countries layer (atlas.gpkg, a PostGIS database, ...), else in atlas.gpkg beside it.
    std::string source = (fs::path(data_dir()) / "atlas.gpkg").string();
    try {
        for (const auto& l : io::read_manifest(manifest_path()).layers)
            if (l.layer == "countries") {
                source = l.path;
                break;
            }
    } catch (const error&) {
        // no manifest to read: the folder's atlas.gpkg, if any
    }
    const bool local = !io::is_gdal_name(source);
    if ((!local || fs::exists(source)) && !shown.empty()) {
        io::vector_read_options ro;
        ro.layer = "disputed_borders";
        try {
            auto t = io::read_vector(source, ro);
            for (auto& g : t.geometries)
                if (geometry::envelope(g).intersects(shown))
                    disputed.features.push_back({{}, {}, std::move(g), nan, true, false});
            if (local) spec_.inputs.push_back(source);
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

void spec_reader::read_locator(frame& f, const YAML::Node& ln) {
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

} // namespace coopatlas::render::detail
