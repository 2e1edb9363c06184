"""coopatlas resolve: party ids filled in from names as the source documents write them.

The fixture seed001_words.csv holds the 40 Moroccan-French pairs of seed 001 typed in the
slides' own words (the Moroccan side as party_a, the French side as party_b, no year, as
the slides give none). The curated ids of the same pairs are P001-P040 of the embedded
shapefiles/partnerships.csv, in the same order. Tables are read as validate reads them:
CSV in any separator and encoding, spreadsheet sheets, and columns mapped to the file's
own headers, hint columns included.
"""
import csv
import re
import time

import pytest
from osgeo import ogr

from conftest import DATA, FIXTURES, read_csv, run, sha256, with_data

WORDS = FIXTURES / "seed001_words.csv"
SEED = "001_3c279f0d5724d53e.txt"
HEADER = "id,kind,party_a,party_b,year,source\n"


def curated_seed001():
    rows = read_csv(DATA / "partnerships.csv")
    pairs = [r for r in rows if r["source"] == SEED and r["kind"] == "decentralised_cooperation"]
    return pairs


def resolve(out, table, *extra, status=0):
    target = out / "resolved.csv"
    r = run(*with_data("resolve", table, "-o", target, *extra), status=status)
    return r, target


def write(out, name, body):
    path = out / name
    path.write_text(body, encoding="utf-8")
    return path


def test_the_curated_seed001_pairs_are_p001_to_p040_in_the_order_of_the_fixture():
    pairs = curated_seed001()
    assert [p["id"] for p in pairs] == [f"P{i:03d}" for i in range(1, 41)]
    words = read_csv(WORDS)
    assert len(words) == 40
    assert all(w["source"] == SEED and w["kind"] == "decentralised_cooperation" and w["year"] == "" for w in words)


def test_seed001_in_its_own_words_resolves_to_the_curated_ids_and_leaves_at_most_two_rows(out):
    before = sha256(WORDS)
    r, target = resolve(out, WORDS)
    assert target.is_file()
    assert sha256(WORDS) == before, "the input table was changed"

    rows = read_csv(target)
    pairs = curated_seed001()
    assert len(rows) == 40
    wrong, review = [], []
    for row, pair in zip(rows, pairs):
        assert row["party_a"] != "" and row["party_b"] != ""
        for side in ("a", "b"):
            got = row[f"party_{side}_id"]
            if got and got != pair[f"party_{side}_id"]:
                wrong.append((row["id"], row[f"party_{side}"], got, pair[f"party_{side}_id"]))
        if row["review"]:
            review.append(row["id"])
        else:
            assert row["party_a_id"] and row["party_b_id"], row
    assert wrong == []
    assert len(review) <= 2, review
    # every row left for review says why and lists what a person must choose from
    for row in rows:
        if row["review"]:
            assert re.search(r"\((region|province|commune|departement), (MA|FR), ", row["review"]), row["review"]
    assert f"40 rows, {40 - len(review)} resolved, {len(review)} to review" in r.stdout
    assert re.search(r"municipality rule +[1-9]", r.stdout)


def test_figuig_is_the_commune_beside_stains_and_the_province_beside_a_departement(out):
    _, target = resolve(out, WORDS)
    rows = {row["id"]: row for row in read_csv(target)}
    assert rows["S024"]["party_a_id"] == "MA:commune:figuig"
    assert "prefer: municipality" in rows["S024"]["resolution_note"]
    assert rows["S038"]["party_a_id"] == "MA:province:FIG"
    assert "the other party being Seine-Saint-Denis" in rows["S038"]["resolution_note"]
    # Dakhla is the commune, not the Agadir quarter of that name
    assert rows["S021"]["party_a_id"] == "MA:commune:dakhla"
    assert rows["S021"]["resolution_note"] == ""


