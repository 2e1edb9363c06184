"""atlas: the tables of a book (tables: coverage and flows entries) are written in the same run
as its pages, byte for byte as `coopatlas coverage` and `coopatlas flows` write them with the
same options; a wrong entry is an error at its line, with a suggestion, and writes nothing.

The engaged units and their partnerships are computed independently from atlas.gpkg and
partnerships.csv (atlas_tables.py)."""
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from atlas_tables import atlas_tables
from conftest import DATA, FIXTURES, read_csv, run, with_data

atlas = atlas_tables()
KIND = "decentralised_cooperation"
BENCH_MAPS = Path(__file__).resolve().parents[2] / "bench" / "w5" / "maps"

BOOK = textwrap.dedent("""\
    title: Tables only
    tables:
      - {coverage: {level: region, vintage: "2009", zone: MA}, filter: {kinds: decentralised_cooperation},
         output: regions.csv}
      - {coverage: {level: departement, zone: FR, population: places}, output: sub/departements.csv}
      - {flows: {from_level: region, from_vintage: "2009", to_level: region, to_vintage: "2015", to_zone: FR},
         output: flows.csv}
    """)

# The same tables by the separate commands
COMMANDS = {
    "regions.csv": ("coverage", "--level", "region", "--vintage", "2009", "--zone", "MA", "--kind", KIND),
    "sub/departements.csv": ("coverage", "--level", "departement", "--zone", "FR", "--population", "places"),
    "flows.csv": ("flows", "--from-level", "region", "--from-vintage", "2009", "--to-level", "region",
                  "--to-vintage", "2015", "--to-zone", "FR"),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    root = tmp_path_factory.mktemp("book_tables")
    (root / "book.yaml").write_text(BOOK, encoding="utf-8")
    r = run(*with_data("atlas", root / "book.yaml", "--tables", root / "tables"))
    separate = root / "separate"
    for name, args in COMMANDS.items():
        (separate / name).parent.mkdir(parents=True, exist_ok=True)
        run(*with_data(*args, "--output", separate / name))
    return root, r


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_tables_are_the_bytes_of_the_separate_commands(written, name):
    root, r = written
    assert f"wrote {root / 'tables' / name}" in r.stdout
    book_bytes = (root / "tables" / name).read_bytes()
    assert len(book_bytes) > 200
    assert book_bytes == (root / "separate" / name).read_bytes()


def test_coverage_table_holds_the_engaged_units_of_the_atlas(written):
    root, _ = written
    units, engaged = atlas.engaged_units("region", "2009", "MA", KIND)
    rows = {r["unit_id"]: r for r in read_csv(root / "tables" / "regions.csv") if r["row_type"] == "unit"}
    assert set(rows) == set(units)
    for unit_id, ids in engaged.items():
        assert int(rows[unit_id]["partnerships"]) == len(ids), unit_id
        assert set(filter(None, rows[unit_id]["partnership_ids"].split(";"))) == ids, unit_id


def test_tables_only_writes_no_page(written):
    root, r = written
    assert sorted(p.name for p in root.iterdir()) == ["book.yaml", "separate", "tables"]
    assert r.stdout.count("wrote ") == 3


def test_tables_go_next_to_the_pdf_without_tables_option(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("title: T\ntables:\n  - {coverage: {level: region, vintage: '2015', zone: MA}, output: r.csv}\n",
                    encoding="utf-8")
    run(*with_data("atlas", book, "-o", tmp_path / "pdf" / "book.pdf"))
    rows = read_csv(tmp_path / "pdf" / "r.csv")
    assert {r["unit_id"] for r in rows if r["row_type"] == "unit"} == set(atlas.level("region", "2015", "MA"))


@pytest.mark.parametrize("entry, line, message, suggestion", [
    ("{coverage: {levl: region}, output: x.csv}", 4, "unknown key 'levl'", "did you mean 'level'?"),
    ("{coverage: {level: regoin}, output: x.csv}", 4, "no unit of level 'regoin'", "coopatlas info"),
    ("{coverage: {level: region}, output: x.gpkg}", 4, "a book's table is a .csv file", "name it x.csv"),
    ("{flows: {from_level: region}, output: x.csv}", 4, "missing to_level", "add to_level"),
    ("{coverage: {level: region}}", 4, "a table needs an output", "add output: NAME.csv"),
    ("{coverage: {level: region}, filter: {kinds: decentralised_cooperatoin}, output: x.csv}", 4,
     "decentralised_cooperatoin", "decentralised_cooperation"),
])
def test_a_wrong_entry_fails_at_its_line_with_a_suggestion(tmp_path, entry, line, message, suggestion):
    book = tmp_path / "book.yaml"
    book.write_text(f"title: T\ntables:\n  - {{coverage: {{level: country}}, output: ok.csv}}\n  - {entry}\n",
                    encoding="utf-8")
    r = run(*with_data("atlas", book, "--tables", tmp_path / "t", "-o", tmp_path / "book.pdf"), status=1)
    assert f"{book}:{line}:" in r.stderr
    assert message in r.stderr and suggestion in r.stderr
    assert not (tmp_path / "book.pdf").exists() and not (tmp_path / "t" / "ok.csv").exists()


def test_two_tables_cannot_share_a_file(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("tables:\n  - {coverage: {level: country}, output: a.csv}\n"
                    "  - {coverage: {level: region, vintage: '2015'}, output: a.csv}\n", encoding="utf-8")
    r = run(*with_data("atlas", book, "--tables", tmp_path), status=1)
    assert f"{book}:3:" in r.stderr and "already an output of this book" in r.stderr
    assert not (tmp_path / "a.csv").exists()


def test_a_table_never_replaces_a_file_of_the_atlas(tmp_path):
    fixture = FIXTURES / "world_maps"
    data = tmp_path / "data"
    data.mkdir()
    for name in ("atlas.yaml", "partnerships.csv"):
        shutil.copy(fixture / name, data / name)
    before = (data / "partnerships.csv").read_bytes()
    book = tmp_path / "book.yaml"
    book.write_text("tables:\n  - {coverage: {level: country}, output: data/partnerships.csv}\n", encoding="utf-8")
    r = run("atlas", book, "--data", data, "--tables", tmp_path, status=1)
    assert f"{book}:2:" in r.stderr and "refusing to write over input file" in r.stderr
    assert (data / "partnerships.csv").read_bytes() == before


def test_a_derived_atlas_credits_its_own_partnerships_not_the_embedded_ones(tmp_path):
    """base: embedded with a partnership table of its own: the maps of a book and `info` give the
    embedded data credits (shapefiles/atlas.yaml, read here as YAML) and the table's own credit."""
    embedded = yaml.safe_load((DATA / "atlas.yaml").read_text(encoding="utf-8"))
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "world_maps" / "partnerships.csv", data / "partnerships.csv")
    (data / "atlas.yaml").write_text("base: embedded\npartnerships: partnerships.csv\n"
                                     "partnership_credits: ['Partnerships: a test table']\n", encoding="utf-8")
    book = tmp_path / "book.yaml"
    book.write_text("maps:\n  - {spec: %s}\n" % (BENCH_MAPS / "partners_by_country.yaml"), encoding="utf-8")
    run("atlas", book, "--data", data, "-o", tmp_path / "book.pdf")
    page = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(tmp_path / "book.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.replace("\n", " ")
    info = run("info", "--data", data).stdout
    for text in (page, info):
        assert "Partnerships: a test table" in text
        for line in embedded["partnership_credits"]:
            assert line not in text
        for line in embedded["credits"][:2]:
            assert line in text
