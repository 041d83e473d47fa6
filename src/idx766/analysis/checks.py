"""The catalogue of consistency checks: one place that lists and runs every check.

A check reads one file's :class:`~idx766.model.Records` and yields findings located at the file,
table and row of the figure it doubts; the codes parsers report themselves are listed too, so
the catalogue explains every finding code. ``docs/checks.md`` is generated from it.
Users add their own with :func:`register` and enable them by name.
"""

from __future__ import annotations

from idx766.analysis import check_document, check_recompute, check_scores, check_tables, reported
from idx766.analysis.catalogue import CATALOGUE, Check, register, run_checks
from idx766.analysis.precision import tolerance

__all__ = ["CATALOGUE", "Check", "catalogue_markdown", "register", "run_checks", "tolerance"]

_MODULES = (check_scores, check_tables, check_document, reported, check_recompute)  # registers


def catalogue_markdown() -> str:
    """The catalogue as the Markdown of ``docs/checks.md`` (its one source of truth)."""
    lines = [
        "# The checks catalogue",
        "",
        "Generated from `idx766.analysis.checks.CATALOGUE` by "
        "`idx766 checks --format markdown > docs/checks.md`; a test keeps the two equal.",
        "",
        "| code | severity | runs by default | title |",
        "|---|---|---|---|",
    ]
    entries = sorted(CATALOGUE.items(), key=lambda kv: (kv[1].run is None, kv[0]))
    for code, check in entries:
        runs = "reported by parsers" if check.run is None else ("yes" if check.default else "no")
        lines.append(f"| `{code}` | {check.severity.value} | {runs} | {check.title} |")
    for code, check in entries:
        lines += ["", f"## `{code}`", "", check.description, ""]
        if check.tolerance:
            lines += [f"Tolerance: {check.tolerance}", ""]
        lines.append(f"Message: `{check.template}`")
    return "\n".join(lines) + "\n"
