"""Mistakes in an atlas manifest: each is bad input (exit status 1) reported at the
manifest's file:line:column with a suggestion, before anything is computed, and GDAL
prints no line of its own. The manifests read Natural Earth's Benelux provinces."""
import pytest

from conftest import FIXTURES, run

GPKG = FIXTURES / "benelux.gpkg"
GOOD = """    level: province
    id_template: "{country}:{level}:{code}"
    fields: {country: iso_a2, code: name, name: name}
"""


def write(folder, text):
    path = folder / "atlas.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def layer_manifest(folder, settings, tail=""):
    """Line 4 is the layer's first setting after file and layer."""
    return write(folder, f"title: Benelux\nlayers:\n  - file: {GPKG}\n    layer: states_provinces\n{settings}{tail}")


def fails_at(manifest, line, column=None):
    r = run("info", "--manifest", manifest, status=1)
    where = f"{manifest}:{line}:" + (f"{column}:" if column else "")
    assert where in r.stderr, r.stderr
    assert "ERROR" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.stdout == ""
    return r.stderr


def test_the_benelux_manifest_loads(tmp_path):
    r = run("info", "--manifest", layer_manifest(tmp_path, GOOD))
    assert "BE      province" in r.stdout and "NL      province" in r.stdout


def test_a_bad_where_names_its_line_with_gdal_s_message(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD + "    where: \"adm0_a3 =\"\n"), 8, 12)
    assert "invalid where \"adm0_a3 =\" on benelux.gpkg (layer states_provinces)" in err
    assert "'adm0_a3', 'iso_a2', 'name', 'fips', 'gn_name'" in err


def test_an_unknown_placeholder_lists_the_known_ones(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD.replace("{code}", "{cde}")), 6, 18)
    assert "unknown placeholder {cde}" in err
    assert "did you mean {code}? known placeholders: {country}, {level}, {vintage}, {code}" in err


def test_a_mapped_field_missing_from_the_layer_lists_its_fields(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD.replace("name: name}", "name: NAME_X}")), 7)
    assert "has no field 'NAME_X' (mapped to name)" in err
    assert "its fields, nearest first: 'name'," in err


def test_an_empty_id_part_names_the_feature_and_field(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD.replace("code: name", "code: fips")), 6, 18)
    assert "gives an empty {code} for feature" in err and "field 'fips' is empty" in err


def test_a_rank_that_is_not_a_number(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD + "    rank: abc\n"), 8, 11)
    assert "'rank' must be a whole number (0 or more), not 'abc'" in err


def test_layers_that_are_not_a_list(tmp_path):
    err = fails_at(write(tmp_path, "title: Benelux\nlayers: 5\n"), 2, 9)
    assert "'layers' must be a list of layers" in err


def test_a_layer_that_is_not_a_map(tmp_path):
    err = fails_at(write(tmp_path, f"layers:\n  - {GPKG}\n"), 2)
    assert "each layer must be a map with at least 'file'" in err


def test_an_unknown_manifest_key(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD, "partnership: p.csv\n"), 8, 1)
    assert "unknown manifest key 'partnership' — did you mean 'partnerships'?" in err


def test_an_unknown_layer_key(tmp_path):
    err = fails_at(layer_manifest(tmp_path, GOOD + "    wher: \"adm0_a3 = 'BEL'\"\n"), 8, 5)
    assert "unknown layer key 'wher' — did you mean 'where'?" in err


@pytest.mark.parametrize("entry, message", [
    ("{file: p.csv, encoding: ebcdic}", "unknown encoding 'ebcdic'"),
    ("{file: p.csv, columns: {party: X}}", "unknown column 'party' in columns"),
    ("{file: p.csv, sheet: [a]}", "'sheet' must be text, not a list"),
])
def test_a_bad_partnership_entry(tmp_path, entry, message):
    err = fails_at(layer_manifest(tmp_path, GOOD, f"partnerships:\n  - {entry}\n"), 9)
    assert message in err
