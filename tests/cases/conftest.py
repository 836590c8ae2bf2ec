"""An organisation on a pack, a team, and one member of staff per role (the officer owns new cases)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.storage import storages

from casework.accounts.roles import StaffRole
from tests.factories import TeamFactory, organisation, staff_many


@pytest.fixture
def org(db):
    return organisation("places-for-people")


@pytest.fixture
def people(org):
    team = TeamFactory(name="North")
    other = TeamFactory(name="South")
    hm, om, tem = StaffRole.HOUSING_MANAGER, StaffRole.OPERATIONS_MANAGER, StaffRole.TENANCY_ENFORCEMENT_MANAGER
    staff = staff_many(
        {"username": "cc", "role": StaffRole.CONTACT_CENTRE, "team": team, "pack_role": "customer-contact-centre"},
        {
            "username": "officer",
            "role": StaffRole.HOUSING_OFFICER,
            "team": team,
            "pack_role": "community-housing-manager",
        },
        {"username": "colleague", "role": StaffRole.HOUSING_OFFICER, "team": team, "pack_role": "pfp-colleague"},
        {
            "username": "outsider",
            "role": StaffRole.HOUSING_OFFICER,
            "team": other,
            "pack_role": "community-housing-manager",
        },
        {"username": "tem", "role": tem, "team": team, "pack_role": "tenancy-enforcement-manager"},
        {
            "username": "manager",
            "role": hm,
            "team": team,
            "pack_role": "community-safety-area-manager",
            "manages": [team],
        },
        {"username": "ops", "role": om, "pack_role": "head-of-communities", "manages": [team, other]},
        {"username": "admin", "role": StaffRole.ADMINISTRATOR},
    )
    names = ["contact_centre", "officer", "colleague", "outsider", "enforcement", "manager", "operations", "admin"]
    return SimpleNamespace(team=team, other_team=other, **dict(zip(names, staff, strict=True)))


@pytest.fixture(autouse=True)
def _empty_evidence_storage():
    """Every test starts and ends with no evidence files: case ids repeat between tests, and files outlive rows."""
    location = Path(storages["evidence"].location)

    def empty():
        if location.is_dir():
            for child in location.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()

    empty()
    yield
    empty()
