"""The pages that record things on a case and change it (casework/web/views/steps_records.py)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.accounts.roles import StaffRole
from casework.cases import services
from casework.cases.models import CaseLink, Contact, Evidence, Incident, Party, PoliceDisclosure
from casework.cases.services.intake import PartyInput, PersonInput
from casework.web.forms.base import DATETIME_LOCAL
from tests.cases.helpers import footprint, open_case, ram_answers, reload, verbs
from tests.factories import staff

SECRET = "Intelligence: the neighbour has a conviction for threats to kill (canary 9c1e)"


@pytest.fixture
def case(people):
    """A Places for People noise case, logged by the contact centre two hours ago, owned by the officer."""
    return open_case(people.contact_centre, owner=people.officer, received_at=timezone.now() - timedelta(hours=2))


def url(name, case, *args):
    return reverse(f"web:{name}", args=[case.reference, *args])


def typed(moment):
    """A time as the browser's datetime-local control sends it."""
    return timezone.localtime(moment).strftime(DATETIME_LOCAL)


def last_event(case):
    return case.events.order_by("-id").first()


def assert_back_to_case(response, case, section):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("web:case", args=[case.reference]) + f"#{section}"


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def error_at(page, field):
    """The message shown at a field (GOV.UK: <p id="id_<field>-error">)."""
    marker = f'id="id_{field}-error" class="govuk-error-message">'
    assert marker in page, f"no error at {field}"
    return page.split(marker, 1)[1].split("</p>", 1)[0].replace('<span class="govuk-visually-hidden">Error:</span>', "")


