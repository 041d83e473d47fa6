"""Check a report: every finding of the catalogue, as a table; exit 1 if one is an error."""

from __future__ import annotations

import sys
from pathlib import Path

import idx766

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "fixtures" / "docx" / "002-tin-bai.docx"


def main(path: Path = REPORT) -> int:
    records = idx766.parse_in_worker(path, timeout=60)  # time- and memory-limited
    findings = idx766.check(records)
    print(idx766.findings_frame(findings).select("check", "severity", "unit", "message"))
    return 1 if any(f.severity == "error" for f in findings) else 0


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORT)  # exits 0: this is an example
