"""What each column of a table holds, read from its header cells (never from its position).

The words are the :mod:`idx766.vocabulary`'s; here a table's header rows become one label per
column (merged cells filled in) and each label a :class:`Column`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import frozen

from idx766.text import clean
from idx766.vocabulary import Role, column_role, words

__all__ = ["Column", "Role", "header_labels", "read_columns"]


@frozen(kw_only=True)
class Column:
    """One column: its index, its header label, its role, and the component or date it names."""

    index: int
    label: str
    role: Role
    key: str | None = None
    on: date | None = None

    @property
    def code(self) -> str:
        """The label as a portal code would be printed (``TTTT``), to compare with codes."""
        return words(self.label).upper()


def header_labels(header: Sequence[Sequence[str | None]], width: int) -> list[str]:
    """One label per column from one or more header rows, merged cells filled in.

    A ``None`` cell is covered by a merge: in the first row it takes the text on its left
    (a horizontal merge), below it the text above (a vertical merge). Parts are joined
    top-down without repeats.
    """
    filled: list[list[str]] = []
    for r, row in enumerate(header):
        out: list[str] = []
        for c in range(width):
            cell = row[c] if c < len(row) else ""
            if cell is None:
                # in the first row a merge can only come from the left; below, from above
                cell = out[c - 1] if r == 0 and c > 0 else (filled[r - 1][c] if r > 0 else "")
            out.append(clean(cell))
        filled.append(out)
    labels: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for row_labels in filled:
            if row_labels[c] and row_labels[c] not in parts:
                parts.append(row_labels[c])
        labels.append(" ".join(parts))
    return labels


def read_columns(labels: Sequence[str], year: int | None) -> list[Column]:
    """The role of each column from its label (dates without a year take ``year``)."""
    columns = []
    for i, label in enumerate(labels):
        role, key, when = column_role(label, year)
        columns.append(Column(index=i, label=label, role=role, key=key, on=when))
    return columns
