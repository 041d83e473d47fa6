"""Commands that compute: ``rank``, ``diff`` and ``pakn``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from idx766.analysis import component_ranks, deltas, full_rankings, pakn_deadlines
from idx766.analysis.ranks import RankMethod, rank_expr
from idx766.cli.common import EXIT_FINDINGS, parse_all, say_error
from idx766.cli.output import Sheet, emit
from idx766.components import COMPONENTS
from idx766.frames import frame_of
from idx766.model import Level, Records
from idx766.panel.combine import combine
from idx766.present import Lang, format_value, value_label

__all__ = ["cmd_diff", "cmd_pakn", "cmd_rank", "running_scores"]

_COMPONENT_KEYS = [c.key for c in COMPONENTS]
_PARTITION = ("level", "as_of", "period")
_LEVEL_ORDER = pl.Enum([lv.value for lv in Level])


def running_scores(records: list[Records]) -> pl.DataFrame:
    """The dated running scores of the files (what the portal shows on a day, or its year to
    date; no monthly figures), one row per unit, date and period."""
    frame = frame_of("scores", combine(records).scores)
    running = pl.col("period_kind").is_null() | (pl.col("period_kind") == "year")
    return frame.filter(running & pl.col("as_of").is_not_null())


def _present(frame: pl.DataFrame) -> list[str]:
    return [k for k in _COMPONENT_KEYS if frame[k].null_count() < len(frame)]


def _partition_title(row: dict[str, Any], lang: Lang, what: tuple[str, str]) -> str:
    parts = [
        what[0 if lang == "vi" else 1],
        value_label("level", row["level"] or "", lang) or "-",
        format_value(row["as_of"], lang=lang),
    ]
    if row.get("period"):
        parts.append(row["period"])
    return " — ".join(parts)


def _partial_note(level: str | None, day: date, rows: int, lang: Lang) -> str:
    where = f"{value_label('level', level or '', lang) or '-'}, {format_value(day, lang=lang)}"
    if lang == "vi":
        return (
            f"{where}: chỉ có {rows} đơn vị (danh sách dẫn đầu, cần cải thiện...), không phải "
            "bảng xếp hạng đầy đủ của cấp này: không tính hạng, chỉ giữ hạng đã in."
        )
    return (
        f"{where}: only {rows} units (a list of leaders, laggards...), not a full ranking of "
        "the level: no rank computed, printed ranks kept."
    )


def _shown_ranks(frame: pl.DataFrame, over: Sequence[str], method: RankMethod) -> pl.DataFrame:
    """``rank`` and ``rank_of``: computed among the units of a full ranking; in a partial list
    (top and bottom N) the ranks the document printed, if any, and none invented."""
    marked = full_rankings(frame, over=over)
    full = pl.col("full_ranking")
    return marked.with_columns(
        pl.when(full)
        .then(rank_expr("total", over=over, method=method))
        .otherwise(pl.col("rank"))
        .alias("rank"),
        pl.when(full)
        .then(pl.len().over(over).cast(pl.Int64))
        .otherwise(pl.col("rank_of"))
        .alias("rank_of"),
    )


def _partial_notes(frame: pl.DataFrame, lang: Lang) -> list[str]:
    parts = frame.filter(~pl.col("full_ranking")).group_by("level", "as_of").len()
    return [
        _partial_note(r["level"], r["as_of"], r["len"], lang)
        for r in parts.sort("as_of", "level").iter_rows(named=True)
    ]


def cmd_rank(args: argparse.Namespace) -> int:
    parsed = parse_all(args.files, args, "reading")
    scores = running_scores(parsed.records).filter(pl.col("total").is_not_null())
    if args.level:
        scores = scores.filter(pl.col("level") == args.level)
    method: RankMethod = "dense" if args.dense else "min"
    present = _present(scores)
    ranked = component_ranks(
        _shown_ranks(scores, _PARTITION, method), components=present, over=_PARTITION, method=method
    )
    ranked = ranked.with_columns(
        pl.when(pl.col("full_ranking")).then(pl.col(f"rank_{k}")).alias(f"rank_{k}")
        for k in present
    ).sort(
        pl.col("level").cast(_LEVEL_ORDER),
        "as_of",
        "period",
        "rank",
        pl.col("total"),
        descending=[False, False, False, False, True],
        nulls_last=True,
    )
    table = ranked.select(
        "unit",
        "unit_key",
        "level",
        "as_of",
        "period",
        "total",
        "rank",
        "rank_of",
        "full_ranking",
        *[f"rank_{k}" for k in present],
    )
    sheets = []
    for _, part in table.group_by(_PARTITION, maintain_order=True):
        first = part.row(0, named=True)
        partial = not first["full_ranking"]
        sheets.append(
            Sheet.of_frame(
                "ranking",
                (
                    _partition_title(first, "vi", ("Xếp hạng", "Ranking")),
                    _partition_title(first, "en", ("Xếp hạng", "Ranking")),
                ),
                part,
                columns=["unit", "total", "rank", "rank_of", *[f"rank_{k}" for k in present]],
                ranks={"rank": "rank_of"},
                notes=_partial_notes(part, args.lang) if partial else [],
            )
        )
    rows = [
        {
            **{k: r[k] for k in ("unit", "unit_key", "level", "as_of", "period", "total")},
            "rank": r["rank"],
            "rank_of": r["rank_of"],
            "full_ranking": r["full_ranking"],
            "component_ranks": {k: r[f"rank_{k}"] for k in present},
        }
        for r in table.iter_rows(named=True)
    ]
    code = emit(args, sheets, frames={"ranking": table}, json_value=rows)
    return parsed.exit_code or code


def _latest(records: list[Records]) -> date | None:
    frame = running_scores(records)
    return frame["as_of"].max() if not frame.is_empty() else None  # type: ignore[return-value]


def cmd_diff(args: argparse.Namespace) -> int:
    old = parse_all([args.old], args, "reading")
    new = parse_all([args.new], args, "reading")
    if old.exit_code or new.exit_code:
        return max(old.exit_code, new.exit_code)
    before, after = _latest(old.records), _latest(new.records)
    if before is None or after is None or before == after:
        found = ", ".join(format_value(d, lang=args.lang) or "-" for d in (before, after))
        say_error(f"the two files must hold scores of two different dates (found {found})")
        return EXIT_FINDINGS
    frame = pl.concat(
        [
            running_scores(old.records).filter(pl.col("as_of") == before),
            running_scores(new.records).filter(pl.col("as_of") == after),
        ]
    )
    marked = _shown_ranks(frame, ("level", "as_of"), "min")
    values = ["total", *_present(frame)]
    changed = (
        deltas(marked, before=before, after=after, values=[*values, "rank"], rank_by=None)
        .with_columns((pl.col("rank_before") - pl.col("rank_after")).alias("rank_change"))
        .drop("rank_delta")
        .sort(pl.col("level").cast(_LEVEL_ORDER), "rank_after", "total_after", nulls_last=True)
    )
    long = pl.concat(
        [
            changed.select(
                "unit",
                "unit_key",
                "level",
                pl.lit(None if v == "total" else v, dtype=pl.String).alias("component"),
                pl.lit(before).alias("from"),
                pl.lit(after).alias("to"),
                pl.col(f"{v}_before").alias("before"),
                pl.col(f"{v}_after").alias("after"),
                pl.col(f"{v}_delta").alias("delta"),
                "rank_before",
                "rank_after",
            )
            for v in values
        ]
    ).filter(pl.col("before").is_not_null() | pl.col("after").is_not_null())
    span = f"{format_value(before)} → {format_value(after)}"
    ordered = changed
    notes = _partial_notes(marked, args.lang)
    sheets = [
        Sheet.of_frame(
            "totals",
            (f"Tổng điểm {span}", f"Total {span}"),
            ordered,
            columns=[
                "unit",
                "level",
                "total_before",
                "total_after",
                "total_delta",
                "rank_before",
                "rank_after",
                "rank_change",
            ],
            signed=["total_delta", "rank_change"],
            notes=notes,
        ),
        Sheet.of_frame(
            "components",
            (f"Chỉ số thành phần {span}", f"Components {span}"),
            ordered,
            columns=["unit", "level", *[f"{k}_delta" for k in values[1:]]],
            signed=[f"{k}_delta" for k in values[1:]],
        ),
    ]
    return emit(args, sheets, frames={"diff": long}, json_value=long.to_dicts())


def cmd_pakn(args: argparse.Namespace) -> int:
    parsed = parse_all(args.files, args, "reading")
    frames = [pakn_deadlines(r, as_of=args.count_from) for r in parsed.records if r.pakn]
    if not frames:
        say_error("no PAKN records in the files")
        return parsed.exit_code or EXIT_FINDINGS
    table = pl.concat(frames, how="diagonal_relaxed").sort("due")
    keep = [
        c
        for c in (
            "code",
            "unit",
            "unit_key",
            "received_on",
            "due",
            "send_draft_by",
            "working_days_left",
            "overdue",
            "code_date_after_received",
        )
        if c in table.columns
    ]
    table = table.select(keep)
    day = format_value(args.count_from)
    sheet = Sheet.of_frame(
        "pakn",
        (f"Hạn trả lời PAKN, tính đến {day}", f"PAKN answer deadlines on {day}"),
        table,
        columns=[c for c in keep if c != "unit_key"],
    )
    code = emit(args, [sheet], frames={"pakn": table}, json_value=table.to_dicts())
    return parsed.exit_code or code
