"""The large-organisation generator (bench/large_org.py) makes data that hangs together and every report reads.

Generated small (300 cases) into the test database, in one transaction rolled back after the module. PostgreSQL
only: the generator streams rows with COPY and refuses SQLite (CI runs the suite on PostgreSQL too).
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, F, ForeignKey, Min, Q, Sum
from django.utils import timezone

from bench.large_org import LargeOrgRefused, Size, generate, main, require_postgresql, tables
from bench.large_org.base import first_times
from casework.accounts.models import Organisation, Team
from casework.cases.choices import ObligationState, PartyRole
from casework.cases.models import (
    Case,
    CaseEvent,
    ComplainantDay,
    Incident,
    Obligation,
    Party,
    PerpetratorCase,
    Person,
    PlaceDay,
)
from casework.domain.events import LONDON
from casework.reports.params import parse
from casework.reports.registry import REPORTS
from casework.reports.scope import Scope

CASES = 300


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The organisation, generated once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the generator writes with PostgreSQL's COPY and refuses SQLite; run with DATABASE_URL")
        with transaction.atomic():
            counts = generate(
                Size(cases=CASES, seed=11), load=connection.connection, threaded=False, defer_indexes=False, say=str
            )
            yield counts
            transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_every_table_has_the_rows_the_generator_counted(generated):
    for table, (model, _columns) in tables().items():
        assert model.objects.count() == generated[table], table
    assert generated["cases_case"] == CASES
    # About ten events and four duties (the pack's four) a case, at least one incident each.
    assert 8 * CASES <= generated["cases_caseevent"] <= 12 * CASES
    assert generated["cases_obligation"] >= 4 * CASES
    assert generated["cases_incident"] >= CASES
    assert Organisation.current().homes > 0
    assert Team.objects.count() == Size(cases=CASES).teams


def test_every_reference_points_at_a_row_that_exists(generated):
    for _table, (model, _columns) in tables().items():
        for field in model._meta.get_fields():
            if isinstance(field, ForeignKey):
                dangling = model.objects.filter(**{f"{field.attname}__isnull": False}).exclude(
                    **{f"{field.name}__in": field.related_model.objects.all()}
                )
                assert not dangling.exists(), f"{model.__name__}.{field.name} points at nothing"


def test_closed_cases_closed_after_they_opened_and_open_ones_are_open(generated):
    closed = Case.objects.filter(closed_at__isnull=False)
    assert not closed.filter(closed_at__lt=F("opened_at")).exists()
    assert not closed.filter(is_open=True).exists()
    assert not closed.filter(closure_reason="").exists()
    assert not Case.objects.filter(closed_at__isnull=True).exclude(is_open=True).exists()
    assert not Case.objects.filter(is_open=True).exclude(closure_reason="").exists()
    share_closed = closed.count() / CASES
    assert 0.65 <= share_closed <= 0.92, share_closed
    now = timezone.now()
    assert not Case.objects.filter(opened_at__gt=now).exists()
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    assert not CaseEvent.objects.filter(at__lt=F("case__opened_at")).exists()
    assert not Case.objects.filter(opened_at__lt=now - timedelta(days=4 * 366)).exists()


def test_each_case_opens_with_its_event_and_a_closed_one_closes_with_one(generated):
    opened = CaseEvent.objects.filter(verb="case.opened", at=F("case__opened_at"))
    assert opened.values("case").distinct().count() == CASES
    closing = CaseEvent.objects.filter(verb="case.closed", at=F("case__closed_at"))
    assert closing.count() == Case.objects.filter(is_open=False).count()


def test_duty_states_agree_with_their_dates_and_the_case(generated):
    duties = Obligation.objects.all()
    assert set(duties.values_list("state", flat=True)) == set(ObligationState.values)
    assert not duties.filter(state=ObligationState.PENDING, case__is_open=False).exists()
    settled = duties.filter(state__in=[ObligationState.MET, ObligationState.MET_LATE])
    assert not settled.filter(met_at__isnull=True).exists()
    assert (
        not duties.exclude(state__in=[ObligationState.MET, ObligationState.MET_LATE])
        .filter(met_at__isnull=False)
        .exists()
    )
    for duty in settled.exclude(due_date=None):
        met_on = duty.met_at.astimezone(LONDON).date()
        assert (met_on <= duty.due_date) == (duty.state == ObligationState.MET), duty.pk
    for duty in duties.filter(state=ObligationState.MISSED).select_related("case"):
        assert duty.case.closed_at.astimezone(LONDON).date() > duty.due_date, duty.pk
    assert not duties.filter(due_date__lt=F("started_on")).exists()


def test_what_the_engine_derives_onto_a_case_agrees_with_its_events(generated):
    if not first_times():
        pytest.skip("this version of Case has no columns derived from its events")
    for name, verbs in first_times():
        found = Case.objects.annotate(first=Min("events__at", filter=Q(events__verb__in=verbs))).values_list(
            name, "first"
        )
        assert all(stored == first for stored, first in found), name
        assert any(stored is not None for stored, _ in found), name


def test_some_people_come_back_across_cases(generated):
    def repeated(role: str, times: int) -> int:
        return (
            Party.objects.filter(role=role)
            .values("person__match_key")
            .annotate(cases=Count("case", distinct=True))
            .filter(cases__gte=times)
            .count()
        )

    assert repeated(PartyRole.COMPLAINANT, 2) > 0
    assert repeated(PartyRole.ALLEGED_PERPETRATOR, 3) > 0
    assert Person.objects.filter(match_key="").count() == 0
    assert Incident.objects.filter(source="diary").exists()
    assert Case.objects.filter(hate_related=True).exists()


def test_each_party_carries_its_persons_match_key(generated):
    assert Party.objects.count() > 0
    assert not Party.objects.exclude(person_key=F("person__match_key")).exists()


def test_the_hot_spots_derived_counts_are_filled(generated):
    # As the engine would keep them: every case opened once, every incident once, by day and place.
    assert PlaceDay.objects.aggregate(n=Sum("cases"))["n"] == CASES
    assert PlaceDay.objects.aggregate(n=Sum("incidents"))["n"] == generated["cases_incident"]
    assert ComplainantDay.objects.exists()
    assert PerpetratorCase.objects.count() == (
        Party.objects.filter(role=PartyRole.ALLEGED_PERPETRATOR).values("case", "person_key").distinct().count()
    )


def test_a_second_run_on_the_same_database_is_refused(generated):
    with pytest.raises(LargeOrgRefused, match=f"already has {CASES} cases: use --reset"):
        generate(Size(cases=10), load=connection.connection, threaded=False, defer_indexes=False, say=str)


@pytest.mark.parametrize("spec", REPORTS, ids=lambda spec: spec.slug)
def test_every_report_builds_on_it(generated, spec):
    if importlib.util.find_spec(f"casework.reports.{spec.module}") is None:
        pytest.skip(f"casework/reports/{spec.module}.py is not written yet")
    administrator = get_user_model().objects.get(username="administrator")
    manager = get_user_model().objects.get(username="housing.manager.01")
    today = timezone.localdate()
    for user in (administrator, manager):
        report = spec.build(Scope.for_user(user, as_of=today), parse({}, as_of=today))
        assert report.tables, spec.slug
    year = spec.build(
        Scope.for_user(administrator, as_of=today),
        parse({"from": str(today - timedelta(days=364)), "to": str(today)}, as_of=today),
    )
    assert year.tables


def test_sqlite_is_refused_with_a_reason(capsys):
    with pytest.raises(LargeOrgRefused, match="PostgreSQL only"):
        require_postgresql("sqlite:///var/casework.sqlite3")
    assert main(["--database-url", "sqlite:///var/casework.sqlite3"]) == 2
    assert "PostgreSQL only" in capsys.readouterr().err


def test_figures_differ_by_team(generated):
    by_team = Case.objects.values("team").annotate(n=Count("id")).filter(~Q(team=None))
    assert by_team.count() == Team.objects.count()
