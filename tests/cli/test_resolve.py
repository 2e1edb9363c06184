"""coopatlas resolve: party ids filled in from names as the source documents write them.

The fixture seed001_words.csv holds the 40 Moroccan-French pairs of seed 001 typed in the
slides' own words (the Moroccan side as party_a, the French side as party_b, no year, as
the slides give none). The curated ids of the same pairs are P001-P040 of the embedded
shapefiles/partnerships.csv, in the same order.
"""
import re
import time

import pytest

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
