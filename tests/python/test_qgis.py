"""The QGIS Processing plugin, as packaged in coopatlas_processing.zip, under Debian's QGIS
without a display (QT_QPA_PLATFORM=offscreen): every algorithm on the embedded atlas,
its outputs against the command line's, its styles, progress and cancellation."""
import configparser
import os
import struct
import sys
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (NULL, QgsApplication, QgsFeature, QgsProcessingFeedback, QgsRasterLayer,  # noqa: E402
                       QgsVectorLayer)

import coopatlas  # noqa: E402
from conftest import DATA, cli_csv, number, run_cli, same  # noqa: E402

ZIP = Path(os.environ.get("COOPATLAS_QGIS_ZIP", ""))
ALGORITHMS = {"coverage", "flows", "density", "kde", "classify", "clusters", "render"}


@pytest.fixture(scope="module")
def qgis(tmp_path_factory):
    """QGIS started headless, Processing initialised, the plugin installed from the zip."""
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    # installed as "Install from ZIP" does (pyplugin_installer: the plugin is the folder of
    # the shortest metadata.txt, unzipped by its unzip()), then found, loaded and started by
    # QGIS's own plugin machinery, as qgis_process starts Processing plugins
    import importlib.util

    import qgis.utils

    with zipfile.ZipFile(ZIP) as z:
        metadata = sorted(n for n in z.namelist() if n.endswith("metadata.txt"))
    assert metadata and os.path.split(metadata[0])[0] == "coopatlas_processing"
    spec = importlib.util.spec_from_file_location("qgis_unzip", "/usr/share/qgis/python/pyplugin_installer/unzip.py")
    unzip = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(unzip)
    plugins = tmp_path_factory.mktemp("plugins")
    unzip.unzip(str(ZIP), str(plugins))
    qgis.utils.plugin_paths = [str(plugins)]
    sys.path.insert(0, str(plugins))
    qgis.utils.updateAvailablePlugins()
    assert "coopatlas_processing" in qgis.utils.available_plugins
    assert qgis.utils.loadPlugin("coopatlas_processing")
    assert qgis.utils.startProcessingPlugin("coopatlas_processing")
    import coopatlas_processing

    assert Path(coopatlas_processing.__file__).parent == plugins / "coopatlas_processing"
    yield processing
    assert qgis.utils.unloadPlugin("coopatlas_processing")
    assert QgsApplication.processingRegistry().providerById("coopatlas") is None


def run(processing, name, parameters, feedback=None):
    return processing.run("coopatlas:" + name, parameters, feedback=feedback)


def test_the_zip_is_a_qgis_plugin():
    assert ZIP.is_file(), f"COOPATLAS_QGIS_ZIP does not name the plugin zip: '{ZIP}'"
    with zipfile.ZipFile(ZIP) as z:
        names = set(z.namelist())
        assert {"coopatlas_processing/__init__.py", "coopatlas_processing/metadata.txt",
                "coopatlas_processing/icon.svg"} <= names
        assert all(n.startswith("coopatlas_processing/") for n in names)
        assert not any("__pycache__" in n for n in names)
        meta = configparser.ConfigParser()
        meta.read_string(z.read("coopatlas_processing/metadata.txt").decode("utf-8"))
        general = meta["general"]
        for key in ("name", "qgisMinimumVersion", "description", "version", "author", "email", "about"):
            assert general.get(key), key
        assert general["hasProcessingProvider"] == "yes"
        assert general["version"] == coopatlas.__version__
        assert "def classFactory(iface)" in z.read("coopatlas_processing/__init__.py").decode("utf-8")


def test_provider_lists_one_algorithm_per_command_with_help(qgis):
    provider = QgsApplication.processingRegistry().providerById("coopatlas")
    assert provider is not None
    algs = {a.name(): a for a in provider.algorithms()}
    assert set(algs) == ALGORITHMS
    for a in algs.values():
        assert len(a.shortHelpString()) > 100, a.name()
        assert a.displayName() and a.group()
        assert a.parameterDefinitions(), a.name()


