"""Tenant Satisfaction Measures against a hand count, and NM01's query against the domain's counting rule."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from casework.cases.choices import LinkKind, PartyRole
from casework.cases.models import Case, CaseLink, SurveyResponse
from casework.domain.events import LONDON
from casework.domain.regulatory import CaseToCount, nm01_decisions
from casework.reports import tsm
from casework.reports.params import parse
from casework.reports.scope import Scope
from tests.reports.builders import address, case, day, party

PERP = PartyRole.ALLEGED_PERPETRATOR
AS_OF = date(2026, 5, 10)


def build(user, year=2025):
    return tsm.build(Scope(user=user, as_of=AS_OF), parse({"year": str(year)}, as_of=AS_OF))


def figures(report, key):
    return [dict(row) for row in report.table(key).rows]


@pytest.fixture
def year(people):
    """Reporting year 2025/26 for 12,000 homes (the org fixture). Hand count:

    A  opened 2 May 2025 about Smith (12 Elm Road), open              -> new case
    B  opened 1 Jun 2025 about Smith at the same address, A open      -> not new (with A)
    C  opened 1 Jul 2025 about Jones, hate, closed 1 Aug              -> new case, hate
    D  opened 1 Sep 2025 about Jones again, after C closed            -> new case
    E  opened 2 Sep 2025, a duplicate of D                            -> not new (duplicate of D)
    F  opened 3 Mar 2025 (year before) about Brown, still open
    G  opened 4 Apr 2025 about Brown, F open                          -> not new (with F)
    H  opened 5 Apr 2026 (next year)                                  -> outside the year
    I  opened 6 Jan 2026, hate, about nobody named                    -> new case, hate
    So: 9 cases, 7 in the year (A B C D E G I), 4 counted (A, C, D, I), 2 hate (C, I), 1 duplicate, 2 absorbed.
    """
    by = people.officer
    elm = address("12 Elm Road", "ZZ1 1AA")
    oak = address("3 Oak Lane", "ZZ2 2BB")
    made = {}
    for ref, opened, closed, hate in [
        ("A", day(2025, 5, 2), None, False),
        ("B", day(2025, 6, 1), None, False),
        ("C", day(2025, 7, 1), day(2025, 8, 1), True),
        ("D", day(2025, 9, 1), None, False),
        ("E", day(2025, 9, 2), None, False),
        ("F", day(2025, 3, 3), None, False),
        ("G", day(2025, 4, 4), None, False),
        ("H", day(2026, 4, 5), None, False),
        ("I", day(2026, 1, 6), None, True),
    ]:
        made[ref] = case(reference=ref, opened=opened, closed=closed, hate=hate, owner=by, created_by=by)
    party(made["A"], PERP, "John Smith", home=elm)
    party(made["B"], PERP, "john  SMITH", home=elm)
    party(made["C"], PERP, "Kim Jones", home=oak)
    party(made["D"], PERP, "Kim Jones", home=oak)
    party(made["F"], PERP, "Sam Brown", email="sam@example.org")
    party(made["G"], PERP, "Sam Brown", email="SAM@example.org")
    party(made["A"], PartyRole.COMPLAINANT, "Ann Lee", home=oak)
    CaseLink.objects.create(from_case=made["E"], to_case=made["D"], kind=LinkKind.DUPLICATE, linked_by=by)
    return made


def test_nm01_matches_the_hand_count(people, year):
    report = build(people.admin)
    assert figures(report, "nm01") == [
        {"measure": "NM01 (1): ASB cases opened", "cases": 4, "homes": 12000, "figure": 0.33},
        {"measure": "NM01 (2): ASB cases involving hate incidents opened", "cases": 2, "homes": 12000, "figure": 0.17},
    ]
    assert [row["cases"] for row in figures(report, "nm01-counting")] == [7, 2, 1, 4]


def test_every_case_not_counted_is_listed_with_its_reason(people, year):
    rows = figures(build(people.admin), "nm01-decisions")
    assert [(str(r["case"]), r["reason"], str(r["counted_with"])) for r in rows] == [
        ("G", "A further report about the same person while F was open", "F"),
        ("B", "A further report about the same person while A was open", "A"),
        ("E", "Recorded as a duplicate of D", "D"),
    ]


def test_cases_opened_each_month(people, year):
    months = {r["month"]: (r["opened"], r["counted"]) for r in figures(build(people.admin), "nm01-months")}
    assert len(months) == 12
    assert months["April 2025"] == (1, 0)
    assert months["September 2025"] == (2, 1)
    assert months["January 2026"] == (1, 1)
    assert months["March 2026"] == (0, 0)


def test_tp12_counts_satisfied_answers_in_the_year(people, year):
    for answer, when in [
        ("very-satisfied", day(2025, 8, 10)),
        ("fairly-satisfied", day(2025, 9, 1)),
        ("neither", day(2025, 10, 1)),
        ("very-dissatisfied", day(2026, 2, 1)),
        ("very-satisfied", day(2026, 4, 2)),  # next reporting year
    ]:
        SurveyResponse.objects.create(
            case=year["C"], satisfaction=answer, source="paper", received_at=when, recorded_at=when
        )
    table = build(people.admin).table("tp12")
    assert {r["answer"]: r["responses"] for r in table.rows} == {
        "Very satisfied": 1,
        "Fairly satisfied": 1,
        "Neither satisfied nor dissatisfied": 1,
        "Fairly dissatisfied": 0,
        "Very dissatisfied": 1,
    }
    assert table.totals[0]["responses"] == 2
    assert table.totals[0]["share"] == 50.0
    assert table.totals[1]["responses"] == 4


def test_a_manager_sees_figures_for_their_teams_only_and_is_told_so(people, year):
    Case.objects.filter(reference__in=["C", "D"]).update(team=people.other_team)
    report = build(people.manager)
    assert figures(report, "nm01")[0]["cases"] == 2  # A and I; C and D belong to South
    assert any("only the cases you can see" in note for note in report.notes)
    assert not build(people.admin).notes


def test_no_homes_set_gives_no_rate(people, year, org):
    org.homes = 0
    org.save()
    report = build(people.admin)
    assert figures(report, "nm01")[0]["figure"] is None
    assert any("number of homes is not set" in note for note in report.notes)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_query_agrees_with_the_domain_rule_on_random_cases(people, seed):
    """Random cases about a few people, some closed, some duplicates: the SQL and the rule must agree."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    by = people.officer
    homes = [address(f"{n} Birch Way", "ZZ3 3CC") for n in range(3)]
    names = ["Ash", "Bay", "Cole", "Dunn"]
    specs = []
    start = day(2025, 1, 1)
    for n in range(40):
        opened = start + timedelta(days=rng.randrange(0, 600), hours=rng.randrange(0, 8))
        closed = opened + timedelta(days=rng.randrange(1, 120)) if rng.random() < 0.6 else None
        made = case(reference=f"R{n:03d}", opened=opened, closed=closed, owner=by, created_by=by)
        about = set()
        for _ in range(rng.choice([0, 1, 1, 2])):
            name, home = rng.choice(names), rng.choice(homes)
            party(made, PERP, name, home=home)
            about.add(f"{name.casefold()}|a{home.pk}")
        duplicate_of = None
        if specs and rng.random() < 0.1:
            duplicate_of = rng.choice(specs).reference
            CaseLink.objects.create(
                from_case=made, to_case=Case.objects.get(reference=duplicate_of), kind=LinkKind.DUPLICATE, linked_by=by
            )
        specs.append(CaseToCount(made.reference, opened, closed, frozenset(about), duplicate_of=duplicate_of))
    period = parse({"year": "2025"}, as_of=AS_OF).year_period
    expected = nm01_decisions(specs, period.starts_at, period.ends_before)
    rows = {
        c.reference: not (c.duplicate or c.absorbed)
        for c in tsm.counted_cases(Scope(user=people.admin, as_of=AS_OF), period)
    }
    assert rows == {d.reference: d.counted for d in expected}
    listed = {str(r["case"]): str(r["counted_with"]) for r in figures(build(people.admin), "nm01-decisions")}
    assert listed == {d.reference: d.counted_with for d in expected if not d.counted}


def test_the_counting_rule_uses_london_days(people):
    # Opened at 00:30 on 1 April 2025 London time (23:30 UTC on 31 March): inside the 2025 year.
    from datetime import datetime

    by = people.officer
    case(reference="EDGE", opened=datetime(2025, 4, 1, 0, 30, tzinfo=LONDON), owner=by, created_by=by)
    assert figures(build(people.admin), "nm01")[0]["cases"] == 1
