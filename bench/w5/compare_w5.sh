#!/usr/bin/env bash
# W5: a national atlas of world partnerships, coopatlas against GeoPandas in the same run.
#
# A SYNTHETIC table (gen_partnerships.py: 12,725 projects, 4,818 French collectivities,
# 9,000 foreign partners in 146 countries) is resolved, counted per département and per
# country, ranked by country, and drawn as the two world maps of bench/w5/maps, by
#   - coopatlas: one process, `coopatlas atlas w5_book.yaml` (the two maps as PNG pages and
#     the three tables, one load of the atlas, its world layers and the table);
#   - GeoPandas: w5_geopandas.py, one Python process doing the same;
#   - PostGIS: w5_postgis.py, the part a database does (resolution by id joins, counts by
#     GROUP BY, no maps), on a throw-away cluster of its own; timed against `coopatlas atlas
#     w5_tables.yaml` (the same tables, no map);
#   - and, as an extra line, the separate commands (coverage ×2, flows, render ×2), each
#     loading the atlas again; their tables must be the bytes of the atlas's.
# Rounds alternate GeoPandas, coopatlas, PostGIS, the separate commands and `coopatlas
# --version`; every command runs under /usr/bin/time -v (peak memory). A first round, before
# the REPS timed ones, runs everything once on the freshly generated table: coopatlas then
# builds its atlas cache, Python and PostgreSQL read their modules and files from disk. Its
# times are reported on a line of their own, apart from the medians of the timed rounds (the
# steady state a planner re-running the pipeline sees); peak memory is over every run. The
# counts per département and per country must agree, or the report fails. Medians and
# ratios: report_w5.py.
#
# usage: bench/w5/compare_w5.sh [REPS]     (timed rounds after the first; default 3)
# env:   BUILD_DIR  build folder holding apps/coopatlas (default <repo>/build)
#        WORK       scratch folder (default $BUILD_DIR/w5-run)
#        SEED       generator seed (default 20261203)
#        PGPORT     port of the throw-away PostgreSQL cluster (default 55433; socket in its folder)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
REPS=${1:-${REPS:-3}}
BUILD_DIR=${BUILD_DIR:-$REPO/build}
WORK=${WORK:-$BUILD_DIR/w5-run}
SEED=${SEED:-20261203}
PGPORT=${PGPORT:-55433}
PGBIN=/usr/lib/postgresql/15/bin
PY=/usr/bin/python3
CLI=$BUILD_DIR/apps/coopatlas
HERE=$REPO/bench/w5

case $REPS in
  '' | *[!0-9]* | 0) echo "compare_w5.sh: REPS must be a positive whole number, not '$REPS'" >&2; exit 2 ;;
esac
[ -x "$CLI" ] || { echo "compare_w5.sh: no coopatlas at $CLI (build it: scripts/build.sh)" >&2; exit 1; }

