// The atlas cache: a load read back from its snapshot is the atlas the inputs give, field
// by field; a changed input, a damaged snapshot or another folder never yields a stale atlas.
// The expected atlas is always the one loaded with the cache off, from the same files.
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/render/map_spec.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ci = coopatlas::io;
namespace cm = coopatlas::model;
namespace fs = std::filesystem;
using coopatlas::test::fixture;

namespace {

// A folder of its own for each test, holding the cache and the small atlas.
class atlas_cache : public testing::Test {
protected:
    void SetUp() override {
        const auto* info = testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::path(COOPATLAS_TEST_OUTPUT) / "atlas_cache" / info->name();
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "data");
        cache_ = dir_ / "cache";
        ::setenv("COOPATLAS_CACHE", cache_.c_str(), 1);
    }
    void TearDown() override { ::unsetenv("COOPATLAS_CACHE"); }

    fs::path write(const std::string& name, const std::string& content) const {
        const fs::path p = dir_ / "data" / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }

    // Benelux provinces (Natural Earth), three towns placed in them by geometry, one of
    // them read on demand, an alias and two partnerships named in words.
    // `more` is added to the manifest.
    std::string small_atlas(bool with_lazy = false, const std::string& more = "") const {
        write("towns.csv", "id,country,level,name,population,lon,lat\n"
                           "BE:place:1,BE,place,Liège,195000,5.57,50.63\n"
                           "NL:place:2,NL,place,Maastricht,121000,5.69,50.85\n");
        write("far.csv", "id,country,level,name,lon,lat\n"
                         "NL:place:3,NL,place,Groningen,6.57,53.22\n");
        write("aliases.csv", "alias,entity_id\nLuik,BE:place:1\n");
        write("partnerships.csv", "id,kind,party_a,party_b,year,themes,source\n"
                                  "P1,twinning,Luik,Maastricht,2001,culture|water,test fixture\n"
                                  "P2,agreement,Liege,Maastricht,,,test fixture\n");
        return write("atlas.yaml", "title: Benelux\nlayers:\n"
                                   "  - file: " + fixture("benelux.gpkg") + "\n"
                                   "    layer: states_provinces\n"
                                   "    level: province\n"
                                   "    id_template: \"{country}:{level}:{code}\"\n"
                                   "    fields: {country: iso_a2, code: name, name: name}\n"
                                   "  - {file: towns.csv, x: lon, y: lat}\n" +
                                   (with_lazy ? "  - {file: far.csv, x: lon, y: lat, lazy: true}\n" : "") +
                                   "aliases: aliases.csv\npartnerships: partnerships.csv\n" + more)
            .string();
    }

    std::vector<fs::path> snapshots() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto& f : fs::directory_iterator(cache_, ec)) out.push_back(f.path());
        std::sort(out.begin(), out.end());
        return out;
    }

    fs::path dir_, cache_;
};

cm::atlas uncached(const std::string& manifest) {
    ci::load_options o;
    o.use_cache = false;
    return ci::load_atlas(manifest, o);
}

bool same_points(const std::vector<coopatlas::geometry::point>& a, const std::vector<coopatlas::geometry::point>& b) {
    return a == b;
}

bool same_geometry(const coopatlas::geometry::geometry& a, const coopatlas::geometry::geometry& b) {
    using namespace coopatlas::geometry;
    if (a.index() != b.index()) return false;
    if (const auto* mp = std::get_if<multi_polygon>(&a)) {
        const auto& other = std::get<multi_polygon>(b);
        if (mp->size() != other.size()) return false;
        for (std::size_t i = 0; i < mp->size(); ++i) {
            if (!same_points((*mp)[i].outer, other[i].outer) || (*mp)[i].inners.size() != other[i].inners.size())
                return false;
            for (std::size_t j = 0; j < (*mp)[i].inners.size(); ++j)
                if (!same_points((*mp)[i].inners[j], other[i].inners[j])) return false;
        }
        return true;
    }
    if (const auto* p = std::get_if<point>(&a)) return *p == std::get<point>(b);
    if (const auto* l = std::get_if<line_string>(&a)) return same_points(*l, std::get<line_string>(b));
    if (const auto* m = std::get_if<multi_point>(&a)) return same_points(*m, std::get<multi_point>(b));
    if (const auto* ml = std::get_if<multi_line_string>(&a)) {
        const auto& other = std::get<multi_line_string>(b);
        if (ml->size() != other.size()) return false;
        for (std::size_t i = 0; i < ml->size(); ++i)
            if (!same_points((*ml)[i], other[i])) return false;
        return true;
    }
    return true;  // both empty
}

