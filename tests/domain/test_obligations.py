"""The obligations engine: due dates, statuses, repeats, closure and priority changes."""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.events import LONDON, CaseEvent
from casework.domain.obligations import CaseFacts, obligations_for

LOW = CaseFacts(types=("noise",), priority="low", owner_role="officer")
HIGH = CaseFacts(types=("violence",), priority="high", owner_role="officer")


def at(day: str, time: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


def event(kind: str, day: str, time: str = "10:00", **details) -> CaseEvent:
    return CaseEvent(kind, at(day, time), details)


def run(pack, calendar, facts, events, as_of):
    return obligations_for(pack, calendar, facts, events, date.fromisoformat(as_of))


def pick(obligations, obligation_id, occurrence=1):
    return next(o for o in obligations if o.id == obligation_id and o.occurrence == occurrence)


def test_first_contact_counts_working_days_over_christmas(minimal_pack, england):
    # Thu 24 Dec 2026 + 5 WD (low): 25 Fri BH, 28 Mon BH (Boxing Day substitute),
    # 29 Tue(1), 30 Wed(2), 31 Thu(3), 1 Jan Fri BH, 4 Mon(4), 5 Tue(5).
    opened = [event("case.opened", "2026-12-24")]

    contact = pick(run(minimal_pack, england, LOW, opened, "2026-12-31"), "first-contact")

    assert contact.due == date(2027, 1, 5)
    assert contact.status == "open"
    assert contact.owner_role == "officer"


def test_statuses_through_the_life_of_a_deadline(minimal_pack, england):
    # Fri 6 Mar 2026 + 1 WD (high) = Mon 9 Mar.
    opened = [event("case.opened", "2026-03-06", "16:30")]

    def status(as_of, extra=()):
        return pick(run(minimal_pack, england, HIGH, [*opened, *extra], as_of), "first-contact").status

    assert status("2026-03-06") == "open"
    assert status("2026-03-09") == "due-today"
    assert status("2026-03-10") == "overdue"
    assert status("2026-03-10", [event("complainant.contacted", "2026-03-09", "17:59")]) == "met"
    assert status("2026-03-12", [event("complainant.contacted", "2026-03-10", "08:00")]) == "met-late"


def test_an_event_late_in_the_evening_counts_from_its_london_date(minimal_pack, england):
    # 23:30 on Friday 3 Jul 2026 in London is 22:30 UTC: still Friday, so + 1 WD = Monday 6 Jul.
    opened = [CaseEvent("case.opened", datetime(2026, 7, 3, 23, 30, tzinfo=LONDON))]
    assert pick(run(minimal_pack, england, HIGH, opened, "2026-07-03"), "first-contact").due == date(2026, 7, 6)


def test_reviews_repeat_from_each_discharge(minimal_pack, england):
    # Mon 2 Nov 2026 + 10 WD = Mon 16 Nov; reviewed Wed 11 Nov, so the next is due 10 WD later: Wed 25 Nov.
    events = [event("case.opened", "2026-11-02"), event("review.held", "2026-11-11")]

    obligations = run(minimal_pack, england, LOW, events, "2026-11-20")

    first, second = pick(obligations, "review", 1), pick(obligations, "review", 2)
    assert (first.due, first.status, first.met_at) == (date(2026, 11, 16), "met", at("2026-11-11"))
    assert (second.started, second.due, second.status) == (
        date(2026, 11, 11),
        date(2026, 11, 25),
        "open",
    )


def test_closing_the_case_lapses_what_was_not_yet_due_and_keeps_what_was_missed(minimal_pack, england):
    events = [
        event("case.opened", "2026-11-02"),
        event("complainant.contacted", "2026-11-12"),  # due 9 Nov (5 WD): met late
        event("case.closed", "2026-11-20"),  # review due 16 Nov was already missed
    ]
    obligations = run(minimal_pack, england, LOW, events, "2026-12-31")

    assert pick(obligations, "first-contact").status == "met-late"
    assert pick(obligations, "review").status == "overdue"
    assert len([o for o in obligations if o.id == "review"]) == 1

    closed_early = [event("case.opened", "2026-11-02"), event("case.closed", "2026-11-05")]
    assert pick(run(minimal_pack, england, LOW, closed_early, "2026-12-31"), "review").status == "not-applicable"


def test_raising_the_priority_makes_contact_due_no_earlier_than_the_change(minimal_pack, england):
    # Opened Mon 2 Nov low (due 9 Nov); raised to high Thu 5 Nov. High would be due Tue 3 Nov,
    # which has passed: the rule makes it due on the day of the change instead.
    events = [
        event("case.opened", "2026-11-02"),
        event("priority.changed", "2026-11-05", priority="high"),
    ]

    contact = pick(run(minimal_pack, england, LOW, events, "2026-11-05"), "first-contact")

    assert (contact.due, contact.status) == (date(2026, 11, 5), "due-today")


def test_lowering_the_priority_gives_the_longer_period_from_the_original_start(minimal_pack, england):
    events = [
        event("case.opened", "2026-11-02"),
        event("priority.changed", "2026-11-02", "12:00", priority="low"),
    ]

    assert pick(run(minimal_pack, england, HIGH, events, "2026-11-03"), "first-contact").due == date(2026, 11, 9)


def test_a_met_obligation_is_not_rederived_by_a_later_change(minimal_pack, england):
    events = [
        event("case.opened", "2026-11-02"),
        event("complainant.contacted", "2026-11-06"),  # within low's 5 WD (9 Nov)
        event("priority.changed", "2026-11-10", priority="high"),
    ]
    assert pick(run(minimal_pack, england, LOW, events, "2026-11-11"), "first-contact").status == "met"


def test_events_after_the_as_of_date_are_ignored(minimal_pack, england):
    events = [event("case.opened", "2026-11-02"), event("complainant.contacted", "2026-11-20")]

    assert pick(run(minimal_pack, england, LOW, events, "2026-11-10"), "first-contact").status == "overdue"


# -- properties -----------------------------------------------------------------------------------

days = st.dates(min_value=date(2016, 1, 1), max_value=date(2034, 6, 30))
times = st.times()
unrelated_kinds = st.sampled_from(["incident.reported", "diary.sent", "case-conference.held", "survey.sent"])


def _opened(day: date, time) -> CaseEvent:
    return CaseEvent("case.opened", datetime.combine(day, time, tzinfo=LONDON))


@settings(max_examples=150)
@given(day=days, time=times, priority=st.sampled_from(["high", "low"]))
def test_working_day_deadlines_never_fall_on_a_non_working_day(minimal_pack, england, day, time, priority):
    facts = CaseFacts(types=("noise",), priority=priority, owner_role="officer")
    for obligation in obligations_for(minimal_pack, england, facts, [_opened(day, time)], day):
        assert england.is_working_day(obligation.due)
        assert obligation.due > day


@settings(max_examples=150)
@given(day=days, time=times, kind=unrelated_kinds, offset=st.integers(0, 60))
def test_an_unrelated_event_changes_nothing(minimal_pack, england, day, time, kind, offset):
    opened = _opened(day, time)
    as_of = day + timedelta(days=90)
    unrelated = CaseEvent(kind, opened.at + timedelta(days=offset))

    before = obligations_for(minimal_pack, england, LOW, [opened], as_of)
    after = obligations_for(minimal_pack, england, LOW, [opened, unrelated], as_of)

    assert before == after


@settings(max_examples=150)
@given(day=days, time=times, early=st.integers(0, 5))
def test_an_on_time_discharge_is_never_reported_late(minimal_pack, england, day, time, early):
    opened = _opened(day, time)
    due = england.add_working_days(day, 5)
    met_on = max(day, due - timedelta(days=early))
    contacted = CaseEvent("complainant.contacted", max(opened.at, datetime.combine(met_on, time, tzinfo=LONDON)))

    contact = pick(
        obligations_for(minimal_pack, england, LOW, [opened, contacted], due + timedelta(days=30)),
        "first-contact",
    )

    assert contact.status == "met"


def test_an_hours_period_is_due_at_a_moment(minimal_pack, england):
    from casework.domain.packs.schema import Period

    rule = minimal_pack.obligations[0].model_copy(update={"period": Period(hours=24), "period_by_priority": {}})
    pack = minimal_pack.model_copy(update={"obligations": [rule]})
    opened = event("case.opened", "2026-11-06", "16:00")  # a Friday: hours ignore working days

    open_ = pick(run(pack, england, LOW, [opened], "2026-11-07"), "first-contact")
    met_late = pick(
        run(pack, england, LOW, [opened, event("complainant.contacted", "2026-11-07", "16:01")], "2026-11-07"),
        "first-contact",
    )

    assert (open_.due, open_.status) == (at("2026-11-07", "16:00"), "due-today")
    assert met_late.status == "met-late"


def test_a_reopened_case_owes_its_opening_duties_again(minimal_pack, england):
    events = [
        event("case.opened", "2026-11-02"),
        event("complainant.contacted", "2026-11-03"),
        event("closure.agreed", "2026-11-04"),
        event("case.closed", "2026-11-04"),
        event("case.reopened", "2026-11-09"),
    ]

    contacts = [o for o in run(minimal_pack, england, LOW, events, "2026-11-09") if o.id == "first-contact"]

    assert [(o.status, o.started) for o in contacts] == [("met", date(2026, 11, 2)), ("open", date(2026, 11, 9))]
