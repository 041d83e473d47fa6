"""Figures in the running text of any province's articles and notices about the index.

Thái Nguyên's reports are read by :mod:`~idx766.interpret.narrative` and
:mod:`~idx766.interpret.sentences`; this module reads what other provinces, newspapers and
national summaries write (issue 17). :mod:`~idx766.interpret.figures` says what each number of a
sentence is, :mod:`~idx766.interpret.mentions` which units it names; here each figure gets its
unit and date and becomes a record:

- totals and group scores with a comma or a dot ("đạt 82.8 điểm", "13.2/18 điểm", "là 86,97"),
  each number read by its own mark, the sentence's style decided from all its numbers
  (:func:`~idx766.numbers.prose_style`);
- ranks in digits or words ("xếp thứ 3/34", "đứng thứ hai", "hạng nhất", "dẫn đầu", "vị trí số 1",
  "xếp hạng 1 trong số 34");
- changes in points ("tăng 4,41 điểm", "giữ nguyên", "không tăng"), in places ("tăng 3 bậc") and
  in percent ("tăng 1,43%", kept in percent as a metric ``change:total``);
- lists of units with scores in either order ("TP.Dĩ An 87,7 điểm", "Sở Tư pháp (81,92 điểm)",
  "cao nhất là 98,63 điểm (Sở Công thương)", "thứ 2 là tỉnh Bình định với 90,54 điểm");
- classes with their counts ("7 sở được xếp loại tốt", "xếp loại xuất sắc gồm 14/16 đơn vị",
  "không có đơn vị xếp loại khá") as metrics ``class:<band>:<level>``; national averages as
  ``total:Cả nước`` / ``<group>:Cả nước``;
- the group model from the labels and maxima ("dịch vụ trực tuyến" of 22: five groups; "thanh
  toán trực tuyến", "DVC trực tuyến" of 12: six) or from "5 chỉ số" / "6 chỉ số thành phần".

Dates: a figure's own day ("tính đến ngày 22/01") or period ("năm 2023", "tháng 10/2024", "quý
II/2024", "tuần thứ 47"), else the document's data date ("Số liệu tại thời điểm ..."), else the
document's own period (its title or lead). A day or month printed without its year takes it from
the document's date line, else from the only year the document names; when none decides, the
figure keeps no date and ``undated-data`` says so. Sentences about another index (PAR INDEX, PCI,
PAPI, SIPAS) are skipped, and a document that never names this index gives nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from idx766.dates import TimeRef, find_times
from idx766.interpret.blocks import Paragraph
from idx766.interpret.cells import CellTable, cell_tables
from idx766.interpret.context import DocumentContext
from idx766.interpret.figures import (
    METRIC_KINDS,
    Figure,
    clause_bounds,
    clause_of,
    find_figures,
    may_hold_figures,
)
from idx766.interpret.mentions import MINISTRY, Mention, find_mentions, scope_level
from idx766.interpret.phrases import band_of, prose_labels
from idx766.interpret.reader import Extracted
from idx766.model import (
    Aggregate,
    Change,
    Finding,
    Level,
    Metric,
    Period,
    PeriodKind,
    Provenance,
    Severity,
    Snapshot,
    Unit,
)
from idx766.numbers import NumberStyle, prose_style
from idx766.text import clean, fold, name_key
from idx766.units import resolve
from idx766.units.document import DocumentUnits

__all__ = ["about_the_index", "read_prose"]

_I = re.IGNORECASE

_ABOUT_INDEX = ("766", "phuc vu nguoi dan", "bo chi so chi dao", "chat luong phuc vu nguoi dan")
_OTHER_INDEX = re.compile(
    r"\b(?:par[\s-]*index|pci|papi|sipas|chi so cai cach hanh chinh|chi so cchc|"
    r"nang luc canh tranh)\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÂĂÊÔƠƯÀ-Ỹ0-9])")
_ABBREVIATION_END = re.compile(r"(?:\b(?:TP|TX|Q|H|P|ThS|TS|PGS|GS|Tp)\.)$")

_MODEL_HINT = re.compile(
    r"\b(5|6|năm|sáu)\s+(?:nhóm\s+)?(?:chỉ\s+số|nhóm|tiêu\s+chí)(?:\s+thành\s+phần)?\b", _I
)
_LEGAL = re.compile(
    r"(?:quyết\s+định|công\s+văn|báo\s+cáo|kế\s+hoạch|thông\s+báo|nghị\s+quyết|chỉ\s+thị|"
    r"văn\s+bản|nghị\s+định|thông\s+tư)\s+(?:số\s+)?[\w.-]*\d[\w./-]*\s*"
    r"(?:của\s+[^,;()]{0,40}?\s*)?ngày\s*$",
    _I,
)
_COMPARED = re.compile(
    r"(?:so\s+với|từ|trước\s+đó|sau)\s+(?:(?:thời\s+điểm|cùng\s+kỳ)\s+)?(?:ngày\s+)?$", _I
)
_DATA_DATE = re.compile(
    r"số\s+liệu|tính\s+đến|đến\s+(?:thời\s+điểm\s+)?ngày|công\s+bố\s+số\s+liệu|"
    r"thời\s+điểm\s+trích\s+xuất",
    _I,
)
_CLOCK = re.compile(r"\d{1,2}[:h]\d{2}")
_DATELINE_WORDS = re.compile(r"cập\s+nhật|ngày\s+đăng|đăng\s+ngày|^\s*date\b", _I)
_END_OF_MONTH = re.compile(r"cuối\s+$", _I)


# --- documents -------------------------------------------------------------------------------


def about_the_index(texts: Iterable[str]) -> bool:
    """True when a text is about the 766 index: it names the index (its number or its name),
    or it names three or more of its groups ("Công khai, minh bạch", "Tiến độ giải quyết", "DVC
    trực tuyến" ...), which no other index has."""
    groups: set[str] = set()
    for text in texts:
        folded = fold(text)
        if any(words in folded for words in _ABOUT_INDEX):
            return True
        groups.update(key for _, _, key in prose_labels(text))
    return len(groups) >= 3


@dataclass
class _Document:
    """What the whole text says that each sentence needs: its dates, years, style, province."""

    dateline: date | None = None
    years: frozenset[int] = frozenset()
    calendar: list[tuple[int, TimeRef]] = field(default_factory=list)  # refs with a year
    data_date: date | None = None
    time: TimeRef | None = None
    style: NumberStyle | None = None
    focus: str | None = None
    model: str | None = None
    undated: list[str] = field(default_factory=list)

    def complete(self, ref: TimeRef, at: int) -> TimeRef:
        """A reference with the year it did not print, if the document decides it."""
        if ref.year is not None:
            return ref
        if ref.kind in ("month", "week", "quarter"):
            same = [(abs(pos - at), r) for pos, r in self.calendar if r.kind == ref.kind]
            if same:
                return ref.complete(min(same, key=lambda p: p[0])[1].year)
            if self.dateline is not None:
                return ref.complete(self.dateline.year)
            return ref
        if self.dateline is not None:
            return ref.complete(self.dateline.year)
        if len(self.years) == 1:
            return ref.complete(next(iter(self.years)))
        return ref


@dataclass
class _Sentence:
    text: str
    offset: int  # in the document's joined text
    paragraph: int
    where: Provenance
    mentions: list[Mention] = field(default_factory=list)
    times: list[tuple[TimeRef, str]] = field(default_factory=list)  # (ref, role)
    parens: list[tuple[int, int]] = field(default_factory=list)
    style: NumberStyle | None = None
    other_index: bool = False  # about PAR INDEX, PCI, ...: read for nothing


def _about_other_index(sentence: str) -> bool:
    folded = fold(sentence)
    return bool(_OTHER_INDEX.search(folded)) and not any(w in folded for w in _ABOUT_INDEX)


def _split_sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREVIATION_END.search(text[start : m.start()]):
            continue
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s, t) for s, t in out if t.strip()]


