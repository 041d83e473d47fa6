"""Parse a report and print what it holds: the leaders among the communes, and the PAKN due."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import polars as pl

import idx766
from idx766.analysis import pakn_deadlines, top_n

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"


def main(path: Path = REPORT) -> None:
    # a file from outside is read in a worker process under a time and a memory limit: a
    # damaged or hostile file costs at most 60 s and never hangs this program
    records = idx766.parse_in_worker(path, timeout=60)
    doc = records.document
    print(f"{doc.kind.value}: {doc.period_start} to {doc.period_end}, {doc.province}")
    scores = idx766.to_frames(records)["scores"]
    leaders = top_n(scores.filter(pl.col("level") == "commune"), 10)
    print(leaders.select("unit", "total", "tied_at_cut"))
    due = pakn_deadlines(records, as_of=date(2026, 5, 25)).sort("due")
    print(due.select("code", "unit", "received_on", "due", "working_days_left"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORT)
