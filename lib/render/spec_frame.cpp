// Frames of a map spec: projection, extent, furniture, the layers, and the context an
// atlas frame gets (surrounding countries, disputed boundaries, a locator inset).

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/render/palettes.hpp>
#include <coopatlas/text/fold.hpp>

#include "io/layer_cache.hpp"
#include "render/spec_reader.hpp"
#include "render/view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace coopatlas::render::detail {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> frame_keys = {"id",       "title",     "projection", "extent",    "extent_crs",
                                             "position", "sea",       "border",     "scale_bar", "north_arrow",
                                             "locator",  "graticule", "context",    "layers",    "outliers"};

// Named extents (lon/lat): metropolitan France with Corsica, Morocco with Western
// Sahara, Europe with North Africa.
std::optional<geometry::box> named_extent(const std::string& word) {
    const std::string w = text::fold(word);
    if (w == "france" || w == "fr") return geometry::box{-5.3, 41.2, 9.7, 51.2};
    if (w == "morocco" || w == "maroc" || w == "ma") return geometry::box{-17.3, 20.6, -0.9, 36.0};
    if (w == "euromed") return geometry::box{-18, 19, 22, 56};
    return std::nullopt;
}

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::abs(v) < 0.005 ? 0.0 : v);
    return buf;
}

// The envelopes of a frame's thematic features (not the context, a background or a
// graticule), with their ids; one_crs: whether every layer holding them is in read_crs.
std::vector<std::pair<std::string, geometry::box>> thematic_envelopes(const frame& f, const std::string& read_crs,
                                                                      bool& one_crs) {
    std::vector<std::pair<std::string, geometry::box>> items;
    std::optional<crs_cache> crs; // only when a layer writes its CRS differently
    for (const auto& l : f.layers)
        if (!l.context && !std::holds_alternative<background_style>(l.style) &&
            !std::holds_alternative<graticule_style>(l.style))
            for (const auto& feat : l.features) {
                const geometry::box b = geometry::envelope(feat.shape());
                if (b.empty()) continue;
                if (l.crs != read_crs) {
                    if (!crs) crs.emplace();
                    if (!crs->same(l.crs, read_crs)) one_crs = false;
                }
                items.emplace_back(feat.id, b);
            }
    return items;
}

// The first five ids, then "…" when there are more.
std::string first_ids(const std::vector<std::string>& ids) {
    std::string text;
    for (std::size_t k = 0; k < ids.size() && k < 5; ++k)
        text += (k ? ", " : "") + ids[k];
    if (ids.size() > 5) text += ", …";
    return text;
}

} // namespace

// The projection suited to a lon/lat area when the spec names none: an equal-area
// projection centred on the area. A wide east-west band away from the equator and the
// poles (ground width over 1.5 times the height, centre between 20° and 70° of latitude)
// gets an Albers equal-area conic with standard parallels at 1/6 and 5/6 of its
// latitudes; anything else a Lambert azimuthal equal-area centred on it.
std::string auto_projection(const geometry::box& b) {
    if (b.empty()) return crs_preset("euromed");
    const double lon0 = (b.min_x + b.max_x) / 2, lat0 = (b.min_y + b.max_y) / 2;
    const double h = b.max_y - b.min_y;
    const double w = (b.max_x - b.min_x) * std::cos(lat0 * M_PI / 180);
    const std::string tail = " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
    if (w > 1.5 * h && h > 0 && std::abs(lat0) >= 20 && std::abs(lat0) <= 70)
        return "+proj=aea +lat_0=" + fixed(lat0) + " +lon_0=" + fixed(lon0) + " +lat_1=" + fixed(b.min_y + h / 6) +
               " +lat_2=" + fixed(b.max_y - h / 6) + tail;
    return "+proj=laea +lat_0=" + fixed(lat0) + " +lon_0=" + fixed(lon0) + tail;
}

