"""atlas: the default book (shapefiles/book.yaml) as a PDF, read back with poppler-utils
(pdfinfo, pdftotext) and by scanning the PDF objects for its outline and links.

Expected values come from the atlas files: the Moroccan regions of 2009 in atlas.gpkg
and the decentralised cooperation partnerships that engage each of them
(partnerships.csv through the hierarchy the data writes)."""
import re
import shutil
import subprocess

import pytest

from atlas_tables import atlas_tables
from conftest import DATA, run, with_data

atlas = atlas_tables()
MAPS = sorted((DATA / "maps").glob("*.yaml"))


def tool(name):
    path = shutil.which(name)
    assert path, f"{name} is missing: scripts/bootstrap.sh installs poppler-utils"
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    r = run(*with_data("atlas", DATA / "book.yaml", "-o", out / "book.pdf", "--png", out / "png",
                       "--svg", out / "svg"))
    return out, r


def pdf_pages(path):
    info = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), info


def page_text(path, page):
    return subprocess.run([tool("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_string(raw):
    """A PDF string object, literal (...) or hex <...>, as text."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    body = raw[1:-1]
    body = re.sub(rb"\\([()\\])", rb"\1", body)
    if body.startswith(b"\xfe\xff"):
        return body[2:].decode("utf-16-be")
    return body.decode("latin-1")


def outline_titles(path):
    data = path.read_bytes()
    assert b"/Outlines" in data, "the PDF has no outline"
    return [pdf_string(m.group(1)) for m in re.finditer(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", data)]


def test_page_count_is_cover_contents_maps_and_one_page_per_region(book):
    out, r = book
    units, _ = atlas.engaged_units("region", "2009", "MA")
    assert len(units) == 16  # Morocco's 16 regions of the 2009 map
    pages, info = pdf_pages(out / "book.pdf")
    assert pages == 1 + 1 + len(MAPS) + len(units)
    assert f"book: {pages} pages ({len(MAPS)} maps, {len(units)} unit pages)" in r.stdout
    # fonts embedded: pdffonts lists every font as embedded
    fonts = subprocess.run([tool("pdffonts"), str(out / "book.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", f) for f in fonts), fonts
    # one PNG and one SVG per page
    assert len(list((out / "png").glob("page-*.png"))) == pages
    assert len(list((out / "svg").glob("page-*.svg"))) == pages


def test_outline_has_sections_and_an_entry_per_figure(book):
    out, _ = book
    units, _ = atlas.engaged_units("region", "2009", "MA")
    titles = outline_titles(out / "book.pdf")
    assert "Cover" in titles and "Contents" in titles and "Maps" in titles
    assert "Moroccan regions (2009)" in titles
    figures = [t for t in titles if t.startswith("Figure ")]
    assert len(figures) == len(MAPS) + len(units)
    for u in units.values():
        assert any(u["name"] in t for t in figures), f"no bookmark names {u['name']}"
    # the contents link to the pages: one link per contents line
    links = len(re.findall(rb"/Subtype\s*/Link", (out / "book.pdf").read_bytes()))
    assert links >= len(MAPS) + len(units) + 2


def test_text_is_extractable_and_region_pages_list_their_partnerships(book):
    out, _ = book
    units, engaged = atlas.engaged_units("region", "2009", "MA")
    cover = page_text(out / "book.pdf", 1)
    assert "Atlas of Franco-Moroccan decentralised cooperation" in cover
    contents = page_text(out / "book.pdf", 2)
    assert "Contents" in contents and "Figure 1" in contents
    pages, _ = pdf_pages(out / "book.pdf")
    first_unit_page = 2 + len(MAPS) + 1
    seen = {}
    for p in range(first_unit_page, pages + 1):
        text = page_text(out / "book.pdf", p)
        assert f"{p} / {pages}" in text  # page numbers
        match = [k for k, u in units.items() if u["name"] in text]
        assert match, f"page {p} names no region:\n{text[:300]}"
        unit = max(match, key=lambda k: len(units[k]["name"]))
        seen[unit] = text
        expected = engaged[unit]
        assert f"Partnerships ({len(expected)})" in text
        listed = set(re.findall(r"\bP\d{3}\b", text))
        if "more partnerships" not in text:
            assert listed == expected, f"{units[unit]['name']}: listed {listed}, expected {expected}"
        else:
            assert listed < expected
        if expected:
            assert "001_" in text  # the source of the partnerships
    assert set(seen) == set(units)


# The page images against the PDF's pages drawn by another renderer, poppler's Splash
# (pdftoppm), at the images' 96 dpi, both averaged over blocks of 4 x 4 pixels: the two
# renderers anti-alias text and thin lines differently, which the blocks mostly even out.
# On the default book's 25 pages the blocks differ by 0.8 to 1.8 levels on average and at
# most 1.4 % of them by more than 32 levels. When the images' lines of text ran lower than
# the PDF's (hinted metrics), the 16 unit pages differed by 3.1 to 4.0 %; the map pages with
# their red and blue channels swapped differ by 5.7 levels or more on average, the cover by 17.
PAGE_MEAN_TOLERANCE = 3          # mean absolute difference of the blocks, levels of 255
PAGE_FAR_SHARE_TOLERANCE = 0.02  # share of blocks more than 32 levels apart
REGIONS_2009, _ = atlas.engaged_units("region", "2009", "MA")
BOOK_PAGES = 1 + 1 + len(MAPS) + len(REGIONS_2009)  # cover, contents, maps, a page per region


@pytest.mark.parametrize("page", range(1, BOOK_PAGES + 1))
def test_page_images_show_the_pdf_pages(book, tmp_path, page):
    from PIL import Image, ImageChops

    out, _ = book
    image = Image.open(out / "png" / f"page-{page:03d}.png")
    assert image.mode == "RGB", "a page is paper: its image has no alpha channel"
    subprocess.run([tool("pdftoppm"), "-r", "96", "-f", str(page), "-l", str(page), "-singlefile", "-png",
                    str(out / "book.pdf"), str(tmp_path / "poppler")], check=True)
    reference = Image.open(tmp_path / "poppler.png").convert("RGB")
    assert image.size == reference.size
    diff = ImageChops.difference(image.reduce(4), reference.reduce(4))
    blocks = diff.size[0] * diff.size[1]
    histogram = diff.histogram()
    mean = sum(i * n for band in range(3) for i, n in enumerate(histogram[band * 256:(band + 1) * 256])) / (3 * blocks)
    far = sum(1 for px in diff.getdata() if max(px) > 32) / blocks
    if mean > PAGE_MEAN_TOLERANCE or far > PAGE_FAR_SHARE_TOLERANCE:
        diff_file = tmp_path / f"page-{page:03d}-diff.png"
        ImageChops.difference(image, reference).point(lambda v: min(255, v * 4)).save(diff_file)
        pytest.fail(f"page {page}: blocks differ by {mean:.2f} levels on average, {far:.2%} by more than 32 "
                    f"(tolerances {PAGE_MEAN_TOLERANCE}, {PAGE_FAR_SHARE_TOLERANCE:.0%}); diff image: {diff_file}")


def test_a_book_without_output_is_a_usage_error(tmp_path):
    r = run(*with_data("atlas", DATA / "book.yaml"), status=2)
    assert "no output given" in r.stderr


def test_a_wrong_key_is_reported_at_its_line_and_nothing_is_written(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: x\nmapz: []\n")
    r = run(*with_data("atlas", spec, "-o", tmp_path / "book.pdf"), status=1)
    assert f"{spec}:2:1: unknown key 'mapz'" in r.stderr
    assert not (tmp_path / "book.pdf").exists()


def test_a_page_folder_that_cannot_be_made_is_an_error(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    r = run(*with_data("atlas", DATA / "book.yaml", "--png", blocker / "pages"), status=1)
    assert "cannot create the folder" in r.stderr


def write_map(path, frame, empty):
    """A one-frame map: a square, or nothing to show and no extent (it cannot be laid out)."""
    layer = "{kind: polygons, features: []}" if empty else (
        "{kind: polygons, fill: '#d0c0a0', features: [{id: sq, wkt: 'POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))'}]}")
    extent = "" if empty else ", projection: lonlat, extent: [0, 0, 4, 3]"
    path.write_text(f"title: Map {frame}\nsize: [400, 300]\nframes:\n  - {{id: {frame}{extent}, layers: [{layer}]}}\n")


@pytest.mark.parametrize("outputs", [["--png", "pages"], ["-o", "book.pdf", "--png", "pages"]])
def test_a_map_that_cannot_be_laid_out_fails_the_book_before_any_page_is_written(tmp_path, outputs):
    # the fine maps are laid out and their pages drawn while the others are laid out; the
    # first failing map in page order is reported, whichever thread failed first
    names = [("fine1", False), ("west", True), ("fine2", False), ("east", True)]
    for frame, empty in names:
        write_map(tmp_path / f"{frame}.yaml", frame, empty)
    book = tmp_path / "book.yaml"
    book.write_text("title: Four maps\nmaps:\n" + "".join(f"  - {{spec: {f}.yaml}}\n" for f, _ in names))
    args = [tmp_path / o if not o.startswith("-") else o for o in outputs]
    r = run(*with_data("atlas", book, *args), status=1)
    assert "frame 'west' has nothing to show" in r.stderr
    assert "'east'" not in r.stderr
    assert not (tmp_path / "pages").exists()
    assert not (tmp_path / "book.pdf").exists()
