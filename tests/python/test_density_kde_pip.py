"""kde and pip against the command line's GeoTIFF and CSV."""
import csv

import numpy as np
import pytest
from osgeo import gdal
from pyproj import CRS

import coopatlas
from conftest import DATA, FIXTURES, cli_csv, run_cli

gdal.UseExceptions()
CITIES = FIXTURES / "benelux_cities.csv"


def read_tif(path):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(1).ReadAsArray(), ds.GetGeoTransform(), ds.GetProjection()


def test_kde_of_partnership_ends_equals_the_command_line(atlas, tmp_path):
    r = coopatlas.kde(atlas, bandwidth=50, kind="decentralised_cooperation")
    array, transform, crs = r  # unpacks as rasterio's (array, transform, crs)
    tif = tmp_path / "ends.tif"
    out, _ = run_cli("density", "--kde", "--data", DATA, "--bandwidth", 50, "--kind", "decentralised_cooperation",
                     "--output", tif)
    band, gt, wkt = read_tif(tif)
    assert array.shape == band.shape and array.dtype == np.float64
    assert r.gdal_transform == pytest.approx(gt, abs=1e-6)
    assert transform == pytest.approx((gt[1], gt[2], gt[0], gt[4], gt[5], gt[3]), abs=1e-6)
    assert CRS.from_user_input(crs).equals(CRS.from_wkt(wkt))
    # the file holds Float32 values of the same surface
    assert np.abs(array.astype(np.float32) - band).max() <= 1e-6 * band.max()
    assert f"{r.meta['points']} points" in out
    assert r.meta["kernel"] == "gaussian" and r.meta["bandwidth_km"] == 50


def test_kde_of_a_csv_with_every_grid_option(tmp_path):
    crs = "+proj=laea +lat_0=51 +lon_0=4.5 +datum=WGS84 +units=m +no_defs"
    extent = (-150000, -100000, 150000, 200000)
    r = coopatlas.kde(points=CITIES, bandwidth=20, kernel="quartic", size=(60, 50), crs=crs, extent=extent)
    tif = tmp_path / "k.tif"
    run_cli("density", "--kde", "--points", CITIES, "--bandwidth", 20, "--kernel", "quartic", "--size", "60x50",
            "--crs", crs, "--extent", ",".join(map(str, extent)), "--output", tif)
    band, gt, _ = read_tif(tif)
    assert r.array.shape == (50, 60)
    assert r.gdal_transform == pytest.approx(gt)
    assert np.abs(r.array.astype(np.float32) - band).max() <= 1e-6 * band.max()
    assert r.crs == crs


def test_kde_written_back_as_geotiff(tmp_path):
    r = coopatlas.kde(points=CITIES, bandwidth=25, cell=5)
    tif = tmp_path / "w.tif"
    coopatlas.write_geotiff(tif, r.array, r.transform, r.crs, description="kernel density, per km2")
    band, gt, wkt = read_tif(tif)
    assert gt == pytest.approx(r.gdal_transform)
    assert np.abs(band - r.array.astype(np.float32)).max() == 0
    assert CRS.from_wkt(wkt).equals(CRS.from_user_input(r.crs))


def test_pip_counts_as_the_command_line(tmp_path):
    polygons = FIXTURES / "benelux.gpkg"
    df = coopatlas.pip(polygons, CITIES, layer="states_provinces", fields=["iso_a2", "name"], threads=1)
    target = tmp_path / "pip.csv"
    run_cli("pip", "--polygons", polygons, "--layer", "states_provinces", "--fields", "iso_a2,name", "--points",
            CITIES, "--output", target)
    with open(target, newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(df.columns) == ["iso_a2", "name", "count"]
    assert list(df["name"]) == [r["name"] for r in rows]
    assert list(df["count"]) == [int(r["count"]) for r in rows]
    assert df.attrs["points"] == 5 and df.attrs["inside"] == 4
