"""Closure survey answers and ASB Case Review requests (casework/cases/services/feedback.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, CaseReviewRequest, Party, SurveyResponse
from casework.cases.packs import pack_named
from casework.cases.services.feedback import case_review_check, threshold_in_words
from casework.cases.services.intake import PartyInput, PersonInput
from casework.errors import Conflict, InvalidInput, NotAllowed, NotFound, StepBlocked
from tests.cases.helpers import footprint, open_case, ram_answers, reload, verbs


def written(case: Case) -> dict:
    """Everything these steps could write, to prove a refusal wrote nothing."""
    return {
        **footprint(case),
        "surveys": SurveyResponse.objects.filter(case=case).count(),
        "requests": list(
            CaseReviewRequest.objects.filter(case=case).values_list("outcome", "outcome_notes", "decided_at")
        ),
    }


def complainant(case: Case) -> Party:
    return Party.objects.get(case=case, role="complainant")


def perpetrator(case: Case) -> Party:
    return Party.objects.get(case=case, role="alleged-perpetrator")


@pytest.fixture
def believe_case(people):
    """A believe housing case (3 incidents in 6 months, or high risk), reported a month ago."""
    return open_case(
        people.contact_centre,
        pack_id="believe-housing",
        owner=people.officer,
        received_at=timezone.now() - timedelta(days=30),
    )


def close(people, case: Case) -> Case:
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    return reload(case)


def incidents(people, case: Case, n: int, source: str = "phone") -> None:
    for i in range(n):
        services.incident_record(
            actor=people.officer,
            case=case.reference,
            occurred_at=timezone.now() - timedelta(hours=i + 1),
            description=f"Shouting on the stairs, night {i}",
            source=source,
        )


# -- the closure survey ----------------------------------------------------------------------------------------


def test_a_survey_answer_is_recorded_on_a_closed_case_with_its_event(people, believe_case):
    case = close(people, believe_case)
    who = complainant(case)

    response = services.survey_record(
        actor=people.officer,
        case=case.reference,
        satisfaction="fairly-satisfied",
        source="phone",
        comments="  The officer kept me informed  ",
        party_id=who.pk,
        version=case.version,
    )

    assert (response.satisfaction, response.source, response.party, response.recorded_by) == (
        "fairly-satisfied",
        "phone",
        who,
        people.officer,
    )
    assert response.comments == "The officer kept me informed"
    event = case.events.get(verb="survey.returned")
    # The history says what was answered, never the comments (free text stays on the row).
    assert event.payload == {"satisfaction": "fairly-satisfied", "source": "phone"}
    assert (event.target_type, event.target_id, event.actor) == ("surveyresponse", response.pk, people.officer)
    case = reload(case)
    assert (case.is_open, case.stage, case.version) == (False, "closed", believe_case.version + 2)


def test_a_survey_answer_on_an_open_case_is_refused(people, believe_case):
    before = written(believe_case)

    with pytest.raises(StepBlocked) as refused:
        services.survey_record(
            actor=people.officer, case=believe_case.reference, satisfaction="very-satisfied", source="paper"
        )

    assert refused.value.message.startswith("the satisfaction survey is about a closed case: ")
    assert f"case {believe_case.reference} is open" in refused.value.message
    assert written(believe_case) == before


@pytest.mark.parametrize(
    ("field", "values"),
    [("satisfaction", {"satisfaction": "delighted"}), ("source", {"source": "carrier-pigeon"})],
)
def test_a_survey_answer_must_be_one_of_the_choices(people, believe_case, field, values):
    case = close(people, believe_case)
    before = written(case)

    with pytest.raises(InvalidInput) as refused:
        services.survey_record(
            actor=people.officer,
            case=case.reference,
            **{"satisfaction": "very-satisfied", "source": "paper", **values},
        )

    assert refused.value.fields == {field: "not one of the choices"}
    assert "very-satisfied" in refused.value.message or "paper" in refused.value.message
    assert written(case) == before


def test_only_a_complainant_answers_the_survey(people, believe_case):
    case = close(people, believe_case)
    before = written(case)

    with pytest.raises(InvalidInput) as refused:
        services.survey_record(
            actor=people.officer,
            case=case.reference,
            satisfaction="very-dissatisfied",
            source="phone",
            party_id=perpetrator(case).pk,
        )

    assert refused.value.fields == {"party": "not complainant"}
    assert "is the alleged perpetrator" in refused.value.message
    assert written(case) == before


def test_a_complainant_answers_the_survey_about_a_closure_once(people, believe_case):
    case = close(people, believe_case)
    who = complainant(case)
    services.survey_record(
        actor=people.officer, case=case.reference, satisfaction="neither", source="paper", party_id=who.pk
    )
    before = written(case)

    with pytest.raises(InvalidInput) as refused:
        services.survey_record(
            actor=people.officer, case=case.reference, satisfaction="very-satisfied", source="email", party_id=who.pk
        )

    assert refused.value.fields == {"party": "already answered"}
    assert written(case) == before


def test_a_survey_answer_received_before_the_case_closed_is_refused(people, believe_case):
    case = close(people, believe_case)
    before = written(case)

    with pytest.raises(InvalidInput) as refused:
        services.survey_record(
            actor=people.officer,
            case=case.reference,
            satisfaction="neither",
            source="paper",
            received_at=case.closed_at - timedelta(days=1),
        )

    assert refused.value.fields == {"received_at": "before the case was closed"}
    assert refused.value.message.startswith("received at is before the case was closed")
    assert written(case) == before


def test_a_survey_answer_on_a_stale_version_is_refused(people, believe_case):
    case = close(people, believe_case)
    before = written(case)

    with pytest.raises(Conflict):
        services.survey_record(
            actor=people.officer,
            case=case.reference,
            satisfaction="neither",
            source="paper",
            version=case.version - 1,
        )

    assert written(case) == before


def test_the_contact_centre_cannot_record_a_survey_answer_and_an_outsider_finds_no_case(people, believe_case):
    case = close(people, believe_case)
    before = written(case)

    with pytest.raises(NotAllowed):
        services.survey_record(actor=people.contact_centre, case=case.reference, satisfaction="neither", source="paper")
    with pytest.raises(NotFound) as missing:
        services.survey_record(actor=people.outsider, case=case.reference, satisfaction="neither", source="paper")

    assert missing.value.message == f"no case {case.reference}"
    assert written(case) == before


# -- ASB Case Review: requests and the threshold -------------------------------------------------------------


# A diary sheet is an incident (and diary sheets returned): it counts once, as the opening report does.
@pytest.mark.parametrize("source", ["phone", "diary"])
def test_the_threshold_is_met_with_three_incidents_in_six_months(people, believe_case, source):
    incidents(people, believe_case, 2, source)  # with the report that opened the case: three

    request = services.case_review_request(
        actor=people.officer, case=believe_case.reference, party_id=complainant(believe_case).pk
    )

    assert request.threshold_met is True
    assert request.threshold_reason.startswith("3 incidents reported in the 6 months to ")
    assert request.outcome == "received"
    event = believe_case.events.get(verb="case-review.requested")
    assert event.payload == {"threshold_met": True, "incidents": 3, "high_risk": False}
    assert (event.target_type, event.target_id) == ("casereviewrequest", request.pk)


def test_the_threshold_is_not_met_with_two_incidents(people, believe_case):
    incidents(people, believe_case, 1)

    request = services.case_review_request(actor=people.officer, case=believe_case.reference)

    assert request.threshold_met is False
    assert request.threshold_reason.startswith("2 of 3 incidents reported in the 6 months to ")
    assert believe_case.events.get(verb="case-review.requested").payload["incidents"] == 2


def test_only_incidents_reported_by_the_time_of_the_request_count(people, believe_case):
    incidents(people, believe_case, 2)  # reported now

    request = services.case_review_request(
        actor=people.officer, case=believe_case.reference, requested_at=timezone.now() - timedelta(days=10)
    )

    assert request.threshold_met is False
    assert request.threshold_reason.startswith("1 of 3 incidents")


def test_a_high_risk_case_qualifies_below_the_threshold_where_the_pack_says_so(people, believe_case):
    request = services.case_review_request(actor=people.officer, case=believe_case.reference, high_risk=True)

    assert request.threshold_met is True
    assert "the case is high risk" in request.threshold_reason
    assert believe_case.events.get(verb="case-review.requested").payload["high_risk"] is True


def test_the_top_band_of_the_risk_matrix_is_high_risk(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("highest"))
    case = reload(case)
    assert case.risk_band == "high"

    # Places for People sets no threshold of its own, so not even a high-risk case meets one here.
    check = case_review_check(case, as_of=timezone.localdate())

    assert check.eligible is False
    assert "local partnership" in check.reason


def test_a_pack_with_no_threshold_records_the_request_with_the_reason(people):
    case = open_case(people.contact_centre, owner=people.officer)

    request = services.case_review_request(actor=people.officer, case=case.reference)

    assert request.threshold_met is False
    assert "the local partnership's threshold applies" in request.threshold_reason
    assert threshold_in_words(pack_named("places-for-people")).endswith("the local partnership's threshold applies")
    assert threshold_in_words(pack_named("believe-housing")) == (
        "3 incidents reported in 6 months, or fewer where the case is high risk"
    )


def test_a_request_may_be_recorded_on_a_closed_case(people, believe_case):
    incidents(people, believe_case, 2)
    case = close(people, believe_case)

    request = services.case_review_request(actor=people.officer, case=case.reference)

    assert request.threshold_met is True
    assert verbs(case)[-1] == "case-review.requested"
    assert reload(case).is_open is False


def test_an_advocate_may_ask_but_an_alleged_perpetrator_may_not(people, believe_case):
    advocate = services.party_add(
        actor=people.officer,
        case=believe_case.reference,
        party=PartyInput(person=PersonInput(name="Ada Advocate"), role="advocate"),
    )
    before = written(believe_case)

    with pytest.raises(InvalidInput) as refused:
        services.case_review_request(
            actor=people.officer, case=believe_case.reference, party_id=perpetrator(believe_case).pk
        )

    assert refused.value.fields == {"party": "not complainant or advocate"}
    assert written(believe_case) == before
    request = services.case_review_request(actor=people.officer, case=believe_case.reference, party_id=advocate.pk)
    assert request.party == advocate


def test_a_second_request_waits_for_the_first_to_be_decided(people, believe_case):
    who = complainant(believe_case).pk
    services.case_review_request(actor=people.officer, case=believe_case.reference, party_id=who)
    before = written(believe_case)

    with pytest.raises(StepBlocked) as refused:
        services.case_review_request(actor=people.officer, case=believe_case.reference, party_id=who)

    assert "still waiting for its outcome" in refused.value.message
    assert written(believe_case) == before


def test_a_request_in_the_future_or_on_a_stale_version_is_refused(people, believe_case):
    before = written(believe_case)

    with pytest.raises(InvalidInput) as future:
        services.case_review_request(
            actor=people.officer, case=believe_case.reference, requested_at=timezone.now() + timedelta(days=2)
        )
    with pytest.raises(Conflict):
        services.case_review_request(
            actor=people.officer, case=believe_case.reference, version=reload(believe_case).version + 1
        )

    assert future.value.fields == {"requested_at": "cannot be in the future"}
    assert written(believe_case) == before


def test_an_outsider_finds_no_case_to_request_a_review_on(people, believe_case):
    before = written(believe_case)

    with pytest.raises(NotFound):
        services.case_review_request(actor=people.outsider, case=believe_case.reference)

    assert written(believe_case) == before


# -- ASB Case Review: the outcome ------------------------------------------------------------------------------


@pytest.fixture
def requested(people, believe_case):
    incidents(people, believe_case, 2)
    return services.case_review_request(actor=people.officer, case=believe_case.reference)


def test_a_manager_records_the_outcome(people, believe_case, requested):
    decided = services.case_review_decide(
        actor=people.manager,
        case=believe_case.reference,
        request_id=requested.pk,
        outcome="review-held",
        notes=" Panel recommended mediation ",
        version=reload(believe_case).version,
    )

    requested.refresh_from_db()
    assert decided == requested
    assert (requested.outcome, requested.outcome_notes) == ("review-held", "Panel recommended mediation")
    assert requested.decided_at is not None
    event = believe_case.events.get(verb="case-review.decided")
    assert event.payload == {"outcome": "review-held"}
    assert (event.actor, event.target_id) == (people.manager, requested.pk)


def test_the_outcome_is_recorded_on_a_closed_case_too(people, believe_case, requested):
    close(people, believe_case)

    services.case_review_decide(
        actor=people.enforcement,
        case=believe_case.reference,
        request_id=requested.pk,
        outcome="threshold-not-met",
        notes="Partnership decided",
    )

    assert verbs(believe_case)[-1] == "case-review.decided"


def test_the_outcome_is_recorded_once(people, believe_case, requested):
    services.case_review_decide(
        actor=people.manager, case=believe_case.reference, request_id=requested.pk, outcome="withdrawn", notes="x"
    )
    before = written(believe_case)

    with pytest.raises(StepBlocked) as refused:
        services.case_review_decide(
            actor=people.operations,
            case=believe_case.reference,
            request_id=requested.pk,
            outcome="review-held",
            notes="Held after all",
        )

    assert "already recorded" in refused.value.message
    assert "withdrawn" in refused.value.message
    assert written(believe_case) == before


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"outcome": "received"}, {"outcome": "not one of the choices"}),
        ({"outcome": "approved"}, {"outcome": "not one of the choices"}),
        ({"notes": "   "}, {"notes": "required"}),
    ],
)
def test_an_outcome_needs_a_decision_and_notes(people, believe_case, requested, values, fields):
    before = written(believe_case)

    with pytest.raises(InvalidInput) as refused:
        services.case_review_decide(
            actor=people.manager,
            case=believe_case.reference,
            request_id=requested.pk,
            **{"outcome": "review-held", "notes": "Held", **values},
        )

    assert refused.value.fields == fields
    assert written(believe_case) == before


@pytest.mark.parametrize("who", ["officer", "contact_centre", "admin"])
def test_only_managers_record_the_outcome(people, believe_case, requested, who):
    before = written(believe_case)

    with pytest.raises(NotAllowed) as refused:
        services.case_review_decide(
            actor=getattr(people, who),
            case=believe_case.reference,
            request_id=requested.pk,
            outcome="review-held",
            notes="Held",
        )

    assert refused.value.message == "your role cannot record the outcome of an ASB Case Review request"
    assert written(believe_case) == before


def test_a_request_on_another_case_or_an_unseen_case_is_not_found(people, believe_case, requested):
    other = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    before = written(believe_case)

    with pytest.raises(NotFound) as elsewhere:
        services.case_review_decide(
            actor=people.manager, case=other.reference, request_id=requested.pk, outcome="withdrawn", notes="x"
        )
    with pytest.raises(NotFound) as unseen:
        services.case_review_decide(
            actor=people.outsider, case=believe_case.reference, request_id=requested.pk, outcome="withdrawn", notes="x"
        )

    assert elsewhere.value.message == f"no ASB Case Review request {requested.pk} on case {other.reference}"
    assert unseen.value.message == f"no case {believe_case.reference}"
    assert written(believe_case) == before


def test_an_outcome_before_the_request_is_refused(people, believe_case, requested):
    before = written(believe_case)

    with pytest.raises(InvalidInput) as refused:
        services.case_review_decide(
            actor=people.manager,
            case=believe_case.reference,
            request_id=requested.pk,
            outcome="withdrawn",
            notes="x",
            decided_at=requested.requested_at - timedelta(days=1),
        )

    assert refused.value.fields == {"decided_at": "before the request came in"}
    assert written(believe_case) == before
