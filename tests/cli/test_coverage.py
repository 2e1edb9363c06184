"""coverage: engaged units, shares by count, area and population, gaps.

Expected values are computed here from the atlas files: the hierarchy the data writes
(parent_ids), geodesic areas by pyproj and the population fields."""
import math

import pytest
from osgeo import ogr

from atlas_tables import atlas_tables, geodesic_area_km2
from conftest import DATA, read_csv, read_layer, run, sha256, with_data

atlas = atlas_tables()


def expected_engaged(level, vintage, zone):
    """unit id -> ids of the partnerships (requests apart) that engage it."""
    units = atlas.level(level, vintage, zone)
    engaged = {}
    for row in atlas.partnerships:
        if row["kind"] == "project_request":
            continue
        for party in (row["party_a_id"], row["party_b_id"]):
            if party:
                for u in atlas.map_party(party, units, level):
                    engaged.setdefault(u, set()).add(row["id"])
    return units, engaged


def test_french_departements_shares_by_count_area_and_population(out):
    target = out / "departements.gpkg"
    run(*with_data("coverage", "--level", "departement", "--zone", "FR", "--output", target))
    r = run(*with_data("coverage", "--level", "departement", "--zone", "FR", "--output", out / "departements.csv"))
    units, engaged = expected_engaged("departement", None, "FR")
    assert len(units) == 101  # France has 101 départements (INSEE)
    rows = [x for x in read_layer(target) if x["row_type"] == "unit"]
    assert len(rows) == 101
    got = {x["unit_id"] for x in rows if x["engaged"]}
    assert got == set(engaged), f"engaged differs: extra {got - set(engaged)}, missing {set(engaged) - got}"
    for x in rows:
        assert set(filter(None, (x["partnership_ids"] or "").split(";"))) == engaged.get(x["unit_id"], set())
        # area of each unit against pyproj on the same geometry: the same ellipsoidal area
        assert x["area_km2"] == pytest.approx(geodesic_area_km2(units[x["unit_id"]]["geometry"]), rel=1e-8)
        assert x["population"] == units[x["unit_id"]]["population"]
    area = {k: geodesic_area_km2(u["geometry"]) for k, u in units.items()}
    pop = {k: u["population"] for k, u in units.items()}
    share_area = sum(area[k] for k in engaged) / sum(area.values())
    share_pop = sum(pop[k] for k in engaged) / sum(pop.values())
    share_count = len(engaged) / len(units)
    zone = [x for x in read_csv(out / "departements.csv") if x["row_type"] == "zone"]
    assert len(zone) == 1, "one zone total row"
    s = zone[0]
    assert int(s["engaged_units"]) == len(engaged)
    assert float(s["share_count"]) == pytest.approx(share_count, rel=1e-9)
    assert float(s["share_area"]) == pytest.approx(share_area, rel=1e-8)
    assert float(s["share_population"]) == pytest.approx(share_pop, rel=1e-9)
    assert f"{len(engaged)} engaged, {100 * share_count:.1f}% by count, {100 * share_area:.1f}% by area" in r.stdout + r.stderr


def test_moroccan_regions_2009_with_the_one_gap_and_per_unit_density(out):
    target = out / "ma_2009.csv"
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--output", target))
    units, engaged = expected_engaged("region", "2009", "MA")
    assert len(units) == 16  # Morocco's 16 regions of 1997-2015
    # No source document names Taza-Al Hoceïma-Taounate: it is the one gap.
    assert set(units) - set(engaged) == {"MA:region:2009:15"} or \
        [units[k]["name"] for k in set(units) - set(engaged)] == ["Taza-Al Hoceïma-Taounate"]
    rows = [x for x in read_csv(target) if x["row_type"] == "unit"]
    assert {x["unit_id"] for x in rows if x["engaged"] == "1"} == set(engaged)
    for x in rows:
        a = geodesic_area_km2(units[x["unit_id"]]["geometry"])
        n = len(engaged.get(x["unit_id"], ()))
        assert int(x["partnerships"]) == n
        assert float(x["area_km2"]) == pytest.approx(a, rel=1e-8)
        assert float(x["per_10k_km2"]) == pytest.approx(n / a * 1e4, rel=1e-8)
        if float(x["population"]) > 0:
            assert float(x["per_100k_inh"]) == pytest.approx(n / float(x["population"]) * 1e5, rel=1e-8)
    assert "gaps (1 unit not engaged): Taza-Al Hoce" in run(*with_data(
        "coverage", "--level", "region", "--vintage", "2009", "--zone", "MA")).stdout
    assert f"{len(engaged)} engaged" in r.stdout + r.stderr
    # The 2009 regions carry no population field: it is the sum of the GeoNames places in
    # each, a place lying in the province whose polygon holds it, and so in that province's
    # region (else in the region whose polygon holds it).
    provinces = atlas.level("province", None, "MA")
    by_unit = {}
    for p in read_csv(DATA / "places.csv"):
        if p["population"] == "":
            continue
        pid = p["id"]
        where = {r for prov in atlas.holding(pid, provinces) for r in atlas.parents[prov] if r in units} \
            or atlas.holding(pid, units)
        for u in sorted(where)[:1]:
            by_unit.setdefault(u, []).append(float(p["population"]))
    for x in rows:
        inside = by_unit.get(x["unit_id"], [])
        assert x["population_from"] == f"{len(inside)} places"
        assert float(x["population"]) == pytest.approx(sum(inside), rel=1e-12)
    zone = [x for x in read_csv(target) if x["row_type"] == "zone"][0]
    area = {k: geodesic_area_km2(u["geometry"]) for k, u in units.items()}
    assert float(zone["area_km2"]) == pytest.approx(sum(area.values()), rel=1e-8)
    assert float(zone["share_area"]) == pytest.approx(sum(area[k] for k in engaged) / sum(area.values()), rel=1e-8)
    assert float(zone["share_count"]) == pytest.approx(len(engaged) / 16, rel=1e-12)


def test_refuses_to_write_over_an_input_and_leaves_it_intact():
    table = DATA / "partnerships.csv"
    before = sha256(table)
    r = run(*with_data("coverage", "--level", "departement", "--zone", "FR", "--output", table), status=1)
    assert "refusing to write over input" in r.stderr
    assert sha256(table) == before


def test_the_bourse_a_projets_counts_24_requests_from_17_collectivities(out):
    # seed 001: "24 demandes « bourse à projet » déposés par 17 collectivités", in 3 regions
    target = out / "requests.csv"
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA",
                       "--kind", "project_request", "--output", target))
    zone = [x for x in read_csv(target) if x["row_type"] == "zone"][0]
    assert float(zone["demand"]) == 24 and float(zone["requesters"]) == 17
    assert len([x for x in read_csv(target) if x["row_type"] == "unit" and x["requests"] not in ("", "0")]) == 3
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--kind", "project_request"))
    assert "24 requests from 17 collectivities" in r.stdout
