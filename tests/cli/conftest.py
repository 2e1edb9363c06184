"""Shared fixtures of the command-line tests.

Each test runs the installed-style `coopatlas` binary as a user would, asserts its exit
status and what it prints, then reads the files it wrote (CSV cells, GeoPackage
attributes, GeoTIFF values through GDAL) and compares them with values computed here
independently: pyproj's geodesics, libpysal's weights, closed forms, published figures.
"""
import csv
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# GDAL raises Python exceptions instead of printing and returning None.
from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()

CLI = Path(os.environ.get("COOPATLAS_CLI", ""))
DATA = Path(os.environ.get("COOPATLAS_DATA", Path(__file__).resolve().parents[2] / "shapefiles"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass
class result:
    status: int
    stdout: str
    stderr: str


def run(*args, status=0, cwd=None):
    """Runs `coopatlas ARGS`, asserts its exit status and returns what it printed."""
    assert CLI.is_file(), f"COOPATLAS_CLI does not name the coopatlas binary: '{CLI}'"
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)
    r = result(p.returncode, p.stdout, p.stderr)
    assert r.status == status, (
        f"coopatlas {' '.join(map(str, args))}\nexit {r.status}, expected {status}\n"
        f"--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}")
    return r


def with_data(*args):
    return (*args, "--data", DATA)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_layer(path, layer=None):
    """Attributes of every feature as dicts, plus the geometry as OGR WKB under 'wkb'."""
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    assert lyr is not None, f"{path} has no layer {layer}"
    rows = []
    for feat in lyr:
        row = feat.items()
        g = feat.GetGeometryRef()
        row["wkb"] = bytes(g.ExportToWkb()) if g is not None else None
        rows.append(row)
    return rows


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def out(tmp_path):
    return tmp_path