def layer_values(layer, field):
    """A field's values, NULL as None."""
    return [None if f[field] == NULL else f[field] for f in layer.getFeatures()]


def check_graduated(layer, field, breaks, palette):
    renderer = layer.renderer()
    assert renderer.type() == "graduatedSymbol"
    assert renderer.classAttribute() == field
    ranges = renderer.ranges()
    assert [r.lowerValue() for r in ranges] == pytest.approx(breaks[:-1])
    assert [r.upperValue() for r in ranges] == pytest.approx(breaks[1:])
    assert [r.symbol().color().name() for r in ranges] == coopatlas.palette(palette, len(ranges))


def test_coverage_matches_the_command_line_and_comes_back_styled(qgis, tmp_path):
    progress = []

    class Feedback(QgsProcessingFeedback):
        def setProgress(self, value):  # noqa: N802
            progress.append(value)
            super().setProgress(value)

    result = run(qgis, "coverage", {"LEVEL": "region", "VINTAGE": "2009", "ZONE": "MA", "VALUE": 0, "METHOD": 1,
                                    "CLASSES": 4, "PALETTE": "YlGnBu", "OUTPUT": "TEMPORARY_OUTPUT"}, Feedback())
    layer = result["OUTPUT"]
    assert isinstance(layer, QgsVectorLayer) and layer.crs().authid() == "EPSG:4326"
    rows = [r for r in cli_csv(tmp_path, "c.csv", "coverage", "--level", "region", "--vintage", "2009", "--zone",
                               "MA") if r["row_type"] == "unit"]
    assert layer.featureCount() == len(rows) == 16
    assert layer_values(layer, "unit_id") == [r["unit_id"] for r in rows]
    assert layer_values(layer, "engaged") == [int(r["engaged"]) for r in rows]
    assert layer_values(layer, "partnerships") == [int(r["partnerships"]) for r in rows]
    for got, want in zip(layer_values(layer, "area_km2"), rows):
        assert same(got, number(want["area_km2"]))
    assert result["ENGAGED"] == sum(int(r["engaged"]) for r in rows)
    assert result["UNITS"] == 16
    assert all(not f.geometry().isEmpty() for f in layer.getFeatures())
    # the style: coopatlas's jenks classes of the partnerships, YlGnBu colours
    classes = coopatlas.classify([int(r["partnerships"]) for r in rows], method="jenks", classes=4)
    check_graduated(layer, "partnerships", classes.breaks, "YlGnBu")
    assert progress == sorted(progress) and progress[-1] == 100


def test_coverage_to_a_geopackage_keeps_its_style(qgis, tmp_path):
    target = str(tmp_path / "coverage.gpkg")
    result = run(qgis, "coverage", {"LEVEL": "region", "VINTAGE": "2009", "ZONE": "MA",
                                    "KIND": "decentralised_cooperation", "VALUE": 1, "METHOD": 0, "CLASSES": 5,
                                    "PALETTE": "Blues", "OUTPUT": target})
    assert result["OUTPUT"] == target
    layer = QgsVectorLayer(target, "coverage", "ogr")
    assert layer.isValid() and layer.featureCount() == 16
    rows = [r for r in cli_csv(tmp_path, "c.csv", "coverage", "--level", "region", "--vintage", "2009", "--zone",
                               "MA", "--kind", "decentralised_cooperation") if r["row_type"] == "unit"]
    assert layer_values(layer, "partnerships") == [int(r["partnerships"]) for r in rows]
    classes = coopatlas.classify([number(r["per_10k_km2"]) for r in rows], method="quantiles", classes=5)
    check_graduated(layer, "per_10k_km2", classes.breaks, "Blues")


