"""Every page of the staff web app, and every form's error state, in headless Chromium: axe-core finds no
accessibility violations, each page has one h1, and each form shows its errors the GOV.UK way (an error
summary that takes focus and links to the fields, the message at the field, "Error:" in the title) and
keeps what the user typed.

The pages are a table (below): one row per page or state, named, so a failure says which page. One browser
page per person walks many rows in one test, because each test pays for a fresh database and a sign-in; a
row that fails is noted and the walk goes on, so one run lists every page with a problem.

The set-up is written through the services, as the pages would write it: a rich open Places for People case
owned by the officer, a second case it is linked to (received a month ago, so duties are overdue), and a
closed case.
"""

from __future__ import annotations

import contextlib
import re
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from casework.accounts.models import Organisation
from casework.cases import services
from casework.cases.models import Case, Party
from casework.cases.packs import pack_named
from casework.cases.services.intake import PartyInput, PersonInput
from casework.reports.registry import REPORTS
from casework.residents import links
from casework.residents.models import LinkPurpose
from tests.browser.axe import _axe_source, check_accessibility
from tests.browser.helpers import PHONE, shot
from tests.cases.helpers import footprint, open_case, ram_answers, reload
from tests.residents.conftest import COMPLAINANT, COMPLAINANT_EMAIL, WITNESS, WITNESS_EMAIL
from tests.residents.helpers import close as close_resident_case

UNKNOWN_CASE = "ASB-1999-999999"
FUTURE = "2099-01-01T10:00"  # a datetime-local value no step can have happened at
PAST = "2025-03-04T10:00"
SUMMARY = "Loud music every night from the flat above"
ASB = "Triage result: anti-social behaviour"
#: Something from each kind of record on the rich case, so its page is checked with every section filled in.
RICH_CASE = (
    "stairwell.png",  # evidence
    "Ari Advocate",  # an advocate, nominated by the complainant
    "Music and shouting until 3am",  # an incident
    "Keep diary sheets for two weeks",  # the action plan
    "Civil injunction",  # an intervention awaiting approval
    "Diary sheets show it continues",  # a review
    "Spoke to them",  # a contact
)


