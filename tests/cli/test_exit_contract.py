"""The exit-status contract, for every command: 0 done; 1 bad input or data (including a
request too large for the memory limit); 2 usage (unknown option, missing required option,
options that do not go together, a stray argument); 3 only for a defect of coopatlas,
never for anything a user can type."""
import re

import pytest

from conftest import DATA, FIXTURES, out, run, with_data  # noqa: F401 (fixture)

CITIES = FIXTURES / "benelux_cities.csv"
MAP = DATA / "maps" / "02_coverage_regions.yaml"

COMMANDS = ["info", "validate", "coverage", "flows", "density", "classify", "clusters", "pip", "render"]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_is_a_usage_error(command):
    r = run(command, "--no-such-option", status=2)
    assert "unknown option --no-such-option" in r.stderr
    assert "internal error" not in r.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_an_option_without_its_value_is_a_usage_error(command):
    r = run(command, "--manifest", status=2)
    assert "option --manifest needs a value" in r.stderr


@pytest.mark.parametrize("command", ["info", "coverage", "flows", "density", "classify", "clusters", "pip"])
def test_a_stray_argument_is_a_usage_error(command):
    r = run(command, "stray.csv", status=2)
    assert "takes no file argument ('stray.csv')" in r.stderr


@pytest.mark.parametrize("args, fragment", [
    (["coverage"], "coverage needs --level"),
    (["flows", "--from-level", "region"], "flows needs --"),
    (["density", "--kde"], "--output is required"),
    (["density", "--kde", "--points", CITIES, "--output", "x.tif"], "--kde needs --bandwidth"),
    (["density", "--kde", "--grid", "square", "--output", "x.tif"], "choose one of --kde, --grid and --level"),
    (["density", "--level", "region", "--points", CITIES, "--output", "x.csv"], "does not take --points"),
    (["pip", "--points", CITIES], "--polygons, --points and --output are required"),
    (["classify", "--field", "x"], "no input layer given"),
    (["classify", "--input", CITIES], "no field to classify"),
    (["classify", "--input", CITIES, "--field", "lon", "--method", "user"], "the user method needs --breaks"),
    (["clusters", "--input", CITIES], "no field to analyse"),
    (["render"], "no map spec given"),
    (["render", MAP], "no output given"),
    (["render", MAP, "-o"], "-o needs a file name"),
    (["render", MAP, MAP, "-o", "x.png"], "one map spec at a time"),
])
def test_a_missing_or_conflicting_option_is_a_usage_error(tmp_path, args, fragment):
    r = run(*args, status=2, cwd=tmp_path)
    assert fragment in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_data_is_status_1():
    r = run(*with_data("coverage", "--level", "nope"), status=1)
    assert "no unit of level 'nope'" in r.stderr


def test_a_huge_dpi_is_refused_before_drawing_with_the_limit(out):
    r = run(*with_data("render", MAP, "-o", out / "m.png", "--dpi", "100000"), status=1)
    assert "--dpi 100000" in r.stderr and "internal error" not in r.stderr
    assert "PNG" in r.stderr and "lower --dpi" in r.stderr
    assert not (out / "m.png").exists()


def test_a_large_png_over_the_memory_limit_names_the_limit_and_the_option(out):
    r = run(*with_data("render", MAP, "-o", out / "m.png", "--dpi", "2000", "--max-memory", "300"), status=1)
    assert "memory limit of 300 MB (--max-memory)" in r.stderr
    assert "--max-memory MB" in r.stderr
    assert not (out / "m.png").exists()


def test_a_bad_max_memory_is_a_usage_error(out):
    r = run(*with_data("render", MAP, "-o", out / "m.png", "--max-memory", "-3"), status=2)
    assert "--max-memory '-3'" in r.stderr


def test_a_huge_density_surface_is_refused_before_the_work(out):
    r = run("density", "--kde", "--points", CITIES, "--bandwidth", "25", "--size", "1000000x1000000",
            "--output", out / "k.tif", status=1)
    assert "1000000 x 1000000 cells (--size)" in r.stderr and "--max-memory" in r.stderr
    assert not (out / "k.tif").exists()


def test_a_tiny_kde_cell_is_refused_before_the_work(out):
    r = run("density", "--kde", "--points", CITIES, "--bandwidth", "25", "--cell", "0.0001",
            "--output", out / "k.tif", status=1)
    assert "(--cell, --bandwidth)" in r.stderr
    assert not (out / "k.tif").exists()


