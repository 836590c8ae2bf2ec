"""What an integration needs to build valid requests: the staff to reassign to and the active pack."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Query, Router

from casework.api.capabilities import needs
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import pack_summary, staff_member
from casework.api.schemas.reference import PackOut, StaffOut
from casework.cases.packs import active_pack

router = Router(tags=["reference"])


@router.get("/staff", response=Page[StaffOut])
@needs("staff.view", "see the staff list")
def staff(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Active staff with their roles, team and pack role (the ids to reassign a case to)."""
    found = (
        get_user_model()
        .objects.filter(is_active=True, staff__isnull=False)
        .select_related("staff__team")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "id")
    )
    return page_of(found, paging, staff_member)


@router.get("/pack", response=PackOut)
@needs("pack.view", "see the policy pack")
def pack(request: HttpRequest) -> dict[str, Any]:
    """The active policy pack's vocabulary: priorities, types, roles, stages, steps, interventions, the
    risk matrix's questions, and the fixed choices every request uses."""
    return pack_summary(active_pack())