def tiny_png() -> bytes:
    """A real 1x1 grey PNG: the evidence store checks what a file is by its content."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80")  # one row: no filter, one mid-grey pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# -- the set-up ------------------------------------------------------------------------------------------------


def build_cases(people: Any) -> SimpleNamespace:
    """A rich open case owned by the officer, the case it is linked to, and a closed case."""
    officer = people.officer
    now = timezone.now()
    case = open_case(people.contact_centre, owner=officer, received_at=now - timedelta(days=2))
    ref = case.reference
    complainant = Party.objects.get(case=case, role="complainant")
    perpetrator = Party.objects.get(case=case, role="alleged-perpetrator")

    services.case_acknowledge(actor=officer, case=ref, method="letter")
    services.contact_record(
        actor=officer, case=ref, method="phone", outcome="made", party_id=complainant.pk, notes="Spoke to them"
    )
    services.contact_record(actor=officer, case=ref, method="email", outcome="no-answer", party_id=complainant.pk)
    incident = services.incident_record(
        actor=officer,
        case=ref,
        occurred_at=now - timedelta(hours=3),
        location="The stairwell",
        description="Music and shouting until 3am",
        impact="No sleep before a night shift",
        source="diary",
        reported_by_id=complainant.pk,
    )
    services.evidence_add(
        actor=officer,
        case=ref,
        name="stairwell.png",
        content=tiny_png(),
        content_type="image/png",
        description="Photo of the damage",
        incident_id=incident.pk,
    )
    advocate = services.party_add(
        actor=officer,
        case=ref,
        party=PartyInput(
            person=PersonInput(name="Ari Advocate", organisation="Citizens Advice", phone="07700 900555"),
            role="advocate",
        ),
    )
    services.advocate_nominate(
        actor=officer, case=ref, resident_id=complainant.pk, advocate_id=advocate.pk, resident_asked=True
    )
    services.risk_assessment_record(actor=officer, case=ref, answers=ram_answers("highest"))
    services.action_plan_item_add(
        actor=officer,
        case=ref,
        for_whom="complainant",
        action="Keep diary sheets for two weeks",
        due=timezone.localdate() + timedelta(days=14),
    )
    done = services.action_plan_item_add(
        actor=officer, case=ref, for_whom="landlord", action="Visit the block", owner_name="Housing officer"
    )
    services.action_plan_item_complete(actor=officer, case=ref, item_id=done.pk)
    services.action_plan_send(actor=officer, case=ref, method="letter")
    services.case_conference_hold(
        actor=officer, case=ref, held_at=now - timedelta(hours=1), attendees="Police, officer", summary="Next steps"
    )
    rule = next(i for i in pack_named("places-for-people").interventions if i.id == "civil-injunction")
    services.intervention_propose(
        actor=officer,
        case=ref,
        kind="civil-injunction",
        reason="Persistent noise despite a warning",
        proportionality="Necessary and proportionate: other tools have failed",
        preconditions_confirmed=[p.id for p in rule.preconditions],
        against_id=perpetrator.pk,
    )
    services.review_hold(actor=officer, case=ref, kind="review", notes="Diary sheets show it continues")
    Organisation.objects.update(letterhead_phone="0300 123 4567", letterhead_email="asb@example-homes.org")
    services.letter_send(
        actor=officer, case=ref, kind="acknowledgement", recipient_id=complainant.pk, inputs={}, method="hand"
    )
    services.police_disclosure_record(
        actor=officer,
        case=ref,
        force="Northumbria Police",
        police_reference="NP-2025-0001",
        content="The neighbour is known to the police",
        received_at=now - timedelta(days=1),
    )
    linked = open_case(people.contact_centre, owner=officer, received_at=now - timedelta(days=30))
    services.case_link(actor=officer, case=ref, other=linked.reference, kind="related", reason="Same block")

    closed = open_case(people.contact_centre, owner=officer)
    services.risk_assessment_record(actor=officer, case=closed.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=officer, case=closed.reference, for_whom="complainant", action="Diary")
    services.action_plan_send(actor=officer, case=closed.reference, method="letter")
    services.case_close(actor=officer, case=closed.reference, reason="resolved", note="Quiet now")

    return SimpleNamespace(
        case=reload(case), linked=reload(linked), closed=reload(closed), complainant=complainant, address=case.address
    )


# -- what a row of the table says ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """A value typed into a field (found by its label, exactly), still there after the errors."""

    label: str
    value: str


@dataclass(frozen=True)
class Ticked:
    """A radio or checkbox ticked (in the fieldset whose legend is `group`), still ticked after the errors."""

    group: str
    label: str


@dataclass(frozen=True)
class Errors:
    """Submit the form whose primary button is `button` with these values only: it must come back with errors."""

    button: str
    typed: tuple[Typed, ...] = ()
    ticked: tuple[Ticked, ...] = ()
    label: str = "errors"  # the state's name after the page's, e.g. "send errors"


@dataclass(frozen=True)
class Visit:
    """A page (GET), what it must answer, and the error states of its forms."""

    name: str
    path: str
    status: int = 200
    errors: tuple[Errors, ...] = ()
    has_errors: bool = False  # a GET that itself shows errors (a filter with a bad value)
    kept: tuple[Typed, ...] = ()  # values a GET with errors must still show
    shows: tuple[str, ...] = ()  # text the page must show (the set-up reached it: the page is not empty)


def case_path(name: str, reference: str, *args: Any) -> str:
    return reverse(name, args=[reference, *args])


def officer_pages(cases: SimpleNamespace) -> list[Visit]:
    ref, closed = cases.case.reference, cases.closed.reference
    risk = pack_named("places-for-people").risk_matrix
    assert risk is not None
    first = risk.questions[0]
    score = first.options[0].score
    first_answer = f"{first.options[0].label} ({score} point{'' if abs(score) == 1 else 's'})"
    return [
        Visit("my work", reverse("web:my-work"), shows=("Overdue", cases.linked.reference)),
        Visit("my work, filtered", reverse("web:my-work") + f"?case={cases.linked.reference}&show=30"),
        Visit("my work, bad filter", reverse("web:my-work") + "?show=soon", has_errors=True),
        Visit("case list", reverse("web:cases")),
        Visit("case list, filtered", reverse("web:cases") + "?status=all&q=ZZ9+9ZZ&priority=medium"),
        Visit(
            "case list, bad filter",
            reverse("web:cases") + "?q=ZZ9+9ZZ&priority=urgent",
            has_errors=True,
            kept=(Typed("Search", "ZZ9 9ZZ"),),
        ),
        Visit("case page", case_path("web:case", ref), shows=(*RICH_CASE, "SHA-256")),
        Visit("write a letter", case_path("web:letter-new", ref), errors=(Errors("Continue"),)),
        Visit(
            "appointment letter",
            case_path("web:letter", ref, "appointment"),
            errors=(Errors("Send", typed=(Typed("Where", "The housing office"),)),),
        ),
        Visit("closed case page", case_path("web:case", closed), shows=("Quiet now",)),
        Visit(
            "risk assessment",
            case_path("web:risk", ref),
            errors=(
                Errors("Save the risk assessment", ticked=(Ticked(f"{first.number}. {first.text}", first_answer),)),
            ),
        ),
        Visit(
            "action plan",
            case_path("web:action-plan", ref),
            errors=(
                Errors("Add the action", typed=(Typed("Who will do it (optional)", "Neighbourhood team"),)),
                Errors(
                    "Record the action plan as sent",
                    typed=(Typed("When it was sent (optional)", PAST),),
                    label="send errors",
                ),
            ),
        ),
        Visit("interventions", case_path("web:interventions", ref)),
        Visit(
            "propose an intervention",
            case_path("web:intervention-propose", ref),
            errors=(
                Errors(
                    "Propose the intervention", typed=(Typed("Why this intervention, and why now", "Warned twice"),)
                ),
            ),
        ),
        Visit(
            "review",
            case_path("web:review", ref),
            errors=(Errors("Record the review", typed=(Typed("Outcome (optional)", "Review again in a month"),)),),
        ),
        Visit(
            "case conference",
            case_path("web:conference", ref),
            errors=(
                Errors(
                    "Record the case conference", typed=(Typed("What was decided (optional)", "Seek an injunction"),)
                ),
            ),
        ),
        Visit(
            "closure",
            case_path("web:closure", ref),
            errors=(
                Errors(
                    "Propose closure", typed=(Typed("Notes (optional)", "Quiet for a month"),), label="propose errors"
                ),
                Errors(
                    "Close the case", typed=(Typed("Notes (optional)", "Quiet for two months"),), label="close errors"
                ),
            ),
        ),
        Visit("closure, closed case", case_path("web:closure", closed)),
        Visit(
            "acknowledge",
            case_path("web:acknowledge", ref),
            errors=(Errors("Record acknowledgement", typed=(Typed("When was it acknowledged? (optional)", PAST),)),),
        ),
        Visit(
            "contact",
            case_path("web:contact", ref),
            errors=(Errors("Record contact", typed=(Typed("Notes (optional)", "Left a voicemail"),)),),
        ),
        Visit(
            "incident",
            case_path("web:incident", ref),
            errors=(Errors("Record incident", typed=(Typed("Where did it happen? (optional)", "The car park"),)),),
        ),
        Visit(
            "add evidence",
            case_path("web:evidence-add", ref),
            errors=(Errors("Add evidence", typed=(Typed("What does it show? (optional)", "The broken door"),)),),
        ),
        Visit(
            "add a party",
            case_path("web:party-add", ref),
            errors=(
                Errors(
                    "Add to the case",
                    typed=(
                        Typed("Organisation (optional)", "Citizens Advice"),
                        Typed("Email address (optional)", "not an email address"),
                    ),
                ),
            ),
        ),
        Visit(
            "advocate",
            case_path("web:advocate", ref, cases.complainant.pk),
            # The advocate already chosen is ticked; not saying the resident asked is refused by the service.
            errors=(Errors("Record advocate"),),
        ),
        Visit(
            "priority",
            case_path("web:priority", ref),
            errors=(Errors("Change priority", ticked=(Ticked("What is the priority now?", "Low risk"),)),),
        ),
        Visit(
            "types",
            case_path("web:types", ref),
            errors=(Errors("Change types", ticked=(Ticked("What types of behaviour is the case about?", "Arson"),)),),
        ),
        Visit(
            "link",
            case_path("web:link", ref),
            errors=(
                Errors(
                    "Link cases",
                    typed=(
                        Typed("Reference of the other case", UNKNOWN_CASE),
                        Typed("Why are they linked? (optional)", "Same block"),
                    ),
                ),
            ),
        ),
        Visit(
            "police disclosures, officer",
            case_path("web:police", ref),
            errors=(Errors("Record disclosure", typed=(Typed("Police reference (optional)", "NP-2025-0042"),)),),
        ),
        Visit(
            "record a step",
            case_path("web:step", ref, "diary.sent"),
            errors=(
                Errors(
                    "Record step",
                    typed=(Typed("When was it done? (optional)", FUTURE), Typed("Note (optional)", "Sent by post")),
                ),
            ),
        ),
        Visit(
            "survey response",
            case_path("web:survey", closed),
            errors=(
                Errors("Record survey response", typed=(Typed("What did they say? (optional)", "Kept informed"),)),
            ),
        ),
        Visit("survey response, open case", case_path("web:survey", ref), shows=("This case is open.",)),
        Visit(
            "ASB Case Review request",
            case_path("web:case-review", ref),
            shows=("Is the threshold met now?", "What happens next"),
            errors=(Errors("Record request", typed=(Typed("When did they ask? (optional)", FUTURE),)),),
        ),
        Visit("case not found", case_path("web:case", UNKNOWN_CASE), status=404),
        Visit("page not allowed (reassign)", case_path("web:reassign", ref), status=403),
        Visit("reports not allowed", reverse("web:reports"), status=403),
    ]


def manager_pages(cases: SimpleNamespace) -> list[Visit]:
    ref, closed = cases.case.reference, cases.closed.reference
    return [
        Visit("team", reverse("web:team"), shows=("Civil injunction", ref)),
        Visit("my work, manager", reverse("web:my-work")),
        Visit("case page, manager", case_path("web:case", ref)),
        Visit(
            "interventions, manager",
            case_path("web:interventions", ref),
            errors=(
                Errors(
                    "Record your decision",
                    typed=(Typed("Reason for your decision", "The conference agreed it"),),
                    label="decision errors",
                ),
            ),
        ),
        Visit("closure, manager", case_path("web:closure", ref)),
        Visit(
            "reassign",
            case_path("web:reassign", ref),
            errors=(Errors("Reallocate case", typed=(Typed("Why is it being reallocated?", "Officer on leave"),)),),
        ),
        Visit("reopen", case_path("web:reopen", closed), errors=(Errors("Reopen the case"),)),
        Visit("reopen, open case", case_path("web:reopen", ref)),
        Visit("reports", reverse("web:reports"), shows=tuple(spec.question for spec in REPORTS)),
        *(
            Visit(f"report: {spec.title}", reverse("web:report", args=[spec.slug]), shows=(spec.question,))
            for spec in REPORTS
        ),
        Visit(
            "report, a bad month",
            reverse("web:report", args=["performance"]) + "?month=2026-13",
            has_errors=True,
        ),
        Visit(
            "report, a period that ends before it starts",
            reverse("web:report", args=["hot-spots"]) + "?from=2026-03-01&to=2026-01-31",
            has_errors=True,
            kept=(Typed("From", "2026-03-01"), Typed("To", "2026-01-31")),
        ),
        Visit(
            "report, a team the manager does not manage",
            reverse("web:report", args=["outcomes"]) + "?team=999999",
            has_errors=True,
        ),
        Visit("report not found", reverse("web:report", args=["no-such-report"]), status=404),
    ]


def operations_pages(cases: SimpleNamespace) -> list[Visit]:
    ref = cases.case.reference
    return [
        Visit("case page, operations manager", case_path("web:case", ref), shows=RICH_CASE),
        Visit(
            "police disclosures, operations manager",
            case_path("web:police", ref),
            shows=("The neighbour is known to the police",),
            errors=(Errors("Record disclosure", typed=(Typed("Police force", "Durham Constabulary"),)),),
        ),
    ]


# -- walking the table -----------------------------------------------------------------------------------------


class Walk:
    """One person's page walking rows of the table; what fails is noted and the walk goes on."""

    def __init__(self, page: Page, who: str) -> None:
        self.page, self.who = page, who
        self.problems: list[str] = []
        self.seen: list[str] = []
        # axe in every document from the start: one copy sent to the browser, not one per page visited
        # (check_accessibility injects it only where it is missing).
        page.context.add_init_script(script=_axe_source())

    def step(self, name: str, check: Callable[[], None]) -> bool:
        """Run one check of a page or state; False (and the problem noted, with a screenshot) if it failed."""
        self.seen.append(name)
        try:
            check()
        except (AssertionError, PlaywrightError, pytest.fail.Exception) as problem:
            self.problems.append(f"[{self.who}] {name}: {problem}")
            with contextlib.suppress(PlaywrightError):  # a screenshot is a help, not a check
                shot(self.page, name)
            return False
        return True

    def visit(self, row: Visit) -> None:
        fresh = self.step(row.name, lambda: self._get(row))
        for errors in row.errors:
            # The first form is submitted from the page just checked; each other one from the page afresh.
            self.step(f"{row.name}, {errors.label}", lambda e=errors, f=fresh: self._errors(row, e, afresh=not f))
            fresh = False

    def _get(self, row: Visit) -> None:
        response = self.page.goto(row.path)
        assert response is not None, f"no response from {row.path}"
        assert response.status == row.status, f"{row.path} answered {response.status}, not {row.status}"
        page_rules(self.page)
        if row.has_errors:
            shows_errors(self.page)
        else:
            expect(self.page.locator(".govuk-error-summary"), "no errors on the page").to_have_count(0)
        for typed in row.kept:
            expect(self.page.get_by_label(typed.label, exact=True)).to_have_value(typed.value)
        for text in row.shows:
            expect(self.page.locator("main").get_by_text(text).filter(visible=True).first).to_be_visible()
        check_accessibility(self.page, f"{row.name}, {self.who}")

    def _errors(self, row: Visit, errors: Errors, *, afresh: bool) -> None:
        page = self.page
        if afresh:
            page.goto(row.path)
        form = form_with(page, errors.button)
        for typed in errors.typed:
            form.get_by_label(typed.label, exact=True).fill(typed.value)
        for ticked in errors.ticked:
            option(form, ticked).check()
        with page.expect_navigation():
            form.get_by_role("button", name=errors.button).click()
        shows_errors(page)
        page_rules(page)
        # What was typed is still there, in the same form (found again: the page is new).
        form = form_with(page, errors.button)
        for typed in errors.typed:
            expect(form.get_by_label(typed.label, exact=True)).to_have_value(typed.value)
        for ticked in errors.ticked:
            expect(option(form, ticked)).to_be_checked()
        check_accessibility(page, f"{row.name}, {errors.label}, {self.who}")

    def intake(self, name: str, fill: Callable[[Page], None], *, heading: str, says: str = "") -> None:
        """Fill the report form afresh and check the report: the triage result is the page."""

        def check() -> None:
            page = self.page
            page.goto(reverse("web:intake-report"))
            fill(page)
            with page.expect_navigation():
                page.get_by_role("button", name="Check the report").click()
            page_rules(page)
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            if says:
                expect(page.get_by_text(says).first).to_be_visible()
            check_accessibility(page, f"{name}, {self.who}")

        self.step(name, check)


