// The labels of the W4 benchmark map (see /work/shared/peers: 2400×1600 px, study area in
// a Lambert azimuthal equal-area projection, proportional circles for the 200 most populous
// places, labels for the top 50 in DejaVu Sans 13 px with a 1.5 px halo), rebuilt from the
// embedded atlas: shaped by the text shaper, placed by place_labels, drawn to SVG and PDF.

#include "pdf_text.hpp"
#include "render/text_shaper.hpp"
#include "test_support.hpp"

#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/label_placement.hpp>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace {

using namespace coopatlas;
using render::detail::text_shaper;
using render::detail::text_style;

struct place {
    std::string name;
    double population = 0;
    long geonameid = 0;
    geometry::point page{};
    double radius = 0;
};

constexpr double page_w = 2400, page_h = 1600;
const char* const laea = "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs";

bool metropolitan_or_study(const model::entity& e) {
    if (e.id.rfind("FR:departement:", 0) == 0) return e.id.rfind("FR:departement:97", 0) != 0;
    return e.id.rfind("MA:region:2009:", 0) == 0 || e.id == "EH:territory:EH";
}

// W4's inputs as peers/prep/render_inputs.py makes them: top 200 places by population
// (ties by GeoNames id), circle radius 3 + 27·sqrt(pop / max) px, frame = the study area's
// projected bounds, 3:2, with a 2 % margin on the height.
std::vector<place> w4_places() {
    const auto& atlas = test::embedded_atlas();
    const geometry::projection proj("EPSG:4326", laea);
    geometry::box study;
    for (const auto& e : atlas.entities())
        if (metropolitan_or_study(e) && std::holds_alternative<geometry::multi_polygon>(e.geometry))
        {
            const auto b = geometry::envelope(geometry::transform(e.geometry, proj));
            study = {std::min(study.min_x, b.min_x), std::min(study.min_y, b.min_y), std::max(study.max_x, b.max_x),
                     std::max(study.max_y, b.max_y)};
        }
    const double cx = (study.min_x + study.max_x) / 2, cy = (study.min_y + study.max_y) / 2;
    const double half_h = (study.max_y - study.min_y) / 2 * 1.04, half_w = 1.5 * half_h;

    std::vector<place> places;
    for (const auto& e : atlas.entities()) {
        if (e.level != "place" || !e.population || !std::holds_alternative<geometry::point>(e.geometry)) continue;
        const auto p = proj.forward(std::get<geometry::point>(e.geometry));
        places.push_back({e.name, *e.population, std::stol(e.code),
                          {(p.x - (cx - half_w)) / (2 * half_w) * page_w, ((cy + half_h) - p.y) / (2 * half_h) * page_h}});
    }
    std::sort(places.begin(), places.end(), [](const place& a, const place& b) {
        return a.population != b.population ? a.population > b.population : a.geonameid < b.geonameid;
    });
    places.resize(std::min<std::size_t>(places.size(), 200));
    for (auto& p : places) p.radius = 3 + 27 * std::sqrt(p.population / places.front().population);
    return places;
}

struct surface_deleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct cairo_deleter {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool interiors_overlap(const geometry::box& a, const geometry::box& b) {
    return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

TEST(label_workload, w4_labels_beat_single_position_greedy_without_overlap) {
    const auto places = w4_places();
    ASSERT_EQ(places.size(), 200u);
    EXPECT_EQ(places.front().name, "Casablanca");  // GeoNames: 3.14 M, then Paris 2.14 M

    std::unique_ptr<cairo_surface_t, surface_deleter> image(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(page_w), static_cast<int>(page_h)));
    std::unique_ptr<cairo_t, cairo_deleter> cr(cairo_create(image.get()));
    text_shaper shaper(cr.get());
    text_style style;
    style.size = 13;
    style.halo_width = 1.5;

    // two ways to size the labels: the typographic box (measure) and the painted ink
    // (metrics().ink, tighter vertically)
    std::vector<render::label_request> requests, ink_requests;
    for (std::size_t i = 0; i < 50; ++i) {
        render::label_request r;
        r.id = places[i].name;
        r.text = places[i].name;
        r.extent = shaper.measure(r.text, style);
        r.anchor = places[i].page;
        r.clearance = places[i].radius + 1;
        r.priority = places[i].population;
        requests.push_back(r);
        const auto ink = shaper.metrics(r.text, style).ink;
        r.extent = {ink.max_x - ink.min_x, ink.max_y - ink.min_y};
        ink_requests.push_back(r);
    }
    const geometry::box frame{0, 0, page_w, page_h};

