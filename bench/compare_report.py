"""Table of bench/compare.sh: median times of the peers and of coopatlas, their ratios against
the goals, and the output checks.
usage: compare_report.py WORK PEERS REPS   (WORK = the peers' working copy where everything ran)
env:   PEER_RUN=same     the peers were timed by the same invocation of compare.sh (default)
       PEER_RUN=earlier  SKIP_PEERS: the peers' timings and outputs come from an earlier run;
                         the header and every ratio say so, with the date and load of that run
       LOAD_START        load average when coopatlas's runs started

Every check must run: a missing timing, reference or output is reported as NOT MEASURED /
NOT CHECKED and makes the script exit non-zero, as do outputs that do not agree."""
import hashlib
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone

import numpy as np
import pandas as pd
from osgeo import gdal

gdal.UseExceptions()
if len(sys.argv) != 4:
    sys.exit(__doc__)
work, peers, reps = sys.argv[1], sys.argv[2], sys.argv[3]
peer_run = os.environ.get("PEER_RUN", "same")
if peer_run not in ("same", "earlier"):
    sys.exit(f"compare: PEER_RUN must be 'same' or 'earlier', not '{peer_run}'")
earlier = peer_run == "earlier"
now = datetime.now(timezone.utc)

cols = ["rep", "workload", "peer", "case", "stage", "s"]
peer_tsv, ours_tsv = f"{work}/out/times.tsv", f"{work}/out/coopatlas_times.tsv"
for path, what in ((peer_tsv, "the peers' timings (run_peers.sh)"), (ours_tsv, "coopatlas's timings")):
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        sys.exit(f"compare: {what} missing or empty: {path}")
peer_t = pd.read_csv(peer_tsv, sep="\t", names=cols)
ours_t = pd.read_csv(ours_tsv, sep="\t", names=cols)
med = pd.concat([peer_t, ours_t]).groupby(["workload", "peer", "case", "stage"])["s"].median()
peer_reps = int(peer_t["rep"].max())

# Problems that make the comparison incomplete or wrong; any of them -> non-zero exit.
problems = []


def t(w, p, c, stage="process"):
    key = (w, p, c, stage)
    if key not in med.index:
        problems.append(f"NOT MEASURED: no timing for workload {w}, tool {p}, case {c}, stage {stage}")
        return np.nan
    return med[key]


