"""The command-line reference, generated from the argument parser itself (``docs/cli.md``).

python -m idx766.cli.reference > docs/cli.md
"""

from __future__ import annotations

import argparse
import inspect
import os

from idx766 import cli
from idx766.cli import build_parser

__all__ = ["reference_markdown"]

_WIDTH = "100"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def reference_markdown() -> str:
    """Markdown with the help of ``idx766`` and of each of its commands."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = _WIDTH  # help text wraps the same on every machine
    try:
        parser = build_parser()
        parts = [
            "# Command-line reference",
            "",
            "Generated from the command's own argument parser by "
            "`python -m idx766.cli.reference > docs/cli.md`; a test keeps the two equal. "
            "How tables, workbooks and charts look: [output](output.md).",
            "",
            inspect.cleandoc(cli.__doc__ or "").split("\n\n", 1)[1],
            "",
            "```text",
            parser.format_help().rstrip(),
            "```",
        ]
        for name, sub in _subparsers(parser).items():
            parts += ["", f"## `idx766 {name}`", "", "```text", sub.format_help().rstrip(), "```"]
        return "\n".join(parts) + "\n"
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous


if __name__ == "__main__":  # pragma: no cover
    print(reference_markdown(), end="")
