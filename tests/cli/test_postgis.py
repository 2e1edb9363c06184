"""PostGIS as a source and as an output, on a throw-away PostgreSQL 15 + PostGIS 3 server
started for these tests (postgis_server.py): the atlas's polygon layers loaded with
ogr2ogr (GDAL's VectorTranslate) give the same analyses and the same map as the files;
coverage, flows and classify write their layers into the database, read back with OGR;
a failed write leaves the database as it was; QGIS loads the styles written there."""
import re

import pytest
from osgeo import gdal, ogr

from conftest import DATA, read_layer, run, with_data
from postgis_server import server
from qgis_check import qgis_renderer

COVERAGE_RUNS = [
    ("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA"),
    ("coverage", "--level", "departement", "--zone", "FR", "--kind", "decentralised_cooperation"),
]
FLOWS = ("flows", "--from-level", "region", "--from-vintage", "2009", "--to-level", "region", "--to-vintage", "2015",
         "--to-zone", "FR")
CLASSIFY = ("classify", "--field", "population", "--method", "jenks", "--classes", "5")


@pytest.fixture(scope="module")
def pg(request):
    s = server()
    request.addfinalizer(s.stop)
    return s


@pytest.fixture(scope="module")
def atlas_db(pg, tmp_path_factory):
    """The atlas's polygon layers in PostGIS, and a manifest reading them from there."""
    connection = pg.create_database("atlas")
    manifest = (DATA / "atlas.yaml").read_text(encoding="utf-8")
    names = re.findall(r"\{file: atlas\.gpkg, layer: (\w+)\}", manifest)
    # the manifest's polygon layers, and the disputed boundaries maps draw beside the countries
    for name in [*names, "disputed_borders"]:  # ogr2ogr -update -f PostgreSQL PG:… atlas.gpkg NAME
        gdal.VectorTranslate(connection, str(DATA / "atlas.gpkg"),
                             options=gdal.VectorTranslateOptions(format="PostgreSQL", layers=[name],
                                                                 accessMode="update"))
    manifest = manifest.replace("file: atlas.gpkg,", f'file: "{connection}",')
    assert manifest.count(connection) == len(names) == 8
    # the tables stay files, named from the new manifest's folder
    manifest = re.sub(r"(file|aliases|partnerships|hierarchy): (\w+\.csv)", lambda m: f"{m.group(1)}: {DATA / m.group(2)}",
                      manifest)
    folder = tmp_path_factory.mktemp("pg_manifest")
    (folder / "atlas.yaml").write_text(manifest, encoding="utf-8")
    return {"connection": connection, "manifest": folder / "atlas.yaml", "layers": names}


def table_state(pg, table):
    """The rows of a table (or None when it does not exist) and every style row."""
    exists = pg.sql("atlas", f"SELECT to_regclass('public.{table}') IS NOT NULL").strip() == "t"
    rows = pg.sql("atlas", f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)), count(*) FROM {table} t") \
        if exists else None
    styles = pg.sql("atlas", "SELECT string_agg(f_table_name || ':' || styleName || ':' || md5(styleQML::text), ',' "
                             "ORDER BY id) FROM layer_styles") \
        if pg.sql("atlas", "SELECT to_regclass('public.layer_styles') IS NOT NULL").strip() == "t" else None
    return rows, styles


def test_analyses_from_postgis_equal_those_from_the_files(atlas_db, out):
    for i, args in enumerate([*COVERAGE_RUNS, FLOWS]):
        run(*args, "--manifest", atlas_db["manifest"], "--output", out / f"pg_{i}.csv")
        run(*with_data(*args, "--output", out / f"files_{i}.csv"))
        pg_bytes, file_bytes = (out / f"pg_{i}.csv").read_bytes(), (out / f"files_{i}.csv").read_bytes()
        assert len(file_bytes.splitlines()) > 10
        assert pg_bytes == file_bytes, f"{' '.join(args)} differs between PostGIS and the files"


def test_a_map_renders_the_same_from_postgis(atlas_db, out):
    spec = DATA / "maps" / "02_coverage_regions.yaml"
    r_pg = run("render", spec, "--manifest", atlas_db["manifest"], "-o", out / "pg.svg", "--report")
    r_files = run("render", spec, "--data", DATA, "-o", out / "files.svg", "--report")
    svg = (out / "files.svg").read_bytes()
    assert svg.count(b"<path") > 16  # the 16 regions at least
    assert (out / "pg.svg").read_bytes() == svg
    assert r_pg.stdout.replace(str(out / "pg.svg"), "OUT") == r_files.stdout.replace(str(out / "files.svg"), "OUT")