// The features far from the bulk of a frame's data: those whose envelope centre lies
// farther from the median centre than 10 times the median distance to it (distances in
// degrees, longitude scaled by the cosine of the median latitude; the median distance
// counted at least 0.5°). Applied to frames of 8 features or more, and only when the
// outliers are fewer than a quarter of them.
outlier_split split_outliers(const std::vector<std::pair<std::string, geometry::box>>& items, bool lonlat) {
    outlier_split out;
    for (const auto& [id, b] : items)
        out.bulk.expand(b);
    if (items.size() < 8) return out;
    std::vector<double> xs, ys;
    for (const auto& [id, b] : items) {
        xs.push_back(b.center().x);
        ys.push_back(b.center().y);
    }
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    const double mx = median(xs), my = median(ys);
    const double kx = lonlat ? std::cos(my * M_PI / 180) : 1.0;
    std::vector<double> d;
    for (std::size_t i = 0; i < xs.size(); ++i)
        d.push_back(std::hypot((xs[i] - mx) * kx, ys[i] - my));
    const double limit = 10 * std::max(median(d), lonlat ? 0.5 : 0.0);
    geometry::box bulk;
    std::vector<std::string> far;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d[i] > limit)
            far.push_back(items[i].first);
        else
            bulk.expand(items[i].second);
    }
    if (far.empty() || far.size() * 4 >= items.size()) return out;
    out.bulk = bulk;
    // a feature drawn by several layers (areas and their labels) is one outlier
    for (auto& id : far)
        if (std::find(out.outliers.begin(), out.outliers.end(), id) == out.outliers.end()) out.outliers.push_back(id);
    return out;
}

YAML::Node spec_reader::manifest_key(const std::string& key) {
    if (!manifest_root_) {
        manifest_root_ = YAML::Node();
        const std::string m = manifest_path();
        std::error_code ec;
        if (!m.empty() && fs::is_regular_file(m, ec)) {
            try {
                manifest_root_ = YAML::LoadFile(m);
            } catch (const YAML::Exception&) {
                // The atlas loader reports a broken manifest; here it simply names nothing.
            }
        }
    }
    if (!manifest_root_->IsMap()) return YAML::Node();
    return (*manifest_root_)[key];
}

std::optional<geometry::box> spec_reader::extent_named(const std::string& word) {
    const YAML::Node declared = manifest_key("extents");
    if (declared.IsMap())
        for (const auto& kv : declared)
            if (text::fold(kv.first.as<std::string>()) == text::fold(word)) return box4(kv.second);
    return named_extent(word);
}

std::string spec_reader::projection_of(const YAML::Node& n) {
    const std::string word = str(n);
    const YAML::Node declared = manifest_key("projections");
    if (declared.IsMap())
        for (const auto& kv : declared)
            if (text::fold(kv.first.as<std::string>()) == text::fold(word)) return str(kv.second);
    return crs_preset(word);
}

frame spec_reader::read_frame(const YAML::Node& n, std::size_t index, bool top_level) {
    if (!top_level) check_keys(n, frame_keys, "frame " + std::to_string(index + 1));
    frame f;
    if (n["id"]) f.id = str(n["id"]);
    if (top_level && n["frame_title"]) f.title = str(n["frame_title"]);
    if (!top_level && n["title"]) f.title = str(n["title"]);
    const bool explicit_crs = static_cast<bool>(n["projection"]);
    if (explicit_crs) f.crs = projection_of(n["projection"]);
    geometry::box lonlat_extent = read_frame_extent(f, n, explicit_crs);
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
    read_frame_layers(f, n, read_crs, lonlat_extent);

    // The extent, when none is given: the thematic features without the remote outliers
    // (see split_outliers), unless `outliers: include`.
    const outlier_mode outliers = n["outliers"] ? outlier_mode_of(n["outliers"]) : outlier_mode::exclude;
    geometry::box data_box = lonlat_extent;
    if (f.extent.empty()) data_box = extent_from_data(f, read_crs, outliers, lonlat_extent);
    if (!explicit_crs) f.crs = auto_projection(data_box);
    if (!lonlat_extent.empty()) data_box = lonlat_extent;
    locator_around_ = data_box;
    if (n["locator"]) read_locator(f, n["locator"]);
    return f;
}

// The frame's `extent` and `extent_crs`; returns the extent in lon/lat (empty without `extent`).
geometry::box spec_reader::read_frame_extent(frame& f, const YAML::Node& n, bool explicit_crs) {
    geometry::box lonlat_extent;
    if (n["extent"]) {
        const auto& e = n["extent"];
        if (e.IsSequence()) {
            lonlat_extent = box4(e);
        } else if (auto named = extent_named(str(e))) {
            lonlat_extent = *named;
        } else {
            if (!atlas().find(str(e)) && atlas().has_deferred()) load_deferred("extent " + str(e));
            const auto* ent = atlas().find(str(e));
            if (!ent)
                fail(e, "extent '" + str(e) +
                            "' is neither [lon, lat, lon, lat], a named area (the manifest's extents, france, morocco, "
                            "euromed) nor an entity id");
            lonlat_extent = geometry::envelope(atlas().location(*ent));
        }
        f.extent = lonlat_extent;
    }
    if (n["extent_crs"]) {
        if (!explicit_crs) fail(n["extent_crs"], "extent_crs needs a projection to be in");
        f.extent = box4(n["extent_crs"]);
        f.extent_in_crs = true;
    }
    return lonlat_extent;
}

