"""Residents on a phone: report anti-social behaviour, follow the case from the emailed link, keep a diary, send
a photo, answer the survey after closure; a witness keeps their own diary; and it all works with JavaScript
off.

Every resident page on the way is checked as a resident's phone shows it: axe finds no accessibility
violations, and nothing is wider than the screen (no sideways scrolling). The live server commits for real,
so each email leaves when its step commits and is read from Django's test outbox, as the resident would read
it from their inbox; each journey opens the link the email carries.
"""

# ruff: noqa: F811  (the residents' `resident_case` fixture is imported, then named by each test)

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.cases import services
from casework.cases.models import Case, Evidence, Incident, SurveyResponse
from casework.domain.events import LONDON
from casework.residents import links, staff
from casework.residents.models import LinkPurpose
from tests.browser.axe import check_accessibility
from tests.browser.helpers import PHONE, shot
from tests.residents.conftest import (
    COMPLAINANT,
    COMPLAINANT_EMAIL,
    PERPETRATOR,
    WITNESS_EMAIL,
    party,
    resident_case,  # noqa: F401  (a fixture)
)
from tests.residents.helpers import EXE, close

RESIDENT = "Imogen Halliwell-Strand"
RESIDENT_EMAIL = "imogen.hs@example.org"
#: A resident's link in an email, as the path on this site (emails carry the public site's address).
LINK = re.compile(r"https?://[^/\s]+(/(?:my-case|diary)/[^/\s]+/(?:survey/)?)")


def tiny_png() -> bytes:
    """A real 1x1 grey PNG: the evidence store checks what a file is by its content."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


def fits_the_phone(page: Page, name: str) -> None:
    """What every resident page must be on a phone: no accessibility violations, nothing wider than the screen."""
    shot(page, name)
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page, f"residents, {name}")
    wide, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= screen, f"{name}: the page is {wide}px wide on a {screen}px screen ({page.url})"


def link_in(message: Any) -> str:
    """The resident's link in an email, as a path on the live server."""
    found = LINK.search(message.body)
    assert found, f"no link in the email “{message.subject}”:\n{message.body}"
    return found.group(1)


def the_email_to(address: str, subject: str) -> Any:
    found = [m for m in mail.outbox if address in m.to and subject in m.subject]
    assert len(found) == 1, f"{len(found)} emails to {address} about “{subject}”: {[m.subject for m in mail.outbox]}"
    return found[0]


def yesterday() -> Any:
    return timezone.now().astimezone(LONDON) - timedelta(days=1)


