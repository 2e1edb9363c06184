"""coverage, flows and per-unit density against the command line's CSV output."""
import math

import geopandas as gpd
import pandas as pd
import pytest

import coopatlas
from conftest import DATA, cli_csv, number, run_cli, same


def compare_coverage(df, rows):
    units = [r for r in rows if r["row_type"] == "unit"]
    assert list(df["unit_id"]) == [r["unit_id"] for r in units]
    assert list(df["name"]) == [r["name"] for r in units]
    assert list(df["engaged"]) == [r["engaged"] == "1" for r in units]
    assert list(df["how"]) == [r["how"] for r in units]
    assert list(df["partnerships"]) == [int(r["partnerships"]) for r in units]
    assert list(df["partnership_ids"]) == [r["partnership_ids"] for r in units]
    assert list(df["requests"]) == [int(r["requests"]) for r in units]
    for column in ("demand", "area_km2", "population", "per_10k_km2", "per_100k_inh"):
        for got, want in zip(df[column], units):
            assert same(got, number(want[column])), column
    zone = [r for r in rows if r["row_type"] == "zone"][0]
    t = df.attrs["totals"]
    assert t["engaged"] == int(zone["engaged_units"])
    assert t["units"] == len(units)
    for key in ("share_count", "share_area", "share_population"):
        assert same(t[key], number(zone[key])), key
    assert df.attrs["filter"] == zone["filter"]
    assert df.attrs["level"] == zone["level"] and df.attrs["vintage"] == zone["vintage"]
    assert df.attrs["zone"] == zone["zone"]


def test_moroccan_regions_2009_as_the_command_line(atlas, tmp_path):
    df = coopatlas.coverage(atlas, level="region", vintage="2009", zone="MA")
    rows = cli_csv(tmp_path, "c.csv", "coverage", "--level", "region", "--vintage", "2009", "--zone", "MA")
    assert isinstance(df, pd.DataFrame) and not isinstance(df, gpd.GeoDataFrame)
    assert len(df) == 16
    compare_coverage(df, rows)
    # the same engaged units as the command line prints
    out, _ = run_cli("coverage", "--data", DATA, "--level", "region", "--vintage", "2009", "--zone", "MA")
    t = df.attrs["totals"]
    assert f"engaged: {t['engaged']} of {t['units']} units" in out
    gaps = [atlas.entity(i).name for i in df.attrs["gaps"]]
    assert f"gaps ({len(gaps)} unit{'s' if len(gaps) != 1 else ''} not engaged): {', '.join(gaps)}" in out
    assert set(df.attrs["gaps"]) == set(df.loc[~df["engaged"], "unit_id"])


def test_decentralised_cooperation_only(atlas, tmp_path):
    df = coopatlas.coverage(atlas, "region", "2009", "MA", kind="decentralised_cooperation")
    rows = cli_csv(tmp_path, "c.csv", "coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--kind",
                   "decentralised_cooperation")
    compare_coverage(df, rows)
    assert "decentralised_cooperation" in df.attrs["filter"]
    every = coopatlas.coverage(atlas, "region", "2009", "MA")
    assert (df["partnerships"] <= every["partnerships"]).all()


def test_filter_options_and_roll_down_as_on_the_command_line(atlas, tmp_path):
    df = coopatlas.coverage(atlas, "province", zone="MA", kind=["decentralised_cooperation", "convention"],
                            from_year=2000, to_year=2015, undated="drop", two_sided=True, roll_down=True,
                            population="field")
    rows = cli_csv(tmp_path, "c.csv", "coverage", "--level", "province", "--zone", "MA", "--kind",
                   "decentralised_cooperation,convention", "--from", "2000", "--to", "2015", "--undated", "drop",
                   "--two-sided", "--roll-down", "--population", "field")
    compare_coverage(df, rows)
    assert df.attrs["roll_down"] is True


