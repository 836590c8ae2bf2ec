"""Cases (web:cases): search, filters, pagination, what each user may see, and a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases.choices import ObligationState
from casework.cases.models import Case, CaseType, Obligation
from tests.cases.helpers import open_case

URL = reverse("web:cases")


def add_cases(people, how_many: int, *, start: int = 1, owner=None, team=None, overdue: bool = True) -> list[Case]:
    """`how_many` open cases straight into the tables (fast), each with a type and one duty, overdue or not."""
    owner = owner or people.officer
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"ASB-2030-{start + n:06d}",
            pack_id="places-for-people",
            pack_version="1",
            priority="medium",
            stage="report-received",
            owner_role="community-housing-manager",
            owner=owner,
            team=team or people.team,
            channel="phone",
            summary="Loud music",
            location=f"{start + n} Bulk Street",
            opened_at=now - timedelta(minutes=start + n),
            created_by=people.contact_centre,
        )
        for n in range(how_many)
    )
    CaseType.objects.bulk_create(CaseType(case=case, type_id="noise-nuisance") for case in cases)
    Obligation.objects.bulk_create(
        Obligation(
            case=case,
            rule_id="acknowledge",
            kind="acknowledge",
            label="Acknowledge the new report of ASB",
            occurrence=1,
            owner_role="community-housing-manager",
            owner=owner,
            started_on=(now - timedelta(days=10)).date(),
            due_date=(now + timedelta(days=-3 if overdue else 3)).date(),
            state=ObligationState.PENDING,
        )
        for case in cases
    )
    return cases


def link(case: Case) -> str:
    """The row's link to the case: the reference alone may also be in the search box."""
    return f'href="{reverse("web:case", args=[case.reference])}"'


