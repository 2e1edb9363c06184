"""GDAL is loaded only by what reads or writes through it: libcoopatlas keeps that code in a
module of its own (libcoopatlas_gdal.so, beside the library), loaded on first use. Which
shared objects a run loads is read from the dynamic loader's own report (LD_DEBUG=files).
"""
import os
import re
import shutil
import subprocess

from osgeo import gdal

from conftest import CLI, DATA


def run_traced(*args, env=None, cwd=None):
    """Runs coopatlas with the loader's report on; returns (status, stdout, stderr, objects loaded)."""
    e = dict(os.environ, LD_DEBUG="files", **(env or {}))
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, env=e, cwd=cwd, timeout=600)
    found = re.findall(r"file=(\S+) \[\d+\];\s+(?:needed by|dynamically loaded by)", p.stderr)
    loaded = {os.path.basename(name) for name in found}  # dlopen()ed objects come with their path
    return p.returncode, p.stdout, p.stderr, loaded


def gdal_loaded(loaded):
    return any(name.startswith("libgdal.so") for name in loaded)


def test_version_starts_without_gdal():
    status, stdout, _, loaded = run_traced("--version")
    assert status == 0 and stdout.startswith("coopatlas ")
    assert "libcoopatlas.so.0.1" in loaded, "the loader's report lists no libcoopatlas: LD_DEBUG not honoured?"
    assert not gdal_loaded(loaded), sorted(loaded)


def test_an_atlas_read_from_its_snapshot_draws_and_counts_without_gdal(tmp_path):
    cache = {"COOPATLAS_CACHE": str(tmp_path / "cache")}
    spec = DATA / "maps" / "02_coverage_regions.yaml"
    # first run: the atlas is read from its GeoPackage, through GDAL
    status, _, err, loaded = run_traced("render", spec, "--data", DATA, "-o", tmp_path / "first.png", env=cache)
    assert status == 0, err
    assert gdal_loaded(loaded) and "libcoopatlas_gdal.so" in loaded
    # second run: from the snapshot the first one left; the same map, no GDAL
    status, _, err, loaded = run_traced("render", spec, "--data", DATA, "-o", tmp_path / "second.png", env=cache)
    assert status == 0, err
    assert not gdal_loaded(loaded) and "libcoopatlas_gdal.so" not in loaded, sorted(loaded)
    assert (tmp_path / "second.png").read_bytes() == (tmp_path / "first.png").read_bytes()
    # the PNG written without GDAL is one GDAL reads: the size the spec asks for, pixels drawn
    ds = gdal.Open(str(tmp_path / "second.png"))
    assert ds.GetDriver().ShortName == "PNG" and ds.RasterCount == 3
    assert (ds.RasterXSize, ds.RasterYSize) == (1400, 1100)
    assert ds.GetRasterBand(1).ComputeRasterMinMax(False)[0] < 128  # not a blank page
    # counts too
    status, _, err, loaded = run_traced("coverage", "--level", "region", "--vintage", "2015", "--data", DATA,
                                        "--output", tmp_path / "coverage.csv", env=cache)
    assert status == 0, err
    assert not gdal_loaded(loaded), sorted(loaded)


def library_alone(tmp_path):
    """A folder that the loader searches first, holding a copy of libcoopatlas and nothing else."""
    ldd = subprocess.run(["ldd", str(CLI)], capture_output=True, text=True, check=True).stdout
    library = re.search(r"libcoopatlas\.so\.0\.1 => (\S+)", ldd).group(1)
    alone = tmp_path / "lib"
    alone.mkdir()
    shutil.copy(library, alone)
    return alone


def test_a_library_without_its_module_is_a_defect_that_says_what_to_do(tmp_path):
    alone = library_alone(tmp_path)
    env = {"LD_LIBRARY_PATH": str(alone), "COOPATLAS_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "coverage.csv"
    status, _, err, _ = run_traced("coverage", "--level", "region", "--vintage", "2015", "--data", DATA,
                                   "--output", out, env=env)
    assert status == 3, err
    assert f"{alone}/libcoopatlas_gdal.so" in err and "reinstall coopatlas" in err
    assert not out.exists()
    # what needs no GDAL still works
    status, stdout, err, _ = run_traced("--version", env=env)
    assert status == 0 and stdout.startswith("coopatlas "), err


def test_a_module_of_another_version_is_refused(tmp_path):
    foreign = os.environ.get("COOPATLAS_FOREIGN_GDAL_MODULE", "")
    assert os.path.isfile(foreign), f"COOPATLAS_FOREIGN_GDAL_MODULE does not name the test module: '{foreign}'"
    alone = library_alone(tmp_path)
    shutil.copy(foreign, alone / "libcoopatlas_gdal.so")
    env = {"LD_LIBRARY_PATH": str(alone), "COOPATLAS_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "coverage.csv"
    status, _, err, loaded = run_traced("coverage", "--level", "region", "--vintage", "2015", "--data", DATA,
                                        "--output", out, env=env)
    assert status == 3, err
    assert "libcoopatlas_gdal.so" in loaded  # found and loaded, then refused
    assert f"the GDAL module '{alone}/libcoopatlas_gdal.so' is not that of coopatlas 0.1.0" in err
    assert "reinstall coopatlas" in err and not out.exists()
