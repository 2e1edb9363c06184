// Morocco's 12 regions of 2015 labelled in French, Arabic and Tifinagh (stacked), as a
// map spec would ask: every region gets its label, and each label's box lies in its own
// region, or, when it cannot fit there, stands outside every region with a leader
// line. The regions are read here from atlas.gpkg (layer ma_regions_2015) with OGR,
// projected to the frame's CRS and placed on the page by the frame's extent and page box
// as the report gives them, independently of the renderer's own geometry.

#include "test_support.hpp"

#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gdal.h>
#include <ogr_api.h>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace coopatlas::test {
namespace {

using ring = std::vector<geometry::point>;
using area = std::vector<ring>;  // every ring of every part: even-odd fill

// Even-odd ray casting over all rings (written here, not the library's).
bool inside(const area& a, double x, double y) {
    bool in = false;
    for (const auto& r : a)
        for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            const auto& p = r[i];
            const auto& q = r[j];
            if ((p.y > y) != (q.y > y) && x < (q.x - p.x) * (y - p.y) / (q.y - p.y) + p.x) in = !in;
        }
    return in;
}

void add_rings(OGRGeometryH g, area& out) {
    const int n = OGR_G_GetGeometryCount(g);
    if (n == 0 || wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString ||
        wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLinearRing) {
        ring r;
        for (int k = 0; k < OGR_G_GetPointCount(g); ++k)
            r.push_back({OGR_G_GetX(g, k), OGR_G_GetY(g, k)});
        if (!r.empty()) out.push_back(std::move(r));
        return;
    }
    for (int k = 0; k < n; ++k)
        add_rings(OGR_G_GetGeometryRef(g, k), out);
}

// id → rings in lon/lat, from the GeoPackage.
std::map<std::string, area> regions_2015() {
    GDALAllRegister();
    std::map<std::string, area> out;
    const std::string path = data_dir() + "/atlas.gpkg";
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return out;
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "ma_regions_2015");
    if (layer) {
        OGR_L_ResetReading(layer);
        while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
            const std::string id = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "id"));
            if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) add_rings(g, out[id]);
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
    return out;
}

TEST(region_labels_2015, every_region_labelled_inside_itself_in_three_scripts) {
    const std::string spec_text = R"(title: Regions of 2015
size: [1400, 1100]
projection: morocco
extent: morocco
layers:
  - {id: regions, kind: polygons, units: {level: region, vintage: "2015", country: MA}, fill: "#e5e0d8",
     outline: "#ffffff", outline_width: 0.8}
  - {id: names, kind: labels, units: {level: region, vintage: "2015", country: MA}, label: name,
     scripts: "fr,ar,tfng", size: 10}
)";
    render::spec_options o;
    o.atlas = &embedded_atlas();
    o.manifest = data_dir() + "/atlas.yaml";
    const render::map_spec spec = render::load_map_spec(write_temp("regions_2015_trilingual.yaml", spec_text), o);
    const render::map_renderer r(spec.page);
    const render::render_report& rep = r.report();
    write_temp("regions_2015_trilingual.png", r.render(render::output_format::png, {1.0}));

    const auto regions = regions_2015();
    ASSERT_EQ(regions.size(), 12u) << "ma_regions_2015 in atlas.gpkg";
    ASSERT_EQ(rep.frames.size(), 1u);
    const auto& fr = rep.frames[0];
    const geometry::projection proj("EPSG:4326", fr.crs);
    const double scale = (fr.page_box.max_x - fr.page_box.min_x) / (fr.extent.max_x - fr.extent.min_x);
    std::map<std::string, area> on_page;
    for (const auto& [id, a] : regions) {
        area& pa = on_page[id];
        for (const auto& rg : a) {
            ring pr;
            for (const auto& p : rg) {
                const auto q = proj.forward(p);
                pr.push_back({fr.page_box.min_x + (q.x - fr.extent.min_x) * scale,
                              fr.page_box.min_y + (fr.extent.max_y - q.y) * scale});
            }
            pa.push_back(std::move(pr));
        }
    }

    EXPECT_TRUE(rep.dropped_labels.empty());
    std::map<std::string, int> labelled;
    int inside_own = 0;
    for (const auto& l : rep.labels) {
        ++labelled[l.feature_id];
        ASSERT_TRUE(on_page.count(l.feature_id)) << l.feature_id;
        // three scripts, one per line at least
        EXPECT_GE(std::count(l.text.begin(), l.text.end(), '\n'), 2) << l.text;
        // the box less the halo tolerance (1.5), sampled every half unit: all inside
        // its own region, none inside another
        const double t = 1.5;
        const auto& b = l.bounds;
        int outside = 0, elsewhere = 0;
        for (double y = b.min_y + t; y <= b.max_y - t + 1e-9; y += 0.5)
            for (double x = b.min_x + t; x <= b.max_x - t + 1e-9; x += 0.5) {
                if (!inside(on_page[l.feature_id], x, y)) ++outside;
                for (const auto& [id, a] : on_page)
                    if (id != l.feature_id && inside(a, x, y)) ++elsewhere;
            }
        // never over another region; inside its own one, or, set apart with a leader
        // line, wholly outside every region (over the sea)
        EXPECT_EQ(elsewhere, 0) << l.feature_id << " " << l.text;
        int samples = 0, in_own = 0;
        for (double y = b.min_y + t; y <= b.max_y - t + 1e-9; y += 0.5)
            for (double x = b.min_x + t; x <= b.max_x - t + 1e-9; x += 0.5, ++samples)
                in_own += inside(on_page[l.feature_id], x, y) ? 1 : 0;
        EXPECT_TRUE(outside == 0 || in_own == 0) << l.feature_id << " " << l.text << ": straddles its outline";
        if (outside == 0) ++inside_own;
        for (const char* name : {"Oriental\n", "Fès-Meknès\n", "Drâa-Tafilalet\n"})
            if (l.text.rfind(name, 0) == 0) EXPECT_EQ(outside, 0) << name;
    }
    // At 10 pt with three stacked scripts, the three narrow coastal regions around Rabat
    // and Casablanca and the Tanger peninsula take leader labels; the nine others,
    // Oriental, Fès-Meknès and Drâa-Tafilalet among them, hold their own label.
    EXPECT_GE(inside_own, 9);
    EXPECT_EQ(labelled.size(), 12u);
    for (const auto& [id, a] : regions)
        EXPECT_EQ(labelled[id], 1) << id;
}

} // namespace
} // namespace coopatlas::test
