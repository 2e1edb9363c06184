"""A stored hierarchy (manifest key `hierarchy`, written by `coopatlas info --hierarchy`):
the parents that placement by geometry gives, stored with the data so that loading does
not place the same entities again. Expected parents come from OGR's own point-in-polygon
tests on the same layers; a stale table is bad input at its line."""
import csv

from osgeo import ogr

from conftest import DATA, FIXTURES, read_csv, run

GPKG = FIXTURES / "benelux.gpkg"
CITIES = [("Brussels", 4.35, 50.85), ("Amsterdam", 4.90, 52.37), ("Liege", 5.57, 50.63)]


def province_of(lon, lat, gpkg=GPKG, layer="states_provinces", field="name"):
    """The name of the polygon that holds the point, by OGR (not coopatlas)."""
    ds = ogr.Open(str(gpkg))
    lyr = ds.GetLayerByName(layer)
    point = ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})")
    lyr.SetSpatialFilter(point)
    names = [f.GetField(field) for f in lyr if f.GetGeometryRef().Contains(point)]
    assert len(names) == 1, (lon, lat, names)
    return names[0]


def benelux(folder, hierarchy=None):
    cities = folder / "cities.csv"
    with open(cities, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "country", "level", "name", "lon", "lat"])
        for name, lon, lat in CITIES:
            w.writerow([f"XX:place:{name}", "XX", "place", name, lon, lat])
    text = (f"title: Benelux\nlayers:\n  - file: {GPKG}\n    layer: states_provinces\n    level: province\n"
            '    id_template: "{country}:{level}:{code}"\n    fields: {country: iso_a2, code: name, name: name}\n'
            f"  - file: {cities}\n    x: lon\n    y: lat\n")
    if hierarchy:
        text += f"hierarchy: {hierarchy}\n"
    manifest = folder / "atlas.yaml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def rows_by_id(path):
    return {r["id"]: r["parent_ids"] for r in read_csv(path)}


def test_info_hierarchy_writes_the_province_ogr_finds_for_each_place(tmp_path):
    written = tmp_path / "hierarchy.csv"
    r = run("info", "--manifest", benelux(tmp_path), "--hierarchy", written)
    assert written.is_file() and "placed entities" in r.stdout
    rows = rows_by_id(written)
    for name, lon, lat in CITIES:
        province = province_of(lon, lat)
        country = "BE" if name != "Amsterdam" else "NL"
        assert rows[f"XX:place:{name}"] == f"{country}:province:{province}", (name, rows)


def test_a_manifest_with_its_stored_hierarchy_loads_and_a_stale_row_is_named_at_its_line(tmp_path):
    stored = tmp_path / "hierarchy.csv"
    run("info", "--manifest", benelux(tmp_path), "--hierarchy", stored)
    manifest = benelux(tmp_path, stored)
    before = stored.read_bytes()
    assert "province" in run("info", "--manifest", manifest).stdout
    assert stored.read_bytes() == before  # an input is never modified

    lines = stored.read_text(encoding="utf-8").splitlines()
    stale = tmp_path / "stale.csv"
    stale.write_text("\n".join(lines + ["XX:place:Gone,"]) + "\n", encoding="utf-8")
    r = run("info", "--manifest", benelux(tmp_path, stale), status=1)
    assert f"{stale}:{len(lines) + 1}" in r.stderr and "XX:place:Gone" in r.stderr, r.stderr
    assert "info --hierarchy" in r.stderr, r.stderr

    wrong_parent = tmp_path / "wrong_parent.csv"
    wrong_parent.write_text("id,parent_ids\nXX:place:Brussels,BE:province:Nowhere\n", encoding="utf-8")
    r = run("info", "--manifest", benelux(tmp_path, wrong_parent), status=1)
    assert f"{wrong_parent}:2" in r.stderr and "BE:province:Nowhere" in r.stderr, r.stderr


def test_the_embedded_hierarchy_is_current_and_agrees_with_ogr(tmp_path):
    """shapefiles/hierarchy.csv is what placement gives today (else derive/all.sh must be
    run again), and the province it stores for Moroccan places is the one OGR finds."""
    fresh = tmp_path / "hierarchy.csv"
    run("info", "--data", DATA, "--hierarchy", fresh)
    assert rows_by_id(fresh) == rows_by_id(DATA / "hierarchy.csv")
    stored = rows_by_id(DATA / "hierarchy.csv")
    places = [p for p in read_csv(DATA / "places.csv") if p["id"].startswith("MA:place:")]
    checked = 0
    for p in places[:: max(1, len(places) // 25)]:
        parents = [x for x in stored[p["id"]].split("|") if x.startswith("MA:province:")]
        ds = ogr.Open(str(DATA / "atlas.gpkg"))
        lyr = ds.GetLayerByName("ma_provinces")
        point = ogr.CreateGeometryFromWkt(f"POINT ({p['lon']} {p['lat']})")
        lyr.SetSpatialFilter(point)
        holders = [f.GetField("id") for f in lyr if f.GetGeometryRef().Contains(point)]
        if len(holders) != 1:
            continue  # on a boundary or at sea: no single answer to compare with
        assert parents == holders, (p["name"], parents, holders)
        checked += 1
    assert checked >= 20
