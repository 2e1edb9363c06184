// The default atlas (shapefiles/maps/*.yaml) on the embedded data, as scripts/atlas.sh
// draws it: each map against its reference image, and what it draws counted from the
// specs and the data files (not from a run). The atlas is loaded once for the whole
// program (about a second), so these tests are one CTest entry.
//
// References are at scale 1 only: the maps are 1300–1800 page units wide, so a scale-2
// reference would weigh about 1 MB each (the seven at scale 1: 1.9 MB) and take four
// times as long to draw and compare, for no code path the inline cases do not already
// cover at scale 2 (visual_test.cpp).

#include "svg_scan.hpp"
#include "test_support.hpp"
#include "visual_check.hpp"

#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace coopatlas::test {
namespace {

using namespace coopatlas::render;

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

spec_options with_atlas() {
    spec_options o;
    o.atlas = &embedded_atlas();
    o.manifest = data_dir() + "/atlas.yaml";
    return o;
}

std::filesystem::path spec_path(const std::string& name) {
    return std::filesystem::path(data_dir()) / "maps" / (name + ".yaml");
}

// A spec read and laid out once per program, whichever test asks first.
struct prepared {
    map_spec spec;
    std::unique_ptr<map_renderer> renderer;
};

const prepared& prepare(const std::string& name) {
    static std::map<std::string, std::unique_ptr<prepared>> cache;
    auto& slot = cache[name];
    if (!slot) {
        slot = std::make_unique<prepared>();
        slot->spec = load_map_spec(spec_path(name).string(), with_atlas());
        slot->renderer = std::make_unique<map_renderer>(slot->spec.page);
    }
    return *slot;
}

// What a default map draws, from its spec and the data files:
// - circles: one per located party or engaged unit (layers only, not the legend);
// - dashed paths: the disputed boundaries a frame shows. Of the ten lines of
//   atlas.gpkg's disputed_borders, only the Western Saharan claim (27.66° N, 13.2° W to
//   8.8° W) lies in the Moroccan extents; none lies in France's (the Portuguese claim is
//   at 38.5° N);
// - flows and their arrowheads (the flow map's partnerships are undirected: no heads);
// - every label asked for (placed or left out for want of room), by its visible text.
struct default_map {
    const char* name;
    double width, height; // `size` of the spec
    std::size_t dashed_paths;
    std::size_t arrowheads;
    std::size_t circles;
    std::size_t flows;
    std::vector<std::string> labels; // asked for, sorted
    bool all_labels_placed;
};

void PrintTo(const default_map& m, std::ostream* os) {
    *os << m.name;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// The 16 regions of 2009 (atlas.gpkg, ma_regions_2009).
const std::vector<std::string> ma_regions_2009 = {"Tanger-Tétouan",
                                                  "Gharb-Chrarda-Béni Hssen",
                                                  "Taza-Al Hoceïma-Taounate",
                                                  "L'Oriental",
                                                  "Fès-Boulemane",
                                                  "Meknès-Tafilalet",
                                                  "Rabat-Salé-Zemmour-Zaër",
                                                  "Grand Casablanca",
                                                  "Chaouia-Ouardigha",
                                                  "Doukkala-Abda",
                                                  "Marrakech-Tensift-Al Haouz",
                                                  "Tadla-Azilal",
                                                  "Souss-Massa-Drâa",
                                                  "Guelmim-Es Semara",
                                                  "Laâyoune-Boujdour-Sakia El Hamra",
                                                  "Oued Ed-Dahab-Lagouira"};

// The parties of the 40 decentralised-cooperation partnerships (source 001), as the atlas
// names them, one label each (see 01_flows below).
const std::vector<std::string> franco_moroccan_parties = {// Morocco
             "Agadir", "Azrou", "Casablanca", "Dakhla", "Essaouira", "Fès", "Figuig", "Marrakech", "Meknès",
             "Ouarzazate", "Oujda", "Rabat", "Safi", "Taliouine", "Taroudant", "Tata", "Chtouka-Aït Baha", "Driouch",
             "El Jadida", "Khémisset", "Tanger-Tétouan", "L'Oriental", "Fès-Boulemane",
             "Meknès-Tafilalet", "Rabat-Salé-Zemmour-Zaër", "Doukkala-Abda", "Souss-Massa-Drâa",
             // France
             "Aix-en-Provence", "Marseille", "La Rochelle", "Romans-sur-Isère", "Bordeaux", "Agde", "Bédarieux",
             "Montpellier", "Tours", "Grenoble", "Blois", "Saint-Étienne", "Lille", "Creil", "Boulogne-sur-Mer",
             "Strasbourg", "Paris", "Mantes-la-Jolie", "Stains", "Allier", "Hérault", "Isère", "Loire-Atlantique",
             "Seine-Saint-Denis", "Métropole de Lyon", "CC de la Côte d'Albâtre", "CC du Pays des Ecrins",
             "CA de Nîmes Métropole", "Nantes Métropole", "CA Amiens Métropole", "Parc naturel régional du Luberon",
             "Champagne-Ardenne", "Centre", "Nord-Pas-de-Calais", "Lorraine", "Franche-Comté", "Aquitaine",
             "Languedoc-Roussillon", "Provence-Alpes-Côte d'Azur"};

// The labels of 01_flows, bilingual: Ouarzazate's commune (ورزازات) and province (ورززات)
// differ in Arabic, so each has its label.
std::vector<std::string> with_both_ouarzazates(std::vector<std::string> parties) {
    parties.push_back("Ouarzazate");
    return parties;
}

const default_map default_maps[] = {
    // 40 decentralised-cooperation partnerships, each between one Moroccan and one French
    // party, no pair twice: 31 Moroccan parties, of which Ouled Boussaken and the
    // Groupement de Bouhachem have no location (actors.csv), and 39 French ones. 29 + 39
    // circles; labels named as the atlas names the parties (French line listed here; the
    // Moroccan ones add their Arabic name, see the bilingual test below), but the commune
    // and the province of Figuig share both names (فجيج): one label, 29 + 39 - 1;
    // Ouarzazate's commune and province differ in Arabic: two labels; 38 flows (P007 and
    // P008 join an unlocated party).
    {"01_flows", 1800, 880, 1, 0, 29 + 39, 38, sorted(with_both_ouarzazates(franco_moroccan_parties)), false},
    // Circles for the 11 regions with a partner of a French authority: Tanger-Tétouan,
    // L'Oriental (Oujda, Figuig, Driouch), Fès-Boulemane, Meknès-Tafilalet (Meknès,
    // Azrou), Rabat-Salé-Zemmour-Zaër (Rabat, Khémisset), Grand Casablanca, Doukkala-Abda
    // (Safi, El Jadida), Marrakech-Tensift-Al Haouz (Marrakech, Essaouira),
    // Souss-Massa-Drâa (Agadir, Taroudant, Taliouine, Ouarzazate, Chtouka-Aït Baha),
    // Guelmim-Es Semara (Tata), Oued Ed-Dahab-Lagouira (Dakhla). Every region named.
    {"02_coverage_regions", 1400, 1100, 1, 0, 0 + 11, 0, sorted(ma_regions_2009), true},
    // The 11 régions of 2016 with a Moroccan partner, with their partnerships: AURA 7
    // (Allier, Isère ×2, Grenoble, Lyon, Romans, Saint-Étienne), Occitanie 6, Hauts-de-France
    // 5, PACA 5 (with the CC of the Écrins and the Luberon park), Île-de-France 4, Centre-Val
    // de Loire 3, Grand Est 3, Nouvelle-Aquitaine 3, Pays de la Loire 2, BFC 1, Normandie 1
    // (the CC of the Côte d'Albâtre). No circles, no disputed line in France.
    {"03_france_engaged", 1800, 860, 0, 0, 0, 0,
     sorted({"Auvergne-Rhône-Alpes (7)", "Occitanie (6)", "Hauts-de-France (5)", "Provence-Alpes-Côte d'Azur (5)",
             "Île-de-France (4)", "Centre-Val de Loire (3)", "Grand Est (3)", "Nouvelle-Aquitaine (3)",
             "Pays de la Loire (2)", "Bourgogne-Franche-Comté (1)", "Normandie (1)"}),
     true},
    // Regions and the year of their first planning convention (P063–P075); four regions
    // have none and show their name only.
    {"04_planning_conventions", 1400, 1100, 1, 0, 0, 0,
     sorted({"Tanger-Tétouan\n2000", "Gharb-Chrarda-Béni Hssen\n2005", "Taza-Al Hoceïma-Taounate", "L'Oriental",
             "Fès-Boulemane\n2006", "Meknès-Tafilalet\n2005", "Rabat-Salé-Zemmour-Zaër\n2006", "Grand Casablanca",
             "Chaouia-Ouardigha\n2006", "Doukkala-Abda\n2006", "Marrakech-Tensift-Al Haouz\n2007", "Tadla-Azilal\n2005",
             "Souss-Massa-Drâa", "Guelmim-Es Semara\n2004", "Laâyoune-Boujdour-Sakia El Hamra\n2004",
             "Oued Ed-Dahab-Lagouira\n2004"}),
     true},
    // Three request records (P041–P043): Guelmim-Es Semara (15, the province of Guelmim),
    // Souss-Massa-Drâa (7), Tanger-Tétouan (2, Tétouan): three circles. Every region named.
    {"05_bourse_demand", 1400, 1100, 1, 0, 3, 0, sorted(ma_regions_2009), true},
    // The parties and flows of 01_flows in one frame (labels in French only: one
    // Ouarzazate); its oblique extent (19.6° N – 52.3° N,
    // 25.2° W – 14.3° E) also shows the Portuguese claim on Olivenza (38.5° N, 7.2° W):
    // two dashed lines.
    {"06_mediterranean_flows", 1300, 1300, 2, 0, 29 + 39, 38, sorted(franco_moroccan_parties), false},
    // Eleven panels (1999–2009), each with the Western Saharan claim, and a circle per
    // region or commune with a convention of source 002 signed by the end of its year:
    // 0 in 1999, 1 from 2000 (Tanger-Tétouan), 4 in 2004, 9 in 2005, 18 in 2006 (11 new
    // parties, Meknès-Tafilalet already counted, Assa without a location), 19 from 2007.
    {"07_conventions_by_year", 1500, 1000, 11, 0, 0 + 1 + 1 + 1 + 1 + 4 + 9 + 18 + 19 + 19 + 19, 0, {}, true},
};

// Whether a line holds Arabic letters (UTF-8 lead bytes 0xD8–0xDB: U+0600–U+06FF).
bool arabic(const std::string& line) {
    return std::any_of(line.begin(), line.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0xD8 && u <= 0xDB;
    });
}

// The text a reader sees, in the Latin script: a template line left empty
// ("{name}\n{value}" without a value) shows nothing, Arabic lines of a bilingual label are
// left out (checked on their own below), and a name wrapped to fit its unit reads as one
// line (a break after a hyphen joins without a space, any other one is a space).
std::string visible(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= text.size()) {
        const auto nl = text.find('\n', at);
        const std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        if (!line.empty() && !arabic(line)) lines.push_back(line);
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty() && out.back() != '-') out += ' ';
        out += l;
    }
    return out;
}