def cpu_model():
    lscpu = shutil.which("lscpu")
    if lscpu is None:
        return "CPU model unknown (no lscpu)"
    out = subprocess.run([lscpu], capture_output=True, text=True, check=False).stdout
    names = [l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Model name")]
    return names[0] if names else "CPU model unknown (lscpu gives no model name)"


def age(then):
    s = int((now - then).total_seconds())
    if s < 0:
        return "in the future (clock?)"
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    return (f"{d} d " if d else "") + (f"{h} h " if d or h else "") + f"{s // 60} min ago"


def peer_run_info():
    """When and under which load the peers' timings were taken, from out/peers_run.txt
    (written by compare.sh next to run_peers.sh's out/times.tsv)."""
    meta_path = f"{work}/out/peers_run.txt"
    mtime = datetime.fromtimestamp(os.path.getmtime(peer_tsv), timezone.utc)
    meta = {}
    if os.path.isfile(meta_path):
        for line in open(meta_path):
            k, _, v = line.rstrip("\n").partition("\t")
            meta[k] = v
    sha = hashlib.sha256(open(peer_tsv, "rb").read()).hexdigest()
    if meta.get("times_sha256") != sha:
        if not earlier:
            sys.exit(f"compare: {meta_path} is missing or does not describe {peer_tsv}, "
                     "although the peers should have been timed in this run")
        why = "not recorded" if not meta else f"not known ({meta_path} describes another times.tsv)"
        return (f"{peer_tsv} last written {mtime:%Y-%m-%d %H:%M} UTC ({age(mtime)}); "
                f"load average of that run {why}")
    fin = datetime.strptime(meta["finished"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (f"{meta['started']} -> {meta['finished']} ({age(fin)}), load average (1, 5, 15 min) "
            f"{meta['load_start']} -> {meta['load_end']}, median of {meta['reps']} runs")


print(f"coopatlas vs peers, {now:%Y-%m-%d %H:%M} UTC, {cpu_model()}, {os.cpu_count()} cores")
if earlier:
    print("PEER FIGURES FROM AN EARLIER RUN (SKIP_PEERS=1): only coopatlas was timed now; every ratio "
          "marked * divides timings taken at different times, under different load")
    print(f"  peers timed: {peer_run_info()}")
else:
    print("same run: the peers and coopatlas were timed by this invocation of compare.sh, one after the other")
    print(f"  peers timed: {peer_run_info()}")
print(f"  coopatlas timed: now, median of {reps} runs, load average (1, 5, 15 min) at the start "
      f"{os.environ.get('LOAD_START', 'not recorded')}, at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
print("  (other work on the machine slows every tool alike only roughly; ratios from one run compare best)")
print("'whole' = wall time of the whole command (start, reading, work, writing); "
      "'Nt' = coopatlas on N threads\n")

rows = []
checks = []  # (ok, text)
MARK = " *" if earlier else ""


def row(workload, what, ours, peer_name, theirs, goal=""):
    ratio = theirs / ours if ours and ours == ours and theirs == theirs else np.nan
    shown = "NOT MEASURED" if ratio != ratio else f"{ratio:.3f}{MARK}"
    rows.append((workload, what, ours, peer_name, theirs, shown, goal))


def check(ok, text):
    checks.append((ok, text))


def present(path, what):
    """True when the file is there; otherwise records a NOT CHECKED failure naming it."""
    if os.path.isfile(path):
        return True
    check(False, f"NOT CHECKED: {what}: missing file {path}")
    return False


ref_from = "the peers' earlier run" if earlier else "this run's peers"

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
    ref_path = f"{work}/results/w1_counts_{case}.csv"
    if not present(ref_path, f"W1 {case} reference counts ({ref_from})"):
        continue
    ref = pd.read_csv(ref_path, keep_default_na=False)
    for threads in ("2t", "1t"):
        path = f"{work}/out/coopatlas/w1_{case}_{threads}.csv"
        if not present(path, f"W1 {case} ({threads}) coopatlas counts"):
            continue
        ours_df = pd.read_csv(path, keep_default_na=False)
        same = ours_df.equals(ref)
        identical = open(path, "rb").read() == open(ref_path, "rb").read()
        check(same, f"W1 {case} ({threads}): counts {'IDENTICAL' if same else 'DIFFERENT'} to {ref_from} "
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
W2_CRS = ("geodesic", "geodesic+seg0.01")  # the area variants coopatlas computes
KEY = ["country", "code", "name", "crs"]
areas_path = f"{work}/results/areas.csv"
if present(areas_path, f"W2 reference areas ({ref_from})"):
    areas = pd.read_csv(areas_path, keep_default_na=False)
    areas = areas[areas.crs.isin(W2_CRS)]
    for threads in ("1t", "2t"):
        path = f"{work}/out/coopatlas/areas_{threads}.csv"
        if not present(path, f"W2 ({threads}) coopatlas areas"):
            continue
        ours_a = pd.read_csv(path, keep_default_na=False)
        m = ours_a.merge(areas, on=KEY, how="outer", suffixes=("", "_ref"), indicator=True)
        for side, who in (("left_only", "coopatlas only"), ("right_only", "reference only")):
            extra = m[m["_merge"] == side]
            if len(extra):
                check(False, f"W2 ({threads}): {len(extra)} unit(s) in {who}, not compared: "
                             + "; ".join(f"{r.country} {r.code} {r.name} {r.crs}" for r in extra.itertuples()))
        m = m[m["_merge"] == "both"].copy()
        m["rel"] = (m.area_km2 - m.area_km2_postgis).abs() / m.area_km2_postgis
        for crs in W2_CRS:
            g = m[m.crs == crs]
            if g.empty:
                check(False, f"NOT CHECKED: W2 ({threads}) areas {crs}: no unit in both coopatlas's and the reference")
                continue
            within = g.rel.max() <= 1e-3
            parts = bool((g.parts == g.parts_ref).all())
            check(within and parts,
                  f"W2 ({threads}) areas {crs}: {len(g)} units, max rel. diff to PostGIS {g.rel.max():.2e} "
                  f"({'within' if within else 'OUTSIDE'} 0.1 %); parts {'equal' if parts else 'DIFFERENT'}")

# W3: kernel density
for threads in ("2t", "1t"):
    ours = t("w3", f"coopatlas-{threads}", "places")
    row("W3 KDE", f"whole, {threads}", ours, "numpy fft (approx.)", t("w3", "fft", "places"), "> 1")
    row("W3 KDE", f"whole, {threads}", ours, "numpy sep (exact)", t("w3", "sep", "places"))
    row("W3 KDE", f"whole, {threads}", ours, "numpy sep+openblas", t("w3", "sep+openblas", "places"))
    row("W3 KDE", f"kde stage, {threads}", t("w3", f"coopatlas-{threads}", "places", "kde"), "fft kde stage",
        t("w3", "fft", "places", "kde"))
for ref_name, ref_path in (("the earlier peer run's sep grid" if earlier else "this run's sep grid",
                            f"{work}/results/kde_places.tif"),
                           ("shipped reference", f"{peers}/results/kde_places.tif")):
    if not present(ref_path, f"W3 KDE reference ({ref_name})"):
        continue
    ref_ds = gdal.Open(ref_path)
    ref_grid = ref_ds.ReadAsArray().astype(np.float64)
    for threads in ("2t", "1t"):
        path = f"{work}/out/coopatlas/kde_places_{threads}.tif"
        if not present(path, f"W3 ({threads}) coopatlas grid vs {ref_name}"):
            continue
        ds = gdal.Open(path)
        grid = ds.ReadAsArray().astype(np.float64)
        if grid.shape != ref_grid.shape:
            check(False, f"W3 ({threads}) vs {ref_name}: grid {grid.shape} against {ref_grid.shape}: DIFFERENT size")
            continue
        gt_same = np.allclose(ds.GetGeoTransform(), ref_ds.GetGeoTransform(), rtol=0, atol=1e-6)
        rel = np.abs(grid - ref_grid).max() / ref_grid.max()
        check(bool(rel < 1e-6) and gt_same,
              f"W3 ({threads}) vs {ref_name}: max |diff| / peak = {rel:.2e} "
              f"({'within' if rel < 1e-6 else 'OUTSIDE'} 1e-6), peak {grid.max():.6f} vs "
              f"{ref_grid.max():.6f}, geotransform {'equal' if gt_same else 'DIFFERENT'}")

df = pd.DataFrame(rows, columns=["workload", "coopatlas", "coopatlas s", "peer", "peer s", "peer/coopatlas", "goal"])
with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_colwidth", 40):
    print(df.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
if earlier:
    print("\n* peer time from an EARLIER run (SKIP_PEERS=1), not from this one: "
          f"{peer_run_info()}; coopatlas timed now. Not a same-run comparison.")
print("\nchecks:")
for ok, text in checks:
    print(f"- [{'ok' if ok else 'FAILED'}] {text}")
problems = list(dict.fromkeys(problems))  # each missing timing once
for p in problems:
    print(f"- [FAILED] {p}")
# a check that did not run, a timing that is missing or outputs that do not agree make the
# comparison incomplete or meaningless: fail loudly
failed = [text for ok, text in checks if not ok] + problems
if failed:
    sys.exit(f"compare: {len(failed)} check(s) failed or could not run (see FAILED above)")
