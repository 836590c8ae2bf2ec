"""Letters through the API: preview (writes nothing), send (stored with its hashes), list, and the files."""

from __future__ import annotations

import hashlib

import pytest

from casework.accounts.models import Organisation
from casework.cases.models import Letter, Party
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from tests.api.client import Api
from tests.cases.helpers import footprint, open_case

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The complainant's name, planted to prove a letter to the alleged perpetrator never carries it.
COMPLAINANT = "Alex Canary-Example"
HOME = AddressInput(line1="1 Canary Row", town="Exampleton", postcode="ZZ1 1AA")
NEXT_DOOR = AddressInput(line1="2 Canary Row", town="Exampleton", postcode="ZZ1 1AA")
APPOINTMENT = {"appointment.at": "2030-03-04T10:30:00", "appointment.place": "The housing office"}


@pytest.fixture
def letterhead(org):
    """The organisation's letterhead, which every letter prints."""
    Organisation.objects.filter(pk=org.pk).update(
        letterhead_address="1 Landlord Way\nExampletown\nEX1 1EX",
        letterhead_phone="0300 123 4567",
        letterhead_email="asb@example-homes.org",
        letterhead_website="https://example-homes.org",
    )


@pytest.fixture
def case(people, letterhead):
    return open_case(
        people.contact_centre,
        owner=people.officer,
        parties=[
            PartyInput(
                person=PersonInput(name=COMPLAINANT, email="alex@example.org", address=HOME), role="complainant"
            ),
            PartyInput(person=PersonInput(name="Sam Sample", address=NEXT_DOOR), role="alleged-perpetrator"),
        ],
    )


def complainant(case):
    return Party.objects.get(case=case, role="complainant")


def test_a_preview_is_the_letter_with_the_case_reference_and_writes_nothing(people, case):
    officer = Api(people.officer)
    before = footprint(case)

    preview = officer.ok(officer.post(f"/cases/{case.reference}/letters/preview", {"kind": "acknowledgement"}))

    assert preview["title"]
    assert case.reference in preview["body_html"]
    assert COMPLAINANT in preview["body_html"]
    assert footprint(case) == before


def test_a_preview_with_what_the_officer_adds(people, case):
    officer = Api(people.officer)
    given = {"kind": "appointment", "recipient_id": complainant(case).pk, "inputs": APPOINTMENT}

    preview = officer.ok(officer.post(f"/cases/{case.reference}/letters/preview", given))

    assert "The housing office" in preview["body_html"]


def test_a_missing_value_is_a_422_naming_its_placeholder(people, case):
    officer = Api(people.officer)
    given = {"kind": "appointment", "recipient_id": complainant(case).pk, "inputs": {"appointment.place": "Here"}}

    error = Api.error(officer.post(f"/cases/{case.reference}/letters/preview", given), 422)

    assert "appointment.at" in error["fields"]


def test_an_unknown_letter_is_a_422_naming_the_kind(people, case):
    officer = Api(people.officer)

    error = Api.error(officer.post(f"/cases/{case.reference}/letters/preview", {"kind": "no-such-letter"}), 422)

    assert "kind" in error["fields"]


def test_a_letter_to_the_alleged_perpetrator_never_names_the_complainant(people, case):
    officer = Api(people.officer)
    given = {
        "kind": "written-warning",
        "inputs": {
            "warning.behaviour": "Loud music late at night",
            "warning.effect": "Neighbours cannot sleep",
            "warning.tenancy_clauses": "Clause 3.1 (nuisance)",
        },
    }

    preview = officer.ok(officer.post(f"/cases/{case.reference}/letters/preview", given))

    assert "Sam Sample" in preview["body_html"]
    assert COMPLAINANT not in preview["body_html"]


def test_a_sent_letter_is_stored_listed_and_fetched_back_exactly(people, case):
    officer, manager = Api(people.officer), Api(people.manager)

    written = officer.ok(
        officer.post(
            f"/cases/{case.reference}/letters",
            {"kind": "acknowledgement", "method": "post", "version": case.version},
        ),
        201,
    )

    letter = written["letter"]
    stored = Letter.objects.get(case=case)
    assert written["case"]["version"] > case.version
    assert letter["id"] == stored.pk
    assert letter["kind"] == "acknowledgement"
    assert letter["method"] == "post"
    assert letter["recipient"] == {"id": complainant(case).pk, "name": COMPLAINANT, "role": "complainant"}
    assert letter["recipient_name"] == COMPLAINANT
    assert letter["sent_by"]["id"] == people.officer.pk
    assert letter["pdf_sha256"] == stored.pdf_sha256
    listed = manager.ok(manager.get(f"/cases/{case.reference}/letters"))
    assert [item["id"] for item in listed["items"]] == [stored.pk]

    pdf = manager.get(letter["pdf"].removeprefix("/api/v1"))
    docx = manager.get(letter["docx"].removeprefix("/api/v1"))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert "no-store" in pdf["Cache-Control"]
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == letter["pdf_sha256"]
    assert docx["Content-Type"] == DOCX
    assert hashlib.sha256(b"".join(docx.streaming_content)).hexdigest() == letter["docx_sha256"]


def test_a_letter_sent_from_a_stale_version_is_a_conflict(people, case):
    officer = Api(people.officer)

    Api.error(
        officer.post(
            f"/cases/{case.reference}/letters",
            {"kind": "acknowledgement", "method": "post", "version": case.version - 1},
        ),
        409,
    )

    assert not Letter.objects.filter(case=case).exists()


def test_nobody_outside_the_case_sees_or_writes_its_letters(people, case):
    officer, outsider = Api(people.officer), Api(people.outsider)
    letter = officer.ok(
        officer.post(f"/cases/{case.reference}/letters", {"kind": "acknowledgement", "method": "post"}), 201
    )["letter"]

    Api.error(outsider.get(f"/cases/{case.reference}/letters"), 404)
    Api.error(outsider.get(letter["pdf"].removeprefix("/api/v1")), 404)
    Api.error(outsider.post(f"/cases/{case.reference}/letters/preview", {"kind": "acknowledgement"}), 404)
    Api.error(Api().get(letter["pdf"].removeprefix("/api/v1")), 401)
    other = open_case(people.contact_centre, owner=people.officer)
    Api.error(officer.get(f"/cases/{other.reference}/letters/{letter['id']}/pdf"), 404)


def test_the_contact_centre_may_read_sent_letters_but_not_write_them(people, case):
    officer, contact_centre = Api(people.officer), Api(people.contact_centre)
    officer.ok(officer.post(f"/cases/{case.reference}/letters", {"kind": "acknowledgement", "method": "post"}), 201)

    listed = contact_centre.ok(contact_centre.get(f"/cases/{case.reference}/letters"))
    refused = contact_centre.post(f"/cases/{case.reference}/letters", {"kind": "acknowledgement", "method": "post"})

    assert listed["count"] == 1
    Api.error(refused, 403)
    Api.error(contact_centre.post(f"/cases/{case.reference}/letters/preview", {"kind": "acknowledgement"}), 403)
