"""Build a panel from the bundled reports and plot the province's rank history to a PNG."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl

from idx766.panel import Panel, ingest

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "tests" / "fixtures" / "docx"


def main(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as panel_dir:
        ingest([ARCHIVE], panel_dir, jobs=2)
        history = (
            Panel(panel_dir)
            .history("thai-nguyen")
            .filter(pl.col("rank").is_not_null(), pl.col("as_of").is_not_null())
            .select("as_of", "rank", "rank_of", "total")
            .collect()
        )
    figure, axis = plt.subplots(figsize=(7, 3.5))
    axis.plot(history["as_of"].to_list(), history["rank"].to_list(), marker="o")
    axis.invert_yaxis()
    axis.set_ylabel("xếp hạng (rank)")
    axis.set_title("Thái Nguyên — Chỉ số 766")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    print(history)
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("rank-history.png"))
