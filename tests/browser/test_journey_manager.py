"""A manager approves legal action: the officer proposes a civil injunction, the housing manager finds it
waiting on their work and team pages and approves it with a note, then reallocates another of the team's
cases to a colleague. Places for People: a civil injunction needs one approval, the Community Safety Area
Manager's (CSAM, a housing manager), and only after a case conference (policy §7.1 to §7.4).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from casework.cases import services
from casework.cases.choices import InterventionStatus
from casework.cases.models import Case, Intervention, InterventionApproval
from tests.browser.axe import check_accessibility
from tests.browser.helpers import shot
from tests.cases.helpers import open_case, ram_answers, reload

CSAM = "Community Safety Area Manager (CSAM)"
NOTE = "Proportionate: the conference agreed warnings have failed"


def ready_for_legal_action(officer: Any) -> Case:
    """A case in case management with a case conference held: all that legal action waits for."""
    # Received yesterday, so a meeting earlier today is after it; the officer's own, on their team.
    case = open_case(officer, owner=officer, received_at=timezone.now() - timedelta(days=1))
    services.risk_assessment_record(actor=officer, case=case.reference, answers=ram_answers("lowest"))
    services.case_conference_hold(
        actor=officer,
        case=case.reference,
        held_at=timezone.now() - timedelta(minutes=5),
        attendees="Police, officer, manager",
        summary="Legal action agreed",
    )
    return reload(case)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_a_manager_approves_legal_action_and_reallocates_a_case(signed_in_page, people):
    case = ready_for_legal_action(people.officer)
    other = open_case(people.officer, owner=people.officer)
    assert (case.team, other.team) == (people.team, people.team)  # the manager's team
    assert case.stage == "case-management"

    # The officer proposes the civil injunction; choosing nothing first is refused at the field.
    officer = signed_in_page("officer")
    officer.goto(reverse("web:intervention-propose", args=[case.reference]))
    expect(heading(officer)).to_have_text("Propose an intervention")
    check_accessibility(officer, "propose an intervention")
    officer.get_by_role("button", name="Propose the intervention").click()
    expect(officer).to_have_title("Error: Propose an intervention – Casework")
    summary = officer.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Choose an intervention")).to_be_visible()
    expect(officer.get_by_role("group", name="Which intervention?")).to_contain_text("Error: Choose an intervention")
    check_accessibility(officer, "propose an intervention, nothing chosen")
    assert not Intervention.objects.filter(case=case).exists()

    officer.get_by_role("radio", name=re.compile(r"^Civil injunction")).check()
    preconditions = officer.get_by_role("group", name="Before proposing a civil injunction, confirm")
    for box in preconditions.get_by_role("checkbox").all():
        box.check()
    officer.get_by_label("Why this intervention, and why now").fill("Persistent noise despite written warnings")
    officer.get_by_label(re.compile(r"^Proportionality assessment")).fill("Necessary: other tools have failed")
    officer.get_by_label(re.compile(r"^Who is it against")).select_option(index=1)  # the alleged perpetrator
    shot(officer, "civil injunction proposed")
    officer.get_by_role("button", name="Propose the intervention").click()
    expect(officer.get_by_role("alert")).to_contain_text(
        f"Civil injunction proposed: it needs the approval of the {CSAM}"
    )
    intervention = Intervention.objects.get(case=case)
    assert intervention.kind == "civil-injunction"
    assert intervention.status == InterventionStatus.PROPOSED
    assert intervention.proposed_by == people.officer

    # The proposer is told someone else must approve it, and is offered no way to.
    officer.goto(reverse("web:interventions", args=[case.reference]))
    expect(officer.get_by_text("You proposed this, so someone else must approve it.")).to_be_visible()
    expect(officer.get_by_role("button", name=re.compile("^Record your decision"))).to_have_count(0)
    expect(officer.get_by_role("radio", name="Approve")).to_have_count(0)
    check_accessibility(officer, "interventions, proposed, as the proposer")

    # The housing manager finds it waiting on My work (their start page) and on the Team page.
    manager = signed_in_page("manager")
    decide = f"Decide on the civil injunction for {case.reference}"
    expect(heading(manager)).to_have_text("My work")
    expect(manager.get_by_role("heading", name="Approvals waiting for you")).to_be_visible()
    expect(manager.get_by_role("link", name=decide)).to_be_visible()
    manager.get_by_role("navigation", name="Menu").get_by_role("link", name="Team").click()
    expect(heading(manager)).to_have_text("Team")
    waiting = manager.get_by_role("table", name="Interventions waiting for your approval")
    row = waiting.get_by_role("row").filter(has=manager.get_by_role("link", name=case.reference, exact=True))
    expect(row).to_contain_text("Civil injunction")
    expect(row).to_contain_text("Officer Example on")
    expect(row).to_contain_text(CSAM)
    check_accessibility(manager, "team, an approval waiting")
    shot(manager, "team with an approval waiting")

    # They follow the link to the case's interventions and approve it with a note.
    manager.get_by_role("link", name=decide).click()
    expect(heading(manager)).to_have_text("Interventions")
    expect(manager.get_by_text("Waiting for a decision")).to_be_visible()
    check_accessibility(manager, "interventions, waiting for the manager")
    manager.get_by_role("group", name="Your decision").get_by_role("radio", name="Approve").check()
    manager.get_by_label("Reason for your decision").fill(NOTE)
    manager.get_by_role("button", name="Record your decision on the civil injunction").click()
    expect(manager.get_by_role("alert")).to_contain_text("Civil injunction: approved")
    expect(heading(manager)).to_have_text(case.reference)

    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.APPROVED
    approvals = list(InterventionApproval.objects.filter(intervention=intervention))
    assert [(a.approver, a.approver_role, a.decision, a.reason) for a in approvals] == [
        (people.manager, "community-safety-area-manager", "approved", NOTE)
    ]
    assert reload(case).stage == "legal-action"

    # The approval chain says who approved, and when, on the case page and on the interventions page.
    when = timezone.localtime(approvals[0].decided_at).strftime("%-d %B %Y, %H:%M")
    expect(manager.locator("#interventions")).to_contain_text(f"{CSAM}: Approved by Manager Example on {when}")
    manager.get_by_role("link", name="Approve, refuse or start interventions").click()
    chain = manager.get_by_role("table", name="Approvals the civil injunction needs")
    step = chain.get_by_role("row").filter(has=manager.get_by_role("rowheader", name=CSAM))
    expect(step).to_contain_text(f"Approved by Manager Example on {when}")
    expect(step).to_contain_text(NOTE)
    expect(manager.get_by_role("button", name=re.compile("^Record your decision"))).to_have_count(0)
    check_accessibility(manager, "interventions, approved")
    shot(manager, "approval chain")

    # Nothing is left waiting for them.
    manager.get_by_role("navigation", name="Menu").get_by_role("link", name="Team").click()
    expect(heading(manager)).to_have_text("Team")
    expect(manager.get_by_role("heading", name="Approvals waiting for you")).to_have_count(0)

    # From the team's open cases, the manager reallocates the other case to a colleague.
    manager.get_by_role("link", name=f"Reallocate {other.reference}", exact=True).click()
    expect(heading(manager)).to_have_text("Reallocate the case")
    check_accessibility(manager, "reallocate the case")
    colleague = people.colleague.get_full_name()
    manager.get_by_label("Who should own the case?").select_option(label=f"{colleague}, housing officer")
    manager.get_by_label("Why is it being reallocated?").fill("Officer on leave for a month")
    manager.get_by_role("button", name="Reallocate case").click()
    expect(manager.get_by_role("alert")).to_contain_text(f"Case reallocated to {colleague}")
    expect(heading(manager)).to_have_text(other.reference)
    owner = manager.locator("#summary .govuk-summary-list__row").filter(
        has=manager.get_by_role("term").filter(has_text=re.compile("^Owner$"))
    )
    expect(owner).to_contain_text(colleague)
    assert reload(other).owner == people.colleague
    shot(manager, "case reallocated")
