"""An organisation on a pack, a team, and one member of staff per role (the officer owns new cases)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casework.accounts.roles import StaffRole
from tests.factories import TeamFactory, organisation, staff


@pytest.fixture
def org(db):
    return organisation("places-for-people")


@pytest.fixture
def people(org):
    team = TeamFactory(name="North")
    other = TeamFactory(name="South")
    return SimpleNamespace(
        team=team,
        other_team=other,
        contact_centre=staff("cc", StaffRole.CONTACT_CENTRE, team=team, pack_role="customer-contact-centre"),
        officer=staff("officer", StaffRole.HOUSING_OFFICER, team=team, pack_role="community-housing-manager"),
        colleague=staff("colleague", StaffRole.HOUSING_OFFICER, team=team, pack_role="pfp-colleague"),
        outsider=staff("outsider", StaffRole.HOUSING_OFFICER, team=other, pack_role="community-housing-manager"),
        enforcement=staff(
            "tem", StaffRole.TENANCY_ENFORCEMENT_MANAGER, team=team, pack_role="tenancy-enforcement-manager"
        ),
        manager=staff(
            "manager", StaffRole.HOUSING_MANAGER, team=team, pack_role="community-safety-area-manager", manages=[team]
        ),
        operations=staff("ops", StaffRole.OPERATIONS_MANAGER, pack_role="head-of-communities", manages=[team, other]),
        admin=staff("admin", StaffRole.ADMINISTRATOR),
    )
