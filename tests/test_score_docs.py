"""docs/score-model.md: its formulas tables and worked examples are what the catalogue and the
captures give (regenerate with ``python -m idx766.score.docs docs/score-model.md``)."""

from __future__ import annotations

from pathlib import Path

from idx766.score.docs import examples_markdown, formulas_markdown, update_page
from portal_expect import FIXTURES

PAGE = Path(__file__).parents[1] / "docs" / "score-model.md"


def test_the_score_model_page_is_generated() -> None:
    text = PAGE.read_text(encoding="utf-8")
    makers = {"formulas": formulas_markdown, "examples": lambda: examples_markdown(FIXTURES)}
    assert text == update_page(text, makers)
    assert "<!-- generated: formulas -->" in text and "<!-- generated: examples -->" in text


def test_every_lever_and_component_is_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    from idx766.score import catalogue

    for version in catalogue().values():
        for component in version.components:
            assert f"`{component.code}`" in text
        for lever in version.levers:
            assert f"`{lever.key}`" in text and f"`{lever.en}`" in text
