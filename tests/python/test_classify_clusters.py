"""classify and clusters against the command line, on the 101 French départements."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import coopatlas
from conftest import DATA, cli_csv, number, run_cli, same

GPKG = DATA / "atlas.gpkg"
LAYER = ("--input", GPKG, "--layer", "fr_departements")


@pytest.mark.parametrize("method", ["quantiles", "jenks", "equal-interval", "head-tail", "std-dev", "box-plot"])
def test_classify_a_layer_as_the_command_line(method, tmp_path):
    c = coopatlas.classify(GPKG, "population", method=method, classes=5, layer="fr_departements")
    rows = cli_csv(tmp_path, "c.csv", "classify", *LAYER, "--field", "population", "--method", method)
    assert c.k == len(rows)
    assert c.labels == [r["label"] for r in rows]
    assert c.counts == [int(r["count"]) for r in rows]
    for i, r in enumerate(rows):
        assert same(c.breaks[i], number(r["lower"]), 1e-9) and same(c.breaks[i + 1], number(r["upper"]), 1e-9)
    table = c.table
    assert list(table.columns) == ["class", "lower", "upper", "label", "count"]
    assert table["count"].sum() == len(c.classes) - c.missing


def test_classify_a_dataframe_and_numbers_gives_the_same_classes(tmp_path):
    gdf = gpd.read_file(GPKG, layer="fr_departements")
    by_frame = coopatlas.classify(gdf, "population", method="jenks", classes=5)
    by_values = coopatlas.classify(gdf["population"].to_numpy(), method="jenks", classes=5)
    by_file = coopatlas.classify(GPKG, "population", method="jenks", classes=5, layer="fr_departements")
    assert by_frame.breaks == by_values.breaks == by_file.breaks
    assert by_frame.classes.index.equals(gdf.index)
    # the per-feature classes of the command line's vector output
    out = tmp_path / "classes.gpkg"
    run_cli("classify", *LAYER, "--field", "population", "--method", "jenks", "--data", DATA, "--output", out)
    written = gpd.read_file(out)
    assert list(by_frame.classes.astype(int)) == list(written["class"])
    assert list(by_frame.class_labels) == list(written["class_label"])


def test_classify_user_breaks_and_text_values():
    c = coopatlas.classify(pd.Series(["1,5", "2", "NA", None, "10"]), breaks=[1.8, 5])
    assert c.method == "user"
    assert c.missing == 2
    assert list(c.classes) == [1, 2, pd.NA, pd.NA, 3]
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.classify(pd.Series(["1", "2 km"]), method="quantiles")
    assert "2 km" in str(e.value)


def test_clusters_of_a_layer_as_the_command_line(tmp_path):
    df = coopatlas.clusters(GPKG, "population", layer="fr_departements", weights="queen", permutations=99, seed=7)
    rows = cli_csv(tmp_path, "l.csv", "clusters", *LAYER, "--field", "population", "--permutations", 99, "--seed", 7)
    assert list(df["id"]) == [r["id"] for r in rows]
    for column in ("population", "lag", "local_i", "p_value", "gi_z", "gi_p", "moran_i", "moran_z", "moran_p_sim"):
        for got, want in zip(df[column], rows):
            assert same(got, number(want[column]), 1e-8), column
    assert [q or "" for q in df["quadrant"]] == [r["quadrant"] for r in rows]
    assert [q or "" for q in df["cluster"]] == [r["cluster"] for r in rows]
    g = df.attrs["moran"]
    assert same(g["i"], number(rows[0]["moran_i"]), 1e-8) and g["permutations"] == 99 and g["seed"] == 7


def test_clusters_of_a_geodataframe_in_another_crs_give_the_same_statistics():
    gdf = gpd.read_file(GPKG, layer="fr_departements")
    by_file = coopatlas.clusters(GPKG, "population", layer="fr_departements", weights="knn", k=5, permutations=49)
    projected = gdf.to_crs("EPSG:2154")
    by_frame = coopatlas.clusters(projected, "population", weights="knn", k=5, permutations=49)
    assert isinstance(by_frame, gpd.GeoDataFrame) and by_frame.crs.equals(projected.crs)
    assert by_frame.index.equals(projected.index)
    for column in ("local_i", "p_value", "gi_z", "lag"):
        np.testing.assert_allclose(by_frame[column], by_file[column], rtol=1e-6, equal_nan=True)
    assert list(by_frame["cluster"]) == list(by_file["cluster"])
