"""The command's exit codes and its one way of telling a problem: one line on stderr."""

from __future__ import annotations

import sys

__all__ = [
    "BUG_NOTE",
    "EXIT_BUG",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "say_error",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
"""``check`` found an error, or there was nothing to show."""
EXIT_UNREADABLE = 2
"""A file could not be read or written, or the command line was wrong."""
EXIT_BUG = 3
"""idx766 itself failed: a bug to report, never passed off as a damaged file."""
EXIT_INTERRUPTED = 130
BUG_NOTE = "a bug in idx766, please report it with the command and the file"


def say_error(message: str) -> None:
    """One line on stderr: ``idx766: message``."""
    print(f"idx766: {message}", file=sys.stderr)
