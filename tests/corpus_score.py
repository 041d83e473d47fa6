"""How much of the corpus idx766 reads: the share of expected figures it extracts exactly.

Run from the repository root::

    python tests/corpus_score.py            # the table per document and the overall share
    python tests/corpus_score.py --missed   # and every figure missed, with the first reason

Each document of ``tests/corpus/`` is rendered to a DOCX file (one paragraph per non-blank line of
the stored text, nothing added) and read with :func:`idx766.parse`, as a user would read a saved
notice. Each expected figure (``tests/corpustext.py``, written by a person) is then looked for among
the records. A figure counts only when one record has the right value *and* the right unit (by name,
with "UBND", the level word and a parent in brackets ignored, or by the registry key's last part),
the right level, the right date or period and, where the figure names one, the right group model.
How a figure kind is looked for:

================  ==============================================================================
total             a ``Snapshot`` of the unit with ``total`` equal to the number
rank              a ``Snapshot`` of the unit with ``rank`` (and ``rank_of`` when N is printed)
component         a ``Snapshot`` of the unit whose components hold the group's value
change            a ``Change`` of the unit's total (``component`` None) or of the group, ``delta``
rank_change       a ``Change`` with ``component == "rank"`` and ``delta`` (positive: up)
percent_change    a ``Metric`` of the unit: ``metric`` ``change``, its ``component`` the group (None
                  for the total), in ``%``
component_share   a ``Metric`` of the unit: ``metric`` ``share``, ``component`` the group, in ``%``
class_count       a ``Metric`` ``units`` of ``units_group`` the band and ``units_level`` the level
                  (None for mixed levels)
count             a ``Metric`` ``units_<up|down>`` of ``units_level`` the level
national_average  a ``Metric`` without unit, ``score`` of the ``national`` aggregate, its
                  ``component`` the group (None for the total)
================  ==============================================================================

Dates: a figure with a date needs that ``as_of`` (``to_date`` for changes), whatever period the
record also names (a dated figure is pinned by its day); a figure with only a period needs that
period (snapshots); a figure with neither needs ``as_of``/``to_date`` and period left empty.
Metrics carry no period: their date is checked when the figure has one. Records that match no
figure are counted as "extra" (a rough sign of figures invented; on the two distractors every
record is one).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from corpustext import CorpusDoc, Figure, fold_name, period_text, read_corpus, slug  # noqa: E402

__all__ = [
    "DocScore",
    "Score",
    "as_json",
    "format_table",
    "render_docx",
    "score_corpus",
    "score_doc",
]

Record = Any  # a Snapshot, Change or Metric of idx766


def render_docx(doc: CorpusDoc, path: Path) -> Path:
    """Write the document's text as a DOCX file, one paragraph per non-blank line."""
    from docx import Document

    out = Document()
    for line in doc.lines():
        out.add_paragraph(line)
    out.core_properties.title = ""
    out.save(str(path))
    return path


@dataclass
class DocScore:
    """What idx766 read from one document."""

    name: str
    expected: int
    found: list[Figure] = field(default_factory=list)
    missed: list[tuple[Figure, str]] = field(default_factory=list)
    extra: int = 0
    error: str | None = None

    @property
    def share(self) -> float | None:
        return len(self.found) / self.expected if self.expected else None


