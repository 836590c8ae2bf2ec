"""Signing in and out in a real browser, by mouse, by keyboard and without JavaScript, and the error pages."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.axe import check_accessibility
from tests.browser.helpers import PASSWORD, PHONE, shot, sign_in, tab_to


def _at(path: str) -> re.Pattern[str]:
    """The page's URL is this path (whatever the live server's address, and with no query)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def test_sign_in_page_is_styled_and_has_no_accessibility_violations(page: Page, org):
    page.goto(reverse("web:sign-in"))

    expect(page).to_have_title("Sign in – Casework")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Casework")
    # The built stylesheet reached the page: a GOV.UK button is not the browser's grey default.
    button_colour = page.get_by_role("button", name="Sign in").evaluate("b => getComputedStyle(b).backgroundColor")
    assert button_colour not in {"rgb(239, 239, 239)", "rgb(240, 240, 240)", "rgba(0, 0, 0, 0)"}
    check_accessibility(page, "sign-in")


def test_sign_in_page_fits_a_phone(phone_page: Page, org):
    phone_page.goto(reverse("web:sign-in"))

    # Nothing wider than the screen: no sideways scrolling (WCAG 1.4.10, reflow).
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_accessibility(phone_page, "sign-in on a phone")


def test_sign_in_with_nothing_entered_shows_the_errors_focused(page: Page, org):
    page.goto(reverse("web:sign-in"))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("Error: Sign in – Casework")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus there, so a screen reader reads it first
    expect(summary.get_by_role("link", name="Enter your username")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_have_count(2)
    check_accessibility(page, "sign-in, nothing entered")

    # The summary's links take you to the field that needs fixing.
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()


def test_wrong_password_is_refused_and_keeps_the_username(page: Page, people):
    page.goto(reverse("web:sign-in"))
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_label("Password").press("Enter")

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value("officer")
    expect(page.get_by_label("Password")).to_have_value("")
    check_accessibility(page, "sign-in, wrong password")


def test_signing_in_by_keyboard_alone_lands_on_the_start_page(page: Page, people):
    page.goto(reverse("web:sign-in"))
    shot(page, "signed out")

    tab_to(page, "Username")
    page.keyboard.type("officer")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(_at(reverse("web:my-work")))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility(page, "start page, signed in")


def test_signing_in_works_without_javascript(no_js_page: Page, people):
    no_js_page.goto(reverse("web:sign-in"))
    no_js_page.get_by_role("button", name="Sign in").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text("Enter your username")
    shot(no_js_page, "nothing entered")

    sign_in(no_js_page, "officer")

    expect(no_js_page).to_have_url(_at(reverse("web:my-work")))


def test_sign_out_ends_the_session(signed_in_page):
    page = signed_in_page("officer")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(_at(reverse("web:sign-in")))
    page.goto(reverse("web:my-work"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Casework")


def test_page_not_found_has_no_accessibility_violations(signed_in_page):
    page = signed_in_page("officer")

    response = page.goto("/no-such-page")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility(page, "page not found, signed in")


def test_page_not_allowed_has_no_accessibility_violations(signed_in_page):
    page = signed_in_page("contact_centre")  # the contact centre takes reports; it has no work list

    response = page.goto(reverse("web:my-work"))

    assert response is not None
    assert response.status == 403
    check_accessibility(page, "not allowed, signed in")
