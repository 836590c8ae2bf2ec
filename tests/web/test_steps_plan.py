"""Planning and decisions in the web app: risk assessment, action plan, interventions and approvals,
reviews, case conferences, closure and reopening, under the Places for People pack (and Co-op Homes
where a step needs what only that pack has: two approvals, closure agreed by a manager, no risk matrix).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.choices import InterventionStatus
from casework.cases.models import ActionPlanItem, CaseConference, Intervention, Review, RiskAssessment
from casework.cases.packs import pack_named
from tests.cases.helpers import footprint, open_case, ram_answers, reload, verbs

pytestmark = pytest.mark.django_db

INJUNCTION_PRECONDITIONS = ["persistent-and-exhausted", "escalation-approved", "case-conference", "allocated-to-tem"]


def opened_yesterday(actor, **overrides):
    """A case received a day ago, so a meeting earlier today is after it was opened."""
    return open_case(actor, received_at=timezone.now() - timedelta(days=1), **overrides)


def url(name: str, case, *args) -> str:
    return reverse(f"web:{name}", args=[case.reference, *args])


def page_of(response) -> str:
    return response.content.decode()


def words_of(response) -> str:
    """The page with every run of whitespace made one space, to find text that spans template lines."""
    return re.sub(r"\s+", " ", page_of(response))


def assessed(case, actor) -> None:
    services.risk_assessment_record(actor=actor, case=case.reference, answers=ram_answers("lowest"))


def planned_and_sent(case, actor) -> None:
    assessed(case, actor)
    services.action_plan_item_add(actor=actor, case=case.reference, for_whom="complainant", action="Keep diary sheets")
    services.action_plan_send(actor=actor, case=case.reference, method="letter")


def injunction_proposed(case, actor) -> Intervention:
    return services.intervention_propose(
        actor=actor,
        case=case.reference,
        kind="civil-injunction",
        reason="Persistent noise despite warnings",
        proportionality="Necessary and proportionate: other tools have failed",
        preconditions_confirmed=INJUNCTION_PRECONDITIONS,
    )


def conference_held(case, actor) -> None:
    services.case_conference_hold(
        actor=actor,
        case=case.reference,
        held_at=timezone.now() - timedelta(minutes=1),
        attendees="Police, officer, manager",
        summary="Legal action agreed",
    )


# -- risk assessment -----------------------------------------------------------------------------------


def test_risk_page_shows_the_matrix_by_section_with_each_answer_scored(people, sign_in):
    case = open_case(people.officer)
    page = page_of(sign_in(people.officer).get(url("risk", case)))
    assert '<h1 class="govuk-heading-l">Risk assessment</h1>' in page
    assert f'href="{url("case", case)}"' in page  # back to the case
    assert case.reference in page
    assert "Medium" in page
    assert "Incident report received" in page
    for section in ("History", "Vulnerability", "Support"):
        assert f'<h2 class="govuk-heading-m">{section}</h2>' in page
    assert "1. Other than this occasion - how often do you have problems?" in page
    assert "Daily (5 points)" in page
    assert 'type="checkbox"' in page  # question 11 ticks every option that applies
    assert "casework-risk-score" in page
    assert "No questions answered yet" in page
    assert 'hx-post="' + url("risk-score", case) + '"' in page


def test_working_out_the_score_shows_score_and_band_and_keeps_answers_without_saving(people, sign_in):
    case = open_case(people.officer)
    before = footprint(case)
    response = sign_in(people.officer).post(
        url("risk", case), {**ram_answers("highest"), "version": case.version, "action": "score"}
    )
    page = page_of(response)
    assert response.status_code == 200
    assert '<strong class="govuk-!-font-size-27" data-score>47</strong>' in page
    assert "HIGH" in page
    assert "Suggests the priority High" in page
    assert 'value="Daily" checked' in page
    assert "There is a problem" not in page
    assert footprint(case) == before


def test_saving_the_risk_assessment_records_it_and_its_event(people, sign_in):
    case = open_case(people.officer)
    response = sign_in(people.officer).post(
        url("risk", case), {**ram_answers("highest"), "version": case.version, "action": "save"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("case", case) + "#risk"
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.score, assessment.band, assessment.assessed_by) == (47, "high", people.officer)
    assert "risk.assessed" in verbs(case)
    assert reload(case).stage == "case-management"
    follow = page_of(sign_in(people.officer).get(url("risk", case)))
    assert "Risk assessment recorded: score 47, HIGH" in follow
    assert "Previous risk assessments" in follow
    assert ">47</td>" in follow


def test_the_score_endpoint_returns_only_the_score_panel(people, sign_in):
    case = open_case(people.officer)
    response = sign_in(people.officer).post(
        url("risk-score", case), {"q1-how-often": "Daily", "q2-linked-to-previous": "Yes"}
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "Score so far" in page
    assert "<html" not in page
    assert "casework-risk-score" not in page
    assert "data-score>7</strong>" in page
    assert "LOW" in page
    assert "2 of 14 questions answered" in page
    assert RiskAssessment.objects.count() == 0


def test_missing_answers_are_shown_at_their_questions_and_the_others_kept(people, sign_in):
    case = open_case(people.officer)
    answers = ram_answers("highest")
    del answers["q2-linked-to-previous"], answers["q7-deliberately-targeted"]
    response = sign_in(people.officer).post(url("risk", case), {**answers, "version": case.version, "action": "save"})
    page = page_of(response)
    assert response.status_code == 200
    assert "<title>Error: Risk assessment – Casework</title>" in page
    assert '<a href="#id_q2-linked-to-previous">Answer question 2</a>' in page
    assert '<a href="#id_q7-deliberately-targeted">Answer question 7</a>' in page
    assert 'id="id_q2-linked-to-previous-error"' in page
    assert 'value="Daily" checked' in page
    assert RiskAssessment.objects.count() == 0


def test_a_pack_without_a_risk_matrix_records_its_own_form_as_a_step(people, sign_in):
    case = open_case(people.officer, pack_id="co-op-homes")
    page = page_of(sign_in(people.officer).get(url("risk", case)))
    assert "assesses risk on its own form" in page
    assert reverse("web:step", args=[case.reference, "risk.assessed"]) in page
    assert "casework-risk-score" not in page


# -- action plan ---------------------------------------------------------------------------------------


def test_adding_an_action_to_the_plan(people, sign_in):
    case = open_case(people.officer)
    client = sign_in(people.officer)
    response = client.post(
        url("action-plan", case),
        {
            "add-version": case.version,
            "add-for_whom": "landlord",
            "add-action": "Visit the alleged perpetrator",
            "add-owner_name": "Officer Example",
            "add-due": "2031-01-31",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("action-plan", case) + "#actions"
    item = ActionPlanItem.objects.get(case=case)
    assert (item.for_whom, item.action, str(item.due)) == ("landlord", "Visit the alleged perpetrator", "2031-01-31")
    page = page_of(client.get(url("action-plan", case)))
    assert "Visit the alleged perpetrator" in page
    assert "Landlord" in page
    assert "31 January 2031" in page
    assert "Mark as done" in page


def test_an_action_with_nothing_to_do_is_refused_at_the_fields(people, sign_in):
    case = open_case(people.officer)
    page = page_of(
        sign_in(people.officer).post(url("action-plan", case), {"add-version": case.version, "add-owner_name": "Sam"})
    )
    assert '<a href="#id_add-for_whom">Choose who the action is for</a>' in page
    assert '<a href="#id_add-action">Enter what will be done</a>' in page
    assert 'value="Sam"' in page
    assert ActionPlanItem.objects.count() == 0


def test_the_action_plan_and_risk_pages_do_not_query_more_with_more_records(people, sign_in):
    case = opened_yesterday(people.officer)
    client = sign_in(people.officer)
    assessed(case, people.officer)
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")
    services.action_plan_send(actor=people.officer, case=case.reference, method="letter")
    counts = {name: queries_for(client, url(name, case)) for name in ("action-plan", "risk", "review", "conference")}
    for n in range(3):
        assessed(case, people.officer)
        services.action_plan_item_add(
            actor=people.officer, case=case.reference, for_whom="landlord", action=f"Visit {n}"
        )
        services.action_plan_send(actor=people.officer, case=case.reference, method="email")
        services.review_hold(actor=people.officer, case=case.reference, kind="review", notes=f"Review {n}")
        conference_held(case, people.officer)
    assert {name: queries_for(client, url(name, case)) for name in counts} == counts


def test_marking_an_action_done(people, sign_in):
    case = open_case(people.officer)
    item = services.action_plan_item_add(
        actor=people.officer, case=case.reference, for_whom="complainant", action="Diary"
    )
    case = reload(case)
    response = sign_in(people.officer).post(url("action-plan-done", case, item.pk), {"version": case.version})
    assert response.status_code == 302
    assert ActionPlanItem.objects.get(pk=item.pk).done_at is not None
    assert "action-plan.item-done" in verbs(case)


def test_sending_the_plan_is_blocked_until_the_risk_assessment_then_meets_the_duty(people, sign_in):
    case = open_case(people.officer)
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")
    case = reload(case)
    client = sign_in(people.officer)
    page = page_of(client.get(url("action-plan", case)))
    assert "The action plan cannot be sent yet" in page
    assert "complete the RAM first" in page

    blocked = page_of(
        client.post(url("action-plan-send", case), {"send-version": case.version, "send-method": "letter"})
    )
    assert "There is a problem" in blocked
    assert "complete the RAM first" in blocked
    assert "action-plan.sent" not in verbs(case)

    assessed(case, people.officer)
    case = reload(case)
    response = client.post(url("action-plan-send", case), {"send-version": case.version, "send-method": "letter"})
    assert response.status_code == 302
    assert response["Location"] == url("case", case) + "#action-plan"
    assert "action-plan.sent" in verbs(case)
    assert case.obligations.get(kind="action-plan").state == "met"
    assert "Sent " in page_of(client.get(url("action-plan", case)))


# -- interventions -------------------------------------------------------------------------------------


def test_proposing_legal_action_lists_the_pack_interventions_and_records_the_proposal(people, sign_in):
    case = open_case(people.officer)
    client = sign_in(people.officer)
    page = page_of(client.get(url("intervention-propose", case)))
    assert "Civil injunction" in page
    assert "Legal action" in page
    assert "Needs the approval of the Community Safety Area Manager (CSAM)" in page
    assert "Proportionality Assessment" in page  # a document it needs
    assert "Neighbour " in page  # who it may be against (the alleged perpetrator)

    response = client.post(
        url("intervention-propose", case),
        {
            "version": case.version,
            "kind": "civil-injunction",
            "reason": "Persistent noise despite warnings",
            "proportionality": "Other tools have failed",
            "preconditions-civil-injunction": INJUNCTION_PRECONDITIONS,
            "preconditions-possession-claim": ["persistent-and-exhausted"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("case", case) + "#interventions"
    intervention = Intervention.objects.get(case=case)
    assert intervention.status == InterventionStatus.PROPOSED
    assert sorted(intervention.preconditions_confirmed) == sorted(INJUNCTION_PRECONDITIONS)


def test_legal_action_without_proportionality_or_preconditions_is_refused_at_the_fields(people, sign_in):
    case = open_case(people.officer)
    client = sign_in(people.officer)
    data = {"version": case.version, "kind": "civil-injunction", "reason": "Noise"}
    page = page_of(client.post(url("intervention-propose", case), data))
    assert (
        '<a href="#id_proportionality">Civil injunction is legal action: record the proportionality assessment</a>'
        in page
    )
    assert 'value="civil-injunction"' in page
    assert "checked" in page
    page = page_of(client.post(url("intervention-propose", case), {**data, "proportionality": "Needed"}))
    assert '<a href="#id_preconditions-civil-injunction">Civil injunction can only be proposed when:' in page
    assert Intervention.objects.count() == 0


def test_the_proposer_cannot_approve_and_a_housing_officer_sees_no_approval(people, sign_in):
    case = open_case(people.officer)
    intervention = injunction_proposed(case, people.manager)
    case = reload(case)
    for user in (people.officer, people.colleague):
        page = page_of(sign_in(user).get(url("interventions", case)))
        assert "Waiting for a decision" in page
        assert "Record your decision" not in page
    proposer = sign_in(people.manager)
    assert "You proposed this, so someone else must approve it" in page_of(proposer.get(url("interventions", case)))
    response = proposer.post(
        url("intervention-decide", case, intervention.pk),
        {
            f"decide-{intervention.pk}-version": case.version,
            f"decide-{intervention.pk}-decision": "approved",
            f"decide-{intervention.pk}-reason": "Agreed",
        },
    )
    page = page_of(response)
    assert "There is a problem" in page
    assert "You proposed this intervention: someone else must approve it" in page
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.PROPOSED


def test_a_housing_manager_approves_legal_action_and_the_chain_shows_who(people, sign_in):
    case = opened_yesterday(people.officer)
    assessed(case, people.officer)  # the RAM moves the case on to case management, where legal action starts
    intervention = injunction_proposed(case, people.officer)
    conference_held(case, people.officer)
    case = reload(case)
    client = sign_in(people.manager)
    page = page_of(client.get(url("interventions", case)))
    assert "Record your decision" in page
    assert "Community Safety Area Manager (CSAM)" in page
    prefix = f"decide-{intervention.pk}"
    response = client.post(
        url("intervention-decide", case, intervention.pk),
        {f"{prefix}-version": case.version, f"{prefix}-decision": "approved", f"{prefix}-reason": "Proportionate"},
    )
    assert response.status_code == 302
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.APPROVED
    assert reload(case).stage == "legal-action"
    page = words_of(client.get(url("interventions", case)))
    assert "Civil injunction: approved" in page
    assert "Approved</strong> by Manager Example" in page
    assert "Proportionate" in page
    assert "Start the civil injunction" in page


def test_approving_before_the_case_conference_shows_the_pack_reason(people, sign_in):
    case = open_case(people.officer)
    assessed(case, people.officer)
    intervention = injunction_proposed(case, people.officer)
    case = reload(case)
    before = footprint(case)
    prefix = f"decide-{intervention.pk}"
    page = page_of(
        sign_in(people.manager).post(
            url("intervention-decide", case, intervention.pk),
            {f"{prefix}-version": case.version, f"{prefix}-decision": "approved", f"{prefix}-reason": "Agreed"},
        )
    )
    assert "There is a problem" in page
    assert "organise a case conference" in page
    assert footprint(case) == before


def test_two_approvals_come_from_a_housing_manager_then_an_operations_manager(people, sign_in):
    case = open_case(people.officer, pack_id="co-op-homes")
    intervention = services.intervention_propose(
        actor=people.officer,
        case=case.reference,
        kind="injunction",
        reason="Persistent noise",
        proportionality="Proportionate",
        preconditions_confirmed=["informal-measures-failed"],
    )
    prefix = f"decide-{intervention.pk}"

    def decide(user):
        current = reload(case)
        return sign_in(user).post(
            url("intervention-decide", current, intervention.pk),
            {
                f"{prefix}-version": current.version,
                f"{prefix}-decision": "approved",
                f"{prefix}-reason": f"Yes from {user}",
            },
        )

    assert decide(people.manager).status_code == 302
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.PROPOSED
    page = page_of(sign_in(people.manager).get(url("interventions", case)))
    assert "Record your decision" not in page  # the next approval is someone else's
    assert decide(people.operations).status_code == 302
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.APPROVED
    page = page_of(sign_in(people.officer).get(url("interventions", case)))
    assert "by Manager Example" in page
    assert "by Ops Example" in page
    assert "Housing Manager" in page
    assert "Operations Manager" in page


def test_starting_an_approved_intervention(people, sign_in):
    case = open_case(people.officer)
    intervention = services.intervention_propose(
        actor=people.officer, case=case.reference, kind="written-warning", reason="Noise after a warning visit"
    )
    case = reload(case)
    client = sign_in(people.officer)
    assert "Start the written warning" in page_of(client.get(url("interventions", case)))
    response = client.post(url("intervention-start", case, intervention.pk), {"version": case.version})
    assert response.status_code == 302
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.STARTED


def queries_for(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_interventions_page_does_not_query_more_with_more_interventions(people, sign_in):
    case = open_case(people.officer)
    client = sign_in(people.manager)
    first = injunction_proposed(case, people.officer)
    services.intervention_decide(
        actor=people.operations, case=case.reference, intervention_id=first.pk, decision="rejected", reason="No"
    )
    one = queries_for(client, url("interventions", case))
    for _ in range(3):
        injunction_proposed(case, people.officer)
    assert queries_for(client, url("interventions", case)) == one


# -- reviews and case conferences ----------------------------------------------------------------------


def test_recording_a_review(people, sign_in):
    case = open_case(people.officer)
    response = sign_in(people.officer).post(
        url("review", case),
        {"version": case.version, "kind": "review", "notes": "Noise reduced", "outcome": "Keep open"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("case", case) + "#reviews"
    review = Review.objects.get(case=case)
    assert (review.kind, review.notes, review.outcome) == ("review", "Noise reduced", "Keep open")
    assert "review.held" in verbs(case)


def test_a_manager_review_by_an_officer_is_refused_at_the_choice(people, sign_in):
    case = open_case(people.officer)
    page = page_of(
        sign_in(people.officer).post(
            url("review", case), {"version": case.version, "kind": "manager-review", "notes": "x"}
        )
    )
    assert '<a href="#id_kind">Your role cannot record a manager review</a>' in page
    assert Review.objects.count() == 0


def test_recording_a_case_conference_and_its_errors(people, sign_in):
    case = opened_yesterday(people.officer)
    client = sign_in(people.officer)
    page = page_of(client.post(url("conference", case), {"version": case.version, "summary": "Talked"}))
    assert '<a href="#id_held_at">Enter when the case conference was held</a>' in page
    assert '<a href="#id_attendees">Enter who attended</a>' in page
    held = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("conference", case), {"version": case.version, "held_at": held, "attendees": "Police", "summary": "Talked"}
    )
    assert response.status_code == 302
    assert CaseConference.objects.get(case=case).attendees == "Police"
    assert "case-conference.held" in verbs(case)


# -- closure and reopening -----------------------------------------------------------------------------


def test_the_closure_page_shows_what_the_pack_needs(people, sign_in):
    case = open_case(people.officer)
    page = page_of(sign_in(people.officer).get(url("closure", case)))
    assert "No one needs to agree closure" in page
    assert "Closure letter (template)" in page
    assert "The case cannot close yet" in page
    assert "written action plan" in page
    assert "Propose closure" in page
    assert "Close the case" in page


def test_closing_when_blocked_shows_the_pack_reasons_and_writes_nothing(people, sign_in):
    case = open_case(people.officer)
    before = footprint(case)
    page = page_of(
        sign_in(people.officer).post(
            url("closure-close", case),
            {"close-version": case.version, "close-reason": "resolved", "close-note": "Quiet"},
        )
    )
    assert "There is a problem" in page
    assert "every complainant is sent a written action plan" in page
    assert 'value="resolved" checked' in page
    assert footprint(case) == before


def test_a_housing_officer_proposes_and_closes_a_case(people, sign_in):
    case = open_case(people.officer)
    planned_and_sent(case, people.officer)
    client = sign_in(people.officer)
    case = reload(case)
    response = client.post(
        url("closure-propose", case), {"propose-version": case.version, "propose-reason": "resolved"}
    )
    assert response.status_code == 302
    case = reload(case)
    assert "Closure proposed" in page_of(client.get(url("closure", case)))
    response = client.post(
        url("closure-close", case),
        {"close-version": case.version, "close-reason": "resolved", "close-note": "Quiet now"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("case", case) + "#closure"
    case = reload(case)
    assert not case.is_open
    assert case.closure_reason == "resolved"
    assert "Closed on" in page_of(client.get(url("closure", case)))


def test_closure_agreed_by_a_manager_where_the_pack_says_so(people, sign_in):
    case = open_case(people.officer, pack_id="co-op-homes")
    page = page_of(sign_in(people.officer).get(url("closure", case)))
    assert "The Housing Manager agrees closure" in page
    assert "Closure is agreed by the Housing Manager." in page
    assert 'action="' + url("closure-agree", case) + '"' not in page
    page = page_of(sign_in(people.manager).get(url("closure", case)))
    assert 'action="' + url("closure-agree", case) + '"' in page


def test_reopening_is_for_managers(people, sign_in):
    case = open_case(people.officer)
    planned_and_sent(case, people.officer)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    case = reload(case)
    assert sign_in(people.officer).get(url("reopen", case)).status_code == 403
    client = sign_in(people.manager)
    page = page_of(client.post(url("reopen", case), {"version": case.version}))
    assert '<a href="#id_reason">Enter why the case is being reopened</a>' in page
    response = client.post(url("reopen", case), {"version": case.version, "reason": "Noise started again"})
    assert response.status_code == 302
    assert reload(case).is_open


# -- who may see and do what, and stale versions ------------------------------------------------------

PAGES = ["risk", "action-plan", "interventions", "intervention-propose", "review", "conference", "closure", "reopen"]


@pytest.mark.parametrize("name", PAGES)
def test_an_outsider_gets_not_found_on_every_page(people, sign_in, name):
    case = open_case(people.officer)
    assert sign_in(people.outsider).get(url(name, case)).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("risk-score", ()),
        ("action-plan-done", (1,)),
        ("action-plan-send", ()),
        ("intervention-decide", (1,)),
        ("intervention-start", (1,)),
        ("closure-propose", ()),
        ("closure-agree", ()),
        ("closure-close", ()),
    ],
)
def test_an_outsider_gets_not_found_posting_any_step(people, sign_in, name, args):
    case = open_case(people.officer)
    assert sign_in(people.outsider).post(url(name, case, *args), {"version": case.version}).status_code == 404


def test_contact_centre_staff_cannot_work_the_case(people, sign_in):
    case = open_case(people.contact_centre)
    client = sign_in(people.contact_centre)
    assert client.get(url("risk", case)).status_code == 403
    assert client.get(url("closure", case)).status_code == 403


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("risk", {"action": "save"}),
        ("review", {"kind": "review", "notes": "Reviewed"}),
        ("closure-propose", {"propose-reason": "resolved"}),
    ],
)
def test_a_stale_version_shows_the_conflict_and_writes_nothing(people, sign_in, name, data):
    case = open_case(people.officer)
    stale = case.version
    services.case_acknowledge(actor=people.officer, case=case.reference, method="letter")
    case = reload(case)
    before = footprint(case)
    if name == "risk":
        data = {**ram_answers("highest"), **data}
    version_field = "propose-version" if name == "closure-propose" else "version"
    response = sign_in(people.officer).post(url(name, case), {**data, version_field: stale})
    page = page_of(response)
    assert "Someone changed this case while you were working on it: nothing was saved" in page
    assert f'value="{case.version}"' in page  # a deliberate retry goes against the case as it is now
    assert footprint(case) == before


def test_places_for_people_pack_has_the_legal_intervention_these_tests_use():
    rule = next(r for r in pack_named("places-for-people").interventions if r.id == "civil-injunction")
    assert rule.legal
    assert rule.approvals == ["community-safety-area-manager"]
    assert [p.id for p in rule.preconditions] == INJUNCTION_PRECONDITIONS
