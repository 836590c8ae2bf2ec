"""The canary, on every page and email a resident gets: nobody is shown or sent anyone else's identity.

Staff write the other parties' names, phone numbers, emails and streets into everything a resident could be
shown (the case summary, the action plan, an incident, a contact note, a review's outcome, even a closure
note and a reassignment reason). Then every resident page is read through the complainant's case link and
the witness's diary link, and every email is sent. The complainant's pages and emails must hold nothing of
the witness or the alleged perpetrator; the witness's nothing of the complainant or the alleged
perpetrator; and the alleged perpetrator is never sent anything, nor can be given a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, Party
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.domain.events import LONDON
from casework.errors import InvalidInput
from casework.residents import links, staff
from casework.residents import services as resident_services
from casework.residents.models import LinkPurpose, Notification, ResidentLink
from tests.factories import report
from tests.residents.conftest import (
    COMPLAINANT,
    COMPLAINANT_EMAIL,
    PERPETRATOR,
    PERPETRATOR_PHONE,
    PERPETRATOR_STREET,
    WITNESS,
    WITNESS_EMAIL,
    WITNESS_PHONE,
    party,
)
from tests.residents.helpers import PNG

pytestmark = pytest.mark.django_db

COMPLAINANT_PHONE = "07700 900 284"
COMPLAINANT_STREET = "21 Wintergreen Terrace"
WITNESS_STREET = "3 Thornapple Yard"
PERPETRATOR_EMAIL = "zephyrine.q@example.net"


@dataclass(frozen=True)
class Identity:
    """Everything that would identify one person: a page or email that shows any of it shows them."""

    name: str
    email: str = ""
    phone: str = ""
    street: str = ""
    postcode: str = ""

    def found_in(self, text: str) -> list[str]:
        """Each part of this identity that `text` shows (empty when it shows none)."""
        found = []
        folded = text.casefold()
        for whole in (self.name, self.email, self.street, self.postcode):
            if whole and whole.casefold() in folded:
                found.append(whole)
        # Any part of the name of 3 letters or more, as a word ("Osei", "Fenwick"), in any case.
        for part in re.split(r"[\s\-']+", self.name):
            if len(part) >= 3 and re.search(rf"(?<![^\W\d_]){re.escape(part)}(?![^\W\d_])", text, re.IGNORECASE):
                found.append(part)
        # The phone number however it is spaced or punctuated, and written the international way too.
        digits = re.sub(r"\D", "", self.phone)
        gap = r"[\s().\-]*"
        national = gap.join(digits)
        international = r"\+?44" + gap + r"(?:\(0\)" + gap + ")?" + gap.join(digits[1:])
        if digits and re.search(rf"(?<!\d)(?:{national}|{international})(?!\d)", text):
            found.append(self.phone)
        # The street without its house number ("Larkspur Mews") says where someone lives as well.
        street = re.sub(r"^\d+\w*\s+", "", self.street)
        if street and street.casefold() in folded and self.street not in found:
            found.append(street)
        return found


THE_COMPLAINANT = Identity(COMPLAINANT, COMPLAINANT_EMAIL, COMPLAINANT_PHONE, COMPLAINANT_STREET, "ZZ1 1AC")
THE_WITNESS = Identity(WITNESS, WITNESS_EMAIL, WITNESS_PHONE, WITNESS_STREET, "ZZ1 1AD")
THE_PERPETRATOR = Identity(PERPETRATOR, PERPETRATOR_EMAIL, PERPETRATOR_PHONE, PERPETRATOR_STREET, "ZZ1 1AB")


def everything_about(*people: Identity, spaced: bool = True) -> str:
    """A sentence naming these people with every detail, as an officer might write in a note."""
    parts = []
    for who in people:
        phone = who.phone if spaced else who.phone.replace(" ", "")
        parts.append(f"{who.name} of {who.street}, {who.postcode} ({phone}, {who.email})")
    return "; ".join(parts)


@pytest.fixture
def canary_case(people):
    """An open Places for People case owned by the officer: the complainant (whose home it is), a witness and
    an alleged perpetrator, each with a name, email, phone and address; staff text everywhere names them all."""
    officer = people.officer
    case = services.case_open(
        actor=people.contact_centre,
        report=report(
            address=AddressInput(line1=COMPLAINANT_STREET, postcode=THE_COMPLAINANT.postcode),
            summary=(
                f"Loud music every night. Reported by {everything_about(THE_COMPLAINANT)}. Music from "
                f"{everything_about(THE_PERPETRATOR)}. Seen by {everything_about(THE_WITNESS, spaced=False)}."
            ),
            parties=[
                PartyInput(person=_person(THE_COMPLAINANT), role="complainant"),
                PartyInput(person=_person(THE_WITNESS), role="witness"),
                PartyInput(person=_person(THE_PERPETRATOR), role="alleged-perpetrator"),
            ],
        ),
    )
    ref = case.reference
    if case.owner_id != officer.pk:
        services.case_reassign(actor=people.manager, case=ref, owner_id=officer.pk, reason="Officer's patch")
    complainant, witness = party(case, "complainant"), party(case, "witness")
    everyone = everything_about(THE_COMPLAINANT, THE_WITNESS, THE_PERPETRATOR)
    others = everything_about(THE_WITNESS, THE_PERPETRATOR)
    services.action_plan_item_add(
        actor=officer,
        case=ref,
        for_whom="complainant",
        action=f"Keep a diary; call {WITNESS} on +44 7700 900517 if {PERPETRATOR.split()[0]} starts again",
    )
    services.action_plan_item_add(actor=officer, case=ref, for_whom="landlord", action=f"Interview {others}")
    services.action_plan_item_add(
        actor=officer, case=ref, for_whom="agency", action=f"Statement from {others}", owner_name=WITNESS
    )
    yesterday = timezone.now() - timedelta(days=1)
    # An incident the officer wrote down from the complainant's call, and one from the witness's.
    services.incident_record(
        actor=officer,
        case=ref,
        occurred_at=yesterday,
        description=f"{PERPETRATOR} shouted at {COMPLAINANT}. Also present: {others}",
        impact=f"{COMPLAINANT.split()[0]} could not sleep; {WITNESS.split()[1]} was scared",
        location=f"Outside {PERPETRATOR_STREET}",
        source="phone",
        reported_by_id=complainant.pk,
    )
    services.incident_record(
        actor=officer,
        case=ref,
        occurred_at=yesterday - timedelta(hours=2),
        description=f"Saw {PERPETRATOR} at the door of {everything_about(THE_COMPLAINANT)}",
        impact=f"Worried for {COMPLAINANT.split()[0]}",
        location=f"Outside {COMPLAINANT_STREET}",
        source="phone",
        reported_by_id=witness.pk,
    )
    services.contact_record(
        actor=officer,
        case=ref,
        method="phone",
        outcome="made",
        party_id=complainant.pk,
        notes=f"Discussed {everyone}",
    )
    services.contact_record(actor=officer, case=ref, method="letter", outcome="made", notes=f"Wrote about {others}")
    return Case.objects.get(pk=case.pk)


def _person(who: Identity) -> PersonInput:
    return PersonInput(
        name=who.name, email=who.email, phone=who.phone, address=AddressInput(line1=who.street, postcode=who.postcode)
    )


# -- reading pages and emails as the resident gets them --------------------------------------------------------


def path_of(link: ResidentLink, suffix: str = "") -> str:
    """The link's address on this site (url_for is absolute, on the public site), plus a sub-page."""
    return links.url_for(link).removeprefix("http://testserver") + suffix


