"""Hostile text in the data: CSV outputs neutralise cells a spreadsheet would run as formulas
(OWASP's advice against CSV injection: a leading single quote), `--raw-csv` writes them as
they are; parent_ids that loop and a party whose name and id disagree are refused when read.

The units of the small atlas are three 1° squares on the equator whose names are formulas:
every expected cell below is the name as written, with a quote in front when it starts
with =, +, -, @, a tab or a carriage return and is not a plain number.
"""
import json

from conftest import DATA, read_csv, run, with_data

HYPERLINK = '=HYPERLINK("http://x","y")'
UNITS = [  # id, name, code (a text field)
    ("XX:region:1", HYPERLINK, "-3.5"),
    ("XX:region:2", "-2+3", "+cmd"),
    ("XX:region:3", "@SUM(1+1)", "\tx"),
]
SAFE_NAMES = {"XX:region:1": "'" + HYPERLINK, "XX:region:2": "'-2+3", "XX:region:3": "'@SUM(1+1)"}
RAW_NAMES = {i: n for i, n, _ in UNITS}


def square(x0, y0, size=1.0):
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]}


def small_atlas(folder):
    """Three regions of country XX, side by side, and one partnership between the first two."""
    features = [{"type": "Feature", "properties": {"id": i, "country": "XX", "level": "region", "name": n, "code": c},
                 "geometry": square(float(k), 0.0)} for k, (i, n, c) in enumerate(UNITS)]
    (folder / "units.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                          encoding="utf-8")
    (folder / "p.csv").write_text("id,kind,party_a,party_a_id,party_b,party_b_id,year,source\n"
                                  "x1,decentralised_cooperation,,XX:region:1,,XX:region:2,2010,test\n",
                                  encoding="utf-8")
    manifest = folder / "atlas.yaml"
    manifest.write_text("title: t\nlayers:\n  - file: units.geojson\npartnerships: [p.csv]\n", encoding="utf-8")
    return manifest


def test_coverage_names_are_neutralised_and_numbers_kept(tmp_path):
    manifest = small_atlas(tmp_path)
    run("coverage", "--manifest", manifest, "--level", "region", "--zone", "XX", "--output", tmp_path / "c.csv")
    rows = {r["unit_id"]: r for r in read_csv(tmp_path / "c.csv") if r["row_type"] == "unit"}
    assert {i: r["name"] for i, r in rows.items()} == SAFE_NAMES
    # numbers stay numbers: units 1 and 2 take part in the one partnership
    assert [rows[i]["partnerships"] for i in sorted(rows)] == ["1", "1", "0"]
    run("coverage", "--manifest", manifest, "--level", "region", "--zone", "XX", "--output", tmp_path / "r.csv",
        "--raw-csv")
    raw = {r["unit_id"]: r["name"] for r in read_csv(tmp_path / "r.csv") if r["row_type"] == "unit"}
    assert raw == RAW_NAMES


def test_flows_and_density_tables_are_neutralised(tmp_path):
    manifest = small_atlas(tmp_path)
    run("flows", "--manifest", manifest, "--from-level", "region", "--to-level", "region",
        "--output", tmp_path / "f.csv", "--lengths", tmp_path / "l.csv")
    [corridor] = read_csv(tmp_path / "f.csv")
    assert (corridor["from_name"], corridor["to_name"]) == ("'" + HYPERLINK, "'-2+3")
    assert corridor["from_vintage"] == "-"  # a sign alone is no formula
    [length] = read_csv(tmp_path / "l.csv")
    assert length["from_party"] == "XX:region:1"
    run("density", "--manifest", manifest, "--level", "region", "--zone", "XX", "--output", tmp_path / "d.csv")
    assert {r["unit_id"]: r["name"] for r in read_csv(tmp_path / "d.csv")} == SAFE_NAMES


def test_pip_copies_polygon_fields_neutralised_unless_raw(tmp_path):
    small_atlas(tmp_path)
    points = tmp_path / "points.csv"
    # two points in the first square, one in the third, one outside every square
    points.write_text("lon,lat\n0.5,0.5\n0.25,0.75\n2.5,0.5\n10,10\n", encoding="utf-8")
    run("pip", "--polygons", tmp_path / "units.geojson", "--points", points, "--fields", "name,code",
        "--output", tmp_path / "c.csv")
    text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""y"")",-3.5,2', text
    rows = read_csv(tmp_path / "c.csv")
    assert [(r["name"], r["code"], r["count"]) for r in rows] == [
        ("'" + HYPERLINK, "-3.5", "2"), ("'-2+3", "'+cmd", "0"), ("'@SUM(1+1)", "'\tx", "1")]
    run("pip", "--polygons", tmp_path / "units.geojson", "--points", points, "--fields", "name,code",
        "--output", tmp_path / "raw.csv", "--raw-csv")
    assert [(r["name"], r["code"], r["count"]) for r in read_csv(tmp_path / "raw.csv")] == [
        (HYPERLINK, "-3.5", "2"), ("-2+3", "+cmd", "0"), ("@SUM(1+1)", "\tx", "1")]


