"""Maps from spec files and from dicts: PNG bytes of the spec's size, SVG text, files."""
import struct

import pytest

import coopatlas
from conftest import DATA, run_cli

SPEC = {
    "title": "Partnerships of the Moroccan regions (2009)",
    "size": [400, 300],
    "layers": [{"kind": "polygons", "units": {"level": "region", "vintage": "2009", "country": "MA"},
                "value": "partnerships"}],
}


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_render_png_has_the_size_of_the_spec(atlas):
    data = coopatlas.render_png(SPEC, atlas=atlas)
    assert png_size(data) == (400, 300)
    assert png_size(coopatlas.render_png(SPEC, atlas=atlas, dpi=192)) == (800, 600)
    assert png_size(coopatlas.render_png({**SPEC, "dpi": 144}, atlas=atlas)) == (600, 450)


def test_render_svg_is_svg_text(atlas):
    svg = coopatlas.render_svg(SPEC, atlas=atlas)
    assert isinstance(svg, str) and "<svg" in svg
    assert "<title>Partnerships of the Moroccan regions (2009)</title>" in svg
    assert "Partnerships of the Moroccan regions</text>" in svg  # the title, wrapped on a 400 px page


def test_a_dict_spec_draws_what_the_same_yaml_file_draws(atlas, tmp_path):
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(coopatlas.maps.spec_to_yaml(SPEC), encoding="utf-8")
    from_dict = coopatlas.Map(SPEC, atlas=atlas)
    from_file = coopatlas.Map(spec_file, atlas=atlas)
    assert from_dict.svg() == from_file.svg()
    # and what the command line draws from the file
    out = tmp_path / "cli.svg"
    run_cli("render", spec_file, "--data", DATA, "-o", out, "--quiet")
    assert out.read_text(encoding="utf-8") == from_file.svg()


def test_render_writes_every_output_and_returns_the_map(tmp_path):
    outputs = [tmp_path / "m.png", tmp_path / "m.svg", tmp_path / "m.pdf"]
    m = coopatlas.render(DATA / "maps" / "02_coverage_regions.yaml", outputs, data=DATA)
    assert png_size(outputs[0].read_bytes()) == (round(m.width * m.scale), round(m.height * m.scale))
    assert outputs[1].read_text(encoding="utf-8").lstrip().startswith("<")
    assert outputs[2].read_bytes()[:5] == b"%PDF-"
    assert any(layer["id"] == "regions" for layer in m.report["layers"])
    assert m.notes


def test_notebook_representations(atlas):
    m = coopatlas.Map(SPEC, atlas=atlas)
    assert png_size(m._repr_png_()) == (400, 300)
    assert "<svg" in m._repr_svg_()
    assert repr(m) == "<coopatlas.Map 400 x 300 px>"


def test_spec_errors_name_the_key(atlas):
    with pytest.raises(coopatlas.InputError) as e:
        coopatlas.Map({**SPEC, "titel": "typo"}, atlas=atlas)
    assert "titel" in str(e.value) and "title" in e.value.suggestion
    assert e.value.line > 0
    with pytest.raises(coopatlas.CoopatlasError):
        coopatlas.Map(DATA / "maps" / "no_such_spec.yaml")
    with pytest.raises(coopatlas.CoopatlasError):
        coopatlas.Map(SPEC, atlas=atlas).save(DATA / "m.gif")


def test_a_font_that_is_not_installed_is_a_python_warning(atlas):
    spec = {**SPEC, "font": "Coopatlas Nonexistent Face 7f3e9c"}
    with pytest.warns(UserWarning, match=r"font 'Coopatlas Nonexistent Face 7f3e9c' \(key 'font'\) is not installed"):
        m = coopatlas.Map(spec, atlas=atlas)
    assert len(m._map.warnings) == 1
    assert m.svg().lstrip().startswith("<")
