"""Classified layers carry their style: opened with QGIS's own Python API (qgis_check.py),
a GeoPackage layer written by coverage, classify, clusters or density comes with the
default style coopatlas stored in its layer_styles table, and a shapefile with the .qml
beside it: a graduated renderer on the classified field, with the breaks of the
classification (computed here by Fisher's dynamic programme, or by the quantile rule)
and the colours of the palette as ColorBrewer publishes them; LISA clusters as
categories. The SLD beside a shapefile says the same in OGC Symbology Encoding."""
import math
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from conftest import DATA, read_csv, read_layer, run, with_data
from qgis_check import qgis_renderer

# ColorBrewer 2.0 (colorbrewer2.org), sequential schemes
YLGNBU = {4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"], 5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]}
REDS_4 = ["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"]
DEPARTEMENTS = ("--input", DATA / "atlas.gpkg", "--layer", "fr_departements", "--field", "population")


def fisher_breaks(values, k):
    """Breaks of Fisher's optimal partition (least within-class sum of squares), O(k n^2)."""
    x = sorted(values)
    n = len(x)
    s1 = [0.0]
    s2 = [0.0]
    for v in x:
        s1.append(s1[-1] + v)
        s2.append(s2[-1] + v * v)

    def ssd(i, j):
        return s2[j] - s2[i] - (s1[j] - s1[i]) ** 2 / (j - i)

    cost = [[math.inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    cost[0][0] = 0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            for i in range(c - 1, j):
                v = cost[c - 1][i] + ssd(i, j)
                if v < cost[c][j]:
                    cost[c][j], cut[c][j] = v, i
    ends, j = [], n
    for c in range(k, 0, -1):
        ends.append(x[j - 1])
        j = cut[c][j]
    return [x[0]] + ends[::-1]


def quantile_breaks(values, k):
    """Quantile breaks by coopatlas's definition (include/coopatlas/analysis/classify.hpp):
    the i-th break is the distinct value whose cumulative count is nearest to i·n/k,
    after the previous break and leaving a distinct value for each class still to come."""
    x = sorted(values)
    n = len(x)
    distinct = sorted(set(x))
    m = len(distinct)
    k = min(k, m)
    cumulative = [sum(1 for v in x if v <= d) for d in distinct]
    breaks, first = [distinct[0]], 0
    for i in range(1, k):
        target = i * n / k
        best = min(range(first, m - (k - i)), key=lambda j: (abs(cumulative[j] - target), j))
        breaks.append(distinct[best])
        first = best + 1
    return breaks + [distinct[-1]]


def assert_graduated(renderer, field, breaks, colours):
    assert renderer["type"] == "graduatedSymbol"
    assert renderer["attribute"] == field
    ranges = renderer["ranges"]
    assert [r[0] for r in ranges] == pytest.approx(breaks[:-1], rel=1e-12)
    assert [r[1] for r in ranges] == pytest.approx(breaks[1:], rel=1e-12)
    assert [r[2] for r in ranges] == colours


def test_layer_styles_table_is_qgis_own_in_a_geopackage(out):
    target = out / "cov.gpkg"
    run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--output", target))
    db = sqlite3.connect(target)
    columns = [row[1] for row in db.execute("PRAGMA table_info(layer_styles)")]
    assert columns == ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                       "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"]
    assert db.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone() == \
        ("attributes",)
    rows = db.execute("SELECT f_table_name, f_geometry_column, useAsDefault FROM layer_styles").fetchall()
    assert rows == [("coverage", "geom", 1)]
    # replaced, not added to, when the layer is written again
    run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--output", target,
                   "--overwrite"))
    assert sqlite3.connect(target).execute("SELECT count(*) FROM layer_styles").fetchone() == (1,)


def test_coverage_geopackage_opens_in_qgis_with_the_maps_classes(out):
    target = out / "cov.gpkg"
    run(*with_data("coverage", "--level", "departement", "--zone", "FR", "--output", target))
    values = [row["per_10k_km2"] for row in read_layer(target, "coverage") if row["per_10k_km2"] is not None]
    assert len(values) == 101
    renderer = qgis_renderer(f"{target}|layername=coverage")
    assert_graduated(renderer, "per_10k_km2", quantile_breaks(values, 5), YLGNBU[5])


