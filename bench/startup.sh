#!/usr/bin/env bash
# Whole-command costs on the embedded atlas, as ratios to `coopatlas --version` (the cost of
# starting the program and its libraries) measured in the same rounds:
#   load   `coopatlas info`: read and link the embedded atlas, print its summary (read back
#          from the atlas cache after the first round), and the same with the cache off
#   map    `coopatlas render` of each default map to one PNG
#   book   `coopatlas atlas shapefiles/book.yaml` with its PDF, one PNG per page and the web
#          atlas, against the default maps rendered as separate commands to PNG, SVG and PDF
#          (what scripts/atlas.sh ran before the book existed)
# Commands alternate within each round so that the machine's load weighs on all alike;
# medians of REPS rounds are printed with the load average before and after.
#
# usage: bench/startup.sh [REPS]      (default 5)
# env:   BUILD_DIR  build folder holding apps/coopatlas (default <repo>/build)
#        WORK       scratch folder (default $BUILD_DIR/startup-run)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-${REPS:-5}}
BUILD_DIR=${BUILD_DIR:-$REPO/build}
WORK=${WORK:-$BUILD_DIR/startup-run}
CLI=$BUILD_DIR/apps/coopatlas
DATA=$REPO/shapefiles

case $REPS in
  '' | *[!0-9]* | 0) echo "startup.sh: REPS must be a positive whole number, not '$REPS'" >&2; exit 2 ;;
esac
[ -x "$CLI" ] || { echo "startup.sh: no coopatlas at $CLI (build it: scripts/build.sh)" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK/out"
TIMES=$WORK/times.tsv
: > "$TIMES"

# timed NAME CMD...: wall seconds of CMD appended to times.tsv; a failing command stops the run.
timed() {
  local name=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; echo "startup.sh: failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo -e "$name\t$(echo "$t1 - $t0" | bc)" >> "$TIMES"
}

maps=("$DATA"/maps/*.yaml)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$WORK/run.txt"
for r in $(seq 1 "$REPS"); do
  timed version "$CLI" --version
  timed load "$CLI" info --data "$DATA"
  timed load_uncached env COOPATLAS_CACHE=off "$CLI" info --data "$DATA"
  for spec in "${maps[@]}"; do
    name=$(basename "$spec" .yaml)
    timed "map $name" "$CLI" render "$spec" --data "$DATA" -o "$WORK/out/$name.png"
  done
  for spec in "${maps[@]}"; do
    name=$(basename "$spec" .yaml)
    timed "maps as separate commands: $name" "$CLI" render "$spec" --data "$DATA" \
      -o "$WORK/out/$name.png" -o "$WORK/out/$name.svg" -o "$WORK/out/$name.pdf"
  done
  timed book "$CLI" atlas "$DATA/book.yaml" --data "$DATA" -o "$WORK/out/book.pdf" --png "$WORK/out/book" \
    --html "$WORK/out/web" --quiet
  echo "   round $r of $REPS done"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/run.txt"

/usr/bin/python3 - "$TIMES" "$WORK/run.txt" "${#maps[@]}" <<'PYEOF'
import statistics, sys
from collections import defaultdict
times = defaultdict(list)
for line in open(sys.argv[1]):
    name, seconds = line.rstrip("\n").split("\t")
    times[name].append(float(seconds))
med = {k: statistics.median(v) for k, v in times.items()}
rounds = len(times["version"])
version = med["version"]
print(open(sys.argv[2]).read().strip())
print(f"medians of {rounds} interleaved rounds (wall seconds; ratio to --version)")
print(f"  {'coopatlas --version':48s} {version:7.3f}  1.0x")
print(f"  {'load (info on the embedded atlas)':48s} {med['load']:7.3f}  {med['load'] / version:5.1f}x")
print(f"  {'load, atlas cache off (COOPATLAS_CACHE=off)':48s} {med['load_uncached']:7.3f}  {med['load_uncached'] / version:5.1f}x")
maps = sorted(k for k in med if k.startswith("map "))
for k in maps:
    print(f"  {'render ' + k[4:] + ' (PNG)':48s} {med[k]:7.3f}  {med[k] / version:5.1f}x")
# the sum of the separate commands in each round, then its median
per_round = [sum(times[k][i] for k in times if k.startswith("maps as separate")) for i in range(rounds)]
separate = statistics.median(per_round)
print(f"  {sys.argv[3] + ' maps as separate commands (PNG+SVG+PDF)':48s} {separate:7.3f}  {separate / version:5.1f}x")
print(f"  {'book in one command (PDF, page PNGs, web)':48s} {med['book']:7.3f}  {med['book'] / version:5.1f}x"
      f"   book / separate maps: {med['book'] / separate:.2f}")
PYEOF
