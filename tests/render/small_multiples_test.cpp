// Small multiples (`small_multiples: {by: year, …}`): one frame per year, each with the
// partnerships of its year or of every year up to it, laid out in a grid, and the errors
// of the key. Expected counts are read off shapefiles/partnerships.csv and actors.csv by
// hand (source 002, the conventions of the Direction de l'Aménagement du Territoire).

#include "svg_scan.hpp"
#include "test_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;

spec_options with_atlas() {
    spec_options o;
    o.atlas = &test::embedded_atlas();
    o.manifest = test::data_dir() + "/atlas.yaml";
    return o;
}

map_spec panels(const std::string& mode) {
    return parse_map_spec(R"yaml(
title: Conventions with local authorities
size: [900, 800]
filter: {kinds: convention, sources: 002_24876a4890359298.txt}
small_multiples: {by: year, from: 2004, to: 2006, mode: )yaml" + mode + R"yaml(}
projection: morocco
extent: morocco
north_arrow: false
layers:
  - {id: partners, kind: circles, parties: {country: MA, level: [region, commune]}, max_value: 2,
     title: Conventions}
)yaml",
                          ".", "panels", with_atlas());
}

const layer& partners(const frame& f) {
    for (const auto& l : f.layers)
        if (l.id.rfind("partners-", 0) == 0) return l;
    throw std::runtime_error("no partners layer in " + f.id);
}

// Source 002's conventions with regions (map of 2009) and communes, by year:
// 2004: the regions 14, 15, 16 (P064–P066);
// 2005: the regions 02, 06, 12 (P067–P069), Figuig and Agadir (P076, P077);
// 2006: the regions 05, 06 (P074, P075), 07, 09, 10 (P070–P072), Meknès (P078), Guelmim,
//       Tan-Tan, Tata, Assa and Tarfaya (P079–P083): 11 parties, Assa without a location.
// Before 2004 only Tanger-Tétouan (P063, 2000).
TEST(small_multiples, one_panel_per_year_with_that_years_partners) {
    const map_spec s = panels("year");
    ASSERT_EQ(s.page.frames.size(), 3u);
    const std::vector<std::string> years = {"2004", "2005", "2006"};
    const std::vector<std::size_t> located = {3, 5, 10};
    for (std::size_t i = 0; i < 3; ++i) {
        const frame& f = s.page.frames[i];
        EXPECT_EQ(f.title, years[i]);
        EXPECT_EQ(f.id, "year-" + years[i]);
        EXPECT_EQ(partners(f).id, "partners-" + years[i]);
        EXPECT_EQ(partners(f).features.size(), located[i]) << years[i];
        EXPECT_FALSE(f.north_arrow);
    }
    EXPECT_EQ(s.page.columns, 2u); // ceil(sqrt(3))
}

TEST(small_multiples, cumulative_panels_add_every_earlier_year) {
    const map_spec s = panels("cumulative");
    ASSERT_EQ(s.page.frames.size(), 3u);
    // 1 (Tanger-Tétouan, 2000) + 3; + 5; + 10, Meknès-Tafilalet already counted in 2005.
    const std::vector<std::size_t> located = {4, 9, 18};
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(partners(s.page.frames[i]).features.size(), located[i]) << i;
    // Meknès-Tafilalet: one convention by 2005, two by 2006.
    double meknes_tafilalet = 0;
    for (const auto& feat : partners(s.page.frames[2]).features)
        if (feat.id == "MA:region:2009:06") meknes_tafilalet = feat.value;
    EXPECT_EQ(meknes_tafilalet, 2);
}

TEST(small_multiples, panels_fill_a_grid_of_equal_frames_under_one_legend) {
    const map_spec s = panels("year");
    const map_renderer r(s.page);
    const auto& frames = r.report().frames;
    ASSERT_EQ(frames.size(), 3u);
    const auto& a = frames[0].page_box;
    const auto& b = frames[1].page_box;
    const auto& c = frames[2].page_box;
    // two columns: 2004 and 2005 side by side, 2006 below 2004, all the same size
    EXPECT_DOUBLE_EQ(a.min_y, b.min_y);
    EXPECT_GT(b.min_x, a.max_x);
    EXPECT_DOUBLE_EQ(c.min_x, a.min_x);
    EXPECT_GT(c.min_y, a.max_y);
    for (const auto& box : {b, c}) {
        EXPECT_NEAR(box.max_x - box.min_x, a.max_x - a.min_x, 1e-9);
        EXPECT_NEAR(box.max_y - box.min_y, a.max_y - a.min_y, 1e-9);
    }
    // one legend block for the three circle layers
    std::size_t headings = 0;
    for (const auto& item : r.report().legend)
        if (item.label == "Conventions") ++headings;
    EXPECT_EQ(headings, 1u);
    const std::string svg = r.render(output_format::svg);
    for (const char* year : {"2004", "2005", "2006"}) {
        EXPECT_EQ(test::svg_texts(test::svg_group(svg, std::string("year-") + year + "-caption")),
                  std::vector<std::string>{year});
    }
}

// A scale bar too short for its middle number (panels 2.2 inches wide) shows only its
// ends: "0" and the length with its unit.
TEST(small_multiples, a_short_scale_bar_leaves_out_its_middle_number) {
    const map_spec s = panels("year");
    const map_renderer r(s.page);
    const std::string svg = r.render(output_format::svg);
    const auto texts = test::svg_texts(test::svg_group(svg, "year-2004-scale-bar"));
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0], "0");
    EXPECT_NE(texts[1].find(" km"), std::string::npos);
}

TEST(small_multiples, wrong_keys_are_refused_at_their_line) {
    const std::string head = "filter: {kinds: convention}\n";
    const std::string layers = "layers:\n  - {kind: circles, parties: MA}\n";
    auto refused = [&](const std::string& yaml, const std::string& words) {
        try {
            (void)parse_map_spec(yaml, ".", "sm", with_atlas());
            ADD_FAILURE() << "accepted: " << yaml;
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        }
    };
    refused(head + "small_multiples: {by: year, from: 2009, to: 1999}\n" + layers, "run backwards");
    refused(head + "small_multiples: {by: year, from: 1999, to: 2009, mode: monthly}\n" + layers, "mode is");
    refused(head + "small_multiples: {by: theme, from: 1999, to: 2009}\n" + layers, "by year");
    refused(head + "small_multiples: {by: year, to: 2009}\n" + layers, "'from' and 'to'");
    refused(head + "small_multiples: {by: year, from: 1999, to: 2009, colums: 3}\n" + layers, "did you mean 'columns'");
    refused(head + "small_multiples: {by: year, from: 1999, to: 2009}\nframes:\n  - {" + "layers: []}\n",
            "repeat one frame");
    refused(head + "small_multiples: {by: year, from: 1000, to: 2009}\n" + layers, "too many");
}

} // namespace
