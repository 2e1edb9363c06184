"""Small multiples: the default map of source 002's conventions by year
(shapefiles/maps/07_conventions_by_year.yaml), rendered to SVG, against the partnership
table read with the csv module: one panel per year of the source, titled with its year,
and in each panel one circle per located region or commune party to a convention signed
by the end of that year (or, with `mode: year`, in that year)."""
import re
import xml.etree.ElementTree as ET

from conftest import DATA, read_csv, run, with_data
from osgeo import ogr

SVG = "{http://www.w3.org/2000/svg}"
SPEC = DATA / "maps" / "07_conventions_by_year.yaml"


def source_002():
    return [r for r in read_csv(DATA / "partnerships.csv")
            if r["source"].startswith("002_") and r["kind"] == "convention"]


def located_local_authorities():
    """Ids of Moroccan regions (map of 2009: polygons in atlas.gpkg) and communes with a
    place to stand on (actors.csv's anchor_id)."""
    ds = ogr.Open(str(DATA / "atlas.gpkg"))
    regions = {f.GetField("id") for f in ds.GetLayerByName("ma_regions_2009")}
    communes = {a["id"] for a in read_csv(DATA / "actors.csv")
                if a["country"] == "MA" and a["level"] == "commune" and a["anchor_id"]}
    return regions | communes


def expected_circles(years, cumulative):
    located = located_local_authorities()
    rows = source_002()
    out = {}
    for y in years:
        parties = set()
        for r in rows:
            if not r["year"]:
                continue
            if int(r["year"]) > y or (not cumulative and int(r["year"]) != y):
                continue
            parties.update(p for p in (r["party_a_id"], r["party_b_id"]) if p in located)
        out[y] = len(parties)
    return out


def groups(svg_path):
    root = ET.parse(svg_path).getroot()
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


def circles(group):
    return sum(1 for _ in group.iter(SVG + "circle"))


def texts(group):
    return ["".join(t.itertext()) for t in group.iter(SVG + "text")]


def panels_of(svg_path):
    found = groups(svg_path)
    years = sorted(int(m.group(1)) for k in found if (m := re.fullmatch(r"year-(\d{4})", k)))
    return found, years


def test_one_panel_per_year_of_source_002_with_its_conventions(tmp_path):
    svg = tmp_path / "panels.svg"
    run(*with_data("render", SPEC, "-o", svg))
    found, years = panels_of(svg)
    dated = [int(r["year"]) for r in source_002() if r["year"]]
    assert (min(dated), max(dated)) == (1999, 2009)
    assert years == list(range(min(dated), max(dated) + 1))
    assert len(years) == 11
    expected = expected_circles(years, cumulative=True)
    # a check on the check: the largest panels hold what the table says by hand
    assert expected[1999] == 0 and expected[2000] == 1 and expected[2009] == 19
    for y in years:
        assert texts(found[f"year-{y}-caption"]) == [str(y)]
        assert circles(found[f"partners-{y}"]) == expected[y], y
    # one title, one legend, one block of credits for the page
    page_titles = [t for t in texts(ET.parse(svg).getroot()) if t.startswith("Conventions of the Direction")]
    assert len(page_titles) == 1
    legend_headings = [t for t in texts(ET.parse(svg).getroot()) if t == "Conventions signed so far"]
    assert len(legend_headings) == 1


def test_panels_of_single_years(tmp_path):
    spec = tmp_path / "per_year.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("mode: cumulative", "mode: year"), encoding="utf-8")
    assert "mode: year" in spec.read_text(encoding="utf-8")
    svg = tmp_path / "per_year.svg"
    run("render", spec, "--data", DATA, "-o", svg)
    found, years = panels_of(svg)
    assert years == list(range(1999, 2010))
    expected = expected_circles(years, cumulative=False)
    # 2006: five regions and six communes, Assa without a location
    assert expected[2006] == 10
    for y in years:
        assert circles(found[f"partners-{y}"]) == expected[y], y
