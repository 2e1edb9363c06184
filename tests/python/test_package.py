"""The package itself: docstrings on every public name, the type stub of the compiled
module, the palettes and where the build puts the package."""
import ast
import inspect
from pathlib import Path

import coopatlas
from coopatlas import _coopatlas

PACKAGE = Path(coopatlas.__file__).parent


def test_every_public_name_has_a_docstring():
    for name in coopatlas.__all__:
        obj = getattr(coopatlas, name)
        if name in ("CRS", "__version__"):
            continue
        assert inspect.getdoc(obj), f"coopatlas.{name} has no docstring"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
                    continue
                assert inspect.getdoc(member), f"coopatlas.{name}.{attr} has no docstring"


def test_every_function_of_the_compiled_module_has_a_docstring():
    for name, obj in vars(_coopatlas).items():
        if name.startswith("__"):
            continue
        if callable(obj):
            assert obj.__doc__, f"_coopatlas.{name} has no docstring"


def test_the_stub_lists_what_the_compiled_module_holds():
    stub = ast.parse((PACKAGE / "_coopatlas.pyi").read_text(encoding="utf-8"))
    stubbed = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    actual = {n for n in vars(_coopatlas) if not n.startswith("__")}
    assert stubbed == actual
    for cls in stub.body:
        if isinstance(cls, ast.ClassDef):
            members = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)} - {"__eq__", "__hash__", "__len__"}
            real = {m for m in vars(getattr(_coopatlas, cls.name)) if not m.startswith("__")}
            assert members == real, cls.name
    assert (PACKAGE / "py.typed").is_file()


def test_palettes_are_the_librarys():
    assert coopatlas.palette("YlGnBu", 5)[0].startswith("#")
    assert coopatlas.palette("YlGnBu-r", 5) == coopatlas.palette("YlGnBu", 5)[::-1]
    names = [p[0] for p in coopatlas.palettes()]
    assert "viridis" in names and "RdBu" in names


def test_version_is_the_projects():
    assert coopatlas.__version__ == _coopatlas.__version__
    assert coopatlas.__version__.count(".") == 2
