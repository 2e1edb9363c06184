"""Table of bench/compare.sh: median times of the peers and of coopatlas from the same run,
their ratios against the goals, and the output checks.
usage: compare_report.py WORK PEERS REPS   (WORK = the peers' working copy where everything ran)"""
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

import numpy as np
import pandas as pd
from osgeo import gdal

gdal.UseExceptions()
work, peers, reps = sys.argv[1], sys.argv[2], sys.argv[3]
cols = ["rep", "workload", "peer", "case", "stage", "s"]
peer_t = pd.read_csv(f"{work}/out/times.tsv", sep="\t", names=cols)
ours_t = pd.read_csv(f"{work}/out/coopatlas_times.tsv", sep="\t", names=cols)
med = pd.concat([peer_t, ours_t]).groupby(["workload", "peer", "case", "stage"])["s"].median()


def t(w, p, c, stage="process"):
    return med.get((w, p, c, stage), np.nan)


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        return next(l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Model name"))
    except Exception:  # noqa: BLE001 - informative only
        return platform.processor() or "unknown CPU"


print(f"coopatlas vs peers, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {cpu_model()}, "
      f"{os.cpu_count()} cores, median of {reps} runs, all in this run")
print(f"load average (1, 5, 15 min) at the start: {os.environ.get('LOAD_START', '?')}, at the end: "
      f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} (other work on the machine slows every tool alike only "
      "roughly; compare ratios from one run)")
print("'whole' = wall time of the whole command (start, reading, work, writing); "
      "'Nt' = coopatlas on N threads\n")

rows = []
checks = []


def row(workload, what, ours, peer_name, theirs, goal=""):
    ratio = theirs / ours if ours and ours == ours and theirs == theirs else np.nan
    rows.append((workload, what, ours, peer_name, theirs, ratio, goal))


# W1: point in polygon
for case in ("places", "points_1e5", "points_1e6"):
    for threads in ("2t", "1t"):
        ours = t("w1", f"coopatlas-{threads}", case)
        big = case == "points_1e6"
        row(f"W1 {case}", f"whole, {threads}", ours, "boost (1 thread)", t("w1", "boost", case),
            ">= 0.77 (coopatlas <= 1.3x)" if big else "")
        row(f"W1 {case}", f"whole, {threads}", ours, "postgis", t("w1", "postgis", case), ">= 4" if big else "")
        row(f"W1 {case}", f"whole, {threads}", ours, "geopandas", t("w1", "geopandas", case), ">= 30" if big else "")
    row(f"W1 {case}", "count stage, 1t", t("w1", "coopatlas-1t", case, "count"), "boost join_count",
        t("w1", "boost", case, "join_count"))
    row(f"W1 {case}", "read CSV stage, 1t", t("w1", "coopatlas-1t", case, "read_points"), "boost load_points",
        t("w1", "boost", case, "load_points"))
    ref = pd.read_csv(f"{work}/results/w1_counts_{case}.csv", keep_default_na=False)
    for threads in ("2t", "1t"):
        path = f"{work}/out/coopatlas/w1_{case}_{threads}.csv"
        ours_df = pd.read_csv(path, keep_default_na=False)
        same = ours_df.equals(ref)
        identical = open(path, "rb").read() == open(f"{work}/results/w1_counts_{case}.csv", "rb").read()
        checks.append(f"W1 {case} ({threads}): counts {'IDENTICAL' if same else 'DIFFERENT'} to the peers' "
                      f"(file {'byte-identical' if identical else 'differs in formatting'}); "
                      f"{ours_df['count'].sum()} points in a polygon")

# W2: dissolve
for threads in ("1t", "2t"):
    ours = t("w2", f"coopatlas-{threads}", "all", "dissolve")
    row("W2 dissolve", f"dissolve stage, {threads}", ours, "postgis dissolve", t("w2", "postgis", "all", "dissolve"),
        ">= 1")
    gp = t("w2", "geopandas", "fr_regions", "dissolve") + t("w2", "geopandas", "fr_total", "dissolve")
    row("W2 dissolve", f"dissolve stage, {threads}", ours, "geopandas dissolve", gp)
row("W2 dissolve", "whole, 1t (geodesic areas only)", t("w2", "coopatlas-1t", "all"), "postgis (8 area variants)",
    t("w2", "postgis", "all"))
areas = pd.read_csv(f"{work}/results/areas.csv", keep_default_na=False)
for threads in ("1t", "2t"):
    ours_a = pd.read_csv(f"{work}/out/coopatlas/areas_{threads}.csv", keep_default_na=False)
    m = ours_a.merge(areas, on=["country", "code", "name", "crs"], suffixes=("", "_ref"))
    m["rel"] = (m.area_km2 - m.area_km2_postgis).abs() / m.area_km2_postgis
    for crs, g in m.groupby("crs"):
        checks.append(f"W2 ({threads}) areas {crs}: {len(g)} units, max rel. diff to PostGIS {g.rel.max():.2e} "
                      f"({'within' if g.rel.max() <= 1e-3 else 'OUTSIDE'} 0.1 %); parts equal: "
                      f"{bool((g.parts == g.parts_ref).all())}")

# W3: kernel density
for threads in ("2t", "1t"):
    ours = t("w3", f"coopatlas-{threads}", "places")
    row("W3 KDE", f"whole, {threads}", ours, "numpy fft (approx.)", t("w3", "fft", "places"), "> 1")
    row("W3 KDE", f"whole, {threads}", ours, "numpy sep (exact)", t("w3", "sep", "places"))
    row("W3 KDE", f"whole, {threads}", ours, "numpy sep+openblas", t("w3", "sep+openblas", "places"))
    row("W3 KDE", f"kde stage, {threads}", t("w3", f"coopatlas-{threads}", "places", "kde"), "fft kde stage",
        t("w3", "fft", "places", "kde"))
for ref_name, ref_path in (("this run's sep", f"{work}/results/kde_places.tif"),
                           ("shipped reference", f"{peers}/results/kde_places.tif")):
    if not os.path.exists(ref_path):
        continue
    ref_ds = gdal.Open(ref_path)
    ref_grid = ref_ds.ReadAsArray().astype(np.float64)
    for threads in ("2t", "1t"):
        ds = gdal.Open(f"{work}/out/coopatlas/kde_places_{threads}.tif")
        grid = ds.ReadAsArray().astype(np.float64)
        gt_same = np.allclose(ds.GetGeoTransform(), ref_ds.GetGeoTransform(), rtol=0, atol=1e-6)
        rel = np.abs(grid - ref_grid).max() / ref_grid.max()
        checks.append(f"W3 ({threads}) vs {ref_name}: max |diff| / peak = {rel:.2e} "
                      f"({'within' if rel < 1e-6 else 'OUTSIDE'} 1e-6), peak {grid.max():.6f} vs "
                      f"{ref_grid.max():.6f}, geotransform {'equal' if gt_same else 'DIFFERENT'}")

df = pd.DataFrame(rows, columns=["workload", "coopatlas", "coopatlas s", "peer", "peer s", "peer/coopatlas", "goal"])
with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_colwidth", 40):
    print(df.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
print("\nchecks:")
for c in checks:
    print(f"- {c}")
# outputs that do not agree make the comparison meaningless: fail loudly
if any(word in c for c in checks for word in ("DIFFERENT", "OUTSIDE")):
    sys.exit("compare: some outputs do not agree with the peers' (see the checks above)")
