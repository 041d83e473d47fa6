"""Parsing many files safely: in worker processes, each file under a time and a memory limit.

A file that hangs is stopped when its time is up and becomes a ``timeout`` error; a file that
needs more memory than a worker may take becomes ``too_large``; a worker that crashes (a
segfault in a native library) becomes a ``corrupt`` error naming its exit code; every other
file is still read. Each result is handed back as interchange JSON text, the format the panel's
cache stores.

Workers are forked from this process, so they start with idx766, its parsers and the unit
registry loaded (:func:`_warm_up`), and each serves file after file: what a parse loads once
(a PDF library, caches of name folding) stays loaded for the next file. A worker whose file
failed in a way that may have left it damaged (timeout, memory, a crash, an unexpected
exception), or that has grown by half its memory limit, is replaced by a fresh one. At most
``jobs`` run at once.

Workers never outlive the batch: each closes the pipes of its siblings that it inherited (else
a sibling's pipe stays open after this process dies and its worker blocks forever), asks the
kernel to kill it when this process dies (Linux ``PR_SET_PDEATHSIG``; elsewhere a thread that
watches the parent), and is stopped when the batch ends, however it ends.

Workers only parse: nothing in a parser uses polars, whose thread pool must not be touched in
a process forked from one that used it. (Checks, which do, run in the calling process.)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from attrs import define, frozen

from idx766.errors import (
    CorruptFileError,
    EncryptedFileError,
    Idx766Error,
    InternalError,
    NotAReportError,
    NoTextLayerError,
    ParseTimeoutError,
    TooLargeError,
    UnsupportedFormatError,
)
from idx766.model import Records
from idx766.parsers.base import ParseOptions

__all__ = [
    "Encoder",
    "FileResult",
    "compact_json",
    "default_memory_limit",
    "parse_in_worker",
    "parse_isolated",
]

_MAX_AUTO_MEMORY = 2 * 2**30
_STOP_GRACE = 1.0


@frozen(kw_only=True)
class FileResult:
    """What one file gave: its records (as interchange JSON, the text an ``encode`` made of
    them, or as objects when asked for), or the error kind and reason."""

    path: Path
    sha256: str
    records_json: str | None = None
    records: Records | None = None
    error_kind: str | None = None
    error_reason: str | None = None
    seconds: float = 0.0
    unexpected: bool = False
    """True when the parser failed in a way idx766 does not foresee (a bug), or its worker died."""

    @property
    def ok(self) -> bool:
        """True when the file was read."""
        return self.records_json is not None or self.records is not None


def _physical_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return None


def default_memory_limit(jobs: int) -> int:
    """The memory each of ``jobs`` workers may take when :class:`ParseOptions` does not say:
    2 GiB, or less so that all of them together stay under half the machine's memory."""
    total = _physical_memory()
    if not total:
        return _MAX_AUTO_MEMORY
    return max(256 * 2**20, min(_MAX_AUTO_MEMORY, total // (2 * max(1, jobs))))


# -- the worker side ----------------------------------------------------------------------------

_PARENT_ENDS: list[Connection] = []
"""The pipe ends this process holds to talk to its workers; a newly forked worker closes its
copies of them (they are its siblings')."""


def _address_space() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _resident() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _die_with_parent(parent: int) -> None:
    """Be killed when the parent process goes (else a hung parse would run on forever)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    if not sys.platform.startswith("linux"):  # pragma: no cover - other POSIX systems

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _limit_memory(limit: int | None) -> None:
    """Let this process's address space grow by at most ``limit`` bytes from where it is."""
    if not limit:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    base = _address_space() or 0
    cap = base + limit
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may be set already
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


Encoder = Callable[[Records], str]
"""What a worker makes of a file's records before handing them back (text, made in parallel)."""


def compact_json(records: Records) -> str:
    """The records as compact interchange JSON: what the panel's cache stores."""
    from idx766.interchange import dumps

    return dumps(records, indent=None)


def _parse_one(
    path: str, options: ParseOptions, parser: str | None, encode: Encoder | None
) -> tuple[str, str | Records]:
    """``("ok", records)`` (as the text ``encode`` makes of them; else the objects, pickled on
    the way, which costs a sixth of the JSON round trip) or ``(kind, reason)``; kind
    ``unexpected`` for an idx766 bug."""
    try:
        from idx766.api import parse

        records = parse(path, parser=parser, options=options)
        return "ok", encode(records) if encode is not None else records
    except Idx766Error as exc:
        return exc.kind, exc.reason
    except MemoryError:
        return "too_large", "parsing it needed more memory than a worker may take"
    except RecursionError:
        return "corrupt", "structures nested too deeply to read (a reference loop?)"
    except InternalError as exc:  # an idx766 bug must not stop the batch
        return "unexpected", f"unexpected {exc.reason}"
    except Exception as exc:
        return "unexpected", f"unexpected {type(exc).__name__}: {exc}"


def _serve(
    conn: Connection,
    parent: int,
    memory_limit: int | None,
    options: ParseOptions,
    encode: Encoder | None,
) -> None:
    """A worker: parse the files sent on ``conn`` one after another until told to stop.

    ``options`` and ``encode`` come with the fork (a registry is not pickled for every file)."""
    for inherited in _PARENT_ENDS:
        inherited.close()
    _PARENT_ENDS.clear()
    _die_with_parent(parent)
    _limit_memory(memory_limit)
    start = _resident()
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            path, parser = task
            status, payload = _parse_one(path, options, parser, encode)
            now = _resident()
            grown = (now - start) if now is not None and start is not None else 0
            try:
                conn.send((status, payload, grown))
            except (OSError, ValueError):
                return
    finally:
        conn.close()


def _warm_up(options: ParseOptions, paths: Sequence[Path], parser: str | None) -> None:
    """Load what the workers need once, here: forked workers start with it ready. That is the
    unit registry and the parsers the files will ask for: the first file of each suffix is
    sniffed (a worker imports the parser of any other file when it meets one; a file that
    cannot be sniffed is left for its worker to report)."""
    from idx766.parsers.base import Probe
    from idx766.parsers.registry import BuiltinParser, select_parser
    from idx766.units import default_registry

    if options.registry is None:
        default_registry()
    first: dict[str, Path] = {}
    for path in paths:
        first.setdefault(path.suffix.lower(), path)
    for path in first.values():
        try:
            chosen = select_parser(Probe.of(path), parser)
        except (Idx766Error, OSError):
            continue
        if isinstance(chosen, BuiltinParser):
            with contextlib.suppress(Exception):  # a broken import is the worker's to report
                chosen.load()


# -- the parent side ----------------------------------------------------------------------------


@define
class _Worker:
    process: Any
    conn: Connection
    path: Path | None = None
    sha256: str = ""
    started: float = 0.0

    @property
    def busy(self) -> bool:
        return self.path is not None


class _Pool:
    def __init__(
        self,
        jobs: int,
        memory_limit: int | None,
        options: ParseOptions,
        encode: Encoder | None = None,
    ) -> None:
        self.context: Any = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.jobs = jobs
        self.memory_limit = memory_limit
        self.options = options
        self.encode = encode
        self.workers: list[_Worker] = []

    def start(self) -> _Worker:
        mine, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_serve,
            args=(theirs, os.getpid(), self.memory_limit, self.options, self.encode),
            daemon=True,
        )
        _PARENT_ENDS.append(mine)
        try:
            process.start()
        except BaseException:
            _PARENT_ENDS.remove(mine)
            mine.close()
            raise
        finally:
            theirs.close()
        worker = _Worker(process=process, conn=mine)
        self.workers.append(worker)
        return worker

    def idle(self) -> _Worker | None:
        for worker in self.workers:
            if not worker.busy:
                return worker
        if len(self.workers) < self.jobs:
            return self.start()
        return None

    def retire(self, worker: _Worker, *, kill: bool) -> None:
        """Stop a worker: kill it (its file hung) or tell it to stop."""
        if worker in self.workers:
            self.workers.remove(worker)
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        worker.process.join(0 if kill else _STOP_GRACE)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        if worker.conn in _PARENT_ENDS:
            _PARENT_ENDS.remove(worker.conn)
        worker.conn.close()

    def close(self) -> None:
        for worker in list(self.workers):
            self.retire(worker, kill=worker.busy)


def parse_isolated(
    files: Sequence[tuple[Path, str]],
    *,
    jobs: int | None = None,
    timeout: float = 120.0,
    options: ParseOptions | None = None,
    memory_limit: int | None = None,
    parser: str | None = None,
    on_start: Callable[[Path], None] | None = None,
    as_json: bool = True,
    encode: Encoder | None = None,
) -> Iterator[FileResult]:
    """Parse ``(path, sha256)`` pairs in worker processes; yields results as they finish.

    Records come back as interchange JSON (``records_json``, what the panel's cache stores), or
    with ``as_json=False`` as objects (``records``), or as the text ``encode`` makes of them in
    the worker (``records_json``: the workers write it in parallel, the caller only passes it
    on).

    ``jobs`` workers at most (default: the number of cores), each file under ``timeout``
    seconds; each worker may grow by ``memory_limit`` bytes (default
    ``options.max_memory_bytes``, else :func:`default_memory_limit`). When the caller stops
    iterating, or this process is interrupted, every worker is stopped.
    """
    options = options or ParseOptions()
    files = list(files)
    _warm_up(options, [path for path, _ in files], parser)
    jobs = max(1, jobs or os.cpu_count() or 1)
    limit = memory_limit or options.max_memory_bytes or default_memory_limit(jobs)
    if encode is None and as_json:
        encode = compact_json
    pool = _Pool(jobs, limit, options, encode)
    pending = list(files)[::-1]
    try:
        while pending or any(w.busy for w in pool.workers):
            while pending:
                worker = pool.idle()
                if worker is None:
                    break
                path, sha = pending.pop()
                worker.path, worker.sha256, worker.started = path, sha, time.monotonic()
                with contextlib.suppress(OSError, ValueError):  # if it died: see _collect
                    worker.conn.send((str(path), parser))
                if on_start:
                    on_start(path)
            busy = [w for w in pool.workers if w.busy]
            deadline = min(w.started + timeout for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline))
            for worker in busy:
                elapsed = time.monotonic() - worker.started
                if worker.conn in ready:
                    yield _collect(pool, worker, elapsed)
                elif elapsed >= timeout:
                    result = FileResult(
                        path=worker.path or Path(),
                        sha256=worker.sha256,
                        error_kind="timeout",
                        error_reason=f"still parsing after {timeout:g} s; stopped",
                        seconds=elapsed,
                    )
                    pool.retire(worker, kill=True)
                    yield result
    finally:
        pool.close()


