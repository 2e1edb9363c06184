"""The world layers of the embedded atlas: counted against their sources with GDAL, read only
when a table names a partner outside France and Morocco, and resolving 25,000 partners given
by name and country through `coopatlas resolve`.

Natural Earth is Debian's qgis-common copy (/usr/share/qgis/resources/data/world_map.gpkg), which
shapefiles/derive/world.sh reads; the counts here are taken from that file with OGR SQL, not
from the derivation script.
"""
import csv
from pathlib import Path

from osgeo import ogr

from conftest import DATA, read_csv, run, with_data

NE = Path("/usr/share/qgis/resources/data/world_map.gpkg")
EMBEDDED_ADM0 = "('FRA','MAR','SAH')"


def count(path, sql):
    ds = ogr.Open(str(path))
    lyr = ds.ExecuteSQL(sql)
    n = lyr.GetNextFeature().GetField(0)
    ds.ReleaseResultSet(lyr)
    return n


def test_world_regions_are_natural_earth_admin1_less_france_morocco_western_sahara():
    assert NE.is_file(), "Debian's qgis-common is needed (scripts/bootstrap.sh --with-data-tools)"
    total = count(NE, "SELECT COUNT(*) FROM states_provinces")
    embedded = count(NE, f"SELECT COUNT(*) FROM states_provinces WHERE adm0_a3 IN {EMBEDDED_ADM0}")
    # features without an ISO 3166-1 alpha-2 code (Natural Earth writes -1, or nothing) have no id
    no_code = count(NE, f"SELECT COUNT(*) FROM states_provinces WHERE adm0_a3 NOT IN {EMBEDDED_ADM0} "
                        "AND (iso_a2 IS NULL OR iso_a2 NOT GLOB '[A-Z][A-Z]')")
    # nor do features without any name (name, gn_name and woe_name all empty)
    no_name = count(NE, f"SELECT COUNT(*) FROM states_provinces WHERE adm0_a3 NOT IN {EMBEDDED_ADM0} "
                        "AND iso_a2 GLOB '[A-Z][A-Z]' AND COALESCE(name, '') = '' AND COALESCE(gn_name, '') = '' "
                        "AND COALESCE(woe_name, '') = ''")
    assert (total, embedded, no_code, no_name) == (4556, 118, 11, 6)
    world = count(DATA / "world.gpkg", "SELECT COUNT(*) FROM world_regions")
    assert world == total - embedded - no_code - no_name
    assert count(DATA / "world.gpkg", "SELECT COUNT(*) FROM world_regions WHERE country IN ('FR','MA','EH')") == 0


def test_world_countries_complete_the_countries_of_atlas_gpkg():
    ne = count(NE, "SELECT COUNT(*) FROM countries")
    ours = count(DATA / "atlas.gpkg", "SELECT COUNT(*) FROM countries")
    world = count(DATA / "world.gpkg", "SELECT COUNT(*) FROM world_countries")
    assert (ne, ours, world) == (240, 104, 135)
    ds = ogr.Open(str(DATA / "world.gpkg"))
    codes = {f.GetField("country") for f in ds.GetLayerByName("world_countries")}
    ds = ogr.Open(str(DATA / "atlas.gpkg"))
    assert not codes & {f.GetField("country") for f in ds.GetLayerByName("countries")}


def test_world_places_have_15000_inhabitants_or_more_and_no_french_or_moroccan_place():
    rows = read_csv(DATA / "world_places.csv")
    assert len(rows) == 23557
    assert all(int(r["population"]) >= 15000 for r in rows)
    assert not {r["country"] for r in rows} & {"FR", "MA", "EH", "GP", "MQ", "GF", "RE", "YT"}
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    places = {r["id"] for r in read_csv(DATA / "places.csv")}
    assert not places & set(ids)


def test_info_does_not_read_the_world_layers():
    r = run(*with_data("info"))
    assert "entities: 45727 " in r.stdout  # the France-Morocco atlas, as before the world layers


def test_world_partners_resolve_by_name_and_country(out):
    table = out / "world.csv"
    table.write_text(
        "id,kind,party_a,party_b,party_b_country,year,source\n"
        "W1,convention,Agadir,Dakar (Sénégal),,,test\n"
        "W2,convention,Agadir,Montréal,Canada,,test\n"
        "W3,convention,Agadir,Saint-Louis (Sénégal),,,test\n"
        "W4,convention,Agadir,Saint-Louis,,,test\n"
        "W5,convention,Agadir,Dakar,Senegal,,test\n"
        "W6,convention,Agadir,Hyderabad,,,test\n", encoding="utf-8")
    target = out / "resolved.csv"
    r = run(*with_data("resolve", table, "-o", target))
    rows = {row["id"]: row for row in read_csv(target)}
    assert rows["W1"]["party_b_id"] == "SN:place:2253354"
    assert rows["W2"]["party_b_id"] == "CA:place:6077243"
    assert rows["W3"]["party_b_id"] == "SN:place:2246452"
    assert rows["W4"]["party_b_id"] == "FR:commune:68297"  # Saint-Louis in France, as without the world
    assert rows["W5"]["party_b_id"] == "SN:place:2253354"
    assert rows["W6"]["party_b_id"] == ""
    assert "(place, IN, IN:place:1269843)" in rows["W6"]["review"]
    assert "(place, PK, PK:place:1176734)" in rows["W6"]["review"]
    assert "took Dakar (place, SN, SN:place:2253354), not Dakar (region, SN, SN:region:ne5626)" in r.stdout


def test_25000_world_partners_resolve(out):
    # every world place of a name unique in its country, and as many regions, by name and country
    places = read_csv(DATA / "world_places.csv")
    seen = {}
    for p in places:
        seen.setdefault((p["name"].casefold(), p["country"]), []).append(p)
    unique = [ps[0] for ps in seen.values() if len(ps) == 1 and ps[0]["feature_code"] != "PPLX"]
    ds = ogr.Open(str(DATA / "world.gpkg"))
    regions = [(f.GetField("id"), f.GetField("name"), f.GetField("country")) for f in ds.GetLayerByName("world_regions")]
    rows = [(p["id"], p["name"], p["country"]) for p in unique][:25000]
    rows += regions[: 25000 - len(rows)]
    assert len(rows) == 25000
    table = out / "many.csv"
    with open(table, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "party_a", "party_b", "party_b_country", "year", "source"])
        for i, (_, name, country) in enumerate(rows):
            w.writerow([f"R{i}", "convention", "Agadir", name, country, "", "test"])
    target = out / "many_resolved.csv"
    run(*with_data("resolve", table, "-o", target))
    got = read_csv(target)
    assert len(got) == 25000
    exact = sum(1 for (want, _, _), g in zip(rows, got) if g["party_b_id"] == want)
    # a region named like a town of its country goes to the town (municipality rule), a place
    # named like its country to the country; both stay in the partner's country
    # named like its country to the country; both stay in the partner's country. Names that fold
    # alike in one country (Ūn and Un) stay for review, listing the partner.
    for (want, name, country), g in zip(rows, got):
        if g["party_b_id"] and g["party_b_id"] != want:
            assert g["party_b_id"].startswith(country + ":"), (want, name, g["party_b_id"])
        if not g["party_b_id"]:
            assert g["review"].startswith("ambiguous") and want + ")" in g["review"], (want, g["review"])
    assert exact > 23500, exact
