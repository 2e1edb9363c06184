#!/usr/bin/env bash
# W4 of the peers' benchmark, side by side in one run: the same 2400 x 1600 map (113 study
# polygons as a 6-class choropleth, 500 curved flows, 200 proportional circles, 50
# labels, context countries) from the same data/render.gpkg and data/render.json, drawn
# by Mapnik 3.1 (python3-mapnik: AGG PNG, Cairo PNG, Cairo SVG), by GeoPandas/matplotlib
# (Agg PNG, SVG) and by coopatlas (`coopatlas render`, PNG and SVG). Commands alternate
# within each round so that the machine's load weighs on all of them alike; medians of
# REPS rounds are reported with the ratios the issue asks for, and the labels each tool
# placed (Mapnik's are counted in its SVG: one glyph baseline per label).
#
# usage: bench/compare_render.sh [REPS]        (default 5)
# env:   BUILD_DIR  build folder with apps/coopatlas (default <repo>/build-bench; configured
#                   and built here when it has no coopatlas yet)
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
if [ ! -x "$CLI" ]; then
  cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOOPATLAS_BUILD_TESTS=OFF > /dev/null
  cmake --build "$BUILD_DIR" --target coopatlas_cli > /dev/null
fi

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

# Processor time of Mapnik's AGG PNG, the same first render of a fresh process that
# peers/w4_mapnik.py times on the wall clock (the wall clock depends on the machine's load,
# processor time much less).
cat > "$WORK/peers/w4_mapnik_cpu.py" <<'PY'
import json, os, time
import mapnik
from common import DATA, RESULTS
cfg = json.load(open(f"{DATA}/render.json"))
m = mapnik.Map(*cfg["size"])
mapnik.load_map(m, os.path.join(os.path.dirname(__file__), "w4_mapnik.xml"), True, DATA + "/")
m.zoom_to_box(mapnik.Box2d(*cfg["extent"]))
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
cp "$WORK/results/w4_mapnik_agg.png" "$WORK/results/w4_mapnik.svg" "$WORK/out/" 2>/dev/null || true

"$PY" - "$TSV" "$WORK" "$REPS" "$LOAD_START" "$LOAD_END" <<'EOF'
import re, statistics, sys
from collections import defaultdict
tsv, work, reps, load0, load1 = sys.argv[1:6]
t = defaultdict(list)
for line in open(tsv):
    r, tool, case, stage, s = line.rstrip("\n").split("\t")
    t[(tool, case, stage)].append(float(s))
med = {k: statistics.median(v) for k, v in t.items()}
def m(tool, case, stage): return med.get((tool, case, stage), float("nan"))

# coopatlas stages of the combined command; "read" = spec + GeoPackage, "prepare" =
# classification, projection and label placement, then each output drawn, encoded, written.
c = lambda stage: m("coopatlas", "png+svg", stage)
png_render = c("prepare") + c("render_png")         # from data in memory to the PNG file
png_all = c("load") + png_render                     # from the GeoPackage to the PNG file
svg_render = c("prepare") + c("render_svg")
svg_all = c("load") + svg_render
mk_agg, mk_cairo, mk_svg = m("mapnik", "all", "render_png_agg"), m("mapnik", "all", "render_png_cairo"), m("mapnik", "all", "render_svg_cairo")
mk_proc, mpl_proc = m("mapnik", "all", "process"), m("matplotlib", "all", "process")
co_proc = m("coopatlas", "png+svg", "process")

# Labels: coopatlas's report; Mapnik's SVG has one <use> per glyph, a label's glyphs
# sharing one baseline.
rep = open(f"{work}/out/report.txt").read()
co_labels = int(re.search(r"labels: (\d+) placed", rep).group(1))
try:
    svg = open(f"{work}/results/w4_mapnik.svg").read()
    mk_labels = len(set(re.findall(r'<use xlink:href="#glyph[^"]*" x="[0-9.]+" y="([0-9.]+)"', svg)))
except OSError:
    mk_labels = -1

print(f"\nW4 render, medians of {reps} rounds (load average {load0} -> {load1})\n")
print("| stage | coopatlas, s | Mapnik, s | matplotlib, s | coopatlas / Mapnik | goal |")
print("|---|---|---|---|---|---|")
print(f"| read spec + GeoPackage | {c('load'):.3f} | (inside each render) | {m('matplotlib','all','load'):.3f} | | |")
print(f"| prepare (classes, projection, labels) | {c('prepare'):.3f} | | {m('matplotlib','all','draw'):.3f} (draw) | | |")
print(f"| PNG: draw + encode + write | {c('render_png'):.3f} | AGG {mk_agg:.3f}, Cairo {mk_cairo:.3f} | {m('matplotlib','all','render_png_agg'):.3f} | | |")
print(f"| PNG, prepare included | {png_render:.3f} | AGG {mk_agg:.3f} | | **{png_render / mk_agg:.2f}** | <= 0.75 |")
print(f"| PNG, reading the data too | {png_all:.3f} | AGG {mk_agg:.3f} | | {png_all / mk_agg:.2f} | |")
print(f"| SVG, prepare included | {svg_render:.3f} | {mk_svg:.3f} | {m('matplotlib','all','render_svg'):.3f} | **{svg_render / mk_svg:.2f}** | <= 1 |")
print(f"| SVG, reading the data too | {svg_all:.3f} | {mk_svg:.3f} | | {svg_all / mk_svg:.2f} | |")
print(f"| whole command (PNG + SVG) | {co_proc:.3f} | {mk_proc:.3f} (3 outputs) | {mpl_proc:.3f} (2 outputs) | **{co_proc / mk_proc:.2f}** | <= 0.5 |")
print(f"| whole command, PNG only / SVG only | {m('coopatlas','png','process'):.3f} / {m('coopatlas','svg','process'):.3f} | | | | |")
co_cpu = m("coopatlas", "png", "cpu_prepare") + m("coopatlas", "png", "cpu_render_png")
mk_cpu = m("mapnik", "cpu", "cpu_render_png_agg")
print(f"| PNG processor time (all threads), prepare included | {co_cpu:.3f} | AGG {mk_cpu:.3f} | | {co_cpu / mk_cpu:.2f} | |")
print(f"\nlabels placed: coopatlas {co_labels} of 50 (no overlap by construction, see --report), Mapnik {mk_labels} of 50, matplotlib 50 (overlapping)")
print(f"outputs: {work}/out/w4.png, w4.svg; Mapnik's: {work}/results/")
EOF
