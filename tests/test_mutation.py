"""The mutation harness (issue 16 item 7): errors injected into consistent documents must each
be reported on the unit they were injected at, and nothing else may be reported.

The expectations come from the injections (``tests/mutation.py``), never from idx766: each
injection knows which unit it broke and which codes must say so. A short run is part of the
default suite; the long run is behind the ``mutation`` marker::

    IDX766_MUTATION_EXAMPLES=2000 IDX766_MUTATION_LOG=mutation.jsonl \\
        python -m pytest -m mutation tests/test_mutation.py
    python tests/mutation.py mutation.jsonl   # recall and false alarms, by kind

Every failure a run ever found is kept below as an explicit example (its seed and number of
injections), so that it is checked in every run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx766
from idx766.model import Severity
from mutation import BASES, Base, Injection, base_document, compare, mutate, render
from seedtext import Block

# the default run: a few examples, the same ones every time (< 30 s); the long run sets the number
EXAMPLES = int(os.environ.get("IDX766_MUTATION_EXAMPLES", "8"))
LOG = os.environ.get("IDX766_MUTATION_LOG")  # a JSON-lines file of every example's outcome


@cache
def _base(name: str) -> tuple[Base, frozenset[tuple[str, str | None]]]:
    """The base document and its own findings (what the mutated one may keep)."""
    base = base_document(name)
    with tempfile.TemporaryDirectory() as tmp:
        found = _findings(base, base.blocks, Path(tmp) / "base.docx")
    return base, frozenset((code, unit) for code, unit, _ in found)


def _findings(base: Base, blocks: Sequence[Block], path: Path) -> list[tuple[str, str | None, str]]:
    records = idx766.parse(render(blocks, base, path))
    return [
        (f.check, f.unit, f.message)
        for f in idx766.check(records)
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


def _describe(injections: Sequence[Injection]) -> str:
    return "; ".join(f"{i.kind} at {i.unit} ({i.detail})" for i in injections)


def check_mutation(name: str, seed: int, count: int) -> None:
    base, baseline = _base(name)
    blocks, injections = mutate(base, seed, count)
    with tempfile.TemporaryDirectory() as tmp:
        found = _findings(base, blocks, Path(tmp) / "mutated.docx")
    outcome = compare(injections, found, set(baseline))
    if LOG:  # the long run's figures: one line per example (tests/mutation.py summarizes)
        missed = {id(i) for i, _ in outcome.missed}
        line = {
            "base": name,
            "seed": seed,
            "injections": [[i.kind, i.unit, id(i) not in missed] for i in injections],
            "extra": [list(e) for e in outcome.extra],
        }
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(line, ensure_ascii=False) + "\n")
    assert outcome.ok, (
        f"{name} seed {seed}: injected {_describe(injections)}; "
        f"missed {[(i.kind, i.unit, code) for i, code in outcome.missed]}; "
        f"extra {outcome.extra}"
    )


@pytest.mark.parametrize("name", BASES)
def test_the_bases_are_consistent(name: str) -> None:
    """The documents the injections start from give no error of their own."""
    _, baseline = _base(name)
    assert not [key for key in baseline if key[0] not in _BASE_WARNINGS]


# the week-21 seed cuts its laggards between two communes tied on 97,32 (a true warning)
_BASE_WARNINGS = {"top-n-cuts-tie"}

_case = st.tuples(st.sampled_from(BASES), st.integers(0, 2**32 - 1), st.integers(1, 4))


@pytest.mark.mutation
@settings(
    max_examples=EXAMPLES,
    database=None,
    derandomize="IDX766_MUTATION_EXAMPLES" not in os.environ,
)
@given(case=_case)
def test_injected_errors_are_found_and_nothing_else(case: tuple[str, int, int]) -> None:
    check_mutation(*case)


# Failures the harness found, each a regression test: (base, seed, number of injections).
REGRESSIONS: list[tuple[str, int, int]] = []


@pytest.mark.parametrize(("name", "seed", "count"), REGRESSIONS)
def test_mutation_regressions(name: str, seed: int, count: int) -> None:
    check_mutation(name, seed, count)
