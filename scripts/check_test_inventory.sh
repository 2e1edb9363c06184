#!/usr/bin/env bash
# Checks that a build folder registers every expected group of tests, so that a module,
# a test file or the CLI tests cannot disappear while the suite stays green.
# usage: scripts/check_test_inventory.sh BUILD_DIR
set -euo pipefail
build="$1"
# test name prefix -> smallest number of tests it must hold
expected=(
  "text.:5" "geometry.:5" "io.:10" "model.:5" "data.embedded_atlas:1" "analysis.:50" "render.:50" "maps.default_maps:1"
  "cli.exit_status:1" "cli.exit_contract:1" "cli.temporaries:1" "cli.coverage:1" "cli.flows:1" "cli.classify_clusters:1"
  "cli.density_pip:1" "cli.vocabulary:1" "cli.tables:1" "cli.manifest:1" "cli.resolve:1" "hostile.corpus:1"
  "cli.outputs:1" "cli.postgis:1" "cli.styles:1" "cli.country_pairs:1" "cli.book:1" "cli.safety:1"
  "cli.invalid_geometry:1" "cli.fonts:1" "cli.web_atlas:1" "cli.languages:1" "cli.world:1" "cli.world_maps:1" "cli.hierarchy:1"
  "cli.small_multiples:1" "cli.region_labels:1" "cli.book_tables:1" "cli.gdal_module:1"
  "install.consumer:1"
)
# The Python module and the QGIS plugin are built and tested without sanitizers only
# (an uninstrumented python3 cannot load an instrumented module): their tests are expected
# when the build folder was configured without COOPATLAS_SANITIZE.
if ! grep -Eq '^COOPATLAS_SANITIZE:[A-Z]*=.+' "$build/CMakeCache.txt"; then
  expected+=(
    "python.coverage_flows:1" "python.density_kde_pip:1" "python.classify_clusters:1" "python.errors:1"
    "python.geopackage:1" "python.threads:1" "python.render:1" "python.package:1" "python.install:1" "python.qgis:1"
  )
fi
names=$(ctest --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: //p')
total=$(printf '%s\n' "$names" | awk 'NF { n++ } END { print n + 0 }')
missing=0
for entry in "${expected[@]}"; do
  prefix="${entry%:*}" least="${entry##*:}"
  n=$(printf '%s\n' "$names" | awk -v p="$prefix" 'index($0, p) == 1 { n++ } END { print n + 0 }')
  if ((n < least)); then
    echo "test inventory: '$prefix' has $n test(s), expected at least $least" >&2
    missing=1
  fi
done
if ((missing)); then exit 1; fi
echo "test inventory: $total tests registered, every expected group present"
