"""flows: corridors between the 2009 Moroccan regions and the 2016 French régions, and the
geodesic length of every partnership.

The expected corridors are built here from the partnership table and the hierarchy the
data writes; lengths come from pyproj's geodesic between the parties' points."""
import pytest

from atlas_tables import GEOD, atlas_tables
from conftest import read_csv, run, with_data

atlas = atlas_tables()


def expected_corridors():
    """(from unit, to unit) -> partnership ids, requests apart."""
    origins = atlas.level("region", "2009")
    targets = atlas.level("region", "2016", "FR")
    corridors = {}
    for row in atlas.partnerships:
        if row["kind"] == "project_request":
            continue
        parties = [p for p in (row["party_a_id"], row["party_b_id"]) if p]
        ends_a = set().union(*(atlas.map_party(p, origins, "region") for p in parties))
        ends_b = set().union(*(atlas.map_party(p, targets, "region") for p in parties))
        for a in ends_a:
            for b in ends_b:
                corridors.setdefault((a, b), set()).add(row["id"])
    return corridors


def test_corridors_and_counts(out):
    table, lengths = out / "flows.csv", out / "lengths.csv"
    r = run(*with_data("flows", "--from-level", "region", "--from-vintage", "2009", "--to-level", "region",
                       "--to-vintage", "2016", "--to-zone", "FR", "--output", table, "--lengths", lengths))
    expected = expected_corridors()
    rows = read_csv(table)
    got = {(x["from_id"], x["to_id"]): set(x["partnership_ids"].split(";")) for x in rows}
    assert got == expected
    for x in rows:
        assert int(x["count"]) == len(expected[(x["from_id"], x["to_id"])])
    # ranks: 1 for the largest count, ties share a rank
    counts = sorted({int(x["count"]) for x in rows}, reverse=True)
    for x in rows:
        assert int(x["rank"]) == 1 + sum(len([y for y in rows if int(y["count"]) == c]) for c in counts
                                         if c > int(x["count"]))
    # Agadir (Souss-Massa-Drâa) – Nantes Métropole (Pays de la Loire) is P006 in seed 001
    smd = [k for k, u in atlas.units.items() if u["name"] == "Souss-Massa-Drâa"][0]
    pdl = [k for k, u in atlas.level("region", "2016", "FR").items() if u["name"] == "Pays de la Loire"][0]
    assert "P006" in got[(smd, pdl)]
    assert f"{len(rows)} corridors" in r.stdout + r.stderr


def test_partnership_lengths_are_geodesics_between_the_parties(out):
    lengths = out / "lengths.csv"
    run(*with_data("flows", "--from-level", "region", "--from-vintage", "2009", "--to-level", "region",
                   "--to-vintage", "2016", "--to-zone", "FR", "--output", out / "f.csv", "--lengths", lengths))
    checked = 0
    for x in read_csv(lengths):
        # polygons are measured from a point on their surface; points and anchors are checked here
        if "surface" in x["measured"]:
            continue
        (lon1, lat1), (lon2, lat2) = atlas.points[x["from_party"]], atlas.points[x["to_party"]]
        _, _, d = GEOD.inv(lon1, lat1, lon2, lat2)
        assert float(x["length_km"]) == pytest.approx(d / 1000, rel=1e-9), x["partnership_id"]
        checked += 1
    assert checked >= 20
