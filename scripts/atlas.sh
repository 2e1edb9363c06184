#!/usr/bin/env bash
# The main job: builds coopatlas and runs it on the embedded data: what is loaded, the
# coverage summary, then the default atlas (shapefiles/maps/*.yaml) as PNG, SVG and PDF,
# and the book (shapefiles/book.yaml) as a PDF, one PNG per page and a web atlas.
# Usage: scripts/atlas.sh [OUT_DIR]   (default out/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
build="${BUILD_DIR:-$root/build}"
out="${1:-$root/out}"
mkdir -p "$out"
cli="$build/apps/coopatlas"
"$cli" info --data "$root/shapefiles"

# Coverage and density of the Moroccan regions (2009) by decentralised cooperation, when
# the build has the analysis commands.
if "$cli" coverage --help >/dev/null 2>&1; then
  echo
  "$cli" coverage --data "$root/shapefiles" --level region --vintage 2009 --zone MA \
    --kind decentralised_cooperation | sed -n '1,/^engaged:/p'
fi

echo
echo "default atlas -> $out"
for spec in "$root"/shapefiles/maps/*.yaml; do
  name="$(basename "$spec" .yaml)"
  "$cli" render "$spec" --data "$root/shapefiles" \
    -o "$out/$name.png" -o "$out/$name.svg" -o "$out/$name.pdf"
done

# The book: cover, contents, the default maps and a page per Moroccan region of 2009, as one
# PDF (bookmarks, links, page numbers), one PNG per page, and a static web atlas that opens
# from the file system (out/web/index.html).
echo
echo "book -> $out/book.pdf, $out/book/, $out/web/index.html"
"$cli" atlas "$root/shapefiles/book.yaml" --data "$root/shapefiles" -o "$out/book.pdf" --png "$out/book" \
  --html "$out/web" --quiet
