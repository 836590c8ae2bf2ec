"""What the case-file tests share: open a case under any built-in pack, and see everything a step wrote."""

from __future__ import annotations

from typing import Any

from casework.cases import services
from casework.cases.models import Case, CaseEvent, CaseLink, InterventionApproval, Obligation, ReferenceCounter
from casework.cases.models.people import Address, Person
from casework.cases.packs import pack_named
from tests.factories import another_report, organisation

#: A plain ASB report each built-in pack triages as ASB, with the priority its officer would pick.
PACK_REPORTS: dict[str, dict[str, Any]] = {
    "places-for-people": {"types": ["noise-nuisance"], "priority": "medium"},
    "co-op-homes": {"types": ["excessive-noise"], "priority": "medium"},
    "believe-housing": {"types": ["noise"], "priority": "five-working-days"},
    "medway-council": {"types": ["anti-social-behaviour"], "priority": None},
    "newcastle-under-lyme": {"types": ["excessive-noise"], "priority": "medium"},
}


def open_case(actor: Any, *, pack_id: str = "places-for-people", owner: Any = None, **overrides: Any) -> Case:
    """A new case under `pack_id` (the organisation is switched to it), never a duplicate of another."""
    organisation(pack_id)
    values = {**PACK_REPORTS.get(pack_id, PACK_REPORTS["places-for-people"]), **overrides}
    if owner is not None:
        values["owner_id"] = owner.pk
    return services.case_open(actor=actor, report=another_report(**values))


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def verbs(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("verb", flat=True))


def obligation(case: Case, rule_id: str, occurrence: int = 1) -> Obligation:
    return Obligation.objects.get(case=case, rule_id=rule_id, occurrence=occurrence)


def footprint(case: Case) -> dict[str, Any]:
    """Everything a step on `case` could write: compare before and after to prove nothing was written."""
    case = reload(case)
    related = [
        "events",
        "types",
        "parties",
        "incidents",
        "evidence",
        "risk_assessments",
        "action_plan",
        "interventions",
        "conferences",
        "reviews",
        "contacts",
        "police_disclosures",
        "links_out",
        "links_in",
    ]
    return {
        "case": (case.version, case.stage, case.priority, case.owner_id, case.team_id, case.is_open, case.risk_band),
        **{name: getattr(case, name).count() for name in related},
        "approvals": InterventionApproval.objects.filter(intervention__case=case).count(),
        "obligations": list(
            case.obligations.order_by("rule_id", "occurrence").values_list(
                "rule_id", "occurrence", "state", "due_date", "owner_id"
            )
        ),
        "action_plan_done": list(case.action_plan.values_list("done_at", flat=True)),
        "intervention_states": list(case.interventions.values_list("status", flat=True)),
    }


def everything() -> dict[str, int]:
    """Row counts across the case file, for steps that may write outside one case (intake)."""
    return {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "obligations": Obligation.objects.count(),
        "addresses": Address.objects.count(),
        "people": Person.objects.count(),
        "links": CaseLink.objects.count(),
        "last_reference": sum(ReferenceCounter.objects.values_list("last", flat=True)),
    }


def ram_answers(level: str = "highest") -> dict[str, Any]:
    """Answers to every question of Places for People's RAM: the highest- or lowest-scoring option each."""
    matrix = pack_named("places-for-people").risk_matrix
    assert matrix is not None
    answers: dict[str, Any] = {}
    for question in matrix.questions:
        ranked = sorted(question.options, key=lambda o: o.score)
        if level == "highest":
            answers[question.id] = [o.label for o in ranked] if question.multiple else ranked[-1].label
        else:
            answers[question.id] = [] if question.multiple else ranked[0].label
    return answers
