"""Commands that compute: ``rank``, ``diff`` and ``pakn``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polars as pl

from idx766.analysis import component_ranks, deltas, pakn_deadlines, rank
from idx766.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    parse_all,
    print_frame,
    say_error,
)
from idx766.components import COMPONENTS
from idx766.frames import frame_of
from idx766.interchange import dump_value
from idx766.model import Records
from idx766.panel.combine import combine

__all__ = ["cmd_diff", "cmd_pakn", "cmd_rank"]

_COMPONENT_KEYS = [c.key for c in COMPONENTS]


def _scores(records: list[Records]) -> pl.DataFrame:
    """The running scores (year to date; no monthly figures) of the files, one row per unit
    and date."""
    frame = frame_of("scores", combine(records).scores)
    running = pl.col("period").is_null() | pl.col("period").str.starts_with("year:")
    return frame.filter(running & pl.col("as_of").is_not_null())


def _write(frame: pl.DataFrame, args: argparse.Namespace, json_rows: list[dict[str, Any]]) -> int:
    if args.format in ("csv", "parquet"):
        if not args.output:
            say_error(f"--format {args.format} needs -o FILE")
            return EXIT_UNREADABLE
        out = Path(args.output)
        if args.format == "csv":
            lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List | pl.Struct)]
            frame.drop(lists).write_csv(out)
        else:
            frame.write_parquet(out)
        return EXIT_OK
    if args.format == "json":
        print(dump_value(json_rows))
        return EXIT_OK
    print_frame(frame, "text")
    return EXIT_OK


def cmd_rank(args: argparse.Namespace) -> int:
    parsed, failures = parse_all(args.files, args, "reading")
    scores = _scores(parsed).filter(pl.col("total").is_not_null())
    if args.level:
        scores = scores.filter(pl.col("level") == args.level)
    method: Literal["min", "dense"] = "dense" if args.dense else "min"
    present = [
        k for k in _COMPONENT_KEYS if k in scores.columns and scores[k].null_count() < len(scores)
    ]
    ranked = component_ranks(
        rank(scores, method=method, name="rank_calc"), components=present, method=method
    ).sort("level", "as_of", "rank_calc", "unit")
    table = ranked.select(
        "unit",
        "unit_key",
        "level",
        "as_of",
        "total",
        pl.col("rank_calc").alias("rank"),
        *[f"rank_{k}" for k in present],
    )
    rows = [
        {
            "unit": r["unit"],
            "unit_key": r["unit_key"],
            "level": r["level"],
            "as_of": r["as_of"],
            "total": r["total"],
            "rank": r["rank"],
            "component_ranks": {k: r[f"rank_{k}"] for k in present},
        }
        for r in table.iter_rows(named=True)
    ]
    code = _write(table, args, rows)
    return EXIT_UNREADABLE if failures else code


def _latest(records: list[Records]) -> date | None:
    days = [
        s.as_of
        for r in records
        for s in r.scores
        if s.as_of and (s.period is None or s.period.startswith("year:"))
    ]
    return max(days, default=None)


def cmd_diff(args: argparse.Namespace) -> int:
    old, failed_old = parse_all([args.old], args, "reading")
    new, failed_new = parse_all([args.new], args, "reading")
    if failed_old or failed_new:
        return EXIT_UNREADABLE
    before, after = _latest(old), _latest(new)
    if before is None or after is None or before == after:
        say_error(f"the two files must hold scores of two dates (found {before} and {after})")
        return EXIT_FINDINGS
    frame = pl.concat(
        [
            _scores(old).filter(pl.col("as_of") == before),
            _scores(new).filter(pl.col("as_of") == after),
        ],
        how="diagonal_relaxed",
    )
    changed = deltas(frame, before=before, after=after, over=("level",))
    values = ["total", *[k for k in _COMPONENT_KEYS if f"{k}_delta" in changed.columns]]
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
        ],
        how="diagonal_relaxed",
    ).filter(pl.col("before").is_not_null() | pl.col("after").is_not_null())
    return _write(long, args, long.to_dicts())


def cmd_pakn(args: argparse.Namespace) -> int:
    parsed, failures = parse_all(args.files, args, "reading")
    frames = [pakn_deadlines(r, as_of=args.as_of) for r in parsed if r.pakn]
    if not frames:
        say_error("no PAKN records in the files")
        return EXIT_UNREADABLE if failures else EXIT_FINDINGS
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
    code = _write(table, args, table.to_dicts())
    return EXIT_UNREADABLE if failures else code
