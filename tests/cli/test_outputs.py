"""Outputs behave as ogr2ogr's: layers are added to existing datasets and never lose the
others, an existing layer is replaced or appended to only when asked, inputs (with their
sidecars) are never written over, special files are written through, standard output
takes CSV and GeoJSON, and the files read back (with GDAL, sqlite3, the os module) hold
what was asked: UTF-8 shapefiles with short field names, GeoJSON precision, tiled
GeoTIFFs with overviews and nodata, COGs, and a default KDE extent without remote points.
"""
import json
import math
import os
import re
import sqlite3
import stat
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr
from pyproj import CRS, Transformer

from conftest import DATA, FIXTURES, read_csv, read_layer, run, sha256, with_data

COVERAGE = ("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA")
FLOWS = ("flows", "--from-level", "region", "--from-vintage", "2009", "--to-level", "region", "--to-vintage", "2015",
         "--to-zone", "FR")
CITIES = FIXTURES / "benelux_cities.csv"


def layers(path):
    ds = ogr.Open(str(path))
    return {ds.GetLayer(i).GetName(): ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())}


def field_names(path):
    ds = ogr.Open(str(path))
    return [d.GetName() for d in ds.GetLayer(0).schema]


def dump(path, layer):
    """Every attribute and geometry of a layer, in order, for comparisons."""
    return [tuple(sorted((k, v) for k, v in row.items())) for row in read_layer(path, layer)]


# --- layers added, never the dataset replaced -------------------------------------------------

def test_a_second_command_adds_its_layer_to_the_geopackage_of_the_first(out):
    target = out / "atlas_out.gpkg"
    run(*with_data(*COVERAGE, "--output", target))
    coverage = dump(target, "coverage")
    run(*with_data(*FLOWS, "--output", target))
    run(*with_data(*FLOWS, "--output", out / "flows.csv"))
    got = layers(target)
    assert got["coverage"] == 16  # Morocco's 16 regions of 1997-2015
    assert got["flows"] == len(read_csv(out / "flows.csv"))
    assert dump(target, "coverage") == coverage  # the first layer untouched


def test_an_existing_layer_is_an_error_and_leaves_the_file_as_it_was(out):
    target = out / "x.gpkg"
    run(*with_data(*COVERAGE, "--output", target))
    before = sha256(target)
    r = run(*with_data(*COVERAGE, "--output", target), status=1)
    assert "layer 'coverage' already exists" in r.stderr
    for option in ("--overwrite", "--append", "--layer-name"):
        assert option in r.stderr
    assert sha256(target) == before


def test_overwrite_replaces_only_that_layer_and_append_adds_to_it(out):
    target = out / "x.gpkg"
    run(*with_data(*COVERAGE, "--output", target))
    run(*with_data(*FLOWS, "--output", target))
    flows = dump(target, "flows")
    run(*with_data("coverage", "--level", "region", "--vintage", "2015", "--zone", "MA", "--output", target,
                   "--overwrite"))
    assert layers(target) == {"coverage": 12, "flows": len(flows), "layer_styles": 1}  # 12 regions since 2015
    assert dump(target, "flows") == flows
    run(*with_data(*COVERAGE, "--output", target, "--append"))
    assert layers(target)["coverage"] == 12 + 16
    vintages = [row["vintage"] for row in read_layer(target, "coverage")]
    assert vintages == ["2015"] * 12 + ["2009"] * 16


def test_layer_name_writes_a_second_layer_of_the_same_command(out):
    target = out / "x.gpkg"
    run(*with_data(*COVERAGE, "--output", target))
    run(*with_data("coverage", "--level", "region", "--vintage", "2015", "--zone", "MA", "--output", target,
                   "--layer-name", "regions_2015"))
    assert layers(target) == {"coverage": 16, "regions_2015": 12, "layer_styles": 2}


def test_a_failed_overwrite_leaves_every_layer_as_it_was(out):
    target = out / "x.gpkg"
    run(*with_data(*COVERAGE, "--output", target))
    run(*with_data(*FLOWS, "--output", target))
    before = sha256(target)
    # the feature id column cannot also be the text field unit_id: GDAL refuses the
    # field once the old layer is dropped and the new one created
    r = run(*with_data(*COVERAGE, "--output", target, "--overwrite", "--lco", "FID=unit_id"), status=1)
    assert "unit_id" in r.stderr
    assert sha256(target) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no scratch left behind


