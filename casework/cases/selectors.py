"""Reads, always scoped to what the user may see (STYLE.md): case lists, a case, work due, duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from casework.cases.choices import ObligationState
from casework.cases.engine import today
from casework.cases.models import Case, CaseEvent, CaseType, Obligation, Party
from casework.cases.models.people import normalise_postcode
from casework.cases.permissions import require, scope_to_visible
from casework.errors import InvalidInput, NotFound


def cases_visible_to(user: Any) -> QuerySet[Case]:
    return scope_to_visible(Case.objects.all(), user)


def overdue_filter(as_of: date) -> Exists:
    return Exists(Obligation.objects.filter(case=OuterRef("pk"), state=ObligationState.PENDING, due_date__lt=as_of))


@dataclass(frozen=True)
class CaseFilters:
    status: str | None = None  # "open" or "closed"
    stage: str | None = None
    priority: str | None = None
    type: str | None = None
    owner: int | None = None
    team: int | None = None
    overdue: bool | None = None
    q: str | None = None


def case_list(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases the user may see, filtered, newest first, with everything a list row shows loaded up front."""
    filters = filters or CaseFilters()
    cases = (
        cases_visible_to(user)
        .select_related("owner", "team", "address")
        .prefetch_related(Prefetch("types", queryset=CaseType.objects.order_by("id")))
    )
    if filters.status is not None:
        if filters.status not in {"open", "closed"}:
            raise InvalidInput("status must be open or closed", fields={"status": "open or closed"})
        cases = cases.filter(is_open=filters.status == "open")
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.type:
        cases = cases.filter(types__type_id=filters.type)
    if filters.owner is not None:
        cases = cases.filter(owner_id=filters.owner)
    if filters.team is not None:
        cases = cases.filter(team_id=filters.team)
    if filters.overdue is not None:
        cases = cases.filter(overdue_filter(today())) if filters.overdue else cases.exclude(overdue_filter(today()))
    if filters.q:
        term = filters.q.strip()
        cases = cases.filter(
            Q(reference__iexact=term)
            | Q(address__postcode=normalise_postcode(term))
            | Q(address__line1__icontains=term)
            | Q(parties__person__name__icontains=term)
        ).distinct()
    return cases.annotate(has_overdue=overdue_filter(today())).order_by("-opened_at", "-id")


def case_for(user: Any, reference: str) -> Case:
    """One case the user may see, or NotFound whether it exists or not."""
    require(user, "case.view", "see cases")
    case = (
        cases_visible_to(user)
        .select_related("owner", "team", "address", "created_by")
        .prefetch_related("types")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound(f"no case {reference}")
    return case


def with_status(obligations: QuerySet[Obligation], as_of: date) -> QuerySet[Obligation]:
    return obligations.annotate(
        status=When_(
            When(state=ObligationState.PENDING, due_date__lt=as_of, then=Value("overdue")),
            When(state=ObligationState.PENDING, due_date=as_of, then=Value("due-today")),
            When(state=ObligationState.PENDING, then=Value("open")),
            When(state=ObligationState.MISSED, then=Value("overdue")),
            default="state",
            output_field=CharField(),
        )
    )


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")


def work_due_for(user: Any, *, within_days: int = 7, as_of: date | None = None) -> QuerySet[Obligation]:
    """What the user owns that is overdue or due within `within_days`, soonest first, on cases they see."""
    day = as_of or today()
    visible = cases_visible_to(user).filter(is_open=True)
    return with_status(
        Obligation.objects.filter(
            owner=user, state=ObligationState.PENDING, due_date__lte=day + timedelta(days=within_days), case__in=visible
        )
        .select_related("case")
        .order_by("due_date", "case__reference", "id"),
        day,
    )


def duplicate_candidates(*, address: Any = None, names: list[str] | None = None, limit: int = 10) -> list[Case]:
    """Open cases at the same address (UPRN, or first line and postcode) or naming the same people.

    Used at intake before anything is written; returns cases whoever is reporting may add the report to.
    """
    condition = Q()
    if address is not None:
        at_address = Q(
            address__postcode=normalise_postcode(address.postcode), address__line1__iexact=address.line1.strip()
        )
        if getattr(address, "uprn", ""):
            at_address |= Q(address__uprn=address.uprn.strip())
        condition |= at_address
    wanted = [n.strip() for n in names or [] if n and n.strip()]
    if wanted:
        people = Q()
        for name in wanted:
            people |= Q(person__name__iexact=name)
        condition |= Q(pk__in=Party.objects.filter(people).values("case_id"))
    if not condition:
        return []
    return list(
        Case.objects.filter(is_open=True)
        .filter(condition)
        .select_related("address")
        .prefetch_related("types")
        .order_by("-opened_at")[:limit]
    )
