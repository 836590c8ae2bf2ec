"""No list's query count grows with the data (ARCHITECTURE.md, "Scale"): the same at 10 rows and 1,000.

Rows are made with bulk_create, straight into the tables, so the 1,000-case fixture takes a second;
what the API reads is what the services would have stored.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.accounts.models import StaffProfile
from casework.cases.choices import ObligationState
from casework.cases.models import Case, CaseEvent, CaseType, Obligation
from tests.api.client import Api

#: Enough for authentication, visibility, a count, a page and its prefetches; a loop would blow it.
MOST_QUERIES = 12


def add_cases(people, how_many: int, start: int) -> None:
    """`how_many` open cases owned by the officer, each with a type and one overdue duty."""
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"ASB-2030-{start + n:06d}",
            pack_id="places-for-people",
            pack_version="1",
            priority="medium",
            stage="report-received",
            owner_role="community-housing-manager",
            owner=people.officer,
            team=people.team,
            channel="phone",
            summary="Loud music",
            location="Example Street",
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
            owner=people.officer,
            started_on=(now - timedelta(days=10)).date(),
            due_date=(now - timedelta(days=3)).date(),
            state=ObligationState.PENDING,
        )
        for case in cases
    )


def queries(client: Api, path: str, **params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        body = client.ok(client.get(path, **params))
    return len(captured), body


def test_case_lists_and_my_work_take_the_same_queries_at_10_and_1000_cases(people):
    officer, manager = Api(people.officer), Api(people.manager)
    lists = [
        (officer, "/cases", {}),
        (officer, "/cases", {"page_size": 100, "overdue": "true", "status": "open", "type": "noise-nuisance"}),
        (officer, "/cases", {"q": "ASB-2030-000003"}),
        (manager, "/cases", {"team": people.team.pk, "priority": "medium", "stage": "report-received"}),
        (officer, "/my-work", {"page_size": 100}),
    ]
    add_cases(people, 10, start=1)
    small = [queries(client, path, **params) for client, path, params in lists]
    add_cases(people, 990, start=11)
    large = [queries(client, path, **params) for client, path, params in lists]

    for (_, path, params), (few, _), (many, _) in zip(lists, small, large, strict=True):
        assert few == many, f"{path} {params}: {few} queries at 10 cases, {many} at 1,000"
        assert many <= MOST_QUERIES, f"{path} {params}: {many} queries"
    assert small[0][1]["count"] == 10
    assert large[0][1]["count"] == 1000
    assert large[0][1]["pages"] == 40
    assert len(large[1][1]["items"]) == 100
    assert large[1][1]["items"][0]["has_overdue"] is True
    assert large[2][1]["count"] == 1
    assert large[4][1]["count"] == 1000


def test_a_long_timeline_takes_no_more_queries_than_a_short_one(people):
    officer = Api(people.officer)
    add_cases(people, 1, start=1)
    case = Case.objects.get()
    now = timezone.now()

    def add_events(how_many: int) -> None:
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, actor=people.officer, verb="diary.sent", at=now, recorded_at=now)
            for _ in range(how_many)
        )

    add_events(10)
    few, _ = queries(officer, f"/cases/{case.reference}/timeline", page_size=100)
    add_events(990)
    many, body = queries(officer, f"/cases/{case.reference}/timeline", page_size=100)
    assert few == many <= MOST_QUERIES
    assert body["count"] == 1000


def test_the_staff_list_takes_no_more_queries_with_more_staff(people):
    officer = Api(people.officer)
    group = Group.objects.get(name="housing-officer")

    def add_staff(how_many: int, start: int) -> None:
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"bulk{start + n}", first_name="Bulk", last_name=f"{start + n}")
            for n in range(how_many)
        )
        StaffProfile.objects.bulk_create(
            StaffProfile(user=u, team=people.team, pack_role="pfp-colleague") for u in users
        )
        get_user_model().groups.through.objects.bulk_create(
            get_user_model().groups.through(user_id=u.pk, group_id=group.pk) for u in users
        )

    add_staff(10, 0)
    few, _ = queries(officer, "/staff", page_size=100)
    add_staff(200, 10)
    many, body = queries(officer, "/staff", page_size=100)
    assert few == many <= MOST_QUERIES
    assert body["count"] == 218
