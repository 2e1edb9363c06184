#!/usr/bin/env bash
# Installs the Debian packages coopatlas needs to build and test.
# Idempotent: does nothing (and needs no root) when every package is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data
  libboost-dev libyaml-cpp-dev libutf8proc-dev libdeflate-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core fonts-noto-core
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  # the command-line tests: pytest, and GDAL, pyproj and libpysal for independent figures
  python3-pytest python3-gdal python3-pyproj python3-libpysal python3-numpy
  # the Python module (pybind11) and its tests: pandas/GeoPandas results, dict map specs as YAML
  pybind11-dev python3-pybind11 python3-dev python3-pandas python3-geopandas python3-yaml
  # the W5 benchmark's GeoPandas peer draws its maps with matplotlib; /usr/bin/time -v for peak memory
  python3-matplotlib time
  # the PostGIS tests start a throw-away PostgreSQL server of their own
  postgresql-15 postgresql-15-postgis-3
  # the QGIS Processing provider and the style tests, headless with Debian's QGIS
  qgis python3-qgis
  # the book tests read the PDF back (page count, outline, text)
  poppler-utils
  # the web atlas test opens the site in a real headless browser (and compares images with PIL)
  chromium chromium-driver python3-selenium python3-pil
)
for option in "$@"; do
  case "$option" in
    # only needed to regenerate shapefiles/ from its sources
    --with-data-tools) packages+=(qgis-common nodejs npm) ;;
    # the libFuzzer targets (scripts/fuzz.sh): Debian's clang 14, whose runtime package
    # holds libFuzzer beside the sanitizers
    --with-fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "bootstrap: unknown option $option (--with-data-tools, --with-fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
