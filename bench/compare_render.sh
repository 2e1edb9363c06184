#!/usr/bin/env bash
# W4 of the peers' benchmark, side by side in one run: the same 2400 x 1600 map (113 study
# polygons as a 6-class choropleth, 500 curved flows, 200 proportional circles, 50
# labels, context countries) from the same data/render.gpkg and data/render.json, drawn
# by Mapnik 3.1 (python3-mapnik: AGG PNG, Cairo PNG, Cairo SVG), by GeoPandas/matplotlib
# (Agg PNG, SVG) and by coopatlas (`coopatlas render`, PNG and SVG). Commands alternate
# within each round so that the machine's load weighs on all of them alike; medians of
# REPS rounds are reported with the ratios against the goals, and the labels each tool
# placed (Mapnik's are counted in its SVG: one glyph baseline per label).
# Mapnik reads the GeoPackage inside each render call, so its render times include its data
# read: the headline ratios therefore include coopatlas's read too (spec + GeoPackage); the
# ratios without coopatlas's read are printed beside them, labelled as such. Any missing
# timing, output or label count stops the script with an error naming it.
#
# usage: bench/compare_render.sh [REPS]        (default 5)
# env:   BUILD_DIR  build folder (default <repo>/build-bench): apps/coopatlas is brought up to
#                   date there (configured first, Release, when the folder is new)
#        PEERS      the peers' folder (default <repo>/../shared/peers; /work/peers-run is
#                   used when it already holds data/render.gpkg)
#        WORK       scratch folder (default $BUILD_DIR/render-compare): a copy of the peers'
#                   scripts writing their results there, the W4 spec, outputs and timings
# The peers' data comes from their setup.sh (Debian packages, as root): run it first, or
# let this script run it in a writable copy when data/render.gpkg is missing.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-${REPS:-5}}
BUILD_DIR=${BUILD_DIR:-$REPO/build-bench}
WORK=${WORK:-$BUILD_DIR/render-compare}
PY=/usr/bin/python3   # Debian's python3, with python3-mapnik and python3-geopandas
case $REPS in
  '' | *[!0-9]* | 0) echo "compare_render.sh: REPS must be a positive whole number, not '$REPS'" >&2; exit 2 ;;
esac

# logged LOG CMD...: runs CMD with its output in LOG; on failure prints LOG and stops.
logged() {
  local log=$1
  shift
  "$@" > "$log" 2>&1 || { cat "$log" >&2; echo "compare_render.sh: failed ($*), log: $log" >&2; exit 1; }
}

if [ -z "${PEERS:-}" ]; then
  PEERS=$REPO/../shared/peers
  [ -f "$PEERS/data/render.gpkg" ] || { [ -f /work/peers-run/data/render.gpkg ] && PEERS=/work/peers-run; }
fi
if [ ! -f "$PEERS/data/render.gpkg" ]; then
  # The shared folder may be read-only: build the data in a writable copy.
  COPY=${PEERS_COPY:-$BUILD_DIR/peers-run}
  mkdir -p "$COPY"
  for f in README.md setup.sh run_peers.sh peers prep results; do
    [ -e "$COPY/$f" ] || cp -r "$PEERS/$f" "$COPY/$f"
  done
  chmod -R u+w "$COPY"
  (cd "$COPY" && ./setup.sh)
  PEERS=$COPY
fi
DATA=$(cd "$PEERS/data" && pwd)

CLI=$BUILD_DIR/apps/coopatlas
mkdir -p "$BUILD_DIR"
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  logged "$BUILD_DIR/compare-render-configure.log" \
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOOPATLAS_BUILD_TESTS=OFF
fi
# always: a coopatlas older than the sources would be timed otherwise
logged "$BUILD_DIR/compare-render-build.log" cmake --build "$BUILD_DIR" --target coopatlas_cli

echo "== W4 render: peers from $PEERS, scratch $WORK, $REPS rounds"
rm -rf "$WORK"
mkdir -p "$WORK/peers" "$WORK/results" "$WORK/out"
cp "$PEERS"/peers/common.py "$PEERS"/peers/w4_mapnik.py "$PEERS"/peers/w4_mapnik.xml "$PEERS"/peers/w4_matplotlib.py "$WORK/peers/"
chmod -R u+w "$WORK/peers"
ln -s "$DATA" "$WORK/data"   # common.py finds data/ and results/ beside peers/

