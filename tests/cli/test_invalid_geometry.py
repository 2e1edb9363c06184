"""Invalid geometries in a layer of polygon units: a self-intersecting "bow-tie", an empty
geometry and a line. `validate` reports each at its file, layer and FID with GEOS's reason
and a suggestion (exit status 1); loading an atlas refuses the line among polygon units;
coverage repairs the bow-tie with GEOS MakeValid, says so, and takes the area of the two
triangles it is made of (computed here with pyproj's geodesics, by hand in the plane)."""
import pytest
from osgeo import gdal, ogr, osr
from pyproj import Geod
from shapely import wkt as shapely_wkt
from shapely.validation import make_valid

from conftest import read_csv, run, with_data

BOW_TIE = "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))"  # crosses itself at (1, 1)
# the two triangles GEOS MakeValid makes of it: base 2 (a side of the square), height 1
TRIANGLES = "MULTIPOLYGON (((0 0, 1 1, 0 2, 0 0)), ((2 0, 2 2, 1 1, 2 0)))"
SQUARE = "POLYGON ((10 0, 12 0, 12 2, 10 2, 10 0))"


def make_units(folder, with_line=True):
    """units.gpkg, layer 'units' (polygons): FID 1 a square, 2 a bow-tie, 3 an empty polygon, 4 a line."""
    path = folder / "units.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = ds.CreateLayer("units", srs, ogr.wkbPolygon)
    for name in ("id", "name", "level", "country"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    features = [("T:unit:square", "Square", ogr.CreateGeometryFromWkt(SQUARE)),
                ("T:unit:bow", "Bow", ogr.CreateGeometryFromWkt(BOW_TIE)),
                ("T:unit:empty", "Empty", ogr.Geometry(ogr.wkbPolygon))]
    if with_line:
        features.append(("T:unit:line", "Line", ogr.CreateGeometryFromWkt("LINESTRING (20 0, 21 1)")))
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GeoPackage warns about the line in a polygon layer
    for fid, (ident, name, geom) in enumerate(features, start=1):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetFID(fid)
        f["id"], f["name"], f["level"], f["country"] = ident, name, "region", "TT"
        f.SetGeometry(geom)
        layer.CreateFeature(f)
    gdal.PopErrorHandler()
    ds = None
    return path


def manifest(folder, gpkg, where=None):
    path = folder / "atlas.yaml"
    text = f"title: Bow-tie\nlayers:\n  - file: {gpkg}\n    layer: units\n    level: region\n    country: TT\n"
    if where:
        text += f'    where: "{where}"\n'
    path.write_text(text, encoding="utf-8")
    return path


def test_the_fixture_is_what_the_test_says(tmp_path):
    ds = ogr.Open(str(make_units(tmp_path)))
    geoms = {f["id"]: f.GetGeometryRef().Clone() for f in ds.GetLayer(0)}
    assert not geoms["T:unit:bow"].IsValid()
    assert geoms["T:unit:empty"].IsEmpty()
    assert geoms["T:unit:line"].GetGeometryName() == "LINESTRING"
    assert ds.GetLayer(0).GetGeomType() == ogr.wkbPolygon
    # by hand: two triangles of base 2 and height 1 make an area of 2 in the plane
    assert shapely_wkt.loads(TRIANGLES).area == pytest.approx(2.0)
    assert shapely_wkt.loads(TRIANGLES).equals(make_valid(shapely_wkt.loads(BOW_TIE)))


def test_validate_reports_each_invalid_geometry(tmp_path):
    gpkg = make_units(tmp_path)
    r = run(*with_data("validate", gpkg), status=1)
    lines = [line for line in r.stderr.splitlines() if "units.gpkg (layer units)" in line]
    assert len(lines) == 3, r.stderr
    bow, empty, line = lines
    assert bow.startswith(f"{gpkg}: units.gpkg (layer units), FID 2 ('T:unit:bow'): invalid polygon: "
                          "self-intersection at 1,1"), bow
    assert "repair with ogr2ogr -makevalid" in bow
    assert "FID 3 ('T:unit:empty'): an empty geometry" in empty
    assert "FID 4 ('T:unit:line'): a linestring in a layer of polygon units" in line
    assert "3 problems found" in r.stderr
    assert "ERROR" not in r.stderr and "internal error" not in r.stderr
    assert "ok" not in r.stdout


def test_validate_accepts_the_valid_square(tmp_path):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "good.gpkg"))
    layer = ds.CreateLayer("units", None, ogr.wkbPolygon)
    for name in ("id", "name", "level"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    f = ogr.Feature(layer.GetLayerDefn())
    f["id"], f["name"], f["level"] = "T:unit:square", "Square", "region"
    f.SetGeometry(ogr.CreateGeometryFromWkt(SQUARE))
    layer.CreateFeature(f)
    ds = None
    r = run(*with_data("validate", tmp_path / "good.gpkg"))
    assert "good.gpkg: ok" in r.stdout


def test_an_atlas_refuses_a_line_among_polygon_units(tmp_path):
    atlas = manifest(tmp_path, make_units(tmp_path))
    r = run("info", "--manifest", atlas, status=1)
    assert "FID 4 ('T:unit:line'): a linestring in a layer of polygon units" in r.stderr, r.stderr
    assert "internal error" not in r.stderr and "ERROR" not in r.stderr


def test_coverage_repairs_the_bow_tie_and_says_so(tmp_path):
    atlas = manifest(tmp_path, make_units(tmp_path), where="id <> 'T:unit:line'")
    out = tmp_path / "coverage.csv"
    r = run("coverage", "--level", "region", "--manifest", atlas, "--output", out)
    assert "note: 1 unit polygon was invalid and repaired with GEOS MakeValid" in r.stderr, r.stderr
    assert "T:unit:bow" in r.stderr
    rows = {row["unit_id"]: row for row in read_csv(out)}
    geod = Geod(ellps="WGS84")
    expected = abs(geod.geometry_area_perimeter(shapely_wkt.loads(TRIANGLES))[0]) / 1e6
    square = abs(geod.geometry_area_perimeter(shapely_wkt.loads(SQUARE))[0]) / 1e6
    assert float(rows["T:unit:bow"]["area_km2"]) == pytest.approx(expected, rel=1e-6)
    assert float(rows["T:unit:square"]["area_km2"]) == pytest.approx(square, rel=1e-6)
    assert rows["T:unit:empty"]["area_km2"] == ""  # no polygon: no area, counted apart
    assert float(rows["TT"]["area_km2"] if "TT" in rows else rows["all"]["area_km2"]) == pytest.approx(
        expected + square, rel=1e-6)
