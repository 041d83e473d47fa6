"""The ``idx766`` command: parse, check, rank, diff, ingest a panel and query it, the score
model (recompute, whatif, goal), and more.

Exit codes: 0 fine; 1 ``check`` found errors, or there was nothing to show (``resolve``: the
name did not resolve); 2 a file could not be read or written (one line on stderr naming the
file and the reason, never a traceback) or the command line was wrong; 3 idx766 itself failed
(a bug: one line naming the exception, to report); 130 interrupted (Ctrl-C). With several
files a progress bar runs on stderr and one bad file does not stop the others.
"""

from __future__ import annotations

import os
import sys
import warnings

from idx766 import __version__
from idx766.cli.exits import (
    BUG_NOTE,
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREADABLE,
    say_error,
)

TYPE_CHECKING = False  # neither typing nor argparse is imported for ``idx766 --version``
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``idx766`` command (also used to document it)."""
    from idx766.cli.parser import build_parser as build

    return build()


def _quiet_stdout() -> None:
    """After a closed pipe (``idx766 ... | head``), stop Python complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code. Never ends in a traceback."""
    warnings.simplefilter("ignore")  # third-party warnings never reach the user's terminal
    given = sys.argv[1:] if argv is None else list(argv)
    if given == ["--version"]:  # answered before anything else is imported
        print(f"idx766 {__version__}")
        return EXIT_OK
    from idx766.errors import Idx766Error, shown_path

    try:
        args = build_parser().parse_args(given)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        say_error("interrupted")
        return EXIT_INTERRUPTED
    except Idx766Error as exc:
        say_error(exc.one_line())
        return EXIT_UNREADABLE
    except OSError as exc:
        where = f"{shown_path(exc.filename)}: " if exc.filename else ""
        say_error(f"{where}{exc.strerror or exc}")
        return EXIT_UNREADABLE
    except Exception as exc:
        say_error(f"internal error ({BUG_NOTE}): {type(exc).__name__}: {exc}")
        return EXIT_BUG
