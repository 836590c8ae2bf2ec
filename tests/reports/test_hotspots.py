"""Hot spots and repeats against a hand count."""

from __future__ import annotations

from datetime import date

import pytest

from casework.cases.choices import PartyRole
from casework.reports import hotspots
from casework.reports.params import parse
from casework.reports.scope import Scope
from tests.reports.builders import address, case, day, incident, party

AS_OF = date(2026, 6, 30)
PERIOD = {"from": "2026-04-01", "to": "2026-06-30"}  # previous period: 31 Dec 2025 to 31 Mar 2026


def build(user, query=PERIOD):
    return hotspots.build(Scope(user=user, as_of=AS_OF), parse(query, as_of=AS_OF))


def rows(report, key):
    return {r["place"]: r for r in report.table(key).rows}


@pytest.fixture
def place(people):
    """Hand count, period 1 Apr to 30 Jun 2026 against 31 Dec 2025 to 31 Mar 2026:

    Elm estate, ward Castle, ZZ1: 12 Elm Road has cases P1 (Apr), P2 (May), P3 (Jun) and X (Feb, previous)
    Oak estate, ward Castle, ZZ2: 3 Oak Lane has case O1 (Jan, previous) and O2 (Mar, previous)
    No address: case N (May)
    Incidents: P1 has 2 in the period; O1 has 1 in the period and 1 in the previous one; N has 1.
    """
    by = people.officer
    elm = address("12 Elm Road", "zz11aa", estate="Elm", area="West", ward="Castle")
    oak = address("3 Oak Lane", "ZZ2 2BB", estate="Oak", area="West", ward="Castle")
    made = {}
    for ref, opened, where in [
        ("P1", day(2026, 4, 2), elm),
        ("P2", day(2026, 5, 2), elm),
        ("P3", day(2026, 6, 2), elm),
        ("X", day(2026, 2, 2), elm),
        ("O1", day(2026, 1, 5), oak),
        ("O2", day(2026, 3, 5), oak),
        ("N", day(2026, 5, 9), None),
    ]:
        made[ref] = case(reference=ref, opened=opened, at=where, owner=by, created_by=by)
    incident(made["P1"], day(2026, 4, 3), by=by)
    incident(made["P1"], day(2026, 4, 20), by=by)
    incident(made["O1"], day(2026, 1, 6), by=by)
    incident(made["O1"], day(2026, 4, 6), by=by)
    incident(made["N"], day(2026, 5, 10), by=by)
    return made


def test_by_estate_against_the_previous_period(people, place):
    estates = rows(build(people.admin), "by-estate")
    assert list(estates) == ["Elm", "Oak", "Not recorded"]
    assert {k: estates["Elm"][k] for k in ("cases", "cases_before", "cases_change", "incidents")} == {
        "cases": 3,
        "cases_before": 1,
        "cases_change": "+2",
        "incidents": 2,
    }
    assert estates["Oak"]["cases"] == 0
    assert estates["Oak"]["cases_before"] == 2
    assert estates["Oak"]["cases_change"] == "−2"
    assert estates["Oak"]["incidents"] == 1
    assert estates["Oak"]["incidents_before"] == 1
    assert estates["Oak"]["incidents_change"] == "No change"
    assert estates["Not recorded"]["cases"] == 1


def test_totals_and_other_breakdowns(people, place):
    report = build(people.admin)
    assert report.table("by-estate").totals[0]["cases"] == 4
    assert report.table("by-estate").totals[0]["cases_before"] == 3
    assert report.table("by-estate").totals[0]["incidents"] == 4
    assert rows(report, "by-ward")["Castle"]["cases"] == 3
    assert rows(report, "by-ward")["Castle"]["cases_before"] == 3
    assert rows(report, "by-area")["West"]["cases"] == 3
    districts = rows(report, "by-postcode-district")
    assert districts["ZZ1"]["cases"] == 3
    assert districts["ZZ2"]["cases_before"] == 2


def test_repeat_locations_link_to_their_cases(people, place):
    (row,) = build(people.admin).table("repeat-locations").rows
    assert row["place"] == "12 Elm Road, ZZ1 1AA"
    assert row["cases"] == 3
    assert row["incidents"] == 2
    assert [link.reference for link in row["links"]] == ["P3", "P2", "P1"]


def test_repeat_perpetrators_are_recognised_across_cases(people, place):
    home = address("7 Ash Close", "ZZ3 3CC")
    party(place["P1"], PartyRole.ALLEGED_PERPETRATOR, "Dee Ross", home=home)
    party(place["O1"], PartyRole.ALLEGED_PERPETRATOR, "dee ross", home=home)  # O1 is still open in the period
    party(place["P2"], PartyRole.ALLEGED_PERPETRATOR, "Dee Ross")  # no address: another person as far as we know
    (row,) = build(people.admin).table("repeat-perpetrators").rows
    assert row["cases"] == 2
    assert {link.reference for link in row["links"]} == {"P1", "O1"}


