"""Exit statuses of the command line: 0 done, 1 bad input or data, 2 usage."""
import re
from pathlib import Path

import pytest

from conftest import DATA, FIXTURES, out, run, with_data  # noqa: F401 (fixture)

COMMANDS = ["info", "validate", "resolve", "coverage", "flows", "density", "classify", "clusters", "pip", "render"]


def test_version_is_the_project_version():
    cmake = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    version = re.search(r"project\(coopatlas VERSION ([0-9.]+)", cmake).group(1)
    assert run("--version").stdout.strip() == f"coopatlas {version}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command_exits_0(command):
    r = run(command, "--help")
    assert f"coopatlas {command}" in r.stdout


def test_unknown_command_is_a_usage_error_with_a_suggestion():
    r = run("infoo", status=2)
    assert "unknown command 'infoo'" in r.stderr and "did you mean 'info'" in r.stderr
    assert r.stdout == ""


def test_info_lists_the_seed_partnerships():
    # seed 001 lists 40 Moroccan-French decentralised cooperation pairs (24 + 16)
    assert re.search(r"decentralised_cooperation +40\b", run(*with_data("info")).stdout)


def test_validate_accepts_the_embedded_table():
    run(*with_data("validate", DATA / "partnerships.csv"))


def test_validate_reports_an_unknown_party_with_its_place_and_a_suggestion():
    bad = FIXTURES / "partnerships_unknown_party.csv"
    r = run(*with_data("validate", bad), status=1)
    assert re.search(r"partnerships_unknown_party\.csv:3:[0-9]+: unknown party_a 'Fez-Meknes' .*did you mean 'Fès-Meknès'",
                     r.stderr)


def test_an_unknown_level_is_bad_input():
    r = run(*with_data("coverage", "--level", "nope"), status=1)
    assert "no unit of level 'nope'" in r.stderr


def test_a_number_with_a_unit_in_an_option_is_bad_input(out):
    r = run("density", "--kde", "--points", FIXTURES / "benelux_cities.csv", "--bandwidth", "25 km",
            "--output", out / "kde.tif", status=1)
    assert re.search(r"--bandwidth: '25 km' is not a number .* plain number such as 25", r.stderr)
    assert not (out / "kde.tif").exists()


def test_a_number_with_a_unit_in_an_input_field_names_the_line_and_field():
    r = run("classify", "--input", FIXTURES / "values_with_unit.csv", "--field", "value", status=1)
    assert "values_with_unit.csv:3: field 'value': '1.5 km' is not a number" in r.stderr