def test_a_geographic_crs_is_refused_for_kde_and_grid(out):
    for mode in (["--kde", "--bandwidth", "25"], ["--grid", "square"]):
        r = run("density", *mode, "--points", CITIES, "--crs", "EPSG:4326", "--output", out / "d.gpkg", status=1)
        assert "--crs EPSG:4326 is in degrees" in r.stderr and "projected CRS in metres" in r.stderr
        assert not (out / "d.gpkg").exists()


def test_points_that_cannot_be_projected_are_counted(out, tmp_path):
    pts = tmp_path / "pts.csv"
    pts.write_text("name,lon,lat\nBrussels,4.35,50.85\nAmsterdam,4.90,52.37\nNowhere,4.0,91\nFar,200,50\n")
    for mode, target in ((["--kde", "--bandwidth", "25"], "k.tif"), (["--grid", "square"], "g.gpkg")):
        r = run("density", *mode, "--points", pts, "--output", out / target)
        assert "2 points could not be projected and were left out" in r.stdout


def test_a_fine_graticule_is_refused_with_the_smallest_step(out, tmp_path):
    spec = tmp_path / "grat.yaml"
    spec.write_text(f"title: t\nsize: [400, 300]\nprojection: lonlat\nextent: [2, 49, 8, 54]\ngraticule: 0.001\n"
                    f"layers:\n  - {{id: c, kind: polygons, file: {FIXTURES / 'benelux.gpkg'}, layer: countries}}\n")
    r = run("render", spec, "-o", out / "g.svg", status=1)
    assert "graticule step 0.001° draws" in r.stderr and "the limit is 1000" in r.stderr
    assert not (out / "g.svg").exists()


def test_a_significance_outside_0_1_is_refused():
    r = run("clusters", "--input", CITIES, "--field", "lon", "--significance", "5", status=1)
    assert "--significance '5' must be a probability between 0 and 1" in r.stderr


@pytest.mark.parametrize("count, fragment", [
    ("nan", "count"), ("inf", "count"), ("1e308", "is larger than 1e9"), ("-2", "not a positive number"),
])
def test_a_count_that_is_not_a_plain_number_is_refused(tmp_path, count, fragment):
    t = tmp_path / "p.csv"
    t.write_text("id,kind,party_a,party_b,year,source,count\n"
                 f"x1,decentralised_cooperation,Casablanca,Bordeaux,2010,test,{count}\n")
    r = run(*with_data("validate", t), status=1)
    assert f"p.csv:2:" in r.stderr and fragment in r.stderr


def test_a_self_partnership_is_refused_with_its_row(tmp_path):
    t = tmp_path / "p.csv"
    t.write_text("id,kind,party_a,party_b,year,source\n"
                 "x1,decentralised_cooperation,Bordeaux,Bordeaux,2010,test\n")
    r = run(*with_data("validate", t), status=1)
    assert "p.csv:2:" in r.stderr and "party_b is the same collectivity as party_a" in r.stderr


def test_an_empty_year_range_is_bad_input():
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--from", "2020",
                       "--to", "2000"), status=1)
    assert "2020" in r.stderr and "2000" in r.stderr


def test_a_very_long_unknown_name_is_reported_quickly_and_shortened(tmp_path):
    import time
    t = tmp_path / "p.csv"
    t.write_text("id,kind,party_a,party_b,year,source\n"
                 f"x1,decentralised_cooperation,{'Fez' * 3400},Bordeaux,2010,test\n")
    start = time.monotonic()
    r = run(*with_data("validate", t), status=1)
    assert time.monotonic() - start < 10
    assert "unknown party_a 'FezFez" in r.stderr  # shortened in the message
    assert len(r.stderr) < 2000


def test_a_spec_with_a_single_point_draws_it_at_the_centre_of_its_frame(tmp_path):
    spec = tmp_path / "one.yaml"
    spec.write_text("title: t\nsize: [400, 300]\n"
                    "layers:\n  - {id: p, kind: points, features: [{wkt: 'POINT (4 50)'}]}\n", encoding="utf-8")
    run(*with_data("render", spec, "-o", tmp_path / "one.svg"))
    svg = (tmp_path / "one.svg").read_text(encoding="utf-8")
    frame = re.search(r'<clipPath id="clip-1"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    point = re.search(r'<g id="p">\s*<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert frame and point, svg[:2000]
    x, y, w, h = map(float, frame.groups())
    assert w > 0 and h > 0
    assert abs(float(point.group(1)) - (x + w / 2)) < 0.05
    assert abs(float(point.group(2)) - (y + h / 2)) < 0.05
    assert '<g id="map-scale-bar"' in svg