def test_classify_geopackage_opens_in_qgis_with_the_jenks_classes(out):
    target = out / "classes.gpkg"
    run("classify", *DEPARTEMENTS, "--method", "jenks", "--output", target)
    run("classify", *DEPARTEMENTS, "--method", "jenks", "--output", out / "classes.csv")
    population = [f["population"] for f in read_layer(DATA / "atlas.gpkg", "fr_departements")]
    renderer = qgis_renderer(f"{target}|layername=classes")
    assert_graduated(renderer, "population", fisher_breaks(population, 5), YLGNBU[5])
    assert [r[3] for r in renderer["ranges"]] == [row["label"] for row in read_csv(out / "classes.csv")]


def test_user_breaks_and_another_palette(out):
    target = out / "classes.gpkg"
    run("classify", *DEPARTEMENTS, "--breaks", "300000,600000,1000000", "--palette", "Reds", "--output", target,
        "--layer-name", "pop")
    population = [f["population"] for f in read_layer(DATA / "atlas.gpkg", "fr_departements")]
    renderer = qgis_renderer(f"{target}|layername=pop")
    assert_graduated(renderer, "population", [min(population), 300000, 600000, 1000000, max(population)], REDS_4)


def test_shapefile_comes_with_qml_and_sld_under_its_short_field_name(out):
    gpkg = out / "cov.gpkg"
    run(*with_data("coverage", "--level", "departement", "--zone", "FR", "--output", gpkg))
    shp = out / "dep.shp"
    run("classify", "--input", gpkg, "--field", "per_10k_km2", "--method", "jenks", "--classes", "4", "--output", shp)
    values = [row["per_10k_km2"] for row in read_layer(gpkg, "coverage")]
    breaks = fisher_breaks(values, 4)
    assert (out / "dep.qml").is_file() and (out / "dep.sld").is_file()
    renderer = qgis_renderer(shp)
    assert_graduated(renderer, "per10k_km2", breaks, YLGNBU[4])  # the 10-character name of the .dbf
    ns = {"se": "http://www.opengis.net/se", "ogc": "http://www.opengis.net/ogc", "sld": "http://www.opengis.net/sld"}
    rules = ET.parse(out / "dep.sld").getroot().findall(".//se:Rule", ns)
    assert len(rules) == 4
    for i, rule in enumerate(rules):
        fill = rule.find(".//se:PolygonSymbolizer/se:Fill/se:SvgParameter[@name='fill']", ns).text
        assert fill == YLGNBU[4][i]
        assert {p.text for p in rule.findall(".//ogc:PropertyName", ns)} == {"per10k_km2"}
        literals = [float(x.text) for x in rule.findall(".//ogc:Literal", ns)]
        assert literals == pytest.approx([breaks[i], breaks[i + 1]], rel=1e-12)


def test_lisa_clusters_are_categories(out):
    target = out / "lisa.gpkg"
    run("clusters", *DEPARTEMENTS, "--weights", "queen", "--permutations", "99", "--output", target)
    renderer = qgis_renderer(f"{target}|layername=clusters")
    assert renderer["type"] == "categorizedSymbol" and renderer["attribute"] == "cluster"
    colours = {value: colour for value, colour, _ in renderer["categories"]}
    # GeoDa's LISA map: hot spots red, cold spots blue, outliers pale, not significant grey
    assert colours == {"HH": "#ff0000", "LL": "#0000ff", "LH": "#a7adf9", "HL": "#f4ada8", "ns": "#eeeeee",
                       "island": "#999999"}
    written = {row["cluster"] for row in read_layer(target, "clusters")}
    assert written <= set(colours) and "ns" in written


def test_density_layers_are_styled(out):
    target = out / "density.gpkg"
    run(*with_data("density", "--level", "region", "--vintage", "2016", "--zone", "FR", "--output", target))
    values = [row["per_10k_km2"] for row in read_layer(target, "density")]
    assert_graduated(qgis_renderer(f"{target}|layername=density"), "per_10k_km2", quantile_breaks(values, 5),
                     YLGNBU[5])
    grid = out / "grid.gpkg"
    run(*with_data("density", "--grid", "hex", "--cell", "100", "--output", grid))
    renderer = qgis_renderer(f"{grid}|layername=grid")
    assert renderer["type"] == "graduatedSymbol" and renderer["attribute"] == "per_1000_km2"
    per = [row["per_1000_km2"] for row in read_layer(grid, "grid")]
    assert renderer["ranges"][0][0] == pytest.approx(min(per)) and renderer["ranges"][-1][1] == pytest.approx(max(per))
