"""My work (web:my-work) and the team view (web:team): figures, order, filters, approvals, who may see them,
and a number of queries that does not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.engine import today
from casework.cases.models import Case, Intervention, Obligation
from casework.cases.packs import pack_named
from tests.cases.helpers import open_case
from tests.web.test_lists import add_cases

MY_WORK = reverse("web:my-work")
TEAM = reverse("web:team")


def page_of(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def due(case: Case, kind: str, days_from_today: int) -> Obligation:
    """Move one of the case's duties so it falls due `days_from_today` (negative: overdue)."""
    duty = case.obligations.get(kind=kind)
    duty.due_date = today() + timedelta(days=days_from_today)
    duty.save(update_fields=["due_date"])
    return duty


def figure(page: str, name: str) -> int:
    marker = f'id="figure-{name}">'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index("<", start)])


@pytest.fixture
def officers_case(people):
    """The officer's case with one duty overdue, one due today, one in 3 days and one in 20 days."""
    case = open_case(people.contact_centre, owner=people.officer)
    due(case, "acknowledge", -2)
    due(case, "first-contact", 0)
    due(case, "risk-assessment", 3)
    due(case, "action-plan", 20)
    return case


# -- my work ---------------------------------------------------------------------------------------------


def test_my_work_counts_what_is_overdue_due_today_and_due_this_week(people, sign_in, officers_case):
    page = page_of(sign_in(people.officer), MY_WORK)
    assert "<title>My work – Casework</title>" in page
    assert figure(page, "overdue") == 1
    assert figure(page, "due-today") == 1
    assert figure(page, "this-week") == 1
    assert "casework-figure--alert" in page


def test_my_work_lists_every_pending_duty_soonest_first_with_its_status(people, sign_in, officers_case):
    page = page_of(sign_in(people.officer), MY_WORK)
    table = page[page.index('id="work"') :]
    labels = [
        "Acknowledge the new report of ASB",
        "Make initial contact with all complainants",
        "Complete the Risk Assessment Matrix (RAM) with the complainant",
        "Send the written action plan to the complainant",
    ]
    positions = [table.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Showing 1 to 4 of 4 duties, soonest first" in page
    assert ">Overdue</strong>" in page
    assert ">Due today</strong>" in page
    assert f">Due {(today() + timedelta(days=3)):%-d %b}</strong>" in page
    assert f'href="{reverse("web:case", args=[officers_case.reference])}"' in page
    assert "Medium risk" in page


def test_a_met_duty_and_a_closed_case_leave_my_work(people, sign_in, officers_case):
    Obligation.objects.filter(case=officers_case, kind="acknowledge").update(state="met")
    page = page_of(sign_in(people.officer), MY_WORK)
    assert "Acknowledge the new report of ASB" not in page
    assert figure(page, "overdue") == 0

    Case.objects.filter(pk=officers_case.pk).update(is_open=False)
    page = page_of(sign_in(people.officer), MY_WORK)
    assert "You have nothing pending on your cases." in page


def test_my_work_shows_only_my_own_duties(people, sign_in, officers_case):
    colleagues = open_case(people.contact_centre, owner=people.colleague)
    mine = page_of(sign_in(people.officer), MY_WORK)
    assert officers_case.reference in mine
    assert colleagues.reference not in mine

    theirs = page_of(sign_in(people.colleague), MY_WORK)
    assert colleagues.reference in theirs
    assert officers_case.reference not in theirs
    assert figure(theirs, "overdue") == 0


def test_my_work_filters_by_case_kind_priority_and_range(people, sign_in, officers_case):
    urgent = open_case(people.contact_centre, owner=people.officer)
    Case.objects.filter(pk=urgent.pk).update(priority="high")
    client = sign_in(people.officer)

    def cases_shown(**params) -> set[str]:
        page = page_of(client, MY_WORK, **params)
        return {
            c.reference for c in (officers_case, urgent) if f'href="{reverse("web:case", args=[c.reference])}"' in page
        }

    assert cases_shown() == {officers_case.reference, urgent.reference}
    assert cases_shown(case=urgent.reference) == {urgent.reference}
    assert cases_shown(priority="high") == {urgent.reference}
    assert cases_shown(show="overdue") == {officers_case.reference}

    by_kind = page_of(client, MY_WORK, kind="first-contact")
    assert "Showing 1 to 2 of 2 duties" in by_kind
    by_kind = by_kind[by_kind.index('id="work"') :]
    assert "Make initial contact with all complainants" in by_kind
    assert "Acknowledge the new report of ASB" not in by_kind

    within_week = page_of(client, MY_WORK, case=officers_case.reference, show="7")
    assert "Showing 1 to 3 of 3 duties" in within_week
    assert "Send the written action plan to the complainant" not in within_week[within_week.index('id="work"') :]
    # The figures are the whole of my work, whatever the filters.
    assert figure(within_week, "overdue") == 1


def test_the_kind_filter_offers_only_the_kinds_of_work_on_my_list(people, sign_in, officers_case):
    page = page_of(sign_in(people.officer), MY_WORK)
    assert '<option value="acknowledge">' in page
    assert '<option value="manager-review">' not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "sky-diving"}, "Choose a kind of work from the list"),
        ({"case": "ASB-1999-000001"}, "Choose a case from the list"),
        ({"show": "forever"}, "Choose what to show from the list"),
    ],
)
def test_a_bad_filter_shows_an_error_and_still_lists_my_work(people, sign_in, officers_case, params, message):
    page = page_of(sign_in(people.officer), MY_WORK, **params)
    assert message in page
    assert "<title>Error: My work – Casework</title>" in page
    assert "Showing 1 to 4 of 4 duties" in page


