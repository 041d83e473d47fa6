"""Hypothesis strategies for the domain model (shared by the property tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from idx766.components import COMPONENTS, METHODOLOGIES
from idx766.model import (
    Change,
    Document,
    DocumentKind,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Pakn,
    Period,
    Provenance,
    Records,
    Severity,
    Snapshot,
    Target,
    Unit,
)

SYLLABLES = [
    "Quảng",
    "Bạch",
    "Phượng",
    "Tiến",
    "Phụng",
    "Văn",
    "Lang",
    "Lãng",
    "Diêm",
    "Thụy",
    "Điềm",
    "Định",
    "Hoá",
    "Hóa",
    "Sở",
    "Y",
    "tế",
    "Nội",
    "vụ",
    "xã",
    "phường",
    "Trung",
    "Thành",
]

texts = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join)
dates = st.dates(min_value=date(2022, 6, 23), max_value=date(2030, 12, 31))
opt_dates = st.none() | dates


def scores(max_places: int = 2) -> st.SearchStrategy[Decimal]:
    """Non-negative scores with 0..max_places printed places."""
    return st.integers(0, 10_000).flatmap(
        lambda n: st.integers(0, max_places).map(lambda p: Decimal(n).scaleb(-p))
    )


signed = st.integers(-2_000, 2_000).flatmap(
    lambda n: st.integers(0, 2).map(lambda p: Decimal(n).scaleb(-p))
)
provenances = st.builds(
    Provenance,
    file=st.sampled_from(["a.docx", "b.pdf", "thư mục/c.json"]),
    page=st.none() | st.integers(1, 50),
    table=st.none() | st.integers(0, 30),
    row=st.none() | st.integers(0, 200),
    sheet=st.none() | st.just("Sheet1"),
)
units = st.builds(
    Unit,
    name=texts,
    key=texts,
    level=st.none() | st.sampled_from(list(Level)),
    province=st.none() | st.just("Thái Nguyên"),
    code=st.none() | st.sampled_from(["H55", "H55.17"]),
    portal_id=st.none() | st.just("019d2be3-6a88-732b-8b25-68dfdcdcff0e"),
)


@st.composite
def components(draw: st.DrawFn) -> dict[str, Decimal] | None:
    if draw(st.booleans()):
        return None
    methodology = draw(st.sampled_from(list(METHODOLOGIES.values())))
    return {k: draw(scores()) for k in methodology.keys}


snapshots = st.builds(
    Snapshot,
    unit=units,
    as_of=opt_dates,
    total=st.none() | scores(),
    components=components(),
    rank=st.none() | st.integers(1, 200),
    rank_of=st.none() | st.integers(1, 200),
    methodology=st.none() | st.sampled_from(list(METHODOLOGIES)),
    period=st.none()
    | st.sampled_from(
        [
            Period.of_year(2026),
            Period.of_month(2026, 8),
            Period.of_quarter(2025, 3),
            Period.of_week(date(2026, 5, 18), date(2026, 5, 25)),
        ]
    ),
    groups=st.lists(st.sampled_from(["leaders", "laggards", "gainers"]), unique=True).map(tuple),
    names=st.lists(texts, max_size=3, unique=True).map(tuple),
    sources=st.lists(provenances, max_size=3).map(tuple),
)
changes = st.builds(
    Change,
    unit=units,
    component=st.none() | st.sampled_from([c.key for c in COMPONENTS] + ["rank"]),
    from_date=opt_dates,
    to_date=opt_dates,
    before=st.none() | scores(),
    after=st.none() | scores(),
    delta=st.none() | signed,
    rank_before=st.none() | st.integers(1, 100),
    rank_after=st.none() | st.integers(1, 100),
    groups=st.lists(st.sampled_from(["leaders", "gainers"]), unique=True).map(tuple),
    source=st.none() | provenances,
)
overdue = st.builds(
    OverdueRecord,
    unit=units,
    as_of=opt_dates,
    count=st.integers(0, 100_000),
    source=st.none() | provenances,
)
pakn = st.builds(
    Pakn,
    code=st.tuples(dates, st.integers(1, 9999)).map(lambda t: f"PAKN.{t[0]:%Y%m%d}.{t[1]:04d}"),
    sender=st.none() | texts,
    received_on=opt_dates,
    sector=st.none() | texts,
    unit=st.none() | units,
    source=st.none() | provenances,
)
metrics = st.builds(
    Metric,
    unit=st.none() | units,
    metric=texts,
    as_of=opt_dates,
    value=st.none() | signed,
    numerator=st.none() | scores(0),
    denominator=st.none() | scores(0),
    unit_of_measure=st.none() | st.just("%"),
    source=st.none() | provenances,
    quality=st.none() | st.just("TEMP_NATIONAL_REPORT_DENOMINATOR"),
)
targets = st.builds(
    Target,
    indicator=texts,
    op=st.sampled_from(["=", ">=", "<="]),
    value=scores(),
    unit_of_measure=st.none() | st.just("%"),
    source=st.none() | provenances,
)
findings = st.builds(
    Finding,
    check=st.sampled_from(["component-sum-equals-total", "skipped-row"]),
    severity=st.sampled_from(list(Severity)),
    message=texts,
    unit=st.none() | texts,
    location=st.none() | provenances,
)
documents = st.builds(
    Document,
    kind=st.sampled_from(list(DocumentKind)),
    source=st.just("bao-cao.docx"),
    sha256=st.just("0" * 64),
    parser=st.just("docx-report"),
    title=st.none() | texts,
    number=st.none() | st.just("2062/SNV-CCHC"),
    issuer=st.none() | texts,
    issue_date=opt_dates,
    period_start=opt_dates,
    period_end=opt_dates,
    week=st.none() | st.integers(1, 53),
    province=st.none() | st.just("Thái Nguyên"),
)
records = st.builds(
    Records,
    document=documents,
    scores=st.lists(snapshots, max_size=4).map(tuple),
    changes=st.lists(changes, max_size=3).map(tuple),
    overdue=st.lists(overdue, max_size=3).map(tuple),
    pakn=st.lists(pakn, max_size=3).map(tuple),
    metrics=st.lists(metrics, max_size=3).map(tuple),
    targets=st.lists(targets, max_size=3).map(tuple),
    findings=st.lists(findings, max_size=3).map(tuple),
)
