"""The score model's commands: ``recompute``, ``whatif`` and ``goal`` (a thin layer over
:mod:`idx766.score`).

Exit codes as for every command: 0 fine; 1 ``recompute --fail-without-inputs`` on files that
hold no inputs; 2 a file could not be read, or the question cannot be asked of these files (an
unknown unit, lever or period, a methodology the model does not know, a change the inputs
cannot take), with one line on stderr.

Output is ``text`` (tables), ``json`` or ``xlsx`` (``-o FILE``), through the shared output
layer (:mod:`idx766.cli.output`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from idx766.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, parse_all, say_error
from idx766.cli.output import Sheet, emit
from idx766.interchange import dump_value
from idx766.score import (
    Goal,
    PeriodError,
    ScoreError,
    component_scores,
    explain,
    find_unit,
    goal_seek,
    group_scores,
    inputs_frame,
    marginal,
    one_period,
    whatif,
)

__all__ = ["cmd_goal", "cmd_recompute", "cmd_whatif"]

Sheets = Mapping[str, pl.DataFrame]


def _emit(args: argparse.Namespace, sheets: Sheets, json_value: Any) -> int:
    """The command's tables through the shared output layer (text, xlsx, json)."""
    return emit(
        args,
        [
            # the model's "component" is a sub-criterion of a group (a "tiêu chí")
            Sheet.of_frame(title, (title, title), frame.rename({"component": "criterion"}))
            if "component" in frame.columns
            else Sheet.of_frame(title, (title, title), frame)
            for title, frame in sheets.items()
        ],
        frames={},
        json_value=json_value,
    )


# -- shared steps -------------------------------------------------------------------------


def _inputs(args: argparse.Namespace) -> tuple[pl.DataFrame | None, int]:
    """The inputs of the files (None and an exit code when they cannot be had)."""
    parsed = parse_all(args.files, args, "reading")
    if parsed.exit_code and not parsed.records:
        return None, parsed.exit_code
    try:
        frame = inputs_frame(parsed.records, methodology=args.methodology)
    except ScoreError as exc:
        say_error(f"{exc.kind}: {exc}")
        return None, EXIT_UNREADABLE
    return frame, parsed.exit_code


def _answer(run: Callable[[], int]) -> int:
    try:
        return run()
    except PeriodError as exc:
        say_error(f"{exc.kind}: {exc} with --period")
        return EXIT_UNREADABLE
    except ScoreError as exc:
        say_error(f"{exc.kind}: {exc}")
        return EXIT_UNREADABLE


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


# -- recompute ----------------------------------------------------------------------------

_GROUP_COLUMNS = [
    "period",
    "unit",
    "unit_code",
    "group",
    "published",
    "recomputed",
    "difference",
    "status",
]
_COMPONENT_COLUMNS = [
    "period",
    "unit",
    "group",
    "component",
    "numerator",
    "denominator",
    "recomputed",
    "published",
    "difference",
    "quality",
]


def cmd_recompute(args: argparse.Namespace) -> int:
    inputs, code = _inputs(args)
    if inputs is None:
        return code
    if inputs.filter(pl.col("component").is_not_null()).is_empty():
        files = ", ".join(args.files)
        message = (
            f"no score inputs in {files}: the portal's sub-criteria endpoints give them "
            "(numerators and denominators per unit), score lists do not"
        )
        print(dump_value({"message": message}, indent=None) if args.format == "json" else message)
        return EXIT_FINDINGS if args.fail_without_inputs else code

    def run() -> int:
        frame = inputs
        if args.period:
            frame = one_period(frame, args.period)
        if args.unit:
            frame = frame.filter(pl.col("unit_id") == find_unit(frame, args.unit))
        groups = group_scores(frame).filter(pl.col("components") > 0)
        components = component_scores(frame)
        if args.format == "json":
            return _emit(args, {}, _recompute_json(groups, components))
        if args.unit:
            wide = args.format == "xlsx"  # the labels and rules make a table too wide to read
            sheets = {
                f"{p} · {args.unit}": explain(frame, unit=args.unit, period=p).drop(
                    [] if wide else ["label", "rules"]
                )
                for p in groups["period"].unique().sort().to_list()
            }
            return _emit(args, {"groups": groups.select(_GROUP_COLUMNS), **sheets}, None)
        sheets = {
            "groups": groups.select(_GROUP_COLUMNS),
            "components": components.select(_COMPONENT_COLUMNS),
        }
        if args.format == "text":
            counts = groups.group_by("status").len().sort("status")
            sheets = {"groups": groups.select(_GROUP_COLUMNS), "summary": counts}
        return _emit(args, sheets, None)

    answer = _answer(run)
    return answer if answer != EXIT_OK else code


def _recompute_json(groups: pl.DataFrame, components: pl.DataFrame) -> list[dict[str, Any]]:
    parts: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in components.select(
        "period", "unit_id", *_COMPONENT_COLUMNS[2:], "ratio", "max_points"
    ).iter_rows(named=True):
        key = (row.pop("period"), row.pop("unit_id"), row.pop("group"))
        parts.setdefault(key, []).append(row)
    out = []
    for row in groups.iter_rows(named=True):
        row["components"] = parts.get((row["period"], row["unit_id"], row["group"]), [])
        out.append(row)
    return out


# -- whatif -------------------------------------------------------------------------------


def cmd_whatif(args: argparse.Namespace) -> int:
    inputs, code = _inputs(args)
    if inputs is None:
        return code

    def run() -> int:
        changes = dict(args.change)
        answer = whatif(inputs, unit=args.unit, changes=changes, period=args.period)
        total = answer.total.select(
            "period",
            "unit",
            "total",
            "total_after",
            "change",
            "rank",
            "rank_after",
            "rank_of",
        )
        moved = answer.components.filter(
            (pl.col("numerator") != pl.col("numerator_after")) | (pl.col("change") != 0)
        )
        sheets = {"total": total, "groups": answer.groups, "components": moved}
        value = {
            "changes": changes,
            **total.row(0, named=True),
            "groups": _records(answer.groups),
            "components": _records(moved),
        }
        return _emit(args, sheets, value)

    answer = _answer(run)
    return answer if answer != EXIT_OK else code


# -- goal ---------------------------------------------------------------------------------


def cmd_goal(args: argparse.Namespace) -> int:
    inputs, code = _inputs(args)
    if inputs is None:
        return code

    def run() -> int:
        goal = Goal(total=args.total, rank=args.rank, band=args.band)
        found = goal_seek(
            inputs, goal=goal, unit=args.unit, period=args.period, levers=args.lever or None
        )
        table = found.select(
            "lever", "label", "counts", "headroom", "change", "total_after", "note"
        )
        per_one = marginal(inputs, unit=args.unit, period=args.period)
        head = found.select("period", "unit", "total", "rank", "target").head(1)
        title = f"goal: {goal.describe()}"
        shown = per_one if args.format != "text" else per_one.drop("en", "counts")
        sheets = {title: head, "smallest change per lever": table, "points per one more": shown}
        value = {
            "goal": goal.describe(),
            **head.row(0, named=True),
            "levers": _records(table),
            "marginal": _records(per_one),
        }
        return _emit(args, sheets, value)

    answer = _answer(run)
    return answer if answer != EXIT_OK else code


# -- registration -------------------------------------------------------------------------