def test_my_work_is_paged_and_a_bad_page_shows_a_real_one(people, sign_in):
    add_cases(people, 60)
    client = sign_in(people.officer)
    assert "Showing 1 to 50 of 60 duties" in page_of(client, MY_WORK)
    assert "Showing 51 to 60 of 60 duties" in page_of(client, MY_WORK, page=2)
    assert "Showing 51 to 60 of 60 duties" in page_of(client, MY_WORK, page=99)
    assert "Showing 1 to 50 of 60 duties" in page_of(client, MY_WORK, page="x")


@pytest.mark.parametrize("who", ["contact_centre", "admin"])
def test_staff_without_case_work_cannot_see_a_work_list(people, sign_in, who):
    response = sign_in(getattr(people, who)).get(MY_WORK)
    assert response.status_code == 403
    assert "Your role cannot see a work list." in response.content.decode()


# -- approvals waiting -----------------------------------------------------------------------------------


def propose_injunction(actor, case: Case):
    rule = next(i for i in pack_named("places-for-people").interventions if i.id == "civil-injunction")
    return services.intervention_propose(
        actor=actor,
        case=case.reference,
        kind="civil-injunction",
        reason="Persistent noise despite warnings",
        proportionality="Necessary and proportionate",
        preconditions_confirmed=[p.id for p in rule.preconditions],
    )


