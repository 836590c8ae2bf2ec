"""Closure survey answers and ASB Case Review requests through the API (casework/api/routers/feedback.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseReviewRequest, Party, SurveyResponse
from tests.api.client import Api
from tests.cases.helpers import open_case, reload


@pytest.fixture
def case(people):
    """A believe housing case (3 incidents in 6 months, or high risk), reported a week ago."""
    return open_case(
        people.contact_centre,
        pack_id="believe-housing",
        owner=people.officer,
        received_at=timezone.now() - timedelta(days=7),
    )


def complainant(case):
    return Party.objects.get(case=case, role="complainant")


def test_a_survey_answer_is_recorded_on_a_closed_case_and_listed(people, case):
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    officer = Api(people.officer)
    who = complainant(case)

    body = officer.ok(
        officer.post(
            f"/cases/{case.reference}/survey-responses",
            {
                "satisfaction": "fairly-satisfied",
                "source": "online",
                "comments": "Quiet now, thank you",
                "party_id": who.pk,
                "version": reload(case).version,
            },
        ),
        201,
    )

    assert body["case"] == {**body["case"], "reference": case.reference, "is_open": False}
    assert body["case"]["version"] == reload(case).version
    answer = body["survey_response"]
    assert answer == {
        **answer,
        "party_id": who.pk,
        "satisfaction": "fairly-satisfied",
        "source": "online",
        "comments": "Quiet now, thank you",
        "recorded_by": {"id": people.officer.pk, "name": answer["recorded_by"]["name"]},
    }
    listed = officer.ok(officer.get(f"/cases/{case.reference}/survey-responses"))
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == answer["id"]


def test_a_survey_answer_on_an_open_case_is_a_409_naming_why(people, case):
    officer = Api(people.officer)

    error = Api.error(
        officer.post(f"/cases/{case.reference}/survey-responses", {"satisfaction": "neither", "source": "phone"}), 409
    )

    assert error["code"] == "step-blocked"
    assert error["message"].startswith("the satisfaction survey is about a closed case")
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_a_bad_satisfaction_is_a_422_at_the_field(people, case):
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    officer = Api(people.officer)

    error = Api.error(
        officer.post(f"/cases/{case.reference}/survey-responses", {"satisfaction": "ecstatic", "source": "phone"}), 422
    )

    assert error["fields"] == {"satisfaction": "not one of the choices"}
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_a_request_records_whether_the_threshold_is_met_and_a_manager_decides_it(people, case):
    for night in range(2):
        services.incident_record(
            actor=people.officer,
            case=case.reference,
            occurred_at=timezone.now() - timedelta(days=night + 1),
            description="Shouting",
            source="phone",
        )
    officer, manager = Api(people.officer), Api(people.manager)

    made = officer.ok(
        officer.post(f"/cases/{case.reference}/case-review-requests", {"party_id": complainant(case).pk}), 201
    )
    review = made["case_review_request"]
    assert (review["threshold_met"], review["outcome"], review["decided_at"]) == (True, "received", None)
    assert review["threshold_reason"].startswith("3 incidents reported in the 6 months to ")

    path = f"/cases/{case.reference}/case-review-requests/{review['id']}/outcome"
    decision = {"outcome": "review-held-no-change", "notes": "Partnership found the response proportionate"}
    assert Api.error(officer.post(path, decision), 403)["code"] == "forbidden"
    decided = manager.ok(manager.post(path, {**decision, "version": made["case"]["version"]}))
    assert decided["case_review_request"]["outcome"] == "review-held-no-change"
    assert decided["case_review_request"]["outcome_notes"] == decision["notes"]

    again = Api.error(manager.post(path, {**decision, "outcome": "withdrawn"}), 409)
    assert "already recorded" in again["message"]
    listed = officer.ok(officer.get(f"/cases/{case.reference}/case-review-requests"))
    assert [(r["id"], r["outcome"]) for r in listed["items"]] == [(review["id"], "review-held-no-change")]


def test_a_stale_version_is_a_conflict(people, case):
    officer = Api(people.officer)

    error = Api.error(
        officer.post(f"/cases/{case.reference}/case-review-requests", {"version": reload(case).version + 1}), 409
    )

    assert error["code"] == "conflict"
    assert not CaseReviewRequest.objects.filter(case=case).exists()


def test_an_unseen_case_and_an_unknown_request_are_not_found(people, case):
    review = services.case_review_request(actor=people.officer, case=case.reference)
    outsider, manager = Api(people.outsider), Api(people.manager)

    for path in ("survey-responses", "case-review-requests"):
        assert Api.error(outsider.get(f"/cases/{case.reference}/{path}"), 404)["message"] == f"no case {case.reference}"
    unknown = manager.post(
        f"/cases/{case.reference}/case-review-requests/{review.pk + 1}/outcome", {"outcome": "withdrawn", "notes": "x"}
    )
    assert Api.error(unknown, 404)["message"] == f"no ASB Case Review request {review.pk + 1} on case {case.reference}"