def fail_on_problems(*walks: Walk) -> None:
    """Fail listing every page or state with a problem, from every walk."""
    problems = [problem for walk in walks for problem in walk.problems]
    if problems:
        seen = sum(len(walk.seen) for walk in walks)
        pytest.fail(f"{len(problems)} of {seen} pages or states had problems:\n\n" + "\n\n".join(problems))


def form_with(page: Page, button: str) -> Locator:
    """The form a submit button belongs to: some pages have several forms asking alike questions."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button))


def option(scope: Locator, ticked: Ticked) -> Locator:
    return scope.get_by_role("group", name=ticked.group, exact=True).get_by_label(ticked.label, exact=True)


# Ids used more than once (axe no longer checks this): a label, hint or error could name the wrong element.
_REPEATED_IDS = """() => {
  const counts = {};
  for (const el of document.querySelectorAll("[id]")) counts[el.id] = (counts[el.id] || 0) + 1;
  return Object.keys(counts).filter((id) => counts[id] > 1);
}"""

# Each summary link: its field's form group says the same at the field. Each message at a field: read out
# with the field (named by an aria-describedby).
_ERRORS_AT_FIELDS = """() => {
  const problems = [];
  for (const link of document.querySelectorAll(".govuk-error-summary a")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const field = document.getElementById(id);
    const group = field && field.closest(".govuk-form-group");
    const message = group && group.querySelector(".govuk-error-message");
    if (!message) problems.push(`"${link.textContent.trim()}": no message at the field #${id}`);
    else if (!message.textContent.includes(link.textContent.trim()))
      problems.push(`"${link.textContent.trim()}": the field #${id} says "${message.textContent.trim()}"`);
  }
  const described = [...document.querySelectorAll("[aria-describedby]")]
    .flatMap((el) => el.getAttribute("aria-describedby").split(/\\s+/));
  for (const message of document.querySelectorAll(".govuk-error-message")) {
    if (!message.id || !described.includes(message.id))
      problems.push(`"${message.textContent.trim()}": no field is described by it`);
  }
  return problems;
}"""


def page_rules(page: Page) -> None:
    """What axe leaves to us: one h1 on every page, and every id used once."""
    expect(page.locator("h1"), "one h1 on the page").to_have_count(1)
    repeated = page.evaluate(_REPEATED_IDS)
    assert not repeated, f"ids used more than once: {repeated}"


def shows_errors(page: Page) -> None:
    """The GOV.UK way: "Error:" in the title, a focused summary linking to each field, the message at the field."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus there, so a screen reader reads it first
    links = summary.get_by_role("link")
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href") or ""
        assert target.startswith("#"), f"error summary link {target!r} is not to a field on the page"
        assert page.locator(f"[id='{target[1:]}']").count() == 1, f"error summary links to {target}: not on the page"
    if links.count():
        expect(page.locator(".govuk-error-message").first).to_be_visible()
    problems = page.evaluate(_ERRORS_AT_FIELDS)
    assert not problems, "errors not shown the GOV.UK way:\n  " + "\n  ".join(problems)


