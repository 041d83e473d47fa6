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
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from idx766.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, parse_all, say_error
from idx766.cli.output import Sheet, emit, output_options
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

__all__ = ["add_score_commands"]

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


def _change(text: str) -> tuple[str, int]:
    name, sep, amount = text.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        return name.strip(), int(amount.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a change is LEVER=+N (e.g. ho-so-dung-han=+50), not {text!r}"
        ) from None


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


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


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


def add_score_commands(
    sub: Any, common: Callable[[argparse.ArgumentParser], None]
) -> Sequence[argparse.ArgumentParser]:
    """Add ``recompute``, ``whatif`` and ``goal`` to the ``idx766`` command's subparsers."""

    def shared(p: argparse.ArgumentParser) -> None:
        common(p)
        p.add_argument("--period", help="the period, when the files hold several (2026)")
        p.add_argument("--methodology", metavar="VERSION", help="score with this formula version")
        output_options(p, ("json",), output_help="the workbook for xlsx")

    p_re = sub.add_parser("recompute", help="recompute every group score from the portal's inputs")
    shared(p_re)
    p_re.add_argument("--unit", help="only this unit (name, code or id), component by component")
    p_re.add_argument(
        "--fail-without-inputs",
        action="store_true",
        help="exit 1 when the files hold no inputs (default: say so and exit 0)",
    )
    p_re.set_defaults(func=cmd_recompute)

    p_what = sub.add_parser("whatif", help="a unit's scores and rank if it did N more of something")
    shared(p_what)
    p_what.add_argument("--unit", required=True, help="the unit (name, code or id)")
    p_what.add_argument(
        "--change",
        action="append",
        required=True,
        type=_change,
        metavar="LEVER=+N",
        help="a lever and how many more (repeatable; levers in docs/score-model.md)",
    )
    p_what.set_defaults(func=cmd_whatif)

    p_goal = sub.add_parser(
        "goal", help="the smallest change per lever that reaches a total, rank or band"
    )
    shared(p_goal)
    p_goal.add_argument("--unit", required=True, help="the unit (name, code or id)")
    target = p_goal.add_mutually_exclusive_group(required=True)
    target.add_argument("--total", type=_decimal, help="reach this total")
    target.add_argument("--rank", type=int, help="reach this rank among the unit's peers")
    target.add_argument("--band", help="reach this band (xuat-sac, tot, kha, trung-binh)")
    p_goal.add_argument(
        "--lever", action="append", help="only these levers (repeatable; default: all)"
    )
    p_goal.set_defaults(func=cmd_goal)
    return (p_re, p_what, p_goal)
