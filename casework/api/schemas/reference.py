"""What an integration needs to build valid requests: the staff, and the active pack's vocabulary."""

from __future__ import annotations

from ninja import Field, Schema

from casework.api.schemas.cases import TeamRef


class StaffOut(Schema):
    id: int
    name: str
    username: str
    roles: list[str] = Field(description="Staff roles (docs/permissions.md)")
    team: TeamRef | None
    pack_role: str


class Choice(Schema):
    id: str
    label: str


class PriorityOut(Choice):
    description: str | None


class TypeOut(Choice):
    priority: str | None
    priority_choices: list[str]
    owner_role: str | None
    hate_related: bool
    synonyms: list[str]


class NotAsbOut(Choice):
    reason: str
    advice: str


class RoleOut(Choice):
    staff_role: str


class StageOut(Choice):
    closed: bool


class PathStepOut(Choice):
    event: str
    from_stages: list[str]
    to: str


class InterventionKindOut(Choice):
    legal: bool
    approvals: list[str]
    preconditions: list[Choice]


class RiskOptionOut(Schema):
    label: str
    score: int


class RiskQuestionOut(Schema):
    id: str
    number: int
    section: str | None
    text: str
    multiple: bool
    options: list[RiskOptionOut]


class RiskBandOut(Choice):
    min_score: int
    max_score: int | None
    priority: str | None


class RiskMatrixOut(Schema):
    name: str
    effect: str
    questions: list[RiskQuestionOut]
    bands: list[RiskBandOut]


class PackOut(Schema):
    id: str
    name: str
    organisation: str
    version: str
    priorities: list[PriorityOut]
    types: list[TypeOut]
    not_asb: list[NotAsbOut]
    roles: list[RoleOut]
    stages: list[StageOut]
    steps: list[PathStepOut]
    interventions: list[InterventionKindOut]
    risk_matrix: RiskMatrixOut | None
    recordable_steps: list[str] = Field(description="Event kinds POST /cases/{reference}/steps accepts")
    vocabularies: dict[str, list[Choice]] = Field(description="The fixed choices: channel, party_role, …")