def _parens(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            spans.append((stack.pop(), i + 1))
    for start in stack:
        spans.append((start, len(text)))
    return spans


def _inner(parens: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    inside = [p for p in parens if p[0] <= at < p[1]]
    return min(inside, key=lambda p: p[1] - p[0]) if inside else None


def _role(text: str, ref: TimeRef) -> str:
    """``legal`` (the date of a decision cited), ``start`` (of "từ ngày A đến ngày B"),
    ``compared`` ("so với ngày A") or ``own`` (the time the sentence's figures hold for)."""
    before = text[max(0, ref.start - 80) : ref.start]
    if _LEGAL.search(before):
        return "legal"
    if _COMPARED.search(before[-30:]):
        if re.match(r"\s*(?:,\s*)?(?:đến|tới|-|–)\s", text[ref.end : ref.end + 8], _I):
            return "start"
        return "compared"
    return "own"


class _Reader:
    def __init__(
        self,
        paragraphs: Sequence[Paragraph],
        ctx: DocumentContext,
        source: str,
        out: Extracted,
        units: DocumentUnits,
    ) -> None:
        self.ctx = ctx
        self.source = source
        self.out = out
        self.units = units
        self.doc = _Document()
        self.sentences: list[_Sentence] = []
        self.by_paragraph: dict[int, list[_Sentence]] = {}
        self.snapshots: list[Snapshot] = []
        self._province_cache: dict[str, bool] = {}
        self._reported: set[str] = set()
        self.paragraphs = paragraphs
        self._read_document(paragraphs)

    # -- the document ---------------------------------------------------------------------

    def is_province(self, name: str) -> bool:
        cached = self._province_cache.get(name)
        if cached is not None:
            return cached
        found = resolve(self.units.registry, name, level=Level.PROVINCE)
        ok = found.unit is not None and (
            found.method in ("exact", "alias") or (found.score or 0) >= 90
        )
        self._province_cache[name] = ok
        return ok

    def _read_document(self, paragraphs: Sequence[Paragraph]) -> None:
        doc = self.doc
        offset = 0
        years: set[int] = set()
        style_votes: dict[NumberStyle, int] = {}
        focus_votes: dict[str, int] = {}
        for number, paragraph in enumerate(paragraphs):
            text = clean(paragraph.text)
            if not text:
                continue
            where = Provenance(file=self.source, page=paragraph.page, row=number)
            for start, sentence in _split_sentences(text):
                s = _Sentence(text=sentence, offset=offset + start, paragraph=number, where=where)
                s.other_index = _about_other_index(sentence)
                s.parens = _parens(sentence)
                s.style = prose_style(sentence)
                if s.style is not None:
                    style_votes[s.style] = style_votes.get(s.style, 0) + 1
                for ref in find_times(sentence):
                    role = _role(sentence, ref)
                    if role == "own" and number < 5 and ref.kind == "day" and ref.year:
                        around = sentence[max(0, ref.start - 30) : ref.end + 12]
                        if _CLOCK.search(
                            sentence[ref.end : ref.end + 12]
                        ) or _DATELINE_WORDS.search(around):
                            role = "dateline"
                            doc.dateline = doc.dateline or ref.date
                    s.times.append((ref, role))
                    if ref.year is not None and role != "legal":
                        years.add(ref.year)
                        if ref.kind in ("month", "week", "quarter"):
                            doc.calendar.append((s.offset + ref.start, ref))
                s.mentions = find_mentions(sentence, is_province=self.is_province)
                for m in s.mentions:
                    if m.bare and m.level is None and self.is_province(m.name):
                        focus_votes[m.name] = focus_votes.get(m.name, 0) + 1
                    elif m.level == Level.PROVINCE.value and not m.the_province:
                        base = re.sub(r"^(?:UBND\s+)?tỉnh\s+", "", m.name, flags=_I)
                        focus_votes[base] = focus_votes.get(base, 0) + 1
                hint = _MODEL_HINT.search(sentence)
                if hint and doc.model is None:
                    doc.model = "five-group" if hint.group(1) in ("5", "năm") else "six-group"
                self.sentences.append(s)
                self.by_paragraph.setdefault(number, []).append(s)
            offset += len(text) + 1
        doc.years = frozenset(years)
        if style_votes:
            doc.style = max(style_votes, key=lambda k: style_votes[k])
        doc.focus = self.ctx.province or (
            max(focus_votes, key=lambda k: focus_votes[k]) if focus_votes else None
        )
        # the document's data date and own period
        first_paragraphs = sorted({s.paragraph for s in self.sentences})[:3]
        for s in self.sentences:
            for ref, role in s.times:
                if role != "own" or s.other_index:
                    continue
                full = doc.complete(ref, s.offset + ref.start)
                if (
                    doc.data_date is None
                    and full.kind == "day"
                    and full.date is not None
                    and _DATA_DATE.search(s.text)
                ):
                    doc.data_date = full.date
                if (
                    doc.time is None
                    and s.paragraph in first_paragraphs
                    and full.kind in ("week", "month", "quarter", "year")
                ):
                    doc.time = full

    # -- sentences ------------------------------------------------------------------------

    def read(self) -> None:
        last_subject: dict[int, Mention] = {}
        tables = cell_tables(self.paragraphs, self.source)
        in_tables = {i for table in tables for i in table.paragraphs}
        for s in self.sentences:
            if s.other_index or s.paragraph in in_tables:
                continue
            if not may_hold_figures(s.text):
                continue
            figs = find_figures(
                s.text,
                style=s.style or self.doc.style,
                time_spans=[(ref.start, ref.end) for ref, _ in s.times],
                on_guess=partial(self._guessed, s),
            )
            if not figs:
                continue
            previous = last_subject.get(s.paragraph)
            for fig in figs:
                self._attach(s, fig, figs, previous)
            for fig in figs:
                self._emit(s, fig, figs)
            subjects = [f.unit for f in figs if f.unit is not None]
            if subjects:
                last_subject[s.paragraph] = subjects[-1]
        for table in tables:
            self._read_cell_table(table)
        self._finish()

    def _read_cell_table(self, table: CellTable) -> None:
        """A table the text holds one cell per line: class counts per level, or the province's
        total beside the national one."""
        doc = self.doc
        as_of = doc.data_date
        period = doc.time.period if doc.time is not None and as_of is None else None
        header = [fold(c) for c in table.header]
        bands = {i: band_of(c) for i, c in enumerate(table.header) if band_of(c)}
        own = next((i for i, h in enumerate(header) if h.startswith("diem cua")), None)
        national = next((i for i, h in enumerate(header) if "ca nuoc" in h), None)
        for row, where in zip(table.rows, table.sources, strict=True):
            label = row[1] if len(row) > 1 else ""
            if len(bands) >= 3:
                level = scope_level(label)
                if level is None or level == MINISTRY:
                    continue
                for i, band in bands.items():
                    if re.fullmatch(r"\d{1,4}", row[i]):
                        self.out.metrics.append(
                            Metric(
                                unit=None,
                                metric="units",
                                units_group=band,
                                units_level=Level(level),
                                as_of=as_of,
                                value=Decimal(int(row[i])),
                                unit_of_measure="đơn vị",
                                source=where,
                            )
                        )
            elif national is not None and "tong hop" in fold(label):
                value = _cell_score(row[national])
                if value is not None:
                    self.out.metrics.append(
                        Metric(
                            unit=None,
                            metric="score",
                            aggregate=Aggregate.NATIONAL,
                            as_of=as_of,
                            value=value,
                            unit_of_measure="điểm",
                            source=where,
                        )
                    )
                mine = _cell_score(row[own]) if own is not None else None
                unit = self._focus_unit_at(where)
                if mine is not None and unit is not None:
                    self.snapshots.append(
                        Snapshot(
                            unit=unit,
                            as_of=as_of,
                            period=period,
                            total=mine,
                            names=(unit.name,),
                            sources=(where,),
                        )
                    )

    def _guessed(self, s: _Sentence, token: str, value: Decimal) -> None:
        self.out.findings.append(
            Finding(
                check="ambiguous-number",
                severity=Severity.WARNING,
                message=f"{token!r} read as {value} (no style decided by the text)",
                location=s.where,
            )
        )

    # -- subjects -------------------------------------------------------------------------

    def _attach(
        self, s: _Sentence, fig: Figure, figs: list[Figure], previous: Mention | None
    ) -> None:
        """The unit a figure is of: named right after a score in brackets, named after "là",
        the last one named before it, the one named right after it, the last subject of the
        paragraph; none (the document's province) otherwise."""
        if fig.kind in METRIC_KINDS or fig.resolved:
            return
        text = s.text
        mentions = s.mentions
        clause = clause_of(clause_bounds(text), fig.start)
        # "98,63 điểm (Sở Công thương)"
        if fig.kind == "score" and text[fig.end : fig.end + 3].lstrip().startswith("("):
            inside = [m for m in mentions if fig.end < m.start <= fig.end + 4]
            if inside and text[inside[0].end : inside[0].end + 1] == ")":
                fig.units = [inside[0]]
                return
        before = [
            m
            for m in mentions
            if clause[0] <= m.end <= fig.start and not _in_other_parens(s, m, fig)
        ]
        # "Đứng thứ 2 là tỉnh Bình định", "lần lượt xếp hạng thứ 8 và thứ 9 là A (...) và B (...)"
        la = re.search(r"\blà\s+", text[fig.end : clause[1]])
        if la and not before:
            at = fig.end + la.end()
            between = [f for f in figs if fig.end <= f.start < at]
            named = [m for m in mentions if m.start >= at and not _in_parens_of(s, m)]
            if named and all(f.kind in ("rank", "rank_change") for f in between):
                if "lần lượt" in text.lower():
                    group = [f for f in figs if f.kind == fig.kind and clause[0] <= f.start < at]
                    if len(group) == len(named) and len(group) > 1:
                        fig.units = [named[group.index(fig)]]
                    else:
                        fig.units = named  # "có 2 đơn vị bị giảm 6 bậc ..., lần lượt ... là A và B"
                    return
                fig.units = named[:1]
                return
        if before:
            fig.units = [before[-1]]
            return
        if fig.kind in ("score", "rank") and fig.component is None:
            # "đạt 96,63 điểm, tỉnh Gia Lai xếp thứ 2/34": the unit named right after it
            nxt = [f for f in figs if f.start > fig.end]
            limit = min(nxt[0].start if nxt else clause[1], clause[1])
            after = [m for m in mentions if fig.end <= m.start < limit]
            if after:
                fig.units = [after[0]]
                return
        earlier = [m for m in mentions if m.end <= fig.start and not _in_other_parens(s, m, fig)]
        if earlier:
            fig.units = [earlier[-1]]
        elif previous is not None and fig.kind not in ("rank", "rank_change"):
            fig.units = [previous]

    # -- time -----------------------------------------------------------------------------

    def _when(self, s: _Sentence, fig: Figure) -> list[tuple[date | None, Period | None, bool]]:
        """When a figure holds: a list of (as of, period, a day or month without its year).

        Its own time (in its brackets, else the last one before it in its sentence, else the
        next one in its clause; "2 tháng liên tiếp (tháng 9 và tháng 10) đạt ..." gives two),
        else the document's data date, else the document's period.
        """
        own = [r for r, role in s.times if role == "own"]
        inner = _inner(s.parens, fig.start)
        scoped = [r for r in own if inner is not None and inner[0] <= r.start < inner[1]]
        if not scoped:
            outside = [r for r in own if _inner(s.parens, r.start) is None]
            clause = clause_of(clause_bounds(s.text), fig.start)
            prior = [r for r in outside if clause[0] <= r.start < fig.start]
            later = [r for r in outside if fig.end <= r.start < clause[1]]
            scoped = prior[-1:] or later[:1] or self._times_in_brackets(s, fig, own, clause)
            if not scoped:
                scoped = [r for r in outside if r.start < fig.start][-1:]
        if scoped:
            return [self._time_of(s, ref) for ref in scoped]
        day = self._paragraph_day(s)
        if day is not None:
            return [self._time_of(*day)]
        doc = self.doc
        if doc.data_date is not None:
            period = doc.time.period if doc.time and doc.time.kind != "week" else None
            return [(doc.data_date, period, False)]
        if doc.time is not None:
            return [(None, doc.time.period, doc.time.year is None)]
        return [(None, None, False)]

    def _paragraph_day(self, s: _Sentence) -> tuple[_Sentence, TimeRef] | None:
        """The last day an earlier sentence of the paragraph named ("Ngày 19/8, ... Cụ thể,
        ..."): a day carries to the sentences that go on about it, a year or month does not."""
        earlier = [t for t in self.by_paragraph[s.paragraph] if t.offset < s.offset]
        for t in reversed(earlier):
            days = [
                r
                for r, role in t.times
                if role == "own" and r.kind == "day" and _inner(t.parens, r.start) is None
            ]
            if days:
                return t, days[-1]
        return None

    @staticmethod
    def _times_in_brackets(
        s: _Sentence, fig: Figure, own: list[TimeRef], clause: tuple[int, int]
    ) -> list[TimeRef]:
        """The times of brackets before the figure that hold nothing else: "(tháng 9 và tháng
        10) đạt xếp hạng thứ 1/9"."""
        for a, b in sorted(s.parens, reverse=True):
            if not (clause[0] <= a and b <= fig.start):
                continue
            refs = [r for r in own if a < r.start < b]
            rest = s.text[a + 1 : b - 1]
            for r in sorted(refs, key=lambda r: -r.start):
                rest = rest[: r.start - a - 1] + rest[r.end - a - 1 :]
            if refs and re.fullmatch(r"[\s,]*(?:và[\s,]*)*", rest, _I):
                return refs
            return []
        return []

    def _time_of(self, s: _Sentence, ref: TimeRef) -> tuple[date | None, Period | None, bool]:
        doc = self.doc
        full = doc.complete(ref, s.offset + ref.start)
        if full.kind == "day":
            return (full.date, None, False) if full.date is not None else (None, None, True)
        if full.year is None:
            return None, None, True
        if full.kind == "month" and _END_OF_MONTH.search(s.text[max(0, ref.start - 8) : ref.start]):
            return None, full.period, False
        if full.kind == "week":
            return doc.data_date, full.period if doc.data_date is None else None, False
        return doc.data_date, full.period, False

    # -- records --------------------------------------------------------------------------

    def _unit(self, s: _Sentence, mention: Mention | None) -> Unit | None:
        if mention is None or mention.the_province:
            return self._focus_unit(s)
        level = self._level(s, mention)
        found = self.units.unit(mention.name, level=level, where=s.where)
        elsewhere = found.level != Level.PROVINCE and found.province != self.units.province
        if (level is not None and found.level != level) or (elsewhere and found.province):
            if found.key != name_key(mention.name) and mention.name not in self._reported:
                self._reported.add(mention.name)  # the registry gave another unit
                self.units.findings.append(
                    Finding(
                        check="unknown-unit",
                        severity=Severity.WARNING,
                        message=(
                            f"{mention.name!r} is not in the unit registry for this document "
                            f"(the registry's {found.key!r} is of another level or province)"
                        ),
                        unit=mention.name,
                        location=s.where,
                    )
                )
            return Unit(
                name=mention.name,
                key=name_key(mention.name),
                level=level,
                province=self.units.province,
            )
        if level is None and mention.level == MINISTRY and found.level is not None:
            return Unit(name=mention.name, key=name_key(mention.name), level=None)
        return found

    def _focus_unit(self, s: _Sentence) -> Unit | None:
        return self._focus_unit_at(s.where)

    def _focus_unit_at(self, where: Provenance) -> Unit | None:
        focus = self.doc.focus
        if focus is None:
            return None
        return self.units.unit(focus, level=Level.PROVINCE, where=where)

    def _level(self, s: _Sentence, mention: Mention) -> Level | None:
        if mention.level == MINISTRY:
            ministry = getattr(Level, "MINISTRY", None)
            return ministry if isinstance(ministry, Level) else None
        if mention.level == "city":
            base = re.sub(r"^(?:UBND\s+)?(?:thành\s+phố|TP\.?)\s*", "", mention.name, flags=_I)
            focus = self.doc.focus
            if self.is_province(base) and (focus is None or fold(base) != fold(focus)):
                return Level.PROVINCE
            return Level.DISTRICT
        if mention.level is not None:
            return Level(mention.level)
        if self.is_province(mention.name):
            return Level.PROVINCE
        scoped = scope_level(s.text[: mention.start]) or scope_level(s.text)
        if scoped is None or scoped == MINISTRY:
            return None
        return Level(scoped)

    def _emit(self, s: _Sentence, fig: Figure, figs: list[Figure]) -> None:
        for as_of, period, undated in self._when(s, fig):
            if undated:
                self.doc.undated.append(s.text[fig.start : fig.end])
            if fig.kind in METRIC_KINDS:
                self._emit_metric(s, fig, as_of)
                continue
            if not fig.units and fig.kind in ("rank", "rank_change", "unknown"):
                continue  # a rank of no unit named ("Các cơ quan có điểm số dẫn đầu")
            mentions: list[Mention | None] = list(fig.units) or [None]
            for mention in mentions:
                unit = self._unit(s, mention)
                if unit is not None:
                    self._emit_for(s, fig, figs, unit, as_of, period)

    def _emit_for(
        self,
        s: _Sentence,
        fig: Figure,
        figs: list[Figure],
        unit: Unit,
        as_of: date | None,
        period: Period | None,
    ) -> None:
        where = s.where
        if fig.kind == "previous":
            back = self._previous_period(period, fig.band or "")
            if back is None:
                return
            self.snapshots.append(
                Snapshot(
                    unit=unit,
                    as_of=None,
                    period=back,
                    total=fig.value,
                    names=(unit.name,),
                    sources=(where,),
                )
            )
            return
        if fig.kind == "score" and fig.value is not None:
            if fig.component is None:
                snap = Snapshot(
                    unit=unit,
                    as_of=as_of,
                    period=period,
                    total=fig.value,
                    names=(unit.name,),
                    sources=(where,),
                )
            else:
                snap = Snapshot(
                    unit=unit,
                    as_of=as_of,
                    period=period,
                    components={fig.component: fig.value},
                    names=(unit.name,),
                    sources=(where,),
                )
            self.snapshots.append(snap)
            return
        if fig.kind == "rank" and fig.value is not None:
            self.snapshots.append(
                Snapshot(
                    unit=unit,
                    as_of=as_of,
                    period=period,
                    rank=int(fig.value),
                    rank_of=fig.rank_of,
                    names=(unit.name,),
                    sources=(where,),
                )
            )
            return
        if fig.kind == "change" and fig.value is not None:
            since = self._compared_day(s, fig)
            after = self._score_after(figs, fig)
            self.out.changes.append(
                Change(
                    unit=unit,
                    component=fig.component,
                    from_date=since,
                    to_date=as_of,
                    after=after,
                    delta=fig.value,
                    source=where,
                )
            )
            return
        if fig.kind == "rank_change" and fig.value is not None:
            rank = next(
                (f for f in figs if f.kind == "rank" and f.unit is fig.unit and f.value), None
            )
            after_rank = int(rank.value) if rank is not None and rank.value is not None else None
            before_rank = after_rank + int(fig.value) if after_rank is not None else None
            self.out.changes.append(
                Change(
                    unit=unit,
                    component="rank",
                    from_date=self._compared_day(s, fig),
                    to_date=as_of,
                    before=Decimal(before_rank) if before_rank is not None else None,
                    after=Decimal(after_rank) if after_rank is not None else None,
                    delta=fig.value,
                    rank_before=before_rank,
                    rank_after=after_rank,
                    source=where,
                )
            )
            return
        if fig.kind in ("percent_change", "share") and fig.value is not None:
            if fig.kind == "share" and fig.component is None:
                return
            self.out.metrics.append(
                Metric(
                    unit=unit,
                    metric="change" if fig.kind == "percent_change" else "share",
                    component=fig.component,
                    as_of=as_of,
                    value=fig.value,
                    unit_of_measure="%",
                    source=where,
                )
            )

    def _emit_metric(self, s: _Sentence, fig: Figure, as_of: date | None) -> None:
        if fig.value is None:
            return
        if fig.kind == "national":
            self.out.metrics.append(
                Metric(
                    unit=None,
                    metric="score",
                    component=fig.component,
                    aggregate=Aggregate.NATIONAL,
                    as_of=as_of,
                    value=fig.value,
                    unit_of_measure="điểm",
                    source=s.where,
                )
            )
            return
        if fig.kind == "class_count":
            name, group = "units", fig.band
        else:
            what = {"count_up": "up", "count_down": "down"}.get(fig.kind, "unchanged")
            name, group = f"units_{what}", None
        self.out.metrics.append(
            Metric(
                unit=self._focus_unit(s) if fig.kind == "class_count" else None,
                metric=name,
                units_group=group,
                units_level=Level(fig.level) if fig.level else None,
                as_of=as_of,
                value=fig.value,
                denominator=Decimal(fig.of) if fig.of else None,
                unit_of_measure="đơn vị",
                source=s.where,
            )
        )

    def _compared_day(self, s: _Sentence, fig: Figure) -> date | None:
        for ref, role in s.times:
            if role == "compared" and ref.start >= fig.end and ref.start - fig.end < 40:
                full = self.doc.complete(ref, s.offset + ref.start)
                return full.date
        return None

    @staticmethod
    def _score_after(figs: list[Figure], fig: Figure) -> Decimal | None:
        for f in reversed([f for f in figs if f.end <= fig.start]):
            if f.kind == "score":
                if f.unit is fig.unit and f.component == fig.component:
                    return f.value
                return None
        return None

    @staticmethod
    def _previous_period(period: Period | None, what: str) -> Period | None:
        if period is None:
            return None
        if period.kind == PeriodKind.WEEK and what == "tuần":
            week = timedelta(days=7)
            return Period.of_week(period.start - week, period.end - week)
        if period.kind == PeriodKind.MONTH and what == "tháng":
            previous = period.start - timedelta(days=1)
            return Period.of_month(previous.year, previous.month)
        return None

    def _supersede(self) -> None:
        """Drop the undated snapshots the Thái Nguyên readers made of a sentence this reader
        dated: the same unit and facts from the same paragraph, now with their date."""
        mine: dict[tuple[int | None, str], set[tuple[str, Decimal]]] = {}
        for snap in self.snapshots:
            if snap.as_of is None and snap.period is None:
                continue
            for where in snap.sources:
                mine.setdefault((where.row, snap.unit.key), set()).update(_facts(snap))
        kept = []
        for old in self.out.scores:
            rows = {w.row for w in old.sources if w.table is None}
            undated = old.as_of is None and old.period is None
            if (
                undated
                and rows
                and len(rows) == len(old.sources)
                and all(_facts(old) <= mine.get((row, old.unit.key), set()) for row in rows)
            ):
                continue
            kept.append(old)
        self.out.scores[:] = kept

    def _finish(self) -> None:
        """Decide the group model of each snapshot from all its groups; report undated ones."""
        self._supersede()
        by_key: dict[tuple[str, Level | None, date | None, Period | None], set[str]] = {}
        for snap in self.snapshots:
            key = (snap.unit.key, snap.unit.level, snap.as_of, snap.period)
            by_key.setdefault(key, set()).update(c.component for c in snap.components or ())
        for snap in self.snapshots:
            key = (snap.unit.key, snap.unit.level, snap.as_of, snap.period)
            groups = by_key[key]
            model = _model(groups, self.doc.model)
            if model is not None and (snap.components or snap.total is not None):
                snap = Snapshot(
                    unit=snap.unit,
                    as_of=snap.as_of,
                    period=snap.period,
                    total=snap.total,
                    components=snap.components,
                    rank=snap.rank,
                    rank_of=snap.rank_of,
                    methodology=model,
                    names=snap.names,
                    sources=snap.sources,
                )
            self.out.scores.append(snap)
        if self.doc.undated:
            shown = ", ".join(repr(t) for t in dict.fromkeys(self.doc.undated[:3]))
            self.out.findings.append(
                Finding(
                    check="undated-data",
                    severity=Severity.WARNING,
                    message=(
                        f"{len(self.doc.undated)} figures of the text carry no date: the text "
                        f"prints no year for them and the document gives none ({shown})"
                    ),
                    location=Provenance(file=self.source),
                )
            )


def _facts(snap: Snapshot) -> set[tuple[str, Decimal]]:
    facts = {(c.component, c.value) for c in snap.components or ()}
    if snap.total is not None:
        facts.add(("total", snap.total))
    if snap.rank is not None:
        facts.add(("rank", Decimal(snap.rank)))
    return facts


def _cell_score(cell: str) -> Decimal | None:
    m = re.fullmatch(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:/\s*100)?(?:\s*điểm)?", cell.strip())
    return Decimal(m.group(1).replace(",", ".")) if m else None


def _model(groups: set[str], hint: str | None) -> str | None:
    """The group model of a unit's scores on one date: from the groups present (the online
    group of 22 is the five-group model's; DVC of 12 and payment of 10 the six-group one's),
    else from what the document says ("5 chỉ số"); None for a total without groups."""
    if "truc_tuyen" in groups:
        return "five-group"
    if groups & {"dvc_truc_tuyen", "thanh_toan"}:
        return "six-group"
    return hint if groups else None


def _in_other_parens(s: _Sentence, m: Mention, fig: Figure) -> bool:
    """A name inside brackets that do not hold the figure (a parent: "(TP.Dĩ An)")."""
    inner = _inner(s.parens, m.start)
    return inner is not None and not (inner[0] <= fig.start < inner[1])


def _in_parens_of(s: _Sentence, m: Mention) -> bool:
    """A name in brackets right after another name (its parent)."""
    inner = _inner(s.parens, m.start)
    return inner is not None and any(o.end <= inner[0] <= o.end + 2 for o in s.mentions)


def read_prose(
    paragraphs: Sequence[Paragraph],
    ctx: DocumentContext,
    source: str,
    out: Extracted,
    units: DocumentUnits,
) -> None:
    """Add the figures of an article's or notice's sentences to ``out`` (nothing when the
    text never names the 766 index)."""
    if not about_the_index(p.text for p in paragraphs):
        return
    _Reader(paragraphs, ctx, source, out, units).read()
