"""classify and clusters on the population of the 101 French départements.

Expected breaks come from Fisher's exact optimal partition computed here by dynamic
programming; Moran's I, its z-scores, local Moran and Gi* from libpysal's queen weights
and the textbook formulas (Cliff & Ord 1981; Anselin 1995; Getis & Ord 1992, Ord & Getis 1995)."""
import math

import numpy as np
import pytest
from libpysal.weights import Queen
from osgeo import gdal

from atlas_tables import atlas_tables
from conftest import DATA, read_csv, run, with_data

atlas = atlas_tables()
layer = ("--input", DATA / "atlas.gpkg", "--layer", "fr_departements", "--field", "population")


def fisher_jenks(values, k):
    """Optimal partition of sorted values into k classes minimising the within-class
    sum of squared deviations (Fisher 1958), by dynamic programming; returns the classes."""
    x = sorted(values)
    n = len(x)
    s1 = np.concatenate([[0], np.cumsum(x)])
    s2 = np.concatenate([[0], np.cumsum(np.square(x))])

    def ssd(i, j):  # values i..j-1
        m = j - i
        return s2[j] - s2[i] - (s1[j] - s1[i]) ** 2 / m

    cost = [[math.inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    cost[0][0] = 0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            for i in range(c - 1, j):
                v = cost[c - 1][i] + ssd(i, j)
                if v < cost[c][j]:
                    cost[c][j], cut[c][j] = v, i
    classes, j = [], n
    for c in range(k, 0, -1):
        i = cut[c][j]
        classes.append(x[i:j])
        j = i
    return classes[::-1]


def populations():
    return {k: u["population"] for k, u in atlas.level("departement", None, "FR").items()}


def test_jenks_breaks_are_the_optimal_partition(out):
    target = out / "classes.csv"
    r = run(*with_data("classify", *layer, "--method", "jenks", "--output", target))
    classes = fisher_jenks(list(populations().values()), 5)
    rows = read_csv(target)
    assert len(rows) == 5
    for row, values in zip(rows, classes):
        assert float(row["upper"]) == values[-1]
        assert int(row["count"]) == len(values)
    assert float(rows[0]["lower"]) == classes[0][0]
    for prev, row in zip(rows, rows[1:]):
        assert float(row["lower"]) == float(prev["upper"])
    assert "fisher-jenks, 5 classes" in r.stdout + r.stderr


@pytest.fixture(scope="module")
def queen(tmp_path_factory):
    """libpysal's queen contiguity on the département polygons, exported to a shapefile."""
    shp = tmp_path_factory.mktemp("queen") / "dep.shp"
    gdal.VectorTranslate(str(shp), str(DATA / "atlas.gpkg"), layerName="dep",
                         options=gdal.VectorTranslateOptions(layers=["fr_departements"], format="ESRI Shapefile"))
    w = Queen.from_shapefile(str(shp), idVariable="id")
    w.transform = "r"
    return w


def test_morans_i_z_scores_local_moran_and_gi_star(out, queen):
    target = out / "clusters.csv"
    r = run(*with_data("clusters", *layer, "--output", target))
    pop = populations()
    ids = queen.id_order
    x = np.array([pop[i] for i in ids], dtype=float)
    n = len(x)
    W = np.zeros((n, n))
    for a, i in enumerate(ids):
        for j, wij in zip(queen.neighbors[i], queen.weights[i]):
            W[a, ids.index(j)] = wij
    islands = [i for i in ids if not queen.neighbors[i]]
    assert sorted(islands) == ["FR:departement:971", "FR:departement:972", "FR:departement:973",
                               "FR:departement:974", "FR:departement:976"]

    z = x - x.mean()
    S0 = W.sum()
    S1 = 0.5 * ((W + W.T) ** 2).sum()
    S2 = ((W.sum(axis=0) + W.sum(axis=1)) ** 2).sum()
    I = n / S0 * z @ W @ z / (z @ z)
    EI = -1 / (n - 1)
    var_norm = (n * n * S1 - n * S2 + 3 * S0 * S0) / ((n * n - 1) * S0 * S0) - EI * EI
    b2 = n * (z ** 4).sum() / (z @ z) ** 2
    var_rand = (n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S0 * S0) - b2 * ((n * n - n) * S1 - 2 * n * S2 + 6 * S0 * S0)) \
        / ((n - 1) * (n - 2) * (n - 3) * S0 * S0) - EI * EI
    z_norm = (I - EI) / math.sqrt(var_norm)
    z_rand = (I - EI) / math.sqrt(var_rand)
    assert f"global Moran's I = {I:.4f}" in r.stdout
    assert f"z (randomisation) = {z_rand:.3f}" in r.stdout
    assert f"z (normality) = {z_norm:.3f}" in r.stdout
    assert round(I, 4) == 0.3617  # PySAL on the 101 départements

    rows = {row["id"]: row for row in read_csv(target)}
    assert set(rows) == set(ids)
    lag = W @ x
    local = z * (W @ z) / ((z @ z) / n)  # Anselin (1995): z_i / m2 · Σ w_ij z_j, m2 = Σ z² / n
    # Gi*: binary weights with the unit itself, on all n values (Ord & Getis 1995)
    B = (W > 0).astype(float) + np.eye(n)
    mean, s = x.mean(), math.sqrt((x ** 2).mean() - x.mean() ** 2)
    wsum, w2 = B.sum(axis=1), (B ** 2).sum(axis=1)
    gi = (B @ x - mean * wsum) / (s * np.sqrt((n * w2 - wsum ** 2) / (n - 1)))
    for a, i in enumerate(ids):
        row = rows[i]
        assert float(row["moran_i"]) == pytest.approx(I, rel=1e-9)
        assert float(row["moran_z"]) == pytest.approx(z_rand, rel=1e-8)
        if i in islands:
            continue
        assert float(row["lag"]) == pytest.approx(lag[a], rel=1e-9)
        assert float(row["local_i"]) == pytest.approx(local[a], rel=1e-8, abs=1e-9)
        assert float(row["gi_z"]) == pytest.approx(gi[a], rel=1e-8, abs=1e-9)
