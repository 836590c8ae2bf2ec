"""Staff roles: Django groups that decide what a user may see and do (docs/permissions.md).

Five of them are the pack's kinds of staff (`STAFF_ROLES` in the pack schema), ordered by seniority;
administrators run the system and see every case but approve nothing.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from casework.domain.packs.schema import STAFF_ROLES


class StaffRole(StrEnum):
    CONTACT_CENTRE = "contact-centre"
    HOUSING_OFFICER = "housing-officer"
    TENANCY_ENFORCEMENT_MANAGER = "tenancy-enforcement-manager"
    HOUSING_MANAGER = "housing-manager"
    OPERATIONS_MANAGER = "operations-manager"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    StaffRole.CONTACT_CENTRE: "Contact centre",
    StaffRole.HOUSING_OFFICER: "Housing officer",
    StaffRole.TENANCY_ENFORCEMENT_MANAGER: "Tenancy enforcement manager",
    StaffRole.HOUSING_MANAGER: "Housing manager",
    StaffRole.OPERATIONS_MANAGER: "Operations manager",
    StaffRole.ADMINISTRATOR: "Administrator",
}

MANAGERS = frozenset({StaffRole.TENANCY_ENFORCEMENT_MANAGER, StaffRole.HOUSING_MANAGER, StaffRole.OPERATIONS_MANAGER})

if tuple(r.value for r in StaffRole)[:-1] != STAFF_ROLES:  # pragma: no cover - a programming error
    raise ImportError("staff roles and the pack schema's STAFF_ROLES must agree")

User = AbstractBaseUser | AnonymousUser


def roles_of(user: object) -> frozenset[StaffRole]:
    """The staff roles a user holds (their groups), cached on the user object for the request."""
    cached = getattr(user, "_casework_roles", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        roles: frozenset[StaffRole] = frozenset()
    else:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        roles = frozenset(role for role in StaffRole if role.value in names)
    user._casework_roles = roles  # type: ignore[attr-defined]
    return roles


def seniority(role: str) -> int:
    """0 for the contact centre up to 4 for operations managers; -1 for roles outside the ladder."""
    return STAFF_ROLES.index(role) if role in STAFF_ROLES else -1


def can_act_as(user: object, staff_role: str) -> bool:
    """Whether the user holds `staff_role` or a more senior role on the ladder (for approvals)."""
    needed = seniority(staff_role)
    return any(seniority(role) >= needed >= 0 for role in roles_of(user))
