"""The corpus of real documents from other provinces: its annotations are grounded in the texts.

Every expected figure in ``tests/corpus/*.expect.toml`` must be printed in its document (so a
figure cannot be made up or drift from the stored text), and the measurement of what idx766
extracts (``tests/corpus_score.py``) must run over the whole corpus. The share it reports is not
asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from idx766.model import Document, Level, Records, Snapshot, Unit

try:
    import corpus_score as cs
    import corpustext as ct
except ModuleNotFoundError:  # pragma: no cover - when tests/ is imported as a package
    from tests import corpus_score as cs  # type: ignore[no-redef]
    from tests import corpustext as ct  # type: ignore[no-redef]

DOCS = ct.read_corpus()
FIGURES = [(d.name, i, f) for d in DOCS for i, f in enumerate(d.figures)]
FIGURE_IDS = [f"{name}-{i + 1}" for name, i, _ in FIGURES]
WORDS = {
    "số 1": 1,
    "đứng đầu": 1,
    "dẫn đầu": 1,
    "dẫn đầu cả nước": 1,
    "xếp đầu bảng": 1,
    "vị trí đầu tiên": 1,
    "hạng nhất": 1,
    "thứ nhất": 1,
    "hạng nhì": 2,
    "thứ hai": 2,
    "thứ ba": 3,
    "giữ nguyên": 0,
    "không tăng": 0,
    "không có": 0,
    "giảm 6 bậc": -6,
}


def test_every_document_has_its_expectations_and_the_other_way_round() -> None:
    texts = {p.stem for p in ct.CORPUS_DIR.glob("*.txt")}
    expects = {p.name.removesuffix(".expect.toml") for p in ct.CORPUS_DIR.glob("*.expect.toml")}
    assert texts == expects


def test_the_corpus_is_large_and_wide_enough() -> None:
    about_index = [d for d in DOCS if not d.distractor]
    provinces = {p for d in about_index for p in d.provinces}
    years = {d.header["published"][:4] for d in about_index}
    assert len(about_index) >= 28
    assert len(provinces) >= 10
    assert {"2023", "2024", "2025", "2026"} <= years
    assert len(FIGURES) >= 250


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_header_names_the_source_and_the_text_is_stored_nfc(doc: ct.CorpusDoc) -> None:
    for key in ("source", "title", "published", "published_basis", "provinces", "retrieved"):
        assert doc.header.get(key), key
    assert doc.header["source"].startswith(("http://", "https://"))
    raw = (ct.CORPUS_DIR / f"{doc.name}.txt").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert doc.text.strip()


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_documents_about_the_index_state_figures_and_distractors_none(doc: ct.CorpusDoc) -> None:
    if doc.distractor:
        assert doc.figures == ()
    else:
        assert doc.figures


@pytest.mark.parametrize(("name", "index", "fig"), FIGURES, ids=FIGURE_IDS)
def test_every_expected_figure_is_printed_in_its_document(
    name: str, index: int, fig: ct.Figure
) -> None:
    doc = ct.read_doc(name)
    assert fig.printed in doc.text, f"figure {index + 1} not printed: {fig.printed!r}"
    assert fig.value in fig.printed
    if fig.label is not None:
        assert fig.label.casefold() in fig.printed.casefold() or fig.label in doc.text
    if fig.max is not None:
        assert f"/{fig.max}" in fig.printed
    if fig.unit is not None and fig.kind != "national_average":
        # the unit is named in the document (as written, or with the spelling the person chose)
        assert any(n in doc.text for n in fig.names), fig.names


@pytest.mark.parametrize(("name", "index", "fig"), FIGURES, ids=FIGURE_IDS)
def test_every_number_agrees_with_the_value_as_printed(
    name: str, index: int, fig: ct.Figure
) -> None:
    shown = ct.numeric_value(fig.value)
    if shown is None:
        assert fig.value in WORDS, f"{name} figure {index + 1}: words {fig.value!r} not known"
        assert fig.number == WORDS[fig.value]
    else:
        assert abs(fig.number) == shown
    if fig.kind in ("rank", "rank_change", "class_count", "count"):
        assert fig.number == fig.number.to_integral_value()


@pytest.mark.parametrize(("name", "index", "fig"), FIGURES, ids=FIGURE_IDS)
def test_every_figure_has_the_fields_its_kind_needs(name: str, index: int, fig: ct.Figure) -> None:
    needs_unit = fig.kind not in ("class_count", "count", "national_average")
    assert (fig.unit is not None) == needs_unit
    if fig.kind in ("component", "component_share"):
        assert fig.component is not None
    elif fig.kind not in ("change", "percent_change", "national_average"):
        assert fig.component is None
    assert (fig.band is not None) == (fig.kind == "class_count")
    assert (fig.what is not None) == (fig.kind == "count")
    if fig.rank_of is not None:
        assert fig.kind == "rank" and 1 <= fig.number <= fig.rank_of
    if fig.kind in ("total", "component") and fig.max is None:
        assert Decimal(0) <= fig.number <= Decimal(100)


def test_fold_name_drops_the_words_that_are_not_the_name() -> None:
    assert ct.fold_name("UBND huyện Bát Xát") == "bát xát"
    assert ct.fold_name("TP.Thủ Dầu Một") == "thủ dầu một"
    assert ct.fold_name("Phường Tân Bình (TP.Dĩ An)") == "tân bình"
    assert ct.fold_name("Sở Nội vụ - tỉnh An Giang") == "sở nội vụ"
    assert ct.fold_name("UBND tỉnh Thái Nguyên") == ct.fold_name("Thái Nguyên")
    assert ct.slug("Bình định") == "binh-dinh"
    assert ct.fold_name("Văn Lang") != ct.fold_name("Văn Lăng")


_LETTERS = "abcdeghiklmnopqrstuvxyăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ"


@given(
    st.text(alphabet=_LETTERS + " ", min_size=1, max_size=30).filter(
        lambda n: n.strip() and ct.fold_name(n) == " ".join(n.split())
    ),
    st.sampled_from(
        ["", "UBND ", "Ủy ban nhân dân ", "UBND huyện ", "Huyện ", "xã ", "TP.", "TX. "]
    ),
)
def test_fold_name_ignores_the_prefixes_and_the_case(name: str, prefix: str) -> None:
    folded = ct.fold_name(name)
    assert ct.fold_name(prefix + name) == folded
    assert ct.fold_name(name.upper()) == folded
    assert ct.fold_name(f"{prefix}{name} (TP.Khác)") == folded


def test_the_measurement_runs_over_the_whole_corpus() -> None:
    # in a fresh process: parsing thirty documents here would grow this process, which the
    # fuzzing tests fork with a limit on their address space
    done = subprocess.run(
        [sys.executable, str(Path(cs.__file__)), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    score = json.loads(done.stdout)
    assert [d["name"] for d in score["documents"]] == [d.name for d in DOCS]
    for result, doc in zip(score["documents"], DOCS, strict=True):
        assert result["expected"] == len(doc.figures)
        assert result["found"] + len(result["missed"]) == result["expected"]
        assert all(m["why"] for m in result["missed"])
    assert 0 <= score["found"] <= score["expected"] == len(FIGURES)
    assert sum(e for _, e in score["by_kind"].values()) == score["expected"]


def test_a_figure_is_found_only_with_its_unit_date_and_model() -> None:
    """The scorer itself: a record with the right value but another unit, date or model does
    not count."""
    doc = ct.CorpusDoc(
        name="probe",
        header={},
        text="x",
        figures=(
            ct.Figure(
                kind="component",
                printed="x",
                value="15,4",
                number=Decimal("15.4"),
                unit="Quảng Trị",
                level="province",
                component="cong_khai",
                date=date(2025, 7, 25),
                model="five-group",
            ),
        ),
    )
    unit = Unit(name="tỉnh Quảng Trị", key="quang-tri", level=Level.PROVINCE)
    other = Unit(name="Hà Tĩnh", key="ha-tinh", level=Level.PROVINCE)

    def records(**changes: object) -> Records:
        fields: dict[str, object] = {
            "unit": unit,
            "as_of": date(2025, 7, 25),
            "components": {"cong_khai": Decimal("15.4")},
            "methodology": "five-group",
        }
        fields.update(changes)
        snap = Snapshot(**fields)  # type: ignore[arg-type]
        return Records(
            document=Document(kind="unknown", source="x", sha256="0" * 64, parser="t"),
            scores=(snap,),
        )

    assert len(cs.score_doc(doc, records()).found) == 1
    assert cs.score_doc(doc, records(unit=other)).missed[0][1].startswith("unit")
    assert "date" in cs.score_doc(doc, records(as_of=None)).missed[0][1]
    assert "model" in cs.score_doc(doc, records(methodology="six-group")).missed[0][1]
    assert cs.score_doc(doc, records(components={"hai_long": Decimal("15.4")})).missed[0][1] == (
        "value not read"
    )