[ -x "$PGBIN/initdb" ] || { echo "compare_w5.sh: no PostgreSQL 15 at $PGBIN (apt-get install postgresql-15-postgis-3)" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/data" "$WORK/cpp" "$WORK/cpp-tables" "$WORK/cpp-separate" "$WORK/gpd" "$WORK/pg" "$WORK/log"

# A throw-away PostgreSQL + PostGIS cluster, owned by postgres (we run as root), reached by
# its own socket folder and port only; stopped and removed at exit. No autovacuum: the
# script analyses its tables itself, and a server working in the background after each
# load would take a core from whichever command runs next.
PGDATA=$(mktemp -d /tmp/coopatlas-w5-pg.XXXXXX)
chown postgres "$PGDATA"
chmod 700 "$PGDATA"
as_pg() { runuser -u postgres -- "$@"; }
stop_pg() {
  as_pg "$PGBIN/pg_ctl" status -D "$PGDATA/data" >/dev/null 2>&1 && as_pg "$PGBIN/pg_ctl" stop -D "$PGDATA/data" -m fast >/dev/null
  rm -rf "$PGDATA"
}
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDATA/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" start -w -D "$PGDATA/data" -l "$PGDATA/server.log" \
  -o "-p $PGPORT -k $PGDATA -c listen_addresses='' -c autovacuum=off" >/dev/null
psql -X -q -h "$PGDATA" -p "$PGPORT" -U postgres -c "CREATE DATABASE w5"
psql -X -q -h "$PGDATA" -p "$PGPORT" -U postgres -d w5 -c "CREATE EXTENSION postgis"
DSN="host=$PGDATA port=$PGPORT user=postgres dbname=w5"
"$PY" "$HERE/gen_partnerships.py" "$WORK/data/partnerships.csv" --seed "$SEED"
cat > "$WORK/data/atlas.yaml" <<YAML
# The embedded atlas with a SYNTHETIC table of world partnerships (bench/w5; benchmark data, not real)
title: W5 synthetic world partnerships (benchmark data)
base: embedded
partnerships: partnerships.csv
partnership_credits: ["Partnerships: SYNTHETIC benchmark table (bench/w5/gen_partnerships.py, seed $SEED), not real"]
YAML
TIMES=$WORK/times.tsv
: > "$TIMES"

# timed NAME STEP CMD...: runs CMD under /usr/bin/time -v; appends name, step, wall s, CPU s,
# max RSS kB. The wall time is read from the clock around the command (nanoseconds): time -v
# prints it in hundredths, too coarse for `coopatlas --version`.
timed() {
  local name=$1 step=$2
  shift 2
  local log="$WORK/log/$name-$step.log" t0 t1
  sync  # the files the last command wrote go to disk now, not while this one runs
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$log.time" "$@" > "$log" 2>&1 || { cat "$log" "$log.time" >&2; echo "compare_w5.sh: failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  "$PY" - "$log.time" "$name" "$step" "$t0" "$t1" >> "$TIMES" <<'PYEOF'
import re, sys
t = open(sys.argv[1]).read()
wall = float(sys.argv[5]) - float(sys.argv[4])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{wall:.3f}\t{cpu:.3f}\t{rss}")
PYEOF
}

D="$WORK/data"
O="$WORK/cpp"
echo "== a first round and $REPS timed rounds (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
date -u +"start %Y-%m-%dT%H:%M:%SZ" > "$WORK/run.txt"
S="$WORK/cpp-separate"
for r in first $(seq 1 "$REPS"); do
  timed geopandas "$r" "$PY" "$HERE/w5_geopandas.py" "$D/partnerships.csv" "$WORK/gpd"
  timed coopatlas "$r" "$CLI" atlas "$HERE/w5_book.yaml" --data "$D" --png "$O/pages" --tables "$O"
  timed postgis "$r" "$PY" "$HERE/w5_postgis.py" "$D/partnerships.csv" "$WORK/pg" "$DSN"
  timed coopatlas-tables "$r" "$CLI" atlas "$HERE/w5_tables.yaml" --data "$D" --tables "$WORK/cpp-tables"
  timed "separate-$r" coverage_departements "$CLI" coverage --data "$D" --level departement --zone FR --output "$S/departements.csv" --overwrite
  timed "separate-$r" coverage_countries "$CLI" coverage --data "$D" --level country --output "$S/countries.csv" --overwrite
  timed "separate-$r" flows "$CLI" flows --data "$D" --from-level country --from-zone FR --to-level country --output "$S/flows.csv" --overwrite
  timed "separate-$r" render_partners "$CLI" render "$HERE/maps/partners_by_country.yaml" --data "$D" -o "$S/partners_by_country.png"
  timed "separate-$r" render_flows "$CLI" render "$HERE/maps/flows_from_france.yaml" --data "$D" -o "$S/flows_from_france.png"
  timed version "$r" "$CLI" --version
  echo "   round $r done"
done
date -u +"end %Y-%m-%dT%H:%M:%SZ" >> "$WORK/run.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/run.txt"
"$PY" "$HERE/report_w5.py" "$WORK"
