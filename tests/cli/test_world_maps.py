"""World maps from a partnership table with world partners (bench/w5/maps), and the deferred
world layers read by a map spec only when one of its layers asks for what they alone hold.

The expected countries of the fixture table are written here by hand, row by row, not taken
from coopatlas: the maps must draw exactly those.
"""
import re
import shutil
from pathlib import Path

from osgeo import gdal

from conftest import DATA, FIXTURES, run

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "bench" / "w5" / "maps"
TABLE = FIXTURES / "world_maps"

# tests/fixtures/world_maps/partnerships.csv, row by row: the partner's country
FIXTURE_COUNTRIES = {"W01": "SN", "W02": "CA", "W03": "BF", "W04": "SN", "W05": "JP", "W06": "BJ", "W07": "TN",
                     "W08": "US", "W09": "ML", "W10": "JP", "W11": "MA", "W12": "SN", "W13": "CA", "W14": "VN"}
DEFERRED = "deferred layers read"


def drawn(report, layer):
    m = re.search(rf"^layer {re.escape(layer)} \([a-z]+\): (\d+) drawn", report, re.M)
    assert m, f"no line for layer {layer} in\n{report}"
    return int(m.group(1))


def render(spec, tmp_path, *extra):
    png, svg = tmp_path / f"{Path(spec).stem}.png", tmp_path / f"{Path(spec).stem}.svg"
    r = run("render", spec, "-o", png, "-o", svg, "--report", *extra)
    assert png.is_file() and svg.is_file()
    ds = gdal.Open(str(png))
    assert ds.RasterXSize > 1000 and ds.RasterYSize > 700
    return r.stdout + r.stderr, svg.read_text(encoding="utf-8")


def test_partners_by_country_colours_each_country_of_the_table(tmp_path):
    report, svg = render(MAPS / "partners_by_country.yaml", tmp_path, "--data", TABLE)
    countries = set(FIXTURE_COUNTRIES.values())
    # one label per partner country (France, the origin, left out), each with its number of partnerships
    assert drawn(report, "names") == len(countries) == 10
    assert "Sénégal" in svg and "Japon" in svg and "Viêt Nam" in svg
    assert "France (origin)" in svg
    assert drawn(report, "france") == 1


def test_flows_from_france_draw_one_ranked_flow_per_country(tmp_path):
    report, svg = render(MAPS / "flows_from_france.yaml", tmp_path, "--data", TABLE)
    countries = set(FIXTURE_COUNTRIES.values())
    assert f"{len(FIXTURE_COUNTRIES)} partnerships between FR and all, {len(countries)} flows drawn" in report
    assert drawn(report, "flows") == len(countries)
    # the first of the ranking is Senegal, with 3 partnerships
    assert "1. Sénégal (3)" in svg


def test_default_maps_do_not_read_the_world_layers(tmp_path):
    for spec in sorted((DATA / "maps").glob("*.yaml")):
        report, _ = render(spec, tmp_path)
        assert DEFERRED not in report, spec.name


def test_a_layer_asking_for_a_country_only_the_world_layers_hold_reads_them(tmp_path):
    spec = tmp_path / "senegal.yaml"
    spec.write_text("title: Senegal\nlayers:\n"
                    "  - {id: regions, kind: polygons, units: {level: region, country: SN}, value: partnerships}\n")
    report, _ = render(spec, tmp_path)
    assert f"{DEFERRED} for regions (region in SN)" in report
    assert drawn(report, "regions") == 14  # Senegal's 14 régions (Natural Earth admin-1)


def test_whole_world_and_an_entity_not_loaded_read_them_too(tmp_path):
    spec = tmp_path / "world.yaml"
    spec.write_text("title: World\nprojection: \"+proj=eqearth\"\nlayers:\n"
                    "  - {id: world, kind: polygons, units: {level: country}, fill: '#cccccc'}\n")
    report, _ = render(spec, tmp_path)
    assert f"{DEFERRED} for world (country everywhere)" in report
    assert drawn(report, "world") > 230
    spec = tmp_path / "senegal_country.yaml"
    spec.write_text("title: Senegal\nlayers:\n  - {id: country, kind: polygons, entities: ['SN:country:SN']}\n")
    report, _ = render(spec, tmp_path)
    assert DEFERRED not in report  # Senegal is a country of the eager layers
    spec = tmp_path / "dakar.yaml"
    spec.write_text("title: Dakar\nextent: [-18, 12, -11, 17]\nlayers:\n"
                    "  - {id: town, kind: points, entities: ['SN:place:2253354'], size: 8}\n")
    report, _ = render(spec, tmp_path)
    assert f"{DEFERRED} for town (entity SN:place:2253354)" in report