def test_validate_prints_every_rule_choice_as_a_note(out):
    r = run(*with_data("validate", WORDS), status=1)  # two rows still need a person
    notes = [line for line in r.stdout.splitlines() if ": note: " in line]
    assert any("'Figuig' names a commune and a province" in n for n in notes)
    assert len(notes) >= 10
    assert "2 problems found" in r.stderr


def test_an_id_in_the_name_column_is_taken_as_the_id(out):
    table = write(out, "ids.csv", HEADER + "X1,convention,MA:commune:fes,Nantes Métropole,2010,test\n"
                                           "X2,convention,MA:commune:fez,,2010,test\n")
    r, target = resolve(out, table)
    rows = read_csv(target)
    assert rows[0]["party_a_id"] == "MA:commune:fes" and rows[0]["review"] == ""
    assert rows[1]["party_a_id"] == ""
    assert "unknown party_a id 'MA:commune:fez'" in rows[1]["review"]
    assert re.search(r"exact id +1\b", r.stdout)


def test_qualifiers_and_hint_columns_on_the_embedded_atlas(out):
    table = write(out, "hints.csv",
                  "id,kind,party_a,party_a_level,party_b,party_b_country,year,source\n"
                  "H1,convention,Figuig (province),,Paris,,2010,test\n"
                  "H2,convention,Rabat (commune),,Paris (departement),,2010,test\n"
                  "H3,convention,Tata,préfecture,Agde,FR,2010,test\n"
                  "H4,convention,Figuig (province),commune,,,2010,test\n")
    r, target = resolve(out, table)
    rows = read_csv(target)
    assert rows[0]["party_a_id"] == "MA:province:FIG"
    # beside a province, 'Paris' is read as the département, and the note says why
    assert rows[0]["party_b_id"] == "FR:departement:75"
    assert "the other party being Figuig (province, MA, MA:province:FIG)" in rows[0]["resolution_note"]
    assert rows[1]["party_a_id"] == "MA:commune:rabat"
    assert rows[1]["party_b_id"] == "FR:departement:75"
    assert rows[2]["party_a_id"] == "MA:province:TAT"
    assert rows[2]["party_b_id"] == "FR:commune:34003"
    assert "party_a_level says 'commune' but the name says 'province'" in rows[3]["review"]
    assert re.search(r"hint +[4-9]\b", r.stdout)


def benelux_manifest(out):
    gpkg = FIXTURES / "benelux.gpkg"
    return write(out, "benelux.yaml", f"""title: Benelux
layers:
  - file: {gpkg}
    layer: countries
    level: country
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: iso_a2, name: NAME}}
  - file: {gpkg}
    layer: states_provinces
    level: province
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: name, name: name, alt_names: gn_name}}
""")


def test_a_country_qualifier_tells_the_two_limburgs_apart(out):
    manifest = benelux_manifest(out)
    table = write(out, "limburg.csv",
                  "id,kind,party_a,party_b,party_b_country,year,source\n"
                  "L1,programme,Limburg (NL),Limburg,BE,2020,test\n"
                  "L2,programme,Limburg (Netherlands),Limburg (Belgium),,2020,test\n"
                  "L3,programme,Limburg,,,2020,test\n")
    target = out / "limburg_resolved.csv"
    run("resolve", table, "-o", target, "--manifest", manifest)
    rows = read_csv(target)
    assert (rows[0]["party_a_id"], rows[0]["party_b_id"]) == ("NL:province:Limburg", "BE:province:Limburg")
    assert (rows[1]["party_a_id"], rows[1]["party_b_id"]) == ("NL:province:Limburg", "BE:province:Limburg")
    assert rows[2]["party_a_id"] == ""
    assert "Limburg (province, BE, BE:province:Limburg)" in rows[2]["review"]
    assert "Limburg (province, NL, NL:province:Limburg)" in rows[2]["review"]