# -- intake ----------------------------------------------------------------------------------------------------


def report(types: Sequence[str], *, other_types: Sequence[str] = (), address: Any = None) -> Callable[[Page], None]:
    """Fill the report form as the contact centre would: a resident phoning about `types`."""

    def fill(page: Page) -> None:
        page.get_by_role("group", name="How did the report reach us?").get_by_label("Phone", exact=True).check()
        page.get_by_role("group", name="Who is reporting?").get_by_label("The resident themselves").check()
        page.get_by_label("Their full name", exact=True).fill("Jo Bloggs")
        for label in types:
            page.get_by_role("group", name="What kind of behaviour is it?").get_by_label(label, exact=True).check()
        for label in other_types:
            group = page.get_by_role("group", name=re.compile(r"^Or is it something the policy does not treat"))
            group.get_by_label(label, exact=True).check()
        page.get_by_label("What happened?", exact=True).fill(SUMMARY)
        if address is not None:
            page.get_by_label("Address line 1 (optional)", exact=True).fill(address.line1)
            page.get_by_label("Postcode (optional)", exact=True).fill(address.postcode)

    return fill


def walk_intake(walk: Walk, cases: SimpleNamespace) -> None:
    page = walk.page
    walk.visit(Visit("intake start", reverse("web:intake")))
    walk.visit(Visit("intake search", reverse("web:intake") + "?q=ZZ9+9ZZ"))
    walk.visit(
        Visit(
            "report form",
            reverse("web:intake-report"),
            errors=(
                Errors(
                    "Check the report",
                    typed=(
                        Typed("Their full name", "Jo Bloggs"),
                        Typed("Email address (optional)", "jo at example"),
                    ),
                ),
            ),
        )
    )

    # ASB at the address of an open case: the triage result lists it as a possible duplicate.
    walk.intake(
        "triage result, ASB with a possible duplicate",
        report(["Noise Nuisance"], address=cases.address),
        heading=ASB,
        says="Open cases that may be the same problem",
    )

    def no_priority_chosen() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="Open a new case instead").click()
        shows_errors(page)
        page_rules(page)
        check_accessibility(page, f"triage result, errors, {walk.who}")

    walk.step("triage result, errors", no_priority_chosen)
    walk.intake(
        "triage result, safeguarding",
        report(["Safeguarding"]),
        heading=ASB,
        says="This is a safeguarding concern — follow that process",
    )

    def change_the_report() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="Change the report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Report details")
        expect(page).not_to_have_title(re.compile(r"^Error: "))
        expect(page.get_by_label("What happened?", exact=True)).to_have_value(SUMMARY)
        expect(page.get_by_label("Safeguarding", exact=True)).to_be_checked()
        page_rules(page)
        check_accessibility(page, f"report form, changed, {walk.who}")

    walk.step("report form, changed", change_the_report)
    walk.intake(
        "triage result, domestic abuse",
        report(["Domestic Violence / Domestic Abuse"]),
        heading=ASB,
        says="This is domestic abuse — follow that process",
    )
    walk.intake(
        "triage result, not ASB",
        report([], other_types=["Footsteps from adjoining properties or communal areas"]),
        heading="Triage result: not anti-social behaviour",
        says="What to tell the caller",
    )

    def enquiry() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="Record as an enquiry").click()
        expect(page).to_have_url(re.compile(r"/intake/enquiries/\d+$"))
        page_rules(page)
        check_accessibility(page, f"enquiry recorded, {walk.who}")

    walk.step("enquiry recorded", enquiry)


