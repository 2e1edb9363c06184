"""Two pairs of countries other than France and Morocco, each an atlas written from the
README's manifest section alone, on Natural Earth admin-1 fixtures (make_fixtures.sh):
Spain–Algeria (provinces and wilayas) and Belgium–Netherlands with the Caribbean
municipalities kept. Their partnership tables are TEST FIXTURES: invented pairs, named
test_fixture_partnerships_*.csv, never real partnerships.

The automatic projection is checked from `render --report`: equal-area and centred on
the data; the extent must leave the Caribbean out, so that Benelux fills the frame."""
import re

import pytest

from conftest import FIXTURES, read_csv, run

SPAIN_ALGERIA = f"""title: Spain and Algeria (test fixture)
layers:
  - file: {FIXTURES / "spain_algeria.gpkg"}
    layer: countries
    level: country
    id_template: "{{country}}"
    fields: {{country: iso_a2, code: iso_a2, name: NAME}}
  - file: {FIXTURES / "spain_algeria.gpkg"}
    layer: states_provinces
    where: "adm0_a3 = 'ESP'"
    level: province
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: name, name: name}}
  - file: {FIXTURES / "spain_algeria.gpkg"}
    layer: states_provinces
    where: "adm0_a3 = 'DZA'"
    level: wilaya
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: name, name: name}}
levels:
  DZ: {{wilaya: {{rank: 2}}}}
partnerships: {FIXTURES / "test_fixture_partnerships_es_dz.csv"}
"""

BENELUX = f"""title: Belgium and the Netherlands (test fixture)
layers:
  - file: {FIXTURES / "benelux.gpkg"}
    layer: countries
    level: country
    id_template: "{{country}}"
    fields: {{country: iso_a2, code: iso_a2, name: NAME}}
  - file: {FIXTURES / "benelux.gpkg"}
    layer: states_provinces
    level: province
    id_template: "{{country}}:{{level}}:{{code}}"
    fields: {{country: iso_a2, code: name, name: name}}
extents:
  benelux: [2.5, 49.4, 7.3, 53.6]
projections:
  benelux: "+proj=laea +lat_0=51.5 +lon_0=5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
partnerships: {FIXTURES / "test_fixture_partnerships_be_nl.csv"}
"""

BENELUX_BOX = (2.5, 49.4, 7.3, 53.6)


@pytest.fixture
def es_dz(tmp_path):
    path = tmp_path / "es_dz.yaml"
    path.write_text(SPAIN_ALGERIA, encoding="utf-8")
    return path


@pytest.fixture
def be_nl(tmp_path):
    path = tmp_path / "be_nl.yaml"
    path.write_text(BENELUX, encoding="utf-8")
    return path


def render_report(tmp_path, manifest, spec_text):
    spec = tmp_path / "map.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    r = run("render", spec, "--manifest", manifest, "-o", tmp_path / "map.svg", "--report")
    assert (tmp_path / "map.svg").stat().st_size > 1000
    return r.stdout


def frame_crs(report):
    return re.search(r"^frame [^:]*: (.*)$", report, re.M).group(1)


def frame_extent(report):
    m = re.search(r"extent lon/lat (\S+) (\S+) (\S+) (\S+)", report)
    return tuple(float(v) for v in m.groups())


def proj_param(crs, name):
    return float(re.search(rf"\+{name}=(\S+)", crs).group(1))


def test_info_lists_both_countries_and_the_wilaya_at_the_rank_of_a_province(es_dz):
    out = run("info", "--manifest", es_dz).stdout
    assert re.search(r"ES +province +- +52 +52 +2\b", out), out
    assert re.search(r"DZ +wilaya +- +48 +48 +2\b", out), out
    assert "partnerships: 5" in out


def test_without_a_levels_entry_a_wilaya_has_no_rank(tmp_path):
    path = tmp_path / "no_levels.yaml"
    path.write_text(SPAIN_ALGERIA.replace("levels:\n  DZ: {wilaya: {rank: 2}}\n", ""), encoding="utf-8")
    assert re.search(r"DZ +wilaya +- +48 +48 +-", run("info", "--manifest", path).stdout)


