"""Run every bench/bench_*.py module and write bench/RESULTS.md.

Usage: python -m bench [name-fragment]

The reports on a large organisation (bench_reports.py) run in a process of their own, and only when
BENCH_LARGE_DATABASE_URL names a database made by `python -m bench.large_org`; their section of RESULTS.md
is kept when the rest is rewritten.
"""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.bench_reports import DATABASE_ENV, SECTION
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
    path = HERE / "RESULTS.md"
    kept = path.read_text().split("\n" + SECTION, 1) if path.exists() else []
    large = "\n" + SECTION + kept[1] if len(kept) == 2 else ""
    path.write_text("\n".join(lines) + "\n" + large)


def _reports_on_a_large_organisation() -> bool:
    """Run bench_reports in its own process (its own Django set-up); skipped unless a large database is set."""
    if not os.environ.get(DATABASE_ENV):
        print(f"skip reports on a large organisation: set {DATABASE_ENV} (see bench/large_org.py)")
        return True
    return subprocess.run([sys.executable, "-m", "bench.bench_reports"], check=False).returncode == 0


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
    large_passed = _reports_on_a_large_organisation() if fragment.lower() in "reports on a large organisation" else True
    return 0 if all(r.passed for r in results) and large_passed else 1


if __name__ == "__main__":
    sys.exit(main())