# -- residents online ------------------------------------------------------------------------------------------


def build_resident_cases(people: Any) -> SimpleNamespace:
    """An open case whose complainant follows it and whose witness keeps a diary, and a closed one."""

    def opened() -> Case:
        return open_case(
            people.contact_centre,
            owner=people.officer,
            parties=[
                PartyInput(person=PersonInput(name=COMPLAINANT, email=COMPLAINANT_EMAIL), role="complainant"),
                PartyInput(person=PersonInput(name=WITNESS, email=WITNESS_EMAIL), role="witness"),
                PartyInput(person=PersonInput(name="Sam Sample"), role="alleged-perpetrator"),
            ],
        )

    closed = opened()
    close_resident_case(closed, people)  # first: the same people's open case would be a possible duplicate
    case = opened()

    def link(of: Case, role: str, purpose: str) -> Any:
        return links.issue(party=Party.objects.get(case=of, role=role), purpose=purpose)

    return SimpleNamespace(
        case=case,
        closed=closed,
        case_link=link(case, "complainant", LinkPurpose.CASE),
        diary_link=link(case, "witness", LinkPurpose.DIARY),
        closed_link=link(closed, "complainant", LinkPurpose.CASE),
    )


def resident_path(link: Any, page: str = "") -> str:
    """A resident's link as a path on this site (links.url_for is absolute, on the public site)."""
    name = "residents:case" if link.purpose == LinkPurpose.CASE else "residents:diary"
    return reverse(name, args=[links.token_for(link)]) + page


