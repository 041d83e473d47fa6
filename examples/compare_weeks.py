"""Compare two weeks: the commendation letter of week 13 and the weekly report of week 21.

Which communes and departments gained, which lost, and how their ranks moved.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

import idx766
from idx766.analysis import count_moves, deltas, movers

ROOT = Path(__file__).resolve().parents[1]
WEEK_13 = ROOT / "tests" / "fixtures" / "docx" / "000-bieu-duong-tuan-13-2026.docx"
WEEK_21 = ROOT / "tests" / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"


def main() -> pl.DataFrame:
    frames = [idx766.to_frames(idx766.parse(p))["scores"] for p in (WEEK_13, WEEK_21)]
    scores = pl.concat(frames, how="diagonal_relaxed").filter(
        pl.col("period").is_null(), pl.col("level") != "province"
    )
    first, last = scores["as_of"].min(), scores["as_of"].max()
    assert first is not None and last is not None
    changed = deltas(scores, before=first, after=last, values=("total",))  # type: ignore[arg-type]
    both = changed.filter(pl.col("total_delta").is_not_null())
    print(f"{both.height} units listed in both weeks ({first} and {last})")
    print(count_moves(both))
    print(movers(both, 5).select("unit", "total_before", "total_after", "total_delta"))
    return both


if __name__ == "__main__":
    main()
