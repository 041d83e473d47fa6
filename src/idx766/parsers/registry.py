"""Which parsers exist and which one reads a file.

Built-in parsers are registered in code; plugins are discovered once (cached) from the
``idx766.parsers`` entry-point group. An explicit parser name wins; otherwise the parser with the
highest sniff score reads the file (built-ins first on a tie). No fit is an
:class:`~idx766.errors.UnsupportedFormatError` that lists what was tried.

The environment variable ``IDX766_NO_PLUGINS`` turns discovery off: ``*`` (or ``1``) skips
every plugin, a comma-separated list skips the entry points of those names. It is for finding
out whether a plugin is to blame, and for tests that must not depend on what is installed.
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import EntryPoint, entry_points

from attrs import frozen

from idx766.errors import UnsupportedFormatError
from idx766.parsers.base import Parser, Probe

__all__ = [
    "ENTRY_POINT_GROUP",
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


@functools.cache
def builtin_parsers() -> tuple[Parser, ...]:
    """The parsers that ship with idx766."""
    from idx766.parsers.docx import DocxReportParser
    from idx766.parsers.pdf import PdfReportParser
    from idx766.parsers.portal import PortalJsonParser
    from idx766.parsers.spreadsheet import SpreadsheetParser

    parsers: tuple[Parser, ...] = (
        DocxReportParser(),
        PdfReportParser(),
        PortalJsonParser(),
        SpreadsheetParser(),
    )
    return parsers


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


def select_parser(probe: Probe, name: str | None = None) -> Parser:
    """The parser for a file: the one named, else the best sniff; raises if none fits."""
    registered = available_parsers()
    if name is not None:
        for entry in registered:
            if entry.parser.name == name:
                return entry.parser
        names = ", ".join(e.parser.name for e in registered)
        raise UnsupportedFormatError(probe.path, f"no parser named {name!r} (available: {names})")
    scored: list[tuple[float, int, Parser]] = []
    for order, entry in enumerate(registered):
        try:
            score = float(entry.parser.sniff(probe))
        except Exception:  # a plugin's sniff must not break selection
            score = 0.0
        scored.append((score, -order, entry.parser))
    best = max(scored, key=lambda s: (s[0], s[1]), default=None)
    if best is None or best[0] <= 0:
        tried = ", ".join(f"{p.name} ({s:.1f})" for s, _, p in scored)
        raise UnsupportedFormatError(
            probe.path, f"no parser reads this file (tried: {tried or 'none'})"
        )
    return best[2]
