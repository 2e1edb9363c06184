"""coopatlas: link, analyse and map cooperation between local authorities.

The Python face of the coopatlas C++ library. It makes the same calls as the
``coopatlas`` command line, so both give the same numbers, and returns what the Python
geospatial stack expects:

- tables as pandas DataFrames, and GeoPandas GeoDataFrames (CRS EPSG:4326) when
  ``geometry=True``, with what the command prints besides the table (method, filter,
  totals, gaps) in ``DataFrame.attrs``;
- rasters as ``(array, transform, crs)``, as rasterio reads them;
- errors as exceptions under :class:`CoopatlasError` (:mod:`coopatlas.errors`).

Keyword arguments are named like the command-line options (``--roll-down`` is
``roll_down``; ``--from``/``--to`` are ``from_year``/``to_year``). Every long call
releases the GIL, so analyses on one :class:`Atlas` may run in several threads at once.

Example::

    import coopatlas
    atlas = coopatlas.Atlas.load()                      # the embedded Franco-Moroccan atlas
    regions = coopatlas.coverage(atlas, level="region", vintage="2009", zone="MA")
    print(regions[["unit_id", "name", "engaged", "partnerships"]])
    print(regions.attrs["totals"]["engaged"], "of", regions.attrs["totals"]["units"])
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _coopatlas as _core
from ._tables import CRS, frame as _frame, text as _text, to_wkb_list as _to_wkb_list, words as _words
from .errors import AmbiguousName, CoopatlasError, Diagnostic, InputError, UnknownName
from .maps import Map, render, render_png, render_svg

__version__: str = _core.__version__

__all__ = [
    "Atlas", "Entity", "coverage", "flows", "density", "kde", "Raster", "classify", "Classification", "clusters",
    "pip", "palette", "palettes", "write_geotiff", "Map", "render", "render_png", "render_svg", "CoopatlasError",
    "InputError", "UnknownName", "AmbiguousName", "Diagnostic", "CRS", "__version__",
]

#: One entity of an atlas (a copy): id, country, level, vintage, names, population, wkb.
Entity = _core.Entity

PathLike = Union[str, "os.PathLike[str]"]


class Atlas:
    """Entities, aliases and partnerships loaded from an atlas manifest.

    Immutable once loaded: any number of threads may query it and run analyses on it.
    """

    def __init__(self, core: "_core.Atlas") -> None:
        self._core = core

    @classmethod
    def load(cls, manifest: Optional[PathLike] = None, *, data: Optional[PathLike] = None) -> "Atlas":
        """Loads an atlas: ``manifest`` (a YAML manifest file), or ``data`` (a folder holding
        ``atlas.yaml``, as ``--data``); neither = the embedded default atlas
        (``$COOPATLAS_DATA``, else the source tree's or the installed data). Releases the GIL."""
        if manifest is not None and data is not None:
            raise InputError("give manifest or data, not both",
                             [("", 0, 0, "data", "give manifest or data, not both", "")])
        path = _text(manifest)
        if data is not None:
            path = os.path.join(_text(data), "atlas.yaml")
        return cls(_core.Atlas.load(path))

    @property
    def manifest(self) -> str:
        """Path of the manifest the atlas was loaded from."""
        return self._core.manifest

    @property
    def title(self) -> str:
        """Title of the atlas."""
        return self._core.title

    @property
    def credits(self) -> List[str]:
        """Data credits (sources and licences)."""
        return self._core.credits

    @property
    def inputs(self) -> List[str]:
        """Every file the atlas is read from (outputs never overwrite them)."""
        return self._core.inputs

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        return f"<coopatlas.Atlas {self.title!r}: {len(self)} entities, from {self.manifest}>"

    def resolve(self, name: str, level: Optional[str] = None, country: Optional[str] = None,
                year: Optional[int] = None, vintage: Optional[str] = None) -> Entity:
        """The one entity a name designates, matched as partnership tables are: without regard
        to case, accents, hyphens, apostrophes or articles, through aliases, with a leading unit
        word narrowing the level ("Province de Figuig"). ``level``/``country`` keep only those;
        ``year``/``vintage`` choose among the vintages of one unit.

        Raises :class:`UnknownName` (with ``suggestions``) or :class:`AmbiguousName` (with
        ``candidates``)."""
        return self._core.resolve(name, _text(level), _text(country), _text(vintage), year)

    def match(self, name: str, level: Optional[str] = None, country: Optional[str] = None,
              year: Optional[int] = None, vintage: Optional[str] = None) -> List[Entity]:
        """Every entity a name matches (after the filters and preference rules of resolve())."""
        return self._core.match(name, _text(level), _text(country), _text(vintage), year)

    def suggest(self, name: str, max: int = 3, level: Optional[str] = None, country: Optional[str] = None,
                year: Optional[int] = None, vintage: Optional[str] = None) -> List[Entity]:
        """Up to ``max`` entities whose names are nearest to ``name`` (what UnknownName suggests)."""
        return self._core.suggest(name, max, _text(level), _text(country), _text(vintage), year)

    def entity(self, id: str) -> Entity:
        """The entity with this id; raises CoopatlasError when there is none."""
        return self._core.entity(id)

    def parents(self, id: str) -> List[Entity]:
        """Direct parents of an entity (one per parent level and vintage)."""
        return self._core.parents(id)

    def ancestors(self, id: str) -> List[Entity]:
        """Every unit containing an entity, transitively."""
        return self._core.ancestors(id)

    def children(self, id: str) -> List[Entity]:
        """Entities naming this one as a parent."""
        return self._core.children(id)

    def vocabulary(self) -> Dict[str, Dict[str, int]]:
        """What the partnership filter accepts, as ``coopatlas info --vocabulary`` lists it:
        ``{"kinds": {kind: partnerships}, "themes", "sources", "countries", "levels": {level: entities}}``."""
        return self._core.vocabulary()

    def entities(self, level: Optional[str] = None, country: Optional[str] = None, vintage: Optional[str] = None,
                 geometry: bool = False):
        """The entities (of a level, country and vintage when given) as a DataFrame, one row per
        entity in atlas order: id, country, level, vintage, rank, code, code_iso, name, name_ar,
        name_tfng, name_en, alt_names and parent_ids (';'-separated), anchor_id, disputed,
        population (NaN when unknown), source. ``geometry=True``: a GeoDataFrame (EPSG:4326)
        of each entity's own geometry (None when it has none)."""
        return _frame(self._core._entities(_text(level), _text(country), _text(vintage), geometry), geometry)

    def partnerships(self):
        """The partnerships as a DataFrame: id, kind, party_a, party_a_id, party_b, party_b_id,
        year (NaN when undated), themes (';'-separated), count, source, note, origin, line."""
        return _frame({"columns": self._core._partnerships()})


def _filter(kind, theme, source, country, from_year, to_year, undated, two_sided):
    return _core.make_filter(_words(kind), _words(theme), _words(source), _words(country), from_year, to_year,
                             undated, bool(two_sided))


def _atlas(atlas: Any) -> "_core.Atlas":
    if isinstance(atlas, Atlas):
        return atlas._core
    if isinstance(atlas, _core.Atlas):
        return atlas
    raise TypeError(f"expected a coopatlas.Atlas (coopatlas.Atlas.load()), not {type(atlas).__name__}")


Words = Union[None, str, Sequence[str]]


def coverage(atlas: Atlas, level: str, vintage: Optional[str] = None, zone: Optional[str] = None, *,
             kind: Words = None, theme: Words = None, source: Words = None, country: Words = None,
             from_year: Optional[int] = None, to_year: Optional[int] = None, undated: str = "keep",
             two_sided: bool = False, roll_down: bool = False, population: str = "field-or-places",
             geometry: bool = False):
    """Which units of a level take part in cooperation (``coopatlas coverage``).

    One row per unit of ``level`` (``region``, ``province``, ``departement``, ``commune``,
    ``place``) and ``vintage`` (``"2009"``, ``"2015"``, ``"2016"``; needed when the level has
    several maps), within ``zone`` (a country code such as ``"MA"`` or an entity id): unit_id,
    engaged (bool), name, how, partnerships, partnership_ids (';'-separated), requests,
    demand, notes, area_km2 (geodesic), population, population_from, per_10k_km2,
    per_100k_inh — the columns of ``coopatlas coverage --output FILE.csv``.

    ``attrs`` holds method, level, vintage, zone, filter, roll_down, area_method,
    population_method, ``totals`` (units, engaged, share_count, share_area,
    share_population, ...), ``gaps`` (ids of units not engaged),
    ``demand_without_partnership`` and ``unmapped`` (selected partnerships reaching no unit).

    The partnership filter: ``kind``, ``theme``, ``source``, ``country`` (a word, comma-separated
    words or a list), ``from_year``/``to_year`` (signature years), ``undated`` ("keep" or
    "drop", for a year range), ``two_sided`` (drop requests without a partner). A filter word
    no partnership uses raises InputError naming the nearest ones. ``roll_down``: a party
    coarser than the level engages all its units. ``population``: "field", "places" or
    "field-or-places". ``geometry=True``: a GeoDataFrame of the units (EPSG:4326).
    """
    core = _atlas(atlas)
    f = _filter(kind, theme, source, country, from_year, to_year, undated, two_sided)
    return _frame(_core.coverage(core, f, _text(level), _text(vintage), _text(zone), bool(roll_down),
                                 _text(population), bool(geometry)), geometry)


def flows(atlas: Atlas, from_level: str, to_level: str, *, from_vintage: Optional[str] = None,
          from_zone: Optional[str] = None, to_vintage: Optional[str] = None, to_zone: Optional[str] = None,
          kind: Words = None, theme: Words = None, source: Words = None, country: Words = None,
          from_year: Optional[int] = None, to_year: Optional[int] = None, undated: str = "keep",
          two_sided: bool = False, roll_down: bool = False, segment_km: float = 100, geometry: bool = False):
    """The origin-destination matrix of the selected two-sided partnerships between two
    partitions (``coopatlas flows``): one row per non-empty cell (corridor), ranked: rank,
    from_id, from_name, to_id, to_name, count, partnership_ids, length_km, notes,
    from_vintage, to_vintage.

    ``attrs``: method, from, to, filter, partnerships (two-sided selected), mapped (in the
    matrix), unmapped, length_summaries (min, median, max per level pair) and lengths (one
    geodesic length per partnership, as columns). ``geometry=True``: a GeoDataFrame of
    geodesic LineStrings (vertices at most ``segment_km`` apart). The filter keywords are
    those of :func:`coverage`.
    """
    core = _atlas(atlas)
    f = _filter(kind, theme, source, country, from_year, to_year, undated, two_sided)
    return _frame(_core.flows(core, f, _text(from_level), _text(from_vintage), _text(from_zone), _text(to_level),
                              _text(to_vintage), _text(to_zone), bool(roll_down), float(segment_km), bool(geometry)),
                  geometry)


def density(atlas: Atlas, level: str, vintage: Optional[str] = None, zone: Optional[str] = None, *,
            kind: Words = None, theme: Words = None, source: Words = None, country: Words = None,
            from_year: Optional[int] = None, to_year: Optional[int] = None, undated: str = "keep",
            two_sided: bool = False, roll_down: bool = False, population: str = "field-or-places",
            geometry: bool = False):
    """Partnerships per 10,000 km² and per 100,000 inhabitants of every unit of a level
    (``coopatlas density --level``): unit_id, name, population_from, partnerships, area_km2,
    population, per_10k_km2, per_100k_inhabitants. Arguments as :func:`coverage`."""
    core = _atlas(atlas)
    f = _filter(kind, theme, source, country, from_year, to_year, undated, two_sided)
    return _frame(_core.unit_density(core, f, _text(level), _text(vintage), _text(zone), bool(roll_down),
                                     _text(population), bool(geometry)), geometry)


class Raster(tuple):
    """``(array, transform, crs)``, as rasterio gives a band, its transform and its CRS.

    - ``array``: float64 numpy array, rows × columns, row 0 the northern one;
    - ``transform``: the affine transform ``(a, b, c, d, e, f)`` of ``affine.Affine`` /
      rasterio (x = a·col + b·row + c, y = d·col + e·row + f, at cell corners);
      ``gdal_transform`` gives GDAL's order;
    - ``crs``: the PROJ definition of the equal-area CRS (pyproj.CRS accepts it).

    ``meta`` holds kernel, bandwidth_km, points, peak, truncation_radius_km,
    truncation_error_bound and the input described.
    """

    meta: Dict[str, Any]

    def __new__(cls, array, transform, crs, meta=None):
        self = super().__new__(cls, (array, tuple(transform), crs))
        self.meta = dict(meta or {})
        return self

    @property
    def array(self):
        """The values, rows × columns, row 0 north."""
        return self[0]

    @property
    def transform(self) -> Tuple[float, float, float, float, float, float]:
        """Affine transform (a, b, c, d, e, f)."""
        return self[1]

    @property
    def crs(self) -> str:
        """CRS of the grid."""
        return self[2]

    @property
    def gdal_transform(self) -> Tuple[float, float, float, float, float, float]:
        """The transform in GDAL's order (c, a, b, f, d, e)."""
        a, b, c, d, e, f = self[1]
        return (c, a, b, f, d, e)

    def __getnewargs__(self):
        return (self[0], self[1], self[2], self.meta)


def kde(atlas: Optional[Atlas] = None, bandwidth: float = 0, *, kernel: str = "gaussian",
        cell: Optional[float] = None, size: Optional[Tuple[int, int]] = None, crs: Optional[str] = None,
        extent: Optional[Sequence[float]] = None, extent_from: Optional[PathLike] = None,
        extent_layer: Optional[str] = None, tolerance: Optional[float] = None, threads: Optional[int] = None,
        points: Optional[PathLike] = None, x: Optional[str] = None, y: Optional[str] = None,
        weight: Optional[str] = None, kind: Words = None, theme: Words = None, source: Words = None,
        country: Words = None, from_year: Optional[int] = None, to_year: Optional[int] = None,
        undated: str = "keep", two_sided: bool = False) -> Raster:
    """Kernel density surface (``coopatlas density --kde``) of the partnership ends of the
    atlas (both parties of each selected partnership; filter keywords as :func:`coverage`),
    or of the rows of a CSV (``points``, with ``x``/``y`` lon/lat columns, ``weight``).

    ``bandwidth`` in km (gaussian: standard deviation; quartic: radius), ``kernel``
    "gaussian" or "quartic", ``cell`` in km (default bandwidth / 5) or ``size=(columns,
    rows)``, ``crs`` (default: Lambert azimuthal equal-area on the points' median),
    ``extent=(xmin, ymin, xmax, ymax)`` in CRS metres or ``extent_from`` a layer's projected
    bounds, ``tolerance`` (truncation error relative to the peak, gaussian), ``threads``.
    Values are points (or weight) per km². Returns a :class:`Raster` ``(array, transform, crs)``.
    """
    core = _atlas(atlas) if atlas is not None else None
    f = _filter(kind, theme, source, country, from_year, to_year, undated, two_sided)
    values, transform, crs_out, meta = _core.kde(
        core, f, _text(points), _text(x), _text(y), _text(weight), float(bandwidth), kernel,
        None if cell is None else float(cell), None if size is None else (int(size[0]), int(size[1])), _text(crs),
        None if extent is None else [float(v) for v in extent], _text(extent_from), _text(extent_layer),
        None if tolerance is None else float(tolerance), None if threads is None else int(threads))
    return Raster(values, transform, crs_out, meta)


class Classification:
    """Classes of a numeric field for a choropleth (``coopatlas classify``).

    - ``method``: the method used; ``breaks``: k + 1 bounds (class i holds the values v with
      breaks[i] < v <= breaks[i+1], the first class also the minimum); ``counts`` and
      ``labels`` ("12.5 – 25.0"), one per class; ``missing``: values left out (NaN, empty, NA);
    - ``classes``: the 1-based class of each input value (pandas nullable Int64, <NA> when
      missing), aligned with the input's index: the ``class`` field of the command's vector
      output; ``class_labels``: the label of each value;
    - ``table``: the class table of ``--output FILE.csv`` (class, lower, upper, label, count).
    """

    def __init__(self, result: dict, index: Any = None) -> None:
        import pandas as pd

        self.method: str = result["method"]
        self.breaks: List[float] = list(result["breaks"])
        self.counts: List[int] = list(result["counts"])
        self.labels: List[str] = list(result["labels"])
        self.missing: int = int(result["missing"])
        cls = pd.array(result["classes"], dtype="Int64")
        cls[cls == 0] = pd.NA
        self.classes = pd.Series(cls, index=index, name="class")
        self.class_labels = self.classes.map(lambda c: None if pd.isna(c) else self.labels[int(c) - 1])
        self.class_labels.name = "class_label"

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.counts)

    def __len__(self) -> int:
        return self.k

    @property
    def table(self):
        """DataFrame: class (1-based), lower, upper, label, count."""
        import pandas as pd

        return pd.DataFrame({
            "class": list(range(1, self.k + 1)),
            "lower": self.breaks[:-1],
            "upper": self.breaks[1:],
            "label": self.labels,
            "count": self.counts,
        })

    def __repr__(self) -> str:
        return f"<coopatlas.Classification {self.method}, {self.k} classes, breaks {self.breaks}>"

    def _repr_html_(self) -> str:
        return self.table._repr_html_()


