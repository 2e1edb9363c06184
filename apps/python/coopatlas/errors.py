"""Exceptions raised by coopatlas: one base class, as pyproj's ``ProjError``.

Every error of the C++ library arrives as one of these::

    CoopatlasError            anything the library reports (GDAL, GEOS, PROJ, Cairo, bad data)
    ├── InputError            bad input: one Diagnostic per problem, each with its place
    ├── UnknownName           a name matching no entity, with the nearest ones
    └── AmbiguousName         a name matching several entities, with the candidates
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence

__all__ = ["CoopatlasError", "Diagnostic", "InputError", "UnknownName", "AmbiguousName"]


class CoopatlasError(Exception):
    """Base class of every error raised by coopatlas."""


@dataclass(frozen=True)
class Diagnostic:
    """Where one problem sits in an input, and what could fix it.

    ``line`` and ``column`` are 1-based, 0 when not known; ``file`` is empty for a
    problem of the call itself (a keyword argument), whose name is then ``field``.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    suggestion: str

    def __str__(self) -> str:
        place = ""
        if self.file or self.line > 0:
            place = self.file or "<input>"
            if self.line > 0:
                place += f":{self.line}"
                if self.column > 0:
                    place += f":{self.column}"
            place += ": "
        text = place + self.message
        if self.suggestion:
            text += " \u2014 " + self.suggestion
        return text


class InputError(CoopatlasError):
    """Bad input: a file, a keyword argument or a map spec that cannot be used.

    ``diagnostics`` lists every problem; ``file``, ``line``, ``column``, ``field`` and
    ``suggestion`` are those of the first one.
    """

    def __init__(self, message: str, diagnostics: Iterable[Sequence] = ()) -> None:
        super().__init__(message)
        self.diagnostics: List[Diagnostic] = [d if isinstance(d, Diagnostic) else Diagnostic(*d) for d in diagnostics]
        first: Optional[Diagnostic] = self.diagnostics[0] if self.diagnostics else None
        self.file: str = first.file if first else ""
        self.line: int = first.line if first else 0
        self.column: int = first.column if first else 0
        self.field: str = first.field if first else ""
        self.suggestion: str = first.suggestion if first else ""


class UnknownName(CoopatlasError):
    """A name that matches no entity. ``suggestions`` holds the ids of the nearest
    entities (their names are in the message: "did you mean 'Fès-Meknès' (region, MA)?")."""

    def __init__(self, message: str, name: str = "", suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.name: str = name
        self.suggestions: List[str] = list(suggestions)


class AmbiguousName(CoopatlasError):
    """A name that matches several entities. ``candidates`` holds their ids; give the
    id, the level or the country to choose."""

    def __init__(self, message: str, name: str = "", candidates: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.name: str = name
        self.candidates: List[str] = list(candidates)