def readable(text: str) -> str:
    """The text without the random parts a page or email carries (form tokens, links), which could spell
    anything by chance."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r"/(my-case|diary)/[^/\s\"'<>]+/", r"/\1/TOKEN/", text)


class Reader:
    """What one resident was shown and sent, each with where it came from."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.seen: list[tuple[str, str]] = []

    def get(self, client, path: str, name: str, status: int = 200) -> str:
        response = client.get(path)
        assert response.status_code == status, f"{name}: {path} answered {response.status_code}"
        return self.add(name, response.content.decode())

    def post(self, client, path: str, data: dict, name: str) -> str:
        response = client.post(path, data, follow=True)
        assert response.status_code in (200, 429), f"{name}: {path} answered {response.status_code}"
        return self.add(name, response.content.decode())

    def add(self, name: str, text: str) -> str:
        self.seen.append((name, readable(text)))
        return text

    def assert_shows_nothing_of(self, *others: Identity) -> None:
        leaks = [
            f"{name} shows {found}" for name, text in self.seen for other in others if (found := other.found_in(text))
        ]
        assert not leaks, f"{self.who} was shown someone else's identity:\n  " + "\n  ".join(leaks)


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def diary_entry(when: timezone.datetime, **overrides: str) -> dict[str, str]:
    local = when.astimezone(LONDON)
    return {
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
        "what_happened": "Bass through the wall until 2am",
        "how_it_affected_you": "I could not sleep",
        "where": "My bedroom",
    } | overrides


