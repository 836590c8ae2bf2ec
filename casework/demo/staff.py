"""The demo organisation's people: two teams, one login per staff role, and a few more officers.

Each login holds a pack role whose `staff_role` is its own, so approvals and allocation work as they
would for real staff. Where a pack has no role for a kind of staff (Medway names only its Housing
Tenancy Team), that login has no pack role and can still do everything its staff role allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import cycle
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from casework.accounts.models import StaffProfile, Team
from casework.accounts.roles import StaffRole
from casework.demo.names import STAFF_NAMES
from casework.domain.packs import PolicyPack
from casework.domain.triage import owner_role

#: The one password every demo login shares. Demo data is only ever loaded with DEBUG on.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented, DEBUG-only

#: Demo logins are recognised by this email domain, so `--reset` deletes exactly them.
DEMO_EMAIL_DOMAIN = "demo.example.org"

NORTH, SOUTH = "North team", "South team"

#: username -> the staff role that login holds, in the order logins are printed.
LOGINS = {
    "contact.centre": StaffRole.CONTACT_CENTRE,
    "housing.officer": StaffRole.HOUSING_OFFICER,
    "enforcement.manager": StaffRole.TENANCY_ENFORCEMENT_MANAGER,
    "housing.manager": StaffRole.HOUSING_MANAGER,
    "operations.manager": StaffRole.OPERATIONS_MANAGER,
    "administrator": StaffRole.ADMINISTRATOR,
}
EXTRA_OFFICERS = ("officer.2", "officer.3", "officer.4")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    pack_role: str
    team: str


@dataclass
class DemoStaff:
    """Who does what in the generator: the contact centre opens, owners work, managers approve."""

    contact_centre: Any
    officers: list[Any]
    enforcement: Any
    manager: Any
    operations: Any
    administrator: Any
    everyone: list[Any] = field(default_factory=list)

    @property
    def approvers(self) -> list[Any]:
        return [self.manager, self.operations, self.enforcement]


def is_demo_user(user: Any) -> bool:
    return str(user.email).endswith("@" + DEMO_EMAIL_DOMAIN)


def demo_users() -> Any:
    return get_user_model().objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN)


def owning_roles(pack: PolicyPack) -> list[str]:
    """Every pack role a new case can be allocated to, so someone holds each one."""
    roles = [pack.default_owner_role]
    for asb_type in pack.types:
        for priority in [asb_type.priority] if asb_type.priority else asb_type.priority_choices:
            roles.append(owner_role(pack, [asb_type.id], priority))
    return list(dict.fromkeys(roles))


def _approving_roles(pack: PolicyPack) -> list[str]:
    roles = [role for rule in pack.interventions for role in rule.approvals]
    if pack.closure.agreed_by:
        roles.append(pack.closure.agreed_by)
    return roles


def _pack_role(pack: PolicyPack, staff_role: StaffRole, preferred: list[str]) -> str:
    held_by_this_role = [r.id for r in pack.roles if r.staff_role == staff_role.value]
    for role in preferred:
        if role in held_by_this_role:
            return role
    return held_by_this_role[0] if held_by_this_role else ""


def create_staff(pack: PolicyPack) -> DemoStaff:
    """Create the teams and demo logins for `pack` (the caller has checked none exist yet)."""
    north, _ = Team.objects.get_or_create(name=NORTH)
    south, _ = Team.objects.get_or_create(name=SOUTH)
    # One hash for every login: hashing is deliberately slow, and they all share the demo password.
    password = make_password(DEMO_PASSWORD)
    owners = owning_roles(pack)
    preferred = owners + _approving_roles(pack)
    names = cycle(STAFF_NAMES)
    User = get_user_model()  # noqa: N806 - the model class

    def make(username: str, staff_role: StaffRole, pack_role: str, team: Team | None) -> Any:
        first, last = next(names)
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            password=password,
            # The administrator runs the system, so it may use Django's admin site too.
            is_staff=staff_role == StaffRole.ADMINISTRATOR,
            is_superuser=staff_role == StaffRole.ADMINISTRATOR,
        )
        user.groups.add(Group.objects.get_or_create(name=staff_role.value)[0])
        StaffProfile.objects.create(user=user, team=team, pack_role=pack_role)
        return user

    officer_roles = [r for r in owners if pack.staff_role(r) == StaffRole.HOUSING_OFFICER.value] or [
        _pack_role(pack, StaffRole.HOUSING_OFFICER, preferred)
    ]
    teams = {
        StaffRole.CONTACT_CENTRE: north,
        StaffRole.HOUSING_OFFICER: north,
        StaffRole.TENANCY_ENFORCEMENT_MANAGER: north,
        StaffRole.HOUSING_MANAGER: None,
        StaffRole.OPERATIONS_MANAGER: None,
        StaffRole.ADMINISTRATOR: None,
    }
    users: dict[StaffRole, Any] = {}
    for username, staff_role in LOGINS.items():
        pack_role = (
            officer_roles[0] if staff_role == StaffRole.HOUSING_OFFICER else _pack_role(pack, staff_role, preferred)
        )
        users[staff_role] = make(username, staff_role, pack_role, teams[staff_role])
    officers = [users[StaffRole.HOUSING_OFFICER]]
    for number, username in enumerate(EXTRA_OFFICERS, start=1):
        # Alternate teams and the officers' owning roles so allocation spreads work across both.
        role = officer_roles[number % len(officer_roles)]
        officers.append(make(username, StaffRole.HOUSING_OFFICER, role, south if number % 2 else north))
    held = {u.staff.pack_role for u in [*users.values(), *officers]}
    for number, role in enumerate([r for r in owners if r not in held], start=len(officers) + 1):
        # An owning role no login holds yet (a pack with two owning roles for one kind of staff).
        staff_role = StaffRole(pack.staff_role(role))
        officers.append(make(f"officer.{number}", staff_role, role, north))
    # Managers manage both teams, so every case has someone to approve its steps.
    for manager in (users[StaffRole.HOUSING_MANAGER], users[StaffRole.OPERATIONS_MANAGER]):
        north.managers.add(manager)
        south.managers.add(manager)
    return DemoStaff(
        contact_centre=users[StaffRole.CONTACT_CENTRE],
        officers=officers,
        enforcement=users[StaffRole.TENANCY_ENFORCEMENT_MANAGER],
        manager=users[StaffRole.HOUSING_MANAGER],
        operations=users[StaffRole.OPERATIONS_MANAGER],
        administrator=users[StaffRole.ADMINISTRATOR],
        everyone=[*users.values(), *officers[1:]],
    )


def logins() -> list[Login]:
    """The demo logins in the database, the one per staff role first."""
    order = {name: i for i, name in enumerate([*LOGINS, *EXTRA_OFFICERS])}
    rows = []
    for user in demo_users().select_related("staff__team").prefetch_related("groups"):
        profile = getattr(user, "staff", None)
        groups = [g.name for g in user.groups.all()]
        role = next((r.label for r in StaffRole if r.value in groups), "no role")
        rows.append(
            Login(
                username=user.username,
                role=role,
                pack_role=profile.pack_role if profile else "",
                team=profile.team.name if profile and profile.team else "",
            )
        )
    return sorted(rows, key=lambda login: (order.get(login.username, len(order)), login.username))