def test_an_approval_waits_for_the_managers_who_may_give_it(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    propose_injunction(people.officer, case)
    decide = f'href="{reverse("web:interventions", args=[case.reference])}"'

    for manager in (people.manager, people.operations):  # the CSAM is a housing manager; more senior may too
        for url in (MY_WORK, TEAM):
            page = page_of(sign_in(manager), url)
            assert "Approvals waiting for you" in page, (manager, url)
            assert "Civil injunction" in page
            assert "Community Safety Area Manager (CSAM)" in page
            assert decide in page

    # A tenancy enforcement manager is less senior than the CSAM's housing manager; an officer approves nothing.
    for user in (people.enforcement, people.officer):
        assert "Approvals waiting for you" not in page_of(sign_in(user), MY_WORK)


def test_an_approval_does_not_wait_for_its_proposer_or_a_manager_who_cannot_see_the_case(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    propose_injunction(people.manager, case)
    assert "Approvals waiting for you" not in page_of(sign_in(people.manager), MY_WORK)
    assert "Approvals waiting for you" in page_of(sign_in(people.operations), MY_WORK)

    south = open_case(people.contact_centre, owner=people.outsider)
    propose_injunction(people.outsider, south)
    page = page_of(sign_in(people.manager), TEAM)
    assert south.reference not in page


def test_an_approval_given_stops_waiting(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    injunction = propose_injunction(people.officer, case)
    injunction.status = "approved"
    injunction.save(update_fields=["status"])
    assert "Approvals waiting for you" not in page_of(sign_in(people.manager), MY_WORK)


# -- team view -------------------------------------------------------------------------------------------


def row(page: str, name: str) -> str:
    start = page.index(f'<th scope="row" class="govuk-table__header">{name}</th>')
    return page[start : page.index("</tr>", start)]


def cells(page: str, name: str) -> list[str]:
    found = row(page, name).split('<td class="govuk-table__cell govuk-table__cell--numeric">')[1:]
    return [cell.split("</td>")[0] for cell in found]


def test_the_team_view_lists_each_officer_with_open_cases_and_overdue_duties(people, sign_in, officers_case):
    open_case(people.contact_centre, owner=people.officer)
    open_case(people.contact_centre, owner=people.colleague)
    page = page_of(sign_in(people.manager), TEAM)

    assert "<title>Team – Casework</title>" in page
    assert f'<h2 class="govuk-heading-m" id="team-{people.team.pk}">North</h2>' in page
    assert "South" not in page  # the housing manager manages North only
    officer = people.officer.get_full_name()
    assert cells(page, officer) == ["2", '<strong class="govuk-tag govuk-tag--red">1 overdue</strong>']
    assert cells(page, people.colleague.get_full_name()) == ["1", "0"]
    assert cells(page, "Not allocated to a person") == ["0", "0"]
    assert f'href="{reverse("web:cases")}?owner={people.officer.pk}"' in row(page, officer)
    assert people.contact_centre.get_full_name() not in page  # the contact centre holds no cases


def test_cases_owned_by_a_role_and_duties_with_no_named_owner_are_shown(people, sign_in, officers_case):
    Case.objects.filter(pk=officers_case.pk).update(owner=None)
    Obligation.objects.filter(case=officers_case).update(owner=None)
    page = page_of(sign_in(people.manager), TEAM)

    assert cells(page, "Not allocated to a person") == [
        "1",
        '<strong class="govuk-tag govuk-tag--red">1 overdue</strong>',
    ]
    unowned = page[page.index('id="unowned"') : page.index('id="open-cases"')]
    assert "Acknowledge the new report of ASB" in unowned
    assert "Community Housing Manager (CHM)" in unowned
    assert ">Overdue</strong>" in unowned


def test_the_team_view_lists_open_cases_with_a_reallocate_link(people, sign_in, officers_case):
    page = page_of(sign_in(people.manager), TEAM)
    open_cases = page[page.index('id="open-cases"') :]
    assert "Showing 1 to 1 of 1 open case" in open_cases
    assert f'href="{reverse("web:reassign", args=[officers_case.reference])}"' in open_cases
    assert ">Overdue</strong>" in open_cases


def test_an_operations_manager_sees_every_team_they_manage(people, sign_in):
    open_case(people.contact_centre, owner=people.outsider)
    page = page_of(sign_in(people.operations), TEAM)
    assert ">North</h2>" in page
    assert ">South</h2>" in page
    assert cells(page, people.outsider.get_full_name()) == ["1", "0"]


def test_a_manager_of_no_team_is_told_so_and_cannot_reallocate(people, sign_in, officers_case):
    page = page_of(sign_in(people.enforcement), TEAM)
    assert "You do not manage a team yet." in page
    assert "Reallocate" not in page


@pytest.mark.parametrize("who", ["officer", "colleague", "contact_centre", "admin"])
def test_only_managers_see_the_team_view(people, sign_in, who):
    response = sign_in(getattr(people, who)).get(TEAM)
    assert response.status_code == 403
    assert "Your role cannot see the team view." in response.content.decode()


# -- queries ---------------------------------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        page_of(client, url)
    return len(captured)


def test_my_work_and_the_team_view_take_the_same_queries_for_2_and_20_cases(people, sign_in):
    def add(how_many: int, start: int) -> None:
        cases = add_cases(people, how_many, start=start)
        add_cases(people, how_many, start=start + 500, owner=people.colleague, overdue=False)
        Case.objects.filter(pk=cases[0].pk).update(owner=None)
        Obligation.objects.filter(case=cases[0]).update(owner=None)
        Intervention.objects.bulk_create(
            Intervention(
                case=case,
                kind="civil-injunction",
                reason="Persistent noise",
                proportionality="Necessary",
                proposed_at=timezone.now(),
                proposed_by=people.officer,
            )
            for case in cases
        )

    add(2, start=1)
    pages = [(people.officer, MY_WORK), (people.manager, MY_WORK), (people.manager, TEAM), (people.operations, TEAM)]
    few = [queries(sign_in(user), url) for user, url in pages]
    add(18, start=100)
    assert [queries(sign_in(user), url) for user, url in pages] == few