def resident_pages(cases: SimpleNamespace) -> list[Visit]:
    mine, closed = cases.case_link, cases.closed_link
    return [
        Visit("report: start", reverse("residents:start"), shows=("call 999",)),
        Visit(
            "report: the form",
            reverse("residents:report"),
            errors=(
                Errors(
                    "Send report",
                    typed=(Typed("Full name", "Jo Bloggs"), Typed("Email address (optional)", "jo at example")),
                ),
            ),
        ),
        Visit("resident: case page", resident_path(mine), shows=("Your officer", cases.case.reference)),
        Visit(
            "resident: diary",
            resident_path(mine, "diary/"),
            errors=(Errors("Add to my diary", typed=(Typed("What happened?", "Shouting on the landing"),)),),
        ),
        Visit(
            "resident: send a file",
            resident_path(mine, "evidence/"),
            errors=(Errors("Send file", typed=(Typed("What does it show? (optional)", "The broken door"),)),),
        ),
        Visit("resident: ASB Case Review", resident_path(mine, "case-review/"), shows=("What happens next",)),
        Visit("resident: survey, case open", resident_path(mine, "survey/")),
        Visit("resident: case page, closed", resident_path(closed), shows=("Closed", "Answer one question")),
        Visit("resident: diary, closed", resident_path(closed, "diary/")),
        Visit("resident: send a file, closed", resident_path(closed, "evidence/")),
        Visit("resident: survey", resident_path(closed, "survey/"), errors=(Errors("Send my answer"),)),
        Visit(
            "witness: diary",
            resident_path(cases.diary_link),
            errors=(Errors("Add to my diary", typed=(Typed("Where did it happen? (optional)", "The landing"),)),),
        ),
        Visit("resident: link that does not work", reverse("residents:case", args=["not-a-link"]), status=404),
        Visit(
            "resident: get a new link",
            reverse("residents:new-link"),
            errors=(Errors("Email me a new link", typed=(Typed("Case reference", "ASB-2026-000001"),)),),
        ),
    ]


