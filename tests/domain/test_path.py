"""The case path: current stage by replaying events, and next steps with the reasons they are blocked."""

from datetime import datetime

from casework.domain.events import LONDON, CaseEvent
from casework.domain.path import current_stage, next_steps


def event(kind: str, day: int) -> CaseEvent:
    return CaseEvent(kind, datetime(2026, 11, day, 10, tzinfo=LONDON))


def low(_event):
    return "low"


def test_a_new_case_is_in_the_initial_stage(minimal_pack):
    assert current_stage(minimal_pack, [event("case.opened", 2)], low) == "open"


def test_closing_is_blocked_until_the_manager_agrees(minimal_pack):
    events = [event("case.opened", 2)]

    (close,) = next_steps(minimal_pack, "open", events, "low")

    assert (close.step, close.allowed, close.reason) == ("close", False, "The manager must agree closure")

    (close,) = next_steps(minimal_pack, "open", [*events, event("closure.agreed", 3)], "low")
    assert close.allowed
    assert close.reason is None


def test_the_event_of_a_step_moves_the_case_along(minimal_pack):
    events = [event("case.opened", 2), event("closure.agreed", 3), event("case.closed", 4)]

    assert current_stage(minimal_pack, events, low) == "closed"
    assert next_steps(minimal_pack, "closed", events, "low") == []


def test_events_that_take_no_step_leave_the_stage_alone(minimal_pack):
    events = [event("case.opened", 2), event("review.held", 3), event("incident.reported", 4)]

    assert current_stage(minimal_pack, events, low) == "open"


def test_reopening_a_closed_case_without_a_pack_step_returns_it_to_the_initial_stage(minimal_pack):
    closed = [event("case.opened", 2), event("closure.agreed", 3), event("case.closed", 4)]
    assert current_stage(minimal_pack, closed, low) == "closed"

    assert current_stage(minimal_pack, [*closed, event("case.reopened", 5)], low) == "open"