# The W4 map as a coopatlas spec: extent and size from render.json, the styles of
# peers/w4_mapnik.xml (6 quantile classes of the places count on YlOrRd, flows 0.8 px at
# 35 % opacity, circles up to 30 px in area proportion to population, 13 px labels with
# a 1.5 px halo for the 50 largest places).
EXTENT=$("$PY" -c "import json; print(json.load(open('$DATA/render.json'))['extent'])")
cat > "$WORK/w4.yaml" <<EOF
# W4 of the peers' benchmark, written by bench/compare_render.sh.
size: [2400, 1600]
margin: 0
legend: none
credits: none
frames:
  - id: w4
    projection: "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs"
    extent_crs: $EXTENT
    position: [0, 0, 2400, 1600]
    sea: "#dceaf5"
    border: none
    scale_bar: false
    north_arrow: false
    layers:
      - {id: context, kind: background, file: $DATA/render.gpkg, layer: context, land: "#efefef", outline: "#a0a0a0", outline_width: 0.8}
      - {id: choro, kind: polygons, file: $DATA/render.gpkg, layer: choro, value: count, method: quantiles, classes: 6, palette: YlOrRd, outline: "#444444", outline_width: 0.6}
      - {id: flows, kind: flows, file: $DATA/render.gpkg, layer: flows, value: 1, min_width: 0.8, max_width: 0.8, stroke: "#1f4e9c", opacity: 0.35, end_gap: 0}
      - {id: circles, kind: circles, file: $DATA/render.gpkg, layer: top200, id_field: name, value: population, max_radius: 30, min_radius: 3, fill: "#d7301f", opacity: 0.6, outline: "#ffffff", outline_width: 0.7}
      - {id: labels, kind: labels, file: $DATA/render.gpkg, layer: top200, where: "label = 1", id_field: name, label: name, value: population, size: 13, color: "#111111", halo: "#ffffff", halo_width: 1.5}
EOF

# Processor time of Mapnik's style loading and AGG PNG, the same stages of a fresh process
# that peers/w4_mapnik.py times on the wall clock (the wall clock depends on the machine's
# load, processor time much less).
cat > "$WORK/peers/w4_mapnik_cpu.py" <<'PY'
import json, os, time
import mapnik
from common import DATA, RESULTS
cfg = json.load(open(f"{DATA}/render.json"))
t = time.process_time()
m = mapnik.Map(*cfg["size"])
mapnik.load_map(m, os.path.join(os.path.dirname(__file__), "w4_mapnik.xml"), True, DATA + "/")
m.zoom_to_box(mapnik.Box2d(*cfg["extent"]))
print(f"TIME\tw4\tmapnik\t-\tcpu_load\t{time.process_time() - t:.4f}", flush=True)
t = time.process_time()
mapnik.render_to_file(m, f"{RESULTS}/w4_mapnik_cpu.png", "png")
print(f"TIME\tw4\tmapnik\t-\tcpu_render_png_agg\t{time.process_time() - t:.4f}", flush=True)
PY

