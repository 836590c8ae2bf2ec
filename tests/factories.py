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