# -- the tests -------------------------------------------------------------------------------------------------


def test_the_identity_check_finds_every_form_of_a_leak():
    """The canary's own check catches each way an identity could be written, and nothing else."""
    assert THE_PERPETRATOR.found_in("Quillfeather's car") == ["Quillfeather"]
    assert THE_PERPETRATOR.found_in("call 07700-900-463") == [PERPETRATOR_PHONE]
    assert THE_PERPETRATOR.found_in("call +44 (0) 7700 900463") == [PERPETRATOR_PHONE]
    assert THE_PERPETRATOR.found_in("on larkspur mews") == ["Larkspur Mews"]
    assert THE_COMPLAINANT.found_in("Ms OSEI") == ["Osei"]
    assert THE_COMPLAINANT.found_in("closeish, 077009002845, hosei") == []


def test_every_resident_page_and_email_keeps_everyone_else_out(
    client, canary_case, people, django_capture_on_commit_callbacks
):
    ref = canary_case.reference
    complainant, witness = party(canary_case, "complainant"), party(canary_case, "witness")
    perpetrator = party(canary_case, "alleged-perpetrator")
    officer, manager = people.officer, people.manager
    theirs, witnesses = Reader("the complainant"), Reader("the witness")
    yesterday = timezone.now() - timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        # Staff send a link to follow the case, and a diary link to the witness.
        case_link = staff.resident_link_send(actor=officer, case=ref, party_id=complainant.pk, purpose="case")
        diary_link = staff.resident_link_send(actor=officer, case=ref, party_id=witness.pk, purpose="diary")
        # A clean update, the plan sent, a new officer (the reason names people: it is never repeated).
        staff.complainant_update_send(
            actor=officer, case=ref, party_id=complainant.pk, message="We visited the block on Tuesday."
        )
        services.risk_assessment_record(actor=officer, case=ref, answers={"1": "Daily"})
        services.action_plan_send(actor=officer, case=ref, method="email")
        services.case_reassign(
            actor=manager, case=ref, owner_id=people.colleague.pk, reason=f"{PERPETRATOR} knows the officer"
        )
        # The complainant asks for a new link.
        resident_services.new_link_request(reference=ref, email=COMPLAINANT_EMAIL.upper(), client_key="canary")

    # Every page through the complainant's link, with each form's error state and what it shows after.
    theirs.get(client, path_of(case_link), "case page")
    theirs.get(client, path_of(case_link, "diary/"), "diary page")
    theirs.post(client, path_of(case_link, "diary/"), diary_entry(yesterday, what_happened=""), "diary errors")
    theirs.post(client, path_of(case_link, "diary/"), diary_entry(yesterday), "case page after a diary entry")
    theirs.get(client, path_of(case_link, "evidence/"), "evidence page")
    theirs.post(client, path_of(case_link, "evidence/"), {"description": "Nothing chosen"}, "evidence errors")
    upload = {"file": _file("stairwell.png", PNG), "description": "The stairwell"}
    theirs.post(client, path_of(case_link, "evidence/"), upload, "case page after a file")
    theirs.get(client, path_of(case_link, "case-review/"), "case review page")
    theirs.post(client, path_of(case_link, "case-review/"), {}, "case review asked")
    request = canary_case.case_review_requests.get()
    services.case_review_decide(
        actor=manager,
        case=ref,
        request_id=request.pk,
        outcome="threshold-not-met",
        notes=f"Spoke to {everything_about(THE_WITNESS, THE_PERPETRATOR)}",
    )
    theirs.get(client, path_of(case_link, "case-review/"), "case review page, decided")
    theirs.get(client, path_of(case_link, "survey/"), "survey page, case open")

    # Every page through the witness's diary link.
    witnesses.get(client, path_of(diary_link), "witness diary")
    witnesses.post(client, path_of(diary_link), diary_entry(yesterday, time="25:00"), "witness diary errors")
    witnesses.post(client, path_of(diary_link), diary_entry(yesterday), "witness diary after an entry")
    witnesses.get(client, path_of(diary_link).replace("/diary/", "/my-case/"), "case page by diary link", 404)

    # Closing: the closure email, the closed pages, the survey and its thanks.
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close(
            actor=people.colleague, case=ref, reason="resolved", note=f"{PERPETRATOR} moved out of {PERPETRATOR_STREET}"
        )
    theirs.get(client, path_of(case_link), "case page, closed")
    theirs.get(client, path_of(case_link, "diary/"), "diary page, closed")
    theirs.get(client, path_of(case_link, "evidence/"), "evidence page, closed")
    theirs.get(client, path_of(case_link, "survey/"), "survey page")
    theirs.post(client, path_of(case_link, "survey/"), {"comments": "Quick"}, "survey errors")
    theirs.post(client, path_of(case_link, "survey/"), {"satisfaction": "fairly-satisfied"}, "survey thanks")
    witnesses.get(client, path_of(diary_link), "witness diary, closed")

    # The emails, as sent and as kept on the case.
    kinds = set(Notification.objects.filter(case=canary_case).values_list("kind", flat=True))
    assert kinds == {
        "link-sent",
        "diary-link-sent",
        "update",
        "action-plan-sent",
        "officer-changed",
        "case-closed",
        "new-link",
    }
    for message in emails_to(COMPLAINANT_EMAIL):
        theirs.add(f"email “{message.subject}”", f"{message.subject}\n{message.body}")
    for message in emails_to(WITNESS_EMAIL):
        witnesses.add(f"email “{message.subject}”", f"{message.subject}\n{message.body}")
    for notification in Notification.objects.filter(case=canary_case).select_related("party"):
        reader = theirs if notification.party_id == complainant.pk else witnesses
        reader.add(f"kept email “{notification.subject}”", f"{notification.subject}\n{notification.body}")
    assert {tuple(message.to) for message in mail.outbox} == {(COMPLAINANT_EMAIL,), (WITNESS_EMAIL,)}
    assert len(emails_to(COMPLAINANT_EMAIL)) == 6  # link, update, plan, officer, new link, closed
    assert len(emails_to(WITNESS_EMAIL)) == 1  # the diary link

    # The pages really showed what was written (the check is not passing on empty pages).
    shown = dict(theirs.seen)
    assert "Interview [withheld]" in shown["case page"]
    assert "[withheld] shouted at Marigold Fenwick-Osei" in shown["case page"]
    assert "Bass through the wall" in shown["case page after a diary entry"]
    assert "stairwell.png" in shown["case page after a file"]
    assert "Thank you" in shown["survey thanks"]
    assert "Saw [withheld] at the door of [withheld]" in dict(witnesses.seen)["witness diary"]

    theirs.assert_shows_nothing_of(THE_WITNESS, THE_PERPETRATOR)
    witnesses.assert_shows_nothing_of(THE_COMPLAINANT, THE_PERPETRATOR)
    # The witness's page says nothing about the case at all: not even its reference.
    for name, text in witnesses.seen:
        if not name.startswith(("email", "kept email")):
            assert ref not in text, name

    # The alleged perpetrator was sent nothing, and follows nothing.
    assert not emails_to(PERPETRATOR_EMAIL)
    assert not Notification.objects.filter(party=perpetrator).exists()
    assert not ResidentLink.objects.filter(party=perpetrator).exists()
    assert perpetrator not in links.followers(canary_case.pk)


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_report_through_the_public_form_names_nobody_else(client, people, django_capture_on_commit_callbacks):
    """The confirmation page, the acknowledgement email and the new case page, for a report naming who did it."""
    yesterday = (timezone.now().astimezone(LONDON) - timedelta(days=1)).date()
    form = {
        "who": "myself",
        "problems": ["noise"],
        "summary": f"Music every night. {PERPETRATOR} shouts at me.",
        "occurred_on": yesterday.isoformat(),
        "occurred_time": "22:15",
        "impact": f"{PERPETRATOR.split()[1]} scares my children.",
        "address_line1": COMPLAINANT_STREET,
        "address_postcode": THE_COMPLAINANT.postcode,
        "lives_there": "on",
        "involved_name": PERPETRATOR,
        "involved_description": "Tall, with a red car",
        "name": COMPLAINANT,
        "email": COMPLAINANT_EMAIL,
        "phone": COMPLAINANT_PHONE,
        "preferred_contact": "email",
        "safe_contact_times": "Any time",
        "website": "",
    }
    theirs = Reader("the complainant who reported online")

    with django_capture_on_commit_callbacks(execute=True):
        theirs.post(client, reverse("residents:report"), form, "report received page")

    case = Case.objects.get()
    assert Party.objects.filter(case=case, role="alleged-perpetrator", person__name=PERPETRATOR).exists()
    (message,) = mail.outbox
    assert message.to == [COMPLAINANT_EMAIL]
    assert case.reference in message.body
    theirs.add("report received email", f"{message.subject}\n{message.body}")
    theirs.add("report received email, as kept", Notification.objects.get().body)
    (link,) = ResidentLink.objects.filter(case=case)
    theirs.get(client, path_of(link), "case page")
    assert "[withheld] shouts at me" in dict(theirs.seen)["case page"]
    theirs.assert_shows_nothing_of(Identity(PERPETRATOR))


