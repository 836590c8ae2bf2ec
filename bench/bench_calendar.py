"""Working-day arithmetic is on every deadline of every list: it must cost microseconds."""

from datetime import date

from bench.harness import Benchmark
from casework.domain.calendar import calendar_for

_ENGLAND = calendar_for("england-and-wales")
_STARTS = [date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + i) for i in range(0, 700, 7)]


def _thousand_deadlines() -> None:
    for start in _STARTS:
        for n in (1, 5, 10, 20, 28, 40, 60, 80, 90, 100):
            _ENGLAND.add_working_days(start, n)


def _thousand_spans() -> None:
    for start in _STARTS:
        for end in _STARTS[::10]:
            _ENGLAND.working_days_between(start, end)


BENCHMARKS = [
    Benchmark("calendar: 1,000 add_working_days (n up to 100)", _thousand_deadlines, target_ms=10.0),
    Benchmark(
        "calendar: 1,000 working_days_between (up to 2 years apart)",
        _thousand_spans,
        target_ms=10.0,
    ),
]
