"""Who may see which cases and take which steps: one checker for querysets, pages and the API.

Two tiers (STYLE.md): administrators see every case; everyone else sees the cases they own, logged, or
that belong to a team they are in or manage. Contact-centre staff see only cases they logged. What a
role may *do* is the `CAPABILITIES` table; every API operation names one of its keys, and a test fails
when an operation names none (docs/permissions.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from casework.accounts.roles import StaffRole, roles_of
from casework.errors import NotAllowed

CC = StaffRole.CONTACT_CENTRE
HO = StaffRole.HOUSING_OFFICER
TEM = StaffRole.TENANCY_ENFORCEMENT_MANAGER
HM = StaffRole.HOUSING_MANAGER
OM = StaffRole.OPERATIONS_MANAGER
ADMIN = StaffRole.ADMINISTRATOR

EVERYONE = frozenset(StaffRole)
CASEWORKERS = frozenset({HO, TEM, HM, OM})
MANAGERS = frozenset({TEM, HM, OM})

#: capability -> the roles that hold it. Object visibility is checked separately (404 before 403).
CAPABILITIES: dict[str, frozenset[StaffRole]] = {
    "case.view": EVERYONE,
    "case.open": frozenset({CC, HO, TEM, HM, OM}),
    "case.add-report": frozenset({CC, HO, TEM, HM, OM}),
    "case.find-duplicates": frozenset({CC, HO, TEM, HM, OM, ADMIN}),
    "case.work": CASEWORKERS,
    "case.reassign": frozenset({HM, OM, ADMIN}),
    "case.close": CASEWORKERS,
    "case.reopen": MANAGERS,
    "intervention.approve": MANAGERS,
    "case-review.decide": MANAGERS,
    "police-disclosure.record": CASEWORKERS,
    "police-disclosure.read": frozenset({OM}),
    "reports.view": frozenset({TEM, HM, OM, ADMIN}),
    "pack.view": EVERYONE,
    "staff.view": EVERYONE,
    "organisation.view": EVERYONE,
}


@dataclass(frozen=True)
class ResidentGrant:
    """What a resident's link lets the online service do for them: these capabilities, on this one case.

    Residents have no accounts. When a valid link (casework/residents/links.py) or the public report form
    acts, it is the online service's user that acts, carrying a grant for that request only; the case
    services check it exactly as they check a member of staff's roles, so a resident's diary entry meets
    the same rules as an officer's. A grant never widens to another case, and staff never hold one.
    """

    case_id: int | None
    capabilities: frozenset[str]


def grant(user: Any, *, case_id: int | None, capabilities: frozenset[str]) -> Any:
    """`user` (the online service's account) with a grant for one case (or none, to open one)."""
    user._casework_grant = ResidentGrant(case_id, capabilities)
    return user


def grant_of(user: object) -> ResidentGrant | None:
    return getattr(user, "_casework_grant", None)


def has_capability(user: object, capability: str) -> bool:
    granted = grant_of(user)
    if granted is not None:
        return capability in granted.capabilities
    return bool(roles_of(user) & CAPABILITIES[capability])


def require(user: object, capability: str, doing: str) -> None:
    """Refuse with a message naming the step, when none of the user's roles may take it."""
    if not has_capability(user, capability):
        raise NotAllowed(f"your role cannot {doing}")


def team_ids_of(user: object) -> set[int]:
    cached = getattr(user, "_casework_team_ids", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from casework.accounts.models import StaffProfile, Team

    ids = set(Team.objects.filter(managers=user).values_list("id", flat=True))  # type: ignore[misc]
    ids |= {
        team_id
        for team_id in StaffProfile.objects.filter(user=user).values_list("team_id", flat=True)  # type: ignore[misc]
        if team_id is not None
    }
    user._casework_team_ids = ids  # type: ignore[attr-defined]
    return ids


def visible_cases_filter(user: object) -> Q | None:
    """The condition for cases this user may see; None means every case (administrators)."""
    granted = grant_of(user)
    if granted is not None:
        return Q(pk=granted.case_id) if granted.case_id is not None else Q(pk__in=[])
    roles = roles_of(user)
    if ADMIN in roles:
        return None
    if not roles:
        return Q(pk__in=[])
    condition = Q(owner=user) | Q(created_by=user)
    if roles - {CC}:
        condition |= Q(team_id__in=team_ids_of(user))
    return condition


def scope_to_visible(queryset: QuerySet[Any], user: object) -> QuerySet[Any]:
    condition = visible_cases_filter(user)
    return queryset if condition is None else queryset.filter(condition)