// Every field of every entity and partnership, the aliases and the tiers of names.
void expect_same_atlas(const cm::atlas& expected, const cm::atlas& got) {
    ASSERT_EQ(expected.size(), got.size());
    EXPECT_EQ(expected.eager_size(), got.eager_size());
    EXPECT_EQ(expected.has_deferred(), got.has_deferred());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const cm::entity& a = expected.entities()[i];
        const cm::entity& b = got.entities()[i];
        const bool same = a.id == b.id && a.country == b.country && a.level == b.level && a.vintage == b.vintage &&
                          a.rank == b.rank && a.code == b.code && a.code_iso == b.code_iso &&
                          a.feature_code == b.feature_code && a.name == b.name && a.name_ar == b.name_ar &&
                          a.name_tfng == b.name_tfng && a.name_en == b.name_en && a.alt_names == b.alt_names &&
                          a.names == b.names && a.parent_ids == b.parent_ids && a.anchor_id == b.anchor_id &&
                          a.disputed == b.disputed && a.population == b.population && a.source == b.source &&
                          a.origin == b.origin && same_geometry(a.geometry, b.geometry);
        if (!same && ++differing <= 5) ADD_FAILURE() << "entity " << i << " differs: " << a.id << " / " << b.id;
    }
    EXPECT_EQ(differing, 0u);
    EXPECT_EQ(expected.aliases(), got.aliases());
    ASSERT_EQ(expected.partnerships().size(), got.partnerships().size());
    for (std::size_t i = 0; i < expected.partnerships().size(); ++i) {
        const cm::partnership& a = expected.partnerships()[i];
        const cm::partnership& b = got.partnerships()[i];
        EXPECT_TRUE(a.id == b.id && a.kind == b.kind && a.a.text == b.a.text && a.a.entity_id == b.a.entity_id &&
                    a.a.notes == b.a.notes && a.b.text == b.b.text && a.b.entity_id == b.b.entity_id &&
                    a.b.notes == b.b.notes && a.year == b.year && a.themes == b.themes && a.count == b.count &&
                    a.requesters == b.requesters && a.source == b.source && a.note == b.note &&
                    a.origin == b.origin && a.line == b.line)
            << "partnership " << a.id;
    }
    EXPECT_EQ(expected.levels(), got.levels());
    EXPECT_EQ(expected.countries(), got.countries());
    EXPECT_EQ(expected.languages(), got.languages());
}

} // namespace

TEST_F(atlas_cache, the_embedded_atlas_read_back_is_the_atlas_its_files_give) {
    const std::string manifest = coopatlas::test::data_dir() + "/atlas.yaml";
    const cm::atlas expected = uncached(manifest);
    (void)ci::load_atlas(manifest);  // writes the snapshot
    ASSERT_EQ(snapshots().size(), 1u);
    const cm::atlas got = ci::load_atlas(manifest);
    expect_same_atlas(expected, got);
    // names, codes, the hierarchy and space answer as they do on the atlas read from its files
    for (const char* name : {"Fès", "Fes", "Agadir", "Nantes", "Souss-Massa-Drâa", "Oriental"}) {
        std::vector<std::string> a, b;
        for (const auto* e : expected.match(name)) a.push_back(e->id);
        for (const auto* e : got.match(name)) b.push_back(e->id);
        EXPECT_EQ(a, b) << name;
    }
    std::vector<std::string> near_a, near_b;
    for (const auto* e : expected.suggest("Fexx")) near_a.push_back(e->id);
    for (const auto* e : got.suggest("Fexx")) near_b.push_back(e->id);
    EXPECT_EQ(near_a, near_b);
    const cm::entity* paris = got.find_by_code("FR", "commune", "", "75056");
    ASSERT_NE(paris, nullptr);
    EXPECT_EQ(paris->name, "Paris");
    const cm::entity& region = got.at("MA:region:2009:13");
    EXPECT_EQ(got.children(region).size(), expected.children(expected.at("MA:region:2009:13")).size());
    EXPECT_EQ(got.containing({-9.6, 30.42}, "region", "2015").size(), 1u);
}