// A graticule, the frame's layers read in `read_crs`, and the context they call for.
void spec_reader::read_frame_layers(frame& f, const YAML::Node& n, const std::string& read_crs,
                                    const geometry::box& lonlat_extent) {
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
}

spec_reader::outlier_mode spec_reader::outlier_mode_of(const YAML::Node& n) const {
    const std::string w = str(n);
    if (w != "include" && w != "exclude" && w != "inset") fail(n, "outliers is 'exclude', 'inset' or 'include'");
    return w == "include" ? outlier_mode::include : w == "inset" ? outlier_mode::inset : outlier_mode::exclude;
}

// The extent of a frame that gives none, from its thematic features: their bulk, the
// outliers left out (in insets with `outliers: inset`) or, with `outliers: include`, taken
// in. Returns the area the frame's projection is chosen for (empty: none in lon/lat).
geometry::box spec_reader::extent_from_data(frame& f, const std::string& read_crs, outlier_mode mode,
                                            geometry::box& lonlat_extent) {
    bool one_crs = true;
    const std::vector<std::pair<std::string, geometry::box>> items = thematic_envelopes(f, read_crs, one_crs);
    const bool lonlat = read_crs == "EPSG:4326";
    const outlier_split split = split_outliers(items, lonlat);
    if (split.outliers.empty() || !one_crs) return lonlat ? split.bulk : geometry::box{};
    const std::string ids = first_ids(split.outliers);
    const std::string which = f.id.empty() ? "the frame" : "frame " + f.id;
    if (mode == outlier_mode::include) {
        geometry::box data_box;
        for (const auto& it : items)
            data_box.expand(it.second);
        spec_.notes.push_back(which + ": extent includes " + std::to_string(split.outliers.size()) +
                              " feature(s) far from the rest (" + ids + ")");
        return data_box;
    }
    const geometry::box& b = split.bulk;
    const double mx = (b.max_x - b.min_x) * 0.04, my = (b.max_y - b.min_y) * 0.04;
    f.extent = {b.min_x - mx, b.min_y - my, b.max_x + mx, b.max_y + my};
    f.extent_in_crs = !lonlat;
    if (lonlat) lonlat_extent = f.extent;
    if (mode == outlier_mode::inset) {
        add_outlier_insets(f, items, split.outliers, lonlat);
        spec_.notes.push_back(which + ": " + std::to_string(split.outliers.size()) + " feature(s) far from the rest (" +
                              ids + ") drawn in " + std::to_string(pending_insets_.size()) + " inset(s)");
    } else {
        spec_.notes.push_back(which + ": extent leaves out " + std::to_string(split.outliers.size()) +
                              " feature(s) far from the rest (" + ids +
                              "); 'outliers: inset' draws them in insets, 'outliers: include' takes them in");
    }
    return split.bulk;
}

// Insets for the outliers a frame's extent leaves out: outliers whose centres lie within
// 5° (or 500 km in a projected CRS) of each other share one, four insets at most, each
// titled with the names of what it shows and drawn in its own equal-area projection.
void spec_reader::add_outlier_insets(const frame& host, const std::vector<std::pair<std::string, geometry::box>>& items,
                                     const std::vector<std::string>& outliers, bool lonlat) {
    constexpr std::size_t max_insets = 4;
    const double near = lonlat ? 5.0 : 5e5;
    struct group {
        geometry::box box;
        std::vector<std::string> ids;
    };
    std::vector<group> groups;
    for (const std::string& id : outliers) {
        geometry::box b;
        for (const auto& [item_id, item_box] : items)
            if (item_id == id) b.expand(item_box);
        auto g = std::find_if(groups.begin(), groups.end(), [&](const group& x) {
            const auto c = b.center();
            return c.x > x.box.min_x - near && c.x < x.box.max_x + near && c.y > x.box.min_y - near &&
                   c.y < x.box.max_y + near;
        });
        if (g == groups.end()) groups.push_back({b, {id}});
        else {
            g->box.expand(b);
            if (std::find(g->ids.begin(), g->ids.end(), id) == g->ids.end()) g->ids.push_back(id);
        }
    }
    if (groups.size() > max_insets) {
        spec_.notes.push_back("outliers in " + std::to_string(groups.size()) + " places: the " +
                              std::to_string(max_insets) + " first get insets, the others are left out");
        groups.resize(max_insets);
    }
    const model::atlas* a = atlas_calls_ > 0 ? &atlas() : nullptr;
    for (const group& g : groups) {
        frame inset = host;
        inset.id = (host.id.empty() ? std::string("map") : host.id) + "-inset-" + std::to_string(pending_insets_.size() + 1);
        std::string title;
        for (std::size_t k = 0; k < g.ids.size() && k < 3; ++k) {
            const model::entity* e = a ? a->find(g.ids[k]) : nullptr;
            title += (k ? ", " : "") + (e ? e->display_name() : g.ids[k]);
        }
        if (g.ids.size() > 3) title += ", …";
        inset.title = title;
        // a point or a small island still gets a readable frame: at least 0.6° (or 60 km) across
        const double min_span = lonlat ? 0.6 : 6e4;
        geometry::box b = g.box;
        const double bw = b.max_x - b.min_x, bh = b.max_y - b.min_y;
        const double gx = std::max(0.0, min_span - bw) / 2 + bw * 0.08;
        const double gy = std::max(0.0, min_span - bh) / 2 + bh * 0.08;
        inset.extent = {b.min_x - gx, b.min_y - gy, b.max_x + gx, b.max_y + gy};
        inset.extent_in_crs = !lonlat;
        if (lonlat) inset.crs = auto_projection(inset.extent);
        inset.scale_bar = false;
        inset.north_arrow = false;
        inset.locator = {};
        pending_insets_.push_back(std::move(inset));
    }
}

