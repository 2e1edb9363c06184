#!/usr/bin/python3
"""Report of compare_w5.sh: checks that coopatlas and GeoPandas agree, then medians and ratios.

    report_w5.py WORK

Exits 1 when a count differs (per département, per country) or an output is missing.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

work = sys.argv[1]
failed = []


def read(path):
    if not os.path.isfile(path):
        failed.append(f"missing file {path}")
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def engaged(rows, key=lambda i: i):
    return {key(r["unit_id"]): int(r["partnerships"]) for r in rows
            if r["row_type"] == "unit" and int(r["partnerships"]) > 0}


cpp, gpd = os.path.join(work, "cpp"), os.path.join(work, "gpd")
checks = []
cd = engaged(read(os.path.join(cpp, "departements.csv")))
gd = {r["id"]: int(r["partnerships"]) for r in read(os.path.join(gpd, "departements.csv"))}
cc = engaged(read(os.path.join(cpp, "countries.csv")), key=lambda i: i.split(":")[0])
cc.pop("FR", None)  # every partnership has a French party: the partners' countries are compared
gc = {r["id"]: int(r["partnerships"]) for r in read(os.path.join(gpd, "countries.csv"))}
for what, a, b in (("départements", cd, gd), ("countries", cc, gc)):
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    line = f"{what}: coopatlas {len(a)} with partnerships ({sum(a.values())} partnership-units), GeoPandas {len(b)}"
    if diff:
        failed.append(f"{what} differ in {len(diff)}: " + ", ".join(f"{k} {a.get(k)} vs {b.get(k)}" for k in diff[:8]))
    else:
        checks.append(line + " — equal")
for f in ("flows.csv", "partners_by_country.png", "flows_from_france.png"):
    if not os.path.isfile(os.path.join(cpp, f)):
        failed.append(f"missing coopatlas output {f}")
for f in ("partners_by_country.png", "flows_from_france.png"):
    if not os.path.isfile(os.path.join(gpd, f)):
        failed.append(f"missing GeoPandas output {f}")

rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(work, "times.tsv"))]
gp = [(float(w), float(c), int(m)) for n, s, w, c, m in rows if n == "geopandas"]
ver = [(float(w), float(c), int(m)) for n, s, w, c, m in rows if n == "version"]
rounds = defaultdict(list)
for n, s, w, c, m in rows:
    if n.startswith("coopatlas-"):
        rounds[n].append((s, float(w), float(c), int(m)))
pipe_wall = [sum(x[1] for x in v) for v in rounds.values()]
pipe_cpu = [sum(x[2] for x in v) for v in rounds.values()]
steps = defaultdict(list)
for v in rounds.values():
    for s, w, c, m in v:
        steps[s].append(w)
med = statistics.median
peak_cpp = max(x[3] for v in rounds.values() for x in v)
peak_gp = max(x[2] for x in gp)

print("W5 — synthetic national atlas of world partnerships (12,725 projects), same run, "
      f"{len(pipe_wall)} interleaved rounds")
print(open(os.path.join(work, "run.txt")).read().strip())
print("\nchecks:")
for c in checks:
    print("  [ok]", c)
for f in failed:
    print("  [FAILED]", f)
print("\nmedian wall time (s):")
for s, v in steps.items():
    print(f"  coopatlas {s:<24} {med(v):8.3f}")
print(f"  coopatlas pipeline (sum)           {med(pipe_wall):8.3f}   (CPU {med(pipe_cpu):.3f})")
print(f"  GeoPandas w5_geopandas.py          {med(x[0] for x in gp):8.3f}   (CPU {med(x[1] for x in gp):.3f})")
print(f"  coopatlas --version                {med(x[0] for x in ver):8.3f}")
r_gp = med(pipe_wall) / med(x[0] for x in gp)
r_ver = med(pipe_wall) / med(x[0] for x in ver)
print("\nratios (goal):")
print(f"  pipeline / GeoPandas     {r_gp:6.2f}×   (≤ 0.1×)  {'met' if r_gp <= 0.1 else 'NOT MET'}")
print(f"  pipeline / --version     {r_ver:6.1f}×   (≤ 15×)   {'met' if r_ver <= 15 else 'NOT MET'}")
print(f"  peak memory, coopatlas   {peak_cpp / 1024:6.0f} MB (≤ 1 GB)  {'met' if peak_cpp <= 1 << 20 else 'NOT MET'}"
      f"   GeoPandas {peak_gp / 1024:.0f} MB")
sys.exit(1 if failed else 0)
