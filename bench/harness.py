"""A small benchmark harness: time a callable repeatedly and compare its p95 with a target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[], object]
    target_ms: float
    repeat: int = 200
    setup: Callable[[], object] | None = None
    #: Needs Django and a database with demo data (set up by `setup`); the test suite runs it separately.
    database: bool = False


@dataclass(frozen=True)
class Result:
    name: str
    repeat: int
    median_ms: float
    p95_ms: float
    target_ms: float

    @property
    def passed(self) -> bool:
        return self.p95_ms <= self.target_ms


def measure(benchmark: Benchmark) -> Result:
    if benchmark.setup is not None:
        benchmark.setup()
    benchmark.run()  # warm caches and imports, as a long-running server would have
    timings: list[float] = []
    for _ in range(benchmark.repeat):
        start = time.perf_counter()
        benchmark.run()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(benchmark.name, benchmark.repeat, statistics.median(timings), p95, benchmark.target_ms)
