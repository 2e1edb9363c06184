"""Morocco's 12 regions of 2015 labelled in French, Arabic and Tifinagh, stacked
(`scripts: "fr,ar,tfng"`): every region gets its label, each label lies in its own region
or, set apart with a leader line, outside every region, and none lies over another region.
The same for the default coverage map (the 16 regions of 2009, each with a circle).

The regions are read here from atlas.gpkg (layer ma_regions_2015) with OGR, projected with
pyproj to the frame's CRS and put on the page with the frame's page box and extent from
--report: the renderer's own geometry is not used."""
import re

from osgeo import ogr
from pyproj import Transformer

from conftest import DATA, run

SPEC = """title: Regions of 2015
size: [1400, 1100]
projection: morocco
extent: morocco
layers:
  - {id: regions, kind: polygons, units: {level: region, vintage: "2015", country: MA}, fill: "#e5e0d8",
     outline: "#ffffff", outline_width: 0.8}
  - {id: names, kind: labels, units: {level: region, vintage: "2015", country: MA}, label: name,
     scripts: "fr,ar,tfng", size: 10}
"""
HALO = 1.5  # the default halo width: the box may pass its region's outline by this much


def regions(layer_name="ma_regions_2015"):
    ds = ogr.Open(str(DATA / "atlas.gpkg"))
    layer = ds.GetLayerByName(layer_name)
    out = {}
    for f in layer:
        names = [f.GetField(k) for k in ("name", "name_ar", "name_tfng") if f.GetField(k)]
        out[f.GetField("id")] = (f.GetGeometryRef().Clone(), " ".join(names))
    return out


def on_page(geom, to_crs, page, extent):
    """The lon/lat geometry placed on the page as the frame draws it."""
    scale = (page[2] - page[0]) / (extent[2] - extent[0])
    g = geom.Clone()
    for i in range(g.GetGeometryCount()):
        poly = g.GetGeometryRef(i)
        for j in range(poly.GetGeometryCount()):
            ring = poly.GetGeometryRef(j)
            for k in range(ring.GetPointCount()):
                lon, lat = ring.GetX(k), ring.GetY(k)
                x, y = to_crs.transform(lon, lat)
                ring.SetPoint_2D(k, page[0] + (x - extent[0]) * scale, page[1] + (extent[3] - y) * scale)
    return g


def box(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def units_and_labels(report, layer_name, labels_layer):
    """The regions on the page and the placed labels of `labels_layer`, from --report."""
    frame = re.search(r"^frame map: (.+)$", report, re.M)
    geo = re.search(r"^  page box (\S+) (\S+) (\S+) (\S+), extent (\S+) (\S+) (\S+) (\S+)$", report, re.M)
    assert frame and geo, report
    page = [float(v) for v in geo.groups()[:4]]
    extent = [float(v) for v in geo.groups()[4:]]
    to_crs = Transformer.from_crs("EPSG:4326", frame.group(1), always_xy=True)
    units = {i: (on_page(g, to_crs, page, extent), names) for i, (g, names) in regions(layer_name).items()}
    placed = re.findall(rf"^  placed: {labels_layer} (\S+) box (\S+) (\S+) (\S+) (\S+) size (\S+)( leader)?: (.*)$",
                        report, re.M)
    return units, placed


def check_placement(units, placed, style_size):
    """Each label over no other region, and in its own one unless set apart with a leader;
    returns the French names of the labels inside their own region."""
    inside_own = set()
    for unit, x0, y0, x1, y1, size, leader, text in placed:
        # lines joined by " / "; a break after a hyphen is no space, any other one a space
        assert re.sub(r" / ", " ", re.sub(r"- / ", "-", text)) == units[unit][1]
        glyphs = box(float(x0) + HALO, float(y0) + HALO, float(x1) - HALO, float(y1) - HALO)
        for other, (g, _) in units.items():
            if other != unit:
                assert not glyphs.Intersects(g), f"{text} over {other}"
        own = units[unit][0]
        if leader:
            assert not glyphs.Intersects(own), f"{text}: a leader label straddles its own region"
        else:
            assert glyphs.Within(own), f"{text} leaves its region"
            inside_own.add(re.sub(r"- / ", "-", text).split(" / ")[0])
        assert 0.7 * style_size <= float(size) <= style_size  # shrunk at most to 70 %
    return inside_own


def test_every_region_of_2015_is_labelled_in_three_scripts_inside_itself(tmp_path):
    spec = tmp_path / "regions_2015.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    report = run("render", spec, "-o", tmp_path / "regions_2015.png", "--report", "--data", DATA).stdout
    units, placed = units_and_labels(report, "ma_regions_2015", "names")
    assert len(units) == 12
    assert "labels: 12 placed, 0 dropped" in report
    assert sorted(p[0] for p in placed) == sorted(units)
    inside_own = check_placement(units, placed, 10)
    # the regions that used to swap or lose their labels hold their own
    assert {"Oriental", "Fès-Meknès", "Drâa-Tafilalet"} <= inside_own
    assert len(inside_own) >= 9


def test_the_coverage_map_labels_each_region_of_2009_beside_its_own_circle(tmp_path):
    spec = DATA / "maps" / "02_coverage_regions.yaml"
    report = run("render", spec, "-o", tmp_path / "coverage.png", "--report", "--data", DATA).stdout
    units, placed = units_and_labels(report, "ma_regions_2009", "names")
    assert len(units) == 16
    assert "labels: 16 placed, 0 dropped" in report
    assert sorted(p[0] for p in placed) == sorted(units)
    inside_own = check_placement(units, placed, 10)
    # the two labels that sat over a neighbour next to the wrong circle
    assert {"Chaouia-Ouardigha", "Doukkala-Abda"} <= inside_own
    # Grand Casablanca is a few page units across: its label stands apart
    assert len(inside_own) >= 13