def test_csv_tables_follow_the_same_rules(out):
    target = out / "t.csv"
    run(*with_data(*COVERAGE, "--output", target))
    before = target.read_bytes()
    run(*with_data(*COVERAGE, "--output", target), status=1)
    assert target.read_bytes() == before
    run(*with_data(*COVERAGE, "--output", target, "--append"))
    lines = target.read_text(encoding="utf-8").splitlines()
    body = before.decode("utf-8").splitlines()
    assert lines == body + body[1:]  # one header, the rows twice
    run(*with_data(*COVERAGE, "--output", target, "--overwrite"))
    assert target.read_bytes() == before


# --- inputs and their sidecars ----------------------------------------------------------------

@pytest.fixture
def departements_shp(out):
    shp = out / "dep.shp"
    gdal.VectorTranslate(str(shp), str(DATA / "atlas.gpkg"),
                         options=gdal.VectorTranslateOptions(layers=["fr_departements"], format="ESRI Shapefile",
                                                             layerCreationOptions=["ENCODING=UTF-8"]))
    return shp


def test_a_sidecar_of_an_input_is_never_written_over(out, departements_shp):
    parts = {p.name: sha256(p) for p in out.glob("dep.*")}
    assert {"dep.shp", "dep.shx", "dep.dbf", "dep.prj"} <= set(parts)
    r = run("classify", "--input", departements_shp, "--field", "population", "--output", out / "dep.dbf",
            "--format", "ESRI Shapefile", status=1)
    assert "refusing to write over input" in r.stderr
    assert {p.name: sha256(p) for p in out.glob("dep.*")} == parts


def test_a_new_layer_may_go_into_an_input_geopackage_but_never_over_an_input_layer(out):
    gpkg = out / "atlas_copy.gpkg"
    gpkg.write_bytes((DATA / "atlas.gpkg").read_bytes())
    source = dump(gpkg, "fr_departements")
    r = run("classify", "--input", gpkg, "--layer", "fr_departements", "--field", "population", "--output", gpkg,
            "--layer-name", "fr_departements", "--overwrite", status=1)
    assert "refusing to write over input layer 'fr_departements'" in r.stderr
    run("classify", "--input", gpkg, "--layer", "fr_departements", "--field", "population", "--output", gpkg,
        "--layer-name", "dep_classes")
    assert layers(gpkg)["dep_classes"] == 101
    assert dump(gpkg, "fr_departements") == source


# --- special files: written through, never replaced ---------------------------------------

def test_a_symbolic_link_is_written_through_to_its_target(out):
    (out / "data").mkdir()
    target = out / "data" / "real.gpkg"
    link = out / "link.gpkg"
    link.symlink_to(Path("data") / "real.gpkg")
    run(*with_data(*COVERAGE, "--output", link))
    run(*with_data(*FLOWS, "--output", link))
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "real.gpkg")
    assert {"coverage", "flows"} <= set(layers(target))
    csv_link = out / "table.csv"
    csv_link.symlink_to(out / "data" / "table_real.csv")  # dangling: the file is created behind it
    run(*with_data(*COVERAGE, "--output", csv_link))
    assert csv_link.is_symlink()
    assert read_csv(out / "data" / "table_real.csv")[0]["unit_id"] == "MA:region:2009:01"