@dataclass
class Score:
    """The whole corpus."""

    docs: list[DocScore]

    @property
    def expected(self) -> int:
        return sum(d.expected for d in self.docs)

    @property
    def found(self) -> int:
        return sum(len(d.found) for d in self.docs)

    @property
    def share(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Per figure kind: (found, expected)."""
        found: Counter[str] = Counter(f.kind for d in self.docs for f in d.found)
        missed: Counter[str] = Counter(f.kind for d in self.docs for f, _ in d.missed)
        return {k: (found[k], found[k] + missed[k]) for k in sorted(found.keys() | missed.keys())}


# --- matching -------------------------------------------------------------------------------


def _unit_ok(unit: Any, fig: Figure) -> bool:
    if unit is None:
        return False
    names = {fold_name(n) for n in fig.names}
    if fold_name(unit.name) in names:
        return True
    last = str(unit.key).rsplit("/", 1)[-1]
    return last in {slug(n) for n in fig.names}


def _level_ok(unit: Any, fig: Figure) -> bool:
    if fig.level is None:
        return True
    level = getattr(unit, "level", None)
    return level is not None and str(level.value if hasattr(level, "value") else level) == (
        fig.level
    )


def _when_ok(as_of: date | None, period: object, fig: Figure, *, has_period: bool) -> bool:
    if fig.date is not None:
        return as_of == fig.date
    if fig.period is not None:
        return not has_period or period_text(period) == fig.period
    return as_of is None and (not has_period or period is None)


def _component_value(snap: Any, key: str) -> Decimal | None:
    for comp in snap.components or ():
        if comp.component == key:
            return Decimal(comp.value)
    return None


def _candidates(fig: Figure, records: Any) -> list[tuple[Record, list[str]]]:
    """Records of the figure's type holding its number, each with what is wrong with it."""
    out: list[tuple[Record, list[str]]] = []
    kind = fig.kind
    if kind in ("total", "rank", "component"):
        for s in records.scores:
            if kind == "total":
                hit = s.total is not None and s.total == fig.number
            elif kind == "rank":
                hit = s.rank is not None and s.rank == int(fig.number)
            else:
                value = _component_value(s, fig.component or "")
                hit = value is not None and value == fig.number
            if not hit:
                continue
            wrong = []
            if not _unit_ok(s.unit, fig):
                wrong.append(f"unit {s.unit.name!r}")
            if not _level_ok(s.unit, fig):
                wrong.append(f"level {s.unit.level}")
            if kind == "rank" and fig.rank_of is not None and s.rank_of != fig.rank_of:
                wrong.append(f"rank_of {s.rank_of}")
            if not _when_ok(s.as_of, s.period, fig, has_period=True):
                wrong.append(f"date/period {s.as_of}/{s.period}")
            if fig.model is not None and s.methodology != fig.model:
                wrong.append(f"model {s.methodology}")
            out.append((s, wrong))
    elif kind in ("change", "rank_change"):
        for c in records.changes:
            if kind == "rank_change":
                if c.component != "rank":
                    continue
            elif c.component != fig.component:
                continue
            if c.delta is None or c.delta != fig.number:
                continue
            wrong = []
            if not _unit_ok(c.unit, fig):
                wrong.append(f"unit {c.unit.name!r}")
            if not _level_ok(c.unit, fig):
                wrong.append(f"level {c.unit.level}")
            if not _when_ok(c.to_date, None, fig, has_period=False):
                wrong.append(f"date {c.to_date}")
            out.append((c, wrong))
    else:
        for m in records.metrics:
            if m.value is None or m.value != fig.number or not _metric_is(m, fig):
                continue
            wrong = []
            if kind in ("percent_change", "component_share"):
                if not _unit_ok(m.unit, fig):
                    wrong.append(f"unit {getattr(m.unit, 'name', None)!r}")
                if m.unit_of_measure != "%":
                    wrong.append(f"measure {m.unit_of_measure!r}")
            if fig.date is not None and m.as_of != fig.date:
                wrong.append(f"date {m.as_of}")
            out.append((m, wrong))
    return out


def _metric_is(m: Any, fig: Figure) -> bool:
    """Whether a metric's structured name is the figure's (never its printed label)."""
    level = m.units_level.value if m.units_level is not None else None
    if fig.kind == "percent_change":
        return bool(m.metric == "change" and m.component == fig.component)
    if fig.kind == "component_share":
        return bool(m.metric == "share" and m.component == fig.component)
    if fig.kind == "class_count":
        return bool(m.metric == "units" and m.units_group == fig.band and level == fig.level)
    if fig.kind == "count":
        return bool(fig.level and m.metric == f"units_{fig.what}" and level == fig.level)
    if fig.kind == "national_average":
        national = m.aggregate is not None and m.aggregate.value == "national"
        return bool(m.metric == "score" and national and m.component == fig.component)
    return False


def _why_missed(fig: Figure, records: Any) -> str:
    candidates = _candidates(fig, records)
    if not candidates:
        return "value not read"
    wrong = min((w for _, w in candidates), key=len)
    return "; ".join(wrong)


def score_doc(doc: CorpusDoc, records: Any | None, error: str | None = None) -> DocScore:
    """Compare one document's expected figures with what idx766 read (None: it raised)."""
    result = DocScore(name=doc.name, expected=len(doc.figures), error=error)
    if records is None:
        result.missed = [(f, error or "not read") for f in doc.figures]
        return result
    used: set[int] = set()
    for fig in doc.figures:
        good = [r for r, wrong in _candidates(fig, records) if not wrong]
        if good:
            result.found.append(fig)
            used.update(id(r) for r in good)
        else:
            result.missed.append((fig, _why_missed(fig, records)))
    all_records: Iterable[Record] = (*records.scores, *records.changes, *records.metrics)
    result.extra = sum(1 for r in all_records if id(r) not in used)
    return result


def score_corpus(docs: Sequence[CorpusDoc] | None = None) -> Score:
    """Render, parse and score every document of the corpus."""
    from idx766 import parse
    from idx766.errors import Idx766Error

    docs = read_corpus() if docs is None else docs
    results = []
    with tempfile.TemporaryDirectory(prefix="idx766-corpus-") as tmp:
        for doc in docs:
            # a name without digits: idx766 dates undated figures from a date in the file name,
            # and the expectations are about what the text itself says
            path = render_docx(doc, Path(tmp) / f"{re.sub(r'[0-9_-]+', '-', doc.name)}.docx")
            try:
                records = parse(path)
            except Idx766Error as exc:
                results.append(score_doc(doc, None, f"{exc.kind}: {exc.reason}"))
                continue
            results.append(score_doc(doc, records))
    return Score(docs=results)


def format_table(score: Score, *, missed: bool = False) -> str:
    """The per-document table, the per-kind table and the overall share (and the misses)."""
    lines = [f"{'document':<48} {'found':>5} {'of':>4} {'share':>6} {'extra':>5}  note"]
    for d in score.docs:
        share = f"{d.share:6.0%}" if d.share is not None else "     -"
        note = (d.error or "")[:60]
        lines.append(f"{d.name:<48} {len(d.found):>5} {d.expected:>4} {share} {d.extra:>5}  {note}")
    lines.append("")
    lines.append(f"{'figure kind':<48} {'found':>5} {'of':>4}")
    for kind, (found, expected) in score.by_kind().items():
        lines.append(f"{kind:<48} {found:>5} {expected:>4}")
    lines.append("")
    lines.append(
        f"overall: {score.found} of {score.expected} figures extracted exactly "
        f"({score.share:.1%}); {sum(d.extra for d in score.docs)} records matched no figure"
    )
    if missed:
        lines.append("")
        for d in score.docs:
            for fig, why in d.missed:
                lines.append(f"{d.name}: {fig.describe()}: {why}")
    return "\n".join(lines)


def as_json(score: Score) -> str:
    """The score as JSON: per document the counts and the figures missed with their reason."""
    return json.dumps(
        {
            "expected": score.expected,
            "found": score.found,
            "by_kind": {k: list(v) for k, v in score.by_kind().items()},
            "documents": [
                {
                    "name": d.name,
                    "expected": d.expected,
                    "found": len(d.found),
                    "extra": d.extra,
                    "error": d.error,
                    "missed": [{"figure": f.describe(), "why": why} for f, why in d.missed],
                }
                for d in score.docs
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--missed", action="store_true", help="list every figure missed")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    score = score_corpus()
    print(as_json(score) if args.json else format_table(score, missed=args.missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
