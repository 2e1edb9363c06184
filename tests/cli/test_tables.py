"""Partnership tables as French planners keep them: a CSV export with ';' in
Windows-1252 and French headers, the same list as an .xlsx and an .ods sheet, read
through a small manifest that maps the columns and builds on the embedded atlas.

The expected engaged units come from the embedded data read directly (parent_ids and
the party ids of shapefiles/partnerships.csv), not from coopatlas."""
import csv

import pytest
from osgeo import ogr

from atlas_tables import atlas_tables
from conftest import DATA, read_csv, run

atlas = atlas_tables()

# Real pairs, with the parties written as shapefiles/partnerships.csv writes them.
PAIRS = ["P006", "P012", "P009", "P015", "P029", "P032"]
HEADERS = ["N°", "Type", "Collectivité marocaine", "Collectivité française", "Année", "Source"]
COLUMNS = {"id": "N°", "kind": "Type", "party_a": "Collectivité marocaine", "party_b": "Collectivité française",
           "year": "Année", "source": "Source"}
SHEET = "Partenariats"


def seed_rows():
    by_id = {r["id"]: r for r in atlas.partnerships}
    rows = [by_id[p] for p in PAIRS]
    assert rows[0]["party_a"] == "Agadir" and rows[0]["party_b"] == "Nantes Métropole"
    assert rows[1]["party_a"] == "Fès" and rows[1]["party_b"] == "Strasbourg"
    return rows


def french_rows(rows=None):
    return [[str(i + 1), r["kind"], r["party_a"], r["party_b"], r["year"], r["source"]]
            for i, r in enumerate(rows or seed_rows())]


def write_csv(path, rows, encoding="cp1252"):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(HEADERS)
        w.writerows(rows)


def write_sheet(path, driver, rows):
    """A spreadsheet with a notes sheet first, then the table, written by GDAL's own driver."""
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    notes = ds.CreateLayer("Lisez-moi", geom_type=ogr.wkbNone)
    notes.CreateField(ogr.FieldDefn("Note", ogr.OFTString))
    f = ogr.Feature(notes.GetLayerDefn())
    f.SetField(0, "Liste des partenariats, feuille suivante")
    notes.CreateFeature(f)
    lyr = ds.CreateLayer(SHEET, geom_type=ogr.wkbNone)
    for h in HEADERS:
        lyr.CreateField(ogr.FieldDefn(h, ogr.OFTString))
    for row in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(row):
            if v != "":
                f.SetField(i, v)
        lyr.CreateFeature(f)
    ds = None


def yaml_map(d):
    return "{" + ", ".join(f'{k}: "{v}"' for k, v in d.items()) + "}"


def write_manifest(folder, table, extra=""):
    path = folder / f"atlas_{table.replace('.', '_')}.yaml"
    path.write_text(f"""title: Partenariats
base: embedded
partnerships:
  - file: {table}
{extra}    columns: {yaml_map(COLUMNS)}
""", encoding="utf-8")
    return path


@pytest.fixture
def tables(tmp_path):
    rows = french_rows()
    write_csv(tmp_path / "partenariats.csv", rows)
    write_sheet(tmp_path / "partenariats.xlsx", "XLSX", rows)
    write_sheet(tmp_path / "partenariats.ods", "ODS", rows)
    return {
        "csv": write_manifest(tmp_path, "partenariats.csv", '    separator: ";"\n    encoding: windows-1252\n'),
        "xlsx": write_manifest(tmp_path, "partenariats.xlsx", f"    sheet: {SHEET}\n"),
        "ods": write_manifest(tmp_path, "partenariats.ods", f"    sheet: {SHEET}\n"),
    }


def expected_engaged(level, vintage, zone):
    units = atlas.level(level, vintage, zone)
    engaged = set()
    for r in seed_rows():
        for party in (r["party_a_id"], r["party_b_id"]):
            engaged |= atlas.map_party(party, units, level)
    return engaged


def engaged_units(manifest, out, level, vintage, zone):
    target = out / f"{manifest.stem}_{level}.csv"
    args = ["coverage", "--manifest", manifest, "--level", level, "--zone", zone, "--output", target]
    if vintage:
        args += ["--vintage", vintage]
    run(*args)
    return {x["unit_id"] for x in read_csv(target) if x["row_type"] == "unit" and x["engaged"] == "1"}


def test_the_three_formats_validate_and_engage_the_same_units(tables, tmp_path):
    for kind, manifest in tables.items():
        r = run("validate", "--manifest", manifest)
        name = "partenariats.csv" if kind == "csv" else f"partenariats.{kind}[{SHEET}]"
        assert f"{name}: ok (6 partnerships)" in r.stdout, (kind, r.stdout)
        assert r.stderr == ""
    for level, vintage, zone in (("region", "2009", "MA"), ("departement", None, "FR")):
        expected = expected_engaged(level, vintage, zone)
        assert len(expected) == 4, expected  # six pairs, four distinct units on each side
        for kind, manifest in tables.items():
            assert engaged_units(manifest, tmp_path, level, vintage, zone) == expected, kind


