#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/layer_style.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace cio = coopatlas::io;
namespace geo = coopatlas::geometry;
namespace fs = std::filesystem;

namespace {

// A folder of its own for each test (CTest runs them in parallel).
fs::path folder(const std::string& name) {
    const fs::path dir =
        fs::path(coopatlas::test::write_temp("vector_writer.keep", "")).parent_path() / ("vector_writer_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

cio::feature_table squares(const std::string& name, std::size_t n) {
    cio::feature_table t;
    t.name = name;
    t.add_field("name", cio::field_def::type::text);
    t.add_field("partnerships", cio::field_def::type::integer);
    t.add_field("per_10k_km2", cio::field_def::type::real);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i);
        geo::polygon p;
        p.outer = {{x, 0}, {x + 1, 0}, {x + 1, 1}, {x, 1}, {x, 0}};
        t.geometries.emplace_back(geo::multi_polygon{p});
        t.rows.push_back({std::string("Fès ") + std::to_string(i) + " فاس", static_cast<long long>(i), 0.5 * x});
    }
    return t;
}

std::string bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::size_t features(const fs::path& p, const std::string& layer = {}) {
    cio::vector_read_options o;
    o.layer = layer;
    return cio::read_vector(p.string(), o).rows.size();
}

} // namespace

TEST(vector_writer, a_layer_is_added_to_a_geopackage_and_the_others_are_kept) {
    const fs::path gpkg = folder("added") / "out.gpkg";
    cio::write_vector(gpkg.string(), squares("coverage", 3), cio::vector_write_options{});
    cio::write_vector(gpkg.string(), squares("flows", 5), cio::vector_write_options{});
    EXPECT_EQ(features(gpkg, "coverage"), 3u);
    EXPECT_EQ(features(gpkg, "flows"), 5u);
}

TEST(vector_writer, an_existing_layer_needs_overwrite_or_append) {
    const fs::path gpkg = folder("modes") / "out.gpkg";
    cio::write_vector(gpkg.string(), squares("coverage", 3), cio::vector_write_options{});
    cio::write_vector(gpkg.string(), squares("flows", 2), cio::vector_write_options{});
    const std::string before = bytes(gpkg);
    try {
        cio::write_vector(gpkg.string(), squares("coverage", 4), cio::vector_write_options{});
        FAIL() << "an existing layer was written over";
    } catch (const coopatlas::error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("already exists"), std::string::npos) << m;
        EXPECT_NE(m.find("--overwrite"), std::string::npos) << m;
        EXPECT_NE(m.find("--append"), std::string::npos) << m;
    }
    EXPECT_EQ(bytes(gpkg), before);
    cio::vector_write_options o;
    o.mode = cio::write_mode::overwrite;
    cio::write_vector(gpkg.string(), squares("coverage", 4), o);
    EXPECT_EQ(features(gpkg, "coverage"), 4u);
    o.mode = cio::write_mode::append;
    const auto r = cio::write_vector(gpkg.string(), squares("coverage", 4), o);
    EXPECT_TRUE(r.appended);
    EXPECT_EQ(features(gpkg, "coverage"), 8u);
    EXPECT_EQ(features(gpkg, "flows"), 2u);
}

TEST(vector_writer, a_failed_overwrite_leaves_the_file_as_it_was) {
    const fs::path dir = folder("failure");
    const fs::path gpkg = dir / "out.gpkg";
    cio::write_vector(gpkg.string(), squares("coverage", 3), cio::vector_write_options{});
    cio::write_vector(gpkg.string(), squares("flows", 2), cio::vector_write_options{});
    const std::string before = bytes(gpkg);
    cio::vector_write_options o;
    o.mode = cio::write_mode::overwrite;
    o.layer_options = {"FID=name"}; // the text field 'name' cannot be the feature id
    EXPECT_THROW(cio::write_vector(gpkg.string(), squares("coverage", 4), o), coopatlas::error);
    EXPECT_EQ(bytes(gpkg), before);
    std::set<std::string> left;
    for (const auto& e : fs::directory_iterator(dir))
        left.insert(e.path().filename().string());
    EXPECT_EQ(left, std::set<std::string>{"out.gpkg"}); // no scratch folder left behind
}

