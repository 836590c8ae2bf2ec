"""Intake: search for an existing case first, take the report, check the triage, then open, add or record."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.cases import services
from casework.cases.models import Case, CaseEvent, Enquiry, Incident, Party
from casework.cases.services.intake import AddressInput
from tests.cases.helpers import open_case, verbs
from tests.factories import another_report, organisation

pytestmark = pytest.mark.django_db

REPORT = reverse("web:intake-report")


def report(**overrides):
    """What an officer types for a plain noise report from a resident, as the form posts it."""
    values = {
        "channel": "phone",
        "reporter_kind": "resident",
        "reporter_name": "Alex Example",
        "reporter_phone": "07700 900001",
        "reporter_preferred_contact": "phone",
        "types": ["noise-nuisance"],
        "summary": "Loud music every night until 3am from the flat above.",
        "address_line1": "12 Example Street",
        "address_postcode": "ZZ1 1AA",
        "perpetrator_names": "Sam Sample",
        "impact": "Cannot sleep; the children are exhausted.",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)


def report_address(case: Case) -> AddressInput:
    return AddressInput(line1=case.address.line1, postcode=case.address.postcode)


def counts() -> tuple[int, int, int, int]:
    return Case.objects.count(), Incident.objects.count(), Enquiry.objects.count(), CaseEvent.objects.count()


# -- who may take a report ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["contact_centre", "officer", "enforcement", "manager", "operations"])
def test_staff_who_take_reports_can_use_intake(sign_in, people, who):
    client = sign_in(getattr(people, who))
    assert client.get(reverse("web:intake")).status_code == 200
    page = client.get(REPORT).content.decode()
    assert '<h1 class="govuk-heading-l">Report details</h1>' in page
    assert "Check the report" in page


def test_an_administrator_cannot_take_reports(sign_in, people):
    client = sign_in(people.admin)
    assert client.get(reverse("web:intake")).status_code == 403
    assert client.post(REPORT, report(action="check")).status_code == 403
    assert client.post(reverse("web:intake-link"), report(reference="ASB-2026-000001")).status_code == 403
    assert counts()[0] == 0


def test_intake_needs_signing_in(client, org):
    response = client.get(reverse("web:intake"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))


# -- 1. search first ---------------------------------------------------------------------------------


def test_search_finds_a_case_by_postcode_name_address_or_reference(sign_in, people):
    case = open_case(people.officer)
    client = sign_in(people.officer)
    postcode = case.address.postcode
    name = case.parties.get(role="complainant").person.name
    for query in (postcode.lower().replace(" ", ""), name, case.address.line1, case.reference):
        page = client.get(reverse("web:intake"), {"q": query}).content.decode()
        assert f'href="{reverse("web:case", args=[case.reference])}">{case.reference}</a>' in page, query
        assert case.address.line1 in page
        assert "Open" in page


def test_search_shows_only_cases_the_user_may_see(sign_in, people):
    case = open_case(people.officer)  # logged by the officer: the contact centre did not log it
    page = sign_in(people.contact_centre).get(reverse("web:intake"), {"q": case.reference}).content.decode()
    assert f">{case.reference}</a>" not in page
    assert "No cases found" in page


def test_the_start_page_offers_a_new_report(sign_in, people):
    page = sign_in(people.contact_centre).get(reverse("web:intake")).content.decode()
    assert '<h1 class="govuk-heading-l">Take a report</h1>' in page
    assert f'href="{REPORT}"' in page
    assert "Start a new report" in page


def test_search_results_take_the_same_queries_however_many_match(sign_in, people):
    client = sign_in(people.officer)
    open_case(people.officer)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("web:intake"), {"q": "ZZ9 9ZZ"})
    for _ in range(4):
        open_case(people.officer)
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("web:intake"), {"q": "ZZ9 9ZZ"}).content.decode()
    assert "5 cases found" in page
    assert len(five) == len(one)


# -- 2. the form -------------------------------------------------------------------------------------


def test_a_report_with_missing_answers_is_shown_again_with_each_error_and_what_was_typed(sign_in, people):
    client = sign_in(people.contact_centre)
    posted = report(action="check", channel=None, reporter_kind=None, summary=None, address_postcode=None)
    response = client.post(REPORT, posted)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Report details – Casework</title>" in page
    assert "There is a problem" in page
    assert '<a href="#id_channel">Choose how the report reached us</a>' in page
    assert '<a href="#id_reporter_kind">Choose who is reporting</a>' in page
    assert '<a href="#id_summary">Enter what happened</a>' in page
    assert '<a href="#id_address_postcode">Enter the postcode of the address</a>' in page
    # What was typed is kept.
    assert 'value="12 Example Street"' in page
    assert 'value="Alex Example"' in page
    assert 'value="noise-nuisance" checked' in page
    assert "Cannot sleep; the children are exhausted." in page
    assert counts() == (0, 0, 0, 0)


def test_no_type_of_behaviour_is_shown_at_the_types_question(sign_in, people):
    page = sign_in(people.contact_centre).post(REPORT, report(action="check", types=None)).content.decode()
    assert '<a href="#id_types">Choose at least one type of behaviour</a>' in page
    assert "govuk-form-group--error" in page


def test_a_named_reporter_needs_a_name(sign_in, people):
    page = sign_in(people.contact_centre).post(REPORT, report(action="check", reporter_name="")).content.decode()
    assert '<a href="#id_reporter_name">Enter the name of the person reporting, or choose anonymous</a>' in page


# -- the triage result -------------------------------------------------------------------------------


def test_checking_an_asb_report_shows_its_priority_and_owner_and_writes_nothing(sign_in, people):
    client = sign_in(people.contact_centre)
    posted = report(action="check", types=["harassment"], received_at="2025-01-05T10:00")
    page = client.post(REPORT, posted).content.decode()
    assert "Triage result: anti-social behaviour" in page
    assert "5 January 2025 at 10:00" in page
    assert "Harassment" in page
    assert re.search(r"Priority</dt>\s*<dd[^>]*>High risk</dd>", page)
    assert re.search(r"Owner</dt>\s*<dd[^>]*>Tenancy Enforcement Manager \(TEM\)</dd>", page)
    assert "Open a new case" in page
    assert "Change the report" in page
    # The report travels on in hidden fields.
    assert hidden(page, "summary") == ["Loud music every night until 3am from the flat above."]
    assert hidden(page, "types") == ["harassment"]
    assert counts() == (0, 0, 0, 0)


def test_where_the_officer_chooses_the_priority_the_triage_page_asks_for_it(sign_in, people):
    client = sign_in(people.officer)
    page = client.post(REPORT, report(action="check")).content.decode()
    assert "The officer chooses: Medium risk or Low risk" in page
    assert 'name="priority" type="radio" value="medium"' in page
    response = client.post(REPORT, report(action="open"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_priority">Choose the priority for this case</a>' in page
    assert counts()[0] == 0


def test_change_the_report_shows_the_form_filled_in(sign_in, people):
    page = sign_in(people.officer).post(REPORT, report(action="change", priority="low")).content.decode()
    assert "Report details" in page
    assert 'value="12 Example Street"' in page
    assert "Loud music every night" in page
    assert "There is a problem" not in page
    assert hidden(page, "priority") == ["low"]


def test_a_not_asb_report_gives_the_reason_and_advice_and_is_recorded_as_an_enquiry(sign_in, people):
    client = sign_in(people.contact_centre)
    posted = report(types=None, other_types=["footsteps"])
    page = client.post(REPORT, {**posted, "action": "check"}).content.decode()
    assert "Triage result: not anti-social behaviour" in page
    assert "What to tell the caller" in page
    assert "resolve this with your neighbours" in page
    assert "Record as an enquiry" in page
    assert "Open a new case" not in page
    assert counts() == (0, 0, 0, 0)

    response = client.post(REPORT, {**posted, "action": "enquiry"})
    enquiry = Enquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:intake-enquiry", args=[enquiry.pk])
    assert enquiry.types == ["footsteps"]
    assert enquiry.reporter_name == "Alex Example"
    assert enquiry.recorded_by == people.contact_centre
    assert Case.objects.count() == 0

    confirmation = client.get(response["Location"]).content.decode()
    assert "Recorded as an enquiry" in confirmation
    assert "not a case" in confirmation
    assert enquiry.advice[:40] in confirmation


def test_an_enquiry_is_shown_only_to_whoever_recorded_it(sign_in, people):
    client = sign_in(people.contact_centre)
    client.post(REPORT, report(types=None, other_types=["footsteps"], action="enquiry"))
    enquiry = Enquiry.objects.get()
    other = sign_in(people.officer)
    assert other.get(reverse("web:intake-enquiry", args=[enquiry.pk])).status_code == 404


@pytest.mark.parametrize(
    ("type_id", "warning"),
    [
        ("domestic-abuse", "This is domestic abuse — follow that process: Domestic Abuse Policy"),
        ("safeguarding", "This is a safeguarding concern — follow that process: Safeguarding Policy"),
    ],
)
def test_domestic_abuse_and_safeguarding_show_the_route_to_follow(sign_in, people, type_id, warning):
    page = sign_in(people.officer).post(REPORT, report(action="check", types=[type_id])).content.decode()
    assert "govuk-warning-text" in page
    assert warning in page
    assert page.index(warning) < page.index('value="open"')
    assert counts() == (0, 0, 0, 0)


def test_a_hate_related_report_is_the_most_urgent_and_shows_the_hate_route(sign_in, people):
    page = sign_in(people.officer).post(REPORT, report(action="check", hate_related="on")).content.decode()
    assert re.search(r"Priority</dt>\s*<dd[^>]*>High risk</dd>", page)
    assert "This is hate-related — follow that process: Hate Crime Policy" in page
    assert "report the matter to the Police" in page


def test_the_route_warning_shows_under_another_pack(sign_in, people):
    organisation("co-op-homes")
    from casework.cases.packs import pack_named

    pack = pack_named("co-op-homes")
    routed = next(t for t in pack.types if t.domestic_abuse or t.safeguarding)
    page = sign_in(people.officer).post(REPORT, report(action="check", types=[routed.id])).content.decode()
    assert "follow that process" in page


# -- opening a case ----------------------------------------------------------------------------------


def test_opening_a_case_saves_the_report_and_goes_to_the_case(sign_in, people):
    client = sign_in(people.contact_centre)
    response = client.post(REPORT, report(action="open", priority="medium", witness_names="Pat Witness"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:case", args=[case.reference])
    assert case.priority == "medium"
    assert case.owner_role == "community-housing-manager"
    assert case.created_by == people.contact_centre
    assert case.address.line1 == "12 Example Street"
    assert list(case.types.values_list("type_id", flat=True)) == ["noise-nuisance"]
    roles = dict(Party.objects.filter(case=case).values_list("person__name", "role"))
    assert roles == {"Alex Example": "complainant", "Sam Sample": "alleged-perpetrator", "Pat Witness": "witness"}
    assert verbs(case)[:2] == ["case.opened", "incident.reported"]
    incident = Incident.objects.get(case=case)
    assert incident.impact == "Cannot sleep; the children are exhausted."
    assert incident.reported_by.person.name == "Alex Example"
    followed = client.get(response["Location"])
    message = f"Case {case.reference} opened. Owner: "
    assert message in followed.content.decode()
    assert "priority: Medium risk" in followed.content.decode()


def test_a_report_from_an_advocate_records_the_resident_and_their_consent(sign_in, people):
    client = sign_in(people.officer)
    posted = report(
        action="open",
        priority="low",
        reporter_kind="advocate",
        reporter_name="Robin Advocate",
        reporter_organisation="Citizens Advice",
        resident_name="Jo Resident",
        consent_to_share="on",
        channel="advocate",
    )
    assert client.post(REPORT, posted).status_code == 302
    case = Case.objects.get()
    resident = case.parties.get(role="complainant")
    advocate = case.parties.get(role="advocate")
    assert resident.person.name == "Jo Resident"
    assert resident.consent_to_share
    assert advocate.person.organisation == "Citizens Advice"


def test_an_anonymous_report_opens_a_case_with_no_complainant(sign_in, people):
    client = sign_in(people.contact_centre)
    posted = report(action="open", priority="medium", reporter_kind="anonymous", reporter_name="")
    response = client.post(REPORT, posted)
    case = Case.objects.get()
    assert response["Location"] == reverse("web:case", args=[case.reference])
    assert case.anonymous
    assert not case.parties.filter(role="complainant").exists()
    assert list(case.parties.values_list("person__name", flat=True)) == ["Sam Sample"]


def test_a_report_with_nowhere_goes_back_to_the_form_with_the_error_at_the_address(sign_in, people):
    posted = report(action="open", priority="medium", address_line1="", address_postcode="")
    page = sign_in(people.officer).post(REPORT, posted).content.decode()
    assert "Report details" in page
    assert '<a href="#id_address_line1">Say where it happened: an address or a location</a>' in page
    assert counts() == (0, 0, 0, 0)


def test_a_report_in_the_future_is_refused_at_its_field(sign_in, people):
    posted = report(action="open", priority="medium", occurred_at="2999-01-01T10:00")
    page = sign_in(people.officer).post(REPORT, posted).content.decode()
    assert '<a href="#id_occurred_at">Occurred at is in the future</a>' in page
    assert 'value="2999-01-01T10:00"' in page
    assert counts() == (0, 0, 0, 0)


def test_a_location_with_no_address_is_enough(sign_in, people):
    posted = report(action="open", priority="medium", address_line1="", address_postcode="", location="Car park")
    assert sign_in(people.officer).post(REPORT, posted).status_code == 302
    assert Case.objects.get().location == "Car park"


# -- a repeat report ---------------------------------------------------------------------------------


def test_a_report_at_the_address_of_an_open_case_offers_it_and_linking_adds_an_incident(sign_in, people):
    existing = open_case(people.officer)
    address = existing.address
    client = sign_in(people.contact_centre)  # did not log it, so cannot open it, but may add to it
    posted = report(address_line1=address.line1, address_postcode=address.postcode, perpetrator_names="")
    page = client.post(REPORT, {**posted, "action": "check"}).content.decode()
    assert "Open cases that may be the same problem" in page
    assert f"Add this report to {existing.reference}" in page
    assert f'href="{reverse("web:case", args=[existing.reference])}"' not in page  # not one they may open
    assert "Open a new case instead" in page
    before = Incident.objects.filter(case=existing).count()

    response = client.post(reverse("web:intake-link"), {**posted, "reference": existing.reference})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:intake")
    assert Case.objects.count() == 1
    assert Incident.objects.filter(case=existing).count() == before + 1
    assert "incident.reported" in verbs(existing)[2:]
    assert f"Report added to {existing.reference}" in client.get(response["Location"]).content.decode()


def test_an_officer_who_links_a_report_goes_to_the_case(sign_in, people):
    existing = open_case(people.officer)
    posted = report(address_line1=existing.address.line1, address_postcode=existing.address.postcode)
    response = sign_in(people.officer).post(reverse("web:intake-link"), {**posted, "reference": existing.reference})
    assert response["Location"] == reverse("web:case", args=[existing.reference])


def test_the_triage_page_takes_the_same_queries_however_many_cases_it_offers(sign_in, people):
    first = open_case(people.officer)
    posted = report(action="check", address_line1=first.address.line1, address_postcode=first.address.postcode)
    client = sign_in(people.officer)
    with CaptureQueriesContext(connection) as one:
        assert first.reference in client.post(REPORT, posted).content.decode()
    for _ in range(3):
        services.case_open(actor=people.officer, report=another_report(address=report_address(first)), open_anyway=True)
    with CaptureQueriesContext(connection) as four:
        page = client.post(REPORT, posted).content.decode()
    assert page.count("Add this report to ") == 4
    assert len(four) == len(one)


def test_opening_despite_a_duplicate_needs_the_officer_to_have_seen_it(sign_in, people):
    existing = open_case(people.officer)
    posted = report(address_line1=existing.address.line1, address_postcode=existing.address.postcode, priority="low")
    client = sign_in(people.officer)
    page = client.post(REPORT, {**posted, "action": "open"}).content.decode()
    assert "There is a problem" in page
    assert "There are open cases that may be about the same problem" in page
    assert f"Add this report to {existing.reference}" in page
    assert Case.objects.count() == 1
    response = client.post(REPORT, {**posted, "action": "open-anyway"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_a_report_cannot_be_added_to_a_case_neither_seen_nor_offered(sign_in, people):
    existing = open_case(people.officer)
    client = sign_in(people.contact_centre)
    response = client.post(reverse("web:intake-link"), {**report(), "reference": existing.reference})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"No open case {existing.reference}" in page
    assert Incident.objects.filter(case=existing).count() == 1


def test_linking_is_a_post(sign_in, people):
    assert sign_in(people.officer).get(reverse("web:intake-link")).status_code == 405
