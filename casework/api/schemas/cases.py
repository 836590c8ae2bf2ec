"""A case in a list, a case in full, its history and its duties."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from casework.api.schemas.common import StaffRef, Text50, Text100, Text200


class CaseFiltersIn(Schema):
    status: Text50 | None = Field(None, description="open or closed")
    stage: Text100 | None = None
    priority: Text50 | None = None
    type: Text100 | None = None
    owner: int | None = Field(None, description="A member of staff's id")
    team: int | None = Field(None, description="A team's id")
    overdue: bool | None = Field(None, description="Only cases with (true) or without (false) an overdue duty")
    q: Text200 | None = Field(None, description="A reference, postcode, first line of an address or a name")


class TeamRef(Schema):
    id: int
    name: str


class CaseRow(Schema):
    reference: str
    version: int
    stage: str
    priority: str
    is_open: bool
    types: list[str]
    owner: StaffRef | None
    owner_role: str
    team: TeamRef | None
    address: str
    location: str
    opened_at: datetime
    closed_at: datetime | None
    has_overdue: bool


class Labelled(Schema):
    id: str
    label: str


class NextStepOut(Schema):
    step: str
    label: str
    to: str
    event: str
    allowed: bool
    reasons: list[str] = Field(description="Why the step is blocked; empty when allowed")


class ObligationOut(Schema):
    id: int
    rule_id: str
    kind: str
    label: str
    occurrence: int
    owner_role: str
    owner: StaffRef | None
    started_on: date
    due_date: date | None
    due_at: datetime | None
    state: str = Field(description="Stored state: pending, met, met-late, missed, not-applicable")
    status: str = Field(description="open, due-today, overdue, met, met-late or not-applicable, as of today")
    met_at: datetime | None


class LinkOut(Schema):
    reference: str
    kind: str
    direction: str = Field(description="to: this case points at the other; from: the other points here")
    reason: str


class AddressOut(Schema):
    line1: str
    line2: str
    town: str
    postcode: str
    uprn: str
    estate: str
    area: str
    ward: str


class CaseDetail(Schema):
    reference: str
    version: int = Field(description="Send this as `version` with a write to refuse it if the case has changed")
    pack_id: str
    pack_version: str
    stage: Labelled
    priority: Labelled | None
    owner_role: Labelled
    owner: StaffRef | None
    team: TeamRef | None
    types: list[Labelled]
    channel: str
    summary: str
    address: AddressOut | None
    location: str
    anonymous: bool
    hate_related: bool
    risk_band: str
    is_open: bool
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str
    created_by: StaffRef | None
    next_steps: list[NextStepOut]
    obligations: list[ObligationOut]
    links: list[LinkOut]


class EventOut(Schema):
    id: int
    verb: str
    at: datetime
    recorded_at: datetime
    actor: StaffRef | None
    target_type: str
    target_id: int | None
    payload: dict[str, Any]


class WorkItemOut(Schema):
    id: int
    case: str = Field(description="The case's reference")
    case_priority: str
    label: str
    kind: str
    due_date: date | None
    due_at: datetime | None
    status: str