class default_map_test : public ::testing::TestWithParam<default_map> {};

TEST_P(default_map_test, matches_reference) {
    const default_map& m = GetParam();
    const prepared& p = prepare(m.name);
    ASSERT_EQ(p.spec.page.width, m.width);
    ASSERT_EQ(p.spec.page.height, m.height);
    const std::string png = p.renderer->render(output_format::png, {1.0});
    EXPECT_TRUE(matches_reference(m.name, png, m.width, m.height, 1.0));
}

TEST_P(default_map_test, draws_what_the_data_holds) {
    const default_map& m = GetParam();
    const prepared& p = prepare(m.name);
    const render_report& rep = p.renderer->report();
    const std::string svg = p.renderer->render(output_format::svg);
    EXPECT_FALSE(p.spec.page.title.empty());

    // The renderer's report, and the SVG group of each layer.
    std::size_t dashed = 0, heads = 0, circles = 0, flows = 0, layer_labels = 0;
    std::vector<std::string> svg_labels;
    for (const auto& l : rep.layers) {
        dashed += l.dashed_paths;
        heads += l.arrowheads;
        circles += l.circles;
        layer_labels += l.labels;
        if (l.kind == std::string("flows")) flows += l.features;
        const std::string group = svg_group(svg, l.id);
        ASSERT_FALSE(group.empty() && l.features > 0) << l.id;
        EXPECT_EQ(svg_dashed_paths(group), l.dashed_paths) << l.id;
        EXPECT_EQ(svg_circles(group), l.circles) << l.id;
        if (l.kind == std::string("flows")) {
            EXPECT_EQ(svg_filled_unstroked_paths(group), l.arrowheads) << l.id;
            EXPECT_EQ(svg_elements(group, "path").size(), l.features + l.arrowheads) << l.id;
        }
        if (l.kind == std::string("labels")) {
            const auto t = svg_texts(group);
            EXPECT_EQ(t.size(), l.labels) << l.id;
            svg_labels.insert(svg_labels.end(), t.begin(), t.end());
        }
    }
    EXPECT_EQ(dashed, m.dashed_paths);
    EXPECT_EQ(heads, m.arrowheads);
    EXPECT_EQ(circles, m.circles);
    EXPECT_EQ(flows, m.flows);

    // Every label asked for is placed or reported left out; the placed ones are the
    // SVG's texts.
    std::vector<std::string> placed, asked;
    for (const auto& l : rep.labels)
        placed.push_back(visible(l.text));
    asked = placed;
    for (const auto& d : rep.dropped_labels)
        asked.push_back(visible(d));
    std::vector<std::string> expected;
    for (const auto& e : m.labels)
        expected.push_back(visible(e));
    EXPECT_EQ(sorted(asked), sorted(expected));
    EXPECT_EQ(layer_labels, rep.labels.size());
    for (auto& t : svg_labels)
        t = visible(t);
    EXPECT_EQ(sorted(svg_labels), sorted(placed));
    if (m.all_labels_placed) {
        EXPECT_TRUE(rep.dropped_labels.empty());
    }

    // A scale bar in every frame; no two labels overlap.
    EXPECT_FALSE(rep.frames.empty());
    for (const auto& fr : rep.frames)
        EXPECT_TRUE(fr.scale_bar.shown) << fr.id;
    for (std::size_t i = 0; i < rep.labels.size(); ++i)
        for (std::size_t j = i + 1; j < rep.labels.size(); ++j) {
            const auto& a = rep.labels[i].bounds;
            const auto& b = rep.labels[j].bounds;
            const bool apart = a.max_x <= b.min_x + 1e-9 || b.max_x <= a.min_x + 1e-9 || a.max_y <= b.min_y + 1e-9 ||
                               b.max_y <= a.min_y + 1e-9;
            EXPECT_TRUE(apart) << rep.labels[i].text << " / " << rep.labels[j].text;
        }
}

