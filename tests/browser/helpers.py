"""What a browser test does with a page: sign in, move by keyboard, keep a screenshot of a step."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Locator, Page, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "var" / "test-artifacts"
SCREENSHOTS = ARTEFACTS / "screenshots"
PASSWORD = "correct horse battery staple"  # every factory user's (tests/factories.py)

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


@dataclass
class _PageRecord:
    test_name: str
    steps: int = 0


# Which test made each page, so `shot(page, name)` can name its file without being told.
_pages: weakref.WeakKeyDictionary[Page, _PageRecord] = weakref.WeakKeyDictionary()


def artefact_name(test_name: str) -> str:
    """A test's name as a file name: `test_x[officer-phone]` -> `test_x-officer-phone`."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")


def remember_page(page: Page, test_name: str) -> None:
    _pages[page] = _PageRecord(artefact_name(test_name))


def shot(page: Page, name: str) -> Path:
    """Keep a full-page screenshot of a step: screenshots/<test>--<NN>-<name>.png, numbered in order."""
    record = _pages.get(page) or _PageRecord("unknown-test")
    record.steps += 1
    path = SCREENSHOTS / f"{record.test_name}--{record.steps:02d}-{artefact_name(name)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would: type both, press Enter, wait for the next page."""
    page.goto(reverse("web:sign-in"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")
    if page.url.split("?")[0].endswith(reverse("web:sign-in")):
        summary = page.locator(".govuk-error-summary")
        problem = summary.inner_text() if summary.count() else "still on the sign-in page"
        raise AssertionError(f"Could not sign in as {username!r}: {problem}")


# A rough name for whatever has focus, only to show where Tab went when `tab_to` gives up.
_FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "(page)";
  const label = el.getAttribute("aria-label")
    || (el.labels && el.labels.length ? el.labels[0].innerText : "")
    || el.innerText || el.value || el.getAttribute("name") || "";
  return `${el.tagName.toLowerCase()} "${label.trim().replace(/\\s+/g, " ").slice(0, 60)}"`;
}"""


def tab_to(page: Page, name: str, *, role: str | None = None, max_presses: int = 40) -> Locator:
    """Press Tab until the element with this accessible name has focus, and return it.

    `name` is matched exactly against a form field's label, or a link's or button's text; pass `role`
    (any ARIA role, for example "radio" or "textbox") to match that role only. Fails, listing where focus
    went, if the element is not reached within `max_presses` presses.
    """
    if role is not None:
        target = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    else:
        target = (
            page.get_by_label(name, exact=True)
            .or_(page.get_by_role("link", name=name, exact=True))
            .or_(page.get_by_role("button", name=name, exact=True))
        )
    focused = page.locator("*:focus").and_(target)
    if focused.count():
        return focused.first  # already there (an autofocused field, say): no Tab needed
    trail = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if focused.count():
            return focused.first
        trail.append(page.evaluate(_FOCUSED_NAME))
    raise AssertionError(
        f"Pressed Tab {max_presses} times on {page.url} without reaching {name!r}"
        f"{f' ({role})' if role else ''}. Focus went to:\n  " + "\n  ".join(trail)
    )