def _collect(pool: _Pool, worker: _Worker, elapsed: float) -> FileResult:
    path, sha = worker.path or Path(), worker.sha256
    worker.path, worker.sha256 = None, ""
    try:
        status, payload, grown = worker.conn.recv()
    except (EOFError, OSError):
        pool.retire(worker, kill=True)
        code = worker.process.exitcode
        why = f"exit code {code}"
        if code is not None and code < 0:
            why = f"killed by signal {-code}"
        limit = pool.memory_limit
        hint = f"; it may have needed more than its {limit // 2**20} MiB of memory" if limit else ""
        return FileResult(
            path=path,
            sha256=sha,
            error_kind="corrupt",
            error_reason=f"the parser's worker died ({why}){hint}",
            seconds=elapsed,
            unexpected=True,
        )
    recycle = status not in ("ok", *_KNOWN_KINDS) or status == "too_large"
    if pool.memory_limit and grown > pool.memory_limit // 2:
        recycle = True
    if recycle:
        pool.retire(worker, kill=False)
    if status == "ok" and isinstance(payload, str):
        return FileResult(path=path, sha256=sha, records_json=payload, seconds=elapsed)
    if status == "ok":
        return FileResult(path=path, sha256=sha, records=payload, seconds=elapsed)
    if status == "unexpected":  # a bug in idx766, never a damaged file
        return FileResult(
            path=path,
            sha256=sha,
            error_kind=InternalError.kind,
            error_reason=payload,
            seconds=elapsed,
            unexpected=True,
        )
    return FileResult(
        path=path, sha256=sha, error_kind=status, error_reason=payload, seconds=elapsed
    )


