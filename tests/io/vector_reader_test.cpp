#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace cio = coopatlas::io;
namespace cg = coopatlas::geometry;

namespace {
std::size_t field(const cio::feature_table& t, const std::string& name) {
    for (std::size_t i = 0; i < t.fields.size(); ++i)
        if (t.fields[i].name == name) return i;
    ADD_FAILURE() << "no field " << name;
    return 0;
}
} // namespace

TEST(vector_reader, reads_features_attributes_and_polygons_with_a_filter) {
    cio::vector_read_options o;
    o.layer = "states_provinces";
    o.where = "adm0_a3 = 'NLD'";
    const auto t = cio::read_vector(coopatlas::test::fixture("benelux.gpkg"), o);
    ASSERT_EQ(t.rows.size(), 15u);  // the 12 provinces and 3 Caribbean units of Natural Earth's NLD
    ASSERT_EQ(t.geometries.size(), 15u);
    EXPECT_EQ(t.crs, "EPSG:4326");
    const std::size_t name = field(t, "name");
    EXPECT_EQ(t.fields[name].kind, cio::field_def::type::text);
    std::size_t utrecht = t.rows.size();
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (std::get<std::string>(t.rows[i][name]) == "Utrecht") utrecht = i;
    ASSERT_LT(utrecht, t.rows.size());
    const auto* mp = std::get_if<cg::multi_polygon>(&t.geometries[utrecht]);
    ASSERT_NE(mp, nullptr);
    // Utrecht's Dom tower (5.1214 E, 52.0907 N) is in the province; Amsterdam is not
    EXPECT_TRUE(cg::strictly_inside({5.1214, 52.0907}, *mp));
    EXPECT_FALSE(cg::strictly_inside({4.9041, 52.3676}, *mp));
}

TEST(vector_reader, transforms_to_the_asked_crs) {
    cio::vector_read_options o;
    o.layer = "states_provinces";
    o.where = "name = 'Utrecht'";
    o.target_crs = "EPSG:3035";  // ETRS89 LAEA Europe, metres
    const auto t = cio::read_vector(coopatlas::test::fixture("benelux.gpkg"), o);
    ASSERT_EQ(t.rows.size(), 1u);
    const cg::box b = cg::envelope(t.geometries[0]);
    // Utrecht lies around E 3.99e6, N 3.23e6 in EPSG:3035
    EXPECT_GT(b.min_x, 3.9e6);
    EXPECT_LT(b.max_x, 4.1e6);
    EXPECT_GT(b.min_y, 3.1e6);
    EXPECT_LT(b.max_y, 3.3e6);
}

TEST(vector_reader, reports_missing_layers_and_bad_filters) {
    cio::vector_read_options o;
    o.layer = "provinces";
    try {
        (void)cio::read_vector(coopatlas::test::fixture("benelux.gpkg"), o);
        FAIL() << "no error";
    } catch (const coopatlas::input_error& e) {
        EXPECT_NE(e.diagnostics()[0].suggestion.find("states_provinces"), std::string::npos);
    }
    o.layer = "states_provinces";
    o.where = "no_such_field = 1";
    EXPECT_THROW((void)cio::read_vector(coopatlas::test::fixture("benelux.gpkg"), o), coopatlas::input_error);
}
