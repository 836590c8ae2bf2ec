"""Run every bench/bench_*.py module and write bench/RESULTS.md.

Usage: python -m bench [name-fragment]
"""

from __future__ import annotations

import importlib
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import Benchmark, Result, measure

HERE = Path(__file__).resolve().parent


def _benchmarks(fragment: str) -> list[Benchmark]:
    found: list[Benchmark] = []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        found.extend(b for b in module.BENCHMARKS if fragment.lower() in b.name.lower())
    return found


def _write_results(results: list[Result]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`). Each row is timed after one warm-up run;",
        "p95 is compared with the target. Targets come from the issues that set them.",
        "",
        f"- run at: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "",
        "| benchmark | runs | median ms | p95 ms | target ms | met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.repeat} | {r.median_ms:.3f} | {r.p95_ms:.3f} | {r.target_ms:g} |"
            f" {'yes' if r.passed else '**no**'} |"
        )
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    fragment = sys.argv[1] if len(sys.argv) > 1 else ""
    results = []
    for benchmark in _benchmarks(fragment):
        result = measure(benchmark)
        results.append(result)
        print(
            f"{'ok  ' if result.passed else 'SLOW'} {result.name}: p95 {result.p95_ms:.3f} ms"
            f" (target {result.target_ms:g} ms)"
        )
    if not fragment:
        _write_results(results)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