def _is_frame(obj: Any) -> bool:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
    return isinstance(obj, pd.DataFrame)


def _numeric(values: Any, field: str, source: str = ""):
    """Values of a column as floats, read as the command line reads a numeric field."""
    import numpy as np
    import pandas as pd

    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
        return pd.to_numeric(s, errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    items = [None if (v is None or (isinstance(v, float) and v != v) or v is pd.NA) else v for v in s.tolist()]
    return np.asarray(_core.numeric_column(items, field, source), dtype="float64")


def classify(values: Any, field: Optional[str] = None, method: Optional[str] = None, classes: int = 5, *,
             breaks: Optional[Sequence[float]] = None, layer: Optional[str] = None,
             where: Optional[str] = None) -> Classification:
    """Classifies numbers for a choropleth as ``coopatlas classify`` does.

    ``values``: numbers (a list, numpy array or Series), a DataFrame with ``field``, or a
    vector file / CSV path with ``field`` (and ``layer``, ``where``). Text values are read as
    the command line reads them (a decimal comma accepted; empty, NA, NaN missing).
    ``method``: quantiles (default, as on the command line), equal-interval, jenks,
    head-tail, std-dev, box-plot, or user (``breaks``: the inner bounds; the default method
    when breaks are given). ``classes``: at most this many classes.
    """
    method_name = _text(method)
    user = None if breaks is None else [float(b) for b in breaks]
    if isinstance(values, (str, os.PathLike)):
        if not field:
            raise InputError("no field to classify", [("", 0, 0, "field", "no field to classify",
                                                       "give field=NAME (a numeric field of the input)")])
        return Classification(_core.classify_file(_text(values), _text(layer), _text(where), field, method_name,
                                                  int(classes), user))
    index = None
    source = ""
    if _is_frame(values):
        if not field:
            raise InputError("no field to classify", [("", 0, 0, "field", "no field to classify",
                                                       "give field=NAME (a column of the DataFrame)")])
        if field not in values.columns:
            raise InputError(f"the DataFrame has no column '{field}'",
                             [("", 0, 0, field, f"the DataFrame has no column '{field}'",
                               "columns are: " + ", ".join(map(str, values.columns)))])
        index = values.index
        column = values[field]
    else:
        import pandas as pd

        column = values
        index = values.index if isinstance(values, pd.Series) else None
    numbers = _numeric(column, field or "values", source)
    return Classification(_core.classify(numbers, method_name, int(classes), user, source, field or "values"), index)


def clusters(data: Any, field: str, *, layer: Optional[str] = None, where: Optional[str] = None,
             id: Optional[str] = None, x: Optional[str] = None, y: Optional[str] = None, weights: str = "queen",
             k: int = 6, snap: float = 0.0, binary: bool = False, permutations: int = 999, seed: int = 12345,
             significance: float = 0.05, geometry: bool = False):
    """Spatial clustering of a numeric field (``coopatlas clusters``): global Moran's I, local
    Moran (LISA) with conditional permutations, Getis-Ord Gi*.

    ``data``: a vector file or CSV path (``layer``, ``where``; a CSV without geometry is
    located by its ``x``/``y`` lon/lat columns), or a GeoDataFrame (reprojected to lon/lat
    when it has another CRS), or a DataFrame with ``x``/``y`` (default lon/lat) columns.
    ``weights``: queen, rook (contiguity of polygons) or knn (``k`` nearest by geodesic
    distance); ``snap``: tolerance in degrees for borders that do not match; ``binary``: keep
    binary weights (else row-standardised); ``permutations``, ``seed``, ``significance``.

    One row per input feature (features without a value or a location get NaN): id, the
    field, lag, local_i, p_value, quadrant, cluster (HH, LL, HL, LH, ns, island), gi_z, gi_p,
    moran_i, moran_z, moran_p_sim — the columns of ``--output FILE.csv``. ``attrs["moran"]``
    holds the global statistics; ``attrs`` also weights, units, islands and counts per
    cluster. A GeoDataFrame input gives a GeoDataFrame (its geometry and CRS); a file with
    ``geometry=True`` a GeoDataFrame in EPSG:4326.
    """
    args = (weights, int(k), float(snap), bool(binary), int(permutations), int(seed), float(significance))
    if isinstance(data, (str, os.PathLike)):
        result = _core.clusters_file(_text(data), _text(layer), _text(where), field, _text(id), _text(x), _text(y),
                                     *args, bool(geometry))
        return _frame(result, geometry)
    if not _is_frame(data):
        raise TypeError("clusters takes a file path, a GeoDataFrame or a DataFrame with lon/lat columns")
    if field not in data.columns:
        raise InputError(f"the DataFrame has no column '{field}'",
                         [("", 0, 0, field, f"the DataFrame has no column '{field}'",
                           "columns are: " + ", ".join(map(str, data.columns)))])
    values = _numeric(data[field], field)
    geo = _geometries_lonlat(data, x, y)
    labels = _labels(data, id)
    result = _core.clusters_data(values, geo, labels, field, *args)
    try:
        import geopandas as gpd
    except ImportError:  # pragma: no cover
        gpd = None
    out = _frame(result, index=data.index)
    if gpd is not None and isinstance(data, gpd.GeoDataFrame):
        attrs = dict(out.attrs)
        out = gpd.GeoDataFrame(out, geometry=data.geometry.values, crs=data.crs)
        out.attrs.update(attrs)
    return out


def _geometries_lonlat(data: Any, x: Optional[str], y: Optional[str]) -> List[Optional[bytes]]:
    try:
        import geopandas as gpd
    except ImportError:  # pragma: no cover
        gpd = None
    if gpd is not None and isinstance(data, gpd.GeoDataFrame) and x is None and y is None:
        geo = data.geometry
        if geo.crs is not None and not geo.crs.equals("EPSG:4326"):
            geo = geo.to_crs("EPSG:4326")
        return _to_wkb_list(geo)
    import struct

    columns = list(data.columns)

    def pick(given, names):
        if given is not None:
            if given not in columns:
                raise InputError(f"the DataFrame has no column '{given}'",
                                 [("", 0, 0, given, f"the DataFrame has no column '{given}'", "")])
            return given
        for n in names:
            if n in columns:
                return n
        raise InputError("the DataFrame has no geometry",
                         [("", 0, 0, "", "the DataFrame has no geometry",
                           "give a GeoDataFrame, or x and y (lon/lat) columns")])

    xs = _numeric(data[pick(x, ("lon", "longitude", "lng", "x"))], "x")
    ys = _numeric(data[pick(y, ("lat", "latitude", "y"))], "y")
    return [None if (a != a or b != b) else struct.pack("<BIdd", 1, 1, float(a), float(b)) for a, b in zip(xs, ys)]


def _labels(data: Any, id: Optional[str]) -> List[str]:
    column = None
    if id is not None:
        if id not in data.columns:
            raise InputError(f"the DataFrame has no column '{id}'",
                             [("", 0, 0, id, f"the DataFrame has no column '{id}'", "")])
        column = id
    else:
        for candidate in ("id", "name"):
            if candidate in data.columns:
                column = candidate
                break
    out = []
    for i, v in enumerate(data[column].tolist() if column else [None] * len(data)):
        label = "" if v is None or (isinstance(v, float) and v != v) else str(v)
        out.append(label or f"#{i + 1}")
    return out


def pip(polygons: PathLike, points: PathLike, *, layer: Optional[str] = None, where: Optional[str] = None,
        x: Optional[str] = None, y: Optional[str] = None, fields: Optional[Sequence[str]] = None,
        threads: Optional[int] = None, geometry: bool = False):
    """Counts the points of a CSV (lon/lat columns ``x``, ``y``) strictly inside each polygon of
    a vector layer (``coopatlas pip``): one row per polygon, in layer order, with its ``fields``
    (default: all) and ``count``. ``attrs``: points, inside, unmatched, in_several.
    ``threads``: default all cores. ``geometry=True``: a GeoDataFrame of the polygons."""
    result = _core.pip(_text(polygons), _text(points), _text(layer), _text(where), _text(x), _text(y),
                       None if fields is None else [str(f) for f in fields], int(threads or 0), bool(geometry))
    return _frame(result, geometry)


def palette(name: str, k: int) -> List[str]:
    """``k`` colours ("#rrggbb") of a named palette, low values first: ColorBrewer (YlGnBu,
    Blues, RdBu, ...), viridis, cividis; a "-r" suffix reverses it."""
    return _core.palette(name, int(k))


def palettes() -> List[Tuple[str, str, int]]:
    """Every palette: (name, kind, largest number of classes)."""
    return _core.palettes()


def write_geotiff(path: PathLike, array: Any, transform: Sequence[float], crs: str, *,
                  nodata: Optional[float] = None, description: str = "",
                  metadata: Optional[Dict[str, str]] = None) -> None:
    """Writes a 2-D array as a Float32 GeoTIFF (DEFLATE), atomically, as the command line
    writes its density surfaces; ``transform`` as in :class:`Raster` (north up)."""
    _core.write_geotiff(_text(path), array, [float(v) for v in transform], crs, nodata, description,
                        {str(k): str(v) for k, v in (metadata or {}).items()}, [])