_ERRORS: dict[str, type[Idx766Error]] = {
    cls.kind: cls
    for cls in (
        NotAReportError,
        EncryptedFileError,
        NoTextLayerError,
        CorruptFileError,
        TooLargeError,
        UnsupportedFormatError,
        ParseTimeoutError,
    )
}
_KNOWN_KINDS = (*_ERRORS, "not_found")


def parse_in_worker(
    path: str | Path,
    *,
    parser: str | None = None,
    options: ParseOptions | None = None,
    timeout: float = 120.0,
    memory_limit: int | None = None,
) -> Records:
    """Parse one file like :func:`idx766.parse`, but in a worker process under a time limit
    (``timeout`` seconds: :class:`~idx766.errors.ParseTimeoutError`) and a memory limit
    (``TooLargeError``): the safe way to read a file from outside in a long-running program.
    A crash of the parser's native libraries is a ``CorruptFileError``; an exception inside
    idx766 is an :class:`~idx766.errors.InternalError` (a bug to report)."""
    from idx766.api import MissingFileError

    path = Path(path)
    pairs = [(path, "")]
    [result] = list(
        parse_isolated(
            pairs,
            jobs=1,
            timeout=timeout,
            options=options,
            memory_limit=memory_limit,
            parser=parser,
            as_json=False,
        )
    )
    if result.records is not None:
        return result.records
    kind, reason = result.error_kind or "corrupt", result.error_reason or ""
    if result.unexpected and reason.startswith("unexpected "):
        raise InternalError(path, reason.removeprefix("unexpected "))
    if kind == "not_found":
        raise MissingFileError(path, reason)
    raise _ERRORS.get(kind, CorruptFileError)(path, reason)
