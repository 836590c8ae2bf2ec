"""Every benchmark still runs (once, untimed): the numbers live in bench/RESULTS.md, not in tests."""

import pytest

from bench import bench_pages
from bench.__main__ import _benchmarks


@pytest.mark.parametrize("benchmark", [b for b in _benchmarks("") if not b.database], ids=lambda b: b.name)
def test_benchmark_runs(benchmark):
    benchmark.run()


@pytest.mark.django_db
@pytest.mark.parametrize("benchmark", [b for b in _benchmarks("") if b.database], ids=lambda b: b.name)
def test_page_benchmark_runs_on_a_small_demo(benchmark, settings, monkeypatch):
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    monkeypatch.setattr(bench_pages, "_pages", None)
    bench_pages.prepare(cases=12)
    benchmark.run()