def test_the_alleged_perpetrator_can_never_be_given_a_link_or_sent_an_update(
    client, canary_case, people, django_capture_on_commit_callbacks
):
    ref = canary_case.reference
    perpetrator = party(canary_case, "alleged-perpetrator")

    with django_capture_on_commit_callbacks(execute=True):
        for purpose in LinkPurpose.values:
            with pytest.raises(InvalidInput):
                links.issue(party=perpetrator, purpose=purpose)
            with pytest.raises(InvalidInput):
                staff.resident_link_send(actor=people.officer, case=ref, party_id=perpetrator.pk, purpose=purpose)
        with pytest.raises(InvalidInput):
            staff.complainant_update_send(actor=people.officer, case=ref, party_id=perpetrator.pk, message="Hello")
        # Nor does asking for a new link with their email address on the case send them one.
        resident_services.new_link_request(reference=ref, email=PERPETRATOR_EMAIL, client_key="perpetrator")

    assert not ResidentLink.objects.filter(party=perpetrator).exists()
    assert not mail.outbox
    assert not Notification.objects.exists()

    # The staff pages for sending links and updates do not offer them.
    client.force_login(people.officer)
    for page in (
        reverse("web:resident-link-send", args=[ref, "case"]),
        reverse("web:resident-link-send", args=[ref, "diary"]),
        reverse("web:resident-update", args=[ref]),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert PERPETRATOR not in response.content.decode(), page