def test_cancelled_before_the_start_writes_nothing(qgis, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    target = tmp_path / "never.gpkg"
    result = run(qgis, "coverage", {"LEVEL": "region", "VINTAGE": "2009", "ZONE": "MA", "OUTPUT": str(target)},
                 feedback)
    assert "OUTPUT" not in result
    assert not target.exists()


def test_cancelled_during_the_run_stops_between_steps(qgis):
    class CancelAfterLoading(QgsProcessingFeedback):
        def setProgress(self, value):  # noqa: N802
            super().setProgress(value)
            if value >= 30:
                self.cancel()

    feedback = CancelAfterLoading()
    result = run(qgis, "flows", {"FROM_LEVEL": "region", "FROM_VINTAGE": "2009", "TO_LEVEL": "region",
                                 "TO_VINTAGE": "2015", "TO_ZONE": "FR", "OUTPUT": "TEMPORARY_OUTPUT"}, feedback)
    assert "OUTPUT" not in result
    assert feedback.progress() < 100


def test_flows_match_the_command_line(qgis, tmp_path):
    result = run(qgis, "flows", {"FROM_LEVEL": "region", "FROM_VINTAGE": "2009", "TO_LEVEL": "region",
                                 "TO_VINTAGE": "2015", "TO_ZONE": "FR", "KIND": "decentralised_cooperation",
                                 "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    rows = cli_csv(tmp_path, "f.csv", "flows", "--from-level", "region", "--from-vintage", "2009", "--to-level",
                   "region", "--to-vintage", "2015", "--to-zone", "FR", "--kind", "decentralised_cooperation")
    assert layer.featureCount() == len(rows) == result["CORRIDORS"]
    assert [(f["from_id"], f["to_id"], f["count"]) for f in layer.getFeatures()] == \
        [(r["from_id"], r["to_id"], int(r["count"])) for r in rows]
    assert all(f.geometry().type() == 1 for f in layer.getFeatures())  # lines


def test_density_per_unit_matches_the_command_line(qgis, tmp_path):
    result = run(qgis, "density", {"LEVEL": "region", "VINTAGE": "2016", "ZONE": "FR", "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    rows = cli_csv(tmp_path, "d.csv", "density", "--level", "region", "--vintage", "2016", "--zone", "FR")
    assert layer.featureCount() == len(rows) == 18
    for got, want in zip(layer_values(layer, "per_10k_km2"), rows):
        assert same(got, number(want["per_10k_km2"]))
    assert layer.renderer().type() == "graduatedSymbol"


def test_kde_matches_the_command_line(qgis, tmp_path):
    import numpy as np
    from osgeo import gdal

    target = str(tmp_path / "kde.tif")
    result = run(qgis, "kde", {"BANDWIDTH": 50, "KIND": "decentralised_cooperation", "OUTPUT": target})
    assert result["OUTPUT"] == target
    raster = QgsRasterLayer(target, "kde")
    assert raster.isValid() and raster.bandCount() == 1
    cli = tmp_path / "cli.tif"
    run_cli("density", "--kde", "--data", DATA, "--bandwidth", 50, "--kind", "decentralised_cooperation",
            "--output", cli)
    a, b = gdal.Open(target), gdal.Open(str(cli))
    assert a.GetGeoTransform() == pytest.approx(b.GetGeoTransform())
    np.testing.assert_array_equal(a.ReadAsArray(), b.ReadAsArray())
    assert result["PEAK"] == pytest.approx(float(b.ReadAsArray().max()), rel=1e-6)


def test_kde_of_a_memory_point_layer_matches_the_command_line(qgis, tmp_path):
    import csv

    import numpy as np
    from osgeo import gdal
    from qgis.core import QgsGeometry, QgsPointXY

    cities = Path(__file__).resolve().parents[1] / "fixtures" / "benelux_cities.csv"
    memory = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "cities", "memory")
    features = []
    with open(cities, newline="") as f:
        for row in csv.DictReader(f):
            feature = QgsFeature(memory.fields())
            feature.setAttributes([row["name"]])
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(row["lon"]), float(row["lat"]))))
            features.append(feature)
    memory.dataProvider().addFeatures(features)
    target = str(tmp_path / "kde.tif")
    result = run(qgis, "kde", {"POINTS": memory, "BANDWIDTH": 25, "KERNEL": 1, "CELL": 5, "OUTPUT": target})
    assert result["POINTS_USED"] == 5
    cli = tmp_path / "cli.tif"
    run_cli("density", "--kde", "--points", cities, "--bandwidth", 25, "--kernel", "quartic", "--cell", 5,
            "--output", cli)
    a, b = gdal.Open(target), gdal.Open(str(cli))
    assert a.GetGeoTransform() == pytest.approx(b.GetGeoTransform())
    np.testing.assert_array_equal(a.ReadAsArray(), b.ReadAsArray())