def test_a_levels_entry_must_be_a_rank(tmp_path):
    path = tmp_path / "bad_levels.yaml"
    path.write_text(SPAIN_ALGERIA.replace("{wilaya: {rank: 2}}", "{wilaya: {rnk: 2}}"), encoding="utf-8")
    r = run("info", "--manifest", path, status=1)
    assert f"{path}:" in r.stderr and "rnk" in r.stderr


def test_validate_accepts_both_fixture_tables(es_dz, be_nl):
    run("validate", "--manifest", es_dz)
    run("validate", "--manifest", be_nl)


def units_of(path):
    return {r["unit_id"]: set(filter(None, (r["partnership_ids"] or "").split(";")))
            for r in read_csv(path) if r["row_type"] == "unit"}


def test_coverage_of_the_wilayas_and_provinces(es_dz, tmp_path):
    run("coverage", "--manifest", es_dz, "--level", "wilaya", "--zone", "DZ", "--output", tmp_path / "dz.csv")
    dz = units_of(tmp_path / "dz.csv")
    assert len(dz) == 48
    assert dz["DZ:wilaya:Oran"] == {"T001", "T005"}
    assert dz["DZ:wilaya:Tamanghasset"] == set()
    run("coverage", "--manifest", es_dz, "--level", "province", "--zone", "ES", "--output", tmp_path / "es.csv")
    es = units_of(tmp_path / "es.csv")
    assert len(es) == 52 and es["ES:province:Valencia"] == {"T003", "T005"}


def test_flows_density_and_clusters(es_dz, tmp_path):
    run("flows", "--manifest", es_dz, "--from-level", "wilaya", "--to-level", "province",
        "--output", tmp_path / "flows.csv")
    flows = read_csv(tmp_path / "flows.csv")
    assert len(flows) == 5
    run("density", "--manifest", es_dz, "--level", "province", "--zone", "ES", "--output", tmp_path / "d.csv")
    assert len(read_csv(tmp_path / "d.csv")) == 52
    run("coverage", "--manifest", es_dz, "--level", "province", "--zone", "ES", "--output", tmp_path / "es.gpkg")
    r = run("clusters", "--input", tmp_path / "es.gpkg", "--where", "row_type = 'unit'", "--field", "area_km2",
            "--permutations", 99,
            "--seed", 1, "--output", tmp_path / "lisa.csv")
    assert "Moran" in r.stdout
    assert len(read_csv(tmp_path / "lisa.csv")) >= 47  # the Canaries and Balearics may be islands


def test_the_automatic_projection_is_equal_area_and_centred_on_spain_and_algeria(es_dz, tmp_path):
    report = render_report(tmp_path, es_dz, """title: Spain and Algeria
layers:
  - {kind: polygons, units: {level: province, country: ES}, value: partnerships}
  - {kind: polygons, units: {level: wilaya, country: DZ}, value: partnerships}
""")
    crs = frame_crs(report)
    assert "+proj=laea" in crs or "+proj=aea" in crs, crs
    x0, y0, x1, y1 = frame_extent(report)
    # the data: about 18.2° W – 12° E, 19° N – 43.8° N
    assert -10 < proj_param(crs, "lon_0") < 5 and 25 < proj_param(crs, "lat_0") < 36, crs
    assert x0 < -18 and x1 > 11.9 and y0 < 19.5 and y1 > 43.7


def test_benelux_fills_the_frame_without_the_caribbean(be_nl, tmp_path):
    spec = """title: Benelux
layers:
  - {kind: polygons, units: {level: province}, value: partnerships}
"""
    report = render_report(tmp_path, be_nl, spec)
    crs = frame_crs(report)
    assert "+proj=laea" in crs, crs
    assert 4 < proj_param(crs, "lon_0") < 6 and 50.5 < proj_param(crs, "lat_0") < 52.5, crs
    x0, y0, x1, y1 = frame_extent(report)
    margin = 2.0
    assert x0 > BENELUX_BOX[0] - margin and y0 > BENELUX_BOX[1] - margin, report
    assert x1 < BENELUX_BOX[2] + margin and y1 < BENELUX_BOX[3] + margin, report
    assert "leaves out 3 feature(s) far from the rest" in report
    for name in ("Bonaire", "Saba", "St. Eustatius"):
        assert f"NL:province:{name}" in report
    # `outliers: include` takes them back in
    report = render_report(tmp_path, be_nl, spec.replace("layers:", "outliers: include\nlayers:"))
    assert frame_extent(report)[0] < -68
    assert "extent includes 3 feature(s)" in report


