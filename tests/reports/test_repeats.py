"""The repeat lists' counting pass (casework/reports/repeats.py) and the scope a report writes down once."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from casework.cases.choices import PartyRole
from casework.cases.models import Incident
from casework.reports.params import parse
from casework.reports.registry import REPORTS, SCOPE_CASES
from casework.reports.repeats import candidates, counts_by_person
from casework.reports.scope import Scope
from tests.reports.builders import address, case, day, incident, party

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)


def _incidents_per_case():
    return Incident.objects.values("case_id").annotate(n=Count("*"))


def test_each_case_counts_once_for_a_person_named_on_it_twice(people):
    by = people.officer
    home = address("1 Fir Court", "ZZ4 4DD")
    first = case(opened=day(2026, 4, 2), created_by=by)
    second = case(opened=day(2026, 5, 2), created_by=by)
    for on, times in ((first, 2), (second, 1)):
        for n in range(times):
            incident(on, day(2026, 4 + n, 3), by=by)
    party(first, PartyRole.COMPLAINANT, "Ann Lee", home=home)
    party(first, PartyRole.COMPLAINANT, "ann  lee", home=home)  # recorded twice on the same report
    party(second, PartyRole.COMPLAINANT, "Ann Lee", home=home)
    party(second, PartyRole.WITNESS, "Bob Hart", home=home)
    counts = counts_by_person(PartyRole.COMPLAINANT, _incidents_per_case(), at_least=1)
    assert counts == {f"ann lee|a{home.pk}": 3}
    assert counts_by_person(PartyRole.COMPLAINANT, _incidents_per_case(), at_least=4) == {}


def test_people_named_once_are_left_out_when_asked(people):
    by = people.officer
    home = address("1 Fir Court", "ZZ4 4DD")
    once = case(opened=day(2026, 4, 2), created_by=by)
    incident(once, day(2026, 4, 3), by=by)
    incident(once, day(2026, 4, 4), by=by)
    party(once, PartyRole.ALLEGED_PERPETRATOR, "Dee Ross", home=home)
    every = counts_by_person(PartyRole.ALLEGED_PERPETRATOR, _incidents_per_case(), at_least=1)
    assert every == {f"dee ross|a{home.pk}": 2}
    assert (
        counts_by_person(PartyRole.ALLEGED_PERPETRATOR, _incidents_per_case(), at_least=1, named_more_than_once=True)
        == {}
    )


def test_candidates_keep_every_tie_at_the_cut():
    counts = {"a": 5, "b": 4, "c": 4, "d": 4, "e": 1}
    assert sorted(candidates(counts, 2)) == ["a", "b", "c", "d"]
    assert sorted(candidates(counts, 1)) == ["a"]
    assert sorted(candidates(counts, 9)) == ["a", "b", "c", "d", "e"]


def _figures(report):
    return [(t.key, t.rows, t.totals) for t in report.tables]


@pytest.mark.parametrize("spec", REPORTS, ids=lambda spec: spec.slug)
def test_a_managers_figures_are_the_same_from_the_written_down_cases(people, spec):
    by = people.officer
    home = address("1 Fir Court", "ZZ4 4DD", estate="Elm")
    for n, team in enumerate((people.team, people.other_team, people.team)):
        made = case(opened=day(2026, 4 + n, 2), at=home, team=team, owner=by, created_by=by)
        party(made, PartyRole.COMPLAINANT, "Ann Lee", home=home)
        party(made, PartyRole.ALLEGED_PERPETRATOR, "Dee Ross", home=home)
        incident(made, day(2026, 4 + n, 3), by=by)
    scope = Scope.for_user(people.manager, as_of=AS_OF)
    params = parse({"from": "2026-04-01", "to": "2026-06-30"}, as_of=AS_OF)
    module = __import__(f"casework.reports.{spec.module}", fromlist=["build"])
    written = scope.materialised(SCOPE_CASES)
    assert _figures(module.build(written, params)) == _figures(module.build(scope, params))
    assert _figures(spec.build(scope, params)) == _figures(module.build(scope, params))
