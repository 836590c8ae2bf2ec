"""Who may call the API, and the one shape every failure takes."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from casework.accounts.models import ApiToken
from casework.api.management.commands.create_api_token import Command as CreateApiToken
from casework.cases import services
from tests.api.client import PREFIX, Api, report_body
from tests.factories import report


@pytest.fixture
def case(people):
    return services.case_open(actor=people.contact_centre, report=report())


def test_no_credentials_is_401_in_the_error_shape(people, case):
    anonymous = Api()
    for response in (anonymous.get("/cases"), anonymous.post("/cases", report_body()), anonymous.get("/pack")):
        error = Api.error(response, 401)
        assert error["code"] == "unauthenticated"


def test_a_wrong_revoked_or_malformed_token_is_401(people, case):
    token, key = ApiToken.issue(user=people.officer, name="crm")
    assert Client(headers={"Authorization": f"Bearer {key}"}).get(PREFIX + "/cases").status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    for header in (f"Bearer {key}", "Bearer cw_not-a-key", "Bearer ", "Basic abc", f"Token {key}"):
        response = Client(headers={"Authorization": header}).get(PREFIX + "/cases")
        assert Api.error(response, 401)["code"] == "unauthenticated", header


def test_a_token_of_a_deactivated_user_is_401(people, case):
    client = Api(people.officer)
    people.officer.is_active = False
    people.officer.save()
    Api.error(client.get("/cases"), 401)


def test_a_signed_in_browser_reads_with_its_session_and_writes_only_with_the_csrf_token(people, case):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.officer)
    assert browser.get(PREFIX + f"/cases/{case.reference}").status_code == 200

    body = '{"method": "letter"}'
    path = PREFIX + f"/cases/{case.reference}/acknowledgement"
    refused = browser.post(path, body, content_type="application/json")
    assert Api.error(refused, 403)["message"].startswith("CSRF check failed")

    browser.get("/admin/login/")  # any page that sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(path, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200, accepted.content


def test_an_unknown_path_is_404_in_the_error_shape(people):
    error = Api.error(Api(people.officer).get("/no-such-thing"), 404)
    assert error["message"] == "there is no API endpoint /api/v1/no-such-thing"


def test_malformed_json_is_400(people, case):
    officer = Api(people.officer)
    response = officer.client.post(PREFIX + "/cases", "{not json", content_type="application/json")
    assert Api.error(response, 400)["code"] == "bad-request"


def test_a_broken_or_oversized_body_is_refused_not_a_500(people, case, settings):
    officer = Api(people.officer)
    path = PREFIX + f"/cases/{case.reference}/evidence"
    broken = officer.client.post(path, b"--x\r\nnonsense", content_type="multipart/form-data")
    assert broken.status_code == 400, broken.content
    Api.error(broken, 400)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = {"method": "phone", "outcome": "made", "notes": "x" * 200}
    Api.error(officer.post(f"/cases/{case.reference}/contacts", body), 413)


def test_validation_errors_are_422_naming_each_field(people, case):
    officer = Api(people.officer)
    body = report_body(types="noise")  # a string, not a list
    body["parties"] = [{"person": {"name": "A" * 201}, "role": "complainant"}]
    del body["channel"]
    error = Api.error(officer.post("/cases", body), 422)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"types", "channel", "parties.0.person.name"}

    missing = Api.error(officer.post(f"/cases/{case.reference}/contacts", None), 422)
    assert set(missing["fields"]) == {"method", "outcome"}
    not_an_object = Api.error(officer.post(f"/cases/{case.reference}/contacts", ["phone"]), 422)
    assert set(not_an_object["fields"]) == {"method", "outcome"}
    no_body = officer.client.post(PREFIX + f"/cases/{case.reference}/contacts", "", content_type="application/json")
    assert Api.error(no_body, 422)["fields"] == {"body": "Field required"}

    paging = Api.error(officer.get("/cases", page=0, page_size=101, overdue="perhaps"), 422)
    assert set(paging["fields"]) == {"page", "page_size", "overdue"}


def test_a_service_refusal_is_422_with_its_own_fields(people, case):
    officer = Api(people.officer)
    error = Api.error(officer.post(f"/cases/{case.reference}/contacts", {"method": "pigeon", "outcome": "made"}), 422)
    assert error["fields"] == {"method": "not one of the choices"}
    assert "pigeon" in error["message"]
    status = Api.error(officer.get("/cases", status="pending"), 422)
    assert status["fields"] == {"status": "open or closed"}


def test_a_stale_version_is_409_and_writes_nothing(people, case):
    officer = Api(people.officer)
    stale = {"method": "letter", "version": case.version - 1}
    error = Api.error(officer.post(f"/cases/{case.reference}/acknowledgement", stale), 409)
    assert error == {
        "code": "conflict",
        "message": error["message"],
        "fields": {"version": "out of date"},
    }
    assert officer.ok(officer.get(f"/cases/{case.reference}"))["version"] == case.version


def test_every_case_write_answers_with_the_new_version(people, case):
    officer = Api(people.officer)
    first = officer.ok(officer.post(f"/cases/{case.reference}/acknowledgement", {"method": "letter"}))
    seen = first["case"]["version"]
    second = officer.ok(
        officer.post(f"/cases/{case.reference}/contacts", {"method": "phone", "outcome": "made", "version": seen}), 201
    )
    assert first["case"]["version"] == case.version + 1
    assert second["case"]["version"] == case.version + 2


def test_a_blocked_step_is_409_with_its_reasons(people, case):
    officer = Api(people.officer)
    error = Api.error(officer.post(f"/cases/{case.reference}/action-plan/sent", {"method": "letter"}), 409)
    assert error["code"] == "step-blocked"
    assert error["reasons"]
    assert all(reason in error["message"] for reason in error["reasons"])


@pytest.mark.parametrize(
    "body",
    [
        {"method": "phone", "outcome": "made", "notes": "bad\x00byte"},
        {"method": "phone" * 10, "outcome": "made"},
        {"method": "phone", "outcome": "made", "party_id": 10**30},
        {"method": "phone", "outcome": "made", "at": "yesterday"},
        {"method": "phone", "outcome": "made", "at": "9999-12-31T23:59:59"},
    ],
)
def test_hostile_input_is_refused_as_bad_input_never_a_500(people, case, body):
    officer = Api(people.officer)
    response = officer.post(f"/cases/{case.reference}/contacts", body)
    assert response.status_code in {400, 422}, response.content
    Api.error(response, response.status_code)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31"])
def test_dates_far_from_now_are_refused_as_bad_input(people, case, moment):
    officer = Api(people.officer)
    body = {"occurred_at": moment, "description": "Noise", "source": "diary"}
    error = Api.error(officer.post(f"/cases/{case.reference}/incidents", body), 422)
    assert set(error["fields"]) == {"occurred_at"}


def test_hostile_ids_and_references_are_not_found_never_a_500(people, case):
    officer = Api(people.officer)
    for path in (
        f"/cases/{case.reference}/parties/{10**30}/perpetrator-summary",
        f"/cases/{case.reference}/evidence/{2**63}/file",
        "/cases/ASB%00-2026",
        "/cases/" + "A" * 500,
    ):
        response = officer.get(path)
        assert response.status_code in {404, 422}, (path, response.content)
        Api.error(response, response.status_code)
    assert officer.get("/cases", q="bad\x00").status_code == 422


def test_create_api_token_prints_a_key_that_works(people):
    out, err = io.StringIO(), io.StringIO()
    call_command(CreateApiToken(), "officer", name="CRM integration", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert key.startswith("cw_")
    assert ApiToken.authenticate(key).user == people.officer
    assert "CRM integration" in err.getvalue()
    with pytest.raises(CommandError, match="no active user"):
        call_command(CreateApiToken(), "nobody", name="x", stdout=out, stderr=err)