TEST(vector_writer, every_file_of_a_shapefile_is_checked_against_the_inputs) {
    const fs::path dir = folder("sidecars");
    const fs::path shp = dir / "dep.shp";
    cio::write_vector(shp.string(), squares("dep", 2), cio::vector_write_options{});
    for (const char* part : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".fields.csv"})
        EXPECT_TRUE(fs::exists(dir / (std::string("dep") + part))) << part;
    const std::string dbf = bytes(dir / "dep.dbf");
    cio::vector_write_options o;
    o.format = "ESRI Shapefile";
    o.mode = cio::write_mode::overwrite;
    o.protected_inputs = {shp.string()};
    EXPECT_THROW(cio::check_vector_output((dir / "dep.dbf").string(), o, "classes"), coopatlas::error);
    EXPECT_THROW(cio::write_vector((dir / "dep.dbf").string(), squares("dep", 3), o), coopatlas::error);
    EXPECT_EQ(bytes(dir / "dep.dbf"), dbf);
    // the field names of the file, and the table that maps them
    const auto back = cio::read_vector(shp.string());
    ASSERT_EQ(back.fields.size(), 3u);
    EXPECT_EQ(back.fields[1].name, "partnershp");
    EXPECT_EQ(back.fields[2].name, "per10k_km2");
    EXPECT_EQ(std::get<std::string>(back.rows[1][0]), "Fès 1 فاس"); // UTF-8 kept
    EXPECT_EQ(bytes(dir / "dep.fields.csv"),
              "field,shapefile_field\nname,name\npartnerships,partnershp\nper_10k_km2,per10k_km2\n");
}

// An input reached by another path (through ".." or a link to its folder) is the same file,
// and so is a GeoPackage sidecar that is not there yet (a stray "-wal" would be taken for
// the database's journal); a file beside the input is not.
TEST(atomic_output, an_input_is_recognised_by_any_path_and_its_sidecars_before_they_exist) {
    const fs::path dir = folder("inputs");
    fs::create_directories(dir / "data");
    const fs::path gpkg = dir / "data" / "atlas.gpkg";
    std::ofstream(gpkg) << "not read";
    fs::create_directory_symlink(dir / "data", dir / "linked");
    const std::vector<std::string> inputs{gpkg.string()};
    for (const fs::path& same : {dir / "data" / ".." / "data" / "atlas.gpkg", dir / "linked" / "atlas.gpkg",
                                 dir / "linked" / "atlas.gpkg-wal", dir / "data" / "atlas.gpkg-journal"}) {
        EXPECT_THROW(cio::check_not_an_input(same.string(), inputs), coopatlas::error) << same;
        EXPECT_THROW(cio::write_text_file(same.string(), "x", inputs), coopatlas::error) << same;
        EXPECT_FALSE(fs::exists(dir / "data" / "atlas.gpkg-wal"));
    }
    EXPECT_EQ(bytes(gpkg), "not read");
    EXPECT_NO_THROW(cio::check_not_an_input((dir / "linked" / "other.csv").string(), inputs));
    EXPECT_NO_THROW(cio::write_text_file((dir / "linked" / "atlas.csv").string(), "x", inputs));
    EXPECT_EQ(bytes(dir / "data" / "atlas.csv"), "x");
}

TEST(vector_writer, shapefile_field_names_are_short_and_unique) {
    EXPECT_EQ(cio::shapefile_field_name("class_label"), "class_lbl");
    EXPECT_EQ(cio::shapefile_field_name("population"), "population");
    EXPECT_EQ(cio::shapefile_field_name("a_very_long_field_name"), "a_very_lon");
    const auto names = cio::shapefile_field_names(
        {"per_100k_inh", "per_100k_inhabitants", "A_very_long_name_1", "a_very_long_name_2"});
    ASSERT_EQ(names.size(), 4u);
    EXPECT_EQ(names[0], "per100kinh");
    EXPECT_EQ(names[1], "per100ki_1"); // two fields would share a name: the second is numbered
    std::set<std::string> lower;
    for (auto n : names) {
        EXPECT_LE(n.size(), 10u) << n;
        for (auto& c : n)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        lower.insert(n);
    }
    EXPECT_EQ(lower.size(), names.size());
}

TEST(vector_writer, requests_that_cannot_work_are_usage_errors) {
    const fs::path dir = folder("usage");
    cio::vector_write_options o;
    o.format = "GPKG";
    EXPECT_THROW(cio::check_vector_output("-", o, "t"), coopatlas::usage_error);
    o = {};
    o.layer_options = {"NOVALUE"};
    EXPECT_THROW(cio::check_vector_output((dir / "x.gpkg").string(), o, "t"), coopatlas::usage_error);
    o = {};
    o.layer_name = "other";
    EXPECT_THROW(cio::check_vector_output((dir / "x.shp").string(), o, "t"), coopatlas::usage_error);
    EXPECT_THROW((void)cio::driver_for((dir / "x.unknown").string()), coopatlas::usage_error);
    EXPECT_EQ(cio::driver_for("PG:dbname=atlas"), "PostgreSQL");
    EXPECT_TRUE(cio::writes_plain_csv("-", {}));
    EXPECT_FALSE(cio::writes_plain_csv("-", "GeoJSON"));
}

