"""Signed in as each role from the demo data, a new user can do their whole job in the browser.

The demo is what a new user tries first (`casework demo`, DEBUG only): the sign-in page lists its logins,
and each login must land somewhere useful, see navigation that fits its role, and reach every page that
navigation offers, and a case, with no accessibility violations. The live server runs in this process,
so the test's DEBUG=True reaches it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from casework.accounts.roles import ROLE_LABELS
from casework.demo.generator import load_demo
from casework.demo.staff import DEMO_PASSWORD, LOGINS
from tests.browser.axe import check_accessibility

CASEWORKER = ["My work", "New report", "Cases"]
MANAGER = ["My work", "Team", "New report", "Cases", "Reports"]

#: The page each navigation item opens, and its h1.
NAVIGATION_PAGES = {
    "My work": "web:my-work",
    "Team": "web:team",
    "New report": "web:intake",
    "Cases": "web:cases",
    "Reports": "web:reports",
}
HEADINGS = {"My work": "My work", "Team": "Team", "New report": "Take a report", "Cases": "Cases", "Reports": "Reports"}


@dataclass(frozen=True)
class Role:
    username: str
    start: str  # URL name of the page they land on
    navigation: list[str]


ROLES = [
    Role("contact.centre", "web:intake", ["New report", "Cases"]),
    Role("housing.officer", "web:my-work", CASEWORKER),
    Role("enforcement.manager", "web:my-work", MANAGER),
    Role("housing.manager", "web:my-work", MANAGER),
    Role("operations.manager", "web:my-work", MANAGER),
    Role("administrator", "web:cases", ["Cases", "Reports"]),
]


def test_every_demo_login_is_tried_here():
    assert [role.username for role in ROLES] == list(LOGINS)


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True  # load_demo refuses otherwise, and the sign-in page lists demo logins only then
    return load_demo(cases=15)


def at(path: str) -> re.Pattern[str]:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.username)
def test_a_demo_login_can_use_every_page_its_navigation_offers(demo, page: Page, role: Role):
    page.goto(reverse("web:sign-in"))
    logins = page.get_by_role("table", name="Demo logins and their roles")
    expect(page.get_by_role("heading", name="Demo logins")).to_be_visible()
    expect(logins.get_by_role("cell", name=role.username, exact=True)).to_be_visible()
    expect(page.get_by_text(DEMO_PASSWORD)).to_be_visible()
    if role.username == "contact.centre":  # the page is the same for everyone: check it once
        check_accessibility(page, "sign-in with demo logins")

    # Signing in as a person would: type the username and the password the page gives.
    page.get_by_label("Username").press_sequentially(role.username)
    page.get_by_label("Password").press_sequentially(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(at(reverse(role.start)))
    expect(page.get_by_text(re.compile(rf" · {ROLE_LABELS[LOGINS[role.username]]}$"))).to_be_visible()

    # The navigation fits the role; each item opens its page (the start page is one: no need to reload it).
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link")).to_have_text(role.navigation)
    for label in role.navigation:
        if not page.url.endswith(reverse(NAVIGATION_PAGES[label])):
            menu.get_by_role("link", name=label, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[label])
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "true")
        check_accessibility(page, f"{role.username}, {label}")

    # The case list has cases this login may see; open the first.
    if not page.url.endswith(reverse("web:cases")):
        menu.get_by_role("link", name="Cases", exact=True).click()
    listed = page.get_by_role("table", name="Cases matching the filters").get_by_role("rowheader").get_by_role("link")
    expect(listed.first).to_be_visible()
    reference = listed.first.inner_text()
    listed.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    check_accessibility(page, f"{role.username}, case {reference}")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(at(reverse("web:sign-in")))
