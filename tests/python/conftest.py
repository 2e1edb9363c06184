"""Shared fixtures of the Python module's tests.

The module is imported from the build tree (PYTHONPATH=<build>/apps/python, set by CTest);
its results are compared with what the `coopatlas` command line (COOPATLAS_CLI) writes for
the same options on the same atlas (COOPATLAS_DATA, the embedded one), so that Python and
the command line are shown to give the same numbers and the same ids.
"""
import csv
import math
import os
import subprocess
from pathlib import Path

import pytest

import coopatlas

CLI = Path(os.environ.get("COOPATLAS_CLI", ""))
DATA = Path(os.environ.get("COOPATLAS_DATA", Path(__file__).resolve().parents[2] / "shapefiles"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run_cli(*args, status=0):
    """Runs `coopatlas ARGS --data DATA` and returns (stdout, stderr); asserts the exit status."""
    assert CLI.is_file(), f"COOPATLAS_CLI does not name the coopatlas binary: '{CLI}'"
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=600)
    assert p.returncode == status, (f"coopatlas {' '.join(map(str, args))}: exit {p.returncode}, expected {status}\n"
                                    f"--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}")
    return p.stdout, p.stderr


def cli_csv(tmp_path, name, *args):
    """Rows of the CSV the command line writes with --output (as dicts of text)."""
    target = tmp_path / name
    run_cli(*args, "--data", DATA, "--output", target)
    with open(target, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    """A CSV cell as a float (empty = NaN)."""
    return float(text) if text != "" else math.nan


def same(a, b, rel=1e-9):
    """Equal numbers, NaN equal to NaN (the CSV writes 10 significant digits)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == pytest.approx(b, rel=rel, abs=1e-12)


@pytest.fixture(scope="session")
def atlas():
    """The embedded atlas, loaded once per test file (COOPATLAS_DATA/atlas.yaml)."""
    return coopatlas.Atlas.load(DATA / "atlas.yaml")