def test_validate_reads_a_french_csv_named_on_the_command_line(tables, tmp_path):
    mapping = [f"--column={k}={v}" for k, v in COLUMNS.items()]
    r = run("validate", tmp_path / "partenariats.csv", "--encoding", "cp1252", *mapping)
    assert "partenariats.csv: ok (6 partnerships)" in r.stdout
    # the separator is detected; giving it changes nothing
    run("validate", tmp_path / "partenariats.csv", "--encoding", "windows-1252", "--separator", ";", *mapping)
    r = run("validate", f"{tmp_path / 'partenariats.xlsx'}[{SHEET}]", *mapping)
    assert f"partenariats.xlsx[{SHEET}]: ok (6 partnerships)" in r.stdout
    r = run("validate", tmp_path / "partenariats.ods", "--sheet", SHEET, *mapping)
    assert f"partenariats.ods[{SHEET}]: ok (6 partnerships)" in r.stdout


def test_a_windows_1252_file_read_as_utf8_names_the_fix(tables, tmp_path):
    plain = write_manifest(tmp_path, "partenariats.csv", '    separator: ";"\n')
    r = run("coverage", "--manifest", plain, "--level", "region", "--vintage", "2009", "--zone", "MA", status=1)
    # the first non-ASCII byte is the degree sign of "N°" (0xB0), line 1, column 2
    assert "partenariats.csv:1:2: file is not UTF-8 (byte 0xB0)" in r.stderr
    assert "--encoding windows-1252" in r.stderr and "iconv -f WINDOWS-1252 -t UTF-8" in r.stderr
    r = run("validate", tmp_path / "partenariats.csv", status=1)
    assert "--encoding windows-1252" in r.stderr


def test_a_utf16_file_is_reported_as_utf16(tmp_path):
    path = tmp_path / "partenariats16.csv"
    write_csv(path, french_rows(), encoding="utf-16")
    r = run("validate", path, status=1)
    assert "file is UTF-16" in r.stderr and "iconv -f UTF-16 -t UTF-8" in r.stderr
    assert "Latin-1" not in r.stderr
    mapping = [f"--column={k}={v}" for k, v in COLUMNS.items()]
    assert "ok (6 partnerships)" in run("validate", path, "--encoding", "utf-16", *mapping).stdout


def test_an_unknown_party_in_a_sheet_names_its_row_and_column_letter(tmp_path):
    rows = french_rows()
    rows[1][3] = "Strasbourgg"  # party_b of the second data row: row 3, column D
    write_sheet(tmp_path / "partenariats.xlsx", "XLSX", rows)
    manifest = write_manifest(tmp_path, "partenariats.xlsx", f"    sheet: {SHEET}\n")
    r = run("validate", "--manifest", manifest, status=1)
    assert f"partenariats.xlsx[{SHEET}]:3:D: unknown party_b 'Strasbourgg'" in r.stderr


def test_a_mapped_column_missing_from_the_file_lists_its_headers(tables, tmp_path):
    manifest = tmp_path / "wrong.yaml"
    manifest.write_text(f"""base: embedded
partnerships:
  - file: partenariats.xlsx
    sheet: {SHEET}
    columns: {yaml_map({**COLUMNS, "year": "Anné de signature"})}
""", encoding="utf-8")
    r = run("validate", "--manifest", manifest, status=1)
    assert f"partenariats.xlsx[{SHEET}]:1: no column 'Anné de signature' (mapped to year)" in r.stderr
    assert "'Année'" in r.stderr.split("the header has")[1].split(",")[0]  # nearest first


def test_an_unknown_sheet_lists_the_sheets(tables, tmp_path):
    mapping = [f"--column={k}={v}" for k, v in COLUMNS.items()]
    r = run("validate", tmp_path / "partenariats.xlsx", "--sheet", "Feuil1", *mapping, status=1)
    assert "no sheet named 'Feuil1'" in r.stderr and f"'{SHEET}'" in r.stderr


def test_bad_reading_options_are_usage_errors(tables, tmp_path):
    assert "known encodings" in run("validate", tmp_path / "partenariats.csv", "--encoding", "ebcdic", status=2).stderr
    assert "unknown separator" in run("validate", tmp_path / "partenariats.csv", "--separator", "|", status=2).stderr


def test_the_first_sheet_is_the_default(tmp_path):
    path = tmp_path / "t.ods"
    write_sheet(path, "ODS", french_rows())
    mapping = [f"--column={k}={v}" for k, v in COLUMNS.items()]
    r = run("validate", path, *mapping, status=1)  # the first sheet holds notes, not the table
    assert "t.ods[Lisez-moi]" in r.stderr
