"""Sizes, limits and the COPY text format shared by the generator's parts."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date
from typing import Any

DEFAULT_CASES = 1_000_000
DEFAULT_EVENTS_PER_CASE = 10.0
DEFAULT_PACK = "places-for-people"
DEFAULT_SEED = 2026
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - a made-up benchmark database's documented login
EMAIL_DOMAIN = "bench.example.org"
YEARS = 4
BATCH_CASES = 20_000
#: Smaller loads keep their indexes and constraints (the test loads a few hundred cases in a transaction).
DEFER_INDEXES_FROM = 50_000
DAY = 86_400
HOUR = 3_600
NULL = "\\N"


class LargeOrgRefused(Exception):  # noqa: N818 - named for what happened, as in casework.errors
    """The generator will not run here: not PostgreSQL, or cases already in the way."""


@dataclass(frozen=True)
class Size:
    cases: int = DEFAULT_CASES
    events_per_case: float = DEFAULT_EVENTS_PER_CASE
    seed: int = DEFAULT_SEED
    pack_id: str = DEFAULT_PACK

    @property
    def teams(self) -> int:
        return max(2, min(40, self.cases // 25_000))

    @property
    def officers_per_team(self) -> int:
        return max(3, min(15, self.cases // (self.teams * 1_600)))

    @property
    def addresses(self) -> int:
        return max(200, self.cases * 3 // 10)

    @property
    def homes(self) -> int:
        return max(1_000, self.cases * 2 // 5)


def copy_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy_line(*values: Any) -> str:
    return (
        "\t".join([NULL if v is None else "t" if v is True else "f" if v is False else str(v) for v in values]) + "\n"
    )


class Clock:
    """Times are whole seconds from the start of day 1 of the proleptic calendar, UTC, formatted by lookup.

    Generated times fall between 06:00 and 22:00 UTC, so a time's London date is its UTC date.
    """

    def __init__(self, first_day: int, last_day: int) -> None:
        self.first = first_day
        self.days = [date.fromordinal(o).isoformat() for o in range(first_day, last_day + 1)]
        self.hms = [f" {h:02d}:{m:02d}:{s:02d}+00" for h in range(24) for m in range(60) for s in range(60)]

    def ts(self, t: int | None) -> str:
        return NULL if t is None else self.days[t // DAY - self.first] + self.hms[t % DAY]

    def day(self, ordinal: int | None) -> str:
        return NULL if ordinal is None else self.days[ordinal - self.first]


def weighted(rng: random.Random, items: list[Any], cum: list[float]) -> Any:
    return items[bisect(cum, rng.random() * cum[-1])]


def cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def first_times() -> tuple[tuple[str, frozenset[str]], ...]:
    """The case's columns the engine derives from its events (`engine.refresh`): name, and the verbs."""
    from casework.cases import engine

    return (
        ("first_risk_assessment_at", engine.RISK_ASSESSED),
        ("first_action_plan_at", engine.ACTION_PLAN),
    )


def tables() -> dict[str, tuple[Any, tuple[str, ...]]]:
    from casework.cases import models as m

    columns = {
        m.Address: "id line1 line2 town postcode uprn estate area ward postcode_district tenancy_reference",
        m.Case: "id reference pack_id pack_version priority risk_band stage is_open owner_role owner_id team_id "
        "channel summary address_id location anonymous hate_related opened_at closed_at closure_reason "
        "created_by_id version updated_at " + " ".join(name for name, _ in first_times()),
        m.CaseType: "id case_id type_id",
        m.Person: "id name email phone preferred_contact safe_contact_times date_of_birth vulnerabilities "
        "support_needs language communication_needs address_id organisation match_key",
        m.Party: "id case_id person_id role consent_to_share consent_to_court_use anonymity_requested under_18 "
        "guardian_id advocate_id added_at person_key",
        m.CaseEvent: "id case_id actor_id verb target_type target_id payload at recorded_at",
        m.Obligation: "id case_id rule_id kind label occurrence owner_role owner_id started_on due_date due_at "
        "state met_at",
        m.Incident: "id case_id occurred_at location description impact reported_by_id source recorded_at "
        "recorded_by_id",
        m.RiskAssessment: "id case_id answers breakdown score band assessed_at assessed_by_id",
        m.ActionPlanItem: "id case_id for_whom action owner_name due done_at added_at added_by_id",
        m.Review: "id case_id kind held_at notes outcome held_by_id",
        m.Contact: "id case_id party_id method outcome purpose notes at by_id",
        m.Intervention: "id case_id kind status reason proportionality preconditions_confirmed against_id "
        "proposed_at proposed_by_id started_at",
        m.InterventionApproval: "id intervention_id approver_role approver_id decision reason decided_at",
        m.SurveyResponse: "id case_id party_id satisfaction comments source received_at recorded_at recorded_by_id",
        m.CaseReviewRequest: "id case_id party_id requested_at threshold_met threshold_reason outcome "
        "outcome_notes decided_at recorded_by_id",
        m.CaseLink: "id from_case_id to_case_id kind reason linked_at linked_by_id",
    }
    return {model._meta.db_table: (model, tuple(cols.split())) for model, cols in columns.items()}


def check_columns(cursor: Any, tables: dict[str, tuple[Any, tuple[str, ...]]]) -> None:
    """COPY bypasses Django's defaults: every NOT NULL column without a database default must be written."""
    for table, (_model, columns) in tables.items():
        cursor.execute(
            "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO' "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        found = dict(cursor.fetchall())
        if unknown := set(columns) - set(found):
            raise LargeOrgRefused(f"{table} has no column {', '.join(sorted(unknown))}: the generator is out of date")
        if missing := {c for c, required in found.items() if required and c not in columns}:
            raise LargeOrgRefused(
                f"{table}.{', '.join(sorted(missing))} is NOT NULL and the generator writes no value for it"
            )