    for (const auto* reqs : {&requests, &ink_requests}) {
        const auto layout = render::place_labels(*reqs, frame);
        // Mapnik's rule in the W4 style, restated: one position (centred, 12 px above the
        // point), in data order (population), dropped on any collision, circles ignored,
        // labels allowed to cross the map edge (avoid-edges=false).
        std::vector<geometry::box> greedy;
        for (const auto& r : *reqs) {
            const geometry::box b{r.anchor.x - r.extent.width / 2, r.anchor.y - 12 - r.extent.height / 2,
                                  r.anchor.x + r.extent.width / 2, r.anchor.y - 12 + r.extent.height / 2};
            if (std::none_of(greedy.begin(), greedy.end(), [&](const geometry::box& o) { return interiors_overlap(b, o); }))
                greedy.push_back(b);
        }
        const std::string kind = reqs == &requests ? "typographic" : "ink";
        RecordProperty("placed_" + kind, static_cast<int>(layout.placed.size()));
        RecordProperty("greedy_single_position_" + kind, static_cast<int>(greedy.size()));
        EXPECT_GE(layout.placed.size(), greedy.size()) << kind;
        EXPECT_EQ(layout.placed.size() + layout.dropped.size(), 50u);
        for (std::size_t a = 0; a < layout.placed.size(); ++a) {
            const auto& p = layout.placed[a];
            EXPECT_TRUE(p.bounds.min_x >= 0 && p.bounds.min_y >= 0 && p.bounds.max_x <= page_w && p.bounds.max_y <= page_h);
            for (std::size_t b = a + 1; b < layout.placed.size(); ++b)
                EXPECT_FALSE(interiors_overlap(p.bounds, layout.placed[b].bounds))
                    << (*reqs)[p.index].text << " / " << (*reqs)[layout.placed[b].index].text;
        }
    }
    const auto layout = render::place_labels(requests, frame);

    // every placed label reaches the vector outputs: in SVG one glyph reference per shaped
    // glyph of the placed labels (Cairo 1.16 writes glyphs, not <text>), in PDF as text
    // whose characters a reader can extract
    const std::string svg_path = test::write_temp("w4_labels.svg", "");
    const std::string pdf_path = test::write_temp("w4_labels.pdf", "");
    int glyphs = 0;
    std::vector<char32_t> characters;
    for (const bool pdf : {false, true}) {
        std::unique_ptr<cairo_surface_t, surface_deleter> s(
            pdf ? cairo_pdf_surface_create(pdf_path.c_str(), page_w, page_h)
                : cairo_svg_surface_create(svg_path.c_str(), page_w, page_h));
        std::unique_ptr<cairo_t, cairo_deleter> vcr(cairo_create(s.get()));
        text_shaper vector_shaper(vcr.get());
        for (const auto& p : layout.placed) {
            vector_shaper.draw(requests[p.index].text, style, p.origin);
            if (pdf) continue;
            for (const auto& run : vector_shaper.runs(requests[p.index].text, style)) glyphs += run.glyphs;
            for (const char32_t c : test::code_points(requests[p.index].text)) characters.push_back(c);
        }
        vcr.reset();
        cairo_surface_finish(s.get());
        ASSERT_EQ(cairo_surface_status(s.get()), CAIRO_STATUS_SUCCESS);
    }
    const std::string svg = slurp(svg_path);
    long uses = 0;
    const std::string use = "<use xlink:href=\"#glyph";
    for (auto at = svg.find(use); at != std::string::npos; at = svg.find(use, at + use.size())) ++uses;
    EXPECT_EQ(uses, static_cast<long>(glyphs));
    const auto unicode = test::unicode_in_pdf(slurp(pdf_path));
    for (const char32_t c : characters) EXPECT_TRUE(unicode.count(c)) << static_cast<unsigned>(c);
}

} // namespace
