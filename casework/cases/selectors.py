"""Reads, always scoped to what the user may see (STYLE.md): case lists, a case, work due, duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case as When_
from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When

from casework.accounts.models import StaffProfile, Team
from casework.cases.choices import InterventionStatus, ObligationState
from casework.cases.engine import today
from casework.cases.models import Case, CaseEvent, CaseType, Intervention, Obligation, Party
from casework.cases.models.people import normalise_postcode
from casework.cases.packs import pack_named
from casework.cases.permissions import CASEWORKERS, has_capability, require, scope_to_visible
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
    return pending_work_for(user, WorkFilters(within_days=within_days), as_of=as_of)


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


# -- My work, the team view and approvals (the staff web app) ----------------------------------------------


@dataclass(frozen=True)
class WorkFilters:
    case: str | None = None  # a case reference
    kind: str | None = None  # an obligation kind
    priority: str | None = None  # the case's priority
    overdue_only: bool = False
    within_days: int | None = None  # due within this many days of today, overdue included; None: any date


def pending_work_for(
    user: Any, filters: WorkFilters | None = None, *, as_of: date | None = None
) -> QuerySet[Obligation]:
    """Every pending duty the user owns on open cases they see, filtered, soonest first (undated ones last)."""
    filters = filters or WorkFilters()
    day = as_of or today()
    work = Obligation.objects.filter(
        owner=user, state=ObligationState.PENDING, case__in=cases_visible_to(user).filter(is_open=True)
    )
    if filters.case:
        work = work.filter(case__reference__iexact=filters.case.strip())
    if filters.kind:
        work = work.filter(kind=filters.kind)
    if filters.priority:
        work = work.filter(case__priority=filters.priority)
    if filters.overdue_only:
        work = work.filter(due_date__lt=day)
    elif filters.within_days is not None:
        work = work.filter(due_date__lte=day + timedelta(days=filters.within_days))
    ordered = work.select_related("case").order_by(F("due_date").asc(nulls_last=True), "case__reference", "id")
    return with_status(ordered, day)


@dataclass(frozen=True)
class WorkFigures:
    overdue: int
    due_today: int
    due_this_week: int  # after today, up to 7 days ahead


def work_figures(user: Any, *, as_of: date | None = None) -> WorkFigures:
    """How much of the user's work is overdue, due today and due in the next seven days: one query."""
    day = as_of or today()
    counts = pending_work_for(user, as_of=day).aggregate(
        overdue=Count("id", filter=Q(due_date__lt=day)),
        due_today=Count("id", filter=Q(due_date=day)),
        due_this_week=Count("id", filter=Q(due_date__gt=day, due_date__lte=day + timedelta(days=7))),
    )
    return WorkFigures(**counts)


@dataclass(frozen=True)
class ApprovalWaiting:
    intervention: Intervention
    kind_label: str  # the intervention in the case pack's words
    role_label: str  # the pack role whose approval is needed next

    @property
    def case(self) -> Case:
        return self.intervention.case


def approvals_waiting_for(user: Any) -> list[ApprovalWaiting]:
    """Proposed interventions on open cases the user sees whose next approval the user may give.

    The rule is intervention_decide's: the next pack role in the chain, held by the user's staff role or a
    more senior one; never the proposer, and never twice from the same person. Two queries however many.
    """
    from casework.cases.services.interventions import approval_refused, outstanding_approvals

    if not has_capability(user, "intervention.approve"):
        return []
    proposed = (
        Intervention.objects.filter(
            status=InterventionStatus.PROPOSED, case__in=cases_visible_to(user).filter(is_open=True)
        )
        .exclude(proposed_by=user)
        .select_related("case", "proposed_by")
        .prefetch_related("approvals")
        .order_by("proposed_at", "id")
    )
    waiting = []
    for intervention in proposed:
        pack = pack_named(intervention.case.pack_id)
        rule = pack.intervention(intervention.kind)
        if rule is not None and approval_refused(user, intervention, rule, pack) is None:
            role = outstanding_approvals(intervention, rule)[0]
            waiting.append(ApprovalWaiting(intervention, rule.label, pack.role_label(role)))
    return waiting