def staff_residents_pages(cases: SimpleNamespace) -> list[Visit]:
    ref = cases.case.reference
    return [
        Visit("case page, residents online", case_path("web:case", ref), shows=("Residents online", COMPLAINANT_EMAIL)),
        Visit("send a link to follow the case", case_path("web:resident-link-send", ref, "case")),
        # Two people may keep a diary (the witness and the complainant): choosing nobody is refused.
        Visit(
            "send a diary link",
            case_path("web:resident-link-send", ref, "diary"),
            errors=(Errors("Send the link"),),
        ),
        Visit(
            "send an update",
            case_path("web:resident-update", ref),
            errors=(Errors("Send the update"),),
        ),
        Visit("revoke a link", case_path("web:resident-link-revoke", ref, cases.case_link.pk)),
    ]


def walk_public_report(walk: Walk) -> None:
    """The pages after a report is sent: the confirmation, and the answer when it is not ASB."""
    page = walk.page
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    def send(*, noise: bool) -> None:
        page.goto(reverse("residents:report"))
        page.get_by_role("radio", name="Myself", exact=True).check()
        if noise:
            page.get_by_label("Noise", exact=True).check()
        else:
            page.get_by_text("Something else? Choose from our policy’s own list").click()
            page.get_by_label("Footsteps from adjoining properties or communal areas", exact=True).check()
        page.get_by_label("What happened?", exact=True).fill(SUMMARY)
        page.get_by_label("When did it last happen?", exact=True).fill(yesterday)
        page.get_by_label("Building and street", exact=True).fill("9 Foxglove Row")
        page.get_by_label("Postcode", exact=True).fill("ZZ3 3CC")
        page.get_by_label("Full name", exact=True).fill("Jo Bloggs")
        with page.expect_navigation():
            page.get_by_role("button", name="Send report").click()

    def received() -> None:
        send(noise=True)
        expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
        page_rules(page)
        check_accessibility(page, f"report: sent, {walk.who}")

    def not_asb() -> None:
        send(noise=False)
        expect(page.get_by_role("heading", level=1)).to_have_text("We will not open a case for this")
        page_rules(page)
        check_accessibility(page, f"report: not ASB, {walk.who}")

    walk.step("report: sent", received)
    walk.step("report: not ASB", not_asb)