def memory_copy(path, layer_name):
    source = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
    assert source.isValid()
    memory = QgsVectorLayer(f"MultiPolygon?crs={source.crs().authid()}", "in memory", "memory")
    memory.dataProvider().addAttributes(source.fields().toList())
    memory.updateFields()
    features = []
    for f in source.getFeatures():
        g = QgsFeature(memory.fields())
        g.setAttributes(f.attributes())
        g.setGeometry(f.geometry())
        features.append(g)
    memory.dataProvider().addFeatures(features)
    assert memory.featureCount() == source.featureCount()
    return memory


def test_classify_a_memory_layer_as_the_command_line(qgis, tmp_path):
    memory = memory_copy(DATA / "atlas.gpkg", "fr_departements")
    assert not Path(memory.source()).exists()
    result = run(qgis, "classify", {"INPUT": memory, "FIELD": "population", "METHOD": 1, "CLASSES": 5,
                                    "PALETTE": "OrRd", "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    out = tmp_path / "classes.gpkg"
    run_cli("classify", "--input", DATA / "atlas.gpkg", "--layer", "fr_departements", "--field", "population",
            "--method", "jenks", "--output", out)
    cli = QgsVectorLayer(str(out), "cli", "ogr")
    assert layer.featureCount() == cli.featureCount() == 101
    assert layer_values(layer, "class") == layer_values(cli, "class")
    assert layer_values(layer, "class_label") == layer_values(cli, "class_label")
    rows = cli_csv(tmp_path, "t.csv", "classify", "--input", DATA / "atlas.gpkg", "--layer", "fr_departements",
                   "--field", "population", "--method", "jenks")
    breaks = [number(rows[0]["lower"])] + [number(r["upper"]) for r in rows]
    check_graduated(layer, "population", breaks, "OrRd")


def test_clusters_match_the_command_line_and_are_styled_by_gi_z(qgis, tmp_path):
    source = QgsVectorLayer(f"{DATA / 'atlas.gpkg'}|layername=fr_departements", "departements", "ogr")
    result = run(qgis, "clusters", {"INPUT": source, "FIELD": "population", "WEIGHTS": 0, "PERMUTATIONS": 99,
                                    "SEED": 7, "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    rows = cli_csv(tmp_path, "l.csv", "clusters", "--input", DATA / "atlas.gpkg", "--layer", "fr_departements",
                   "--field", "population", "--permutations", 99, "--seed", 7)
    assert layer.featureCount() == len(rows)
    for column in ("local_i", "p_value", "gi_z"):
        for got, want in zip(layer_values(layer, column), rows):
            assert same(float("nan") if got is None else got, number(want[column]), 1e-8), column
    assert layer_values(layer, "cluster") == [r["cluster"] or None for r in rows]
    assert result["MORAN_I"] == pytest.approx(number(rows[0]["moran_i"]), rel=1e-8)
    renderer = layer.renderer()
    assert renderer.type() == "graduatedSymbol" and renderer.classAttribute() == "gi_z"
    inner = [r.upperValue() for r in renderer.ranges()][:-1]
    assert set(inner) <= {-2.58, -1.96, 1.96, 2.58}


def test_render_writes_the_map(qgis, tmp_path):
    target = tmp_path / "map.png"
    result = run(qgis, "render", {"SPEC": str(DATA / "maps" / "02_coverage_regions.yaml"), "DPI": 48,
                                  "OUTPUT": str(target)})
    assert result["OUTPUT"] == str(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (700, 550)  # 1400 x 1100 page pixels at 48 dpi
