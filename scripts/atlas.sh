#!/usr/bin/env bash
# The main job: builds coopatlas and runs it on the embedded data.
# Usage: scripts/atlas.sh [OUT_DIR]   (default out/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
build="${BUILD_DIR:-$root/build}"
out="${1:-$root/out}"
mkdir -p "$out"
"$build/apps/coopatlas" info --data "$root/shapefiles"
