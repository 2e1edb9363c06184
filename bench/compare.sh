#!/usr/bin/env bash
# Runs the peer tools (GeoPandas, PostGIS, a plain Boost.Geometry program, numpy) and
# coopatlas on the same input files in the same run, checks that their outputs agree and
# prints a table of median times and ratios (see bench/README.md).
#
# usage: bench/compare.sh [REPS]         REPS runs of every command, medians (default 3)
# env:   BUILD_DIR   build folder (default <repo>/build-bench), configured here with
#                    -DCOOPATLAS_BUILD_BENCH=ON (Release when the folder is new)
#        PEERS       the peers' folder (default <repo>/../shared/peers)
#        WORK        writable copy of it where everything runs (default $BUILD_DIR/peers-run);
#                    its data/ is copied from PEERS, or built by the peers' setup.sh
#        SKIP_PEERS=1  keep the peers' timings and outputs already in $WORK (coopatlas only);
#                    the report then marks every peer figure as coming from that earlier
#                    run, with its date and load average ($WORK/out/peers_run.txt)
#        GBENCH=1    also run the Google Benchmark programs (stage-level figures)
# Needs the peers' Debian packages (their setup.sh installs them, as root) and root for
# the throw-away PostgreSQL cluster of their run_peers.sh.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-${REPS:-3}}
BUILD_DIR=${BUILD_DIR:-$REPO/build-bench}
PEERS=${PEERS:-$REPO/../shared/peers}
WORK=${WORK:-$BUILD_DIR/peers-run}
PY=/usr/bin/python3   # Debian's python3 with python3-gdal / pandas, as the peers use
LAEA="+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs"

case $REPS in
  '' | *[!0-9]* | 0) echo "compare.sh: REPS must be a positive whole number, not '$REPS'" >&2; exit 2 ;;
esac

# logged LOG CMD...: runs CMD with its output in LOG; on failure prints LOG and stops.
logged() {
  local log=$1
  shift
  "$@" > "$log" 2>&1 || { cat "$log" >&2; echo "compare.sh: failed ($*), log: $log" >&2; exit 1; }
}

echo "== build ($BUILD_DIR)"
mkdir -p "$BUILD_DIR"
if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
  logged "$BUILD_DIR/compare-configure.log" \
    cmake -S "$REPO" -B "$BUILD_DIR" -DCOOPATLAS_BUILD_BENCH=ON -DCOOPATLAS_PEERS_DIR="$WORK"
else
  logged "$BUILD_DIR/compare-configure.log" \
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOOPATLAS_BUILD_BENCH=ON \
          -DCOOPATLAS_BUILD_TESTS=OFF -DCOOPATLAS_PEERS_DIR="$WORK"
fi
logged "$BUILD_DIR/compare-build.log" \
  cmake --build "$BUILD_DIR" --target coopatlas_cli pip_bench kde_bench dissolve_bench -- -j"$(nproc)"
CLI=$BUILD_DIR/apps/coopatlas

echo "== peers' working copy ($WORK)"
mkdir -p "$WORK"
for f in README.md setup.sh run_peers.sh peers prep; do
  rm -rf "${WORK:?}/$f"
  cp -r "$PEERS/$f" "$WORK/$f"
done
chmod -R u+w "$WORK"
if [ ! -d "$WORK/results" ]; then
  cp -r "$PEERS/results" "$WORK/results"
  chmod -R u+w "$WORK/results"
