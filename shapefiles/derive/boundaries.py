#!/usr/bin/python3
"""Build the boundary layers of shapefiles/atlas.gpkg.

Run through boundaries.sh, which installs the sources and then calls

    /usr/bin/python3 boundaries.py --ne world_map.gpkg --morocco-map DIR --etalab DIR \
        --iso-codes /usr/share/iso-codes/json --locale /usr/share/locale --out atlas.gpkg

Inputs: Natural Earth 1:10m v4.1.0 (world_map.gpkg of Debian's qgis-common), npm morocco-map@1.3.0,
npm @etalab/decoupage-administratif@6.0.0, Debian iso-codes, and the CSV tables of this folder.
Every layer follows shapefiles/SCHEMA.md. Output is deterministic: features are written sorted by id
and geometry operations are plain GEOS calls on the same inputs.
"""

import argparse
import csv
import gettext
import json
import os
import re
import sys
import unicodedata

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))

# Entity-layer fields, in the order of SCHEMA.md.
FIELDS = [
    ("id", ogr.OFTString), ("country", ogr.OFTString), ("level", ogr.OFTString),
    ("vintage", ogr.OFTString), ("code", ogr.OFTString), ("code_iso", ogr.OFTString),
    ("name", ogr.OFTString), ("name_ar", ogr.OFTString), ("name_tfng", ogr.OFTString),
    ("name_en", ogr.OFTString), ("alt_names", ogr.OFTString), ("parent_ids", ogr.OFTString),
    ("disputed", ogr.OFTInteger), ("population", ogr.OFTInteger64), ("source", ogr.OFTString),
]
FIELD_NAMES = [n for n, _ in FIELDS]

# Europe - North Africa frame (lon/lat): the countries layer keeps every country whose bounding box
# meets it (plus countries_extra.csv), disputed_borders every line that meets it.
FRAME = (-40.0, 5.0, 45.0, 65.0)
FRAME_WKT = "POLYGON((-40 5,45 5,45 65,-40 65,-40 5))"

# A Moroccan unit is flagged disputed when at least this share of its area lies in Western Sahara.
DISPUTED_MIN_SHARE = 0.01

SRC_NE1 = "Natural Earth 1:10m admin-1 v4.1.0 (Debian qgis-common world_map.gpkg)"
SRC_NE0 = "Natural Earth 1:10m admin-0 v4.1.0 (Debian qgis-common world_map.gpkg)"
SRC_NEDB = "Natural Earth 1:10m admin-0 breakaway and disputed boundary lines v4.1.0 (Debian qgis-common world_map.gpkg)"
SRC_MM = "npm morocco-map 1.3.0 (ODbL 1.0)"
SRC_ET = "npm @etalab/decoupage-administratif 6.0.0"


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------- text helpers

