"""Reading a table's numbers: the decimal style decided per column from all its cells."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from idx766.numbers import (
    MixedNumberStyleError,
    NumberStyle,
    infer_style,
    parse_decimal,
    parse_delta,
)

__all__ = ["ColumnNumbers"]


class ColumnNumbers:
    """Parses the numbers of one table, each column in the style its own cells show.

    A column without evidence takes the style the rest of the table shows; a table without any
    takes the document's default. ``undecided`` lists the columns that had to fall back while
    holding tokens that read differently in the two styles (e.g. "1.773"), so that the caller
    can report it instead of guessing silently (a column decided by the rest of its table is
    not reported).
    """

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        width: int,
        default: NumberStyle = NumberStyle.COMMA_DECIMAL,
    ) -> None:
        self.styles: list[NumberStyle | None] = []
        self.mixed: list[int] = []
        for c in range(width):
            cells = [r[c] for r in rows if c < len(r)]
            try:
                self.styles.append(infer_style(cells))
            except MixedNumberStyleError:
                self.styles.append(None)
                self.mixed.append(c)
        seen = {s for s in self.styles if s is not None}
        self.table_style = seen.pop() if len(seen) == 1 else default
        decided_by_table = len({s for s in self.styles if s is not None}) == 1
        self.examples: dict[int, str] = {}
        for c, s in enumerate(self.styles):
            if s is None and not decided_by_table:
                token = next((r[c].strip() for r in rows if c < len(r) and _ambiguous(r[c])), None)
                if token is not None:
                    self.examples[c] = token
        self.undecided = list(self.examples)

    def readings(self, column: int) -> str:
        """How an undecided column's first ambiguous token reads in each style."""
        token = self.examples[column]
        comma = parse_decimal(token, NumberStyle.COMMA_DECIMAL)
        dot = parse_decimal(token, NumberStyle.DOT_DECIMAL)
        return f"{token!r} is {comma} with a decimal comma, {dot} with a decimal dot"

    def style(self, column: int) -> NumberStyle:
        """The style of a column (its own, else the table's)."""
        own = self.styles[column] if column < len(self.styles) else None
        return own or self.table_style

    def decimal(self, column: int, cell: str) -> Decimal:
        """A number in the column's style (raises NumberFormatError)."""
        return parse_decimal(cell, self.style(column))

    def delta(self, column: int, cell: str) -> Decimal:
        """A signed change in the column's style; "---" is no change (raises NumberFormatError)."""
        return parse_delta(cell, self.style(column))


def _ambiguous(cell: str) -> bool:
    text = cell.strip().lstrip("+-−")
    for sep in ".,":
        head, _, tail = text.partition(sep)
        if tail and head.isdigit() and len(tail) == 3 and tail.isdigit() and sep not in tail:
            return True
    return False
