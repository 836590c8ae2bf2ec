"""Every benchmark still runs (once, untimed): the numbers live in bench/RESULTS.md, not in tests."""

import pytest

from bench.__main__ import _benchmarks


@pytest.mark.parametrize("benchmark", _benchmarks(""), ids=lambda b: b.name)
def test_benchmark_runs(benchmark):
    benchmark.run()
