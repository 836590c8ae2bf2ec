"""Two people changing the same case at once, in two real PostgreSQL transactions.

Each thread has its own database connection. `locked_case` takes the case row with SELECT … FOR UPDATE,
so the second writer waits for the first to commit, then sees the raised version and is refused with a
Conflict: nothing is overwritten. SQLite has no row locks and serialises writers itself, so these tests
run on PostgreSQL only (CI runs the suite on both).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection, transaction

from casework.cases import services
from casework.errors import Conflict
from tests.cases.helpers import open_case, reload
from tests.factories import another_report

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT … FOR UPDATE); SQLite serialises writers itself",
    ),
    pytest.mark.django_db(transaction=True),
]


def in_threads(*work: Callable[[], Any]) -> list[Any]:
    """Run each callable in its own thread with its own connection; each result, or the error it raised."""
    results: list[Any] = [None] * len(work)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            results[index] = job()
        except Exception as error:  # handed back to the test to assert on
            results[index] = error
        finally:
            connection.close()  # this thread's connection, so the test database can be flushed

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    close_old_connections()
    return results


def test_two_writers_with_the_same_version_one_wins_one_conflicts(people):
    case = open_case(people.contact_centre, owner=people.officer)
    version = reload(case).version
    barrier = threading.Barrier(2, timeout=10)

    def change(actor, priority):
        def job():
            barrier.wait()
            return services.case_priority_change(
                actor=actor, case=case.reference, priority=priority, reason="Both at once", version=version
            )

        return job

    results = in_threads(change(people.officer, "high"), change(people.manager, "low"))

    conflicts = [r for r in results if isinstance(r, Conflict)]
    winners = [r for r in results if not isinstance(r, Exception)]
    assert (len(winners), len(conflicts)) == (1, 1), results
    changes = list(case.events.filter(verb="priority.changed"))
    assert len(changes) == 1
    case = reload(case)
    assert case.version == version + 1
    assert case.priority == changes[0].payload["priority"] == winners[0].priority


def test_the_second_writer_waits_for_the_first_then_sees_the_new_version(people):
    case = open_case(people.contact_centre, owner=people.officer)
    version = reload(case).version
    first_holds_the_lock = threading.Barrier(2, timeout=10)
    held_for = 0.5

    def first():
        with transaction.atomic():
            services.case_acknowledge(actor=people.officer, case=case.reference, method="phone", version=version)
            first_holds_the_lock.wait()
            time.sleep(held_for)  # still uncommitted: the second writer must wait here
        return "committed"

    def second():
        first_holds_the_lock.wait()
        started = time.monotonic()
        try:
            services.contact_record(
                actor=people.manager, case=case.reference, method="phone", outcome="made", version=version
            )
        except Conflict as conflict:
            return conflict, time.monotonic() - started
        return "written", time.monotonic() - started

    committed, (outcome, waited) = in_threads(first, second)

    assert committed == "committed"
    assert isinstance(outcome, Conflict), outcome
    assert f"it is now {version + 1}" in outcome.message
    assert waited >= held_for * 0.8
    assert list(case.events.order_by("id").values_list("verb", flat=True))[-1] == "acknowledged"
    assert not case.events.filter(verb="complainant.contacted").exists()
    assert reload(case).version == version + 1


def test_cases_opened_at_the_same_moment_get_consecutive_references(people):
    first = open_case(people.contact_centre, owner=people.officer)
    barrier = threading.Barrier(2, timeout=10)

    def open_one():
        barrier.wait()
        return services.case_open(actor=people.contact_centre, report=another_report(owner_id=people.officer.pk))

    results = in_threads(open_one, open_one)

    assert not [r for r in results if isinstance(r, Exception)], results
    year, number = first.reference.rsplit("-", 1)[0], int(first.reference.rsplit("-", 1)[1])
    assert sorted(r.reference for r in results) == [f"{year}-{number + 1:06d}", f"{year}-{number + 2:06d}"]


def test_the_first_case_of_a_year_opened_twice_at_once_gets_both_numbers(people):
    # No counter row for the year yet: both transactions try to create it.
    barrier = threading.Barrier(2, timeout=10)

    def open_one():
        barrier.wait()
        return services.case_open(actor=people.contact_centre, report=another_report(owner_id=people.officer.pk))

    results = in_threads(open_one, open_one)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(int(r.reference[-6:]) for r in results) == [1, 2]
