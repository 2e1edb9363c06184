#!/usr/bin/python3
"""Check the boundary layers of an atlas.gpkg and print the figures quoted in shapefiles/README.md.

    /usr/bin/python3 boundaries_check.py atlas.gpkg

Exits non-zero when a structural check fails (layer set, fields, counts, ids, parents, validity).
Areas are printed for comparison with published figures, not asserted.
"""

import os
import re
import sys

from osgeo import ogr

import boundaries as B

ogr.UseExceptions()

EXPECTED = {  # layer: (count, metropolitan count or None)
    "ma_regions_2009": (16, None),
    "ma_provinces": (75, None),
    "ma_regions_2015": (12, None),
    "fr_departements": (101, 96),
    "fr_regions_2015": (27, 22),
    "fr_regions_2016": (18, 13),
    "countries": (None, None),
    "eh_territory": (1, None),
}
ID_RE = re.compile(r"^([A-Z]{2}):([a-z_]+):(?:(\d{4}):)?([A-Za-z0-9]+)$")
FR_OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def read(ds, name):
    lyr = ds.GetLayerByName(name)
    out = []
    for f in lyr:
        d = {k: f.GetField(k) for k in f.keys()}
        d["_geom"] = f.GetGeometryRef().Clone()
        out.append(d)
    return lyr, out