def test_the_manifest_s_named_extent_and_projection(be_nl, tmp_path):
    report = render_report(tmp_path, be_nl, """title: Benelux
projection: benelux
extent: benelux
locator: true
layers:
  - {kind: polygons, units: {level: province}, value: partnerships}
""")
    assert frame_crs(report) == "+proj=laea +lat_0=51.5 +lon_0=5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    x0, y0, x1, y1 = frame_extent(report)
    assert x0 <= 2.5 and y0 <= 49.4 and x1 >= 7.3 and y1 >= 53.6
    assert x1 - x0 < 12 and y1 - y0 < 8


def test_a_bad_manifest_extent_is_reported_at_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BENELUX.replace("[2.5, 49.4, 7.3, 53.6]", "[2.5, 49.4, 7.3]"), encoding="utf-8")
    r = run("info", "--manifest", path, status=1)
    assert f"{path}:14:" in r.stderr and "extent 'benelux' is [min lon, min lat, max lon, max lat]" in r.stderr


@pytest.mark.parametrize("command", ["coverage", "flows", "density"])
def test_help_examples_use_the_atlas_s_own_codes_and_run(es_dz, tmp_path, command):
    r = run(command, "--help", "--manifest", es_dz)
    examples = r.stdout.split(f"examples with the atlas {es_dz}:\n", 1)[1].splitlines()
    assert examples and all(e.startswith(f"  coopatlas {command} ") for e in examples), r.stdout
    assert any("wilaya" in e and "DZ" in e for e in examples), examples
    assert "MA:" not in "\n".join(examples) and "--level region" not in "\n".join(examples)
    for i, e in enumerate(examples):
        words = e.split("#")[0].split()[2:]
        if "--output" in words:
            words[words.index("--output") + 1] = str(tmp_path / f"per_unit_{i}.csv")
        run(command, *words)


def test_outliers_inset_draws_the_caribbean_in_insets_beside_a_full_benelux(be_nl, tmp_path):
    spec = """title: Benelux
outliers: inset
layers:
  - {kind: polygons, units: {level: province}, value: partnerships}
  - {kind: labels, units: {level: province}}
"""
    report = render_report(tmp_path, be_nl, spec)
    assert "3 feature(s) far from the rest" in report and "drawn in 2 inset(s)" in report, report
    frames = re.findall(r"^frame ([^:]*): (.*)\n  extent lon/lat (\S+) (\S+) (\S+) (\S+)", report, re.M)
    assert [f[0] for f in frames] == ["map", "map-inset-1", "map-inset-2"], report
    boxes = {f[0]: tuple(float(v) for v in f[2:]) for f in frames}

    def inside(box, lon, lat):
        return box[0] < lon < box[2] and box[1] < lat < box[3]

    # the main frame stays on Benelux; published town coordinates: Brussels, Kralendijk
    # (Bonaire), The Bottom (Saba), Oranjestad (St. Eustatius)
    assert inside(boxes["map"], 4.35, 50.85) and boxes["map"][0] > BENELUX_BOX[0] - 2
    assert inside(boxes["map-inset-1"], -68.27, 12.15)
    assert inside(boxes["map-inset-2"], -63.25, 17.62) and inside(boxes["map-inset-2"], -62.98, 17.48)
    # each inset in an equal-area projection centred on what it shows
    for name, crs, *_ in frames[1:]:
        b = boxes[name]
        assert "+proj=laea" in crs and abs(proj_param(crs, "lat_0") - (b[1] + b[3]) / 2) < 0.1, crs
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert 'id="map-inset-1"' in svg and 'id="map-inset-2"' in svg
    # the default names the choice in its note
    report = render_report(tmp_path, be_nl, spec.replace("outliers: inset\n", ""))
    assert "'outliers: inset' draws them in insets" in report and "map-inset" not in report