// Context: the surrounding countries under the frame's layers (above a graticule) and
// the disputed boundaries it shows over its last areas.
void spec_reader::add_context(frame& f, const geometry::box& lonlat_extent) {
    // A frame of world scale shows the countries the eager layers leave out.
    if (!lonlat_extent.empty() && (lonlat_extent.max_x - lonlat_extent.min_x > 120 ||
                                   lonlat_extent.max_y - lonlat_extent.min_y > 90))
        load_deferred("the context of a world-scale extent");
    const model::atlas& a = atlas();
    layer countries;
    countries.id = "countries";
    countries.legend = false;
    countries.context = true;
    background_style bs;
    countries.style = bs;
    for (const auto& e : a.entities())
        if ((e.level == "country" || e.level == "territory") && e.is_areal()) {
            feature& added = countries.features.emplace_back(feature{e.id, {}, {}, nan, e.disputed, false});
            put_outline(added, e.geometry);
        }
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
                    shown.expand(geometry::envelope(feat.shape()));
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
    std::error_code ec;
    if ((!local || fs::exists(source, ec)) && !shown.empty()) {
        try {
            for (auto& g : io::detail::layer_geometries(source, "disputed_borders"))
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
            else if (auto named = extent_named(str(ln["extent"])))
                f.locator.extent = *named;
            else
                fail(ln["extent"], "locator extent is [lon, lat, lon, lat] or a named area (the manifest's extents, "
                                   "france, morocco, euromed)");
            // A built-in area keeps its own projection (euromed: the Albers conic).
            if (!ln["extent"].IsSequence() && text::fold(str(ln["extent"])) == "euromed")
                f.locator.crs = crs_preset("euromed");
        }
        if (ln["projection"]) f.locator.crs = projection_of(ln["projection"]);
        if (ln["size"]) f.locator.size = num(ln["size"]);
    }
    if (f.locator.show) {
        // By default the locator shows the frame's area with four times its width and
        // height around it (at least 20° by 15°), in an equal-area projection centred on it.
        if (f.locator.extent.empty()) {
            const geometry::box& b = locator_around_;
            if (b.empty()) {
                f.locator.extent = *named_extent("euromed");
            } else {
                const geometry::point c = b.center();
                const double hw = std::max(2 * (b.max_x - b.min_x), 10.0), hh = std::max(2 * (b.max_y - b.min_y), 7.5);
                f.locator.extent = {std::max(c.x - hw, -180.0), std::max(c.y - hh, -85.0), std::min(c.x + hw, 180.0),
                                    std::min(c.y + hh, 85.0)};
            }
        }
        if (f.locator.crs.empty()) f.locator.crs = auto_projection(f.locator.extent);
        for (const auto& e : atlas().entities())
            if ((e.level == "country" || e.level == "territory") && e.is_areal()) {
                const geometry::box eb = geometry::envelope(e.geometry);
                if (eb.intersects(f.locator.extent))
                    f.locator.land.push_back({e.id, {}, e.geometry, nan, e.disputed, false});
            }
    }
}

} // namespace coopatlas::render::detail