def test_coverage_geodataframe_has_the_units_and_the_crs(atlas):
    gdf = coopatlas.coverage(atlas, "region", "2009", "MA", geometry=True)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == 16 and gdf.geometry.notna().all()
    assert set(gdf.geom_type) <= {"MultiPolygon"}
    casablanca = atlas.resolve("Casablanca", level="commune")
    point = gpd.GeoSeries.from_wkb([casablanca.wkb or atlas.entity(casablanca.anchor_id).wkb], crs=4326)[0]
    inside = gdf[gdf.contains(point)]
    assert list(inside["unit_id"]) == ["MA:region:2009:08"]


def test_flows_as_the_command_line(atlas, tmp_path):
    df = coopatlas.flows(atlas, "region", "region", from_vintage="2009", to_vintage="2015", to_zone="FR")
    rows = cli_csv(tmp_path, "f.csv", "flows", "--from-level", "region", "--from-vintage", "2009", "--to-level",
                   "region", "--to-vintage", "2015", "--to-zone", "FR")
    assert len(df) == len(rows) > 0
    for column in ("from_id", "from_name", "to_id", "to_name", "partnership_ids", "notes"):
        assert list(df[column]) == [r[column] for r in rows], column
    assert list(df["rank"]) == [int(r["rank"]) for r in rows]
    assert list(df["count"]) == [int(r["count"]) for r in rows]
    for got, want in zip(df["length_km"], rows):
        assert same(got, number(want["length_km"]))
    assert df.attrs["mapped"] <= df.attrs["partnerships"]
    assert df.attrs["filter"] == rows[0]["filter"]
    lengths = pd.DataFrame(df.attrs["lengths"])
    assert set(lengths["partnership_id"]) <= set(";".join(df["partnership_ids"]).split(";"))


def test_flows_geometry_are_geodesic_lines(atlas):
    gdf = coopatlas.flows(atlas, "region", "region", from_vintage="2009", to_vintage="2015", to_zone="FR",
                          kind="decentralised_cooperation", geometry=True, segment_km=50)
    assert isinstance(gdf, gpd.GeoDataFrame) and gdf.crs.to_epsg() == 4326
    assert (gdf.geom_type == "LineString").all()
    # vertices at most 50 km apart along each line: a line of L km has at least L / 50 segments
    for line, km in zip(gdf.geometry, gdf["length_km"]):
        assert len(line.coords) - 1 >= math.floor(km / 50)


def test_density_per_unit_as_the_command_line(atlas, tmp_path):
    df = coopatlas.density(atlas, "region", "2016", "FR", kind="decentralised_cooperation")
    rows = cli_csv(tmp_path, "d.csv", "density", "--level", "region", "--vintage", "2016", "--zone", "FR", "--kind",
                   "decentralised_cooperation")
    assert list(df["unit_id"]) == [r["unit_id"] for r in rows]
    assert list(df["partnerships"]) == [int(r["partnerships"]) for r in rows]
    for column in ("area_km2", "population", "per_10k_km2", "per_100k_inhabitants"):
        for got, want in zip(df[column], rows):
            assert same(got, number(want[column])), column


def test_vocabulary_entities_and_partnerships_as_info_lists_them(atlas):
    out, _ = run_cli("info", "--vocabulary", "--data", DATA)
    printed = {}
    section = None
    for line in out.splitlines():
        if not line.startswith(" "):
            section = line.split(" (")[0]
            printed[section] = {}
        elif line.strip():
            word, count = line.split()
            printed[section][word] = int(count)
    vocabulary = atlas.vocabulary()
    sections = {"kinds": "kinds", "themes": "themes", "sources": "sources", "countries": "party countries",
                "levels": "levels"}
    assert {key: printed[title] for key, title in sections.items()} == vocabulary
    entities = atlas.entities()
    assert len(entities) == len(atlas)
    assert entities["level"].value_counts().to_dict() == vocabulary["levels"]
    partnerships = atlas.partnerships()
    assert partnerships["kind"].value_counts().to_dict() == vocabulary["kinds"]
    regions = atlas.entities(level="region", country="MA", vintage="2009")
    assert len(regions) == 16 and set(regions["id"]) == set(coopatlas.coverage(atlas, "region", "2009", "MA")["unit_id"])
