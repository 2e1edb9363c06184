"""The filter's vocabulary: `info --vocabulary` lists what the data holds, and a filter
value that matches nothing is an error naming the nearest known values."""
import collections
import re

import pytest

from atlas_tables import atlas_tables
from conftest import run, with_data


def expected_counts():
    """Counts read from partnerships.csv directly: one per partnership and value."""
    kinds, themes, sources = collections.Counter(), collections.Counter(), collections.Counter()
    for row in atlas_tables().partnerships:
        kinds[row["kind"]] += 1
        sources[row["source"]] += 1
        for t in set(filter(None, row["themes"].split("|"))):
            themes[t] += 1
    return kinds, themes, sources


def section(text, title):
    block = re.search(rf"^{re.escape(title)} \(.*?\):\n((?:  .*\n)*)", text, re.M)
    assert block, f"no section '{title}' in:\n{text}"
    return {line.split()[0]: int(line.split()[-1]) for line in block.group(1).splitlines()}


def test_info_lists_kinds_themes_and_sources_with_their_counts():
    out = run(*with_data("info", "--vocabulary")).stdout
    kinds, themes, sources = expected_counts()
    assert section(out, "kinds") == dict(kinds)
    assert section(out, "themes") == dict(themes)
    assert section(out, "sources") == dict(sources)
    assert section(out, "party countries")["MA"] > 0


@pytest.mark.parametrize("command", [
    ("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA"),
    ("flows", "--from-level", "region", "--to-level", "region"),
    ("density", "--level", "region", "--vintage", "2009", "--zone", "MA", "--output", "unused.csv"),
])
def test_an_unknown_theme_is_bad_input_with_a_suggestion(command, tmp_path):
    r = run(*with_data(*command, "--theme", "regional_planing"), status=1, cwd=tmp_path)
    assert "--theme 'regional_planing': no partnership has this theme" in r.stderr
    assert "did you mean 'regional_planning'" in r.stderr
    assert not (tmp_path / "unused.csv").exists()


def test_an_unknown_kind_lists_the_kinds_and_an_empty_year_range_is_refused():
    r = run(*with_data("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--kind", "conventoin"),
            status=1)
    assert "did you mean 'convention'?" in r.stderr
    r = run(*with_data("flows", "--from-level", "region", "--to-level", "region", "--from", "2020", "--to", "2000"),
            status=1)
    assert "the year range 2020-2000 is empty" in r.stderr


def test_a_map_spec_filter_value_unknown_to_the_data_is_an_error_at_its_line(tmp_path):
    """Copied from the default map 04 with one theme mistyped: the error points at the
    mistyped item's own line and column, and no image is written."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: planning\n"
        "filter:\n"
        "  kinds: convention\n"
        "  themes:\n"
        "    - regional_planning_scheme\n"
        "    - regional_planing\n"
        "layers:\n"
        "  - {kind: polygons, units: {level: region, vintage: \"2009\", country: MA}, value: first_year}\n",
        encoding="utf-8")
    r = run(*with_data("render", spec, "-o", tmp_path / "m.png"), status=1)
    assert f"{spec}:6:7:" in r.stderr  # line 6, after "    - "
    assert "theme 'regional_planing': no partnership has this theme" in r.stderr
    assert "did you mean 'regional_planning'" in r.stderr
    assert not (tmp_path / "m.png").exists()
    # a layer's own filter is checked the same way, a spec that only draws files is not
    spec.write_text(
        "title: kinds\n"
        "layers:\n"
        "  - {kind: circles, parties: {country: FR}, filter: {kinds: programe}}\n", encoding="utf-8")
    r = run(*with_data("render", spec, "-o", tmp_path / "m.png"), status=1)
    assert f"{spec}:3:" in r.stderr and "did you mean 'programme'" in r.stderr
