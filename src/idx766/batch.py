"""Parsing many files safely: each in its own worker process, under a time limit.

A file that hangs is killed when its time is up and becomes a ``timeout`` error; a worker that
crashes (a segfault in a native library, memory exhausted) becomes a ``corrupt`` error naming
its exit code; every other file is still read. Workers are forked from this process, so they
start with idx766 already imported; at most ``jobs`` run at once. Each result is handed back as
interchange JSON text, the format the panel's cache stores.

Workers only parse: nothing in a parser uses polars, whose thread pool must not be touched in
a process forked from one that used it. (Checks, which do, run in the calling process.)
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from attrs import frozen

from idx766.errors import Idx766Error
from idx766.parsers.base import ParseOptions

__all__ = ["FileResult", "parse_isolated"]


@frozen(kw_only=True)
class FileResult:
    """What one file gave: its records as interchange JSON, or the error kind and reason."""

    path: Path
    sha256: str
    records_json: str | None = None
    error_kind: str | None = None
    error_reason: str | None = None
    seconds: float = 0.0
    unexpected: bool = False
    """True when the parser failed in a way idx766 does not foresee (a bug), or its worker died."""

    @property
    def ok(self) -> bool:
        """True when the file was read."""
        return self.records_json is not None


def _work(
    path: str,
    options: ParseOptions,
    parser: str | None,
    memory_limit: int | None,
    conn: Connection,
) -> None:
    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        from idx766.api import parse
        from idx766.interchange import dumps

        conn.send(("ok", dumps(parse(path, parser=parser, options=options), indent=None)))
    except Idx766Error as exc:
        conn.send((exc.kind, exc.reason))
    except MemoryError:
        conn.send(("too_large", "parsing it needed more memory than the limit allows"))
    except Exception as exc:  # an idx766 bug must not stop the batch
        conn.send(("unexpected", f"unexpected {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _warm_up(options: ParseOptions) -> None:
    """Load what every worker needs once, here: forked workers start with it ready."""
    from idx766.parsers.registry import available_parsers
    from idx766.units import default_registry

    available_parsers()
    if options.registry is None:
        default_registry()


@frozen
class _Running:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    path: Path
    sha256: str
    started: float


def parse_isolated(
    files: Sequence[tuple[Path, str]],
    *,
    jobs: int | None = None,
    timeout: float = 120.0,
    options: ParseOptions | None = None,
    memory_limit: int | None = None,
    parser: str | None = None,
    on_start: Callable[[Path], None] | None = None,
) -> Iterator[FileResult]:
    """Parse ``(path, sha256)`` pairs in worker processes; yields results as they finish."""
    context: Any = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    options = options or ParseOptions()
    _warm_up(options)
    jobs = max(1, jobs or os.cpu_count() or 1)
    pending = list(files)[::-1]
    running: list[_Running] = []
    while pending or running:
        while pending and len(running) < jobs:
            path, sha = pending.pop()
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_work, args=(str(path), options, parser, memory_limit, send), daemon=True
            )
            process.start()
            send.close()
            if on_start:
                on_start(path)
            running.append(_Running(process, receive, path, sha, time.monotonic()))
        now = time.monotonic()
        deadline = min(r.started + timeout for r in running) - now
        ready = wait([r.conn for r in running], timeout=max(0.0, deadline))
        for job in list(running):
            elapsed = time.monotonic() - job.started
            if job.conn in ready:
                yield _collect(job, elapsed)
            elif elapsed >= timeout:
                job.process.kill()
                job.process.join()
                job.conn.close()
                yield FileResult(
                    path=job.path,
                    sha256=job.sha256,
                    error_kind="timeout",
                    error_reason=f"still parsing after {timeout:g} s; stopped",
                    seconds=elapsed,
                )
            else:
                continue
            running.remove(job)


def _collect(job: _Running, elapsed: float) -> FileResult:
    try:
        status, payload = job.conn.recv()
    except EOFError:
        job.process.join()
        code = job.process.exitcode
        return FileResult(
            path=job.path,
            sha256=job.sha256,
            error_kind="corrupt",
            error_reason=f"the parser's worker died (exit code {code})",
            seconds=elapsed,
            unexpected=True,
        )
    finally:
        job.conn.close()
    job.process.join()
    if status == "ok":
        return FileResult(path=job.path, sha256=job.sha256, records_json=payload, seconds=elapsed)
    if status == "unexpected":  # reported as corrupt, but flagged: it is a bug to fix
        return FileResult(
            path=job.path,
            sha256=job.sha256,
            error_kind="corrupt",
            error_reason=payload,
            seconds=elapsed,
            unexpected=True,
        )
    return FileResult(
        path=job.path,
        sha256=job.sha256,
        error_kind=status,
        error_reason=payload,
        seconds=elapsed,
    )