TEST(vector_writer, a_symbolic_link_is_written_through) {
    const fs::path dir = folder("link");
    fs::create_directories(dir / "real");
    fs::create_symlink("real/out.gpkg", dir / "link.gpkg");
    cio::write_vector((dir / "link.gpkg").string(), squares("a", 2), cio::vector_write_options{});
    cio::write_vector((dir / "link.gpkg").string(), squares("b", 1), cio::vector_write_options{});
    EXPECT_TRUE(fs::is_symlink(dir / "link.gpkg"));
    EXPECT_EQ(features(dir / "real" / "out.gpkg", "a"), 2u);
    EXPECT_EQ(features(dir / "real" / "out.gpkg", "b"), 1u);
    cio::write_text_file((dir / "link.gpkg").string() + ".txt", "x");
    fs::create_symlink("real/t.csv", dir / "t.csv");
    cio::write_text_file((dir / "t.csv").string(), "a,b\n");
    EXPECT_TRUE(fs::is_symlink(dir / "t.csv"));
    EXPECT_EQ(bytes(dir / "real" / "t.csv"), "a,b\n");
}

TEST(vector_writer, csv_cells_that_a_spreadsheet_would_run_are_neutralised_unless_raw) {
    cio::feature_table t;
    t.name = "cells";
    t.add_field("name", cio::field_def::type::text);
    t.add_field("code", cio::field_def::type::text);
    t.add_field("n", cio::field_def::type::integer);
    t.add_field("x", cio::field_def::type::real);
    t.rows.push_back({std::string("=HYPERLINK(\"http://x\",\"y\")"), std::string("-3.5"), -2LL, -0.25});
    t.rows.push_back({std::string("@cmd"), std::string("+33 1 23"), 7LL, 1.5});
    t.geometries.resize(2);
    const std::string safe = "name,code,n,x\n"
                             "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3.5,-2,-0.25\n"
                             "'@cmd,'+33 1 23,7,1.5\n";
    EXPECT_EQ(cio::to_csv_text(t), safe);
    const std::string raw = "name,code,n,x\n"
                            "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3.5,-2,-0.25\n"
                            "@cmd,+33 1 23,7,1.5\n";
    EXPECT_EQ(cio::to_csv_text(t, true), raw);

    const fs::path dir = folder("formula");
    cio::vector_write_options o;
    (void)cio::write_table((dir / "plain.csv").string(), t, o);
    EXPECT_EQ(bytes(dir / "plain.csv"), safe);
    o.raw_csv = true;
    (void)cio::write_table((dir / "raw.csv").string(), t, o);
    EXPECT_EQ(bytes(dir / "raw.csv"), raw);
    // through GDAL's CSV driver too
    cio::vector_write_options g;
    g.format = "CSV";
    (void)cio::write_table((dir / "gdal.csv").string(), t, g);
    const std::string gdal = bytes(dir / "gdal.csv");
    EXPECT_NE(gdal.find("'=HYPERLINK("), std::string::npos) << gdal;
    EXPECT_NE(gdal.find("'@cmd"), std::string::npos) << gdal;
    EXPECT_EQ(gdal.find(",=HYPERLINK"), std::string::npos) << gdal;
}

