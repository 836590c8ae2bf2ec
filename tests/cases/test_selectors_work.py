"""Reads behind My work and the team view (casework/cases/selectors.py): pending work, its figures, the
approvals waiting for a manager, and each team's load."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casework.accounts.roles import StaffRole
from casework.cases import services
from casework.cases.models import Case, Obligation
from casework.cases.packs import pack_named
from casework.cases.selectors import (
    WorkFilters,
    approvals_waiting_for,
    managed_teams,
    pending_work_for,
    team_duties_without_owner,
    team_loads,
    work_figures,
)
from tests.cases.helpers import open_case
from tests.factories import staff

DAY = date(2030, 6, 12)  # a Wednesday; as_of fixes "today" for the figures


def set_due(case: Case, kind: str, when: date | None) -> None:
    Obligation.objects.filter(case=case, kind=kind).update(due_date=when)


@pytest.fixture
def officers_case(people):
    case = open_case(people.contact_centre, owner=people.officer)
    set_due(case, "acknowledge", DAY - timedelta(days=1))
    set_due(case, "first-contact", DAY)
    set_due(case, "risk-assessment", DAY + timedelta(days=7))
    set_due(case, "action-plan", None)
    return case


# -- pending work and its figures --------------------------------------------------------------------------


def test_pending_work_is_soonest_first_with_undated_duties_last(people, officers_case):
    work = list(pending_work_for(people.officer, as_of=DAY))
    assert [(o.kind, o.status) for o in work] == [
        ("acknowledge", "overdue"),
        ("first-contact", "due-today"),
        ("risk-assessment", "open"),
        ("action-plan", "open"),
    ]


def test_pending_work_filters(people, officers_case):
    def kinds(**filters) -> list[str]:
        return [o.kind for o in pending_work_for(people.officer, WorkFilters(**filters), as_of=DAY)]

    assert kinds(overdue_only=True) == ["acknowledge"]
    assert kinds(within_days=0) == ["acknowledge", "first-contact"]
    assert kinds(within_days=7) == ["acknowledge", "first-contact", "risk-assessment"]
    assert kinds(kind="first-contact") == ["first-contact"]
    assert kinds(case=officers_case.reference.lower()) == [
        "acknowledge",
        "first-contact",
        "risk-assessment",
        "action-plan",
    ]
    assert kinds(case="ASB-1999-000001") == []
    assert kinds(priority="high") == []
    assert len(kinds(priority="medium")) == 4


def test_pending_work_is_only_the_users_own_on_open_cases_they_see(people, officers_case):
    assert list(pending_work_for(people.colleague, as_of=DAY)) == []
    Case.objects.filter(pk=officers_case.pk).update(is_open=False)
    assert list(pending_work_for(people.officer, as_of=DAY)) == []


def test_work_figures_count_overdue_due_today_and_the_next_seven_days(people, officers_case):
    figures = work_figures(people.officer, as_of=DAY)
    assert (figures.overdue, figures.due_today, figures.due_this_week) == (1, 1, 1)
    later = work_figures(people.officer, as_of=DAY + timedelta(days=1))
    assert (later.overdue, later.due_today, later.due_this_week) == (2, 0, 1)


# -- approvals waiting -------------------------------------------------------------------------------------


def propose(actor, case: Case, kind: str, pack_id: str, **extra):
    rule = next(i for i in pack_named(pack_id).interventions if i.id == kind)
    return services.intervention_propose(
        actor=actor,
        case=case.reference,
        kind=kind,
        reason="Threats continue after warnings",
        proportionality="Necessary to protect the complainant",
        preconditions_confirmed=[p.id for p in rule.preconditions],
        **extra,
    )


def decide(actor, intervention) -> None:
    services.intervention_decide(
        actor=actor, case=intervention.case.reference, intervention_id=intervention.pk, decision="approved", reason="Ok"
    )


def waiting_for(user) -> list[tuple[str, str]]:
    return [(w.case.reference, w.role_label) for w in approvals_waiting_for(user)]


def test_an_approval_waits_for_the_holder_of_the_next_pack_role_or_someone_more_senior(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    injunction = propose(
        people.officer,
        case,
        "injunction",
        "co-op-homes",
        against_id=case.parties.get(role="alleged-perpetrator").pk,
    )
    pack = pack_named("co-op-homes")
    first, second = pack.role_label("housing-manager"), pack.role_label("operations-manager")

    assert waiting_for(people.manager) == [(case.reference, first)]
    assert waiting_for(people.operations) == [(case.reference, first)]
    assert waiting_for(people.enforcement) == []  # below the housing manager
    assert waiting_for(people.officer) == []  # approves nothing
    assert waiting_for(people.admin) == []  # runs the system, approves nothing

    decide(people.manager, injunction)
    assert waiting_for(people.manager) == []  # the next approval is the operations manager's
    assert waiting_for(people.operations) == [(case.reference, second)]


def test_an_approval_never_waits_for_someone_who_already_gave_one(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    injunction = propose(
        people.officer, case, "injunction", "co-op-homes", against_id=case.parties.get(role="alleged-perpetrator").pk
    )
    decide(people.operations, injunction)  # stands in for the housing manager
    assert waiting_for(people.operations) == []
    other_operations = staff("ops2", StaffRole.OPERATIONS_MANAGER, manages=[people.team])
    assert [ref for ref, _ in waiting_for(other_operations)] == [case.reference]


def test_an_approval_never_waits_for_its_proposer_or_a_manager_who_cannot_see_the_case(people):
    case = open_case(people.contact_centre, owner=people.outsider)  # South
    propose(people.operations, case, "civil-injunction", "places-for-people")
    assert waiting_for(people.operations) == []
    assert waiting_for(people.manager) == []  # manages North only
    south_manager = staff("south-manager", StaffRole.HOUSING_MANAGER, manages=[people.other_team])
    assert [ref for ref, _ in waiting_for(south_manager)] == [case.reference]


def test_approvals_waiting_take_two_queries_however_many(people, django_assert_num_queries):
    for _ in range(3):
        propose(
            people.officer,
            open_case(people.contact_centre, owner=people.officer),
            "civil-injunction",
            "places-for-people",
        )
    manager = type(people.manager).objects.get(pk=people.manager.pk)
    approvals_waiting_for(manager)  # roles and teams are cached on the user after the first read
    with django_assert_num_queries(2):
        assert len(approvals_waiting_for(manager)) == 3


# -- the team view -----------------------------------------------------------------------------------------


def test_team_loads_count_each_persons_open_cases_and_overdue_duties(people, officers_case):
    colleagues = open_case(people.contact_centre, owner=people.colleague)
    Obligation.objects.filter(case=colleagues).update(due_date=DAY + timedelta(days=10))
    closed = open_case(people.contact_centre, owner=people.colleague)
    Case.objects.filter(pk=closed.pk).update(is_open=False)
    unallocated = open_case(people.contact_centre, owner=people.officer)
    Case.objects.filter(pk=unallocated.pk).update(owner=None)
    Obligation.objects.filter(case=unallocated).update(owner=None, due_date=DAY + timedelta(days=10))
    set_due(unallocated, "acknowledge", DAY - timedelta(days=3))

    [north] = team_loads(people.manager, managed_teams(people.manager), as_of=DAY)
    counts = {row.officer.username: (row.open_cases, row.overdue) for row in north.officers}
    assert counts == {"colleague": (1, 0), "manager": (0, 0), "officer": (1, 1), "tem": (0, 0)}
    assert (north.not_allocated.open_cases, north.not_allocated.overdue) == (1, 1)

    unowned = team_duties_without_owner(people.manager, [north.team], as_of=DAY)
    assert {o.case_id for o in unowned} == {unallocated.pk}
    assert unowned[0].status == "overdue"


def test_someone_holding_a_teams_case_from_outside_it_is_counted(people):
    case = open_case(people.contact_centre, owner=people.outsider)  # South's officer...
    Case.objects.filter(pk=case.pk).update(team=people.team)  # ...holding a North case
    loads = {load.team.name: load for load in team_loads(people.operations, managed_teams(people.operations))}
    north = {row.officer.username: row.open_cases for row in loads["North"].officers}
    south = {row.officer.username: row.open_cases for row in loads["South"].officers}
    assert north["outsider"] == 1
    assert south["outsider"] == 0
