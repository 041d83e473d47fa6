"""The catalogue's machinery: a check's entry, registration, and running the checks.

Modelled on frictionless-py's errors: each check has a code, a title, a severity, a
description, a message template and the tolerance it applies (with its reason); its findings
are located at the file, page or table and row. A check that is not ``default`` runs only when
enabled by name; users register their own checks the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from attrs import frozen

from idx766.model import Finding, Provenance, Records, Severity

__all__ = ["CATALOGUE", "Check", "register", "run_checks"]


@frozen(kw_only=True)
class Check:
    """One entry of the catalogue. ``run`` is None for codes that parsers report themselves."""

    code: str
    title: str
    severity: Severity
    description: str
    template: str
    run: Callable[[Check, Records], Iterable[Finding]] | None = None
    default: bool = True
    #: what difference the check lets pass, and why (shown by ``docs/checks.md``)
    tolerance: str = ""

    def finding(self, *, unit: str | None, location: Provenance | None, **values: Any) -> Finding:
        """A finding of this check with its message template filled in."""
        return Finding(
            check=self.code,
            severity=self.severity,
            message=self.template.format(unit=unit, **values),
            unit=unit,
            location=location,
        )


CATALOGUE: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check to the catalogue (codes are unique)."""
    if check.code in CATALOGUE:
        raise ValueError(f"a check with code {check.code!r} is already registered")
    CATALOGUE[check.code] = check
    return check


def run_checks(
    records: Records,
    *,
    only: Iterable[str] | None = None,
    enable: Iterable[str] = (),
) -> tuple[Finding, ...]:
    """The parser's findings plus those of the checks that run.

    By default every ``default`` check runs; ``enable`` adds checks by name; ``only`` runs just
    the named ones (and keeps just the parser findings with those codes).
    """
    named = set(only or ()) | set(enable)
    unknown = named - set(CATALOGUE)
    if unknown:
        raise KeyError(f"unknown check(s): {', '.join(sorted(unknown))}")
    if only is not None:
        wanted = set(only)
    else:
        wanted = {c for c, entry in CATALOGUE.items() if entry.default} | set(enable)
    found = [f for f in records.findings if f.check in wanted or f.check not in CATALOGUE]
    for code, check in CATALOGUE.items():
        if code in wanted and check.run is not None:
            found.extend(check.run(check, records))
    return tuple(found)