def test_resolve_neutralises_the_copied_cells_and_headers(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text('id,kind,party_a,party_b,year,source,note,=cmd\n'
                     'x1,decentralised_cooperation,Casablanca,Bordeaux,2010,"=HYPERLINK(""http://x"",""y"")",-3.5,'
                     '+33 1 23\n', encoding="utf-8")
    run(*with_data("resolve", table, "-o", tmp_path / "out.csv"))
    [row] = read_csv(tmp_path / "out.csv")
    assert row["source"] == "'" + HYPERLINK
    assert row["note"] == "-3.5"
    assert row["'=cmd"] == "'+33 1 23"
    assert (row["party_a_id"], row["party_b_id"]) == ("MA:commune:casablanca", "FR:commune:33063")
    run(*with_data("resolve", table, "-o", tmp_path / "raw.csv", "--raw-csv"))
    [raw] = read_csv(tmp_path / "raw.csv")
    assert (raw["source"], raw["note"], raw["=cmd"]) == (HYPERLINK, "-3.5", "+33 1 23")


def test_help_of_the_commands_that_write_csv_names_raw_csv():
    for command in ("coverage", "flows", "density", "pip", "classify", "clusters", "resolve"):
        assert "--raw-csv" in run(command, "--help").stdout, command


def test_parent_ids_in_a_cycle_are_refused_with_the_ids_and_file(tmp_path):
    layer = tmp_path / "entities.csv"
    layer.write_text("id,country,level,name,parent_ids,lon,lat\n"
                     "XX:province:p,XX,province,P,XX:region:r,1.0,1.0\n"
                     "XX:region:r,XX,region,R,XX:province:p,1.5,1.5\n", encoding="utf-8")
    manifest = tmp_path / "atlas.yaml"
    manifest.write_text("title: t\nlayers:\n  - {file: entities.csv, x: lon, y: lat}\n", encoding="utf-8")
    r = run("info", "--manifest", manifest, status=1)
    assert "entities.csv" in r.stderr, r.stderr
    assert "parent_ids form a cycle: 'XX:province:p' → 'XX:region:r' → 'XX:province:p'" in r.stderr, r.stderr
    assert "internal error" not in r.stderr and r.stdout == ""


def test_a_party_whose_name_and_id_disagree_is_refused_at_its_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("id,kind,party_a,party_a_id,party_b,party_b_id,year,source\n"
                     "x1,decentralised_cooperation,Casablanca,MA:commune:casablanca,Bordeaux,FR:commune:33063,2010,t\n"
                     "x2,decentralised_cooperation,Casablanca,MA:commune:casablanca,Bordeaux,MA:commune:fes,2010,t\n",
                     encoding="utf-8")
    r = run(*with_data("validate", table), status=1)
    # line 3, column of party_b_id: x2,decentralised_cooperation,Casablanca,MA:commune:casablanca,Bordeaux, is 71
    assert (f"{table}:3:72: party_b 'Bordeaux' and party_b_id 'MA:commune:fes' name different collectivities: "
            "the name is Bordeaux (commune, FR, FR:commune:33063), the id is Fès (commune, MA, MA:commune:fes)"
            in r.stderr), r.stderr
    assert ":2:" not in r.stderr, r.stderr
