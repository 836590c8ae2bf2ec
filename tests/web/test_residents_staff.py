"""Residents online on the staff side (casework/web/views/residents_staff.py, web/case/_residents.html): the
case page's section, sending links and updates, revoking, and what residents sent marked as theirs."""

# ruff: noqa: F811  (the residents' `resident_case` fixture is imported, then named by each test)

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Contact
from casework.residents import access, links, staff
from casework.residents.models import ResidentLink
from tests.cases.test_casefile import PNG
from tests.residents.conftest import (
    COMPLAINANT,
    COMPLAINANT_EMAIL,
    PERPETRATOR,
    WITNESS,
    party,
    resident_case,  # noqa: F401  (a fixture)
)
from tests.web.test_case_page import page_of, queries_for_page, raw_section, section


def url(name: str, case, *args) -> str:
    return reverse(f"web:{name}", args=[case.reference, *args])


# -- the section ------------------------------------------------------------------------------------------


def test_the_section_lists_links_and_emails_but_never_a_link_itself(
    resident_case, people, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = staff.resident_link_send(
            actor=people.officer,
            case=resident_case.reference,
            party_id=party(resident_case, "complainant").pk,
            purpose="case",
        )
    old = links.issue(party=party(resident_case, "witness"), purpose="diary")
    staff.resident_link_revoke(actor=people.officer, case=resident_case.reference, link_id=old.pk)

    page = page_of(sign_in(people.officer), resident_case)

    shown = section(page, "residents")
    assert f"{COMPLAINANT} (complainant) {COMPLAINANT_EMAIL} Follow the case" in shown
    assert "Working Works until" in shown
    assert "Not used yet" in shown
    assert f"{WITNESS} (witness)" in shown
    assert "Revoked" in shown
    assert "Link to follow the case Your case" in shown  # the email, by kind and subject
    assert "Sent" in shown
    raw = raw_section(page, "residents")
    assert url("resident-link-revoke", resident_case, link.pk) in raw
    assert url("resident-link-revoke", resident_case, old.pk) not in raw  # a revoked link has no button
    token = links.token_for(link)
    assert token not in page
    assert link.nonce not in page
    assert "/my-case/" not in page
    assert 'href="#residents"' in page


def test_the_timeline_says_who_was_sent_a_link_and_whose_was_revoked(resident_case, people, sign_in):
    link = staff.resident_link_send(
        actor=people.officer,
        case=resident_case.reference,
        party_id=party(resident_case, "complainant").pk,
        purpose="case",
    )
    staff.resident_link_revoke(actor=people.officer, case=resident_case.reference, link_id=link.pk)

    timeline = section(page_of(sign_in(people.officer), resident_case), "timeline")

    assert f"Resident link sent Example Officer Follow the case: {COMPLAINANT} (complainant)" in timeline.replace(
        people.officer.get_full_name(), "Example Officer"
    )
    assert "Resident link revoked" in timeline


def test_what_a_resident_sent_online_is_marked_as_theirs(resident_case, people, sign_in):
    complainant = party(resident_case, "complainant")
    link = links.issue(party=complainant, purpose="case")
    incident = services.incident_record(
        actor=access.acting_for(link),
        case=resident_case.reference,
        occurred_at=timezone.now() - timedelta(hours=2),
        description="Music through the wall again",
        source="diary",
        reported_by_id=complainant.pk,
    )
    services.evidence_add(
        actor=access.acting_for(link),
        case=resident_case.reference,
        name="wall.png",
        content=PNG,
        content_type="image/png",
        incident_id=incident.pk,
    )
    services.incident_record(
        actor=people.officer,
        case=resident_case.reference,
        occurred_at=timezone.now() - timedelta(hours=1),
        description="Officer heard it",
        source="officer",
    )

    page = page_of(sign_in(people.officer), resident_case)

    incidents = section(page, "incidents")
    assert f"Sent online by {COMPLAINANT} (complainant) Diary sheet" in incidents
    assert incidents.count("Sent online") == 1
    assert f"Sent online by {COMPLAINANT} (complainant)" in section(page, "evidence")
    assert f"Diary returned Online service From {COMPLAINANT}" in section(page, "timeline")


def test_the_page_takes_the_same_queries_however_many_links_and_emails(
    resident_case, people, sign_in, django_capture_on_commit_callbacks
):
    def busy(case, n: int):
        complainant = party(case, "complainant")
        for i in range(n):
            with django_capture_on_commit_callbacks(execute=True):
                staff.resident_link_send(
                    actor=people.officer, case=case.reference, party_id=complainant.pk, purpose="case"
                )
                staff.complainant_update_send(
                    actor=people.officer, case=case.reference, party_id=complainant.pk, message=f"Update {i}"
                )
            link = links.issue(party=complainant, purpose="case")
            services.incident_record(
                actor=access.acting_for(link),
                case=case.reference,
                occurred_at=timezone.now() - timedelta(hours=i + 1),
                description=f"Night {i}",
                source="diary",
                reported_by_id=complainant.pk,
            )
            services.evidence_add(
                actor=access.acting_for(link),
                case=case.reference,
                name=f"photo {i}.png",
                content=PNG + bytes([i]),
                content_type="image/png",
            )
        return case

    client = sign_in(people.officer)
    small = queries_for_page(client, busy(resident_case, 1))

    big = queries_for_page(client, busy(resident_case, 6))

    assert big == small


# -- sending a link ---------------------------------------------------------------------------------------


def test_a_link_is_sent_from_its_page_to_who_may_have_one(
    resident_case, people, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(people.officer)
    complainant = party(resident_case, "complainant")

    form = client.get(url("resident-link-send", resident_case, "case")).content.decode()
    assert COMPLAINANT in form
    assert WITNESS not in form
    assert PERPETRATOR not in form
    diary = client.get(url("resident-link-send", resident_case, "diary")).content.decode()
    assert WITNESS in diary
    assert PERPETRATOR not in diary

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("resident-link-send", resident_case, "case"),
            {"party": complainant.pk, "version": resident_case.version},
        )

    assert response.status_code == 302
    assert response["Location"].endswith("#residents")
    [email] = mail.outbox
    assert email.to == [COMPLAINANT_EMAIL]
    assert ResidentLink.objects.get().party == complainant
    assert f"Link sent to {COMPLAINANT}" in client.get(response["Location"]).content.decode()


def test_a_stale_page_sends_no_link(resident_case, people, sign_in, django_capture_on_commit_callbacks):
    client = sign_in(people.officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("resident-link-send", resident_case, "case"),
            {"party": party(resident_case, "complainant").pk, "version": resident_case.version - 1},
        )

    assert response.status_code == 200
    assert "Someone changed this case" in response.content.decode()
    assert mail.outbox == []


def test_an_unknown_kind_of_link_is_not_found(resident_case, people, sign_in):
    assert sign_in(people.officer).get(url("resident-link-send", resident_case, "everything")).status_code == 404


# -- revoking ---------------------------------------------------------------------------------------------


def test_the_revoke_button_stops_the_link(resident_case, people, sign_in):
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")

    response = sign_in(people.officer).post(
        url("resident-link-revoke", resident_case, link.pk), {"version": resident_case.version}
    )

    assert response.status_code == 302
    assert not links.is_live(ResidentLink.objects.get(pk=link.pk))


def test_a_link_already_revoked_says_so(resident_case, people, sign_in):
    link = links.revoke(
        link=links.issue(party=party(resident_case, "complainant"), purpose="case"), actor=people.officer
    )

    response = sign_in(people.officer).post(
        url("resident-link-revoke", resident_case, link.pk), {"version": resident_case.version}
    )

    assert response.status_code == 200
    assert "already revoked" in response.content.decode()


# -- updates ----------------------------------------------------------------------------------------------


def test_an_update_is_sent_from_its_page(resident_case, people, sign_in, django_capture_on_commit_callbacks):
    client = sign_in(people.officer)
    complainant = party(resident_case, "complainant")
    assert f'value="{complainant.pk}"' in client.get(url("resident-update", resident_case)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("resident-update", resident_case),
            {
                "party": complainant.pk,
                "message": "We have written to your neighbour.",
                "version": resident_case.version,
            },
        )

    assert response.status_code == 302
    [email] = mail.outbox
    assert "We have written to your neighbour." in email.body
    assert Contact.objects.get().purpose == "update"
    page = page_of(client, resident_case)
    assert "Update on the case" in section(page, "residents")


def test_an_update_naming_the_other_party_is_shown_at_the_message(
    resident_case, people, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(people.officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("resident-update", resident_case),
            {
                "party": party(resident_case, "complainant").pk,
                "message": f"We warned {PERPETRATOR}.",
                "version": resident_case.version,
            },
        )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_message"' in body  # in the error summary, linked to the field
    assert "names someone else on the case" in body or "take out" in body
    assert mail.outbox == []
    assert not Contact.objects.exists()


# -- who may --------------------------------------------------------------------------------------------------


def test_the_contact_centre_sees_the_section_but_cannot_act(resident_case, people, sign_in):
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")
    client = sign_in(people.contact_centre)

    page = page_of(client, resident_case)
    assert "Residents online" in section(page, "residents")
    assert url("resident-link-revoke", resident_case, link.pk) not in page
    assert url("resident-update", resident_case) not in page

    assert client.get(url("resident-link-send", resident_case, "case")).status_code == 403
    assert client.get(url("resident-update", resident_case)).status_code == 403
    revoke = client.post(url("resident-link-revoke", resident_case, link.pk), {"version": resident_case.version})
    assert revoke.status_code == 403
    assert links.is_live(ResidentLink.objects.get(pk=link.pk))


def test_an_officer_of_another_team_finds_nothing(resident_case, people, sign_in):
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")
    client = sign_in(people.outsider)

    assert client.get(url("resident-link-send", resident_case, "case")).status_code == 404
    assert client.get(url("resident-update", resident_case)).status_code == 404
    assert client.post(url("resident-link-revoke", resident_case, link.pk), {"version": 1}).status_code == 404
    assert links.is_live(ResidentLink.objects.get(pk=link.pk))


def test_a_link_on_another_case_is_not_found(resident_case, people, sign_in):
    from tests.cases.helpers import open_case

    other = open_case(people.contact_centre, owner=people.officer)
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")

    response = sign_in(people.officer).post(url("resident-link-revoke", other, link.pk), {"version": other.version})

    assert response.status_code == 404


def test_the_revoke_page_asks_first_and_the_update_page_says_when_nobody_can_be_emailed(resident_case, people, sign_in):
    from tests.cases.helpers import open_case

    client = sign_in(people.officer)
    link = links.issue(party=party(resident_case, "complainant"), purpose="case")

    asked = client.get(url("resident-link-revoke", resident_case, link.pk)).content.decode()
    assert "Revoke the link" in asked
    assert COMPLAINANT in asked

    no_email = open_case(people.contact_centre, owner=people.officer)
    page = client.get(url("resident-update", no_email)).content.decode()
    assert "Nobody on this case can be emailed an update" in page
    assert url("resident-update", no_email) not in page_of(client, no_email)
