"""Errors of the library arrive as the exceptions of coopatlas.errors, with what the
command line says about the same input."""
import pytest

import coopatlas
from coopatlas import _coopatlas
from conftest import DATA, run_cli


def cli_problems(tmp_path, *parties):
    """What `coopatlas validate` says about a table naming these parties (one line each)."""
    table = tmp_path / "p.csv"
    lines = ["id,kind,party_a,party_b,year,source"]
    lines += [f"P{i},decentralised_cooperation,{p},Lille,2001,test" for i, p in enumerate(parties, 1)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, err = run_cli("validate", table, "--data", DATA, status=1)
    return [line for line in err.splitlines() if line.startswith(str(table))]


def test_hierarchy_under_one_base():
    for cls in (coopatlas.InputError, coopatlas.UnknownName, coopatlas.AmbiguousName):
        assert issubclass(cls, coopatlas.CoopatlasError)
    assert issubclass(coopatlas.CoopatlasError, Exception)


def test_unknown_name_suggests_what_the_command_line_suggests(atlas, tmp_path):
    with pytest.raises(coopatlas.UnknownName) as e:
        atlas.resolve("Fess")
    (line,) = cli_problems(tmp_path, "Fess")
    suggestion = line.split(" \u2014 ", 1)[1]
    assert suggestion.startswith("did you mean 'Fès'")
    # the command line also reads the world layers for a name it cannot find (README, "lazy"), so
    # its list may end with world units; the nearest names of the loaded atlas come first in both
    ours = str(e.value).split(" \u2014 ", 1)[1]
    assert ours.split(" or ")[:2] == suggestion.split(" or ")[:2], (ours, suggestion)
    assert e.value.name == "Fess"
    assert e.value.suggestions[0] == atlas.suggest("Fess")[0].id
    assert atlas.entity(e.value.suggestions[0]).name == "Fès"
    # 'Fes' (the spelling without accent) is Fès itself
    assert atlas.resolve("Fes").id == "MA:commune:fes"


def test_unknown_region_name_with_its_nearest(atlas):
    with pytest.raises(coopatlas.UnknownName) as e:
        atlas.resolve("Fez-Meknes")
    assert "did you mean 'Fès-Meknès' (region, MA, 2015, MA:region:2015:03)" in str(e.value)
    assert e.value.suggestions[0] == "MA:region:2015:03"


def test_ambiguous_name_carries_the_candidates(atlas):
    # "Oriental" names a region of 2009 and one of 2015; without a year neither is in force
    with pytest.raises(coopatlas.AmbiguousName) as e:
        atlas.resolve("Oriental")
    assert len(e.value.candidates) >= 2
    assert {atlas.entity(i).level for i in e.value.candidates} == {"region"}
    assert len({atlas.entity(i).vintage for i in e.value.candidates}) >= 2
    assert atlas.resolve("Oriental", year=2010).vintage == "2009"


def test_bad_level_is_the_command_lines_error(atlas):
    with pytest.raises(coopatlas.CoopatlasError) as e:
        coopatlas.coverage(atlas, level="regoin")
    _, err = run_cli("coverage", "--data", DATA, "--level", "regoin", status=1)
    assert err.strip() == f"coopatlas coverage: {e.value}"
    assert "levels: " in str(e.value) and "region" in str(e.value)


def test_filter_word_matching_nothing_is_an_input_error_with_a_suggestion(atlas):
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.coverage(atlas, "region", "2009", "MA", kind="decentralised")
    assert e.value.field == "kind"
    assert e.value.suggestion.startswith("did you mean 'decentralised_cooperation'?")
    assert len(e.value.diagnostics) == 1
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.coverage(atlas, "region", "2009", "MA", theme="srat", country="XY")
    assert [d.field for d in e.value.diagnostics] == ["theme", "country"]


def test_bad_keyword_values(atlas):
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.coverage(atlas, "region", "2009", "MA", from_year=1800)
    assert e.value.field == "from_year"
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.coverage(atlas, "region", "2009", "MA", undated="maybe")
    assert e.value.field == "undated"
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.coverage(atlas, "region", "2009", "MA", from_year=2020, to_year=2000)
    assert "is empty" in str(e.value)
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.clusters(DATA / "atlas.gpkg", "population", layer="fr_departements", weights="bishop")
    assert e.value.field == "weights"
    with pytest.raises(coopatlas.CoopatlasError):
        coopatlas.coverage(atlas, "region", vintage="1999", zone="MA")


def test_input_error_in_a_file_names_its_place(tmp_path):
    table = tmp_path / "v.csv"
    table.write_text("name,value,lon,lat\na,1,0,0\nb,2 km,1,1\n", encoding="utf-8")
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.classify(table, "value")
    d = e.value.diagnostics[0]
    assert (d.file, d.line, d.field) == (str(table), 3, "value")
    assert e.value.file == str(table) and e.value.line == 3
    assert str(d) in str(e.value)


def test_every_kind_of_cpp_error_is_translated():
    with pytest.raises(coopatlas.InputError) as e:
        _coopatlas._raise_for_test("input")
    assert (e.value.file, e.value.line, e.value.column, e.value.field) == ("f.csv", 3, 30, "party_a")
    assert e.value.suggestion == "did you mean 'y'?"
    assert str(e.value) == "f.csv:3:30: unknown party_a 'x' \u2014 did you mean 'y'?"
    with pytest.raises(coopatlas.CoopatlasError) as e:
        _coopatlas._raise_for_test("error")
    assert type(e.value) is coopatlas.CoopatlasError
    with pytest.raises(RuntimeError):
        _coopatlas._raise_for_test("other")


def test_names_by_language_as_the_labels_read_them(atlas):
    # Oriental, region 2 of morocco-map (2015): its French, Arabic and Tifinagh names
    e = atlas.entity("MA:region:2015:02")
    assert e.name_in("fr") == e.name == "Oriental"
    assert e.name_in("ar") == e.name_ar == "\u0627\u0644\u0634\u0631\u0642\u064a\u0629"
    assert e.name_in("tfng") == e.name_tfng != ""
    assert e.name_in("es") == "" and e.names == {}