def test_repeat_victims_have_three_or_more_incidents_in_six_months(people, place):
    by = people.officer
    ann = address("1 Fir Court", "ZZ4 4DD")
    party(place["P1"], PartyRole.COMPLAINANT, "Ann Lee", home=ann)  # P1: 2 incidents in April
    party(place["N"], PartyRole.COMPLAINANT, "Ann Lee", home=ann)  # N: 1 in May -> 3 in all
    party(place["O1"], PartyRole.COMPLAINANT, "Bob Hart", home=ann)  # O1: 2 within six months -> not a repeat
    incident(place["N"], day(2025, 12, 30), by=by)  # before the six months to 30 June (from 31 December)
    (row,) = build(people.admin).table("repeat-victims").rows
    assert row["name"] == "Ann Lee"
    assert row["incidents"] == 3
    assert {link.reference for link in row["links"]} == {"P1", "N"}


def test_a_manager_sees_only_their_teams_cases(people, place):
    for ref in ("P1", "P2"):
        place[ref].team = people.other_team
        place[ref].save()
    estates = rows(build(people.manager), "by-estate")
    assert estates["Elm"]["cases"] == 1


def test_the_number_of_queries_does_not_grow_with_the_data(people, place, django_assert_max_num_queries):
    build(people.admin)
    by = people.officer
    for n in range(20):
        made = case(
            opened=day(2026, 5, 1 + n % 20),
            at=address(f"{n} New Street", f"ZZ{n % 5 + 1} 1AA"),
            owner=by,
            created_by=by,
        )
        party(made, PartyRole.COMPLAINANT, "Cy Penn", home=address("9 Fir Court", "ZZ4 4DD"))
        incident(made, day(2026, 5, 2), by=by)
    with django_assert_max_num_queries(16):
        build(people.admin)


@pytest.fixture
def crowded(people, place):
    """`place` and more: people tied at the repeat lists' cut, perpetrators on closed cases, a moved person."""
    by = people.officer
    for n in range(hotspots.REPEATS_SHOWN + 5):
        home = address(f"{n} Tie Street", f"ZZ{n % 7 + 1} 2AA", estate=f"Estate {n % 3}", ward="Moor")
        first = case(opened=day(2026, 4, 1 + n % 28), at=home, owner=by, created_by=by)
        second = case(opened=day(2026, 2, 1 + n % 27), closed=day(2026, 4 + n % 2, 2), at=home, owner=by, created_by=by)
        for on in (first, second):
            party(on, PartyRole.ALLEGED_PERPETRATOR, f"Tie {n % 50}", home=home)
            party(on, PartyRole.COMPLAINANT, f"Victim {n % 40}", home=home)
            incident(on, day(2026, 4, 1 + n % 29), by=by)
            incident(on, day(2026, 5, 1 + n % 30), by=by)
    moved = party(place["P1"], PartyRole.COMPLAINANT, "Mo Vee", home=address("2 Fir Court", "ZZ4 4DD"))
    moved.person.name = "Mo Veer"
    moved.person.save()
    return place


@pytest.mark.parametrize("query", [PERIOD, {"from": "2025-07-01", "to": "2026-06-30"}, {}])
def test_every_cases_kept_counts_give_the_live_queries_figures(people, crowded, query):
    """An administrator's report reads the engine's derived counts; a narrowed scope counts the records live."""
    kept = build(people.admin, query)
    scope = Scope(user=people.admin, as_of=AS_OF)
    scope.__dict__["covers_every_case"] = False  # every case still, but by the live queries
    live = hotspots.build(scope, parse(query, as_of=AS_OF))
    assert kept.tables == live.tables
    assert kept.summary == live.summary
    assert any(t.truncated_at for t in kept.tables if t.key.startswith("repeat-"))


def test_only_the_people_who_can_be_shown_have_their_names_looked_up():
    counts = {f"k{n}": 5 if n < 3 else 2 for n in range(1000)}
    asked = []

    def named(keys, limit):
        asked.append((len(keys), limit))
        return sorted((key, key.upper()) for key in keys)[:limit]

    ranked = hotspots._ranked(counts, named)
    assert [r["person_key"] for r in ranked[:3]] == ["k0", "k1", "k2"]
    assert len(ranked) == hotspots.REPEATS_SHOWN + 1
    assert asked == [(3, None), (997, hotspots.REPEATS_SHOWN + 1 - 3)]
