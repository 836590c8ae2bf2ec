"""NM01's counting rule on plain values: which cases opened in a year are new cases."""

from datetime import datetime

from casework.domain.events import LONDON
from casework.domain.regulatory import CaseToCount, nm01_decisions, per_thousand_homes

START = datetime(2025, 4, 1, tzinfo=LONDON)
END = datetime(2026, 4, 1, tzinfo=LONDON)


def at(month: int, day: int, year: int = 2025) -> datetime:
    return datetime(year, month, day, 12, tzinfo=LONDON)


def case(ref, opened, closed=None, about=(), **kw):
    return CaseToCount(ref, opened, closed, frozenset(about), **kw)


def decided(cases):
    return {d.reference: (d.counted, d.counted_with) for d in nm01_decisions(cases, START, END)}


def test_a_case_about_someone_new_counts():
    assert decided([case("A", at(5, 1), about={"smith"})]) == {"A": (True, None)}


def test_a_further_report_about_the_same_person_while_their_case_is_open_is_not_a_new_case():
    cases = [case("A", at(5, 1), about={"smith"}), case("B", at(6, 1), about={"smith", "jones"})]
    assert decided(cases) == {"A": (True, None), "B": (False, "A")}


def test_a_report_after_the_case_closed_is_a_new_case():
    cases = [case("A", at(5, 1), at(5, 20), about={"smith"}), case("B", at(6, 1), about={"smith"})]
    assert decided(cases) == {"A": (True, None), "B": (True, None)}


def test_a_case_opened_before_the_year_and_still_open_absorbs_reports_in_the_year():
    cases = [case("OLD", at(3, 1), about={"smith"}), case("B", at(4, 2), about={"smith"})]
    assert decided(cases) == {"B": (False, "OLD")}


def test_cases_outside_the_year_are_not_decided():
    cases = [case("BEFORE", at(3, 31, 2025)), case("AFTER", at(4, 1, 2026))]
    assert decided(cases) == {}


def test_a_duplicate_is_never_a_new_case():
    cases = [case("A", at(5, 1)), case("B", at(5, 2), duplicate_of="A")]
    assert decided(cases) == {"A": (True, None), "B": (False, "A")}


def test_cases_about_nobody_known_always_count():
    cases = [case("A", at(5, 1)), case("B", at(5, 2))]
    assert decided(cases) == {"A": (True, None), "B": (True, None)}


def test_the_reason_is_written_for_an_auditor():
    decision = nm01_decisions([case("A", at(5, 1), about={"x"}), case("B", at(5, 2), about={"x"})], START, END)[1]
    assert decision.reason == "a further report about the same person while A was open"


def test_per_thousand_homes():
    assert per_thousand_homes(37, 12_000) == 3.08
    assert per_thousand_homes(5, 0) is None
