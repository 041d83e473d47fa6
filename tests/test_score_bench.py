"""The what-if benchmark's two sides agree on a small panel (its answer is compared at full size
when it runs; here it is only checked that the comparison holds, not timed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench_whatif.py"


@pytest.mark.parametrize(("lever", "change"), [("ho-so-dung-han", 50), ("pakn-dung-han", 3)])
def test_whatif_each_equals_the_per_unit_loop(lever: str, change: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_whatif", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_whatif"] = bench
    spec.loader.exec_module(bench)
    frame = bench.synthetic(400)
    ours = bench.with_idx766(frame, lever, change)
    assert len(ours) == 400
    assert ours == bench.with_python(frame.to_dicts(), lever, change)
