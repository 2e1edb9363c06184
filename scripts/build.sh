#!/usr/bin/env bash
# Configures and builds coopatlas into BUILD_DIR (default: build/).
# Environment: BUILD_DIR, BUILD_TYPE (Release), COOPATLAS_WERROR (OFF),
# COOPATLAS_SANITIZE (e.g. address,undefined), COOPATLAS_BUILD_BENCH (OFF),
# COOPATLAS_BUILD_PYTHON (ON, and OFF when COOPATLAS_SANITIZE is set: the Python module
# and the QGIS plugin are built and tested without sanitizers only).
# The options are passed on every run, so a changed option always reaches an existing
# build folder (CMake reconfigures only what they change).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap.sh"
build="${BUILD_DIR:-$root/build}"
generator=()
if [[ ! -f "$build/CMakeCache.txt" ]] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" \
  -DCOOPATLAS_WARNINGS_AS_ERRORS="${COOPATLAS_WERROR:-OFF}" \
  -DCOOPATLAS_SANITIZE="${COOPATLAS_SANITIZE:-}" \
  -DCOOPATLAS_BUILD_BENCH="${COOPATLAS_BUILD_BENCH:-OFF}" \
  -DCOOPATLAS_BUILD_PYTHON="${COOPATLAS_BUILD_PYTHON:-$([[ -n "${COOPATLAS_SANITIZE:-}" ]] && echo OFF || echo ON)}" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
