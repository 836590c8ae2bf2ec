"""A whole Places for People case, from report to reopening: every step is in the history, by whom, as what."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseEvent
from casework.cases.packs import pack_named
from casework.cases.services.intake import PartyInput, PersonInput
from tests.cases.helpers import open_case, ram_answers, reload
from tests.factories import another_report, report


def test_every_step_of_a_case_is_in_its_history_with_who_took_it(people):
    officer, tem, manager, ops, cc = (
        people.officer,
        people.enforcement,
        people.manager,
        people.operations,
        people.contact_centre,
    )
    case = services.case_open(
        actor=cc, report=report(owner_id=officer.pk, received_at=timezone.now() - timedelta(hours=1))
    )
    ref = case.reference
    other = open_case(officer, owner=officer)
    injunction_rule = next(i for i in pack_named("places-for-people").interventions if i.id == "civil-injunction")
    found = {}

    steps = [
        (cc, ["case.opened", "incident.reported"], None),
        (officer, ["acknowledged"], lambda: services.case_acknowledge(actor=officer, case=ref, method="letter")),
        (
            officer,
            ["complainant.contacted"],
            lambda: services.contact_record(actor=officer, case=ref, method="phone", outcome="made"),
        ),
        (
            officer,
            ["party.added"],
            lambda: found.setdefault(
                "advocate",
                services.party_add(
                    actor=officer, case=ref, party=PartyInput(person=PersonInput(name="Ada Advocate"), role="advocate")
                ),
            ),
        ),
        (
            officer,
            ["advocate.nominated"],
            lambda: services.advocate_nominate(
                actor=officer,
                case=ref,
                resident_id=case.parties.get(role="complainant").pk,
                advocate_id=found["advocate"].pk,
                resident_asked=True,
            ),
        ),
        (
            officer,
            ["incident.reported"],
            lambda: services.incident_record(
                actor=officer, case=ref, occurred_at=timezone.now(), description="Music again", source="phone"
            ),
        ),
        (
            officer,
            ["evidence.added"],
            lambda: services.evidence_add(
                actor=officer, case=ref, name="diary.pdf", content=b"%PDF-1.4 diary", content_type="application/pdf"
            ),
        ),
        (
            officer,
            ["risk.assessed"],
            lambda: services.risk_assessment_record(actor=officer, case=ref, answers=ram_answers()),
        ),
        (
            officer,
            ["action-plan.item-added"],
            lambda: found.setdefault(
                "action",
                services.action_plan_item_add(actor=officer, case=ref, for_whom="complainant", action="Keep a diary"),
            ),
        ),
        (officer, ["action-plan.sent"], lambda: services.action_plan_send(actor=officer, case=ref, method="letter")),
        (
            officer,
            ["action-plan.item-done"],
            lambda: services.action_plan_item_complete(actor=officer, case=ref, item_id=found["action"].pk),
        ),
        (
            officer,
            ["police-disclosure.recorded"],
            lambda: services.police_disclosure_record(
                actor=officer, case=ref, force="Police", content="Restricted", received_at=timezone.now()
            ),
        ),
        (ops, ["police-disclosure.read"], lambda: services.police_disclosures_read(actor=ops, case=ref)),
        (
            officer,
            ["priority.changed"],
            lambda: services.case_priority_change(actor=officer, case=ref, priority="high", reason="RAM is HIGH"),
        ),
        (
            officer,
            ["types.changed"],
            lambda: services.case_types_change(
                actor=officer, case=ref, types=["noise-nuisance", "harassment"], reason="Threats too"
            ),
        ),
        (
            manager,
            ["owner.changed"],
            lambda: services.case_reassign(actor=manager, case=ref, owner_id=tem.pk, reason="Escalated"),
        ),
        (
            tem,
            ["case-conference.held"],
            lambda: services.case_conference_hold(
                actor=tem, case=ref, held_at=timezone.now(), attendees="Police, TEM", summary="Seek an injunction"
            ),
        ),
        (
            tem,
            ["intervention.proposed"],
            lambda: found.setdefault(
                "injunction",
                services.intervention_propose(
                    actor=tem,
                    case=ref,
                    kind="civil-injunction",
                    reason="Persistent threats",
                    proportionality="Necessary and proportionate",
                    preconditions_confirmed=[p.id for p in injunction_rule.preconditions],
                ),
            ),
        ),
        (
            manager,
            ["intervention.approved"],
            lambda: services.intervention_decide(
                actor=manager, case=ref, intervention_id=found["injunction"].pk, decision="approved", reason="Agreed"
            ),
        ),
        (
            tem,
            ["intervention.started"],
            lambda: services.intervention_start(actor=tem, case=ref, intervention_id=found["injunction"].pk),
        ),
        (
            tem,
            ["review.held"],
            lambda: services.review_hold(actor=tem, case=ref, kind="review", notes="Injunction served"),
        ),
        (
            manager,
            ["manager-review.held"],
            lambda: services.review_hold(actor=manager, case=ref, kind="manager-review", notes="On track"),
        ),
        (
            tem,
            ["perpetrator.interviewed"],
            lambda: services.case_step_record(actor=tem, case=ref, kind="perpetrator.interviewed"),
        ),
        (
            tem,
            ["case.linked"],
            lambda: services.case_link(actor=tem, case=ref, other=other.reference, kind="related", reason="Same block"),
        ),
        (
            cc,
            ["incident.reported"],
            lambda: services.case_add_report(
                actor=cc, reference=ref, report=another_report(summary="Caller says it is quieter")
            ),
        ),
        (
            tem,
            ["closure.proposed"],
            lambda: services.case_closure_propose(actor=tem, case=ref, reason="legal-action-concluded"),
        ),
        (manager, ["closure.agreed"], lambda: services.case_closure_agree(actor=manager, case=ref)),
        (tem, ["case.closed"], lambda: services.case_close(actor=tem, case=ref, reason="legal-action-concluded")),
        (
            tem,
            ["closure.letter-sent"],
            lambda: services.case_step_record(actor=tem, case=ref, kind="closure.letter-sent"),
        ),
        (manager, ["case.reopened"], lambda: services.case_reopen(actor=manager, case=ref, reason="Breach reported")),
    ]

    seen = 0
    version = reload(case).version
    for actor, expected, take in steps:
        if take is not None:
            take()
        new = list(CaseEvent.objects.filter(case=case).order_by("id")[seen:])
        assert [(e.verb, e.actor) for e in new] == [(verb, actor) for verb in expected], expected
        seen += len(new)
        now_version = reload(case).version
        reads = expected == ["police-disclosure.read"]
        assert now_version == version + (0 if reads or take is None else 1), expected
        version = now_version

    case = reload(case)
    assert (case.stage, case.is_open, case.owner, case.priority) == ("report-received", True, tem, "high")
    assert case.events.count() == sum(len(expected) for _, expected, _ in steps)
    assert not case.events.filter(actor__isnull=True).exists()
