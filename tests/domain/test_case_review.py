"""ASB Case Review eligibility: incidents in a look-back window, with the high-risk override."""

from datetime import date, datetime

from casework.domain.case_review import case_review_eligibility
from casework.domain.events import LONDON, CaseEvent


def incident(day: str, kind: str = "incident.reported") -> CaseEvent:
    return CaseEvent(kind, datetime.fromisoformat(day).replace(hour=12, tzinfo=LONDON))


def test_three_incidents_within_six_months_meet_the_threshold(minimal_pack, england):
    events = [incident("2026-05-22", "case.opened"), incident("2026-08-01"), incident("2026-11-20")]

    result = case_review_eligibility(minimal_pack, england, events, date(2026, 11, 21))

    assert result.eligible
    assert result.incidents_in_window == 3
    assert result.reason == "3 incidents reported in the 6 months to 2026-11-21 (threshold 3)."


def test_the_window_looks_back_six_calendar_months_from_the_day_asked(minimal_pack, england):
    # Six months before 21 Nov is 21 May: the window is 22 May to 21 Nov, so 21 May falls outside.
    events = [incident("2026-05-21", "case.opened"), incident("2026-08-01"), incident("2026-11-20")]

    result = case_review_eligibility(minimal_pack, england, events, date(2026, 11, 21))

    assert not result.eligible
    assert result.reason == "2 of 3 incidents reported in the 6 months to 2026-11-21."


def test_high_risk_qualifies_only_where_the_pack_says_so(minimal_pack, england):
    events = [incident("2026-11-01", "case.opened")]

    assert not case_review_eligibility(minimal_pack, england, events, date(2026, 11, 21), high_risk=True).eligible

    overriding = minimal_pack.model_copy(
        update={"case_review": minimal_pack.case_review.model_copy(update={"high_risk_override": True})}
    )
    result = case_review_eligibility(overriding, england, events, date(2026, 11, 21), high_risk=True)
    assert result.eligible
    assert "high risk" in result.reason


def test_a_pack_without_a_threshold_says_the_local_one_applies(minimal_pack, england):
    silent = minimal_pack.model_copy(update={"case_review": None})

    result = case_review_eligibility(silent, england, [incident("2026-11-01", "case.opened")], date(2026, 11, 21))

    assert not result.eligible
    assert "local partnership" in result.reason


def test_a_diary_incident_counts_once_not_again_for_the_sheet(minimal_pack, england):
    # Recording a diary sheet's incident appends incident.reported and diary.returned together.
    events = [incident("2026-11-01", "case.opened"), incident("2026-11-02"), incident("2026-11-02", "diary.returned")]

    result = case_review_eligibility(minimal_pack, england, events, date(2026, 11, 21))

    assert result.incidents_in_window == 2
    assert not result.eligible
