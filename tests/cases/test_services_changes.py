"""Changing a case's priority, types and owner (casework/cases/services/changes.py).

Due dates follow docs/policy-packs.md, "Priority and owner changes": an open duty takes the period for
the priority and owner role in force now, counted from its original start, but never falls due before
the day of the change; a duty already met is never re-derived.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.engine import today
from casework.cases.packs import calendar_of, pack_named
from casework.domain.events import LONDON
from casework.errors import InvalidInput, NotAllowed
from tests.cases.helpers import footprint, obligation, open_case, reload

PFP = pack_named("places-for-people")


def working_days_after(moment, days):
    return calendar_of(PFP).add_working_days(moment.astimezone(LONDON).date(), days)


# -- priority -------------------------------------------------------------------------------------------------


def test_raising_the_priority_never_makes_a_duty_due_before_the_day_of_the_change(people):
    opened = timezone.now() - timedelta(days=20)
    case = open_case(people.contact_centre, owner=people.officer, received_at=opened)
    assert obligation(case, "acknowledge").due_date == working_days_after(opened, 5)  # medium: 5 working days

    services.case_priority_change(actor=people.officer, case=case.reference, priority="high", reason="Threats made")

    # High is 1 working day from the original start, which is long past: due on the day of the change.
    assert obligation(case, "acknowledge").due_date == today()
    assert reload(case).priority == "high"


def test_raising_the_priority_shortens_a_duty_that_is_not_yet_due(people):
    case = open_case(people.contact_centre, owner=people.officer)
    opened = case.opened_at

    services.case_priority_change(actor=people.officer, case=case.reference, priority="high", reason="Threats made")

    assert obligation(case, "acknowledge").due_date == max(working_days_after(opened, 1), today())


def test_lowering_the_priority_gives_the_longer_period_from_the_original_start(people):
    opened = timezone.now() - timedelta(days=3)
    case = open_case(people.contact_centre, types=["harassment"], priority=None, received_at=opened)
    assert obligation(case, "acknowledge").due_date == working_days_after(opened, 1)

    services.case_priority_change(actor=people.manager, case=case.reference, priority="medium", reason="Calmer now")

    assert obligation(case, "acknowledge").due_date == working_days_after(opened, 5)


def test_a_duty_already_met_is_not_re_derived(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.case_acknowledge(actor=people.officer, case=case.reference, method="letter")
    met = obligation(case, "acknowledge")

    services.case_priority_change(actor=people.officer, case=case.reference, priority="high", reason="Threats made")

    again = obligation(case, "acknowledge")
    assert (again.state, again.due_date, again.met_at) == ("met", met.due_date, met.met_at)


def test_duties_timed_by_role_ignore_the_priority(people):
    case = open_case(people.contact_centre, owner=people.officer)
    due = obligation(case, "first-contact").due_date

    services.case_priority_change(actor=people.officer, case=case.reference, priority="low", reason="One-off")

    assert obligation(case, "first-contact").due_date == due


def test_a_priority_change_is_recorded_with_its_reason(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_priority_change(actor=people.officer, case=case.reference, priority="low", reason=" One-off ")

    event = case.events.get(verb="priority.changed")
    assert (event.actor, event.payload) == (people.officer, {"priority": "low", "from": "medium", "reason": "One-off"})


@pytest.mark.parametrize(
    ("priority", "reason", "field"),
    [("urgent", "x", "priority"), ("medium", "x", "priority"), ("high", "  ", "reason")],
    ids=["unknown", "unchanged", "no-reason"],
)
def test_a_priority_change_that_cannot_be_made_writes_nothing(people, priority, reason, field):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_priority_change(actor=people.officer, case=case.reference, priority=priority, reason=reason)

    assert field in refused.value.fields
    assert footprint(case) == before


def test_a_hate_related_case_stays_at_the_most_urgent_priority(people):
    case = open_case(people.contact_centre, owner=people.officer, hate_related=True)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_priority_change(actor=people.manager, case=case.reference, priority="low", reason="Calmer")

    assert refused.value.fields == {"priority": "hate-related"}
    assert footprint(case) == before


# -- types ----------------------------------------------------------------------------------------------------


def test_changing_the_types_keeps_the_priority(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_types_change(
        actor=people.officer,
        case=case.reference,
        types=["Vandalism and graffiti", "noise-nuisance"],
        reason="Also graffiti",
    )

    case = reload(case)
    assert sorted(case.type_ids) == ["noise-nuisance", "vandalism-graffiti"]
    assert case.priority == "medium"
    event = case.events.get(verb="types.changed")
    assert event.payload == {
        "types": ["vandalism-graffiti", "noise-nuisance"],
        "from": ["noise-nuisance"],
        "reason": "Also graffiti",
    }


def test_a_hate_related_type_makes_the_case_hate_related(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_types_change(actor=people.officer, case=case.reference, types=["hate-crime"], reason="Slurs used")

    assert reload(case).hate_related


def test_a_case_that_becomes_hate_related_moves_to_the_most_urgent_priority(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_types_change(actor=people.officer, case=case.reference, types=["hate-crime"], reason="Slurs used")

    assert reload(case).priority == PFP.most_urgent_priority


@pytest.mark.parametrize(
    ("types", "reason", "field"),
    [
        ([], "x", "types"),
        (["juggling"], "x", "types"),
        (["footsteps"], "x", "types"),
        (["noise-nuisance"], "x", "types"),
        (["harassment"], " ", "reason"),
    ],
    ids=["none", "unknown", "not-asb", "unchanged", "no-reason"],
)
def test_a_types_change_that_cannot_be_made_writes_nothing(people, types, reason, field):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_types_change(actor=people.officer, case=case.reference, types=types, reason=reason)

    assert field in refused.value.fields
    assert footprint(case) == before
    assert reload(case).type_ids == ["noise-nuisance"]


# -- owner ----------------------------------------------------------------------------------------------------


def test_reassigning_moves_the_owner_the_team_and_the_duties(people):
    case = open_case(people.contact_centre, owner=people.officer)
    assert set(case.obligations.values_list("owner", flat=True)) == {people.officer.pk}

    services.case_reassign(actor=people.manager, case=case.reference, owner_id=people.outsider.pk, reason="Moved patch")

    case = reload(case)
    assert (case.owner, case.team, case.owner_role) == (people.outsider, people.other_team, "community-housing-manager")
    assert set(case.obligations.values_list("owner", flat=True)) == {people.outsider.pk}
    event = case.events.get(verb="owner.changed")
    assert event.actor == people.manager
    assert event.payload == {
        "role": "community-housing-manager",
        "owner": "outsider",
        "team": "South",
        "reason": "Moved patch",
    }


def test_reassigning_to_another_role_moves_the_role_and_its_deadlines(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_reassign(
        actor=people.manager, case=case.reference, owner_id=people.enforcement.pk, reason="Escalated"
    )

    case = reload(case)
    assert case.owner_role == "tenancy-enforcement-manager"
    contact = obligation(case, "first-contact")
    assert contact.owner == people.enforcement
    assert contact.due_date == max(working_days_after(case.opened_at, 1), today())  # the TEM's 1 working day


def test_the_owning_role_can_be_named(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_reassign(
        actor=people.manager,
        case=case.reference,
        owner_id=people.colleague.pk,
        owner_role="living-plus-colleague",
        reason="Living Plus scheme",
    )

    assert reload(case).owner_role == "living-plus-colleague"


def test_an_administrator_may_reassign(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_reassign(actor=people.admin, case=case.reference, owner_id=people.colleague.pk, reason="Cover")

    assert reload(case).owner == people.colleague


@pytest.mark.parametrize(
    ("owner", "owner_role", "reason", "field"),
    [
        ("nobody", None, "x", "owner"),
        ("officer", None, "x", "owner"),
        ("colleague", "chief-executive", "x", "owner_role"),
        ("colleague", None, "", "reason"),
    ],
    ids=["unknown-staff", "already-theirs", "unknown-role", "no-reason"],
)
def test_a_reassignment_that_cannot_be_made_writes_nothing(people, owner, owner_role, reason, field):
    case = open_case(people.contact_centre, owner=people.officer)
    owner_id = getattr(people, owner).pk if owner != "nobody" else 987654
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_reassign(
            actor=people.manager, case=case.reference, owner_id=owner_id, owner_role=owner_role, reason=reason
        )

    assert field in refused.value.fields
    assert footprint(case) == before


def test_an_officer_cannot_reassign(people):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(NotAllowed):
        services.case_reassign(actor=people.officer, case=case.reference, owner_id=people.colleague.pk, reason="x")

    assert footprint(case) == before
