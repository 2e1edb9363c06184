#!/usr/bin/python3
"""Report of compare_w5.sh: checks that coopatlas, GeoPandas and PostGIS agree, then medians and ratios.

    report_w5.py WORK

Exits 1 when a count differs (per département, per country), when the tables of the separate
commands are not the bytes of the one-process atlas's, or when an output is missing.
"""
import csv
import filecmp
import os
import statistics
import sys
from collections import defaultdict

work = sys.argv[1]
failed = []
med = statistics.median


def read(path):
    if not os.path.isfile(path):
        failed.append(f"missing file {path}")
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def engaged(rows, key=lambda i: i):
    return {key(r["unit_id"]): int(r["partnerships"]) for r in rows
            if r["row_type"] == "unit" and int(r["partnerships"]) > 0}


def plain(path):
    return {r["id"]: int(r["partnerships"]) for r in read(path)}


W = lambda *p: os.path.join(work, *p)  # noqa: E731
checks = []
cd = engaged(read(W("cpp", "departements.csv")))
cc = engaged(read(W("cpp", "countries.csv")), key=lambda i: i.split(":")[0])
cc.pop("FR", None)  # every partnership has a French party: the partners' countries are compared
peers = {"GeoPandas": (plain(W("gpd", "departements.csv")), plain(W("gpd", "countries.csv"))),
         "PostGIS": (plain(W("pg", "departements.csv")), plain(W("pg", "countries.csv")))}
for peer, (pd, pc) in peers.items():
    for what, a, b in (("départements", cd, pd), ("countries", cc, pc)):
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        line = (f"{what}: coopatlas {len(a)} with partnerships ({sum(a.values())} partnership-units), "
                f"{peer} {len(b)}")
        if diff:
            failed.append(f"{what}, coopatlas vs {peer}, differ in {len(diff)}: " +
                          ", ".join(f"{k} {a.get(k)} vs {b.get(k)}" for k in diff[:8]))
        else:
            checks.append(line + " — equal")
for other in ("cpp-tables", "cpp-separate"):
    same = [f for f in ("departements.csv", "countries.csv", "flows.csv")
            if os.path.isfile(W(other, f)) and filecmp.cmp(W("cpp", f), W(other, f), shallow=False)]
    if len(same) == 3:
        checks.append(f"tables of {other} byte-identical to those of the one-process atlas")
    else:
        failed.append(f"tables of {other} differ from the atlas's: only {same} are the same bytes")
for f in ("flows.csv", "pages/page-003.png", "pages/page-004.png"):
    if not os.path.isfile(W("cpp", f)):
        failed.append(f"missing coopatlas output {f}")
for f in ("partners_by_country.png", "flows_from_france.png"):
    if not os.path.isfile(W("gpd", f)):
        failed.append(f"missing GeoPandas output {f}")
spatial = open(W("pg", "spatial_check.txt")).read().strip() if os.path.isfile(W("pg", "spatial_check.txt")) else "?"

rows = [line.rstrip("\n").split("\t") for line in open(W("times.tsv"))]
by = defaultdict(list)  # name -> [(wall, cpu, rss)], timed rounds
first = {}  # name -> (wall, cpu, rss) of the first round (caches cold)
all_rss = defaultdict(list)  # name -> peak memory of every run, the first round's included
separate = defaultdict(list)  # round -> [(step, wall, cpu, rss)], timed rounds
for n, s, w, c, m in rows:
    all_rss["separate" if n.startswith("separate-") else n].append(int(m))
    if n.startswith("separate-"):
        if n != "separate-first":
            separate[n].append((s, float(w), float(c), int(m)))
    elif s == "first":
        first[n] = (float(w), float(c), int(m))
    else:
        by[n].append((float(w), float(c), int(m)))


def wall(name):
    return med(x[0] for x in by[name])


def cpu(name):
    return med(x[1] for x in by[name])


def peak(name):
    return max(all_rss[name])


sep_wall = med(sum(x[1] for x in v) for v in separate.values())
sep_cpu = med(sum(x[2] for x in v) for v in separate.values())
sep_peak = max(all_rss["separate"])

print("W5 — synthetic national atlas of world partnerships (12,725 projects), same run, "
      f"a first round then {len(by['coopatlas'])} timed interleaved rounds")
print(open(W("run.txt")).read().strip())
print("\nchecks:")
for c in checks:
    print("  [ok]", c)
for f in failed:
    print("  [FAILED]", f)
print(f"  PostGIS spatial join (a check, not a count): {spatial}")
print("\nmedian wall time in s (CPU), peak memory:")
for label, name in (("coopatlas atlas w5_book.yaml (one process)", "coopatlas"),
                    ("GeoPandas w5_geopandas.py", "geopandas"),
                    ("coopatlas atlas w5_tables.yaml (tables only)", "coopatlas-tables"),
                    ("PostGIS w5_postgis.py (tables only)", "postgis"),
                    ("coopatlas --version", "version")):
    print(f"  {label:<46} {wall(name):7.3f} ({cpu(name):.3f})  {peak(name) / 1024:5.0f} MB")
print(f"  {'coopatlas, 5 separate commands (sum)':<46} {sep_wall:7.3f} ({sep_cpu:.3f})  {sep_peak / 1024:5.0f} MB")
print("  peak memory: the largest of every run, the first round's included")
if "coopatlas" in first and "geopandas" in first:
    fc, fg = first["coopatlas"][0], first["geopandas"][0]
    print(f"\nfirst round, caches cold (coopatlas reads the data files and builds its atlas cache; "
          f"Python and PostgreSQL load from disk):\n  coopatlas {fc:.3f} s, GeoPandas {fg:.3f} s: {fc / fg:.2f}×")
print("\nPostGIS does part of the pipeline: loading the units (ogr2ogr) and the name tables (COPY), "
      "resolving the parties by joins on name keys computed in Python (bench/w5/names.py), and the "
      "counts per département and per country (GROUP BY); no flows table, no maps. The database "
      "server's own memory is not in its peak.")
r_gp = wall("coopatlas") / wall("geopandas")
r_ver = wall("coopatlas") / wall("version")
r_pg = wall("coopatlas-tables") / wall("postgis")
print("\nratios (goal):")
print(f"  coopatlas / GeoPandas         {r_gp:6.3f}×   (≤ 0.1×)  {'met' if r_gp <= 0.1 else 'NOT MET'}")
print(f"  coopatlas / --version          {r_ver:6.1f}×   (≤ 15×)   {'met' if r_ver <= 15 else 'NOT MET'}")
print(f"  peak memory, coopatlas         {peak('coopatlas') / 1024:6.0f} MB (≤ 1 GB)  "
      f"{'met' if peak('coopatlas') <= 1 << 20 else 'NOT MET'}   GeoPandas {peak('geopandas') / 1024:.0f} MB")
print(f"  coopatlas tables / PostGIS     {r_pg:6.2f}×")
print(f"  one process / separate commands {wall('coopatlas') / sep_wall:5.2f}×")
sys.exit(1 if failed else 0)
