"""Thematic maps from map specs (README, "Map specs"): a YAML file, or a Python dict with
the same keys, drawn to PNG, SVG or PDF by the library's renderer."""
from __future__ import annotations

import os
import warnings
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _coopatlas as _core
from ._tables import text as _text

__all__ = ["Map", "render", "render_png", "render_svg", "spec_to_yaml"]

Spec = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def _plain(value: Any) -> Any:
    """The spec as plain YAML values: tuples as lists, numpy scalars as numbers, paths as text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def spec_to_yaml(spec: Mapping[str, Any]) -> str:
    """The YAML text of a spec given as a dict (what :class:`Map` parses)."""
    import yaml

    return yaml.safe_dump(_plain(spec), sort_keys=False, allow_unicode=True, default_flow_style=False)


def _warn(prepared: Any) -> None:
    """The spec's warnings (a font that is not installed) as Python warnings, as render prints them."""
    for message in prepared.warnings:
        warnings.warn(message, UserWarning, stacklevel=3)


class Map:
    """A map spec read, its data step run and the map laid out once; then drawn to any
    number of outputs, which show the same picture.

    ``spec``: a spec file path, or a dict with the keys of a YAML spec (serialised to YAML
    and read by the same parser, so errors name the key, line and column). ``data`` /
    ``manifest``: the atlas to use instead of the spec's (as ``--data``/``--manifest``);
    ``atlas``: an :class:`~coopatlas.Atlas` already loaded (no second load). ``base_dir``:
    the folder relative file names of a dict spec are taken from (default: the current one).

    In a notebook a Map shows itself (``_repr_png_``, ``_repr_svg_``).
    """

    def __init__(self, spec: Spec, *, data: Optional[Union[str, "os.PathLike[str]"]] = None,
                 manifest: Optional[Union[str, "os.PathLike[str]"]] = None, atlas: Any = None,
                 base_dir: Optional[Union[str, "os.PathLike[str]"]] = None) -> None:
        path = _text(manifest)
        if data is not None:
            path = os.path.join(_text(data), "atlas.yaml")
        core_atlas = getattr(atlas, "_core", atlas)
        if isinstance(spec, Mapping):
            text = spec_to_yaml(spec)
            base = _text(base_dir) or os.getcwd()
            self._map = _core.PreparedMap.from_text(text, base, "<spec dict>", path, core_atlas)
        elif isinstance(spec, (str, os.PathLike)):
            self._map = _core.PreparedMap.from_file(_text(spec), path, core_atlas)
        else:
            raise TypeError(f"a map spec is a file path or a dict, not {type(spec).__name__}")
        _warn(self._map)
        self._png: Optional[bytes] = None
        self._svg: Optional[str] = None

    @classmethod
    def from_yaml(cls, text: str, *, base_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
                  data: Any = None, manifest: Any = None, atlas: Any = None) -> "Map":
        """A map from the YAML text of a spec."""
        self = cls.__new__(cls)
        path = _text(manifest)
        if data is not None:
            path = os.path.join(_text(data), "atlas.yaml")
        self._map = _core.PreparedMap.from_text(text, _text(base_dir) or os.getcwd(), "<spec text>", path,
                                                getattr(atlas, "_core", atlas))
        _warn(self._map)
        self._png = None
        self._svg = None
        return self

    @property
    def width(self) -> float:
        """Page width in CSS pixels (1/96 inch)."""
        return self._map.width

    @property
    def height(self) -> float:
        """Page height in CSS pixels."""
        return self._map.height

    @property
    def scale(self) -> float:
        """PNG pixels per page pixel (the spec's dpi / 96, or its scale)."""
        return self._map.scale

    @property
    def notes(self) -> List[str]:
        """What the data step did: units, engaged units, parties without a location."""
        return self._map.notes

    @property
    def inputs(self) -> List[str]:
        """Files the map was read from (never overwritten by save())."""
        return self._map.inputs

    @property
    def report(self) -> Dict[str, Any]:
        """Frames (CRS, scale bar, north), layers (features, circles, dashed paths, arrowheads,
        labels), labels placed and dropped, legend."""
        return self._map.report

    def png(self, dpi: Optional[float] = None, scale: Optional[float] = None) -> bytes:
        """PNG bytes (size × dpi / 96 pixels; the spec's dpi unless ``dpi`` or ``scale`` is given)."""
        return self._map.png(dpi, scale)

    def svg(self) -> str:
        """SVG text: each layer a ``<g id>``, text as ``<text>``, identical for identical input."""
        return self._map.svg()

    def pdf(self) -> bytes:
        """PDF bytes: vectors and embedded fonts."""
        return self._map.pdf()

    def save(self, path: Union[str, "os.PathLike[str]"], dpi: Optional[float] = None,
             scale: Optional[float] = None) -> None:
        """Writes the map atomically, never over an input; the format follows the extension."""
        self._map.save(_text(path), dpi, scale, [])

    def _repr_png_(self) -> bytes:
        if self._png is None:
            self._png = self.png()
        return self._png

    def _repr_svg_(self) -> str:
        if self._svg is None:
            self._svg = self.svg()
        return self._svg

    def __repr__(self) -> str:
        return f"<coopatlas.Map {self.width:g} x {self.height:g} px>"


def render(spec: Spec, outputs: Sequence[Union[str, "os.PathLike[str]"]] = (), *, dpi: Optional[float] = None,
           scale: Optional[float] = None, data: Any = None, manifest: Any = None, atlas: Any = None,
           base_dir: Any = None) -> Map:
    """Draws a spec to each output (``coopatlas render SPEC -o ...``: .png, .svg or .pdf) and
    returns the :class:`Map`."""
    m = Map(spec, data=data, manifest=manifest, atlas=atlas, base_dir=base_dir)
    if isinstance(outputs, (str, os.PathLike)):
        outputs = [outputs]
    for out in outputs:
        m.save(out, dpi=dpi, scale=scale)
    return m


def render_png(spec: Spec, *, dpi: Optional[float] = None, scale: Optional[float] = None, data: Any = None,
               manifest: Any = None, atlas: Any = None, base_dir: Any = None) -> bytes:
    """The PNG bytes of a spec."""
    return Map(spec, data=data, manifest=manifest, atlas=atlas, base_dir=base_dir).png(dpi, scale)


def render_svg(spec: Spec, *, data: Any = None, manifest: Any = None, atlas: Any = None,
               base_dir: Any = None) -> str:
    """The SVG text of a spec."""
    return Map(spec, data=data, manifest=manifest, atlas=atlas, base_dir=base_dir).svg()
