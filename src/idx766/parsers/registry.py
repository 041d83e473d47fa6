"""Which parsers exist and which one reads a file.

Built-in parsers are registered in code (sniffed by :mod:`.sniff`, each imported when it first
parses); plugins are discovered once (cached) from the ``idx766.parsers`` entry-point group,
and only when a built-in does not settle the file. An explicit parser name wins; otherwise the
parser with the highest sniff score reads the file (built-ins first on a tie; a score above 1
counts as 1). No fit is an :class:`~idx766.errors.UnsupportedFormatError` that lists what was
tried.

The environment variable ``IDX766_NO_PLUGINS`` turns discovery off: ``*`` (or ``1``) skips
every plugin, a comma-separated list skips the entry points of those names. It is for finding
out whether a plugin is to blame, and for tests that must not depend on what is installed.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from idx766.errors import UnsupportedFormatError
from idx766.parsers import sniff
from idx766.parsers.base import ParseOptions, Parser, Probe

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from idx766.model import Records

__all__ = [
    "ENTRY_POINT_GROUP",
    "BuiltinParser",
    "PluginProblem",
    "RegisteredParser",
    "available_parsers",
    "builtin_parsers",
    "plugin_problems",
    "select_parser",
]

ENTRY_POINT_GROUP = "idx766.parsers"


@frozen(kw_only=True)
class RegisteredParser:
    """A parser and where it comes from (``builtin`` or the distribution of its entry point)."""

    parser: Parser
    origin: str


@frozen(kw_only=True)
class PluginProblem:
    """An entry point that could not be loaded as a parser, and why."""

    entry_point: str
    reason: str


@frozen(kw_only=True)
class BuiltinParser:
    """A parser that ships with idx766, imported when it first parses.

    Sniffing needs only :mod:`idx766.parsers.sniff`, so choosing a parser imports no reader:
    a DOCX is read without importing pdfplumber, a PDF without python-docx. ``load()`` is the
    parser itself (its module imported once)."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    target: str
    """``module:Class`` of the parser."""
    sniffer: Callable[[Probe], float]

    def sniff(self, probe: Probe) -> float:
        """How well the parser fits the file (its own ``sniff``)."""
        return self.sniffer(probe)

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """The parser's ``parse``."""
        return self.load().parse(path, options)

    def load(self) -> Parser:
        """The parser, its module imported on first use."""
        return _instance(self.target)


@functools.cache
def _instance(target: str) -> Parser:
    module, _, name = target.partition(":")
    parser: Parser = getattr(importlib.import_module(module), name)()
    return parser


_BUILTINS = (
    (
        "docx-report",
        "Official 766 reports in DOCX (Word 2007+)",
        (".docx",),
        "idx766.parsers.docx:DocxReportParser",
        sniff.docx,
    ),
    (
        "pdf-report",
        "Official 766 reports in PDF (text layer; ruled and borderless tables)",
        (".pdf",),
        "idx766.parsers.pdf:PdfReportParser",
        sniff.pdf,
    ),
    (
        "portal-json",
        "Portal data in JSON: API responses, crawler files, old-service rows",
        (".json",),
        "idx766.parsers.portal:PortalJsonParser",
        sniff.portal_json,
    ),
    (
        "spreadsheet",
        "Score tables exported as spreadsheets (XLSX, XLS, ODS, CSV)",
        (".xlsx", ".xlsm", ".xls", ".ods", ".csv"),
        "idx766.parsers.spreadsheet:SpreadsheetParser",
        sniff.spreadsheet,
    ),
)
"""Name, description, suffixes, ``module:Class`` and sniff of each built-in parser (the
classes' own: ``tests/test_speed_paths.py`` holds them equal)."""


@functools.cache
def builtin_parsers() -> tuple[BuiltinParser, ...]:
    """The parsers that ship with idx766 (none of their modules imported yet)."""
    return tuple(
        BuiltinParser(name=n, description=d, suffixes=s, target=t, sniffer=f)
        for n, d, s, t, f in _BUILTINS
    )


def _load(ep: EntryPoint) -> Parser:
    obj = ep.load()
    parser = obj() if isinstance(obj, type) else obj
    if not isinstance(parser, Parser):
        raise TypeError("does not provide name, description, suffixes, sniff() and parse()")
    return parser


@functools.cache
def _discover() -> tuple[tuple[RegisteredParser, ...], tuple[PluginProblem, ...]]:
    found: list[RegisteredParser] = []
    problems: list[PluginProblem] = []
    skip = {n.strip() for n in os.environ.get("IDX766_NO_PLUGINS", "").split(",") if n.strip()}
    if skip & {"*", "1"}:  # importlib.metadata is not even imported
        return (), ()
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if skip & {"*", "1", ep.name}:
            continue
        try:
            parser = _load(ep)
        except Exception as exc:  # a broken plugin must not break the library
            problems.append(PluginProblem(entry_point=f"{ep.name} = {ep.value}", reason=str(exc)))
            continue
        dist = ep.dist.name if ep.dist is not None else ep.value
        found.append(RegisteredParser(parser=parser, origin=dist))
    return tuple(found), tuple(problems)


def available_parsers() -> tuple[RegisteredParser, ...]:
    """Built-in parsers, then the plugins found under the entry-point group."""
    builtins = tuple(RegisteredParser(parser=p, origin="builtin") for p in builtin_parsers())
    return builtins + _discover()[0]


def plugin_problems() -> tuple[PluginProblem, ...]:
    """Entry points in the group that could not be loaded (shown by ``idx766 parsers``)."""
    return _discover()[1]


def _fit(parser: Parser, probe: Probe) -> float:
    """The parser's sniff of the file, in 0..1 (a plugin's error is 0, a fit above 1 is 1)."""
    try:
        return min(1.0, float(parser.sniff(probe)))
    except Exception:  # a plugin's sniff must not break selection
        return 0.0


def select_parser(probe: Probe, name: str | None = None) -> Parser:
    """The parser for a file: the one named, else the best sniff; raises if none fits.

    Plugins are discovered only when a built-in does not settle it: a built-in named, or one
    certain of the file (1.0: a plugin could only tie it, and a tie goes to the built-in),
    is chosen without reading the installed packages' entry points."""
    builtins = builtin_parsers()
    if name is not None:
        for builtin in builtins:
            if builtin.name == name:
                return builtin
    else:
        for builtin in builtins:
            if _fit(builtin, probe) >= 1.0:
                return builtin
    registered = available_parsers()
    if name is not None:
        for entry in registered:
            if entry.parser.name == name:
                return entry.parser
        names = ", ".join(e.parser.name for e in registered)
        raise UnsupportedFormatError(probe.path, f"no parser named {name!r} (available: {names})")
    scored = [(_fit(e.parser, probe), -order, e.parser) for order, e in enumerate(registered)]
    best = max(scored, key=lambda s: (s[0], s[1]), default=None)
    if best is None or best[0] <= 0:
        tried = ", ".join(f"{p.name} ({s:.1f})" for s, _, p in scored)
        raise UnsupportedFormatError(
            probe.path, f"no parser reads this file (tried: {tried or 'none'})"
        )
    return best[2]
