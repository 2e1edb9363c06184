"""density (per unit and kernel surface) and pip on small inputs whose answers are known
by hand or by closed form."""
import csv
import math

import numpy as np
import pytest
from osgeo import gdal, ogr
from pyproj import CRS, Transformer

from atlas_tables import atlas_tables, geodesic_area_km2
from conftest import FIXTURES, read_csv, run, with_data

CITIES = FIXTURES / "benelux_cities.csv"


def cities():
    with open(CITIES, newline="") as f:
        return [(r["name"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]


def test_density_per_unit_is_partnerships_over_geodesic_area_and_population(out):
    target = out / "density.csv"
    run(*with_data("density", "--level", "region", "--vintage", "2016", "--zone", "FR", "--output", target))
    atlas = atlas_tables()
    units = atlas.level("region", "2016", "FR")
    rows = read_csv(target)
    assert {r["unit_id"] for r in rows} == set(units)  # 13 metropolitan + 5 overseas régions
    assert len(rows) == 18
    for r in rows:
        u = units[r["unit_id"]]
        a = geodesic_area_km2(u["geometry"])
        n = int(r["partnerships"])
        assert float(r["area_km2"]) == pytest.approx(a, rel=1e-8)
        assert float(r["population"]) == u["population"]
        assert float(r["per_10k_km2"]) == pytest.approx(n / a * 1e4, rel=1e-8)
        assert float(r["per_100000_inhabitants" if "per_100000_inhabitants" in r else "per_100k_inhabitants"]) == \
            pytest.approx(n / u["population"] * 1e5, rel=1e-8)


def test_gaussian_kde_raster_equals_the_closed_form_sum(out):
    tif = out / "kde.tif"
    r = run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--cell", 5, "--output", tif)
    ds = gdal.Open(str(tif))
    band = ds.GetRasterBand(1).ReadAsArray().astype(float)
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    assert (dx, dy) == (5000.0, -5000.0)
    crs = CRS.from_wkt(ds.GetProjection())
    assert crs.is_projected and crs.axis_info[0].unit_name == "metre"
    to = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    pts = np.array([to.transform(lon, lat) for _, lon, lat in cities()])
    h = 25000.0
    cols, rows = np.meshgrid(x0 + dx * (np.arange(ds.RasterXSize) + 0.5), y0 + dy * (np.arange(ds.RasterYSize) + 0.5))
    expected = np.zeros_like(band)
    for px, py in pts:
        expected += np.exp(-((cols - px) ** 2 + (rows - py) ** 2) / (2 * h * h)) / (2 * math.pi * h * h) * 1e6
    # the grid reaches 3 bandwidths beyond the points (to the metre)
    assert x0 == pytest.approx(pts[:, 0].min() - 3 * h, abs=1)
    assert y0 >= pts[:, 1].max() + 3 * h - 1
    peak = expected.max()
    # The surface is truncated where the dropped mass is below 1e-7 of the peak.
    assert np.abs(band - expected).max() <= 1e-7 * peak
    assert f"peak {peak:.6g} per km2" in r.stdout + r.stderr
    assert "of 5 points" in r.stdout + r.stderr


def test_pip_counts_points_strictly_inside_each_polygon(out):
    target = out / "pip.csv"
    polygons = FIXTURES / "benelux.gpkg"
    r = run("pip", "--polygons", polygons, "--layer", "states_provinces", "--fields", "iso_a2,name",
            "--points", CITIES, "--output", target)
    ds = ogr.Open(str(polygons))
    expected = {}
    for f in ds.GetLayerByName("states_provinces"):
        g = f.GetGeometryRef()
        expected[(f["iso_a2"], f["name"])] = sum(
            g.Contains(ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})")) for _, lon, lat in cities())
    got = {(x["iso_a2"], x["name"]): int(x["count"]) for x in read_csv(target)}
    assert got == expected
    # by hand: Brussels in the Brussels region, Amsterdam in North Holland, Utrecht in
    # Utrecht, Den Haag in South Holland (Natural Earth: Noord-/Zuid-Holland); the point at 3°E 53°N is in the North Sea
    assert sum(got.values()) == 4
    assert got[("NL", "Utrecht")] == 1 and got[("NL", "Noord-Holland")] == 1 and got[("NL", "Zuid-Holland")] == 1 and got[("BE", "Brussels")] == 1
    assert "26 polygons, 5 points: 4 inside a polygon, 1 in none" in r.stdout + r.stderr
