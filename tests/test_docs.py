"""The generated documentation pages equal what they are generated from."""

from __future__ import annotations

from pathlib import Path

from idx766.cli.reference import reference_markdown

DOCS = Path(__file__).parents[1] / "docs"


def test_cli_reference_is_generated_from_the_parser() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == reference_markdown()


def test_every_page_in_the_navigation_exists() -> None:
    config = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    pages = [
        line.split(": ", 1)[1]
        for line in config.splitlines()
        if line.strip().startswith("- ") and line.strip().endswith(".md")
    ]
    assert len(pages) >= 12
    for page in pages:
        assert (DOCS / page).is_file(), page