def page_of(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def north_and_south(people):
    """A case for the North team's officer and one for the South team's outsider."""
    north = open_case(people.contact_centre, owner=people.officer)
    south = open_case(people.contact_centre, owner=people.outsider)
    return north, south


def test_the_list_shows_the_cases_each_user_may_see(people, sign_in, north_and_south):
    north, south = north_and_south

    as_officer = page_of(sign_in(people.officer))
    assert north.reference in as_officer
    assert south.reference not in as_officer
    assert "Showing 1 to 1 of 1 case" in as_officer
    assert "<title>Cases – Casework</title>" in as_officer

    as_outsider = page_of(sign_in(people.outsider))
    assert south.reference in as_outsider
    assert north.reference not in as_outsider


def test_an_outsider_cannot_find_another_teams_case_by_searching_for_it(people, sign_in, north_and_south):
    north, _ = north_and_south
    page = page_of(sign_in(people.outsider), q=north.reference)
    assert link(north) not in page
    assert "No cases match these filters." in page


def test_an_administrator_sees_every_team_and_an_operations_manager_the_teams_they_manage(
    people, sign_in, north_and_south
):
    for user in (people.admin, people.operations):
        page = page_of(sign_in(user))
        assert all(case.reference in page for case in north_and_south)


def test_a_row_shows_the_case_in_the_packs_words(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer, types=["noise-nuisance"], priority="medium")
    page = page_of(sign_in(people.officer))
    assert f'href="{reverse("web:case", args=[case.reference])}"' in page
    assert "Noise Nuisance" in page
    assert "Medium risk" in page
    assert "Incident report received" in page
    assert people.officer.get_full_name() in page
    assert str(case.address) in page


@pytest.mark.parametrize("search", ["reference", "postcode", "address", "name"])
def test_search_finds_a_case_by_reference_postcode_address_or_name(people, sign_in, search):
    case = open_case(people.contact_centre, owner=people.officer)
    other = add_cases(people, 2)
    terms = {
        "reference": case.reference.lower(),
        "postcode": case.address.postcode.replace(" ", "").lower(),
        "address": case.address.line1.split(" ", 1)[1],
        "name": case.parties.get(role="complainant").person.name,
    }
    page = page_of(sign_in(people.officer), q=terms[search])
    assert case.reference in page
    assert all(o.reference not in page for o in other)
    assert f'value="{terms[search]}"' in page  # what was typed stays in the box


def test_status_shows_open_cases_unless_asked_for_closed_or_all(people, sign_in):
    still_open, closed = add_cases(people, 2)
    Case.objects.filter(pk=closed.pk).update(is_open=False, stage="closed", closed_at=timezone.now())
    client = sign_in(people.officer)

    default = page_of(client)
    assert still_open.reference in default
    assert closed.reference not in default

    only_closed = page_of(client, status="closed")
    assert closed.reference in only_closed
    assert still_open.reference not in only_closed
    assert "Closed</strong>" in only_closed

    everything = page_of(client, status="all")
    assert still_open.reference in everything
    assert closed.reference in everything


def test_filters_by_priority_stage_type_owner_team_and_overdue(people, sign_in):
    mine = add_cases(people, 1, start=1)[0]
    colleagues = add_cases(people, 1, start=2, owner=people.colleague, overdue=False)[0]
    Case.objects.filter(pk=colleagues.pk).update(priority="high", stage="case-management")
    CaseType.objects.filter(case=colleagues).update(type_id="harassment")
    client = sign_in(people.manager)

    def shown(**params) -> set[str]:
        page = page_of(client, **params)
        return {ref for ref in (mine.reference, colleagues.reference) if ref in page}

    assert shown() == {mine.reference, colleagues.reference}
    assert shown(priority="high") == {colleagues.reference}
    assert shown(stage="report-received") == {mine.reference}
    assert shown(type="harassment") == {colleagues.reference}
    assert shown(owner=people.officer.pk) == {mine.reference}
    assert shown(team=people.other_team.pk) == set()
    assert shown(team=people.team.pk) == {mine.reference, colleagues.reference}
    assert shown(overdue="on") == {mine.reference}


def test_pages_of_25_keep_the_filters_in_their_links(people, sign_in):
    add_cases(people, 30)
    client = sign_in(people.officer)

    first = page_of(client, priority="medium")
    assert "Showing 1 to 25 of 30 cases" in first
    assert first.count("ASB-2030-") == 25 * 2  # each row's link text and address
    assert 'href="?priority=medium&amp;page=2"' in first
    assert 'rel="next"' in first

    second = page_of(client, priority="medium", page=2)
    assert "Showing 26 to 30 of 30 cases" in second
    assert 'href="?priority=medium&amp;page=1"' in second
    assert 'aria-current="page"' in second
    assert "ASB-2030-000030" in second  # oldest last


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"owner": "abc"}, "Choose an owner from the list"),
        ({"team": "999999"}, "Choose a team from the list"),
        ({"status": "sideways"}, "Choose open, closed, or open and closed"),
        ({"stage": "nowhere"}, "Choose a stage from the list"),
    ],
)
def test_a_bad_filter_shows_an_error_and_still_lists_cases(people, sign_in, params, message):
    case = add_cases(people, 1)[0]
    page = page_of(sign_in(people.officer), **params)
    assert "govuk-error-summary" in page
    assert message in page
    assert "<title>Error: Cases – Casework</title>" in page
    assert case.reference in page


@pytest.mark.parametrize("wanted", ["999", "abc", "-1"])
def test_a_page_out_of_range_shows_a_real_page(people, sign_in, wanted):
    add_cases(people, 30)
    page = page_of(sign_in(people.officer), page=wanted)
    assert "Showing" in page


def test_every_staff_role_may_use_the_list(people, sign_in):
    for user in (people.contact_centre, people.officer, people.enforcement, people.manager, people.admin):
        assert sign_in(user).get(URL).status_code == 200


def test_signed_out_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("web:sign-in") in response["Location"]


def queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        page_of(client, **params)
    return len(captured)


def test_the_list_takes_the_same_number_of_queries_for_3_and_30_cases(people, sign_in):
    add_cases(people, 3, start=1)
    client = sign_in(people.manager)
    searches = [{}, {"q": "Bulk Street"}, {"overdue": "on", "type": "noise-nuisance", "team": people.team.pk}]
    few = [queries(client, **params) for params in searches]
    add_cases(people, 27, start=100, owner=people.colleague)
    assert [queries(client, **params) for params in searches] == few
