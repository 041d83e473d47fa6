"""Ingesting an archive: every supported file under the paths into one panel.

An ingest holds the panel's lock (a second one waits, or says who holds it). Files are found
(symlinks that leave the archive are not followed, loops and dangling links are reported),
hashed, looked up in the content-hash cache, the new ones parsed in worker processes (all cores
by default, each under a time and a memory limit), and the panel rebuilt from the cache when its
inputs changed or a table of it is damaged (:mod:`idx766.panel.store`).

A bad file is a finding, never a stop: a file that cannot be read, or whose records cannot be
checked, merged or written, becomes a row of ``errors`` and an ``unreadable-file`` finding, and
the rest of the archive goes on. Only whole parses are cached as parsed; failures are cached as
failures (``retry_failed`` tries them again, and the files whose records were partly refused).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from attrs import define, evolve, field, frozen

from idx766 import __version__
from idx766.analysis.checks import run_checks
from idx766.batch import FileResult, parse_isolated
from idx766.boundary import VALUE_CHECK
from idx766.errors import InternalError, shown_path
from idx766.frames import documents_frame, frame_of
from idx766.hashing import file_sha256
from idx766.interchange import KINDS
from idx766.model import Finding, Provenance, Records, Severity
from idx766.panel import store
from idx766.panel.cache import Cache
from idx766.panel.combine import Combined, combine
from idx766.parsers.base import ParseOptions
from idx766.parsers.registry import available_parsers

__all__ = [
    "INCOMPLETE_CHECKS",
    "IngestReport",
    "Scan",
    "SkippedPath",
    "find_files",
    "ingest",
    "scan",
]

UNREADABLE_CHECK = "unreadable-file"
SKIPPED_CHECK = "skipped-path"
INCOMPLETE_CHECKS = frozenset({VALUE_CHECK, "data-loss", "skipped-row", "unread-cell"})
"""Finding codes that say a file was read only in part: a value refused, a damaged page, a row
or CSV line that gave no record, a cell without its value (``retry_failed`` reads it again)."""
_ERRORS_SCHEMA = {"file": pl.String, "sha256": pl.String, "kind": pl.String, "reason": pl.String}


@frozen(kw_only=True)
class SkippedPath:
    """A path under the archive that was not read, and why (a symlink leaving the archive, a
    loop, a dangling link, a folder that cannot be listed)."""

    path: Path
    reason: str


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
    skipped: list[SkippedPath] = field(factory=list)
    """Paths under the archive that were not read (see :class:`SkippedPath`)."""
    incomplete: list[Finding] = field(factory=list)
    """Findings that say a file was read only in part (a refused record, data lost in a PDF)."""
    repaired: list[str] = field(factory=list)
    """Tables of the panel that were damaged and have been rebuilt."""

    @property
    def complete(self) -> bool:
        """True when every file given was read whole."""
        return not (self.failed or self.skipped or self.incomplete)


# -- finding the files --------------------------------------------------------------------------


@frozen(kw_only=True)
class Scan:
    """The files found under some paths, and the paths that were not followed."""

    files: tuple[Path, ...]
    skipped: tuple[SkippedPath, ...]


def _suffixes() -> frozenset[str]:
    return frozenset(s.lower() for e in available_parsers() for s in e.parser.suffixes)


def _inside(target: str, roots: Sequence[str]) -> bool:
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def scan(paths: Iterable[str | Path]) -> Scan:
    """Every file under the paths with a suffix some parser reads, sorted, without repeats.

    The paths themselves are followed wherever they point. Under them, a symlink is followed
    only when it leads to a place inside one of the paths; one leading out, one that points
    at nothing and one that loops are reported in ``skipped``. Panels (a folder with a
    ``manifest.json`` and a ``_cache``) are idx766's output and are not read.
    """
    suffixes = _suffixes()
    found: dict[Path, None] = {}
    skipped: list[SkippedPath] = []
    given = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in given]
    walked: set[tuple[int, int]] = set()

    def add(path: Path) -> None:
        if path.suffix.lower() in suffixes:
            found.setdefault(Path(os.path.realpath(path)), None)

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in walked:
                return
            walked.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append(SkippedPath(path=folder, reason=f"cannot list it ({exc.strerror})"))
            return
        names = {e.name for e in entries}
        if {"manifest.json", "_cache"} <= names:  # a panel: idx766's own output, not input
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name == "_cache" and entry.is_dir(follow_symlinks=False):
                continue
            if entry.is_symlink():
                link = _follow(path, roots)
                if isinstance(link, SkippedPath):
                    skipped.append(link)
                    continue
            try:
                if entry.is_dir():
                    walk(path)
                elif entry.is_file():
                    add(path)
            except OSError as exc:
                skipped.append(SkippedPath(path=path, reason=f"cannot read it ({exc.strerror})"))

    for path in given:
        if path.is_dir():
            walk(path)
        elif path.is_file():
            add(path)
        elif path.is_symlink():
            skipped.append(SkippedPath(path=path, reason=_broken(path)))
        else:
            skipped.append(SkippedPath(path=path, reason="no such file or folder"))
    return Scan(files=tuple(found), skipped=tuple(skipped))


def _broken(path: Path) -> str:
    target = os.readlink(path)
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return f"a symlink loop (-> {shown_path(target)})"
    return f"a dangling symlink (-> {shown_path(target)}: nothing there)"


def _follow(link: Path, roots: Sequence[str]) -> SkippedPath | None:
    """None when the symlink may be followed, else why not."""
    try:
        link.stat()
    except OSError:
        return SkippedPath(path=link, reason=_broken(link))
    target = os.path.realpath(link)
    if not _inside(target, roots):
        return SkippedPath(
            path=link, reason=f"a symlink leading out of the archive (-> {shown_path(target)})"
        )
    if link.is_dir() and _inside(os.path.realpath(link.parent), [target]):
        return SkippedPath(path=link, reason=f"a symlink loop (-> {shown_path(target)})")
    return None


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file under the paths that some parser reads (see :func:`scan`)."""
    return list(scan(paths).files)