INSTANTIATE_TEST_SUITE_P(default_maps, default_map_test, ::testing::ValuesIn(default_maps),
                         [](const ::testing::TestParamInfo<default_map>& param) {
                             return std::string(param.param.name);
                         });

// The flow map names the Moroccan parties in French and Arabic, stacked (scripts "fr,ar"):
// the Arabic names as actors.csv spells them, on the line under the French one.
TEST(default_atlas, flow_map_is_bilingual) {
    const prepared& p = prepare("01_flows");
    const std::map<std::string, std::string> expected = {{"MA:commune:rabat", "Rabat\nالرباط"},
                                                         {"MA:commune:agadir", "Agadir\nأكادير"},
                                                         {"MA:commune:oujda", "Oujda\nوجدة"},
                                                         {"MA:commune:dakhla", "Dakhla\nالداخلة"},
                                                         {"MA:commune:tata", "Tata\nطاطا"}};
    std::map<std::string, std::string> found;
    std::size_t bilingual = 0;
    for (const auto& l : p.renderer->report().labels) {
        if (l.layer_id != "ma-names") continue;
        if (expected.count(l.feature_id)) found[l.feature_id] = l.text;
        if (arabic(l.text)) ++bilingual;
    }
    EXPECT_EQ(found, expected);
    EXPECT_GE(bilingual, 10u);
    // the SVG writes both lines as text (the Arabic shaped by the viewer from its characters)
    const std::string svg = p.renderer->render(output_format::svg);
    EXPECT_NE(svg.find("الرباط"), std::string::npos);
}

