"""Without JavaScript: a report is taken, triaged and opened as a case, and the case page and a step work.

htmx and GOV.UK Frontend's scripts only enhance the pages (ARCHITECTURE.md): with JavaScript off every
form still posts, every refusal still shows the GOV.UK way, and nothing depends on a script.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from casework.cases.models import Case


def test_a_report_becomes_a_case_and_is_worked_with_javascript_off(signed_in_page, people):
    page = signed_in_page("officer", javascript=False)

    page.get_by_role("link", name="New report").click()
    page.get_by_role("button", name="Start a new report").click()
    page.get_by_role("button", name="Check the report").click()
    expect(page).to_have_title("Error: Report details – Casework")
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")

    page.get_by_role("group", name="How did the report reach us?").get_by_role("radio", name="Email").check()
    page.get_by_role("radio", name="The resident themselves").check()
    page.get_by_label("Their full name", exact=True).fill("Nadia Nojs")
    page.get_by_label("Email address (optional)", exact=True).fill("nadia@example.org")
    page.get_by_role("checkbox", name="Noise Nuisance").check()
    page.get_by_label("What happened?", exact=True).fill("Shouting in the stairwell every night.")
    page.get_by_label("Address line 1 (optional)", exact=True).fill("7 Quiet Lane")
    page.get_by_label("Postcode (optional)", exact=True).fill("ZZ4 4NJ")
    page.get_by_role("button", name="Check the report").click()

    page.get_by_role("radio", name="Medium risk").check()
    page.get_by_role("button", name="Open a new case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("opened")
    case = Case.objects.get(address__postcode="ZZ4 4NJ")
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)

    page.get_by_role("link", name="Record an incident").first.click()
    page.get_by_role("button", name="Record incident").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("What happened?", exact=True).fill("More shouting, 2am.")
    yesterday = timezone.localtime() - timedelta(days=1)
    page.get_by_label("When did it happen?", exact=True).fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("group", name="How did we hear about it?").get_by_role("radio", name="Phone").check()
    page.get_by_role("button", name="Record incident").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert case.incidents.count() == 2
