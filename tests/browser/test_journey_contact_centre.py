"""The contact centre's journeys in a real browser: a repeat report linked to the open case it is about, and
a report the policy does not treat as ASB recorded as an enquiry with the policy's advice.

Places for People §5.3: the Customer Contact Centre searches for an existing open case and either links the
report to it or creates a new one. Contact-centre staff see only the cases they logged, so the search may
find nothing; the triage page still offers the open case at the same address, and they may add to it.
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from casework.cases.models import Case, CaseEvent, Enquiry, Incident
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from tests.browser.axe import check_accessibility
from tests.browser.helpers import shot
from tests.cases.helpers import open_case

FOOTSTEPS = "Footsteps from adjoining properties or communal areas"
ADVICE = "We encourage you to resolve this with your neighbours where it is safe and appropriate to do so"


def _at(path: str) -> re.Pattern[str]:
    """The page is at this path (any live-server address; a query or #section after it is fine)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}([?#].*)?$")


def _banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def _start_a_report(page: Page) -> None:
    page.get_by_role("button", name="Start a new report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report details")


def _report_from_a_resident(page: Page, *, name: str, summary: str, line1: str, postcode: str) -> None:
    """Fill in who called, by phone, and where: the behaviour is ticked by the caller of this function."""
    page.get_by_role("group", name="How did the report reach us?").get_by_role("radio", name="Phone").check()
    page.get_by_role("radio", name="The resident themselves").check()
    page.get_by_label("Their full name", exact=True).fill(name)
    page.get_by_label("Phone number (optional)", exact=True).fill("07700 900001")
    page.get_by_label("What happened?", exact=True).fill(summary)
    page.get_by_label("Address line 1 (optional)", exact=True).fill(line1)
    page.get_by_label("Postcode (optional)", exact=True).fill(postcode)


def test_a_contact_centre_user_links_a_repeat_report_to_the_open_case(signed_in_page, people):
    case = open_case(
        people.officer,
        address=AddressInput(line1="12 Example Street", postcode="ZZ1 1AA"),
        parties=[
            PartyInput(person=PersonInput(name="Alex Example", phone="07700 900001"), role="complainant"),
            PartyInput(person=PersonInput(name="Sam Sample"), role="alleged-perpetrator"),
        ],
    )
    incidents_before = Incident.objects.filter(case=case).count()
    page = signed_in_page("contact_centre")

    # Search first (§5.3). The officer's case is not one the contact centre may see, so nothing is listed.
    page.goto(reverse("web:intake"))
    page.get_by_label("Search for an existing case", exact=True).fill("ZZ1 1AA")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No cases found")).to_be_visible()
    shot(page, "search")

    _start_a_report(page)
    _report_from_a_resident(
        page,
        name="Alex Example",
        summary="The music from the flat above started again last night, until 2am.",
        line1="12 Example Street",
        postcode="ZZ1 1AA",
    )
    page.get_by_role("checkbox", name="Noise Nuisance").check()
    page.get_by_role("button", name="Check the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Triage result: anti-social behaviour")
    offered = page.get_by_role("table", name="Open cases that may be the same problem")
    expect(offered.get_by_role("row")).to_have_count(2)  # the header and the one case
    expect(offered).to_contain_text("12 Example Street")
    add = page.get_by_role("button", name=f"Add this report to {case.reference}")
    expect(add).to_be_visible()
    expect(page.get_by_role("button", name="Open a new case instead")).to_be_visible()
    check_accessibility(page, "triage result, duplicate offered")
    shot(page, "duplicate offered")

    add.click()

    # The contact centre cannot open the case, so it goes back to intake with the confirmation.
    expect(page).to_have_url(_at(reverse("web:intake")))
    expect(_banner(page)).to_contain_text(f"Report added to {case.reference}")
    shot(page, "report added")
    assert Case.objects.count() == 1
    incidents = Incident.objects.filter(case=case).order_by("id")
    assert incidents.count() == incidents_before + 1
    repeat = incidents.last()
    assert repeat is not None
    assert repeat.description == "The music from the flat above started again last night, until 2am."
    assert repeat.recorded_by == people.contact_centre
    reported = CaseEvent.objects.filter(case=case, verb="incident.reported").order_by("id").last()
    assert reported is not None
    assert reported.payload["repeat_report"] is True


def test_a_report_the_policy_does_not_treat_as_asb_is_recorded_as_an_enquiry_with_its_advice(signed_in_page, people):
    page = signed_in_page("contact_centre")
    page.goto(reverse("web:intake"))

    _start_a_report(page)
    _report_from_a_resident(
        page,
        name="Jo Caller",
        summary="I can hear footsteps from the flat upstairs in the evening.",
        line1="3 Quiet Close",
        postcode="ZZ4 4QC",
    )
    page.get_by_role("checkbox", name=FOOTSTEPS).check()
    page.get_by_role("button", name="Check the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Triage result: not anti-social behaviour")
    expect(page.locator("main")).to_contain_text("We do not consider footsteps from adjoining properties")
    expect(page.get_by_role("heading", name="What to tell the caller")).to_be_visible()
    expect(page.locator("main")).to_contain_text(ADVICE)
    expect(page.get_by_role("button", name="Open a new case")).to_have_count(0)
    check_accessibility(page, "triage result, not ASB")
    shot(page, "not ASB")

    page.get_by_role("button", name="Record as an enquiry").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recorded as an enquiry")
    expect(page.locator("main")).to_contain_text(ADVICE)
    expect(page.locator("main")).to_contain_text(FOOTSTEPS)
    check_accessibility(page, "enquiry recorded")
    shot(page, "enquiry recorded")
    enquiry = Enquiry.objects.get()
    assert enquiry.types == ["footsteps"]
    assert enquiry.reporter_name == "Jo Caller"
    assert enquiry.recorded_by == people.contact_centre
    assert ADVICE in enquiry.advice
    assert not Case.objects.exists()
