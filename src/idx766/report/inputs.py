"""From parsed files (or a panel) to the frames :func:`~idx766.report.data.weekly_data` takes.

:func:`report_data` combines the records of the OLD files, the NEW files and any others (a
national ranking, an overdue list, PAKN), takes the latest date of OLD and of NEW as the two
dates of the report, and computes the report's data. :func:`changes_as_scores` turns
published changes into scores of their earlier date: a weekly report's own change tables give
the scores of the week before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from idx766.frames import SCHEMAS, frame_of
from idx766.model import Records
from idx766.panel.combine import combine
from idx766.report.data import WeeklyData, weekly_data
from idx766.units import Registry

__all__ = ["changes_as_scores", "latest_date", "report_data"]


def _running(frame: pl.DataFrame) -> pl.DataFrame:
    running = pl.col("period_kind").is_null() | (pl.col("period_kind") == "year")
    return frame.filter(running & pl.col("as_of").is_not_null() & pl.col("total").is_not_null())


def latest_date(records: Sequence[Records]) -> date | None:
    """The latest date of the running scores the records hold (None when they hold none)."""
    frame = _running(frame_of("scores", combine(records).scores))
    day = frame["as_of"].max() if not frame.is_empty() else None
    return day if isinstance(day, date) else None


def changes_as_scores(changes: pl.DataFrame) -> pl.DataFrame:
    """Published changes of totals as scores of their earlier date (a scores frame).

    A weekly report's change table "Từ 18/5 | Đến 25/5" gives each listed unit's total on
    18/5; these rows let a report compare with that date when no file of it is at hand.
    Component changes (the province's) give its components on that date.
    """
    dated = changes.filter(pl.col("from").is_not_null() & pl.col("before").is_not_null())
    totals = dated.filter(pl.col("component").is_null()).unique(
        ["unit_key", "from"], keep="first", maintain_order=True
    )
    comps = (
        dated.filter(pl.col("component").is_not_null() & (pl.col("component") != "rank"))
        .unique(["unit_key", "from", "component"], keep="first", maintain_order=True)
        .pivot("component", index=["unit_key", "from"], values="before")
    )
    ranks = (
        dated.filter(pl.col("component") == "rank")
        .select("unit_key", "from", pl.col("rank_before").alias("rank"))
        .unique(["unit_key", "from"], keep="first")
    )
    rows = (
        totals.select(
            "unit",
            "unit_key",
            "unit_code",
            "level",
            "province",
            pl.col("from").alias("as_of"),
            pl.col("before").alias("total"),
        )
        .join(comps, left_on=["unit_key", "as_of"], right_on=["unit_key", "from"], how="left")
        .join(ranks, left_on=["unit_key", "as_of"], right_on=["unit_key", "from"], how="left")
    )
    schema = SCHEMAS["scores"]
    return pl.concat([pl.DataFrame(schema=schema), rows], how="diagonal_relaxed").select(
        [pl.col(name).cast(dtype) for name, dtype in schema.items()]
    )


def report_data(
    old: Sequence[Records],
    new: Sequence[Records],
    *,
    extra: Sequence[Records] = (),
    province: str | None = None,
    top: int = 10,
    department_top: int = 5,
    week: int | None = None,
    registry: Registry | None = None,
) -> WeeklyData:
    """The data of a report from the records of two dates (and others).

    ``old`` and ``new`` are the records of the files of each date (portal files, reports);
    the report compares the latest date of the running scores in ``old`` with the latest in
    ``new``. ``extra`` records (a national ranking, overdue dossiers, PAKN) are used at their
    own dates. Raises ValueError when the files hold no scores or no two dates in order.
    """
    before, after = latest_date(old), latest_date(new)
    if before is None or after is None:
        raise ValueError("the OLD and NEW files must hold dated scores")
    if before >= after:
        raise ValueError(
            f"the OLD files' date ({before.isoformat()}) must come before the NEW files' "
            f"({after.isoformat()})"
        )
    combined = combine([*old, *new, *extra])
    return weekly_data(
        frame_of("scores", combined.scores),
        before=before,
        after=after,
        province=province,
        overdue=frame_of("overdue", combined.overdue) if combined.overdue else None,
        pakn=frame_of("pakn", combined.pakn) if combined.pakn else None,
        top=top,
        department_top=department_top,
        week=week,
        registry=registry,
    )
