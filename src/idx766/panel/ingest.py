"""Ingesting an archive: every supported file under the paths into one panel.

Files are found, hashed, looked up in the content-hash cache, the new ones parsed in worker
processes (all cores by default, each under a time limit), and the panel rebuilt from the cache
only when its inputs changed. A file that fails becomes a row of ``errors`` and the rest go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from attrs import define, evolve, field

from idx766 import __version__
from idx766.analysis.checks import run_checks
from idx766.batch import FileResult, parse_isolated
from idx766.frames import documents_frame, frame_of
from idx766.hashing import file_sha256
from idx766.interchange import KINDS
from idx766.panel.cache import Cache
from idx766.panel.combine import Combined, combine
from idx766.panel.store import read_manifest, write_manifest, write_tables
from idx766.parsers.base import ParseOptions
from idx766.parsers.registry import available_parsers

__all__ = ["IngestReport", "find_files", "ingest"]


@define
class IngestReport:
    """What an ingest did: files seen, parsed now, taken from the cache, failed; records made."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    failed: list[FileResult] = field(factory=list)
    rebuilt: bool = False
    records: dict[str, int] = field(factory=dict)
    findings: int = 0


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file under the paths with a suffix some parser reads, sorted, without repeats."""
    suffixes = {s.lower() for e in available_parsers() for s in e.parser.suffixes}
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        candidates = sorted(p.rglob("*")) if p.is_dir() else [p]
        for c in candidates:
            if c.is_file() and c.suffix.lower() in suffixes and "_cache" not in c.parts:
                found[c.resolve()] = None
    return list(found)


def _frames(combined: Combined, errors: Sequence[FileResult]) -> dict[str, pl.DataFrame]:
    frames = {kind: frame_of(kind, getattr(combined, kind)) for kind in KINDS}
    frames["documents"] = documents_frame(combined.documents)
    if errors:
        frames["errors"] = pl.DataFrame(
            {
                "file": [str(e.path) for e in errors],
                "sha256": [e.sha256 for e in errors],
                "kind": [e.error_kind for e in errors],
                "reason": [e.error_reason for e in errors],
            }
        )
    return frames


def ingest(
    paths: Iterable[str | Path],
    panel: str | Path,
    *,
    jobs: int | None = None,
    timeout: float = 120.0,
    options: ParseOptions | None = None,
    retry_failed: bool = False,
    on_file: Callable[[FileResult | None, Path], None] | None = None,
) -> IngestReport:
    """Read every supported file under ``paths`` into the panel directory ``panel``.

    Each document's findings are its parser's and those of the default checks; documents that
    disagree give ``cross-document-conflict`` findings. Files already in the cache (read, or
    failed: ``retry_failed`` tries those again) are not parsed, and the panel is rebuilt only
    when its inputs changed. ``on_file(result, path)`` is called as each file is done
    (``result`` None for a cache hit), for progress bars; nothing is printed.
    """
    panel = Path(panel)
    cache = Cache(panel)
    if retry_failed:
        cache.forget_errors()
    files = find_files(paths)
    report = IngestReport(files=len(files))
    hashed = [(f, file_sha256(f)) for f in files]
    todo = [(f, h) for f, h in hashed if h not in cache]
    report.cached = len(hashed) - len(todo)
    for f, h in hashed:
        if h in cache and on_file:
            on_file(None, f)
    for result in parse_isolated(todo, jobs=jobs, timeout=timeout, options=options):
        if result.records_json is not None:
            cache.put(result.sha256, result.records_json)
            report.parsed += 1
        else:
            cache.put_error(
                result.sha256, result.error_kind or "corrupt", result.error_reason or ""
            )
        if on_file:
            on_file(result, result.path)
    for f, h in hashed:
        error = cache.error(h)
        if error is not None:
            report.failed.append(
                FileResult(path=f, sha256=h, error_kind=error[0], error_reason=error[1])
            )
    inputs = {str(f): h for f, h in hashed}
    previous = read_manifest(panel)
    if (
        not todo
        and previous is not None
        and previous.get("inputs") == inputs
        and previous.get("version") == __version__
    ):
        report.records = previous.get("records", {})
        report.findings = previous.get("findings", 0)
        return report
    failed = {r.sha256 for r in report.failed}
    good = sorted({h for _, h in hashed if h not in failed})
    documents = [cache.get(h) for h in good]
    combined = combine([evolve(r, findings=run_checks(r)) for r in documents])
    write_tables(panel, _frames(combined, report.failed))
    report.rebuilt = True
    report.records = {kind: len(getattr(combined, kind)) for kind in KINDS}
    report.findings = len(combined.findings)
    write_manifest(
        panel,
        {
            "version": __version__,
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": inputs,
            "records": report.records,
            "findings": report.findings,
        },
    )
    return report