TEST_F(atlas_cache, a_snapshot_is_read_back_while_its_inputs_keep_their_size_date_and_inode) {
    const std::string manifest = small_atlas();
    (void)ci::load_atlas(manifest);
    // the same bytes count, date and inode: what the cache trusts, so the old name stays
    const fs::path towns = dir_ / "data" / "towns.csv";
    const auto date = fs::last_write_time(towns);
    {
        std::fstream f(towns, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(std::string("id,country,level,name,population,lon,lat\nBE:place:1,BE,place,").size());
        f << "Liegxe";  // six bytes, as "Liège" (its è takes two)
    }
    fs::last_write_time(towns, date);
    EXPECT_EQ(ci::load_atlas(manifest).at("BE:place:1").name, "Liège");
    EXPECT_EQ(uncached(manifest).at("BE:place:1").name, "Liegxe");
}

TEST_F(atlas_cache, a_changed_input_is_read_again) {
    const std::string manifest = small_atlas();
    const cm::atlas first = ci::load_atlas(manifest);
    EXPECT_EQ(first.at("NL:place:2").parent_ids, std::vector<std::string>{"NL:province:Limburg"});
    write("towns.csv", "id,country,level,name,population,lon,lat\n"
                       "BE:place:1,BE,place,Liège,195000,5.57,50.63\n"
                       "NL:place:2,NL,place,Maastricht,121000,5.69,50.85\n"
                       "BE:place:4,BE,place,Hasselt,78000,5.33,50.93\n");
    const cm::atlas second = ci::load_atlas(manifest);
    ASSERT_NE(second.find("BE:place:4"), nullptr);
    EXPECT_EQ(second.at("BE:place:4").parent_ids, std::vector<std::string>{"BE:province:Limburg"});
    expect_same_atlas(uncached(manifest), second);
    // an input that went away is an error again, never the atlas of before
    fs::remove(dir_ / "data" / "aliases.csv");
    EXPECT_THROW((void)ci::load_atlas(manifest), coopatlas::error);
}

TEST_F(atlas_cache, a_damaged_snapshot_is_set_aside_and_written_again) {
    const std::string manifest = small_atlas();
    const cm::atlas expected = uncached(manifest);
    (void)ci::load_atlas(manifest);
    ASSERT_EQ(snapshots().size(), 1u);
    const fs::path file = snapshots()[0];
    const auto size = fs::file_size(file);
    for (const auto damage : {size / 2, size - 3, std::uintmax_t{40}}) {
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(damage));
            f.put('\x7f');
        }
        expect_same_atlas(expected, ci::load_atlas(manifest));
        EXPECT_EQ(fs::file_size(file), size) << "written again whole";
    }
    fs::resize_file(file, size / 3);
    expect_same_atlas(expected, ci::load_atlas(manifest));
    std::ofstream(file, std::ios::binary | std::ios::trunc) << "not a snapshot";
    expect_same_atlas(expected, ci::load_atlas(manifest));
    EXPECT_EQ(fs::file_size(file), size);
}

TEST_F(atlas_cache, layers_read_on_demand_stay_on_demand_and_are_kept_apart) {
    const std::string manifest = small_atlas(true);
    cm::atlas expected = uncached(manifest);
    (void)ci::load_atlas(manifest);
    cm::atlas got = ci::load_atlas(manifest);
    expect_same_atlas(expected, got);
    ASSERT_TRUE(got.has_deferred());
    EXPECT_EQ(got.find("NL:place:3"), nullptr);
    EXPECT_EQ(expected.load_deferred(), 1u);
    EXPECT_EQ(got.load_deferred(), 1u);  // read from its files, and kept
    expect_same_atlas(expected, got);
    EXPECT_EQ(got.at("NL:place:3").parent_ids, std::vector<std::string>{"NL:province:Groningen"});
    ASSERT_EQ(snapshots().size(), 2u);
    cm::atlas third = ci::load_atlas(manifest);
    EXPECT_EQ(third.load_deferred(), 1u);  // read back
    expect_same_atlas(expected, third);
}

