"""The policy pack format: pydantic models for every key of a pack file (docs/policy-packs.md).

Shape is checked here, field by field. Rules that relate one part of the pack to another (a type
naming an unknown role, overlapping risk bands, an unreachable stage) are checked in `rules.py`, so
that every error, of either sort, is reported with its key path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Source = Annotated[str, StringConstraints(min_length=3, strip_whitespace=True)]

PeriodUnit = Literal["working_days", "calendar_days", "months", "hours"]


class PackModel(BaseModel):
    """Every pack table refuses keys it does not know, so a misspelt key is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(PackModel):
    """A length of time in exactly one unit: `{ working_days = 5 }`, `{ months = 2 }`, ..."""

    working_days: int | None = Field(default=None, ge=0)
    calendar_days: int | None = Field(default=None, ge=0)
    months: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _exactly_one_unit(self) -> Period:
        given = [
            unit for unit in ("working_days", "calendar_days", "months", "hours") if getattr(self, unit) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a period needs exactly one of working_days, calendar_days, months or hours"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    @property
    def unit(self) -> PeriodUnit:
        units: tuple[PeriodUnit, ...] = ("working_days", "calendar_days", "months", "hours")
        for unit in units:
            if getattr(self, unit) is not None:
                return unit
        raise AssertionError("validated period has a unit")  # pragma: no cover

    @property
    def amount(self) -> int:
        value: int = getattr(self, self.unit)
        return value

    def describe(self) -> str:
        words = {
            "working_days": "working day",
            "calendar_days": "day",
            "months": "month",
            "hours": "hour",
        }
        noun = words[self.unit]
        return f"{self.amount} {noun}{'' if self.amount == 1 else 's'}"


class SourceDocument(PackModel):
    file: Text
    title: Text
    url: str | None = None


class PackIdentity(PackModel):
    id: Identifier
    name: Text
    organisation: Text
    version: Text
    effective_from: date
    nation: Literal["england-and-wales", "scotland", "northern-ireland"]
    closure_days: list[date] = Field(default_factory=list)
    asb_definition: Text
    sources: list[SourceDocument] = Field(min_length=1)
    source: Source
    notes: str | None = None
    custom_event_kinds: list[Identifier] = Field(default_factory=list)
    custom_obligation_kinds: list[Identifier] = Field(default_factory=list)


class Priority(PackModel):
    id: Identifier
    label: Text
    description: str | None = None
    #: How long the policy aims to take to resolve a case at this priority, if it sets a target.
    resolution_target: Period | None = None
    source: Source


#: The kinds of staff Casework knows (docs/permissions.md): each pack role is one of them, which decides
#: what its holders may see and approve. Ordered from least to most senior.
STAFF_ROLES: tuple[str, ...] = (
    "contact-centre",
    "housing-officer",
    "tenancy-enforcement-manager",
    "housing-manager",
    "operations-manager",
)
StaffRole = Literal[
    "contact-centre",
    "housing-officer",
    "tenancy-enforcement-manager",
    "housing-manager",
    "operations-manager",
]


class Role(PackModel):
    id: Identifier
    label: Text
    staff_role: StaffRole = "housing-officer"
    owns_priorities: list[Identifier] = Field(default_factory=list)
    owns_types: list[Identifier] = Field(default_factory=list)
    source: Source


class NotAsb(PackModel):
    id: Identifier
    label: Text
    synonyms: list[Text] = Field(default_factory=list)
    reason: Text
    advice: Text
    source: Source


class AsbType(PackModel):
    id: Identifier
    label: Text
    synonyms: list[Text] = Field(default_factory=list)
    priority: Identifier | None = None
    priority_choices: list[Identifier] = Field(default_factory=list)
    owner_role: Identifier | None = None
    hate_related: bool = False
    domestic_abuse: bool = False
    safeguarding: bool = False
    source: Source

    @model_validator(mode="after")
    def _priority_or_choices(self) -> AsbType:
        if self.priority is not None and self.priority_choices:
            raise ValueError("give either priority or priority_choices (officer decides), not both")
        if len(self.priority_choices) == 1:
            raise ValueError("priority_choices needs two or more priorities; use priority for one")
        return self


class Route(PackModel):
    """A special process a report is routed to: domestic abuse, safeguarding, hate."""

    process: Text
    advice: Text | None = None
    source: Source


class Routes(PackModel):
    domestic_abuse: Route | None = Field(default=None, alias="domestic-abuse")
    safeguarding: Route | None = None
    hate: Route | None = None


class RiskOption(PackModel):
    label: Text
    score: int


class RiskQuestion(PackModel):
    id: Identifier
    number: int = Field(ge=1)
    section: Text | None = None
    text: Text
    multiple: bool = False
    options: list[RiskOption] = Field(min_length=1)
    source: Source | None = None


class RiskBand(PackModel):
    id: Identifier
    label: Text
    min_score: int
    max_score: int | None = None
    priority: Identifier | None = None


class RiskMatrix(PackModel):
    name: Text
    effect: Literal["sets-priority", "informs-priority"]
    questions: list[RiskQuestion] = Field(min_length=1)
    bands: list[RiskBand] = Field(min_length=1)
    source: Source
    notes: str | None = None


class Obligation(PackModel):
    id: Identifier
    kind: Identifier
    label: Text
    starts_on: list[Identifier] = Field(min_length=1)
    period: Period | None = None
    period_by_priority: dict[Identifier, Period] = Field(default_factory=dict)
    period_by_role: dict[Identifier, Period] = Field(default_factory=dict)
    discharged_by: list[Identifier] = Field(min_length=1)
    each_start: bool = False
    repeats: bool = False
    until: list[Identifier] = Field(default_factory=lambda: ["case.closed"])
    priorities: list[Identifier] = Field(default_factory=list)
    types: list[Identifier] = Field(default_factory=list)
    owner_role: Identifier | None = None
    notify_when_overdue: list[Identifier] = Field(default_factory=list)
    source: Source
    notes: str | None = None

    @model_validator(mode="after")
    def _has_a_period(self) -> Obligation:
        if self.period is None and not self.period_by_priority and not self.period_by_role:
            raise ValueError("an obligation needs period, period_by_priority or period_by_role")
        if self.repeats and self.each_start:
            raise ValueError("an obligation either repeats after each discharge or starts with each event, not both")
        return self


class Guard(PackModel):
    """One condition a step needs. Exactly one of the condition keys is given."""

    event: Identifier | None = None
    no_event: Identifier | None = None
    priority: list[Identifier] = Field(default_factory=list)
    reason: Text

    @model_validator(mode="after")
    def _one_condition(self) -> Guard:
        given = [k for k in ("event", "no_event") if getattr(self, k) is not None] + (
            ["priority"] if self.priority else []
        )
        if len(given) != 1:
            raise ValueError("a guard needs exactly one of event, no_event or priority")
        return self


class Stage(PackModel):
    id: Identifier
    label: Text
    closed: bool = False
    description: str | None = None
    source: Source


class Transition(PackModel):
    step: Identifier
    label: Text
    from_stages: list[Identifier] = Field(alias="from", min_length=1)
    to: Identifier
    event: Identifier
    priorities: list[Identifier] = Field(default_factory=list)
    guards: list[Guard] = Field(default_factory=list)
    source: Source


class CasePath(PackModel):
    initial: Identifier
    stages: list[Stage] = Field(min_length=1)
    transitions: list[Transition] = Field(default_factory=list)
    notes: str | None = None


class Precondition(PackModel):
    id: Identifier
    label: Text


class Intervention(PackModel):
    id: Identifier
    label: Text
    legal: bool = False
    approvals: list[Identifier] = Field(default_factory=list)
    preconditions: list[Precondition] = Field(default_factory=list)
    documents: list[Text] = Field(default_factory=list)
    description: str | None = None
    source: Source


class Closure(PackModel):
    inactivity: Period | None = None
    contact_attempts_required: int = Field(default=0, ge=0)
    contact_methods_required: int = Field(default=0, ge=0)
    response_window: Period | None = None
    agreed_by: Identifier | None = None
    letters: list[Text] = Field(default_factory=list)
    survey: bool = False
    complaints_route: Text
    source: Source
    notes: str | None = None


class CaseReviewThreshold(PackModel):
    incidents: int = Field(ge=1)
    window: Period
    high_risk_override: bool = False
    source: Source
    notes: str | None = None


class PolicyPack(PackModel):
    """A whole pack file, validated for shape. Use `load_pack` to get one checked for consistency too."""

    pack: PackIdentity
    priorities: list[Priority] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    default_owner_role: Identifier
    not_asb: list[NotAsb] = Field(default_factory=list)
    types: list[AsbType] = Field(min_length=1)
    routes: Routes = Field(default_factory=Routes)
    risk_matrix: RiskMatrix | None = None
    obligations: list[Obligation] = Field(default_factory=list)
    path: CasePath
    interventions: list[Intervention] = Field(default_factory=list)
    closure: Closure
    case_review: CaseReviewThreshold | None = None

    # -- lookups used by the engine ---------------------------------------------------------
    @property
    def id(self) -> str:
        return self.pack.id

    @property
    def version(self) -> str:
        return self.pack.version

    def priority_rank(self, priority_id: str) -> int:
        """0 is the most urgent priority."""
        for rank, priority in enumerate(self.priorities):
            if priority.id == priority_id:
                return rank
        raise KeyError(priority_id)

    def priority_label(self, priority_id: str) -> str:
        return self.priorities[self.priority_rank(priority_id)].label

    @property
    def most_urgent_priority(self) -> str:
        return self.priorities[0].id

    def intervention(self, kind: str) -> Intervention | None:
        """The pack's rule for an intervention kind, or None when the pack has no such intervention."""
        return next((rule for rule in self.interventions if rule.id == kind), None)

    def staff_role(self, role_id: str) -> str:
        """Which kind of staff holds a pack role (decides who may approve what it approves)."""
        for role in self.roles:
            if role.id == role_id:
                return role.staff_role
        raise KeyError(role_id)

    def role_label(self, role_id: str) -> str:
        for role in self.roles:
            if role.id == role_id:
                return role.label
        raise KeyError(role_id)

    @property
    def event_kinds(self) -> frozenset[str]:
        from casework.domain.events import STANDARD_EVENT_KINDS

        return frozenset(STANDARD_EVENT_KINDS) | frozenset(self.pack.custom_event_kinds)

    @property
    def obligation_kinds(self) -> frozenset[str]:
        from casework.domain.events import STANDARD_OBLIGATION_KINDS

        return frozenset(STANDARD_OBLIGATION_KINDS) | frozenset(self.pack.custom_obligation_kinds)