def heading(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


# -- what a resident does --------------------------------------------------------------------------------------


def report_noise(page: Page, check: Callable[[Page, str], None]) -> str:
    """Report noise for yourself from the start page, as a resident would; the reference shown at the end."""
    page.goto(reverse("residents:start"))
    expect(heading(page)).to_have_text("Report anti-social behaviour")
    check(page, "start page")
    page.get_by_role("button", name="Start now").click()
    expect(heading(page)).to_have_text("Tell us what is happening")
    check(page, "report form")

    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who you are reporting for")
    check(page, "report form, errors")

    page.get_by_role("radio", name="Myself", exact=True).check()
    page.get_by_label("Noise", exact=True).check()
    page.get_by_label("What happened?", exact=True).fill("Music and shouting through the wall every night.")
    page.get_by_label("When did it last happen?", exact=True).fill(yesterday().strftime("%Y-%m-%d"))
    page.get_by_label("What time? (if you know)", exact=True).fill("23:30")
    page.get_by_label("How is it affecting you or your household? (optional)", exact=True).fill("No sleep.")
    page.get_by_label("Building and street", exact=True).fill("14 Meadowsweet Close")
    page.get_by_label("Postcode", exact=True).fill("ZZ5 5EE")
    page.get_by_label("This is where the person affected lives", exact=True).check()
    page.get_by_label("Full name", exact=True).fill(RESIDENT)
    page.get_by_label("Email address (optional)", exact=True).fill(RESIDENT_EMAIL)
    page.get_by_role("radio", name="Email", exact=True).check()
    page.get_by_label("When is it safe to contact them? (optional)", exact=True).fill("Evenings")
    page.get_by_role("button", name="Send report").click()

    expect(heading(page)).to_have_text("Report sent")
    check(page, "report sent")
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    expect(page.get_by_text("We have sent an email with your reference")).to_be_visible()
    return reference


def add_to_the_diary(page: Page, check: Callable[[Page, str], None], what: str) -> None:
    """On a diary form: make a mistake, then add an entry for last night."""
    page.get_by_role("button", name="Add to my diary").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what happened")
    check(page, "diary, errors")
    page.get_by_label("Date it happened", exact=True).fill(yesterday().strftime("%Y-%m-%d"))
    page.get_by_label("Time it happened", exact=True).fill("21:30")
    page.get_by_label("What happened?", exact=True).fill(what)
    page.get_by_label("How did it affect you? (optional)", exact=True).fill("I could not sleep before work")
    page.get_by_role("button", name="Add to my diary").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your diary entry has been added")
    expect(page.get_by_text(what)).to_be_visible()


# -- the journeys ----------------------------------------------------------------------------------------------


def test_a_resident_reports_on_a_phone_then_follows_the_case_and_keeps_a_diary(
    new_page: Callable[..., Page], signed_in_page: Callable[..., Page], people: Any
) -> None:
    page = new_page(viewport=PHONE)
    reference = report_noise(page, fits_the_phone)

    case = Case.objects.get(reference=reference)
    assert party(case, "complainant").person.name == RESIDENT
    email = the_email_to(RESIDENT_EMAIL, reference)
    assert reference in email.body
    # The officer agrees a plan; then the resident opens the link in their email.
    services.action_plan_item_add(
        actor=people.officer, case=reference, for_whom="complainant", action="Keep a diary of the noise"
    )
    page.goto(link_in(email))
    expect(heading(page)).to_have_text("Your case")
    main = page.get_by_role("main")
    expect(main).to_contain_text(reference)
    expect(main).to_contain_text("Open")
    expect(main).to_contain_text(f"{people.officer.first_name} {people.officer.last_name}")
    expect(main).to_contain_text("Keep a diary of the noise")
    fits_the_phone(page, "case page")

    page.get_by_role("link", name="Add to your diary").click()
    expect(heading(page)).to_have_text("Add to your diary")
    fits_the_phone(page, "diary")
    add_to_the_diary(page, fits_the_phone, "Bass through the wall until 2am")
    expect(heading(page)).to_have_text("Your case")
    fits_the_phone(page, "case page, diary entry added")

    entry = Incident.objects.get(case=case, source="diary")
    assert entry.reported_by.person.name == RESIDENT
    # The officer sees it on the case page, marked as sent online by the resident.
    officer = signed_in_page("officer")
    officer.goto(reverse("web:case", args=[reference]))
    incidents = officer.locator("#incidents")
    expect(incidents).to_contain_text("Bass through the wall until 2am")
    expect(incidents).to_contain_text(f"Sent online by {RESIDENT} (complainant)")


def test_a_resident_sends_a_photo_and_a_disguised_program_is_refused(
    new_page: Callable[..., Page], resident_case: Case, tmp_path: Path
) -> None:
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)
    photo, program = tmp_path / "stairwell.png", tmp_path / "holiday.jpg"
    photo.write_bytes(tiny_png())
    program.write_bytes(EXE)
    page = new_page(viewport=PHONE)

    page.goto(links.url_for(link).removeprefix("http://testserver"))
    page.get_by_role("link", name="Send us a file").click()
    expect(heading(page)).to_have_text("Send us a file")
    fits_the_phone(page, "send a file")

    page.get_by_label("Choose a file", exact=True).set_input_files(program)
    page.get_by_role("button", name="Send file").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    field = page.locator(".govuk-form-group--error").filter(has=page.get_by_label("Choose a file", exact=True))
    expect(field.locator(".govuk-error-message")).to_contain_text("not a kind of file we can accept")
    fits_the_phone(page, "send a file, refused")

    page.get_by_label("Choose a file", exact=True).set_input_files(photo)
    page.get_by_label("What does it show? (optional)", exact=True).fill("Rubbish left in the stairwell")
    page.get_by_role("button", name="Send file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your file has been sent")
    expect(page.locator("#files ~ dl").first).to_contain_text("stairwell.png")
    fits_the_phone(page, "case page, file sent")

    (evidence,) = Evidence.objects.filter(case=resident_case)
    assert evidence.original_name == "stairwell.png"
    assert evidence.content_type == "image/png"