def test_a_fifo_receives_the_table_and_stays_a_fifo(out):
    fifo = out / "pipe.csv"
    os.mkfifo(fifo)
    received = {}

    def reader():
        with open(fifo, "rb") as f:
            received["bytes"] = f.read()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    run(*with_data(*COVERAGE, "--output", fifo))
    t.join(timeout=60)
    run(*with_data(*COVERAGE, "--output", out / "plain.csv"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received["bytes"] == (out / "plain.csv").read_bytes()


def test_a_character_device_is_written_through(out):
    try:
        device = out / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, in our own folder
    except PermissionError:
        device = Path("/dev/null")  # without the right to make one: renaming onto it is refused anyway
    run(*with_data(*COVERAGE, "--output", device, "--format", "GeoJSON"))
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_dev_stdout_dash_and_vsistdout_write_to_standard_output(out):
    plain = out / "plain.csv"
    run(*with_data(*COVERAGE, "--output", plain))
    expected = plain.read_text(encoding="utf-8")
    for name in ("-", "/dev/stdout"):
        r = run(*with_data(*COVERAGE, "--output", name), cwd=out)
        assert r.stdout == expected
        assert "wrote" in r.stderr
    for name in ("-", "/vsistdout/"):
        r = run(*with_data(*COVERAGE, "--output", name, "--format", "GeoJSON"), cwd=out)
        collection = json.loads(r.stdout)
        assert len(collection["features"]) == 16
        assert collection["name"] == "coverage"
    r = run("classify", "--input", DATA / "atlas.gpkg", "--layer", "fr_departements", "--field", "population",
            "--output", "-", cwd=out)
    assert r.stdout.splitlines()[0] == "class,lower,upper,label,count,color"
    assert len(r.stdout.splitlines()) == 6
    assert not (out / "-").exists()


def test_standard_output_takes_only_streamable_formats(out):
    r = run(*with_data(*COVERAGE, "--output", "-", "--format", "GPKG"), status=2)
    assert "only CSV and GeoJSON go to standard output" in r.stderr
    r = run(*with_data("density", "--kde", "--bandwidth", "50", "--output", "-"), status=2)
    assert "standard output" in r.stderr


def test_two_outputs_of_one_command_naming_one_file_are_a_usage_error(out):
    for output, lengths in ((out / "f.csv", out / "f.csv"), (out / "f.shp", out / "f.dbf"), ("-", "/dev/stdout")):
        r = run(*with_data(*FLOWS, "--output", output, "--lengths", lengths), status=2)
        assert "both write" in r.stderr
    assert list(out.iterdir()) == []
    run(*with_data(*FLOWS, "--output", out / "f.gpkg", "--lengths", out / "lengths.csv"))
    assert len(read_csv(out / "lengths.csv")) > 0 and layers(out / "f.gpkg")["flows"] > 0


def test_contradicting_or_malformed_output_options_are_usage_errors(out):
    cases = [
        (("--output", out / "x.gpkg", "--overwrite", "--append"), "exclude each other"),
        (("--output", out / "x.gpkg", "--lco", "NOEQUALS"), "is not NAME=VALUE"),
        (("--output", out / "x.shp", "--layer-name", "y"), "named after its file"),
        (("--output", out / "x.unknown"), "cannot tell the output format"),
        (("--output", out / "x.gpkg", "--format", "NoSuchDriver"), "no vector driver"),
        (("--output", out / "x.gpkg", "--overwritte"), "unknown option --overwritte"),
    ]
    for options, message in cases:
        r = run(*with_data(*COVERAGE, *options), status=2)
        assert message in r.stderr, r.stderr
    assert list(out.iterdir()) == []


# --- what the files hold ----------------------------------------------------------------------

def test_pip_writes_a_real_layer_of_polygons_with_their_counts(out):
    polygons = FIXTURES / "benelux.gpkg"
    args = ("pip", "--polygons", polygons, "--layer", "states_provinces", "--fields", "iso_a2,name", "--points",
            CITIES)
    run(*args, "--output", out / "counts.csv")
    run(*args, "--output", out / "counts.gpkg")
    with open(out / "counts.gpkg", "rb") as f:
        assert f.read(16) == b"SQLite format 3\x00"  # a GeoPackage, not CSV text
    rows = read_layer(out / "counts.gpkg", "counts")
    table = read_csv(out / "counts.csv")
    assert [(r["iso_a2"], r["name"], r["count"]) for r in rows] == \
        [(t["iso_a2"], t["name"], int(t["count"])) for t in table]
    source = {(f["iso_a2"], f["name"]): f["wkb"] for f in read_layer(polygons, "states_provinces")}
    for r in rows:  # the same polygons (rings may start elsewhere or turn the other way)
        written, read = (ogr.CreateGeometryFromWkb(w) for w in (r["wkb"], source[(r["iso_a2"], r["name"])]))
        assert written.SymDifference(read).GetArea() <= 1e-12 * read.GetArea()
        assert written.GetGeometryCount() == read.GetGeometryCount()


def test_geojson_coordinates_have_7_decimals_unless_asked_otherwise(out):
    run(*with_data(*COVERAGE, "--output", out / "c.geojson"))
    run(*with_data(*COVERAGE, "--output", out / "c3.geojson", "--lco", "COORDINATE_PRECISION=3", "--lco",
                   "WRITE_BBOX=YES"))

    def read(path):
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
        pairs = []

        def walk(c):
            if isinstance(c[0], list):
                for x in c:
                    walk(x)
            else:
                pairs.append(tuple(c))

        for f in data["features"]:
            walk(f["geometry"]["coordinates"])
        blocks = re.findall(r'"coordinates": (\[[^"]*\])', text)
        decimals = max(len(n.split(".")[1]) for block in blocks for n in re.findall(r"-?\d+\.\d+", block))
        return data, pairs, decimals

    data7, pairs7, decimals7 = read(out / "c.geojson")
    data3, pairs3, decimals3 = read(out / "c3.geojson")
    assert (decimals7, decimals3) == (7, 3)
    # every vertex is a vertex of the atlas's regions, rounded to 7 (or 3) decimals
    source = set()
    for f in read_layer(DATA / "atlas.gpkg", "ma_regions_2009"):
        g = ogr.CreateGeometryFromWkb(f["wkb"])
        for poly in (g.GetGeometryRef(i) for i in range(g.GetGeometryCount())) if g.GetGeometryCount() and \
                g.GetGeometryRef(0).GetGeometryCount() else [g]:
            for k in range(poly.GetGeometryCount()):
                source.update(poly.GetGeometryRef(k).GetPoints())
    rounded7 = {(round(x, 7), round(y, 7)) for x, y in source}
    rounded3 = {(round(x, 3), round(y, 3)) for x, y in source}
    assert len(pairs7) > 1000 and set(pairs7) <= rounded7
    assert set(pairs3) <= rounded3
    assert all("bbox" in f for f in data3["features"]) and not any("bbox" in f for f in data7["features"])


def test_dataset_creation_options_reach_gdal(out):
    run(*with_data(*COVERAGE, "--output", out / "v12.gpkg", "--dsco", "VERSION=1.2"))
    run(*with_data(*COVERAGE, "--output", out / "v13.gpkg", "--dsco", "VERSION=1.3"))
    versions = [sqlite3.connect(out / n).execute("PRAGMA user_version").fetchone()[0] for n in ("v12.gpkg", "v13.gpkg")]
    assert versions == [10200, 10300]  # GeoPackage 1.2 and 1.3 (OGC 12-128r15/r17)


def test_shapefiles_are_utf8_with_a_documented_field_name_table(out):
    shp = out / "cov.shp"
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2015", "--zone", "MA", "--output", shp))
    assert "Warning" not in r.stderr and "laundered" not in r.stderr.lower()
    assert (out / "cov.cpg").read_text().strip() == "UTF-8"
    mapping = {row["field"]: row["shapefile_field"] for row in read_csv(out / "cov.fields.csv")}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for long_name, short in mapping.items():
        assert len(short.encode("utf-8")) <= 10
        if long_name != short:
            assert f"| `{long_name}` | `{short}` |" in readme, f"README does not list {long_name} -> {short}"
    assert mapping["partnerships"] == "partnershp" and mapping["per_10k_km2"] == "per10k_km2"
    fields = field_names(shp)
    assert fields == list(mapping.values())
    # the Arabic and accented names come back as the atlas holds them, not as '?'
    names = {f["id"]: (f["name"], f["name_ar"]) for f in read_layer(DATA / "atlas.gpkg", "ma_regions_2015")}
    rows = read_layer(shp)
    assert len(rows) == 12
    for row in rows:
        assert row["name"] == names[row["unit_id"]][0]
    # the long lists of partnership ids are kept whole (dBASE text holds up to 254 bytes)
    run(*with_data("coverage", "--level", "region", "--vintage", "2015", "--zone", "MA", "--output", out / "cov.csv"))
    csv_rows = {r["unit_id"]: r for r in read_csv(out / "cov.csv")}
    for row in rows:
        assert (row["partnr_ids"] or "") == csv_rows[row["unit_id"]]["partnership_ids"]


def test_shapefile_text_in_arabic_script_survives(out):
    shp = out / "names.shp"
    run("classify", "--input", DATA / "atlas.gpkg", "--layer", "ma_provinces", "--field", "disputed", "--output",
        shp)
    source = {f["id"]: f["name_ar"] for f in read_layer(DATA / "atlas.gpkg", "ma_provinces")}
    rows = read_layer(shp)
    assert len(rows) == len(source)
    arabic = [r for r in rows if source[r["id"]]]
    assert arabic and all(r["name_ar"] == source[r["id"]] for r in arabic)
    assert all("?" not in r["name_ar"] for r in arabic)
    assert "class_lbl" in field_names(shp)


# --- sources named as GDAL names them ----------------------------------------------------------

def test_manifest_layers_may_be_vsizip_names_and_relative_vrt_files(out):
    archive = out / "atlas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(DATA / "atlas.gpkg", "atlas.gpkg")
    (out / "sub").mkdir()
    (out / "sub" / "departements.vrt").write_text(
        '<OGRVRTDataSource><OGRVRTLayer name="fr_departements">'
        f'<SrcDataSource relativeToVRT="0">{DATA / "atlas.gpkg"}</SrcDataSource>'
        '<SrcLayer>fr_departements</SrcLayer></OGRVRTLayer></OGRVRTDataSource>', encoding="utf-8")
    manifest = (DATA / "atlas.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace("{file: atlas.gpkg, layer: fr_departements}", "{file: sub/departements.vrt}")
    manifest = manifest.replace("file: atlas.gpkg,", f'file: "/vsizip/{archive}/atlas.gpkg",')
    # the tables stay files, named from the new manifest's folder
    manifest = re.sub(r"(file|aliases|partnerships|hierarchy): (\w+\.csv)", lambda m: f"{m.group(1)}: {DATA / m.group(2)}",
                      manifest)
    assert manifest.count("/vsizip/") == 7
    (out / "atlas.yaml").write_text(manifest, encoding="utf-8")
    for args in (COVERAGE, ("coverage", "--level", "departement", "--zone", "FR")):
        run(*args, "--manifest", out / "atlas.yaml", "--output", out / "from_zip.csv", "--overwrite")
        run(*with_data(*args, "--output", out / "from_files.csv", "--overwrite"))
        assert (out / "from_zip.csv").read_bytes() == (out / "from_files.csv").read_bytes()


# --- rasters ----------------------------------------------------------------------------------

def test_kde_geotiff_is_tiled_with_overviews_and_nodata(out):
    tif = out / "kde.tif"
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--size", "600x400", "--output", tif)
    ds = gdal.Open(str(tif))
    band = ds.GetRasterBand(1)
    assert band.GetBlockSize() == [256, 256]
    assert band.GetNoDataValue() == -9999
    assert max(ds.RasterXSize, ds.RasterYSize) > 256
    assert band.GetOverviewCount() >= 1
    o = band.GetOverview(0)
    assert (o.XSize, o.YSize) == (math.ceil(ds.RasterXSize / 2), math.ceil(ds.RasterYSize / 2))
    # an overview cell is the mean of the 2 x 2 cells it covers (even sizes: exact halves)
    full = band.ReadAsArray().astype(float)
    half = o.ReadAsArray().astype(float)
    rows, cols = full.shape
    means = full.reshape(rows // 2, 2, cols // 2, 2).mean(axis=(1, 3))
    assert np.allclose(half, means, rtol=1e-5, atol=1e-15)
    assert ds.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"


def test_kde_as_cloud_optimized_geotiff(out):
    tif = out / "kde_cog.tif"
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--cell", 1, "--format", "COG", "--output", tif)
    ds = gdal.Open(str(tif))
    assert ds.GetMetadata("IMAGE_STRUCTURE")["LAYOUT"] == "COG"
    assert ds.GetRasterBand(1).GetOverviewCount() >= 1
    assert ds.GetRasterBand(1).GetNoDataValue() == -9999
    plain = out / "kde.tif"
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--cell", 1, "--output", plain)
    assert np.array_equal(gdal.Open(str(plain)).ReadAsArray(), ds.ReadAsArray())


def test_kde_default_extent_leaves_out_remote_points_and_says_how_to_include_them(out):
    points = out / "points.csv"
    text = CITIES.read_text()
    points.write_text(text.rstrip("\n") + "\nAntananarivo,47.52,-18.91\n")
    tif = out / "kde.tif"
    r = run("density", "--kde", "--points", points, "--bandwidth", 25, "--cell", 5, "--output", tif)
    ds = gdal.Open(str(tif))
    crs = CRS.from_wkt(ds.GetProjection())
    to = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    with open(points) as f:
        lonlat = [(float(x["lon"]), float(x["lat"])) for x in __import__("csv").DictReader(f)]
    xy = np.array([to.transform(lon, lat) for lon, lat in lonlat])
    centre = np.median(xy, axis=0)
    d = np.hypot(*(xy - centre).T)
    kept = xy[d <= 6 * np.median(d)]
    assert len(kept) == 5  # Antananarivo is 8,500 km from the Benelux
    h = 25000.0
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    assert x0 == pytest.approx(kept[:, 0].min() - 3 * h, abs=1)
    assert y0 >= kept[:, 1].max() + 3 * h - 1
    bottom = y0 + dy * ds.RasterYSize
    assert kept[:, 1].min() - 3 * h - 5000 - 1 <= bottom <= kept[:, 1].min() - 3 * h + 1
    assert "1 of 6 points lie farther than 6 times the median distance" in r.stderr
    assert "--outliers 0" in r.stderr and "--extent" in r.stderr
    run("density", "--kde", "--points", points, "--bandwidth", 25, "--cell", 5, "--outliers", 0, "--output",
        out / "all.tif")
    x0, dx, _, y0, _, dy = gdal.Open(str(out / "all.tif")).GetGeoTransform()
    assert y0 + dy * gdal.Open(str(out / "all.tif")).RasterYSize <= xy[:, 1].min() - 3 * h + 1


def test_kde_of_the_atlas_stays_on_france_and_morocco(out):
    tif = out / "ends.tif"
    r = run(*with_data("density", "--kde", "--bandwidth", 50, "--output", tif))
    assert re.search(r"note: [0-9]+ of [0-9]+ points lie farther", r.stderr)
    ds = gdal.Open(str(tif))
    back = Transformer.from_crs(CRS.from_wkt(ds.GetProjection()), "EPSG:4326", always_xy=True)
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    corners = [back.transform(x0 + i * dx * ds.RasterXSize, y0 + j * dy * ds.RasterYSize)
               for i in (0, 1) for j in (0, 1)]
    # Western Sahara's south (21° N) to the north of France (51° N): neither Madagascar nor Timor
    assert all(-30 < lon < 30 and 15 < lat < 60 for lon, lat in corners), corners
    run(*with_data("density", "--kde", "--bandwidth", 50, "--outliers", 0, "--output", out / "all.tif"))
    ds = gdal.Open(str(out / "all.tif"))
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    assert x0 + dx * ds.RasterXSize > 5e6  # with every end, the grid reaches thousands of km east


def run_with_file_size_limit(args, limit):
    """Runs coopatlas with files limited to `limit` bytes: a write beyond fails with EFBIG, as
    on a full disk (SIGXFSZ ignored, so that the write fails instead of killing the process)."""
    import resource
    import signal
    import subprocess

    from conftest import CLI

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, preexec_fn=limited,
                          timeout=600)


@pytest.mark.parametrize("name", ["ends.tif", "ends_cog.tif"])
def test_a_raster_write_that_fails_midway_is_one_clear_message(out, name):
    tif = out / name
    extra = ["--format", "COG"] if "cog" in name else []
    p = run_with_file_size_limit(["density", "--kde", "--points", FIXTURES / "benelux_cities.csv", "--bandwidth", 25,
                                  "--cell", 1, "--output", tif, *extra], 16 * 1024)
    assert p.returncode == 1, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr  # one message, not one GDAL line per block
    assert f"'{tif}'" in lines[0] and "is the disk full?" in lines[0], lines[0]
    assert "ERROR" not in p.stderr
    assert list(out.iterdir()) == []  # neither the output nor its temporary file


@pytest.mark.parametrize("name", ["units.gpkg", "units.geojson", "units.geojsonl", "units.shp"])
def test_a_vector_write_that_fails_midway_is_one_clear_message(out, name):
    target = out / name
    p = run_with_file_size_limit(["coverage", "--level", "departement", "--output", target], 64 * 1024)
    assert p.returncode == 1, p.stderr  # GeoJSON: GDAL closes a cut file without error; it is read back
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert f"'{target}'" in lines[0] and "is the disk full?" in lines[0], lines[0]
    assert "ERROR" not in p.stderr
    assert list(out.iterdir()) == []
