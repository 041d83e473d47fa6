"""Build a panel from the bundled reports and draw the province's rank and score history.

Each series (the running score of a day, the monthly scores) is drawn on its own, and the rank
line breaks where the number of provinces ranked changes (63 before 1/7/2025, 34 after).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import polars as pl

from idx766.analysis import with_series
from idx766.chart import draw_history
from idx766.panel import Panel, ingest

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "tests" / "fixtures" / "docx"


def main(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as panel_dir:
        ingest([ARCHIVE], panel_dir, jobs=2)
        history = (
            with_series(Panel(panel_dir).history("thai-nguyen"))
            .filter(pl.col("as_of").is_not_null())
            .select("series", "period", "as_of", "unit", "total", "rank", "rank_of")
            .collect()
        )
    draw_history(history, out)
    print(history)
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("rank-history.png"))
