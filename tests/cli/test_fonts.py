"""A map spec naming a font family that fontconfig does not have: `render` warns on stderr
at the spec's file, line and column, naming the key and the family used instead (as
fontconfig's own fc-match picks it), and draws the map; with --strict-fonts it is bad input
(exit status 1) and nothing is written."""
import subprocess

from conftest import run

MISSING = "Coopatlas Nonexistent Face 7f3e9c"

SPEC = """title: Fonts
font: {page_font}
projection: lonlat
extent: [0, 0, 4, 3]
layers:
  - kind: polygons
    features:
      - {{wkt: "POLYGON((0.2 0.2, 1.8 0.2, 1.8 2.8, 0.2 2.8, 0.2 0.2))", value: 1}}
  - kind: labels
    font: {label_font}
    features:
      - {{point: [3, 1.5], label: "Est"}}
"""


def spec(folder, page_font, label_font="DejaVu Sans"):
    path = folder / "fonts.yaml"
    path.write_text(SPEC.format(page_font=page_font, label_font=label_font), encoding="utf-8")
    return path


def fc_match(family):
    return subprocess.run(["fc-match", "-f", "%{family[0]}", family], capture_output=True, text=True,
                          check=True).stdout


def test_an_installed_family_gives_no_warning(tmp_path):
    r = run("render", spec(tmp_path, "DejaVu Sans"), "-o", tmp_path / "map.svg")
    assert "warning" not in r.stderr, r.stderr


def test_a_missing_page_font_is_a_warning_naming_the_family_used(tmp_path):
    path = spec(tmp_path, MISSING)
    r = run("render", path, "-o", tmp_path / "map.svg")
    used = fc_match(MISSING)
    assert used and used != MISSING
    assert (f"{path}:2:7: warning: font '{MISSING}' (key 'font') is not installed; '{used}' is used instead"
            in r.stderr), r.stderr
    assert "--strict-fonts" in r.stderr
    assert (tmp_path / "map.svg").is_file()


def test_a_missing_label_font_is_a_warning_at_its_key(tmp_path):
    path = spec(tmp_path, "DejaVu Sans", label_font=MISSING)
    r = run("render", path, "-o", tmp_path / "map.svg")
    assert f"{path}:10:11: warning: font '{MISSING}' (key 'font') is not installed" in r.stderr, r.stderr
    assert r.stderr.count("warning:") == 1


def test_a_family_list_falls_back_to_its_installed_member(tmp_path):
    r = run("render", spec(tmp_path, f"'{MISSING}, DejaVu Serif'"), "-o", tmp_path / "map.svg")
    assert f"font '{MISSING}' (key 'font') is not installed; 'DejaVu Serif' is used instead" in r.stderr, r.stderr


def test_strict_fonts_makes_it_an_error(tmp_path):
    path = spec(tmp_path, MISSING)
    r = run("render", path, "-o", tmp_path / "map.svg", "--strict-fonts", status=1)
    assert f"{path}:2:7: font '{MISSING}' (key 'font') is not installed" in r.stderr, r.stderr
    assert "warning" not in r.stderr
    assert not (tmp_path / "map.svg").exists()
    assert list(tmp_path.iterdir()) == [path]


BOOK = """title: Fonts book
maps:
  - map:
      title: Fonts
      font: {font}
      projection: lonlat
      extent: [0, 0, 4, 3]
      layers:
        - kind: labels
          features:
            - {{point: [3, 1.5], label: "Est"}}
"""


def test_a_book_map_with_a_missing_font_warns_once(tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text(BOOK.format(font=MISSING), encoding="utf-8")
    r = run("atlas", book, "-o", tmp_path / "book.pdf")
    warnings = [line for line in r.stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 1, r.stderr
    assert warnings[0].startswith(f"{book} (inline map):")
    assert f"font '{MISSING}' (key 'font') is not installed; '{fc_match(MISSING)}' is used instead" in warnings[0]
    assert (tmp_path / "book.pdf").is_file()
