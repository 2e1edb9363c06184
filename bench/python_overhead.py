#!/usr/bin/python3
"""What calling coopatlas from Python adds to the same C++ calls, on the W1 workload.

W1 (see README.md): 10^6 uniform points (lon -18..10, lat 20..52) counted in the 113
Natural Earth admin-1 polygons of metropolitan France, Morocco and Western Sahara. The same
work is timed in process three ways, alternating within each round so that both see the
same load:
  - C++: bench/python_overhead (the library calls coopatlas.pip() makes), a process that
    stays alive and runs one repetition when asked;
  - Python, binding only: coopatlas._coopatlas.pip (columns as numpy arrays and lists);
  - Python: coopatlas.pip (a pandas DataFrame).
Prints the medians and the overhead of each Python call over C++.

usage: BUILD_DIR=build COOPATLAS_BUILD_BENCH=ON scripts/build.sh
       /usr/bin/python3 bench/python_overhead.py [ROUNDS] [THREADS]
Inputs: $COOPATLAS_PEERS/data/{study.gpkg,points_1e6.csv} when present (the peers' files),
else made the peers' way into <build>/bench/w1 (study polygons from Debian's qgis-common
world_map.gpkg, points from numpy's default_rng(20240601)).
"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("BUILD_DIR", ROOT / "build"))
sys.path.insert(0, str(BUILD / "apps" / "python"))

import coopatlas  # noqa: E402
from coopatlas import _coopatlas  # noqa: E402

WORLD = Path("/usr/share/qgis/resources/data/world_map.gpkg")
WARM_UP = 3  # rounds not counted


def inputs():
    """study.gpkg (layer study) and points_1e6.csv: the peers' files, or made their way."""
    peers = Path(os.environ.get("COOPATLAS_PEERS", ROOT.parent / "shared" / "peers")) / "data"
    if (peers / "study.gpkg").is_file() and (peers / "points_1e6.csv").is_file():
        return peers / "study.gpkg", peers / "points_1e6.csv", "the peers' data"
    work = BUILD / "bench" / "w1"
    work.mkdir(parents=True, exist_ok=True)
    study, points = work / "study.gpkg", work / "points_1e6.csv"
    if not study.is_file():
        from osgeo import gdal, ogr

        gdal.UseExceptions()
        tmp = work / "study.tmp.gpkg"
        gdal.VectorTranslate(str(tmp), str(WORLD), options=gdal.VectorTranslateOptions(
            layers=["states_provinces"], layerName="study", format="GPKG",
            where="adm0_a3 IN ('FRA','MAR','SAH')"))
        # the 5 overseas French features (bounding box outside lon -6..10, lat 41..52) are dropped
        ds = ogr.Open(str(tmp), 1)
        layer = ds.GetLayer("study")
        for f in list(layer):
            x0, x1, y0, y1 = f.GetGeometryRef().GetEnvelope()
            if f["adm0_a3"] == "FRA" and not (x0 >= -6 and x1 <= 10 and y0 >= 41 and y1 <= 52):
                layer.DeleteFeature(f.GetFID())
        count = layer.GetFeatureCount()
        ds = None
        assert count == 113, f"{count} study polygons, expected 113"
        tmp.rename(study)
    if not points.is_file():
        import numpy as np

        rng = np.random.default_rng(20240601)
        n = 1_000_000
        lon = rng.uniform(-18, 10, n)
        lat = rng.uniform(20, 52, n)
        tmp = work / "points.tmp.csv"
        np.savetxt(tmp, np.column_stack([lon, lat]), fmt="%.6f", delimiter=",", header="lon,lat", comments="")
        tmp.rename(points)
    return study, points, f"made in {work} the peers' way"


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    program = BUILD / "bench" / "python_overhead"
    if not program.is_file():
        sys.exit(f"{program} is missing: build with COOPATLAS_BUILD_BENCH=ON (see the usage)")
    study, points, origin = inputs()
    times = {"cpp": [], "binding": [], "dataframe": []}
    inside = set()
    # The C++ program stays alive and runs one repetition per line it reads, so that it
    # alternates with the Python calls and both processes are equally warm.
    cpp = subprocess.Popen([str(program), str(study), "study", str(points), str(threads), "0"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run_cpp():
        cpp.stdin.write("run\n")
        cpp.stdin.flush()
        seconds = float(cpp.stdout.readline().split("\t")[2])
        inside.add(int(cpp.stdout.readline().split("\t")[1]))
        return seconds

    def run_binding():
        t0 = time.perf_counter()
        result = _coopatlas.pip(str(study), str(points), "study", "", "", "", None, threads, False)
        seconds = time.perf_counter() - t0
        inside.add(int(sum(result["columns"]["count"])))
        return seconds

    def run_dataframe():
        t0 = time.perf_counter()
        df = coopatlas.pip(study, points, layer="study", threads=threads)
        seconds = time.perf_counter() - t0
        inside.add(int(df["count"].sum()))
        return seconds

    for _ in range(WARM_UP):  # not counted: driver registration, PROJ context, file cache, allocator
        run_cpp(), run_binding(), run_dataframe()
    for _ in range(rounds):
        times["cpp"].append(run_cpp())
        times["binding"].append(run_binding())
        times["dataframe"].append(run_dataframe())
    cpp.stdin.close()
    if cpp.wait() != 0:
        sys.exit("the C++ program failed")
    assert len(inside) == 1, f"the three ways counted differently: {inside}"
    cpp_median = statistics.median(times["cpp"])
    print(f"W1 point-in-polygon, {points.name} in {study.name} ({origin}); {threads} thread(s), "
          f"{rounds} rounds after {WARM_UP} not counted, medians; load average {os.getloadavg()[0]:.2f}")
    print(f"points inside a polygon: {inside.pop()}")
    print(f"{'C++ (the same library calls)':40s} {cpp_median:8.4f} s")
    for key, label in (("binding", "Python, coopatlas._coopatlas.pip"), ("dataframe", "Python, coopatlas.pip (DataFrame)")):
        m = statistics.median(times[key])
        print(f"{label:40s} {m:8.4f} s   {100 * (m / cpp_median - 1):+6.1f} % over C++")
    print("all times (s): " + "; ".join(f"{k}: " + " ".join(f"{t:.4f}" for t in v) for k, v in times.items()))


if __name__ == "__main__":
    main()