// A stored hierarchy row for an entity of a layer read on demand waits in the snapshot, and
// applies when that layer is read: Groningen (6.57 E, 53.22 N) lies in the province of
// Groningen, and takes Drenthe only from the row.
TEST_F(atlas_cache, stored_parents_of_layers_read_on_demand_wait_in_the_snapshot) {
    write("hierarchy.csv", "id,parent_ids\nNL:place:3,NL:province:Drenthe\n");
    const std::string manifest = small_atlas(true, "hierarchy: hierarchy.csv\n");
    cm::atlas expected = uncached(manifest);
    EXPECT_EQ(expected.load_deferred(), 1u);
    EXPECT_EQ(expected.at("NL:place:3").parent_ids, std::vector<std::string>{"NL:province:Drenthe"});

    (void)ci::load_atlas(manifest);
    cm::atlas got = ci::load_atlas(manifest);  // from the snapshot, the row still waiting
    ASSERT_TRUE(got.has_deferred());
    EXPECT_EQ(got.load_deferred(), 1u);  // the layer read from its file, the row applied
    expect_same_atlas(expected, got);
    EXPECT_EQ(got.at("NL:place:3").parent_ids, std::vector<std::string>{"NL:province:Drenthe"});
}

TEST_F(atlas_cache, the_cache_can_be_turned_off_and_keeps_to_its_budget) {
    ::setenv("COOPATLAS_CACHE", "off", 1);
    EXPECT_EQ(ci::atlas_cache_dir(), "");
    const std::string manifest = small_atlas();
    (void)ci::load_atlas(manifest);
    EXPECT_TRUE(snapshots().empty());
    ::setenv("COOPATLAS_CACHE", cache_.c_str(), 1);
    EXPECT_EQ(ci::atlas_cache_dir(), cache_.string());
    fs::create_directories(cache_);
    for (int i = 0; i < 30; ++i) {
        const fs::path old = cache_ / ("old" + std::to_string(i) + ".atlas");
        std::ofstream(old) << "x";
        fs::last_write_time(old, fs::file_time_type::clock::now() - std::chrono::hours(1 + i));
    }
    const fs::path unrelated = cache_ / "notes.txt";
    std::ofstream(unrelated) << "kept";
    // what a killed writer left: removed once it is an hour old, not while it may be written
    const fs::path stale = cache_ / "0123.atlas.99.0.tmp", fresh = cache_ / "4567.atlas.98.0.tmp";
    std::ofstream(stale) << "x";
    std::ofstream(fresh) << "x";
    fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
    (void)ci::load_atlas(manifest);
    const auto files = snapshots();
    EXPECT_EQ(files.size(), 26u);  // 24 snapshots, the newest first, the file that is none, the fresh write
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_TRUE(fs::exists(fresh));
    EXPECT_TRUE(fs::exists(unrelated));
    EXPECT_TRUE(fs::exists(cache_ / "old0.atlas"));
    EXPECT_FALSE(fs::exists(cache_ / "old29.atlas"));
}

namespace {

// The disputed boundaries a map of Morocco draws beside the countries (read from atlas.gpkg).
std::vector<coopatlas::geometry::geometry> disputed_lines() {
    coopatlas::render::spec_options o;
    o.atlas = &coopatlas::test::embedded_atlas();
    o.manifest = coopatlas::test::data_dir() + "/atlas.yaml";
    const auto spec = coopatlas::render::parse_map_spec(
        "frames:\n  - projection: morocco\n    layers:\n      - {kind: polygons, units: {level: region, vintage: \"2015\"}}\n",
        coopatlas::test::data_dir(), "spec", o);
    std::vector<coopatlas::geometry::geometry> out;
    for (const auto& f : spec.page.frames)
        for (const auto& l : f.layers)
            if (l.id == "disputed-boundaries")
                for (const auto& feature : l.features) out.push_back(feature.geometry);
    return out;
}

} // namespace

TEST_F(atlas_cache, a_map_s_context_lines_read_back_are_those_of_the_file) {
    ::setenv("COOPATLAS_CACHE", "off", 1);
    (void)coopatlas::test::embedded_atlas();
    const auto expected = disputed_lines();
    ASSERT_FALSE(expected.empty());
    ::setenv("COOPATLAS_CACHE", cache_.c_str(), 1);
    for (int round = 0; round < 2; ++round) {  // read from the file and kept, then read back
        const auto got = disputed_lines();
        ASSERT_EQ(got.size(), expected.size()) << "round " << round;
        for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same_geometry(expected[i], got[i])) << i;
        const auto files = snapshots();
        ASSERT_EQ(files.size(), 1u);
        EXPECT_EQ(files[0].extension(), ".layer");
    }
}
