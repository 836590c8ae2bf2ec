"""Browser tests: one headless Chromium for the whole run, a fresh context and page for each test.

Pages talk to pytest-django's `live_server` (one per run). Its requests are served by another thread, so
data a test writes must be committed: every browser test uses the transactional database (requesting
`live_server` does that), and `org` and `people` below are the case tests' own fixtures.

After each test, pass or fail, each of its pages is kept as a full-page screenshot under
var/test-artifacts/screenshots/. A test also fails if a page raised a JavaScript error, failed to load a
stylesheet, script, image or font, got a server error (5xx), or asked for anything not on the live server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, ViewportSize, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import DESKTOP, PHONE, ROOT, SCREENSHOTS, artefact_name, remember_page, sign_in
from tests.cases.conftest import _empty_evidence_storage, org, people  # noqa: F401  (fixtures)

# Debian's Chromium (`make test` installs it). Playwright never downloads a browser here.
CHROMIUM = os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container, where Chromium's sandbox cannot start
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--disable-gpu",
    # Tests talk only to this machine (as tests/conftest.py enforces for Python): no name resolves but ours.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
TIMEOUT_MS = 10_000  # Playwright's 30 s default only makes a broken test slow to fail
ASSET_TYPES = {"stylesheet", "script", "image", "font"}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test in this folder is a browser test: `pytest -m "not browser"` leaves them out.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed and item.get_closest_marker("browser"):
        where = SCREENSHOTS.relative_to(ROOT) / f"{artefact_name(item.name)}*.png"
        report.sections.append(("browser artefacts", f"Screenshots of the page(s) as the test ended: {where}"))
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The run's one headless Chromium."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}, and it is not there: run `make test` (which installs "
            "it) or `apt-get install chromium`. Set CASEWORK_CHROMIUM to use a Chromium elsewhere."
        )
    # Playwright's sync API keeps an asyncio loop running in this thread until it stops, and Django
    # refuses ORM calls from a thread with a running loop (async-unsafe). Tests here are synchronous code
    # that only looks async to Django, so lift the check exactly while Playwright runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _PageWatch:
    """What went wrong on a page that the test itself might not notice."""

    def __init__(self, page: Page, server_url: str) -> None:
        self.server = urlsplit(server_url).netloc
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _request(self, request: Request) -> None:
        netloc = urlsplit(request.url).netloc
        if request.url.startswith(("http:", "https:")) and netloc != self.server:
            self.problems.append(f"asked for something from elsewhere ({netloc}): {request.url}")

    def _response(self, response: Response) -> None:
        kind = response.request.resource_type
        # A server error is always a fault; a 4xx page can be the point of a test, a missing asset never is.
        if response.status >= 500 or (kind in ASSET_TYPES and response.status >= 400):
            self.problems.append(f"{kind} {response.url} answered {response.status}")

    def _failed(self, request: Request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" not in failure:  # a request cut short by leaving the page is not a fault
            self.problems.append(f"{request.resource_type} {request.url} failed: {failure}")


@pytest.fixture
def new_page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """new_page(viewport=DESKTOP, javascript=True) -> a page in its own new browser context.

    Each page is a separate person (own cookies). `page.goto("/sign-in")` or `page.goto(reverse(...))`
    works: the live server is the base URL.
    """
    made: list[tuple[BrowserContext, Page, str, _PageWatch]] = []

    def make(*, viewport: ViewportSize = DESKTOP, javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            java_script_enabled=javascript,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        name = request.node.name if not made else f"{request.node.name}--page{len(made) + 1}"
        remember_page(page, name)
        made.append((context, page, artefact_name(name), _PageWatch(page, live_server.url)))
        return page

    yield make

    problems = []
    for context, page, name, watch in made:
        if not page.is_closed():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
            except PlaywrightError as error:  # keep going: the other pages' screenshots still matter
                problems.append(f"could not keep a screenshot of {page.url}: {error}")
        context.close()
        problems.extend(watch.problems)
    if problems:
        pytest.fail("The browser saw problems:\n  " + "\n  ".join(problems))


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop-sized page (1280x900) with JavaScript on, signed out."""
    return new_page()


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    """A phone-sized page (390x844) with JavaScript on, signed out."""
    return new_page(viewport=PHONE)


@pytest.fixture
def no_js_page(new_page: Callable[..., Page]) -> Page:
    """A desktop-sized page with JavaScript off: the page must work without it."""
    return new_page(javascript=False)


@pytest.fixture
def signed_in_page(new_page: Callable[..., Page], people: Any) -> Callable[..., Page]:  # noqa: F811
    """signed_in_page(who, viewport=DESKTOP, javascript=True) -> a new page signed in through the form.

    `who` is a user, or the name of one of `people` ("contact_centre", "officer", "colleague", "outsider",
    "enforcement", "manager", "operations", "admin"). The page is left on that person's start page.
    """

    def make(who: Any, *, viewport: ViewportSize = DESKTOP, javascript: bool = True) -> Page:
        user = getattr(people, who) if isinstance(who, str) else who
        page = new_page(viewport=viewport, javascript=javascript)
        sign_in(page, user.get_username())
        return page

    return make
