#!/usr/bin/env bash
# Builds coopatlas with its tests and runs every test through CTest. Fails when no test
# is found, when a test module is missing, and prints how many tests ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
build="${BUILD_DIR:-$root/build}"
"$root/scripts/check_test_inventory.sh" "$build"
ctest --test-dir "$build" --no-tests=error --output-on-failure --parallel "$(nproc)" "$@"
