"""An office working under one built-in pack: the organisation on that pack, two teams, and staff whose
pack roles are that pack's own.

    @pytest.fixture
    def office(db):
        return pack_staff("co-op-homes")

Each member of staff holds a Casework staff role (docs/permissions.md) and the pack role the pack gives
that kind of staff (`staff_role` in the pack), or none where the pack has no such role:

| name | staff role | team | pack role |
|---|---|---|---|
| `contact_centre` | contact-centre | North | the pack's contact-centre role, if any |
| `officer` | housing-officer | North | the pack's `default_owner_role` (new cases are allocated to it) |
| `outsider` | housing-officer | South | the same owner role, on the other team |
| `enforcement` | tenancy-enforcement-manager | North | the pack's role for that staff role, if any |
| `manager` | housing-manager | North, and manages it | the pack's housing-manager role (an approver) |
| `operations` | operations-manager | none; manages North and South | the pack's operations-manager role |

New cases go to the holder of the owning pack role with the fewest open cases, so a test that opens a
second case should name its owner (`report_body(owner_id=office.officer.pk)`), or it goes to the outsider.
"""

from __future__ import annotations

from types import SimpleNamespace

from casework.accounts.roles import StaffRole
from casework.cases.packs import pack_named
from tests.factories import TeamFactory, organisation, staff_many

NAMES = ("contact_centre", "officer", "outsider", "enforcement", "manager", "operations")


def pack_role_for(pack, staff_role: StaffRole) -> str:
    """The pack's first role held by this kind of staff, or "" when the pack has none."""
    return next((role.id for role in pack.roles if role.staff_role == staff_role.value), "")


def pack_staff(pack_id: str) -> SimpleNamespace:
    """The organisation on `pack_id`, teams North and South, and the staff above (see the module's table)."""
    organisation(pack_id)
    pack = pack_named(pack_id)
    owner_role = pack.default_owner_role
    assert pack.staff_role(owner_role) == StaffRole.HOUSING_OFFICER.value, f"{pack_id} cases are owned by officers"
    north = TeamFactory(name="North")
    south = TeamFactory(name="South")
    tem, hm, om = StaffRole.TENANCY_ENFORCEMENT_MANAGER, StaffRole.HOUSING_MANAGER, StaffRole.OPERATIONS_MANAGER
    cc = StaffRole.CONTACT_CENTRE
    users = staff_many(
        {"username": "cc", "role": cc, "team": north, "pack_role": pack_role_for(pack, cc)},
        {"username": "officer", "role": StaffRole.HOUSING_OFFICER, "team": north, "pack_role": owner_role},
        {"username": "outsider", "role": StaffRole.HOUSING_OFFICER, "team": south, "pack_role": owner_role},
        {"username": "tem", "role": tem, "team": north, "pack_role": pack_role_for(pack, tem)},
        {"username": "manager", "role": hm, "team": north, "pack_role": pack_role_for(pack, hm), "manages": [north]},
        {"username": "ops", "role": om, "pack_role": pack_role_for(pack, om), "manages": [north, south]},
    )
    return SimpleNamespace(pack=pack, team=north, other_team=south, **dict(zip(NAMES, users, strict=True)))