# -- building the tables ------------------------------------------------------------------------


def _failure_finding(result: FileResult) -> Finding:
    shown = shown_path(result.path)
    reason = " ".join((result.error_reason or "").split())
    return Finding(
        check=UNREADABLE_CHECK,
        severity=Severity.ERROR,
        message=f"{result.error_kind}: {reason}",
        location=Provenance(file=shown),
    )


def _skipped_finding(skipped: SkippedPath) -> Finding:
    return Finding(
        check=SKIPPED_CHECK,
        severity=Severity.WARNING,
        message=f"not read: {skipped.reason}",
        location=Provenance(file=shown_path(skipped.path)),
    )


def _frames(
    combined: Combined, errors: Sequence[FileResult], extra: Sequence[Finding]
) -> dict[str, pl.DataFrame]:
    frames = {kind: frame_of(kind, getattr(combined, kind)) for kind in KINDS}
    if extra:
        frames["findings"] = pl.concat(
            [frames["findings"], frame_of("findings", extra)], how="diagonal_relaxed"
        )
    frames["documents"] = documents_frame(combined.documents)
    frames["errors"] = pl.DataFrame(
        {
            "file": [shown_path(e.path) for e in errors],
            "sha256": [e.sha256 for e in errors],
            "kind": [e.error_kind for e in errors],
            "reason": [e.error_reason for e in errors],
        },
        schema=_ERRORS_SCHEMA,
    )
    return frames


def _bug(path: Path, sha: str, what: str, exc: BaseException) -> FileResult:
    return FileResult(
        path=path,
        sha256=sha,
        error_kind=InternalError.kind,
        error_reason=f"idx766 could not {what} its records ({type(exc).__name__}: {exc})",
        unexpected=True,
    )


def _build(
    documents: list[tuple[Path, str, Records]],
    failed: list[FileResult],
    extra: list[Finding],
) -> tuple[Combined, dict[str, pl.DataFrame]]:
    """Combine the documents into frames; a document whose records break the combination or
    the frames is set aside as failed (found by trying each alone, then adding them one by
    one) and the rest go on. ``failed`` gains those set aside."""

    def finish(docs: list[tuple[Path, str, Records]]) -> tuple[Combined, dict[str, pl.DataFrame]]:
        combined = combine([r for _, _, r in docs])
        findings = [*extra, *(_failure_finding(f) for f in failed)]
        return combined, _frames(combined, failed, findings)

    try:
        return finish(documents)
    except Exception:
        pass
    kept: list[tuple[Path, str, Records]] = []
    for doc in documents:
        try:
            finish([doc])
        except Exception as exc:
            failed.append(_bug(doc[0], doc[1], "merge", exc))
            continue
        kept.append(doc)
    try:
        return finish(kept)
    except Exception:  # documents that break only together: add them one by one
        pass
    together: list[tuple[Path, str, Records]] = []
    for doc in kept:
        try:
            finish([*together, doc])
        except Exception as exc:
            failed.append(_bug(doc[0], doc[1], "merge", exc))
            continue
        together.append(doc)
    return finish(together)


def _records_of(manifest: dict[str, Any] | None) -> dict[str, int]:
    counts = (manifest or {}).get("records", {})
    return {k: int(counts[k]) for k in KINDS if k in counts}


