"""Places (estates in areas and wards, where ASB concentrates) and staff (teams, officers, managers)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from bench.large_org.base import BENCH_PASSWORD, EMAIL_DOMAIN, Size, copy_line, copy_text, cumulative
from bench.large_org.duties import Plan

_ESTATE_KINDS = ("Estate", "Park", "Fields", "Green", "Gardens", "Court", "Rise", "Vale")
_COMPASS = ("", "North ", "South ", "East ", "West ", "Upper ", "Lower ")
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Places:
    estates: int
    estate_of: list[int]  # address index -> estate
    addresses_of: list[list[int]]  # estate -> address ids
    area_of_estate: list[int]
    estate_cum: list[float]
    hot_addresses: list[int]


def make_places(size: Size, first_id: int, rng: random.Random) -> tuple[Places, list[str]]:
    """Estates in areas and wards, each with its addresses (COPY lines); where ASB concentrates."""
    from casework.cases.models.people import postcode_district
    from casework.demo.names import STREETS, SURNAMES, TOWNS

    areas = max(2, size.teams * 3 // 2)
    districts = [f"ZZ{n}" for n in range(1, 100)] + [f"ZZ{n}{c}" for n in range(1, 10) for c in _LETTERS]
    estates = max(10, size.addresses // 200)
    area_of_estate = [e % areas for e in range(estates)]
    names = [f"{c}{s} {k}" for c in _COMPASS for k in _ESTATE_KINDS for s in SURNAMES]
    estate_names = [
        names[e % len(names)] + (f" {e // len(names) + 1}" if e >= len(names) else "") for e in range(estates)
    ]
    area_names = [f"{TOWNS[a % len(TOWNS)]} area {a // len(TOWNS) + 1}" for a in range(areas)]
    estate_of: list[int] = []
    addresses_of: list[list[int]] = [[] for _ in range(estates)]
    lines = []
    for index in range(size.addresses):
        e = index % estates
        a = area_of_estate[e]
        district = districts[(a * 5 + (e // areas) % 5) % len(districts)]
        postcode = f"{district} {index % 10}{_LETTERS[(index // 10) % 20]}{_LETTERS[(index // 200) % 20]}"
        street = f"{STREETS[e % len(STREETS)]}, {estate_names[e]}"
        address_id = first_id + index
        lines.append(
            copy_line(
                address_id, f"{index // estates + 1} {street}", "", TOWNS[a % len(TOWNS)], postcode,
                100_000_000_000 + index, copy_text(estate_names[e]), area_names[a],
                f"{area_names[a]} ward {(e // areas) % 4 + 1}", postcode_district(postcode), "",
            ),
        )  # fmt: skip
        estate_of.append(e)
        addresses_of[e].append(address_id)
    # ASB concentrates: a few estates see far more of it, and a few addresses keep coming back.
    ranks = list(range(estates))
    rng.shuffle(ranks)
    hot = rng.sample(range(size.addresses), max(1, size.addresses // 100))
    places = Places(
        estates=estates,
        estate_of=estate_of,
        addresses_of=addresses_of,
        area_of_estate=area_of_estate,
        estate_cum=cumulative([1 / (r + 5) ** 0.8 for r in ranks]),
        hot_addresses=[first_id + i for i in hot],
    )
    return places, lines


@dataclass
class Staff:
    administrator: Any
    contact_centre: list[int]
    officers: dict[int, list[int]]  # team index -> officer ids
    holders: dict[tuple[int, str], list[int]]  # (team index, pack role) -> user ids
    manager_of: dict[int, int]  # team index -> housing manager id
    team_ids: list[int]
    users: int


def make_staff(size: Size, plan: Plan) -> Staff:
    """Teams and staff through the ORM (hundreds of rows): housing officers, managers, the contact centre."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from casework.accounts.models import Organisation, StaffProfile, Team
    from casework.accounts.roles import StaffRole
    from casework.demo.names import FIRST_NAMES, SURNAMES

    pack = plan.pack
    Organisation.objects.update_or_create(
        pk=1, defaults={"name": "Large Housing Group (benchmark)", "pack_id": pack.id, "homes": size.homes}
    )
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in StaffRole}
    teams = Team.objects.bulk_create(Team(name=f"Neighbourhood team {n + 1:02d}") for n in range(size.teams))
    User = get_user_model()  # noqa: N806 - the model class
    password = make_password(BENCH_PASSWORD)

    def pack_role(staff_role: StaffRole, preferred: list[str]) -> str:
        held = [r.id for r in pack.roles if r.staff_role == staff_role.value]
        return next((r for r in preferred if r in held), held[0] if held else "")

    owning = list(
        dict.fromkeys(
            plan.owner_role(t.id, p) for p in plan.priorities for t in pack.types if t.id in plan.types_by_priority[p]
        )
    )
    officer_roles = [r for r in owning if pack.staff_role(r) == StaffRole.HOUSING_OFFICER.value] or [
        pack_role(StaffRole.HOUSING_OFFICER, owning)
    ]
    specs: list[tuple[str, StaffRole, str, int | None]] = [("administrator", StaffRole.ADMINISTRATOR, "", None)]
    for n in range(max(2, min(20, size.cases // 50_000))):
        specs.append((f"contact.{n + 1:02d}", StaffRole.CONTACT_CENTRE, pack_role(StaffRole.CONTACT_CENTRE, []), None))
    manager_role = pack_role(StaffRole.HOUSING_MANAGER, [plan.agreed_by or "", *[a for _, a in plan.interventions]])
    for t in range(size.teams):
        specs.append((f"housing.manager.{t + 1:02d}", StaffRole.HOUSING_MANAGER, manager_role, t))
        for n in range(size.officers_per_team):
            role = officer_roles[n % len(officer_roles)]
            specs.append((f"officer.{t + 1:02d}.{n + 1:02d}", StaffRole.HOUSING_OFFICER, role, t))
        if t % 4 == 0:  # a tenancy enforcement manager for every four teams; they own the pack's TEM cases
            tem_roles = [r for r in owning if pack.staff_role(r) == StaffRole.TENANCY_ENFORCEMENT_MANAGER.value]
            role = tem_roles[0] if tem_roles else pack_role(StaffRole.TENANCY_ENFORCEMENT_MANAGER, owning)
            specs.append((f"enforcement.manager.{t // 4 + 1:02d}", StaffRole.TENANCY_ENFORCEMENT_MANAGER, role, t))
        if t % 10 == 0:
            role = pack_role(StaffRole.OPERATIONS_MANAGER, [])
            specs.append((f"operations.manager.{t // 10 + 1:02d}", StaffRole.OPERATIONS_MANAGER, role, t))
    made = User.objects.bulk_create(
        User(
            username=username,
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name=SURNAMES[(n // len(FIRST_NAMES)) % len(SURNAMES)],
            email=f"{username}@{EMAIL_DOMAIN}",
            password=password,
            is_staff=role == StaffRole.ADMINISTRATOR,
            is_superuser=role == StaffRole.ADMINISTRATOR,
        )
        for n, (username, role, _, _) in enumerate(specs)
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(user=u, team=teams[t] if t is not None else None, pack_role=pr)
        for u, (_, _, pr, t) in zip(made, specs, strict=True)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=groups[role].pk)
        for u, (_, role, _, _) in zip(made, specs, strict=True)
    )
    staff = Staff(made[0], [], {t: [] for t in range(size.teams)}, {}, {}, [t.pk for t in teams], len(made))
    manages = []
    for u, (_, role, pr, home) in zip(made, specs, strict=True):
        if role == StaffRole.CONTACT_CENTRE:
            staff.contact_centre.append(u.pk)
        if home is None:
            continue
        staff.holders.setdefault((home, pr), []).append(u.pk)
        if role == StaffRole.HOUSING_OFFICER:
            staff.officers[home].append(u.pk)
        managed = {
            StaffRole.HOUSING_MANAGER: range(home, home + 1),
            StaffRole.TENANCY_ENFORCEMENT_MANAGER: range(home, min(home + 4, size.teams)),
            StaffRole.OPERATIONS_MANAGER: range(home, min(home + 10, size.teams)),
        }.get(role, range(0))
        for m in managed:
            manages.append(Team.managers.through(team_id=teams[m].pk, user_id=u.pk))
            if role == StaffRole.HOUSING_MANAGER:
                staff.manager_of[m] = u.pk
            else:
                staff.holders.setdefault((m, pr), []).append(u.pk)
    Team.managers.through.objects.bulk_create(manages)
    return staff