fi
if [ ! -f "$WORK/data/study.gpkg" ] || [ ! -f "$WORK/data/points_1e6.csv" ]; then
  if [ -f "$PEERS/data/points_1e6.csv" ]; then
    mkdir -p "$WORK/data"
    cp "$PEERS"/data/* "$WORK/data/"
  else
    (cd "$WORK" && ./setup.sh)
  fi
fi
if [ ! -f "$WORK/out/study_wkt.csv" ]; then
  mkdir -p "$WORK/out"
  ogr2ogr -f CSV "$WORK/out/study_wkt.csv" "$WORK/data/study.gpkg" study -lco GEOMETRY=AS_WKT
fi

# The peers' timings (out/times.tsv of run_peers.sh) and out/peers_run.txt, which says when
# and under which load they were taken; with SKIP_PEERS the report labels them as earlier.
PEER_META=$WORK/out/peers_run.txt
if [ -z "${SKIP_PEERS:-}" ]; then
  echo "== peers: W1, W2, W3 x $REPS (GeoPandas W1 at 10^6 points takes about a minute per run)"
  rm -f "$PEER_META"
  peers_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  peers_load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  (cd "$WORK" && REPS=$REPS ./run_peers.sh w1 w2 w3) > "$WORK/out/run_peers.log" 2>&1 || {
    tail -n 40 "$WORK/out/run_peers.log" >&2
    echo "compare.sh: the peers' run_peers.sh failed (full log: $WORK/out/run_peers.log)" >&2
    exit 1
  }
  grep -E '^w[123] ' "$WORK/out/run_peers.log"
  {
    printf 'started\t%s\n' "$peers_start"
    printf 'finished\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'load_start\t%s\n' "$peers_load_start"
    printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'reps\t%s\n' "$REPS"
    printf 'times_sha256\t%s\n' "$(sha256sum "$WORK/out/times.tsv" | cut -d' ' -f1)"
  } > "$PEER_META"
  PEER_RUN=same
else
  [ -s "$WORK/out/times.tsv" ] || {
    echo "compare.sh: SKIP_PEERS is set but there are no earlier peer timings in $WORK/out/times.tsv" >&2
    exit 1
  }
  echo "== peers: SKIPPED, their timings and outputs from an earlier run are reused ($WORK/out/times.tsv)"
  PEER_RUN=earlier
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

OUT=$WORK/out/coopatlas
TSV=$WORK/out/coopatlas_times.tsv
mkdir -p "$OUT"
: > "$TSV"

# run WORKLOAD PEER CASE CMD...: REPS times; whole-command wall time ("process") plus
# the stage lines the command prints (TIME<TAB>stage<TAB>s, or the peers' 6-field form).
run() {
  local w=$1 p=$2 c=$3 r t0 t1
  shift 3
  for r in $(seq "$REPS"); do
    t0=$(date +%s.%N)
    "$@" > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log"; exit 1; }
    t1=$(date +%s.%N)
    awk -F'\t' -v r="$r" -v w="$w" -v p="$p" -v c="$c" '
      $1 == "TIME" && NF == 3 { print r "\t" w "\t" p "\t" c "\t" $2 "\t" $3 }
      $1 == "TIME" && NF == 6 { print r "\t" w "\t" p "\t" c "\t" $5 "\t" $6 }' "$OUT/last.log" >> "$TSV"
    printf '%s\t%s\t%s\t%s\tprocess\t%s\n' "$r" "$w" "$p" "$c" "$(awk "BEGIN{print $t1 - $t0}")" >> "$TSV"
    printf '%-3s %-18s %-20s run %s/%s %8.3f s\n' "$w" "$p" "$c" "$r" "$REPS" "$(awk "BEGIN{print $t1 - $t0}")"
  done
}

echo "== coopatlas x $REPS"
for c in places points_1e5 points_1e6; do
  for t in 2 1; do
    run w1 "coopatlas-${t}t" "$c" "$CLI" pip --polygons "$WORK/data/study.gpkg" --layer study --fields adm0_a3,name \
        --points "$WORK/data/$c.csv" --threads "$t" --timings --output "$OUT/w1_${c}_${t}t.csv"
  done
done
for t in 1 2; do
  run w2 "coopatlas-${t}t" all env COOPATLAS_PEERS="$WORK" "$BUILD_DIR/bench/dissolve_bench" \
      --w2-out="$OUT/areas_${t}t.csv" --threads="$t"
done
for t in 2 1; do
  run w3 "coopatlas-${t}t" places "$CLI" density --kde --points "$WORK/data/places.csv" --bandwidth 25 \
      --crs "$LAEA" --extent-from "$WORK/data/study.gpkg" --extent-layer study --size 1000x1000 --threads "$t" \
      --timings --output "$OUT/kde_places_${t}t.tif"
done

if [ -n "${GBENCH:-}" ]; then
  for b in pip_bench kde_bench dissolve_bench; do
    echo "== $b"
    COOPATLAS_PEERS="$WORK" "$BUILD_DIR/bench/$b" --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true
  done
fi

echo
LOAD_START="$LOAD_START" PEER_RUN="$PEER_RUN" "$PY" "$REPO/bench/compare_report.py" "$WORK" "$PEERS" "$REPS"