# -- the ingest ---------------------------------------------------------------------------------


def ingest(
    paths: Iterable[str | Path],
    panel: str | Path,
    *,
    jobs: int | None = None,
    timeout: float = 120.0,
    options: ParseOptions | None = None,
    retry_failed: bool = False,
    repair: bool = False,
    on_file: Callable[[FileResult | None, Path], None] | None = None,
    lock_timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read every supported file under ``paths`` into the panel directory ``panel``.

    Each document's findings are its parser's and those of the default checks; documents that
    disagree give ``cross-document-conflict`` findings. Files already in the cache (read, or
    failed: ``retry_failed`` tries those again, and those read only in part) are not parsed,
    and the panel is rebuilt only when its inputs changed or a table of it is damaged. With
    ``repair`` and no paths, the files of the last good generation are taken from the cache.
    ``on_file(result, path)`` is called as each file is done (``result`` None for a cache
    hit), for progress bars; nothing is printed.

    Another ingest of the same panel is waited for (``lock_timeout`` seconds at most, None
    for as long as it takes; ``on_wait(holder)`` says so once), then
    :class:`~idx766.errors.PanelLockedError`. OS errors (disk full, permissions, a read-only
    panel) are raised as ``OSError``; the panel keeps its previous generation.
    """
    panel = Path(panel)
    panel.mkdir(parents=True, exist_ok=True)
    given = list(paths)
    with store.lock(panel, timeout=lock_timeout, on_wait=on_wait):
        store.clean_temporaries(panel)
        return _ingest_locked(
            given,
            panel,
            jobs=jobs,
            timeout=timeout,
            options=options,
            retry_failed=retry_failed,
            repair=repair,
            on_file=on_file,
        )


def _hash_all(
    files: Sequence[Path], report: IngestReport
) -> tuple[list[tuple[Path, str]], list[FileResult]]:
    hashed: list[tuple[Path, str]] = []
    unreadable: list[FileResult] = []
    for f in files:
        try:
            hashed.append((f, file_sha256(f)))
        except OSError as exc:
            unreadable.append(
                FileResult(
                    path=f,
                    sha256="",
                    error_kind="not_found" if isinstance(exc, FileNotFoundError) else "corrupt",
                    error_reason=f"cannot read it ({exc.strerror or exc})",
                )
            )
    report.files = len(files)
    return hashed, unreadable


def _ingest_locked(
    given: list[str | Path],
    panel: Path,
    *,
    jobs: int | None,
    timeout: float,
    options: ParseOptions | None,
    retry_failed: bool,
    repair: bool,
    on_file: Callable[[FileResult | None, Path], None] | None,
) -> IngestReport:
    cache = Cache(panel)
    previous = store.last_good_manifest(panel)
    report = IngestReport()
    if given:
        found = scan(given)
        report.skipped = list(found.skipped)
        hashed, unreadable = _hash_all(found.files, report)
    elif repair and previous is not None:
        inputs = previous.get("inputs", {})
        hashed = [(Path(name), str(sha)) for name, sha in sorted(inputs.items())]
        unreadable = []
        report.files = len(hashed)
    else:
        hashed, unreadable = [], []
    if retry_failed:
        cache.forget_errors()
    todo = [(f, h) for f, h in hashed if h not in cache]
    if retry_failed:
        todo += [(f, h) for f, h in hashed if (f, h) not in todo and _incomplete(cache, h)]
    report.cached = len(hashed) - len(todo)
    for f, h in hashed:
        if (f, h) not in todo and on_file:
            on_file(None, f)
    _parse_into(cache, todo, report, jobs=jobs, timeout=timeout, options=options, on_file=on_file)

    inputs = {shown_path(f): h for f, h in hashed}
    current = None
    damaged: list[store.Damage] = []
    try:
        current = store.load_manifest(panel)
        damaged = store.verify(panel, current)
    except Exception:  # missing, damaged or older: rebuilt below
        current = None
    if (
        current is not None
        and not damaged
        and not todo
        and current.get("inputs") == inputs
        and current.get("version") == __version__
    ):
        report.failed = [*unreadable, *_cached_failures(cache, hashed)]
        report.records = _records_of(current)
        report.findings = int(current.get("findings", 0))
        report.incomplete = [_from_note(n) for n in current.get("incomplete", [])]
        return report
    documents, failed = _load(cache, hashed, report, jobs, timeout, options)
    failed = [*unreadable, *failed]
    report.repaired = [d.table for d in damaged]
    checked: list[tuple[Path, str, Records]] = []
    for path, sha, records in documents:
        try:
            checked.append((path, sha, evolve(records, findings=run_checks(records))))
        except Exception as exc:  # a check that fails on one document: a bug, not a stop
            failed.append(_bug(path, sha, "check", exc))
    extra = [_skipped_finding(s) for s in report.skipped]
    combined, frames = _build(checked, failed, extra)
    report.failed = failed
    report.incomplete = _incomplete_findings(checked)
    report.records = {kind: len(getattr(combined, kind)) for kind in KINDS}
    report.findings = frames["findings"].height
    store.write_generation(
        panel,
        frames,
        {
            "version": __version__,
            "inputs": inputs,
            "records": report.records,
            "findings": report.findings,
            "incomplete": [_note(f) for f in report.incomplete],
        },
        current or previous,
    )
    report.rebuilt = True
    return report


def _note(finding: Finding) -> dict[str, Any]:
    """A finding as the manifest keeps it (to report it again without loading the cache)."""
    where = finding.location
    return {
        "check": finding.check,
        "message": finding.message,
        "unit": finding.unit,
        "location": None
        if where is None
        else {
            "file": where.file,
            "page": where.page,
            "table": where.table,
            "row": where.row,
            "sheet": where.sheet,
        },
    }


def _from_note(note: dict[str, Any]) -> Finding:
    where = note.get("location")
    return Finding(
        check=str(note.get("check")),
        severity=Severity.ERROR,
        message=str(note.get("message")),
        unit=note.get("unit"),
        location=Provenance(**where) if isinstance(where, dict) else None,
    )


def _cached_failures(cache: Cache, hashed: Sequence[tuple[Path, str]]) -> list[FileResult]:
    failed = []
    for f, h in hashed:
        error = cache.error(h)
        if error is not None:
            failed.append(FileResult(path=f, sha256=h, error_kind=error[0], error_reason=error[1]))
    return failed


def _incomplete(cache: Cache, sha: str) -> bool:
    try:
        records = cache.get(sha)
    except (KeyError, ValueError):
        return False
    return any(f.check in INCOMPLETE_CHECKS for f in records.findings)


def _incomplete_findings(documents: Sequence[tuple[Path, str, Records]]) -> list[Finding]:
    return [f for _, _, r in documents for f in r.findings if f.check in INCOMPLETE_CHECKS]


def _parse_into(
    cache: Cache,
    todo: Sequence[tuple[Path, str]],
    report: IngestReport,
    *,
    jobs: int | None,
    timeout: float,
    options: ParseOptions | None,
    on_file: Callable[[FileResult | None, Path], None] | None,
) -> None:
    """Parse files into the cache: records only when whole, else the failure."""
    for result in parse_isolated(todo, jobs=jobs, timeout=timeout, options=options):
        if result.records_json is not None:
            try:
                cache.put(result.sha256, result.records_json)
                report.parsed += 1
            except UnicodeEncodeError as exc:
                result = _bug(result.path, result.sha256, "store", exc)
        if result.records_json is None:
            cache.forget(result.sha256)
            cache.put_error(
                result.sha256, result.error_kind or "corrupt", result.error_reason or ""
            )
        if on_file:
            on_file(result, result.path)


def _load(
    cache: Cache,
    hashed: Sequence[tuple[Path, str]],
    report: IngestReport,
    jobs: int | None,
    timeout: float,
    options: ParseOptions | None,
) -> tuple[list[tuple[Path, str, Records]], list[FileResult]]:
    """Each file's records from the cache (a damaged entry is parsed again), or its failure."""
    documents: list[tuple[Path, str, Records]] = []
    failed: list[FileResult] = []
    again: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for attempt in (0, 1):
        for f, h in hashed if attempt == 0 else again:
            error = cache.error(h)
            if error is not None:
                failed.append(
                    FileResult(path=f, sha256=h, error_kind=error[0], error_reason=error[1])
                )
                continue
            if h in seen:  # the same content under two names: one document
                continue
            try:
                records = cache.get(h)
            except (KeyError, ValueError) as exc:
                if attempt == 0 and f.is_file():
                    cache.forget(h)
                    again.append((f, h))
                    continue
                failed.append(
                    FileResult(
                        path=f,
                        sha256=h,
                        error_kind="not_found",
                        error_reason=f"not in the panel's cache and not readable here ({exc})",
                    )
                )
                continue
            seen.add(h)
            documents.append((f, h, records))
        if attempt == 0 and again:
            _parse_into(
                cache, again, report, jobs=jobs, timeout=timeout, options=options, on_file=None
            )
    documents.sort(key=lambda d: d[1])
    return documents, failed
