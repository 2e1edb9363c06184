"""GeoDataFrames from the module go through GeoPackage (GeoPandas to_file / read_file)
with their values, their geometry and their CRS."""
import geopandas as gpd
import numpy as np
import pandas as pd

import coopatlas


def test_coverage_round_trip_through_geopackage(atlas, tmp_path):
    gdf = coopatlas.coverage(atlas, "region", "2009", "MA", kind="decentralised_cooperation", geometry=True)
    target = tmp_path / "coverage.gpkg"
    gdf.to_file(target, layer="coverage", driver="GPKG")
    back = gpd.read_file(target, layer="coverage")
    assert back.crs.to_epsg() == 4326
    assert list(back.columns) == list(gdf.columns)
    for column in gdf.columns:
        if column == "geometry":
            continue
        if pd.api.types.is_float_dtype(gdf[column]):
            np.testing.assert_array_equal(back[column].to_numpy(), gdf[column].to_numpy())
        else:
            assert list(back[column]) == list(gdf[column]), column
    assert back.geometry.geom_equals(gdf.geometry).all()


def test_entities_and_flows_round_trip(atlas, tmp_path):
    regions = atlas.entities(level="region", country="MA", vintage="2015", geometry=True)
    assert len(regions) == 12 and regions.crs.to_epsg() == 4326
    regions.to_file(tmp_path / "e.gpkg", layer="regions")
    back = gpd.read_file(tmp_path / "e.gpkg", layer="regions")
    assert list(back["id"]) == list(regions["id"])
    assert back.geometry.geom_equals(regions.geometry).all()

    lines = coopatlas.flows(atlas, "region", "region", from_vintage="2009", to_vintage="2015", to_zone="FR",
                            geometry=True)
    lines.to_file(tmp_path / "f.gpkg", layer="flows")
    back = gpd.read_file(tmp_path / "f.gpkg", layer="flows")
    assert back.crs.equals(lines.crs) and list(back["count"]) == list(lines["count"])
    np.testing.assert_array_equal(back["length_km"], lines["length_km"])


def test_a_written_layer_is_read_back_by_the_library(atlas, tmp_path):
    # the coverage layer, written by GeoPandas, classified and clustered by the library
    gdf = coopatlas.coverage(atlas, "departement", zone="FR", geometry=True)
    target = tmp_path / "departements.gpkg"
    gdf.to_file(target, layer="coverage")
    from_file = coopatlas.classify(target, "per_10k_km2", method="quantiles", classes=4)
    from_frame = coopatlas.classify(gdf, "per_10k_km2", method="quantiles", classes=4)
    assert from_file.breaks == from_frame.breaks and from_file.counts == from_frame.counts
