"""A housing officer's journeys in a real browser: a report taken by keyboard alone and worked to closure, and
the risk assessment without JavaScript.

Places for People: a noise report is ASB the officer grades medium or low (the officer chooses), owned by the
Community Housing Manager (the officer). The only thing its path asks before closing is the written action
plan, which in turn needs the Risk Assessment Matrix (RAM); no one has to agree closure (pack.toml [closure]).
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from casework.cases.models import Case, CaseEvent, RiskAssessment
from casework.cases.packs import pack_named
from tests.browser.axe import check_accessibility
from tests.browser.helpers import shot, tab_to
from tests.cases.helpers import open_case, ram_answers

# ram_answers("highest") scores 47 on Places for People's RAM (HIGH is 24 and over); "lowest" scores 0 (LOW).
HIGHEST_SCORE = 47
# With these ticked instead of nothing, the lowest answers score 3 (Mental health 3, Other 0): still LOW.
LOW_TICKS = {"q11-health-affected": ["Mental health"], "q14-anyone-else-affected": ["Other"]}
LOW_SCORE = 3


def _at(path: str) -> re.Pattern[str]:
    """The page is at this path (any live-server address; a query or #section after it is fine)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}([?#].*)?$")


def _banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def _form_with(page: Page, button: str) -> Locator:
    """The form a submit button belongs to: the closure page has several forms asking alike questions."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _answer_the_ram(page: Page, answers: dict[str, Any]) -> None:
    """Tick the RAM's answers, question by question (each a fieldset named by its question)."""
    matrix = pack_named("places-for-people").risk_matrix
    assert matrix is not None
    for question in matrix.questions:
        group = page.get_by_role("group", name=f"{question.number}. {question.text}", exact=True)
        chosen = answers[question.id]
        for label in chosen if isinstance(chosen, list) else [chosen]:
            score = next(o.score for o in question.options if o.label == label)
            group.get_by_label(f"{label} ({score} point{'' if score == 1 else 's'})", exact=True).check()


def _take_a_report_by_keyboard(page: Page) -> str:
    """Intake to a new case with the keyboard alone: Tab to each field, type, Space to tick, Enter to submit."""
    page.goto(reverse("web:intake"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Take a report")
    shot(page, "intake")
    with page.expect_navigation():
        tab_to(page, "Start a new report").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report details")
    check_accessibility(page, "report form")
    shot(page, "report form")

    # Nothing entered: Enter in a text field sends the form (implicit submission, as "Check the report" would).
    # The errors show, with focus on their summary so a screen reader reads it first.
    with page.expect_navigation():
        tab_to(page, "Their full name").press("Enter")
    expect(page).to_have_title("Error: Report details – Casework")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in ("Choose how the report reached us", "Choose who is reporting", "Enter what happened"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    check_accessibility(page, "report form, nothing entered")
    shot(page, "report form errors")

    tab_to(page, "Phone", role="radio").press("Space")
    tab_to(page, "The resident themselves", role="radio").press("Space")
    tab_to(page, "Their full name")
    page.keyboard.type("Robin Resident")
    tab_to(page, "Phone number (optional)")
    page.keyboard.type("07700 900123")
    tab_to(page, "Noise Nuisance", role="checkbox").press("Space")
    tab_to(page, "What happened?")
    page.keyboard.type("Loud music from the flat above every night until 3am.")
    tab_to(page, "Address line 1 (optional)")
    page.keyboard.type("7 Keyboard Lane")
    tab_to(page, "Town or city (optional)")
    page.keyboard.type("Exampleton")
    tab_to(page, "Postcode (optional)")
    page.keyboard.type("ZZ3 3KB")
    tab_to(page, "How is it affecting the person reporting and their household? (optional)")
    page.keyboard.type("The children cannot sleep.")
    shot(page, "report form filled in")
    with page.expect_navigation():
        tab_to(page, "Check the report").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Triage result: anti-social behaviour")
    triage = page.locator(".govuk-summary-list").first
    expect(triage).to_contain_text("Noise Nuisance")
    expect(triage).to_contain_text("The officer chooses: Medium risk or Low risk")
    expect(triage).to_contain_text("Community Housing Manager (CHM)")
    assert not Case.objects.exists()  # checking the report saves nothing
    check_accessibility(page, "triage result")
    shot(page, "triage result")

    tab_to(page, "Medium risk", role="radio").press("Space")
    with page.expect_navigation():
        tab_to(page, "Open a new case").press("Enter")

    case = Case.objects.get()
    expect(page).to_have_url(_at(reverse("web:case", args=[case.reference])))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(_banner(page)).to_contain_text(f"Case {case.reference} opened")
    expect(_banner(page)).to_contain_text("priority: Medium risk")
    check_accessibility(page, "new case")
    shot(page, "new case")
    return case.reference


def _work_the_case_to_closure(page: Page, reference: str) -> None:
    """Risk assessment, action plan, review and closure, each on its own page reached from the case page."""
    case_url = reverse("web:case", args=[reference])

    page.get_by_role("link", name="Complete the Risk Assessment Matrix (RAM)").click()
    expect(page).to_have_url(_at(reverse("web:risk", args=[reference])))
    score = page.locator("#risk-score")
    expect(score).to_contain_text("No questions answered yet")
    _answer_the_ram(page, ram_answers("highest"))
    # htmx swapped the score in as the answers changed: nothing saved yet.
    expect(score.locator("[data-score]")).to_have_text(str(HIGHEST_SCORE))
    expect(score.locator("[data-band]")).to_have_text("HIGH")
    expect(score).to_contain_text("Suggests the priority High risk")
    expect(score).to_contain_text("14 of 14 questions answered")
    assert not RiskAssessment.objects.exists()
    check_accessibility(page, "risk assessment, every question answered")
    shot(page, "risk assessment")
    page.get_by_role("button", name="Save the risk assessment").click()
    expect(_banner(page)).to_contain_text(f"Risk assessment recorded: score {HIGHEST_SCORE}, HIGH")
    expect(page).to_have_url(_at(case_url))

    page.get_by_role("link", name="Send the written action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    page.get_by_role("radio", name="Complainant").check()
    page.get_by_label("What will be done", exact=True).fill("Keep diary sheets of the noise for two weeks")
    page.get_by_label("Who will do it (optional)", exact=True).fill("Robin Resident")
    page.get_by_role("button", name="Add the action").click()
    expect(_banner(page)).to_contain_text("Action added to the plan")
    expect(page.get_by_role("table")).to_contain_text("Keep diary sheets of the noise for two weeks")
    check_accessibility(page, "action plan, one action")
    page.get_by_role("radio", name="Letter").check()
    page.get_by_role("button", name="Record the action plan as sent").click()
    expect(_banner(page)).to_contain_text("Action plan sent to the complainant")

    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a review")
    page.get_by_role("radio", name="Case review").check()
    page.get_by_label("What the review found", exact=True).fill("No noise reported since the warning visit.")
    page.get_by_label("Outcome (optional)", exact=True).fill("Propose closure")
    check_accessibility(page, "review form")
    page.get_by_role("button", name="Record the review").click()
    expect(_banner(page)).to_contain_text("Case review recorded")

    page.get_by_role("link", name="Propose or record closure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure")
    expect(page.locator("main")).to_contain_text("No one needs to agree closure")
    expect(page.get_by_role("button", name="Agree closure")).to_have_count(0)
    check_accessibility(page, "closure")
    propose = _form_with(page, "Propose closure")
    propose.get_by_role("radio", name="Resolved").check()
    propose.get_by_label("Notes (optional)", exact=True).fill("Quiet for a month; the resident agrees.")
    propose.get_by_role("button", name="Propose closure").click()
    expect(_banner(page)).to_contain_text("Closure proposed")

    page.get_by_role("link", name="Propose or record closure").click()
    close = _form_with(page, "Close the case")
    close.get_by_role("radio", name="Resolved").check()
    close.get_by_label("Notes (optional)", exact=True).fill("Resolved: the noise has stopped.")
    close.get_by_role("button", name="Close the case").click()

    expect(page).to_have_url(_at(case_url))
    expect(_banner(page)).to_contain_text(f"Case {reference} closed")
    closure = page.locator("#closure")
    expect(closure.locator(".govuk-summary-list")).to_contain_text("Resolved")
    expect(closure).to_contain_text("Resolved: the noise has stopped.")
    expect(page.locator("#summary")).to_contain_text("Closed")
    expect(page.locator("#next-steps")).to_contain_text("The case is closed.")
    shot(page, "case closed")


def test_a_housing_officer_takes_a_report_by_keyboard_alone_and_works_it_to_closure(signed_in_page, people):
    """The intake-to-case journey works by keyboard alone; then the officer takes the case to closure
    (triage, risk assessment, action plan, review, closure)."""
    page = signed_in_page("officer")

    reference = _take_a_report_by_keyboard(page)
    case = Case.objects.get(reference=reference)
    assert case.owner == people.officer
    assert case.priority == "medium"
    assert case.address is not None
    assert case.address.postcode == "ZZ3 3KB"
    assert case.parties.filter(role="complainant", person__name="Robin Resident").exists()

    _work_the_case_to_closure(page, reference)

    case.refresh_from_db()
    assert case.is_open is False
    assert case.stage == "closed"
    assert case.closure_reason == "resolved"
    assessment = case.risk_assessments.get()
    assert (assessment.score, assessment.band) == (HIGHEST_SCORE, "high")
    verbs = list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("verb", flat=True))
    for verb in ("case.opened", "risk.assessed", "action-plan.sent", "review.held", "closure.proposed", "case.closed"):
        assert verb in verbs, verb


def test_the_risk_assessment_works_out_the_score_and_saves_without_javascript(signed_in_page, people):
    case = open_case(people.officer)
    page = signed_in_page("officer", javascript=False)
    page.goto(reverse("web:risk", args=[case.reference]))
    # The lowest answers, with one box ticked in each tick-all-that-apply question (none ticked would read
    # as "not answered yet" in the score panel).
    _answer_the_ram(page, {**ram_answers("lowest"), **LOW_TICKS})

    page.get_by_role("button", name="Work out the score").click()

    score = page.locator("#risk-score")
    expect(score.locator("[data-score]")).to_have_text(str(LOW_SCORE))
    expect(score.locator("[data-band]")).to_have_text("LOW")
    expect(score).to_contain_text("14 of 14 questions answered")
    # The answers are kept on the page, and nothing is saved until the officer saves them.
    first = page.get_by_role("group", name=re.compile(r"^1\. "))
    expect(first.get_by_label("Only occasionally (0 points)", exact=True)).to_be_checked()
    assert not RiskAssessment.objects.exists()
    shot(page, "score worked out")

    page.get_by_role("button", name="Save the risk assessment").click()

    expect(page).to_have_url(_at(reverse("web:case", args=[case.reference])))
    expect(_banner(page)).to_contain_text(f"Risk assessment recorded: score {LOW_SCORE}, LOW")
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.score, assessment.band) == (LOW_SCORE, "low")
    assert Case.objects.get(pk=case.pk).stage == "case-management"