def fold(s):
    """Lowercase ASCII form for matching names: accents, apostrophes and dashes normalised."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    s = re.sub(r"[\s\-_']+", " ", s).strip()
    return s


def join_alt(name, *candidates):
    """alt_names: unique non-empty candidates other than the name itself, in the given order."""
    out = []
    for c in candidates:
        if c is None:
            continue
        c = c.strip()
        if c and c != name and c not in out:
            out.append(c)
    for c in out:
        if "|" in c:
            raise ValueError(f"'|' in a name: {c}")
    return "|".join(out)


def script_of(ch):
    o = ord(ch)
    if 0x2D30 <= o <= 0x2D7F:
        return "tfng"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF:
        return "ar"
    if unicodedata.category(ch).startswith("L"):
        return "latn"
    return None  # space, punctuation, digit: takes the script of its neighbours


def split_scripts(text):
    """Split a morocco-map name ("Souss-Massa ⵙⵓⵙⵙ-ⵎⴰⵙⵙⴰ سوس-ماسة") into its Latin, Tifinagh and
    Arabic parts. Words are whitespace-separated; a word takes the script of its first letter, a word
    without letters (a lone '-') takes the script of the word before it. Each script must form one
    contiguous run, which is checked."""
    runs = []  # [script, [words]]
    for word in text.split():
        sc = next((script_of(c) for c in word if script_of(c)), None)
        if sc is None:
            sc = runs[-1][0] if runs else "latn"
        for c in word:
            s = script_of(c)
            if s is not None and s != sc:
                raise ValueError(f"mixed scripts in word {word!r} of {text!r}")
        if runs and runs[-1][0] == sc:
            runs[-1][1].append(word)
        else:
            runs.append([sc, [word]])
    seen = [r[0] for r in runs]
    if len(seen) != len(set(seen)):
        raise ValueError(f"a script appears in two separate runs in {text!r}")
    out = {"latn": "", "tfng": "", "ar": ""}
    for sc, words in runs:
        out[sc] = re.sub(r"\s+-\s+", "-", " ".join(words)).strip()
    return out


# ---------------------------------------------------------------- geometry helpers

def polygonal(g):
    """Polygonal part of a geometry as a MultiPolygon (drops points/lines MakeValid may add)."""
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        return ogr.ForceToMultiPolygon(g.Clone())
    if t == ogr.wkbMultiPolygon:
        return g.Clone()
    if t == ogr.wkbGeometryCollection:
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for i in range(g.GetGeometryCount()):
            sub = polygonal(g.GetGeometryRef(i))
            for j in range(sub.GetGeometryCount()):
                mp.AddGeometry(sub.GetGeometryRef(j))
        return mp
    return ogr.Geometry(ogr.wkbMultiPolygon)


def clean_multipolygon(g):
    """Valid 2D MultiPolygon."""
    g = g.Clone()
    g.FlattenTo2D()
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS reports each self-intersection it finds
    try:
        valid = g.IsValid()
    finally:
        gdal.PopErrorHandler()
    if not valid:
        g = g.MakeValid(["METHOD=STRUCTURE"])
    g = polygonal(g)
    if not g.IsValid():
        g = polygonal(g.Buffer(0))
    if not g.IsValid() or g.IsEmpty():
        raise ValueError("could not make a valid polygon")
    return g


def union_all(geoms):
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        g = polygonal(g)
        for i in range(g.GetGeometryCount()):
            mp.AddGeometry(g.GetGeometryRef(i))
    return clean_multipolygon(mp.UnionCascaded())


_WGS84 = osr.SpatialReference()
_WGS84.ImportFromEPSG(4326)
_WGS84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
_CEA = osr.SpatialReference()
_CEA.ImportFromProj4("+proj=cea +lon_0=0 +lat_ts=0 +ellps=WGS84 +units=m +no_defs")
_CEA.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
_TO_CEA = osr.CoordinateTransformation(_WGS84, _CEA)


def area_km2(g):
    """Area on the WGS 84 ellipsoid in km²: edges densified to 0.01° (≈1 km), then measured in the
    ellipsoidal Lambert cylindrical equal-area projection. With edges that short this equals the
    geodesic area to well under 0.01 %."""
    h = g.Clone()
    h.Segmentize(0.01)
    h.Transform(_TO_CEA)
    return h.GetArea() / 1e6


# ---------------------------------------------------------------- reading sources

def read_csv(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ne_features(ne_path, layer, where=None):
    ds = ogr.Open(ne_path)
    lyr = ds.GetLayerByName(layer)
    if where:
        lyr.SetAttributeFilter(where)
    out = []
    for f in lyr:
        d = {k: f.GetField(k) for k in f.keys()}
        d["_fid"] = f.GetFID()
        d["_geom"] = f.GetGeometryRef().Clone()
        out.append(d)
    return out


def topojson_features(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    out = []
    for f in lyr:
        d = {k: f.GetField(k) for k in f.keys()}
        d["_geom"] = f.GetGeometryRef().Clone()
        out.append(d)
    return out


def check_npm_version(pkg_dir, want):
    with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as f:
        got = json.load(f)["version"]
    if got != want:
        raise SystemExit(f"{pkg_dir}: version {got}, expected {want}")


# ---------------------------------------------------------------- Western Sahara

def western_sahara(ne_path):
    """Western Sahara as Natural Earth draws it: its admin-1 feature SAH covers only the area east of
    the Moroccan wall; the Moroccan regions of the same layer cover the rest of the territory. The
    territory is SAH plus the part of the Moroccan regions south of the disputed line Natural Earth
    names 'Western Saharan claim' (the 27°40' N boundary between Morocco and Western Sahara)."""
    sah = ne_features(ne_path, "states_provinces", "adm0_a3 = 'SAH'")
    assert len(sah) == 1, "expected one SAH feature"
    lines = ne_features(ne_path, "disputed_borders", "name = 'Western Saharan claim'")
    assert len(lines) == 1, "expected one 'Western Saharan claim' line"
    pts = set()
    line = lines[0]["_geom"]
    for i in range(line.GetGeometryCount()):
        part = line.GetGeometryRef(i)
        for j in range(part.GetPointCount()):
            x, y = part.GetPoint_2D(j)
            pts.add((x, y))
    pts = sorted(pts)
    # Region south of the line: the line itself west to east, closed far to the south. It is only
    # intersected with Moroccan and Western Saharan features, so its extent elsewhere is irrelevant.
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        ring.AddPoint_2D(x, y)
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    for x, y in ((x1 + 0.5, y1), (x1 + 0.5, 15.0), (x0 - 10.0, 15.0), (x0 - 10.0, y0), (x0, y0)):
        ring.AddPoint_2D(x, y)
    south = ogr.Geometry(ogr.wkbPolygon)
    south.AddGeometry(ring)
    assert south.IsValid()
    mar = ne_features(ne_path, "states_provinces", "adm0_a3 = 'MAR'")
    parts = [sah[0]["_geom"]] + [m["_geom"].Intersection(south) for m in mar]
    return union_all(parts), sah[0], (x0, y0, x1, y1)


def ws_share(g, ws):
    inter = g.Intersection(ws)
    return inter.GetArea() / g.GetArea() if not inter.IsEmpty() else 0.0


# ---------------------------------------------------------------- layers

def build_ma_regions_2009(ne_path, ws, rows):
    want = {r["ne_name"]: r for r in rows if r["vintage"] == "2009"}
    feats = ne_features(ne_path, "states_provinces", "adm0_a3 = 'MAR'")
    if len(feats) != 16 or {f["name"] for f in feats} != set(want):
        raise SystemExit("NE MAR regions do not match ma_regions.csv: "
                         f"{sorted(f['name'] for f in feats)}")
    out, notes = [], []
    for f in feats:
        r = want[f["name"]]
        g = clean_multipolygon(f["_geom"])
        share = ws_share(g, ws)
        disputed = 1 if share >= DISPUTED_MIN_SHARE else 0
        notes.append((r["code"], r["name"], share, disputed))
        out.append(dict(
            id=f"MA:region:2009:{r['code']}", country="MA", level="region", vintage="2009",
            code=r["code"], code_iso=f"MA-{r['code']}", name=r["name"], name_ar="", name_tfng="",
            name_en="", alt_names=join_alt(r["name"], f["name"], f["gn_name"], f["woe_name"]),
            parent_ids="MA:country:MA", disputed=disputed, population=None, source=SRC_NE1, _geom=g))
    return out, notes


def build_ma_provinces(mm_dir, ws, iso2, fixes):
    rows = {r["code"]: r for r in read_csv("ma_provinces.csv")}
    feats = topojson_features(os.path.join(mm_dir, "data", "provinces.json"))
    codes = {f["id"][3:] for f in feats}
    if len(feats) != 75 or len(codes) != 75:
        raise SystemExit(f"morocco-map provinces: {len(feats)} features, {len(codes)} ids")
    missing_csv = sorted(codes - set(rows))
    missing_src = sorted(set(rows) - codes)
    if missing_csv or missing_src:
        raise SystemExit(f"ma_provinces.csv vs morocco-map: not in csv {missing_csv}, not in source {missing_src}")
    prefix_fr = re.compile(r"^(Province|Préfecture|Prefecture)( de | d'| d’| )", re.I)
    prefix_ar = {"إقليم": "province", "عمالة": "prefecture"}
    prefix_tfng = ("ⵜⴰⵙⴳⴰ ⵏ ", "ⵍⵉⵇⵍⵉⵎ ⵏ ", "ⵍⵄⴰⵎⴰⵍⴰ ⵏ ")
    out, notes = [], []
    used_fixes = set()
    for f in feats:
        code = f["id"][3:]
        r = rows[code]
        parts = split_scripts(f["name"])
        full_fr, full_ar, full_tfng = parts["latn"], parts["ar"], parts["tfng"]
        for fx in fixes:
            if fx["code"] == code and fx["field"] == "name_ar" and full_ar == fx["source_value"]:
                full_ar = fx["fixed_value"]
                used_fixes.add((fx["code"], fx["field"]))
        # kind cross-check against the source's French and Arabic prefixes
        m = prefix_fr.match(full_fr)
        kind_fr = None
        short_fr = full_fr
        if m:
            kind_fr = "province" if m.group(1).lower() == "province" else "prefecture"
            short_fr = full_fr[m.end():].strip()
        ar_words = full_ar.split(" ", 1)
        kind_ar = prefix_ar.get(ar_words[0])
        name_ar = ar_words[1].strip() if kind_ar and len(ar_words) == 2 else full_ar
        for k in (kind_fr, kind_ar):
            if k and k != r["kind"]:
                raise SystemExit(f"{code}: ma_provinces.csv says {r['kind']}, source says {k}")
        name_tfng = full_tfng
        for p in prefix_tfng:
            if name_tfng.startswith(p):
                name_tfng = name_tfng[len(p):].strip()
        g = clean_multipolygon(f["_geom"])
        share = ws_share(g, ws)
        disputed = 1 if share >= DISPUTED_MIN_SHARE else 0
        iso_name = re.sub(r"\s*\(EH(-partial)?\)$", "", iso2.get(f"MA-{code}", {}).get("name", ""))
        notes.append((code, r["name"], share, disputed, iso2.get(f"MA-{code}", {}).get("name", "")))
        out.append(dict(
            id=f"MA:province:{code}", country="MA", level="province", vintage="", code=code,
            code_iso=f"MA-{code}" if f"MA-{code}" in iso2 else "", name=r["name"], name_ar=name_ar,
            name_tfng=name_tfng, name_en="",
            alt_names=join_alt(r["name"], full_fr if full_fr != short_fr else None, short_fr,
                               iso_name, full_ar if full_ar != name_ar else None,
                               full_tfng if full_tfng != name_tfng else None),
            parent_ids=f"MA:region:2009:{r['region_2009']}|MA:region:2015:{r['region_2015']}",
            disputed=disputed, population=None, source=SRC_MM, _geom=g))
    for fx in fixes:
        if (fx["code"], fx["field"]) not in used_fixes:
            log(f"note: source fix {fx['code']}.{fx['field']} not applied (source value changed?)")
    ars = [o["name_ar"] for o in out]
    dup = sorted({a for a in ars if ars.count(a) > 1})
    if dup:
        raise SystemExit(f"duplicate Arabic province names: {dup}")
    return out, notes


def build_ma_regions_2015(mm_dir, ws, rows):
    names = {r["code"]: r["name"] for r in rows if r["vintage"] == "2015"}
    feats = topojson_features(os.path.join(mm_dir, "data", "regions.json"))
    if len(feats) != 12 or {f["id"][3:] for f in feats} != set(names):
        raise SystemExit("morocco-map regions do not match ma_regions.csv")
    tag = re.compile(r"\s*\((EH|EH-partial)\)\s*$")
    out, notes = [], []
    for f in feats:
        code = f["id"][3:]
        parts = split_scripts(f["name"])
        name_en_src = f["name:en"] or ""
        m = tag.search(name_en_src)
        eh_tag = m.group(1) if m else ""
        name_en = tag.sub("", name_en_src).strip()
        name_ar = parts["ar"]
        if f["name:ar"] and f["name:ar"].strip() != name_ar:
            log(f"note: region {code}: name:ar {f['name:ar']!r} differs from the split {name_ar!r}")
        g = clean_multipolygon(f["_geom"])
        share = ws_share(g, ws)
        disputed = 1 if (share >= DISPUTED_MIN_SHARE or eh_tag) else 0
        notes.append((code, names[code], share, disputed, eh_tag))
        out.append(dict(
            id=f"MA:region:2015:{code}", country="MA", level="region", vintage="2015", code=code,
            code_iso=f"MA-{code}", name=names[code], name_ar=name_ar, name_tfng=parts["tfng"],
            name_en=name_en, alt_names=join_alt(names[code], parts["latn"], name_en),
            parent_ids="MA:country:MA", disputed=disputed, population=None, source=SRC_MM, _geom=g))
    return out, notes


def build_fr_departements(ne_path, et_dir, iso2):
    deps = [d for d in json.load(open(os.path.join(et_dir, "data", "departements.json"), encoding="utf-8"))
            if d["zone"] in ("metro", "drom")]
    if len(deps) != 101:
        raise SystemExit(f"etalab: {len(deps)} metropolitan and overseas départements, expected 101")
    communes = json.load(open(os.path.join(et_dir, "data", "communes.json"), encoding="utf-8"))
    pop = {}
    for c in communes:
        if c.get("type") == "commune-actuelle" and c.get("population") is not None:
            pop[c["departement"]] = pop.get(c["departement"], 0) + c["population"]
    by_fold = {}
    for d in deps:
        for key in {fold(d["nom"]), re.sub(r"^(la|le|les) ", "", fold(d["nom"]))}:
            if key in by_fold and by_fold[key]["code"] != d["code"]:
                raise SystemExit(f"ambiguous département key {key}")
            by_fold[key] = d
    reg = {r["departement"]: r for r in read_csv("fr_departement_regions.csv")}
    feats = ne_features(ne_path, "states_provinces", "adm0_a3 = 'FRA'")
    if len(feats) != 101:
        raise SystemExit(f"NE FRA: {len(feats)} features, expected 101")
    gn_prefix = re.compile(r"^departement (de la |de l |du |des |de |d )", re.I)
    out, matched, notes = [], {}, []
    for f in feats:
        cands = []
        if f["gn_name"]:
            cands.append(gn_prefix.sub("", fold(f["gn_name"])))
        cands += [fold(f["name"]), fold(f["woe_name"] or "")]
        d = None
        for c in cands:
            c2 = re.sub(r"^(la|le|les) ", "", c)
            d = by_fold.get(c) or by_fold.get(c2)
            if d:
                break
        if d is None:
            raise SystemExit(f"NE FRA feature {f['name']!r} / {f['gn_name']!r} matches no etalab département")
        if d["code"] in matched:
            raise SystemExit(f"two NE features match {d['code']}: {matched[d['code']]!r}, {f['name']!r}")
        matched[d["code"]] = f["name"]
        code = d["code"]
        r = reg[code]
        if r["region_2016"] != d["region"]:
            raise SystemExit(f"{code}: fr_departement_regions.csv says région {r['region_2016']}, etalab {d['region']}")
        if f["name"] != d["nom"]:
            notes.append((code, d["nom"], f["name"], f["gn_name"]))
        out.append(dict(
            id=f"FR:departement:{code}", country="FR", level="departement", vintage="", code=code,
            code_iso=f"FR-{code}" if f"FR-{code}" in iso2 else "", name=d["nom"], name_ar="",
            name_tfng="", name_en="", alt_names=join_alt(d["nom"], f["name"]),
            parent_ids=f"FR:region:2015:{r['region_2015']}|FR:region:2016:{r['region_2016']}",
            disputed=0, population=pop.get(code), source=f"{SRC_NE1}; names, codes, population: {SRC_ET}",
            _geom=clean_multipolygon(f["_geom"])))
    if len(matched) != 101:
        raise SystemExit("not every etalab département matched")
    return out, notes


def build_fr_regions(deps, et_dir, vintage):
    rows = [r for r in read_csv("fr_regions.csv") if r["vintage"] == vintage]
    et_names = {r["code"]: r["nom"] for r in json.load(open(os.path.join(et_dir, "data", "regions.json"), encoding="utf-8"))}
    members = {}
    for d in deps:
        code = [p for p in d["parent_ids"].split("|") if p.startswith(f"FR:region:{vintage}:")][0].split(":")[-1]
        members.setdefault(code, []).append(d)
    if set(members) != {r["code"] for r in rows}:
        raise SystemExit(f"fr_regions.csv {vintage} codes differ from the départements' parents")
    out, checks = [], []
    for r in rows:
        ms = members[r["code"]]
        if vintage == "2016" and et_names.get(r["code"]) != r["name"]:
            raise SystemExit(f"région {r['code']}: fr_regions.csv {r['name']!r}, etalab {et_names.get(r['code'])!r}")
        g = union_all([m["_geom"] for m in ms])
        a_union = area_km2(g)
        a_sum = sum(area_km2(m["_geom"]) for m in ms)
        checks.append((r["code"], r["name"], len(ms), a_sum, a_union, (a_union - a_sum) / a_sum * 100.0))
        pops = [m["population"] for m in ms]
        out.append(dict(
            id=f"FR:region:{vintage}:{r['code']}", country="FR", level="region", vintage=vintage,
            code=r["code"], code_iso=r["code_iso"], name=r["name"], name_ar="", name_tfng="", name_en="",
            alt_names=join_alt(r["name"], *r["alt_names"].split("|")),
            parent_ids="FR:country:FR", disputed=0,
            population=sum(pops) if all(p is not None for p in pops) else None,
            source=f"dissolved (GEOS union) from fr_departements; codes and names: {SRC_ET} and INSEE",
            _geom=g))
    return out, checks


def iso_country(f, iso1, by_a3):
    """ISO alpha-2 of an NE admin-0 feature; NE writes -99 where it has no code in a field."""
    ok = re.compile(r"^[A-Z]{2}$")
    if f["iso_a2"] and ok.match(f["iso_a2"]):
        return f["iso_a2"]
    if f["WB_A2"] and ok.match(f["WB_A2"]) and f["WB_A2"] in iso1:
        return f["WB_A2"]
    if f["ISO_A3"] and f["ISO_A3"] in by_a3:
        return by_a3[f["ISO_A3"]]["alpha_2"]
    return None


def build_countries(ne_path, iso1, locale_dir, select=None):
    """Country entities of the NE admin-0 features that `select(in_frame, code)` keeps (default: those
    whose bounding box meets FRAME, and countries_extra.csv)."""
    by_a3 = {e["alpha_3"]: e for e in iso1.values()}
    mo = os.path.join(locale_dir, "fr", "LC_MESSAGES", "iso_3166-1.mo")
    if not os.path.exists(mo):
        raise SystemExit(f"{mo} is missing: the French translations of iso-codes are needed for country names "
                         "(a dpkg path-exclude on /usr/share/locale removes them)")
    fr = gettext.translation("iso_3166-1", localedir=locale_dir, languages=["fr"])
    over = {r["code"]: r for r in read_csv("country_names.csv")}
    extra = {r["code"] for r in read_csv("countries_extra.csv")}
    fx0, fy0, fx1, fy1 = FRAME
    out, skipped = [], []
    for f in ne_features(ne_path, "countries"):
        x0, x1, y0, y1 = f["_geom"].GetEnvelope()
        in_frame = x1 >= fx0 and x0 <= fx1 and y1 >= fy0 and y0 <= fy1
        code = iso_country(f, iso1, by_a3)
        if select is not None:
            if not select(in_frame, code):
                continue
        elif not in_frame and code not in extra:
            continue
        if code is None:
            skipped.append((f["_fid"], f["NAME"]))
            continue
        extra.discard(code)
        e = iso1.get(code)
        o = over.get(code, {})
        if e:
            base_en = e.get("common_name") or e["name"]
            name_fr = fr.gettext(base_en)
            if name_fr == base_en and e.get("common_name"):
                name_fr = fr.gettext(e["name"])
        else:
            base_en = name_fr = ""
        name_fr = o.get("name") or name_fr
        name_en = o.get("name_en") or base_en
        if not name_fr or not name_en or ", " in name_fr or ", " in name_en or not name_fr[0].isupper():
            raise SystemExit(f"country {code}: names {name_fr!r} / {name_en!r} need an entry in country_names.csv")
        # Disputed: Western Sahara, and Morocco, whose Natural Earth polygon includes the part of
        # Western Sahara west of the wall (see README). Other claims are not flagged at this level.
        disputed = 1 if code in ("EH", "MA") else 0
        iso_fr = fr.gettext(e["name"]) if e else ""
        out.append(dict(
            id=f"{code}:country:{code}", country=code, level="country", vintage="", code=code,
            code_iso="", name=name_fr, name_ar=o.get("name_ar", ""), name_tfng="", name_en=name_en,
            alt_names=join_alt(name_fr, name_en, f["NAME"], e["name"] if e else None, iso_fr),
            parent_ids="", disputed=disputed, population=None, source=SRC_NE0,
            _geom=clean_multipolygon(f["_geom"])))
    ids = [c["id"] for c in out]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate country ids")
    if extra and select is None:
        raise SystemExit(f"countries_extra.csv: no Natural Earth country for {sorted(extra)}")
    return out, skipped


def build_eh_territory(ws, sah):
    return [dict(
        id="EH:territory:EH", country="EH", level="territory", vintage="", code="EH", code_iso="",
        name="Sahara occidental", name_ar="الصحراء الغربية", name_tfng="", name_en="Western Sahara",
        alt_names=join_alt("Sahara occidental", sah["name"]), parent_ids="", disputed=1,
        population=None,
        source=f"{SRC_NE1}: feature SAH plus the parts of the MAR regions south of the 'Western Saharan claim' line",
        _geom=ws)]


def build_disputed_borders(ne_path):
    frame = ogr.CreateGeometryFromWkt(FRAME_WKT)
    out = []
    for f in ne_features(ne_path, "disputed_borders"):
        if f["_geom"].Intersects(frame):
            g = f["_geom"].Clone()
            g.FlattenTo2D()
            out.append(dict(ne_fid=f["_fid"], name=f["name"], adm0_left=f["adm0_left"],
                            adm0_right=f["adm0_right"], adm0_a3_l=f["adm0_a3_l"],
                            adm0_a3_r=f["adm0_a3_r"], source=SRC_NEDB,
                            _geom=ogr.ForceToMultiLineString(g)))
    out.sort(key=lambda d: d["ne_fid"])
    return out


# ---------------------------------------------------------------- writing

LAYER_DESCRIPTIONS = {
    "ma_regions_2009": "Morocco, the 16 regions of 1997-2015 (Natural Earth 1:10m)",
    "ma_provinces": "Morocco, the 75 provinces and prefectures (morocco-map 1.3.0, ODbL)",
    "ma_regions_2015": "Morocco, the 12 regions of 2015 (morocco-map 1.3.0, ODbL)",
    "fr_departements": "France, the 101 départements (Natural Earth 1:10m, etalab names and codes)",
    "fr_regions_2015": "France, the 27 régions before 2016, dissolved from the départements",
    "fr_regions_2016": "France, the 18 régions since 2016, dissolved from the départements",
    "countries": "Countries whose bounding box meets lon -40..45, lat 5..65, and partner countries (Natural Earth 1:10m admin-0)",
    "eh_territory": "Western Sahara, disputed territory (Natural Earth 1:10m)",
    "disputed_borders": "Disputed boundary lines meeting lon -40..45, lat 5..65 (Natural Earth 1:10m)",
}


def write_layer(ds, name, feats, srs, entity=True):
    opts = ["GEOMETRY_NAME=geom", "FID=fid", f"DESCRIPTION={LAYER_DESCRIPTIONS[name]}"]
    gtype = ogr.wkbMultiPolygon if entity else ogr.wkbMultiLineString
    lyr = ds.CreateLayer(name, srs, gtype, opts)
    if entity:
        for n, t in FIELDS:
            lyr.CreateField(ogr.FieldDefn(n, t))
        feats = sorted(feats, key=lambda d: d["id"])
        names = FIELD_NAMES
    else:
        lyr.CreateField(ogr.FieldDefn("ne_fid", ogr.OFTInteger))
        for n in ("name", "adm0_left", "adm0_right", "adm0_a3_l", "adm0_a3_r", "source"):
            lyr.CreateField(ogr.FieldDefn(n, ogr.OFTString))
        names = ["ne_fid", "name", "adm0_left", "adm0_right", "adm0_a3_l", "adm0_a3_r", "source"]
    lyr.StartTransaction()
    defn = lyr.GetLayerDefn()
    for d in feats:
        f = ogr.Feature(defn)
        for n in names:
            v = d[n]
            if v is None:
                f.SetFieldNull(n)
            else:
                f.SetField(n, v)
        g = d["_geom"]
        if entity:
            g = ogr.ForceToMultiPolygon(g)
            assert g.IsValid(), d["id"]
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    return len(feats)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ne", required=True)
    ap.add_argument("--morocco-map", required=True)
    ap.add_argument("--etalab", required=True)
    ap.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale", default="/usr/share/locale")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    check_npm_version(a.morocco_map, "1.3.0")
    check_npm_version(a.etalab, "6.0.0")
    iso1 = {e["alpha_2"]: e for e in json.load(open(os.path.join(a.iso_codes, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]}
    iso2 = {e["code"]: e for e in json.load(open(os.path.join(a.iso_codes, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]}
    ma_rows = read_csv("ma_regions.csv")
    fixes = read_csv("ma_name_fixes.csv")

    ws, sah, line_ends = western_sahara(a.ne)
    log(f"Western Sahara: {area_km2(ws):,.0f} km² (SAH feature alone {area_km2(sah['_geom']):,.0f} km²); "
        f"27°40' line from {line_ends[0]:.3f},{line_ends[1]:.4f} to {line_ends[2]:.3f},{line_ends[3]:.4f}")

    layers = {}
    layers["ma_regions_2009"], n09 = build_ma_regions_2009(a.ne, ws, ma_rows)
    layers["ma_provinces"], nprov = build_ma_provinces(a.morocco_map, ws, iso2, fixes)
    layers["ma_regions_2015"], n15 = build_ma_regions_2015(a.morocco_map, ws, ma_rows)
    layers["fr_departements"], ndep = build_fr_departements(a.ne, a.etalab, iso2)
    layers["fr_regions_2015"], c15 = build_fr_regions(layers["fr_departements"], a.etalab, "2015")
    layers["fr_regions_2016"], c16 = build_fr_regions(layers["fr_departements"], a.etalab, "2016")
    layers["countries"], skipped = build_countries(a.ne, iso1, a.locale)
    layers["eh_territory"] = build_eh_territory(ws, sah)
    borders = build_disputed_borders(a.ne)

    log("\nShare of area in Western Sahara (disputed when >= 1 %):")
    for code, name, share, dis in n09:
        if share > 0:
            log(f"  2009 region {code} {name}: {share * 100:.1f} % -> disputed={dis}")
    for code, name, share, dis, tag in n15:
        if share > 0 or tag:
            log(f"  2015 region {code} {name}: {share * 100:.1f} % (source tag {tag or '-'}) -> disputed={dis}")
    for code, name, share, dis, iso_name in nprov:
        if share > 0 or "(EH" in iso_name:
            log(f"  province {code} {name}: {share * 100:.2f} % (iso-codes: {iso_name}) -> disputed={dis}")
    log("\nNE département names replaced by etalab's:")
    for code, et, ne, gn in sorted(ndep):
        log(f"  {code}: {ne!r} -> {et!r}")
    for label, checks in (("2015", c15), ("2016", c16)):
        log(f"\nDissolve check, régions {label} (km², WGS 84 ellipsoid):")
        worst = 0.0
        for code, name, n, a_sum, a_union, diff in checks:
            log(f"  {code} {name:32s} {n:2d} dép.  sum {a_sum:12,.1f}  union {a_union:12,.1f}  diff {diff:+.5f} %")
            worst = max(worst, abs(diff))
        if worst > 0.01:
            raise SystemExit(f"dissolve check failed: {worst:.5f} % > 0.01 %")
        log(f"  largest difference {worst:.5f} % (limit 0.01 %)")
    if skipped:
        log(f"\ncountries: skipped NE features without a country code: {skipped}")

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    if os.path.exists(a.out):
        os.remove(a.out)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(a.out)
    log("")
    for name in ("ma_regions_2009", "ma_provinces", "ma_regions_2015", "fr_departements",
                 "fr_regions_2015", "fr_regions_2016", "countries", "eh_territory"):
        n = write_layer(ds, name, layers[name], srs)
        log(f"wrote {name}: {n}")
    n = write_layer(ds, "disputed_borders", borders, srs, entity=False)
    log(f"wrote disputed_borders: {n}")
    ds = None


if __name__ == "__main__":
    main()