TSV=$WORK/out/times.tsv
: > "$TSV"
# run ROUND TOOL CASE CMD...: whole-command wall time ("process") plus the stage lines
# the command prints (coopatlas: TIME<TAB>stage<TAB>s; peers: TIME<TAB>w4<TAB>peer<TAB>-<TAB>stage<TAB>s).
run() {
  local r=$1 tool=$2 case=$3 t0 t1
  shift 3
  t0=$(date +%s.%N)
  "$@" > "$WORK/out/last.log" 2>&1 || { cat "$WORK/out/last.log"; exit 1; }
  t1=$(date +%s.%N)
  awk -F'\t' -v r="$r" -v t="$tool" -v c="$case" '
    $1 == "TIME" && NF == 3 { print r "\t" t "\t" c "\t" $2 "\t" $3 }
    $1 == "CPU" && NF == 3 { print r "\t" t "\t" c "\tcpu_" $2 "\t" $3 }
    $1 == "TIME" && NF == 6 { print r "\t" t "\t" c "\t" $5 "\t" $6 }' "$WORK/out/last.log" >> "$TSV"
  printf '%s\t%s\t%s\tprocess\t%s\n' "$r" "$tool" "$case" "$(awk "BEGIN{print $t1 - $t0}")" >> "$TSV"
  printf '  round %s/%s  %-10s %-9s %7.3f s\n' "$r" "$REPS" "$tool" "$case" "$(awk "BEGIN{print $t1 - $t0}")"
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$REPS"); do
  run "$r" mapnik all "$PY" "$WORK/peers/w4_mapnik.py"
  run "$r" coopatlas png+svg "$CLI" render "$WORK/w4.yaml" -o "$WORK/out/w4.png" -o "$WORK/out/w4.svg" --timings --quiet
  run "$r" matplotlib all "$PY" "$WORK/peers/w4_matplotlib.py"
  run "$r" coopatlas png "$CLI" render "$WORK/w4.yaml" -o "$WORK/out/w4_only.png" --timings --quiet
  run "$r" coopatlas svg "$CLI" render "$WORK/w4.yaml" -o "$WORK/out/w4_only.svg" --timings --quiet
  run "$r" mapnik cpu "$PY" "$WORK/peers/w4_mapnik_cpu.py"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

"$CLI" render "$WORK/w4.yaml" -o "$WORK/out/w4.svg" --report --quiet > "$WORK/out/report.txt"
for f in w4_mapnik_agg.png w4_mapnik.svg; do
  [ -s "$WORK/results/$f" ] || { echo "compare_render.sh: Mapnik's output $WORK/results/$f is missing or empty" >&2; exit 1; }
  cp "$WORK/results/$f" "$WORK/out/"
done

"$PY" - "$TSV" "$WORK" "$REPS" "$LOAD_START" "$LOAD_END" <<'EOF'
import re, statistics, sys
from collections import defaultdict
tsv, work, reps, load0, load1 = sys.argv[1:6]
t = defaultdict(list)
for line in open(tsv):
    r, tool, case, stage, s = line.rstrip("\n").split("\t")
    t[(tool, case, stage)].append(float(s))
med = {k: statistics.median(v) for k, v in t.items()}
def m(tool, case, stage):
    if (tool, case, stage) not in med:
        sys.exit(f"compare_render: no timing for {tool} ({case}), stage {stage} in {tsv}")
    return med[(tool, case, stage)]

# coopatlas stages of the combined command; "load" = spec + GeoPackage, "prepare" =
# classification, projection and label placement, then each output drawn, encoded, written.
# Mapnik: "load" = style XML and datasource set-up; it reads the GeoPackage inside every
# render call, so each of its render times includes a data read that cannot be separated.
c = lambda stage: m("coopatlas", "png+svg", stage)
png_render = c("prepare") + c("render_png")         # from data in memory to the PNG file
png_all = c("load") + png_render                     # from spec + GeoPackage to the PNG file
svg_render = c("prepare") + c("render_svg")
svg_all = c("load") + svg_render
mk = lambda stage: m("mapnik", "all", stage)
mk_agg, mk_cairo, mk_svg = mk("render_png_agg"), mk("render_png_cairo"), mk("render_svg_cairo")
mk_agg_all, mk_svg_all = mk("load") + mk_agg, mk("load") + mk_svg   # style + data read included
mpl = lambda stage: m("matplotlib", "all", stage)
mpl_png_all = mpl("load") + mpl("draw") + mpl("render_png_agg")
mpl_svg_all = mpl("load") + mpl("draw") + mpl("render_svg")
mk_proc, mpl_proc = mk("process"), mpl("process")
co_proc = m("coopatlas", "png+svg", "process")

# Labels: coopatlas's report; Mapnik's SVG has one <use> per glyph, a label's glyphs
# sharing one baseline.
report = f"{work}/out/report.txt"
found = re.search(r"labels: (\d+) placed", open(report).read())
if not found:
    sys.exit(f"compare_render: no 'labels: N placed' line in {report}")
co_labels = int(found.group(1))
mk_svg_path = f"{work}/results/w4_mapnik.svg"
svg = open(mk_svg_path).read()   # the shell script has checked that it is there
mk_labels = len(set(re.findall(r'<use xlink:href="#glyph[^"]*" x="[0-9.]+" y="([0-9.]+)"', svg)))
if mk_labels == 0:
    sys.exit(f"compare_render: no glyph baselines found in {mk_svg_path}: cannot count Mapnik's labels")

print(f"\nW4 render, medians of {reps} rounds (load average {load0} -> {load1})")
print("Mapnik reads the GeoPackage inside each render call: every Mapnik figure below includes its")
print("data read. The headline ratios (bold) therefore include coopatlas's read too; the ratios")
print("marked 'excl. coopatlas's read' leave it out on coopatlas's side only, in coopatlas's favour.\n")
print("| stage | coopatlas, s | Mapnik, s | matplotlib, s | coopatlas / Mapnik | goal |")
print("|---|---|---|---|---|---|")
print(f"| read spec + GeoPackage | {c('load'):.3f} | style XML {mk('load'):.3f}; data read inside each render | {mpl('load'):.3f} | | |")
print(f"| prepare (classes, projection, labels) | {c('prepare'):.3f} | | {mpl('draw'):.3f} (draw) | | |")
print(f"| PNG: draw + encode + write | {c('render_png'):.3f} | AGG {mk_agg:.3f}, Cairo {mk_cairo:.3f} (data read included) | {mpl('render_png_agg'):.3f} | | |")
print(f"| PNG incl. read: spec/style + data + prepare + PNG | {png_all:.3f} | AGG {mk_agg_all:.3f} (style {mk('load'):.3f} + render {mk_agg:.3f}) | {mpl_png_all:.3f} | **{png_all / mk_agg_all:.2f}** | <= 0.75 |")
print(f"| PNG excl. coopatlas's read: prepare + PNG (Mapnik: render, its read included) | {png_render:.3f} | AGG {mk_agg:.3f} | | {png_render / mk_agg:.2f} (excl. coopatlas's read) | |")
print(f"| SVG incl. read: spec/style + data + prepare + SVG | {svg_all:.3f} | {mk_svg_all:.3f} (style {mk('load'):.3f} + render {mk_svg:.3f}) | {mpl_svg_all:.3f} | **{svg_all / mk_svg_all:.2f}** | <= 1 |")
print(f"| SVG excl. coopatlas's read: prepare + SVG (Mapnik: render, its read included) | {svg_render:.3f} | {mk_svg:.3f} | | {svg_render / mk_svg:.2f} (excl. coopatlas's read) | |")
print("| render only, both reads excluded | | not measurable: Mapnik reads inside its render call | | n/a | |")
print(f"| whole command (PNG + SVG), process start and reads included | {co_proc:.3f} | {mk_proc:.3f} (3 outputs) | {mpl_proc:.3f} (2 outputs) | **{co_proc / mk_proc:.2f}** | <= 0.5 |")
print(f"| whole command, PNG only / SVG only | {m('coopatlas','png','process'):.3f} / {m('coopatlas','svg','process'):.3f} | | | | |")
co_cpu = m("coopatlas", "png", "cpu_prepare") + m("coopatlas", "png", "cpu_render_png")
co_cpu_all = m("coopatlas", "png", "cpu_load") + co_cpu
mk_cpu = m("mapnik", "cpu", "cpu_render_png_agg")
mk_cpu_all = m("mapnik", "cpu", "cpu_load") + mk_cpu
print(f"| PNG processor time (all threads), incl. read | {co_cpu_all:.3f} | AGG {mk_cpu_all:.3f} | | {co_cpu_all / mk_cpu_all:.2f} | |")
print(f"| PNG processor time, excl. coopatlas's read (Mapnik's read included) | {co_cpu:.3f} | AGG {mk_cpu:.3f} | | {co_cpu / mk_cpu:.2f} (excl. coopatlas's read) | |")
print(f"\nlabels placed: coopatlas {co_labels} of 50 (no overlap by construction, see --report), Mapnik {mk_labels} of 50, matplotlib 50 (overlapping)")
print(f"outputs: {work}/out/w4.png, w4.svg; Mapnik's: {work}/results/")
EOF
