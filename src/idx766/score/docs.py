"""The generated parts of ``docs/score-model.md``: the formulas and levers tables from the
catalogue, and worked examples computed from the portal captures.

    python -m idx766.score.docs docs/score-model.md [FIXTURES]

rewrites the regions between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``; a test
keeps the page equal to what this writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from idx766.score.catalogue import Version, catalogue
from idx766.score.explain import explain
from idx766.score.goal import Goal, goal_seek, marginal
from idx766.score.inputs import inputs_frame
from idx766.score.recompute import group_scores, unit_totals
from idx766.score.whatif import whatif

__all__ = ["examples_markdown", "formulas_markdown", "update_page"]

_REGION = re.compile(r"(<!-- generated: (\w+) -->\n).*?(<!-- end: \2 -->)", re.DOTALL)

# the worked examples: a province, an agency and a commune of Phú Thọ, year 2026 to date
EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "title": "A province: UBND tỉnh Phú Thọ",
        "unit": "H44",
        "whatif": {"pakn-dung-han": 35},
    },
    {
        "title": "An agency: Sở Nông nghiệp và Môi trường",
        "unit": "H44.45",
        "goal": Goal(band="trung-binh"),
    },
    {
        "title": "A commune: UBND xã Chân Mộng",
        "unit": "H44.125",
        "whatif": {"ho-so-dung-han": 50},
    },
)
_PERIOD = "2026"


def _md(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize() if value == 0 else value, "f")
    return str(value).replace("|", "\\|")


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(headers), "l")]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return lines


def formulas_markdown(version: Version | None = None) -> str:
    """The formulas, rounding and levers of a methodology version (the latest by default)."""
    v = version or sorted(catalogue().values(), key=lambda x: x.not_before)[-1]
    lines = [
        f"**{v.key}** — {v.title}; groups of the `{v.methodology}` methodology; applies to data "
        f"dated from {v.not_before.isoformat()}. {v.evidence}",
        "",
        f"Rounding: each component {v.rounding} to {v.places} decimals, then summed. "
        f"{v.rounding_known} Not known: {v.rounding_unknown}",
        "",
    ]
    rows = []
    for g in v.groups:
        for c in g.components:
            rows.append(
                (
                    f"{g.key} ({_md(g.max_points)}) · `{g.endpoint}`",
                    f"`{c.code}` {c.label}",
                    _md(c.max_points),
                    c.describe(),
                    c.rules(),
                    f"`{c.source}`",
                    c.scope,
                )
            )
    lines += _table(
        ["group · endpoint", "component", "max", "points", "zero / null d", "n / d", "scope"],
        rows,
        "llr",
    )
    lines += ["", "What the data shows, and what it does not:", ""]
    for c in v.components:
        unknown = f" *Not known:* {c.unknown}" if c.unknown else ""
        lines.append(f"- `{c.code}`: {c.known}{unknown}")
    lines += ["", "Levers (`--change NAME=+N`, Vietnamese or English name):", ""]
    lever_rows = [
        (
            f"`{lv.key}`",
            f"`{lv.en}`",
            f"{lv.label} / {lv.en_label}",
            ", ".join(f"`{m}`" for m in lv.moves),
            lv.coupling
            + (f" At most the numerator of `{lv.ceiling}`." if lv.ceiling else "")
            + (" Province-wide." if v.component(lv.primary).scope == "province" else ""),
        )
        for lv in v.levers
    ]
    lines += _table(["lever", "English", "one more is", "moves", "notes"], lever_rows)
    return "\n".join(lines) + "\n"


def _components(frame: pl.DataFrame, unit: str) -> list[str]:
    rows = []
    for r in explain(frame, unit=unit, period=_PERIOD).iter_rows(named=True):
        if r["component"] is None:
            rows.append((r["group"], "(no inputs: published only)", "", "", "", "", r["published"]))
            continue
        inputs = (
            f"{r['numerator']} / {r['denominator']}" if r["denominator"] is not None else "null"
        )
        rows.append(
            (
                r["group"],
                f"`{r['component']}`",
                inputs,
                r["formula"],
                r["exact"],
                r["recomputed"],
                r["published"],
            )
        )
    headers = ["group", "component", "n / d", "points", "exact", "rounded", "published"]
    return _table(headers, rows, "llrlrrr")


def _groups_line(groups: pl.DataFrame) -> str:
    parts = []
    for r in groups.iter_rows(named=True):
        shown = r["recomputed"] if r["recomputed"] is not None else r["published"]
        note = ""
        if r["status"] == "within 0.01":
            note = f" (published {_md(r['published'])})"
        elif r["status"] == "no inputs":
            note = " (published)"
        parts.append(f"{r['group']} {_md(shown)}{note}")
    return "; ".join(parts)


def _example(frame: pl.DataFrame, spec: Mapping[str, Any], command: str) -> list[str]:
    unit = spec["unit"]
    totals = unit_totals(group_scores(frame))
    me = totals.filter(pl.col("unit_code") == unit).row(0, named=True)
    peers = totals.filter(pl.col("peers") == me["peers"], pl.col("rank").is_not_null()).height
    groups = group_scores(frame).filter(pl.col("unit_code") == unit)
    among = (
        "the only province in these files"
        if peers == 1
        else f"rank {me['rank']} of {peers} among the province's units in these files"
    )
    lines = [
        f"### {spec['title']} (`{unit}`)",
        "",
        f"`{command} --unit {unit}`",
        "",
        *_components(frame, unit),
        "",
        f"Groups (recomputed): {_groups_line(groups)}. Total **{_md(me['total'])}**, {among}.",
        "",
    ]
    if "whatif" in spec:
        changes: dict[str, int] = spec["whatif"]
        answer = whatif(frame, unit=unit, changes=changes, period=_PERIOD)
        t = answer.total.row(0, named=True)
        said = " ".join(f"--change {k}=+{n}" for k, n in changes.items())
        moved = answer.components.filter(pl.col("numerator") != pl.col("numerator_after"))
        parts = ", ".join(
            f"`{r['component']}` {r['numerator']} → {r['numerator_after']} "
            f"({_md(r['recomputed'])} → {_md(r['recomputed_after'])})"
            for r in moved.iter_rows(named=True)
        )
        lines += [
            f"What if (`idx766 whatif … --unit {unit} {said}`): {parts}; total "
            f"{_md(t['total'])} → **{_md(t['total_after'])}**, rank {t['rank']} → "
            f"**{t['rank_after']}** of {t['rank_of']}.",
            "",
        ]
    if "goal" in spec:
        goal: Goal = spec["goal"]
        found = goal_seek(frame, goal=goal, unit=unit, period=_PERIOD).filter(
            pl.col("change").is_not_null()
        )
        lines += [
            f"Goal (`idx766 goal … --unit {unit} --band {goal.band}`): {goal.describe()}. "
            "The smallest change of each lever that reaches it alone:",
            "",
            *_table(
                ["lever", "one more is", "change", "total after"],
                (
                    (f"`{r['lever']}`", r["label"], r["change"], r["total_after"])
                    for r in found.iter_rows(named=True)
                ),
                "llrr",
            ),
            "",
        ]
    table = marginal(frame, unit=unit, period=_PERIOD).filter(pl.col("headroom") > 0).head(6)
    lines += [
        "Points per one more (the six levers worth most to this unit; `for +0.01` is the "
        "smallest change that shows in the published total):",
        "",
        *_table(
            ["lever", "now", "points per one more", "for +0.01", "if all were done"],
            (
                (
                    f"`{r['lever']}`",
                    r["inputs"],
                    r["points_per_one"],
                    r["for_visible"],
                    f"+{_md(r['gain_at_headroom'])}",
                )
                for r in table.iter_rows(named=True)
            ),
            "llrrr",
        ),
        "",
    ]
    return lines


def examples_markdown(fixtures: Path) -> str:
    """The worked examples, computed from the year-to-date captures under ``fixtures``."""
    from idx766.api import parse

    files = sorted(fixtures.glob("*/year-all.json"))
    frame = inputs_frame([parse(p) for p in files])
    shown = " ".join(f"{p.parent.name}/{p.name}" for p in files)
    command = "idx766 recompute tests/portal/qd766/tests/fixtures/*/year-all.json"
    lines = [
        f"Computed from the six year-to-date captures of Phú Thọ ({shown}, in "
        "`tests/portal/qd766/tests/fixtures/`), period `2026`.",
        "",
    ]
    for spec in EXAMPLES:
        lines += _example(frame, spec, command)
    return "\n".join(lines).rstrip("\n") + "\n"


def update_page(text: str, makers: Mapping[str, Callable[[], str]]) -> str:
    """``text`` with each generated region rewritten by its maker."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in makers:
            raise KeyError(f"no generator for region {name!r}")
        return match.group(1) + makers[name]() + match.group(3)

    return _REGION.sub(replace, text)


def main(argv: Sequence[str]) -> int:  # pragma: no cover - a maintenance command
    page = Path(argv[0])
    fixtures = Path(argv[1]) if len(argv) > 1 else Path("tests/portal/qd766/tests/fixtures")
    makers = {"formulas": formulas_markdown, "examples": lambda: examples_markdown(fixtures)}
    page.write_text(update_page(page.read_text(encoding="utf-8"), makers), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
