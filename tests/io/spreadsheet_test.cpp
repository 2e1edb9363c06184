// Sheets written at run time by GDAL's own XLSX and ODS writers, then read back as tables.
#include <coopatlas/error.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/io/table_source.hpp>

#include "small_atlas.hpp"
#include "test_support.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace ci = coopatlas::io;

namespace {

using rows = std::vector<std::vector<std::string>>;

// Writes sheets (name, header + rows) with GDAL; an empty cell is left unset.
std::string write_spreadsheet(const std::string& driver, const std::string& name,
                              const std::vector<std::pair<std::string, rows>>& sheets) {
    GDALAllRegister();
    const std::string path = coopatlas::test::write_temp(name, "");
    std::filesystem::remove(path);
    GDALDriverH drv = GDALGetDriverByName(driver.c_str());
    EXPECT_NE(drv, nullptr);
    GDALDatasetH ds = GDALCreate(drv, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    EXPECT_NE(ds, nullptr);
    for (const auto& [sheet, table] : sheets) {
        OGRLayerH layer = GDALDatasetCreateLayer(ds, sheet.c_str(), nullptr, wkbNone, nullptr);
        for (const auto& h : table.front()) {
            OGRFieldDefnH f = OGR_Fld_Create(h.c_str(), OFTString);
            EXPECT_EQ(OGR_L_CreateField(layer, f, TRUE), OGRERR_NONE);
            OGR_Fld_Destroy(f);
        }
        for (std::size_t r = 1; r < table.size(); ++r) {
            OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
            for (std::size_t c = 0; c < table[r].size(); ++c)
                if (!table[r][c].empty()) OGR_F_SetFieldString(feature, static_cast<int>(c), table[r][c].c_str());
            EXPECT_EQ(OGR_L_CreateFeature(layer, feature), OGRERR_NONE);
            OGR_F_Destroy(feature);
        }
    }
    GDALClose(ds);
    return path;
}

const rows french_table = {
    {"N°", "Type", "Collectivité marocaine", "Collectivité française", "Année", "Source", "Code"},
    {"1", "decentralised_cooperation", "VILLE DE FES", "Nantes Métropole", "2009", "seed", "01"},
    {"", "", "", "", "", "", ""},  // an empty row, as planners leave them
    {"3", "convention", "Fez", "", "", "seed", "007"},
};

const std::vector<std::pair<std::string, std::string>> french_columns = {
    {"id", "N°"}, {"kind", "Type"}, {"party_a", "Collectivité marocaine"}, {"party_b", "Collectivité française"},
    {"year", "Année"}, {"source", "Source"}};

class spreadsheet : public testing::TestWithParam<std::string> {
protected:
    std::string extension() const { return GetParam() == "XLSX" ? ".xlsx" : ".ods"; }
};

} // namespace

TEST_P(spreadsheet, a_sheet_reads_as_a_table_with_rows_and_columns) {
    const auto path = write_spreadsheet(GetParam(), "partenariats" + extension(),
                                        {{"Lisez-moi", {{"Note"}, {"voir la feuille suivante"}}}, {"Feuil1", french_table}});
    EXPECT_TRUE(ci::is_spreadsheet(path));
    EXPECT_EQ(ci::list_sheets(path), (std::vector<std::string>{"Lisez-moi", "Feuil1"}));
    const auto t = ci::read_sheet(path, "Feuil1");
    EXPECT_EQ(t.path, path + "[Feuil1]");
    EXPECT_TRUE(t.spreadsheet);
    ASSERT_EQ(t.header.size(), 7u);
    EXPECT_EQ(t.header[2].value, "Collectivité marocaine");  // the first row is the header, never guessed
    EXPECT_EQ(t.header[2].column, 3);
    ASSERT_EQ(t.records.size(), 2u);  // the empty row is skipped
    EXPECT_EQ(t.records[0].line, 2);
    EXPECT_EQ(t.records[1].line, 4);  // rows keep their spreadsheet number
    EXPECT_EQ(t.records[0].fields[6].value, "01");  // codes keep their zero
    EXPECT_EQ(t.records[1].fields[6].value, "007");
    EXPECT_EQ(t.records[1].fields[2].column, 3);
    EXPECT_EQ(ci::read_sheet(path).path, path + "[Lisez-moi]");  // the first sheet by default
}

TEST_P(spreadsheet, partnerships_from_a_sheet_with_mapped_columns) {
    const auto path = write_spreadsheet(GetParam(), "mapped" + extension(), {{"Feuil1", french_table}});
    static const auto atlas = coopatlas::test::small_atlas();
    ci::table_source source;
    source.path = path;
    source.columns = french_columns;
    const auto t = ci::read_partnership_table(source, atlas);
    ASSERT_TRUE(t.ok()) << t.problems.front().to_string();
    ASSERT_EQ(t.partnerships.size(), 2u);
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:commune:fes");
    EXPECT_EQ(*t.partnerships[0].year, 2009);
    EXPECT_EQ(t.partnerships[1].line, 4);
    EXPECT_EQ(t.partnerships[1].origin, path + "[Feuil1]");
}

TEST_P(spreadsheet, problems_name_the_sheet_row_and_column_letter) {
    rows table = french_table;
    table[3][2] = "Fez-Meknes";  // party_a, row 4, column C
    const auto path = write_spreadsheet(GetParam(), "bad" + extension(), {{"Feuil1", table}});
    static const auto atlas = coopatlas::test::small_atlas();
    ci::table_source source = ci::parse_table_name(path + "[Feuil1]");
    EXPECT_EQ(source.path, path);
    EXPECT_EQ(source.sheet, "Feuil1");
    source.columns = french_columns;
    const auto t = ci::read_partnership_table(source, atlas);
    ASSERT_EQ(t.problems.size(), 1u);
    const std::string text = t.problems[0].to_string();
    EXPECT_EQ(text.rfind(path + "[Feuil1]:4:C: unknown party_a 'Fez-Meknes'", 0), 0u) << text;
}

TEST_P(spreadsheet, an_unknown_sheet_lists_the_sheets_nearest_first) {
    const auto path = write_spreadsheet(GetParam(), "sheets" + extension(),
                                        {{"Notes", {{"a"}, {"b"}}}, {"Partenariats", french_table}});
    try {
        (void)ci::read_sheet(path, "Partenariat");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_NE(e.diagnostics()[0].message.find("no sheet named 'Partenariat'"), std::string::npos);
        EXPECT_EQ(e.diagnostics()[0].suggestion, "its sheets are 'Partenariats', 'Notes'");
    }
}

TEST_P(spreadsheet, entities_from_a_sheet_keep_their_codes) {
    const auto path = write_spreadsheet(GetParam(), "entities" + extension(),
                                        {{"communes", {{"country", "code", "name", "lon", "lat"},
                                                       {"FR", "01053", "Bourg-en-Bresse", "5.2256", "46.2052"},
                                                       {"FR", "2A004", "Ajaccio", "8.7369", "41.9192"}}}});
    ci::layer_spec spec;
    spec.path = path;
    spec.level.constant = "commune";
    spec.id_template = "{country}:{level}:{code}";
    spec.x_field = "lon";
    spec.y_field = "lat";
    const auto entities = ci::read_entity_layer(spec);
    ASSERT_EQ(entities.size(), 2u);
    EXPECT_EQ(entities[0].id, "FR:commune:01053");
    const auto& p = std::get<coopatlas::geometry::point>(entities[1].geometry);
    EXPECT_DOUBLE_EQ(p.x, 8.7369);
}

INSTANTIATE_TEST_SUITE_P(gdal_drivers, spreadsheet, testing::Values("XLSX", "ODS"));