TEST(dataset_name, gdal_names_pass_through_and_paths_are_resolved) {
    EXPECT_TRUE(cio::is_gdal_name("PG:dbname=atlas host=/run/postgresql"));
    EXPECT_TRUE(cio::is_gdal_name("/vsizip/data.zip/ma.shp"));
    EXPECT_TRUE(cio::is_gdal_name("https://example.org/a.geojson"));
    EXPECT_FALSE(cio::is_gdal_name("atlas.gpkg"));
    EXPECT_FALSE(cio::is_gdal_name("/data/atlas.gpkg"));
    EXPECT_FALSE(cio::is_gdal_name("C:atlas.gpkg"));
    EXPECT_EQ(cio::resolve_source("/atlas", "PG:dbname=atlas"), "PG:dbname=atlas");
    EXPECT_EQ(cio::resolve_source("/atlas", "/vsizip/a.zip/b.shp"), "/vsizip/a.zip/b.shp");
    EXPECT_EQ(cio::resolve_source("/atlas", "layers/../ma.vrt"), "/atlas/ma.vrt");
    EXPECT_EQ(cio::resolve_source("/atlas", "/data/ma.gpkg"), "/data/ma.gpkg");
    const auto shp = cio::dataset_files("/d/dep.shp");
    for (const char* part : {"/d/dep.shp", "/d/dep.dbf", "/d/dep.shx", "/d/dep.prj", "/d/dep.cpg"})
        EXPECT_NE(std::find(shp.begin(), shp.end(), part), shp.end()) << part;
    EXPECT_EQ(cio::dataset_files("/vsizip/{/d/a.zip}/x.shp"), std::vector<std::string>{"/d/a.zip"});
    EXPECT_TRUE(cio::dataset_files("PG:dbname=atlas").empty());
    EXPECT_EQ(cio::descriptor_name("-"), 1);
    EXPECT_EQ(cio::descriptor_name("/dev/stdout"), 1);
    EXPECT_EQ(cio::descriptor_name("/dev/fd/3"), 3);
    EXPECT_EQ(cio::descriptor_name("/dev/null"), -1);
    EXPECT_TRUE(cio::is_stream_output("/dev/null"));
    EXPECT_FALSE(cio::is_stream_output("/tmp"));
}

TEST(layer_style, qml_and_sld_hold_every_class_with_exact_bounds) {
    cio::layer_style s;
    s.field = "per_10k_km2";
    s.name = "coverage";
    s.classes = {{0, 0.1, {}, "0 – 0.1", "#ffffcc"}, {0.1, 2.0 / 3.0, {}, "0.1 – 0.7", "#41b6c4"}};
    const std::string qml = cio::to_qml(s);
    EXPECT_NE(qml.find("type=\"graduatedSymbol\" attr=\"per_10k_km2\""), std::string::npos);
    EXPECT_NE(qml.find("upper=\"0.66666666666666663\""), std::string::npos) << qml; // every digit of 2/3
    EXPECT_NE(qml.find("\"255,255,204,255\""), std::string::npos);
    EXPECT_NE(qml.find("\"65,182,196,255\""), std::string::npos);
    const std::string sld = cio::to_sld(s, "coverage");
    std::size_t rules = 0;
    for (std::size_t at = sld.find("<se:Rule>"); at != std::string::npos; at = sld.find("<se:Rule>", at + 1))
        ++rules;
    EXPECT_EQ(rules, 2u);
    EXPECT_NE(sld.find("PropertyIsGreaterThanOrEqualTo"), std::string::npos);
    EXPECT_NE(sld.find("<se:SvgParameter name=\"fill\">#41b6c4</se:SvgParameter>"), std::string::npos);
    s.classes.front().color = "red";
    EXPECT_THROW((void)cio::to_qml(s), coopatlas::error);
}

TEST(vector_writer, a_style_is_stored_in_the_layer_styles_table) {
    const fs::path gpkg = folder("style") / "out.gpkg";
    cio::vector_write_options o;
    cio::layer_style s;
    s.field = "per_10k_km2";
    s.classes = {{0, 1, {}, "low", "#ffffcc"}, {1, 2, {}, "high", "#253494"}};
    o.style = s;
    cio::write_vector(gpkg.string(), squares("coverage", 3), o);
    o.mode = cio::write_mode::overwrite;
    cio::write_vector(gpkg.string(), squares("coverage", 3), o); // replaced, not added
    cio::vector_read_options ro;
    ro.layer = "layer_styles";
    ro.target_crs.clear();
    const auto styles = cio::read_vector(gpkg.string(), ro);
    ASSERT_EQ(styles.rows.size(), 1u);
    std::vector<std::string> names;
    for (const auto& f : styles.fields)
        names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                                               "styleName", "styleQML", "styleSLD", "useAsDefault", "description",
                                               "owner", "ui", "update_time"}));
    EXPECT_EQ(std::get<std::string>(styles.rows[0][2]), "coverage");
    EXPECT_EQ(std::get<std::string>(styles.rows[0][3]), "geom");
    EXPECT_EQ(std::get<long long>(styles.rows[0][7]), 1);
    EXPECT_NE(std::get<std::string>(styles.rows[0][5]).find("graduatedSymbol"), std::string::npos);
}
