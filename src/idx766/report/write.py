"""Writing a report: the template's items rendered as a DOCX file, the same bytes every time.

The file's core properties and ZIP timestamps are fixed from the report's date, so the same
data always gives the same file (a report can be regenerated and compared).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from idx766 import __version__
from idx766.report.commendation import commendation_items
from idx766.report.data import WeeklyData
from idx766.report.docx_layout import Item, render, save_deterministic
from idx766.report.letter import Letterhead
from idx766.report.weekly import weekly_items

__all__ = ["TEMPLATES", "report_items", "write_docx"]

TEMPLATES: dict[str, Callable[[WeeklyData, Letterhead | None], list[Item]]] = {
    "weekly": weekly_items,
    "commendation": commendation_items,
}
"""The DOCX templates by name (the chat bulletin is text: :func:`idx766.report.chat_text`)."""

_TITLES = {"weekly": "Báo cáo tuần", "commendation": "Biểu dương"}


def report_items(
    data: WeeklyData, template: str = "weekly", letter: Letterhead | None = None
) -> list[Item]:
    """The items (paragraphs, layout blocks, tables) of a template for ``data``."""
    if template not in TEMPLATES:
        raise ValueError(f"no template {template!r} (templates: {', '.join(TEMPLATES)})")
    return TEMPLATES[template](data, letter)


def write_docx(
    data: WeeklyData,
    path: str | Path,
    *,
    template: str = "weekly",
    letter: Letterhead | None = None,
) -> Path:
    """Write the report of ``data`` as a DOCX file; returns its path."""
    items = report_items(data, template, letter)
    stamp = datetime.combine(data.after, time(8, 0))
    week = f" tuần thứ {data.week}" if data.week is not None else ""
    title = f"{_TITLES[template]}{week} năm {data.after.year}"
    doc = render(
        items,
        title,
        author="idx766",
        created=stamp,
        comments=f"Written by idx766 {__version__} from the data of "
        f"{data.before.isoformat()} and {data.after.isoformat()}",
    )
    out = Path(path)
    save_deterministic(doc, out, zip_time=stamp.timetuple()[:6])
    return out
