"""Factories for the application layer's records (factory_boy), and the staff every test needs."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from casework.accounts.models import Organisation, StaffProfile, Team
from casework.accounts.roles import StaffRole
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput, ReportInput


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def staff(
    username: str,
    role: StaffRole,
    *,
    team: Team | None = None,
    pack_role: str = "",
    manages: list[Team] | None = None,
):
    """A member of staff in a role (Django group), on a team, holding a pack role."""
    user = UserFactory(username=username)
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    StaffProfile.objects.update_or_create(user=user, defaults={"team": team, "pack_role": pack_role})
    for managed in manages or []:
        managed.managers.add(user)
    return user


def organisation(pack_id: str = "places-for-people", homes: int = 12000) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        pk=1, defaults={"name": "Example Homes", "pack_id": pack_id, "homes": homes}
    )
    return organisation


def report(**overrides) -> ReportInput:
    """A plain noise report with a complainant and an alleged perpetrator at a made-up address."""
    values = {
        "types": ["noise-nuisance"],
        "priority": "medium",
        "channel": "phone",
        "summary": "Loud music every night until 3am from the flat above.",
        "address": AddressInput(line1="12 Example Street", postcode="ZZ1 1AA", estate="Example Estate"),
        "parties": [
            PartyInput(person=PersonInput(name="Alex Example", phone="07700 900001"), role="complainant"),
            PartyInput(person=PersonInput(name="Sam Sample"), role="alleged-perpetrator"),
        ],
    }
    values.update(overrides)
    return ReportInput(**values)


_report_numbers = iter(range(1, 10**9))  # one number per report, so addresses and names never repeat


def another_report(**overrides) -> ReportInput:
    """A report like `report()` at its own address with its own people, so it never matches another case."""
    n = next(_report_numbers)
    values = {
        "address": AddressInput(line1=f"{n} Elsewhere Road", postcode="ZZ9 9ZZ"),
        "parties": [
            PartyInput(person=PersonInput(name=f"Complainant {n}"), role="complainant"),
            PartyInput(person=PersonInput(name=f"Neighbour {n}"), role="alleged-perpetrator"),
        ],
    }
    values.update(overrides)
    return report(**values)


def staff_many(*specs: dict) -> list:
    """Several members of staff at once, exactly as `staff(**spec)` would make each, in a handful of queries.

    Each spec holds `username` and `role`, and optionally `team`, `pack_role` and `manages`. Fixtures that
    build a whole office for every test use this so the suite stays fast.
    """
    from django.contrib.auth.hashers import make_password

    user_model = get_user_model()
    password = make_password("correct horse battery staple")
    users = user_model.objects.bulk_create(
        user_model(
            username=spec["username"],
            first_name=spec["username"].title(),
            last_name="Example",
            email=f"{spec['username']}@example.org",
            password=password,
        )
        for spec in specs
    )
    groups = {group.name: group for group in Group.objects.filter(name__in=[s["role"].value for s in specs])}
    missing = {s["role"].value for s in specs} - set(groups)
    groups.update({group.name: group for group in Group.objects.bulk_create(Group(name=name) for name in missing)})
    user_model.groups.through.objects.bulk_create(
        user_model.groups.through(user_id=user.pk, group_id=groups[spec["role"].value].pk)
        for user, spec in zip(users, specs, strict=True)
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(user=user, team=spec.get("team"), pack_role=spec.get("pack_role", ""))
        for user, spec in zip(users, specs, strict=True)
    )
    Team.managers.through.objects.bulk_create(
        Team.managers.through(team_id=team.pk, user_id=user.pk)
        for user, spec in zip(users, specs, strict=True)
        for team in spec.get("manages", [])
    )
    return users