@dataclass
class OfficerLoad:
    """One row of the team view: a person (None: cases owned by a role, not a person) and their load."""

    officer: Any
    open_cases: int = 0
    overdue: int = 0


@dataclass
class TeamLoad:
    team: Team
    officers: list[OfficerLoad]
    not_allocated: OfficerLoad


def managed_teams(user: Any) -> list[Team]:
    return list(Team.objects.filter(managers=user).order_by("name"))


def team_open_cases(user: Any, teams: list[Team]) -> QuerySet[Case]:
    """The open cases of these teams that the user sees, oldest first, with what a list row shows."""
    return (
        cases_visible_to(user)
        .filter(is_open=True, team__in=teams)
        .select_related("owner", "team", "address")
        .annotate(has_overdue=overdue_filter(today()))
        .order_by("opened_at", "id")
    )


def team_loads(user: Any, teams: list[Team], *, as_of: date | None = None) -> list[TeamLoad]:
    """Each team's caseworkers (and anyone else holding its open cases) with open cases and overdue duties.

    A fixed number of queries whatever the number of people, cases or duties: counts are grouped in SQL.
    """
    day = as_of or today()
    cases = cases_visible_to(user).filter(is_open=True, team__in=teams)
    case_counts = cases.values_list("team_id", "owner_id").annotate(n=Count("id")).order_by()
    overdue = Obligation.objects.filter(state=ObligationState.PENDING, due_date__lt=day, case__in=cases)
    named_overdue = overdue.values_list("case__team_id", "owner_id").annotate(n=Count("id")).order_by()
    unallocated_overdue = (
        overdue.filter(case__owner__isnull=True).values_list("case__team_id").annotate(n=Count("id")).order_by()
    )
    open_by = {(team_id, owner_id): n for team_id, owner_id, n in case_counts}
    overdue_by = {(team_id, owner_id): n for team_id, owner_id, n in named_overdue}
    unallocated_overdue_by = dict(unallocated_overdue)
    caseworkers = [role.value for role in CASEWORKERS]
    members = (
        StaffProfile.objects.filter(team__in=teams, user__is_active=True, user__groups__name__in=caseworkers)
        .select_related("user")
        .distinct()
    )
    people_by_team: dict[int, dict[int, Any]] = {team.pk: {} for team in teams}
    known: dict[int, Any] = {}
    for profile in members:
        people_by_team[profile.team_id][profile.user_id] = known[profile.user_id] = profile.user  # type: ignore[index]
    # People holding a team's cases without being in it (reassigned to a manager, say) are counted too.
    holders = {(team_id, owner_id) for team_id, owner_id in [*open_by, *overdue_by] if owner_id is not None}
    outside = {owner_id for _, owner_id in holders} - set(known)
    if outside:
        known.update((person.pk, person) for person in get_user_model().objects.filter(pk__in=outside))
    for team_id, owner_id in holders:
        people_by_team[team_id].setdefault(owner_id, known[owner_id])
    loads = []
    for team in teams:
        officers = [
            OfficerLoad(person, open_by.get((team.pk, pk), 0), overdue_by.get((team.pk, pk), 0))
            for pk, person in people_by_team[team.pk].items()
        ]
        officers.sort(key=lambda row: (row.officer.get_full_name() or row.officer.get_username()).lower())
        not_allocated = OfficerLoad(None, open_by.get((team.pk, None), 0), unallocated_overdue_by.get(team.pk, 0))
        loads.append(TeamLoad(team, officers, not_allocated))
    return loads


def team_duties_without_owner(user: Any, teams: list[Team], *, as_of: date | None = None) -> QuerySet[Obligation]:
    """Pending duties on the teams' open cases that no named person owns (a role's, e.g. a manager review)."""
    day = as_of or today()
    cases = cases_visible_to(user).filter(is_open=True, team__in=teams)
    duties = Obligation.objects.filter(state=ObligationState.PENDING, owner__isnull=True, case__in=cases)
    return with_status(
        duties.select_related("case").order_by(F("due_date").asc(nulls_last=True), "case__reference", "id"), day
    )