def png():
    """A real PNG of one pixel."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
)


def evidence_files(case):
    storage = storages["evidence"]
    return storage.listdir(str(case.pk))[1] if storage.exists(str(case.pk)) else []


# -- every page ----------------------------------------------------------------------------------------------

PAGES = [
    ("acknowledge", "Acknowledge the report"),
    ("contact", "Record contact"),
    ("incident", "Record an incident"),
    ("evidence-add", "Add evidence"),
    ("party-add", "Add a person or agency"),
    ("priority", "Change the priority"),
    ("types", "Change the types of behaviour"),
    ("link", "Link to another case"),
    ("police", "Police disclosures"),
    ("step", "Diary sent"),
]


def page_url(name, case):
    return url(name, case, "diary.sent") if name == "step" else url(name, case)


@pytest.mark.parametrize(("name", "heading"), PAGES)
def test_each_page_names_its_step_and_the_case(sign_in, people, case, name, heading):
    response = sign_in(people.officer).get(page_url(name, case))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f"<title>{heading} – Casework</title>" in page
    assert f'href="{reverse("web:case", args=[case.reference])}" class="govuk-back-link"' in page
    assert case.reference in page
    assert "Medium risk" in page  # the priority, in the pack's words
    assert "Incident report received" in page  # the stage
    assert f'name="version" value="{case.version}"' in page


@pytest.mark.parametrize("name", [name for name, _ in PAGES] + ["reassign", "advocate"])
def test_an_outsider_gets_not_found_on_every_page(sign_in, people, case, name):
    target = url("advocate", case, case.parties.first().pk) if name == "advocate" else page_url(name, case)
    client = sign_in(people.outsider)
    before = footprint(case)

    assert client.get(target).status_code == 404
    assert client.post(target, {"version": case.version, "reason": "x"}).status_code == 404
    assert footprint(case) == before


def test_the_contact_centre_may_see_the_case_but_not_work_it(sign_in, people, case):
    client = sign_in(people.contact_centre)  # they logged it, so they can see it

    assert client.get(url("contact", case)).status_code == 403
    assert client.get(url("police", case)).status_code == 403


def test_signing_in_is_needed(client, case):
    response = client.get(url("contact", case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))


# -- acknowledge ---------------------------------------------------------------------------------------------


def test_acknowledging_the_report(sign_in, people, case):
    response = sign_in(people.officer).post(url("acknowledge", case), {"version": case.version, "method": "letter"})

    assert_back_to_case(response, case, "timeline")
    assert flash(response) == ["Acknowledgement recorded"]
    event = last_event(case)
    assert (event.verb, event.actor, event.payload) == ("acknowledged", people.officer, {"method": "letter"})


def test_acknowledging_with_nothing_chosen_says_so_and_writes_nothing(sign_in, people, case):
    before = footprint(case)

    response = sign_in(people.officer).post(url("acknowledge", case), {"version": case.version})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Acknowledge the report – Casework</title>" in page
    assert '<a href="#id_method">' in page
    assert error_at(page, "method").strip() == "Choose how was the report acknowledged"
    assert footprint(case) == before


# -- contact -------------------------------------------------------------------------------------------------


def test_recording_contact_with_the_complainant(sign_in, people, case):
    complainant = case.parties.get(role="complainant")
    page = sign_in(people.officer).get(url("contact", case)).content.decode()
    assert f'<option value="{complainant.pk}" selected>{complainant.person.name} (Complainant)</option>' in page

    response = sign_in(people.officer).post(
        url("contact", case),
        {
            "version": case.version,
            "party": complainant.pk,
            "method": "phone",
            "purpose": "update",
            "outcome": "made",
            "at": typed(timezone.now() - timedelta(minutes=30)),
            "notes": "Told them about the warning letter",
        },
    )

    assert_back_to_case(response, case, "contacts")
    assert flash(response) == ["Contact recorded"]
    contact = Contact.objects.get(case=case)
    assert (contact.party, contact.method, contact.purpose, contact.outcome, contact.by) == (
        complainant,
        "phone",
        "update",
        "made",
        people.officer,
    )
    assert contact.notes == "Told them about the warning letter"
    assert verbs(case)[-2:] == ["complainant.contacted", "complainant.updated"]


def test_an_attempt_at_contact_is_recorded_as_one(sign_in, people, case):
    response = sign_in(people.officer).post(
        url("contact", case), {"version": case.version, "method": "phone", "purpose": "contact", "outcome": "no-answer"}
    )

    assert flash(response) == ["Contact attempt recorded"]
    assert last_event(case).verb == "complainant.contact-attempted"


def test_contact_in_the_future_is_refused_at_the_field_keeping_what_was_typed(sign_in, people, case):
    before = footprint(case)
    later = typed(timezone.now() + timedelta(days=2))

    response = sign_in(people.officer).post(
        url("contact", case),
        {
            "version": case.version,
            "method": "email",
            "purpose": "contact",
            "outcome": "made",
            "at": later,
            "notes": "Kept",
        },
    )

    page = response.content.decode()
    assert "There is a problem" in page
    assert error_at(page, "at").strip() == "The date and time is in the future"
    assert f'value="{later}"' in page
    assert "Kept</textarea>" in page
    assert 'value="email" checked' in page
    assert footprint(case) == before


# -- incident ------------------------------------------------------------------------------------------------


def test_recording_an_incident(sign_in, people, case):
    complainant = case.parties.get(role="complainant")
    occurred = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)

    response = sign_in(people.officer).post(
        url("incident", case),
        {
            "version": case.version,
            "occurred_at": typed(occurred),
            "location": "Stairwell",
            "description": "Shouting and banging on the door",
            "impact": "Could not sleep",
            "reported_by": complainant.pk,
            "source": "diary",
        },
    )

    assert_back_to_case(response, case, "incidents")
    incident = Incident.objects.filter(case=case).order_by("-id").first()
    assert (incident.occurred_at, incident.location, incident.reported_by, incident.source) == (
        occurred,
        "Stairwell",
        complainant,
        "diary",
    )
    assert verbs(case)[-2:] == ["incident.reported", "diary.returned"]


def test_an_incident_without_a_description_or_time_names_both_fields(sign_in, people, case):
    before = footprint(case)

    page = (
        sign_in(people.officer)
        .post(url("incident", case), {"version": case.version, "location": "Car park", "source": "phone"})
        .content.decode()
    )

    assert error_at(page, "occurred_at").strip() == "Enter when it happened"
    assert error_at(page, "description").strip() == "Describe what happened"
    assert 'value="Car park"' in page
    assert footprint(case) == before


# -- evidence ------------------------------------------------------------------------------------------------


def test_the_evidence_page_says_what_files_are_accepted(sign_in, people, case, settings):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    settings.CASEWORK_EVIDENCE_CONTENT_TYPES = ["image/png", "application/pdf"]

    page = sign_in(people.officer).get(url("evidence-add", case)).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert "You can upload a PNG image or PDF. The file must be smaller than 10 MB." in page


@pytest.mark.parametrize(
    ("name", "content", "stored_as"), [("photo.png", png(), "image/png"), ("diary.pdf", PDF, "application/pdf")]
)
def test_uploading_evidence_stores_the_file(sign_in, people, case, name, content, stored_as):
    response = sign_in(people.officer).post(
        url("evidence-add", case),
        {
            "version": case.version,
            "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
            "description": "Taken from the landing",
        },
    )

    assert_back_to_case(response, case, "evidence")
    assert flash(response) == [f"Evidence added: {name}"]
    evidence = Evidence.objects.get(case=case)
    assert (evidence.original_name, evidence.content_type, evidence.description) == (
        name,
        stored_as,
        "Taken from the landing",
    )
    with evidence.file.open("rb") as stored:
        assert stored.read() == content
    assert last_event(case).verb == "evidence.added"


def test_a_disguised_executable_is_refused_at_the_file_field(sign_in, people, case):
    before = footprint(case)

    response = sign_in(people.officer).post(
        url("evidence-add", case),
        {
            "version": case.version,
            "file": SimpleUploadedFile("photo.png", EXECUTABLE, content_type="image/png"),
            "description": "Photo of the damage",
        },
    )

    page = response.content.decode()
    assert "cannot be stored as evidence" in error_at(page, "file")
    assert '<a href="#id_file">' in page
    assert "Photo of the damage" in page
    assert footprint(case) == before
    assert evidence_files(case) == []


def test_a_file_over_the_limit_is_refused_before_it_is_stored(sign_in, people, case, settings):
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 1024
    before = footprint(case)

    page = (
        sign_in(people.officer)
        .post(
            url("evidence-add", case),
            {"version": case.version, "file": SimpleUploadedFile("big.pdf", PDF + b"x" * 2048)},
        )
        .content.decode()
    )

    assert "The file must be smaller than" in error_at(page, "file")
    assert footprint(case) == before


def test_evidence_needs_a_file(sign_in, people, case):
    page = sign_in(people.officer).post(url("evidence-add", case), {"version": case.version}).content.decode()
    assert error_at(page, "file").strip() == "Select a file"


# -- parties and advocates -----------------------------------------------------------------------------------


def test_adding_a_witness_with_their_needs_and_consents(sign_in, people, case):
    response = sign_in(people.officer).post(
        url("party-add", case),
        {
            "version": case.version,
            "role": "witness",
            "name": "Wendy Witness",
            "phone": "07700 900123",
            "email": "wendy@example.org",
            "preferred_contact": "text",
            "safe_contact_times": "After 6pm",
            "vulnerabilities": "Lives alone",
            "support_needs": "Large print",
            "language": "Welsh",
            "consent_to_share": "on",
            "anonymity_requested": "on",
        },
    )

    assert_back_to_case(response, case, "parties")
    party = Party.objects.get(case=case, role="witness")
    person = party.person
    assert (person.name, person.phone, person.email, person.preferred_contact) == (
        "Wendy Witness",
        "07700 900123",
        "wendy@example.org",
        "text",
    )
    assert (person.safe_contact_times, person.vulnerabilities, person.support_needs, person.language) == (
        "After 6pm",
        "Lives alone",
        "Large print",
        "Welsh",
    )
    assert (party.consent_to_share, party.consent_to_court_use, party.anonymity_requested, party.under_18) == (
        True,
        False,
        True,
        False,
    )
    assert (last_event(case).verb, last_event(case).target_id) == ("party.added", party.pk)


def test_a_child_is_added_with_their_guardian(sign_in, people, case):
    sign_in(people.officer).post(
        url("party-add", case),
        {
            "version": case.version,
            "role": "witness",
            "name": "Kid Example",
            "under_18": "on",
            "guardian_name": "Pat Parent",
        },
    )

    assert Party.objects.get(case=case, role="witness").guardian.name == "Pat Parent"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"role": "witness", "name": "Kid", "under_18": "on"}, "guardian_name", "parent or guardian’s name"),
        ({"role": "witness", "name": "Wendy", "email": "not-an-email"}, "email", "Enter an email address"),
        ({"role": "witness"}, "name", "Enter their full name"),
        ({"name": "Wendy"}, "role", "Choose their part in the case"),
    ],
)
def test_a_party_that_cannot_be_added_is_refused_at_the_field(sign_in, people, case, values, field, message):
    before = footprint(case)

    page = sign_in(people.officer).post(url("party-add", case), {"version": case.version, **values}).content.decode()

    assert message in error_at(page, field)
    assert footprint(case) == before


@pytest.fixture
def advocate(people, case):
    return services.party_add(
        actor=people.officer,
        case=case.reference,
        party=PartyInput(person=PersonInput(name="Ada Advocate", organisation="Victim Support"), role="advocate"),
    )


def test_recording_the_advocate_a_resident_chose(sign_in, people, case, advocate):
    case = reload(case)
    resident = case.parties.get(role="complainant")
    client = sign_in(people.officer)
    page = client.get(url("advocate", case, resident.pk)).content.decode()
    assert f"Record {resident.person.name}’s advocate" in page
    assert "Ada Advocate, Victim Support" in page

    response = client.post(
        url("advocate", case, resident.pk), {"version": case.version, "advocate": advocate.pk, "resident_asked": "on"}
    )

    assert_back_to_case(response, case, "parties")
    resident.refresh_from_db()
    assert resident.advocate == advocate
    assert last_event(case).verb == "advocate.nominated"


def test_an_advocate_is_recorded_only_when_the_resident_asked(sign_in, people, case, advocate):
    case = reload(case)
    resident = case.parties.get(role="complainant")
    before = footprint(case)

    page = (
        sign_in(people.officer)
        .post(url("advocate", case, resident.pk), {"version": case.version, "advocate": advocate.pk})
        .content.decode()
    )

    assert "only the resident can nominate" in error_at(page, "resident_asked").lower()
    assert footprint(case) == before


def test_an_advocate_for_a_party_on_another_case_is_not_found(sign_in, people, case):
    elsewhere = open_case(people.contact_centre, owner=people.officer).parties.first()
    assert sign_in(people.officer).get(url("advocate", case, elsewhere.pk)).status_code == 404


# -- priority and types --------------------------------------------------------------------------------------


def test_changing_the_priority(sign_in, people, case):
    page = sign_in(people.officer).get(url("priority", case)).content.decode()
    assert 'value="medium" checked' in page

    response = sign_in(people.officer).post(
        url("priority", case), {"version": case.version, "priority": "high", "reason": "Threats made"}
    )

    assert_back_to_case(response, case, "summary")
    assert flash(response) == ["Priority changed to High risk"]
    assert reload(case).priority == "high"
    assert last_event(case).payload == {"priority": "high", "from": "medium", "reason": "Threats made"}


def test_the_same_priority_is_refused_at_the_field(sign_in, people, case):
    before = footprint(case)

    page = (
        sign_in(people.officer)
        .post(url("priority", case), {"version": case.version, "priority": "medium", "reason": "No change"})
        .content.decode()
    )

    assert "already Medium risk priority" in error_at(page, "priority")
    assert footprint(case) == before


def test_a_priority_change_needs_a_reason(sign_in, people, case):
    before = footprint(case)
    page = (
        sign_in(people.officer)
        .post(url("priority", case), {"version": case.version, "priority": "high"})
        .content.decode()
    )
    assert error_at(page, "reason").strip() == "Enter why the priority is changing"
    assert footprint(case) == before


def test_changing_the_types(sign_in, people, case):
    response = sign_in(people.officer).post(
        url("types", case), {"version": case.version, "types": ["noise-nuisance", "harassment"], "reason": "Notes left"}
    )

    assert_back_to_case(response, case, "summary")
    assert sorted(reload(case).type_ids) == ["harassment", "noise-nuisance"]
    assert last_event(case).verb == "types.changed"


def test_a_case_needs_at_least_one_type(sign_in, people, case):
    before = footprint(case)
    page = sign_in(people.officer).post(url("types", case), {"version": case.version, "reason": "x"}).content.decode()
    assert error_at(page, "types").strip() == "Choose at least one type of behaviour"
    assert footprint(case) == before


# -- reassign ------------------------------------------------------------------------------------------------


def test_a_housing_officer_cannot_reassign(sign_in, people, case):
    client = sign_in(people.officer)
    before = footprint(case)

    assert client.get(url("reassign", case)).status_code == 403
    response = client.post(
        url("reassign", case), {"version": case.version, "owner": people.colleague.pk, "reason": "x"}
    )
    assert response.status_code == 403
    assert footprint(case) == before


def test_a_housing_manager_reassigns_the_case(sign_in, people, case):
    client = sign_in(people.manager)
    page = client.get(url("reassign", case)).content.decode()
    assert '<h1 class="govuk-heading-l">Reallocate the case</h1>' in page
    assert '<optgroup label="North team">' in page
    assert "(owns the case now)" in page
    assert f'<option value="{people.colleague.pk}">' in page
    assert f'<option value="{people.contact_centre.pk}">' not in page  # the contact centre owns no cases
    assert f'<option value="{people.admin.pk}">' not in page

    response = client.post(
        url("reassign", case), {"version": case.version, "owner": people.colleague.pk, "reason": "Officer on leave"}
    )

    assert_back_to_case(response, case, "summary")
    assert reload(case).owner == people.colleague
    assert last_event(case).verb == "owner.changed"
    assert flash(response) == [f"Case reallocated to {people.colleague.get_full_name()}"]


def test_an_administrator_may_reallocate_but_not_do_case_work(sign_in, people, case):
    client = sign_in(people.admin)

    assert client.get(url("reassign", case)).status_code == 200
    assert client.get(url("contact", case)).status_code == 403


def test_reassigning_to_the_current_owner_is_refused_at_the_field(sign_in, people, case):
    before = footprint(case)
    page = (
        sign_in(people.manager)
        .post(url("reassign", case), {"version": case.version, "owner": people.officer.pk, "reason": "x"})
        .content.decode()
    )
    assert "already theirs" in error_at(page, "owner")
    assert footprint(case) == before


def test_the_list_of_owners_costs_the_same_queries_however_many_staff(sign_in, people, case):
    client = sign_in(people.manager)
    client.get(url("reassign", case))  # warm the pack cache and the session
    with CaptureQueriesContext(connection) as few:
        client.get(url("reassign", case))
    for n in range(8):
        staff(f"officer{n}", StaffRole.HOUSING_OFFICER, team=people.other_team, pack_role="pfp-colleague")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("reassign", case)).content.decode()
    assert "South team" in page
    assert len(many) == len(few)


# -- links ---------------------------------------------------------------------------------------------------


def test_linking_to_another_case(sign_in, people, case):
    other = open_case(people.contact_centre, owner=people.officer)

    response = sign_in(people.officer).post(
        url("link", case),
        {"version": case.version, "other": other.reference.lower(), "kind": "related", "reason": "Same block"},
    )

    assert_back_to_case(response, case, "summary")
    link = CaseLink.objects.get(from_case=case)
    assert (link.to_case, link.kind, link.reason) == (other, "related", "Same block")


@pytest.mark.parametrize("other", ["ASB-1999-999999", "self"])
def test_a_link_to_no_case_or_to_itself_is_refused_at_the_field(sign_in, people, case, other):
    before = footprint(case)
    reference = case.reference if other == "self" else other

    page = (
        sign_in(people.officer)
        .post(url("link", case), {"version": case.version, "other": reference, "kind": "related"})
        .content.decode()
    )

    assert "case" in error_at(page, "other")
    assert footprint(case) == before


def test_a_case_the_user_cannot_see_is_not_linked(sign_in, people, case):
    hidden = open_case(people.contact_centre, owner=people.outsider)
    hidden.team = people.other_team
    hidden.save()
    before = footprint(case)

    page = (
        sign_in(people.outsider)
        .post(url("link", hidden), {"version": hidden.version, "other": case.reference, "kind": "related"})
        .content.decode()
    )

    assert f"There is no case {case.reference} that you can see" in error_at(page, "other")
    assert footprint(case) == before


# -- police disclosures --------------------------------------------------------------------------------------


def record_disclosure(client, case):
    return client.post(
        url("police", case),
        {
            "version": reload(case).version,
            "force": "Northumbria Police",
            "police_reference": "NP/123",
            "received_at": typed(timezone.now() - timedelta(days=1)),
            "content": SECRET,
        },
    )


def test_an_officer_records_a_disclosure_and_never_sees_what_it_says(sign_in, people, case):
    client = sign_in(people.officer)

    response = record_disclosure(client, case)

    assert_back_to_case(response, case, "timeline")
    assert flash(response) == ["Police disclosure from Northumbria Police recorded"]
    disclosure = PoliceDisclosure.objects.get(case=case)
    assert (disclosure.content, disclosure.recorded_by) == (SECRET, people.officer)
    page = client.get(url("police", case)).content.decode()
    assert "There is 1 police disclosure on this case." in page
    assert "canary 9c1e" not in page
    assert "NP/123" not in page
    assert not case.events.filter(verb="police-disclosure.read").exists()


def test_the_operations_manager_reads_disclosures_and_the_read_is_recorded(sign_in, people, case):
    record_disclosure(sign_in(people.officer), case)

    page = sign_in(people.operations).get(url("police", case)).content.decode()

    assert SECRET in page
    assert "NP/123" in page
    read = case.events.get(verb="police-disclosure.read")
    assert read.actor == people.operations


@pytest.mark.parametrize("who", ["officer", "colleague", "enforcement", "manager"])
def test_no_other_caseworker_sees_the_content(sign_in, people, case, who):
    record_disclosure(sign_in(people.officer), case)

    response = sign_in(getattr(people, who)).get(url("police", case))

    assert response.status_code == 200
    assert "canary 9c1e" not in response.content.decode()


def test_a_disclosure_that_cannot_be_recorded_is_refused_at_the_field(sign_in, people, case):
    before = footprint(case)

    page = (
        sign_in(people.officer)
        .post(
            url("police", case),
            {
                "version": case.version,
                "force": "Police",
                "received_at": typed(timezone.now() + timedelta(days=3)),
                "content": SECRET,
            },
        )
        .content.decode()
    )

    assert "in the future" in error_at(page, "received_at")
    assert footprint(case) == before


# -- any other pack step -------------------------------------------------------------------------------------


def test_recording_a_pack_step_with_a_note(sign_in, people, case):
    response = sign_in(people.officer).post(
        url("step", case, "diary.sent"), {"version": case.version, "note": "Posted two weeks of sheets"}
    )

    assert_back_to_case(response, case, "timeline")
    assert flash(response) == ["Diary sent: recorded"]
    event = last_event(case)
    assert (event.verb, event.payload) == ("diary.sent", {"note": "Posted two weeks of sheets"})


@pytest.mark.parametrize("kind", ["no-such.step", "risk.assessed", "case.closed"])
def test_a_step_not_recorded_this_way_is_not_found(sign_in, people, case, kind):
    client = sign_in(people.officer)
    assert client.get(url("step", case, kind)).status_code == 404
    assert client.post(url("step", case, kind), {"version": case.version}).status_code == 404


def test_a_step_the_path_blocks_shows_each_reason_and_writes_nothing(sign_in, people, case):
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")
    services.action_plan_send(actor=people.officer, case=case.reference, method="letter")
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    case = reload(case)
    before = footprint(case)

    page = sign_in(people.officer).post(url("step", case, "diary.sent"), {"version": case.version}).content.decode()

    assert "There is a problem" in page
    assert "<li>The case is closed</li>" in page
    assert footprint(case) == before


# -- someone else changed the case ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("acknowledge", {"method": "letter"}),
        ("contact", {"method": "phone", "purpose": "contact", "outcome": "made"}),
        ("priority", {"priority": "high", "reason": "Threats"}),
        ("step", {"note": "Sent"}),
    ],
)
def test_a_stale_page_shows_the_conflict_and_writes_nothing(sign_in, people, case, name, values):
    stale = case.version
    services.case_acknowledge(actor=people.colleague, case=case.reference, method="email")  # someone else, meanwhile
    before = footprint(case)

    page = sign_in(people.officer).post(page_url(name, case), {"version": stale, **values}).content.decode()

    assert "Someone changed this case while you were working on it: nothing was saved." in page
    assert footprint(case) == before


def test_a_missing_version_is_shown_at_the_top(sign_in, people, case):
    before = footprint(case)
    page = sign_in(people.officer).post(url("acknowledge", case), {"method": "letter"}).content.decode()
    assert "This page is out of date" in page
    assert footprint(case) == before


# -- query counts --------------------------------------------------------------------------------------------


def test_the_contact_page_costs_the_same_queries_however_many_parties(sign_in, people, case):
    client = sign_in(people.officer)
    client.get(url("contact", case))
    with CaptureQueriesContext(connection) as few:
        client.get(url("contact", case))
    for n in range(6):
        services.party_add(
            actor=people.officer,
            case=case.reference,
            party=PartyInput(person=PersonInput(name=f"Witness {n}"), role="witness"),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("contact", case)).content.decode()
    assert "Witness 5 (Witness)" in page
    assert len(many) == len(few)