def test_after_closure_the_resident_answers_the_survey_from_the_email(
    new_page: Callable[..., Page], resident_case: Case, people: Any
) -> None:
    links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)
    close(resident_case, people)  # the closure email leaves when the step commits
    email = the_email_to(COMPLAINANT_EMAIL, "is closed")
    page = new_page(viewport=PHONE)

    # The closure email takes the complainant straight to the survey (and to the case page after it).
    assert link_in(email).endswith("/survey/")
    page.goto(link_in(email))
    expect(heading(page)).to_have_text("Tell us what you think")
    fits_the_phone(page, "survey")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose how satisfied or dissatisfied you are")
    fits_the_phone(page, "survey, errors")

    page.get_by_role("radio", name="Fairly satisfied").check()
    page.get_by_label(re.compile(r"^Is there anything you would like to tell us")).fill("Kept me informed")
    page.get_by_role("button", name="Send my answer").click()
    expect(heading(page)).to_have_text("Thank you")
    expect(page.get_by_role("heading", name="If you are unhappy with how we dealt with your case")).to_be_visible()
    fits_the_phone(page, "survey, thanks")

    response = SurveyResponse.objects.get(case=resident_case)
    assert (response.source, response.satisfaction, response.party.person.name) == (
        "online",
        "fairly-satisfied",
        COMPLAINANT,
    )
    page.get_by_role("link", name="Back to your case").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Closed")
    expect(main).to_contain_text("because the problem was resolved")
    expect(main).to_contain_text("Thank you for telling us what you thought")
    fits_the_phone(page, "case page, closed")


def test_a_witness_keeps_a_diary_that_shows_nothing_about_the_case(
    new_page: Callable[..., Page], resident_case: Case, people: Any
) -> None:
    witness = party(resident_case, "witness")
    staff.resident_link_send(
        actor=people.officer, case=resident_case.reference, party_id=witness.pk, purpose=LinkPurpose.DIARY
    )
    page = new_page(viewport=PHONE)

    page.goto(link_in(the_email_to(WITNESS_EMAIL, "Keeping a diary")))
    expect(heading(page)).to_have_text("Your diary")
    fits_the_phone(page, "witness diary")
    add_to_the_diary(page, fits_the_phone, "Shouting on the landing, two people")
    fits_the_phone(page, "witness diary, entry added")

    shown = page.get_by_role("main").inner_text()
    for about_the_case in (resident_case.reference, COMPLAINANT, PERPETRATOR, "Loud music", "Your officer", "Status"):
        assert about_the_case not in shown, about_the_case
    entry = Incident.objects.get(case=resident_case, source="diary")
    assert entry.reported_by_id == witness.pk


def test_with_javascript_off_a_resident_reports_and_keeps_a_diary(new_page: Callable[..., Page], people: Any) -> None:
    page = new_page(viewport=PHONE, javascript=False)

    def nothing_to_run(page: Page, name: str) -> None:
        # axe runs inside the page, so it cannot run here; the JavaScript journeys check the same pages.
        shot(page, name)
        expect(page.locator("h1")).to_have_count(1)

    reference = report_noise(page, nothing_to_run)
    page.goto(link_in(the_email_to(RESIDENT_EMAIL, reference)))
    expect(heading(page)).to_have_text("Your case")
    page.get_by_role("link", name="Add to your diary").click()
    add_to_the_diary(page, nothing_to_run, "Door slammed at midnight")
    expect(heading(page)).to_have_text("Your case")

    case = Case.objects.get(reference=reference)
    assert case.incidents.filter(source="diary", description="Door slammed at midnight").exists()