def test_tied_vintages_are_listed_with_their_vintage_and_the_year_settles_them(out):
    table = write(out, "paca.csv", HEADER + "V1,convention,Provence-Alpes-Côte d'Azur,,,test\n"
                                            "V2,convention,Provence-Alpes-Côte d'Azur,,2010,test\n"
                                            "V3,convention,Provence-Alpes-Côte d'Azur (2016),,,test\n")
    r, target = resolve(out, table)
    rows = read_csv(target)
    assert rows[0]["party_a_id"] == ""
    assert "Provence-Alpes-Côte d'Azur (region, FR, 2015, FR:region:2015:93)" in rows[0]["review"]
    assert "Provence-Alpes-Côte d'Azur (region, FR, 2016, FR:region:2016:93)" in rows[0]["review"]
    assert "give the year" in rows[0]["review"]
    assert rows[1]["party_a_id"] == "FR:region:2015:93"
    assert "2015 vintage" in rows[1]["resolution_note"]
    assert rows[2]["party_a_id"] == "FR:region:2016:93"
    assert re.search(r"vintage by year +1\b", r.stdout)
    v = run(*with_data("validate", table), status=1)
    assert "(region, FR, 2015, FR:region:2015:93); Provence-Alpes-Côte d'Azur (region, FR, 2016" in v.stderr


def test_prefer_on_the_command_line(out):
    table = write(out, "figuig.csv", HEADER + "F1,convention,Figuig,Stains,,test\n")
    _, target = resolve(out, table, "--prefer", "none")
    row = read_csv(target)[0]
    assert row["party_a_id"] == "" and "ambiguous party_a 'Figuig'" in row["review"]
    _, target = resolve(out, table, "--prefer", "larger_unit")
    assert read_csv(target)[0]["party_a_id"] == "MA:province:FIG"
    r = run(*with_data("resolve", table, "-o", out / "x.csv", "--prefer", "city"), status=2)
    assert "--prefer takes municipality, larger_unit or none" in r.stderr


def test_suggestions_reach_the_short_forms(out):
    table = write(out, "souss.csv", HEADER + "S1,convention,Souss,,,test\n")
    _, target = resolve(out, table)
    assert "did you mean 'Souss-Massa-Drâa' (region, MA, 2009, MA:region:2009:13)" in read_csv(target)[0]["review"]


def test_arabic_without_hamza_or_with_tatweel_resolves(out):
    table = write(out, "arabic.csv", HEADER + "A1,convention,اكادير,,,test\nA2,convention,أكـــادير,,,test\n")
    _, target = resolve(out, table)
    assert [row["party_a_id"] for row in read_csv(target)] == ["MA:commune:agadir", "MA:commune:agadir"]


def test_a_ten_kilobyte_name_is_answered_quickly(out):
    table = write(out, "long.csv", HEADER + "L1,convention," + "Fès" * 5000 + ",,,test\n")
    start = time.monotonic()
    _, target = resolve(out, table)
    assert time.monotonic() - start < 20
    assert "unknown party_a" in read_csv(target)[0]["review"]


def test_it_never_writes_over_its_input(out):
    table = write(out, "same.csv", HEADER + "S1,convention,Fès,,,test\n")
    before = sha256(table)
    r = run(*with_data("resolve", table, "-o", table), status=1)
    assert "refusing to write over input" in r.stderr
    assert sha256(table) == before


def test_bad_input_is_status_1_and_writes_nothing(out):
    table = write(out, "bad.csv", "id,kind,party_a,party_b,yaer,source\nB1,convention,Fès,,,test\n")
    r, target = resolve(out, table, status=1)
    assert "missing column 'year'" in r.stderr
    assert not target.exists()


@pytest.mark.parametrize("args", [["resolve"], ["resolve", WORDS]])
def test_a_missing_table_or_output_is_a_usage_error(args):
    r = run(*with_data(*args), status=2)
    assert "give one table and -o OUT" in r.stderr