def test_coverage_flows_and_classify_write_layers_into_postgis(atlas_db, out):
    db = atlas_db["connection"]
    outputs = {
        "cov": (*COVERAGE_RUNS[0],),
        "flw": FLOWS,
    }
    for layer, args in outputs.items():
        run(*with_data(*args, "--output", db, "--layer-name", layer))
        run(*with_data(*args, "--output", out / "files.gpkg", "--layer-name", layer))
    # classify reads its input from PostGIS too
    run(*CLASSIFY, "--input", db, "--layer", "fr_departements", "--output", db, "--layer-name", "dep_classes")
    run(*CLASSIFY, "--input", DATA / "atlas.gpkg", "--layer", "fr_departements", "--output", out / "files.gpkg",
        "--layer-name", "dep_classes")
    for layer in ("cov", "flw", "dep_classes"):
        in_db = read_layer(db, layer)
        in_file = read_layer(out / "files.gpkg", layer)
        assert len(in_db) == len(in_file) > 0
        for a, b in zip(in_db, in_file):
            ga, gb = a.pop("wkb"), b.pop("wkb")
            assert a.keys() == b.keys()
            for key in a:  # GDAL writes reals to PostgreSQL with 15 significant digits
                assert a[key] == (pytest.approx(b[key], rel=1e-14) if isinstance(b[key], float) else b[key]), key
            assert ogr.CreateGeometryFromWkb(ga).Equals(ogr.CreateGeometryFromWkb(gb))
    assert len(read_layer(db, "cov")) == 16
    assert len(read_layer(db, "dep_classes")) == 101


def test_append_and_overwrite_in_postgis(atlas_db, pg):
    db = atlas_db["connection"]
    run(*with_data(*COVERAGE_RUNS[0], "--output", db, "--layer-name", "cov_twice"))
    run(*with_data(*COVERAGE_RUNS[0], "--output", db, "--layer-name", "cov_twice", "--append"))
    assert pg.sql("atlas", "SELECT count(*) FROM cov_twice").strip() == "32"
    run(*with_data(*COVERAGE_RUNS[0], "--output", db, "--layer-name", "cov_twice", "--overwrite"))
    assert pg.sql("atlas", "SELECT count(*) FROM cov_twice").strip() == "16"
    # one style row per layer and style name, ours the default
    assert pg.sql("atlas", "SELECT count(*), bool_and(useAsDefault) FROM layer_styles "
                           "WHERE f_table_name = 'cov_twice'").strip() == "1|t"


def test_a_failed_write_leaves_the_database_unchanged(atlas_db, pg):
    db = atlas_db["connection"]
    run(*with_data(*COVERAGE_RUNS[0], "--output", db, "--layer-name", "kept"))
    before = table_state(pg, "kept")
    assert before[0] is not None and before[0].strip().endswith("|16")
    # the layer exists and neither --overwrite nor --append is given
    r = run(*with_data(*COVERAGE_RUNS[1], "--output", db, "--layer-name", "kept"), status=1)
    assert "already exists" in r.stderr
    assert table_state(pg, "kept") == before
    # GDAL fails once the old table is dropped: the transaction gives it back
    r = run(*with_data(*COVERAGE_RUNS[1], "--output", db, "--layer-name", "kept", "--overwrite", "--lco",
                       "FID=unit_id"), status=1)
    assert "unit_id" in r.stderr
    assert table_state(pg, "kept") == before
    # a layer the command reads is never written over
    tables = pg.sql("atlas", "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                             "WHERE schemaname = 'public'")
    departements = table_state(pg, "fr_departements")
    r = run(*CLASSIFY, "--input", db, "--layer", "fr_departements", "--output", db, "--layer-name",
            "fr_departements", "--overwrite", status=1)
    assert "refusing to write over input layer 'fr_departements'" in r.stderr
    r = run(*COVERAGE_RUNS[0], "--manifest", atlas_db["manifest"], "--output", db, "--layer-name", "ma_regions_2009",
            "--append", status=1)
    assert "refusing to write over input layer" in r.stderr
    assert table_state(pg, "fr_departements") == departements
    assert pg.sql("atlas", "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                           "WHERE schemaname = 'public'") == tables


def test_styles_in_postgis_are_qgis_layer_styles_that_qgis_loads(atlas_db, pg, out):
    db = atlas_db["connection"]
    run(*with_data(*COVERAGE_RUNS[0], "--output", db, "--layer-name", "styled"))
    run(*with_data(*COVERAGE_RUNS[0], "--output", out / "styled.gpkg"))
    columns = pg.sql("atlas", "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                              "FROM information_schema.columns WHERE table_name = 'layer_styles'").strip()
    # QGIS's own table (QgsPostgresProviderMetadata::saveStyle)
    assert columns == ("id integer, f_table_catalog character varying, f_table_schema character varying, "
                       "f_table_name character varying, f_geometry_column character varying, stylename text, "
                       "styleqml xml, stylesld xml, useasdefault boolean, description text, "
                       "owner character varying, ui xml, update_time timestamp without time zone, "
                       "type character varying")
    row = pg.sql("atlas", "SELECT f_table_catalog, f_table_schema, f_geometry_column FROM layer_styles "
                          "WHERE f_table_name = 'styled'").strip()
    assert row == "atlas|public|wkb_geometry"
    from_db = qgis_renderer(pg.uri("atlas", "styled"), "postgres")
    from_file = qgis_renderer(f"{out / 'styled.gpkg'}|layername=coverage")
    assert from_db["type"] == "graduatedSymbol" and from_db["attribute"] == "per_10k_km2"
    assert from_db["ranges"] == from_file["ranges"] and len(from_db["ranges"]) == 5