// On maps this large the budget over the whole image (0.05 %: 770 pixels of 1400 × 1100)
// could let a label or a symbol go unnoticed; the window budget must catch them. Each
// change below, made to the prepared map, must fail the comparison with the unchanged
// map's reference.
struct map_mutation {
    const char* name;
    const char* map;
    const char* layer;
    const char* feature; // its label or id
    bool remove;         // remove the feature, else draw it as not disputed
};

void PrintTo(const map_mutation& m, std::ostream* os) {
    *os << m.name << " (" << m.map << ")";
}

const map_mutation map_mutations[] = {
    // One short label, on the plain fill of Normandie.
    {"one_label_dropped", "03_france_engaged", "region-names", "Normandie (1)", true},
    // The circle of Tata (one partnership: 6.5 page units across, on land, far from others).
    {"one_circle_dropped", "01_flows", "ma-partners", "MA:commune:tata", true},
    // The Western Saharan claim drawn solid.
    {"disputed_line_solid", "02_coverage_regions", "disputed-boundaries", "", false},
};

class default_map_mutation : public ::testing::TestWithParam<map_mutation> {};

TEST_P(default_map_mutation, fails_the_reference_comparison) {
    const map_mutation& m = GetParam();
    const default_map* original = nullptr;
    for (const auto& d : default_maps)
        if (std::string(d.name) == m.map) original = &d;
    ASSERT_NE(original, nullptr);
    const std::filesystem::path ref =
        reference_dir() / reference_file_name(m.map, original->width, original->height, 1.0);
    ASSERT_TRUE(std::filesystem::exists(ref)) << ref;

    render::map page = prepare(m.map).spec.page;
    std::size_t changed = 0;
    for (auto& f : page.frames)
        for (auto& l : f.layers) {
            if (l.id != m.layer) continue;
            for (auto it = l.features.begin(); it != l.features.end();) {
                if (m.remove && (it->label == m.feature || it->id == m.feature)) {
                    it = l.features.erase(it);
                    ++changed;
                    continue;
                }
                if (!m.remove && it->disputed) {
                    it->disputed = false;
                    ++changed;
                }
                ++it;
            }
        }
    ASSERT_EQ(changed, 1u) << m.name;
    const map_renderer r(page);
    const visual_comparison c =
        compare_with_reference(decode_png(r.render(output_format::png, {1.0})), read_png(ref.string()), 1.0);
    EXPECT_FALSE(c.passes) << m.name << " passes the comparison with the reference of " << m.map << ": " << describe(c);
    RecordProperty("differing_pixels", static_cast<int>(c.difference.differing));
    RecordProperty("budget", static_cast<int>(c.budget));
    RecordProperty("densest_window", static_cast<int>(c.densest_window));
}

INSTANTIATE_TEST_SUITE_P(mutations, default_map_mutation, ::testing::ValuesIn(map_mutations),
                         [](const ::testing::TestParamInfo<map_mutation>& param) {
                             return std::string(param.param.name);
                         });

// The table above names every map of the default atlas, and nothing else.
TEST(default_atlas, every_spec_has_its_expectations) {
    std::vector<std::string> files, table;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(data_dir()) / "maps"))
        if (e.path().extension() == ".yaml") files.push_back(e.path().stem().string());
    for (const auto& m : default_maps)
        table.push_back(m.name);
    EXPECT_EQ(sorted(files), sorted(table));
    for (const auto& m : default_maps) {
        std::ostringstream size;
        size << "size: [" << m.width << ", " << m.height << "]";
        EXPECT_NE(read_text(spec_path(m.name)).find(size.str()), std::string::npos) << m.name;
    }
}

} // namespace
} // namespace coopatlas::test