FRENCH = ["N°", "Type", "Collectivité marocaine", "Niveau", "Collectivité française", "Année", "Source"]
FRENCH_ROWS = [["1", "convention", "Figuig", "province", "Stains", "2010", "test"],
               ["2", "convention", "Fès", "", "Strasbourg", "2010", "test"],
               ["3", "convention", "Souss", "", "", "", "test"]]
FRENCH_COLUMNS = ["id=N°", "kind=Type", "party_a=Collectivité marocaine", "party_a_level=Niveau",
                  "party_b=Collectivité française", "year=Année", "source=Source"]


def column_options():
    return [w for c in FRENCH_COLUMNS for w in ("--column", c)]


def check_french_copy(rows):
    assert list(rows[0])[:len(FRENCH)] == FRENCH  # the file's own headers, in its order
    assert rows[0]["party_a_id"] == "MA:province:FIG"  # the level column settles Figuig
    assert rows[1]["party_a_id"] == "MA:commune:fes"
    assert rows[1]["party_b_id"] == "FR:commune:67482"
    assert rows[2]["party_a_id"] == "" and "did you mean 'Souss-Massa-Drâa'" in rows[2]["review"]
    assert [r["Collectivité marocaine"] for r in rows] == ["Figuig", "Fès", "Souss"]


def test_a_french_csv_export_with_semicolons_in_windows_1252(out):
    table = out / "partenariats.csv"
    with open(table, "w", newline="", encoding="cp1252") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(FRENCH)
        w.writerows(FRENCH_ROWS)
    before = sha256(table)
    r, target = resolve(out, table, "--encoding", "windows-1252", *column_options())
    check_french_copy(read_csv(target))
    assert sha256(table) == before
    assert "3 rows, 2 resolved, 1 to review" in r.stdout
    assert re.search(r"line 4 \(3\): unknown party_a 'Souss'", r.stdout)
    # read as UTF-8, the file is refused with the option that reads it
    r, _ = resolve(out, table, *column_options(), status=1)
    assert "--encoding windows-1252" in r.stderr


@pytest.mark.parametrize("driver,ext", [("XLSX", "xlsx"), ("ODS", "ods")])
def test_a_spreadsheet_sheet_named_on_the_command_line(out, driver, ext):
    book = out / f"partenariats.{ext}"
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(book))
    notes = ds.CreateLayer("Lisez-moi", geom_type=ogr.wkbNone)
    notes.CreateField(ogr.FieldDefn("Note", ogr.OFTString))
    lyr = ds.CreateLayer("Feuil2", geom_type=ogr.wkbNone)
    for h in FRENCH:
        lyr.CreateField(ogr.FieldDefn(h, ogr.OFTString))
    for row in FRENCH_ROWS:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(row):
            if v != "":
                f.SetField(i, v)
        lyr.CreateFeature(f)
    ds = None
    r, target = resolve(out, f"{book}[Feuil2]", *column_options())
    check_french_copy(read_csv(target))
    assert "3 rows, 2 resolved, 1 to review" in r.stdout
    assert re.search(r"row 4 \(3\): unknown party_a 'Souss'", r.stdout)
    r, target = resolve(out, book, "--sheet", "Feuil2", *column_options())
    check_french_copy(read_csv(target))


def test_hint_columns_can_be_mapped_in_the_manifest(out):
    table = out / "partenariats.csv"
    with open(table, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";").writerows([FRENCH] + FRENCH_ROWS[:2])
    columns = ", ".join(f'{c.split("=")[0]}: "{c.split("=")[1]}"' for c in FRENCH_COLUMNS)
    manifest = write(out, "partenariats.yaml", f"base: {DATA / 'atlas.yaml'}\n"
                                               f"partnerships:\n  - file: {table}\n    columns: {{{columns}}}\n")
    r = run("validate", "--manifest", manifest)
    assert "partenariats.csv: ok (2 partnerships)" in r.stdout
    assert "partnerships: 2 (2 dated" in run("info", "--manifest", manifest).stdout
