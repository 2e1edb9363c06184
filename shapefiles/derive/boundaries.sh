#!/usr/bin/env bash
# Rebuild the boundary layers of shapefiles/atlas.gpkg from their sources (see shapefiles/README.md,
# section "Boundaries (atlas.gpkg)").
#
#   bash shapefiles/derive/boundaries.sh
#
# Installs what is missing (Debian: qgis-common gdal-bin python3-gdal iso-codes, and npm when there
# is no npm command; npm: morocco-map@1.3.0 and @etalab/decoupage-administratif@6.0.0 into a
# temporary folder), builds the GeoPackage into a temporary file, checks it, and only then renames it
# to shapefiles/atlas.gpkg.
# Running it again gives a byte-identical file.
#
# Environment:
#   BOUNDARIES_NODE_MODULES  use this node_modules folder (holding both npm packages) instead of
#                            installing them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="$(dirname "$here")"
out="$out_dir/atlas.gpkg"
ne_gpkg=/usr/share/qgis/resources/data/world_map.gpkg
py=/usr/bin/python3   # Debian's interpreter, which has the osgeo (python3-gdal) bindings

# 1. Debian packages, installed only when missing.
. "$here/debian_packages.sh"
ensure_debian_packages --npm-unless-set BOUNDARIES_NODE_MODULES qgis-common gdal-bin python3-gdal iso-codes
[[ -f $ne_gpkg ]] || { echo "error: $ne_gpkg not found (package qgis-common)" >&2; exit 1; }

# 2. npm packages, into a temporary folder.
work="$(mktemp -d)"
tmp_out="$out_dir/.atlas.tmp.$$.gpkg"
trap 'rm -rf "$work"; rm -f "$tmp_out"' EXIT
if [[ -n ${BOUNDARIES_NODE_MODULES:-} ]]; then
    node_modules="$BOUNDARIES_NODE_MODULES"
else
    npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --loglevel=error \
        morocco-map@1.3.0 @etalab/decoupage-administratif@6.0.0 >&2
    node_modules="$work/node_modules"
fi

# 3. Build into a temporary file. OGR_CURRENT_DATE fixes the GeoPackage's last_change timestamps so
#    that the output does not depend on when it was built.
export OGR_CURRENT_DATE=2000-01-01T00:00:00.000Z
"$py" "$here/boundaries.py" \
    --ne "$ne_gpkg" \
    --morocco-map "$node_modules/morocco-map" \
    --etalab "$node_modules/@etalab/decoupage-administratif" \
    --iso-codes /usr/share/iso-codes/json \
    --locale /usr/share/locale \
    --out "$tmp_out"

# 4. Check, then move into place.
"$py" "$here/boundaries_check.py" "$tmp_out"
echo >&2
for layer in $(ogrinfo -ro -q "$tmp_out" | sed -n 's/^[0-9]*: \([a-z0-9_]*\) .*/\1/p'); do
    printf '%-18s %s\n' "$layer" "$(ogrinfo -ro -so "$tmp_out" "$layer" | sed -n 's/^Feature Count: //p')" >&2
done
mv -f "$tmp_out" "$out"
trap 'rm -rf "$work"' EXIT
echo "wrote $out ($(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16))" >&2
