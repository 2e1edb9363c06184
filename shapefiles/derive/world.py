#!/usr/bin/python3
"""Build shapefiles/world.gpkg: the countries and first-level units of the whole world that the
embedded atlas.gpkg does not already hold.

Run through world.sh, which installs the sources and then calls

    /usr/bin/python3 world.py --ne world_map.gpkg --iso-codes /usr/share/iso-codes/json \
        --locale /usr/share/locale --tolerance 0.02 --out world.gpkg --countries-out codes.txt

Layers (fields of shapefiles/SCHEMA.md, MultiPolygon, EPSG:4326):

- world_countries: every Natural Earth admin-0 feature with an ISO 3166-1 alpha-2 code whose country
  is not in atlas.gpkg's `countries` layer (those stay there), named as boundaries.py names countries;
- world_regions: every Natural Earth admin-1 feature with an ISO alpha-2 code, except those of France
  (adm0_a3 FRA), Morocco (MAR) and Western Sahara (SAH), whose units atlas.gpkg holds. Level `region`,
  code `ne<FID>` (the feature's FID in world_map.gpkg: Natural Earth's FIPS codes are neither unique
  nor always present in this copy), parent the country.

Geometries are simplified with OGR SimplifyPreserveTopology(tolerance in degrees), then made valid.
`--countries-out` receives the ISO codes of every country entity (atlas.gpkg's and world_countries),
one a line, so that world_places.js gives places a parent only when it exists.
Output is deterministic (features sorted by id, GeoPackage timestamps pinned by world.sh).
"""

import argparse
import gettext
import json
import os
import sys

from osgeo import ogr, osr

import boundaries as B

ogr.UseExceptions()

# Natural Earth admin-0 codes (adm0_a3) whose admin-1 units atlas.gpkg already holds.
EMBEDDED_ADM0 = ("FRA", "MAR", "SAH")

SRC_NE1 = B.SRC_NE1 + ", simplified"
SRC_NE0 = B.SRC_NE0 + ", simplified"

B.LAYER_DESCRIPTIONS.update({
    "world_countries": "Countries of the world not in atlas.gpkg's countries layer (Natural Earth 1:10m admin-0, simplified)",
    "world_regions": "First-level units of every country except France, Morocco and Western Sahara (Natural Earth 1:10m admin-1, simplified)",
})


def simplified(g, tolerance):
    g = g.Clone()
    g.FlattenTo2D()
    s = g.SimplifyPreserveTopology(tolerance)
    if s is None or s.IsEmpty():
        s = g  # a unit smaller than the tolerance keeps its shape
    return B.clean_multipolygon(s)


def build_world_countries(ne, iso1, locale, tolerance):
    eager, _ = B.build_countries(ne, iso1, locale)
    eager_codes = {c["id"].split(":")[0] for c in eager}
    every, skipped = B.build_countries(ne, iso1, locale, select=lambda in_frame, code: code is not None)
    out = []
    for c in every:
        if c["country"] in eager_codes:
            continue
        c["source"] = SRC_NE0
        c["disputed"] = 0
        c["_geom"] = simplified(c["_geom"], tolerance)
        out.append(c)
    return out, sorted(eager_codes), skipped


def build_world_regions(ne, country_codes, tolerance):
    out, skipped = [], []
    where = "adm0_a3 NOT IN (" + ",".join(f"'{a}'" for a in EMBEDDED_ADM0) + ")"
    for f in B.ne_features(ne, "states_provinces", where):
        code = f["iso_a2"] or ""
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            skipped.append((f["_fid"], f["adm0_a3"], f["name"]))
            continue
        name = (f["name"] or "").strip() or (f["gn_name"] or "").strip() or (f["woe_name"] or "").strip()
        if not name:
            skipped.append((f["_fid"], f["adm0_a3"], "(no name)"))
            continue
        alts = [n.replace("|", "/") for n in (f["gn_name"], f["woe_name"]) if n]
        out.append(dict(
            id=f"{code}:region:ne{f['_fid']}", country=code, level="region", vintage="", code=f"ne{f['_fid']}",
            code_iso="", name=name, name_ar="", name_tfng="", name_en="",
            alt_names=B.join_alt(name, *alts),
            parent_ids=f"{code}:country:{code}" if code in country_codes else "",
            disputed=0, population=None, source=SRC_NE1, _geom=simplified(f["_geom"], tolerance)))
    return out, skipped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ne", required=True)
    ap.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale", default="/usr/share/locale")
    ap.add_argument("--tolerance", type=float, required=True, help="simplification tolerance, degrees")
    ap.add_argument("--out", required=True)
    ap.add_argument("--countries-out", required=True)
    a = ap.parse_args()

    iso1 = {e["alpha_2"]: e for e in json.load(open(os.path.join(a.iso_codes, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]}
    countries, eager_codes, skipped_c = build_world_countries(a.ne, iso1, a.locale, a.tolerance)
    codes = set(eager_codes) | {c["country"] for c in countries}
    regions, skipped_r = build_world_regions(a.ne, codes, a.tolerance)
    ids = [d["id"] for d in countries + regions]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids")

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    if os.path.exists(a.out):
        os.remove(a.out)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(a.out)
    n0 = B.write_layer(ds, "world_countries", countries, srs)
    n1 = B.write_layer(ds, "world_regions", regions, srs)
    ds = None
    with open(a.countries_out, "w", encoding="utf-8") as f:
        f.write("".join(c + "\n" for c in sorted(codes)))
    B.log(f"world_countries: {n0} (atlas.gpkg countries: {len(eager_codes)}; NE features without a country code: "
          f"{len(skipped_c)})")
    B.log(f"world_regions: {n1} (NE admin-1 features without an ISO alpha-2 code, left out: {len(skipped_r)}: "
          + ", ".join(f"{fid} {a3} {name}" for fid, a3, name in skipped_r) + ")")
    orphans = sum(1 for r in regions if not r["parent_ids"])
    B.log(f"world_regions without a country entity: {orphans}")


if __name__ == "__main__":
    sys.exit(main())