def main(path):
    ds = ogr.Open(path)
    names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
    if sorted(names) != sorted(list(EXPECTED) + ["disputed_borders"]):
        fail(f"layers {names}")
    layers, all_ids = {}, {}
    for name, (count, metro) in EXPECTED.items():
        lyr, feats = read(ds, name)
        layers[name] = feats
        defn = lyr.GetLayerDefn()
        fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        if fields != B.FIELD_NAMES:
            fail(f"{name}: fields {fields}")
        if ogr.GT_Flatten(lyr.GetGeomType()) != ogr.wkbMultiPolygon:
            fail(f"{name}: geometry type {ogr.GeometryTypeToName(lyr.GetGeomType())}")
        srs = lyr.GetSpatialRef()
        if srs is None or srs.GetAuthorityCode(None) != "4326":
            fail(f"{name}: SRS is not EPSG:4326")
        if count is not None and len(feats) != count:
            fail(f"{name}: {len(feats)} features, expected {count}")
        if metro is not None:
            code_of = (lambda f: f["code"]) if name != "fr_departements" else (lambda f: f["parent_ids"].split("|")[0].split(":")[-1])
            n_metro = sum(1 for f in feats if code_of(f) not in FR_OVERSEAS_REGIONS)
            if n_metro != metro:
                fail(f"{name}: {n_metro} metropolitan features, expected {metro}")
        for f in feats:
            m = ID_RE.match(f["id"] or "")
            if not m or m.group(1) != f["country"] or m.group(2) != f["level"] or (m.group(3) or "") != f["vintage"] \
                    or m.group(4) != f["code"]:
                fail(f"{name}: id {f['id']!r} does not agree with country/level/vintage/code")
            if f["id"] in all_ids:
                fail(f"id {f['id']} in {all_ids[f['id']]} and {name}")
            all_ids[f["id"]] = name
            g = f["_geom"]
            if g.IsEmpty() or not g.IsValid() or ogr.GT_Flatten(g.GetGeometryType()) != ogr.wkbMultiPolygon:
                fail(f"{f['id']}: empty, invalid or not a MultiPolygon")
            if f["disputed"] not in (0, 1):
                fail(f"{f['id']}: disputed={f['disputed']}")
            if not f["name"]:
                fail(f"{f['id']}: no name")
            x0, x1, y0, y1 = g.GetEnvelope()
            if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
                fail(f"{f['id']}: coordinates out of lon/lat range")
        print(f"{name:18s} {len(feats):4d} features" + (f" ({metro} metropolitan)" if metro else ""))
    print(f"{'disputed_borders':18s} {ds.GetLayerByName('disputed_borders').GetFeatureCount():4d} lines")
    if len(all_ids) == sum(len(v) for v in layers.values()):
        print(f"{'all entity layers':18s} {len(all_ids):4d} ids, all unique")

    n_parents = 0
    for name, feats in layers.items():
        for f in feats:
            for p in filter(None, (f["parent_ids"] or "").split("|")):
                n_parents += 1
                if p not in all_ids:
                    fail(f"{f['id']}: parent {p} does not exist")
    print(f"parent references: {n_parents}, all resolve to an id of the atlas")

    # Country ids used by the other files of shapefiles/ (informative: those files are built apart).
    here = os.path.dirname(os.path.abspath(path))
    refs = set()
    for name in sorted(os.listdir(here)):
        if name.endswith(".csv"):
            with open(os.path.join(here, name), encoding="utf-8") as fh:
                refs |= set(re.findall(r"\b[A-Z]{2}:country:[A-Z]{2}\b", fh.read()))
    absent = sorted(r for r in refs if r not in all_ids)
    print(f"country ids used in shapefiles/*.csv: {len(refs)}, absent from the atlas: {', '.join(absent) or 'none'}")

    # Provinces: each must lie in its 2015 parent (same source), and mostly in its 2009 parent (NE).
    by_id = {f["id"]: f for feats in layers.values() for f in feats}
    low = []
    for f in layers["ma_provinces"]:
        p09, p15 = f["parent_ids"].split("|")
        g = f["_geom"]
        s15 = g.Intersection(by_id[p15]["_geom"]).GetArea() / g.GetArea()
        s09 = g.Intersection(by_id[p09]["_geom"]).GetArea() / g.GetArea()
        if s15 < 0.99:
            fail(f"{f['id']}: only {s15:.1%} inside its 2015 region {p15}")
        if s09 < 0.5:
            low.append(f"{f['code']} {s09:.0%} in {p09}")
    print("provinces lying less than half in their 2009 parent as Natural Earth draws it: "
          + (", ".join(low) if low else "none"))

    # The 2009 regions rebuilt from the provinces (morocco-map) against Natural Earth's.
    print("\n2009 regions: Natural Earth vs. the union of their provinces (morocco-map), km²:")
    members = {}
    for f in layers["ma_provinces"]:
        members.setdefault(f["parent_ids"].split("|")[0], []).append(f["_geom"])
    for r in sorted(layers["ma_regions_2009"], key=lambda r: r["code"]):
        rebuilt = B.union_all(members[r["id"]])
        a_ne, a_rb = B.area_km2(r["_geom"]), B.area_km2(rebuilt)
        inter = r["_geom"].Intersection(rebuilt)
        union = r["_geom"].Union(rebuilt)
        iou = B.area_km2(inter) / B.area_km2(union)
        print(f"  {r['code']} {r['name']:34s} NE {a_ne:9,.0f}  provinces {a_rb:9,.0f}  overlap/union {iou:.2f}")

    # Areas to compare with published figures.
    km2 = B.area_km2
    metro = [f for f in layers["fr_departements"] if f["code"][:2] != "97"]
    a_metro = sum(km2(f["_geom"]) for f in metro)
    corse = sum(km2(f["_geom"]) for f in metro if f["code"] in ("2A", "2B"))
    ws = layers["eh_territory"][0]["_geom"]
    r09 = layers["ma_regions_2009"]
    a_all = sum(km2(r["_geom"]) for r in r09)
    a_undisputed = sum(km2(r["_geom"]) for r in r09 if r["disputed"] == 0)
    a_minus_ws = sum(km2(B.polygonal(r["_geom"].Difference(ws))) for r in r09)
    a_ws = km2(ws)
    a_prov = sum(km2(f["_geom"]) for f in layers["ma_provinces"])
    a_prov_minus_ws = sum(km2(B.polygonal(f["_geom"].Difference(ws))) for f in layers["ma_provinces"])
    print("\nAreas on the WGS 84 ellipsoid, km² (edges densified to 0.01°, then measured equal-area):")
    print(f"  France, 96 metropolitan départements: {a_metro:,.0f} (Corsica {corse:,.0f}); published 543,940 incl. Corsica")
    print(f"  Morocco, 16 regions of 2009 (Natural Earth): {a_all:,.0f}")
    print(f"  Morocco, the 13 regions with disputed = 0: {a_undisputed:,.0f}")
    print(f"  Morocco, 16 regions minus Western Sahara: {a_minus_ws:,.0f}; published 446,550 without Western Sahara")
    print(f"  Western Sahara (eh_territory): {a_ws:,.0f}; published 266,000")
    print(f"  Morocco, 75 provinces (morocco-map): {a_prov:,.0f}; minus Western Sahara {a_prov_minus_ws:,.0f}")

    if failures:
        print(f"\n{len(failures)} check(s) failed")
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