# -- the tests -------------------------------------------------------------------------------------------------


def test_every_page_an_officer_uses(signed_in_page: Callable[..., Page], people: Any) -> None:
    cases = build_cases(people)
    before = footprint(cases.case), footprint(cases.closed)
    walk = Walk(signed_in_page("officer"), "officer")

    for row in officer_pages(cases):
        walk.visit(row)

    fail_on_problems(walk)
    # Every error state was refused whole: nothing was written.
    assert (footprint(cases.case), footprint(cases.closed)) == before
    assert Case.objects.count() == 3


def test_every_page_managers_and_the_contact_centre_use(signed_in_page: Callable[..., Page], people: Any) -> None:
    cases = build_cases(people)
    closed_before = footprint(cases.closed)
    walks = [
        Walk(signed_in_page("manager"), "housing manager"),
        Walk(signed_in_page("operations"), "operations manager"),
        Walk(signed_in_page("contact_centre"), "contact centre"),
    ]
    manager, operations, contact_centre = walks

    for row in manager_pages(cases):
        manager.visit(row)
    for row in operations_pages(cases):
        operations.visit(row)
    walk_intake(contact_centre, cases)

    fail_on_problems(*walks)
    # Nothing an error state submitted was written (reading the police disclosures is logged, by design).
    assert footprint(cases.closed) == closed_before
    assert Case.objects.count() == 3
    case = reload(cases.case)
    assert case.owner_id == people.officer.pk
    assert list(case.interventions.values_list("status", flat=True)) == ["proposed"]


def test_every_page_residents_use_and_the_staff_pages_for_them(
    new_page: Callable[..., Page], signed_in_page: Callable[..., Page], people: Any
) -> None:
    cases = build_resident_cases(people)
    resident = Walk(new_page(viewport=PHONE), "resident, on a phone")
    officer = Walk(signed_in_page("officer"), "officer")

    for row in resident_pages(cases):
        resident.visit(row)
    walk_public_report(resident)
    for row in staff_residents_pages(cases):
        officer.visit(row)

    fail_on_problems(resident, officer)
    # Every error state was refused whole: no entry, file, answer or link was added.
    assert not reload(cases.case).incidents.filter(source="diary").exists()
    assert not reload(cases.case).evidence.exists()
    assert links.followers(cases.case.pk) == [Party.objects.get(case=cases.case, role="complainant")]
