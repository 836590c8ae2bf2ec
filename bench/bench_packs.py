"""Policy packs: loading and validating every built-in pack, and simulating a year-long case.

Targets (policy packs issue): all packs under 200 ms; one simulation of a year with 200 events under 5 ms.
"""

from datetime import date, datetime, timedelta

from bench.harness import Benchmark
from casework.domain.events import LONDON
from casework.domain.packs import builtin_pack
from casework.domain.packs.loader import BUILTIN_PACKS_DIR, PACK_FILE, builtin_pack_ids, parse_pack
from casework.domain.simulator import parse_scenario, simulate

_TEXTS = {pack_id: (BUILTIN_PACKS_DIR / pack_id / PACK_FILE).read_text() for pack_id in builtin_pack_ids()}


def _load_all_packs() -> None:
    for pack_id, text in _TEXTS.items():
        parse_pack(text, pack_id)


def _year_long_case() -> dict:
    """A medium case over a year: fortnightly reviews, contacts, incidents, diaries, then closure."""
    start = datetime(2026, 1, 5, 9, 30, tzinfo=LONDON)
    kinds = [
        "review.held",
        "complainant.contacted",
        "incident.reported",
        "complainant.updated",
        "diary.sent",
        "diary.returned",
        "manager-review.held",
        "complainant.contact-attempted",
    ]
    events = [{"kind": "acknowledged", "at": (start + timedelta(hours=2)).isoformat()}]
    events += [
        {"kind": kinds[i % len(kinds)], "at": (start + timedelta(days=1 + i * 359 / 199, hours=i % 7)).isoformat()}
        for i in range(198)
    ]
    events.append({"kind": "case.closed", "at": (start + timedelta(days=362)).isoformat()})
    pack = builtin_pack("co-op-homes")
    medium_type = next(t for t in pack.types if t.priority == "medium" or "medium" in t.priority_choices)
    return {
        "received": start.isoformat(),
        "report": {"types": [medium_type.id]},
        "priority": "medium" if medium_type.priority_choices else None,
        "events": events,
    }


_PACK = builtin_pack("co-op-homes")
_SCENARIO = parse_scenario(_year_long_case())


def _simulate_year() -> None:
    simulate(_PACK, _SCENARIO, date(2027, 1, 31))


BENCHMARKS = [
    Benchmark("packs: load and validate all five built-in packs", _load_all_packs, target_ms=200.0, repeat=30),
    Benchmark("simulate: a year-long Co-op Homes case with 200 events", _simulate_year, target_ms=5.0, repeat=200),
]
