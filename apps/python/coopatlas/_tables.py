"""Turning the columns the compiled module returns into pandas and GeoPandas objects."""
from __future__ import annotations

import os
from typing import Any, Iterable, List, Optional

#: CRS of every geometry the atlas holds and the analyses return (lon/lat WGS 84).
CRS = "EPSG:4326"


def words(value: Any) -> List[str]:
    """A filter option as a list of words: None, a word, "a,b" or a list of words."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def text(value: Any) -> str:
    """An optional string argument as the library takes it ('' = not given)."""
    if value is None:
        return ""
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def frame(result: dict, geometry: bool = False, crs: Optional[str] = CRS, index: Any = None):
    """A DataFrame of result["columns"] (a GeoDataFrame with result["geometry"] as WKB
    when asked), with result["meta"] in ``attrs``."""
    import pandas as pd

    df = pd.DataFrame(result["columns"], index=index)
    if geometry:
        import geopandas as gpd

        series = gpd.GeoSeries.from_wkb(list(result["geometry"]), index=df.index, crs=crs)
        df = gpd.GeoDataFrame(df, geometry=series, crs=crs)
    meta = result.get("meta")
    if meta:
        df.attrs.update(meta)
    return df


def to_wkb_list(geometries: Iterable[Any]) -> List[Optional[bytes]]:
    """WKB of shapely geometries (None for missing or empty ones)."""
    out: List[Optional[bytes]] = []
    for g in geometries:
        if g is None or getattr(g, "is_empty", True):
            out.append(None)
        else:
            out.append(bytes(g.wkb))
    return out
