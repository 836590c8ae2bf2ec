"""The case page (casework/web/views/case.py): the summary, the next steps and why not, every record, who
sees it, evidence downloads, and a query count that does not grow with the case."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case
from tests.cases.helpers import open_case, ram_answers, reload
from tests.cases.test_casefile import PNG, POLICE_SECRET, grow, planned_case


def page_of(client, case) -> str:
    response = client.get(reverse("web:case", args=[case.reference]))
    assert response.status_code == 200, response.content
    return response.content.decode()


def section(page: str, section_id: str) -> str:
    """The text of one section of the page, tags removed and spaces collapsed."""
    match = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert match, f"no section #{section_id}"
    return text_of(match.group(0))


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def raw_section(page: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert match, f"no section #{section_id}"
    return match.group(0)


# -- the summary ----------------------------------------------------------------------------------------------


def test_the_summary_says_how_urgent_what_stage_who_owns_it_and_what_is_due_next(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)

    page = page_of(sign_in(people.officer), case)

    assert f'<h1 class="govuk-heading-l">{case.reference}</h1>' in page
    assert "Noise Nuisance" in text_of(page)
    summary = section(page, "summary")
    assert "Priority Medium risk" in summary
    assert "Risk Not assessed yet" in summary
    assert "Stage Incident report received" in summary
    assert "Officer Example, Community Housing Manager (CHM)" in summary
    assert "Team: North" in summary
    assert "by phone" in summary
    assert "What is due next Acknowledge the new report of ASB: due" in summary
    assert "Hate-related No" in summary
    assert str(case.address) in summary  # "<n> Elsewhere Road, ZZ9 9ZZ": n depends on the tests run before
    assert reverse("web:risk", args=[case.reference]) in raw_section(page, "summary")


def test_an_overdue_duty_is_shown_as_overdue(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer, received_at=timezone.now() - timedelta(days=30))

    summary = raw_section(page_of(sign_in(people.officer), case), "summary")

    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in summary


def test_an_unallocated_case_names_the_role_that_should_own_it(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    Case.objects.filter(pk=case.pk).update(owner=None)

    summary = section(page_of(sign_in(people.manager), case), "summary")

    assert "Not allocated — Community Housing Manager (CHM)" in summary


def test_the_summary_shows_the_latest_risk_assessment(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    assessment = services.risk_assessment_record(
        actor=people.officer, case=case.reference, answers=ram_answers("highest")
    )

    page = page_of(sign_in(people.officer), case)

    assert f"HIGH (score {assessment.score})" in section(page, "summary")
    risk = section(page, "risk")
    assert "Band HIGH" in risk
    assert f"Score {assessment.score}" in risk
    assert "by Officer Example" in risk


# -- next steps -----------------------------------------------------------------------------------------------


def test_blocked_next_steps_say_why_and_allowed_ones_link_to_their_form(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)

    page = page_of(sign_in(people.officer), case)

    steps = raw_section(page, "next-steps")
    assert f'href="{reverse("web:risk", args=[case.reference])}"' in steps
    assert "Complete the Risk Assessment Matrix (RAM)" in steps
    assert 'class="casework-blocked-reasons"' in steps
    words = section(page, "next-steps")
    assert "Send the written action plan Not yet Why not yet:" in words
    assert "complete the RAM first" in words
    assert f'href="{reverse("web:step", args=[case.reference, "diary.sent"])}"' in steps


def test_actions_follow_the_users_role(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)
    incident, reassign = (reverse(name, args=[case.reference]) for name in ("web:incident", "web:reassign"))

    for_officer = page_of(sign_in(people.officer), case)
    for_manager = page_of(sign_in(people.manager), case)
    for_contact_centre = page_of(sign_in(people.contact_centre), case)

    assert incident in for_officer
    assert reassign not in for_officer
    assert reassign in for_manager
    assert incident not in for_contact_centre
    assert "Why not yet:" in for_contact_centre  # still sees where the case stands
    assert reverse("web:risk", args=[case.reference]) not in raw_section(for_contact_centre, "next-steps")


# -- every record ---------------------------------------------------------------------------------------------


@pytest.fixture
def worked(people):
    case = grow(people, planned_case(people), 1)
    services.contact_record(
        actor=people.officer, case=case.reference, method="letter", outcome="made", purpose="update", notes="Letter 1"
    )
    return reload(case)


def test_every_section_shows_its_records(people, sign_in, worked):
    page = page_of(sign_in(people.officer), worked)

    assert "Witness" in section(page, "parties")
    assert "Complainant" in section(page, "parties")
    assert "Shouting on the stairs, night 0" in section(page, "incidents")
    evidence = raw_section(page, "evidence")
    assert "photo 0.png" in evidence
    assert reverse("web:evidence", args=[worked.reference, worked.evidence.get().pk]) in evidence
    assert "image/png" in evidence
    assert worked.evidence.get().sha256[:12] in evidence
    assert "LOW" in section(page, "risk")
    plan = section(page, "action-plan")
    assert "Keep diary sheets for two weeks" in plan
    assert "Visit the block (0)" in plan
    assert "Last sent to the complainant on" in plan
    interventions = section(page, "interventions")
    assert "Civil injunction (legal action)" in interventions
    assert "Community Safety Area Manager (CSAM): Approved by Manager Example" in interventions
    assert "Proposed" in interventions
    assert "Next steps planned" in section(page, "conferences")
    assert "Review 0" in section(page, "reviews")
    assert "Call 0" in section(page, "contacts")
    letters = section(page, "letters")
    assert "Action plan sent" in letters
    assert "Letter to the complainant: update on the case" in letters
    assert "Same block 0" in section(page, "links")
    assert "Stage Legal action" in section(page, "summary")


def test_the_timeline_says_what_happened_in_words_never_raw_data(people, sign_in, worked):
    page = page_of(sign_in(people.operations), worked)

    timeline = section(page, "timeline")
    assert "Case opened" in timeline
    assert "Evidence added" in timeline
    assert "photo 0.png" in timeline
    assert "Civil injunction: approved as the Community Safety Area Manager (CSAM). Agreed" in timeline
    assert "Police disclosure recorded" in timeline
    assert "From Northumbria Police" in timeline
    assert '"priority"' not in timeline
    assert "{" not in timeline
    assert POLICE_SECRET not in page  # even for the one role that may read it: that is on its own page


def test_a_closed_case_shows_its_closure_and_who_may_reopen_it(people, sign_in):
    case = planned_case(people)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved", note="Quiet now")
    reopen = reverse("web:reopen", args=[case.reference])

    for_officer = page_of(sign_in(people.officer), case)
    for_manager = page_of(sign_in(people.manager), case)

    assert "Reason Resolved" in section(for_officer, "closure")
    assert "Closed by Officer Example Quiet now" in section(for_officer, "closure")
    assert reopen not in for_officer
    assert reopen in raw_section(for_manager, "closure")
    assert reverse("web:incident", args=[case.reference]) not in for_manager


def test_an_open_case_says_what_closure_needs(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)

    page = page_of(sign_in(people.officer), case)

    assert "Before the case can be closed:" in section(page, "closure")
    assert reverse("web:closure", args=[case.reference]) in raw_section(page, "closure")


# -- who sees it ----------------------------------------------------------------------------------------------


def test_another_teams_officer_gets_not_found(people, sign_in):
    case = open_case(people.contact_centre, owner=people.officer)

    response = sign_in(people.outsider).get(reverse("web:case", args=[case.reference]))

    assert response.status_code == 404


def test_a_contact_centre_user_who_did_not_log_the_case_gets_not_found(people, sign_in):
    case = open_case(people.officer, owner=people.officer)

    response = sign_in(people.contact_centre).get(reverse("web:case", args=[case.reference]))

    assert response.status_code == 404


def test_signing_in_is_needed(people, client):
    case = open_case(people.contact_centre, owner=people.officer)

    response = client.get(reverse("web:case", args=[case.reference]))

    assert response.status_code == 302
    assert reverse("web:sign-in") in response["Location"]


@pytest.mark.parametrize(("who", "sees"), [("operations", True), ("manager", False), ("officer", False)])
def test_only_the_operations_manager_is_offered_police_disclosures(people, sign_in, who, sees):
    case = open_case(people.contact_centre, owner=people.officer)
    services.police_disclosure_record(
        actor=people.officer,
        case=case.reference,
        force="Northumbria Police",
        content=POLICE_SECRET,
        received_at=timezone.now() - timedelta(days=1),
    )

    page = page_of(sign_in(getattr(people, who)), case)

    assert ("Police disclosures (1)" in page) is sees
    # Caseworkers are offered recording one, never a count or a way to read them back.
    assert ("Record a police disclosure" in page) is not sees
    assert POLICE_SECRET not in page


# -- evidence -------------------------------------------------------------------------------------------------


@pytest.fixture
def photo(people):
    case = open_case(people.contact_centre, owner=people.officer)
    return services.evidence_add(
        actor=people.officer, case=case.reference, name="stairs photo.png", content=PNG, content_type="image/png"
    )


def test_evidence_downloads_as_an_attachment_of_its_stored_type(people, sign_in, photo):
    response = sign_in(people.manager).get(reverse("web:evidence", args=[photo.case.reference, photo.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert "stairs photo.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_evidence_is_not_found_for_someone_who_cannot_see_the_case(people, sign_in, photo):
    response = sign_in(people.outsider).get(reverse("web:evidence", args=[photo.case.reference, photo.pk]))

    assert response.status_code == 404


def test_evidence_is_not_found_under_another_case(people, sign_in, photo):
    other = open_case(people.contact_centre, owner=people.officer)

    response = sign_in(people.officer).get(reverse("web:evidence", args=[other.reference, photo.pk]))

    assert response.status_code == 404


# -- queries --------------------------------------------------------------------------------------------------


def queries_for_page(client, case) -> int:
    with CaptureQueriesContext(connection) as captured:
        page_of(client, case)
    return len(captured)


def test_the_page_takes_the_same_queries_however_much_the_case_holds(people, sign_in):
    small = grow(people, planned_case(people), 1)
    big = grow(people, planned_case(people), 8)
    client = sign_in(people.manager)

    assert queries_for_page(client, small) == queries_for_page(client, big)
