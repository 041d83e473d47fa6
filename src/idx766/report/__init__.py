"""The weekly report written from data: the document officers type by hand today.

Library first: :func:`weekly_data` computes what a report says from a scores frame (any
number of portal files, reports or a panel, as polars frames); :func:`write_docx` lays it out
as the weekly report of seed 001 or the commendation letter of seed 000, :func:`chat_text`
as a plain-text bulletin for chat apps::

    import idx766
    from idx766.report import report_data, write_docx, chat_text

    old = [idx766.parse("agencies_GiaLai_02102026.json")]
    new = [idx766.parse("comparison_GiaLai_09102026.json"), idx766.parse("2026-10-06.json")]
    data = report_data(old, new)                 # WeeklyData: dates, province, levels...
    write_docx(data, "bao-cao-tuan.docx")        # the weekly report
    write_docx(data, "bieu-duong.docx", template="commendation")
    print(chat_text(data))

``idx766.parse`` of a written report gives back the scores, changes and groups it was written
from (see ``docs/report.md``).
"""

from idx766.report.chat import chat_text
from idx766.report.data import (
    LevelSection,
    Moves,
    OverdueLine,
    PaknLine,
    ProvinceLine,
    Ranking,
    RankRow,
    UnitLine,
    WeeklyData,
    week_of,
    weekly_data,
)
from idx766.report.inputs import changes_as_scores, report_data
from idx766.report.letter import Letterhead
from idx766.report.write import TEMPLATES, report_items, write_docx

__all__ = [
    "TEMPLATES",
    "Letterhead",
    "LevelSection",
    "Moves",
    "OverdueLine",
    "PaknLine",
    "ProvinceLine",
    "RankRow",
    "Ranking",
    "UnitLine",
    "WeeklyData",
    "changes_as_scores",
    "chat_text",
    "report_data",
    "report_items",
    "week_of",
    "weekly_data",
    "write_docx",
]
