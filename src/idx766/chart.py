"""``idx766 chart``: a unit's rank and score history as a PNG or SVG (matplotlib).

Each series (a day's running score, months, the year to date) is drawn on its own, and a rank
line is broken wherever the number of units ranked changes: rank 5 of 63 (2023) and rank 5 of
34 (2026) are different things and are never joined by a line. matplotlib is an optional
dependency (``pip install 'idx766[chart]'``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from idx766.errors import MissingDependencyError
from idx766.present import Lang, column_label, value_label

__all__ = ["draw_history", "rank_segments"]


def rank_segments(rows: list[dict[str, Any]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Runs of consecutive dated rows that share one N (``rank_of``), with that N.

    A row without a rank or without its N ends a run; so does a change of N.
    """
    run: list[dict[str, Any]] = []
    of: int | None = None
    for row in rows:
        if row["rank"] is None or row["rank_of"] is None or row["as_of"] is None:
            if run and of is not None:
                yield of, run
            run, of = [], None
            continue
        if row["rank_of"] != of and run and of is not None:
            yield of, run
            run = []
        of = row["rank_of"]
        run.append(row)
    if run and of is not None:
        yield of, run


def draw_history(frame: pl.DataFrame, out: Path, *, lang: Lang = "vi") -> None:
    """Draw ``frame`` (rows of one unit: series, as_of, total, rank, rank_of) to ``out``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError(
            out, "drawing charts needs matplotlib: pip install 'idx766[chart]'"
        ) from None
    dated = frame.filter(pl.col("as_of").is_not_null()).sort("series", "as_of")
    name = str(dated["unit"][-1])
    figure, (rank_axis, score_axis) = plt.subplots(
        2, 1, figsize=(8, 5.5), sharex=True, gridspec_kw={"height_ratios": [1, 1]}
    )
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, ((series,), part) in enumerate(dated.group_by("series", maintain_order=True)):
        colour = colours[i % len(colours)]
        label = value_label("series", str(series), lang)
        rows = part.to_dicts()
        scored = [r for r in rows if r["total"] is not None]
        score_axis.plot(
            [r["as_of"] for r in scored],
            [float(r["total"]) for r in scored],
            marker="o",
            color=colour,
            label=label,
        )
        for of, run in rank_segments(rows):
            rank_axis.plot(
                [r["as_of"] for r in run],
                [r["rank"] for r in run],
                marker="o",
                color=colour,
                label=f"{label}, /{of}",
            )
    rank_axis.invert_yaxis()
    rank_axis.set_ylabel(column_label("rank", lang))
    score_axis.set_ylabel(column_label("total", lang))
    for axis in (rank_axis, score_axis):
        axis.grid(alpha=0.3)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize="small")
    rank_axis.set_title(f"{name} — Chỉ số 766")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)
