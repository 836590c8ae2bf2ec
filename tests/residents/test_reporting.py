"""The public report service: a resident's report becomes a case (or an enquiry), with the right people,
priority and channel, an acknowledgement email with a link, and nothing at all when something is wrong."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from casework.cases.models import Case, CaseEvent, Enquiry, Obligation, Party, Person
from casework.domain.events import LONDON
from casework.errors import InvalidInput
from casework.residents import reporting
from casework.residents.models import Notification, NotificationKind, ResidentLink
from casework.residents.notify import LINK_PLACEHOLDER
from casework.residents.reporting import ANONYMOUS, MYSELF, SOMEONE_ELSE, PublicReport, report_submit

RESIDENT = "Philippa Okonkwo-Hart"
RESIDENT_EMAIL = "philippa.oh@example.org"
INVOLVED = "Barnaby Thistlewood"
ADVOCATE = "Councillor Rosalind Achterberg"
ADVOCATE_EMAIL = "cllr.achterberg@example.gov.uk"


def yesterday() -> date:
    return timezone.now().astimezone(LONDON).date() - timedelta(days=1)


def public_report(**overrides) -> PublicReport:
    """A resident reporting loud music for themselves, with an email, naming who is involved."""
    values = {
        "who": MYSELF,
        "problems": ["noise"],
        "summary": "Music so loud the windows shake, every night this week.",
        "occurred_on": yesterday(),
        "occurred_time": time(23, 30),
        "address_line1": "4 Harebell Close",
        "address_postcode": "ZZ2 2BB",
        "lives_there": True,
        "impact": "My children cannot sleep.",
        "involved_name": INVOLVED,
        "name": RESIDENT,
        "email": RESIDENT_EMAIL,
        "phone": "07700 900 123",
        "preferred_contact": "phone",
        "safe_contact_times": "Weekdays after 6pm",
    }
    values.update(overrides)
    return PublicReport(**values)


def submit(capture, **overrides):
    with capture(execute=True):
        return report_submit(report=public_report(**overrides))


def nothing_written() -> bool:
    return not (
        Case.objects.exists()
        or Party.objects.exists()
        or Person.objects.exists()
        or Enquiry.objects.exists()
        or Notification.objects.exists()
        or ResidentLink.objects.exists()
    )


def test_a_report_opens_a_case_in_the_packs_type_with_the_residents_details(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks)

    case = outcome.case
    assert outcome.is_asb
    assert case.channel == "web"
    assert not case.anonymous
    assert list(case.types.values_list("type_id", flat=True)) == ["noise-nuisance"]
    complainant = case.parties.get(role="complainant")
    assert complainant.person.name == RESIDENT
    assert (complainant.person.preferred_contact, complainant.person.safe_contact_times) == (
        "phone",
        "Weekdays after 6pm",
    )
    assert complainant.person.address.line1 == "4 Harebell Close"
    assert case.parties.get(role="alleged-perpetrator").person.name == INVOLVED
    incident = case.incidents.get()
    assert incident.impact == "My children cannot sleep."
    assert incident.source == "web"
    assert incident.reported_by == complainant
    assert incident.occurred_at.astimezone(LONDON).time() == time(23, 30)
    assert "Reported online as: Noise." in case.summary


def test_a_priority_the_pack_leaves_to_an_officer_starts_at_the_most_urgent_offered(
    people, django_capture_on_commit_callbacks
):
    # Places for People's noise nuisance is medium or low, the officer's choice.
    outcome = submit(django_capture_on_commit_callbacks)

    assert outcome.case.priority == "medium"


def test_hate_is_always_the_most_urgent(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks, problems=["hate"])

    assert outcome.case.hate_related
    assert outcome.case.priority == "high"


def test_the_confirmation_email_carries_the_reference_the_officer_and_a_link(
    people, django_capture_on_commit_callbacks
):
    people.officer.first_name, people.officer.last_name = "Nadia", "Fairweather"
    people.officer.save()

    # Asking for email as well: the confirmation is the one email (staff-opened cases get theirs from events.py).
    outcome = submit(django_capture_on_commit_callbacks, preferred_contact="email")

    case = outcome.case
    assert case.owner == people.officer
    assert outcome.officer == "Nadia Fairweather"
    [email] = mail.outbox
    assert email.to == [RESIDENT_EMAIL]
    assert case.reference in email.subject
    assert case.reference in email.body
    assert "Nadia Fairweather" in email.body
    link = ResidentLink.objects.get(case=case)
    assert link.party.role == "complainant"
    assert link.email == RESIDENT_EMAIL
    assert "http://testserver/my-case/" in email.body
    stored = Notification.objects.get(case=case)
    assert stored.kind == NotificationKind.REPORT_RECEIVED
    assert stored.to == RESIDENT_EMAIL
    assert LINK_PLACEHOLDER in stored.body
    assert "http://testserver/my-case/" not in stored.body
    assert outcome.emailed


def test_the_email_and_outcome_say_when_we_will_be_in_touch(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks)

    duty = Obligation.objects.get(case=outcome.case, kind="first-contact")
    assert outcome.next_contact == duty.due_date
    assert f"{duty.due_date:%B} {duty.due_date.year}" in mail.outbox[0].body


def test_the_email_is_the_acknowledgement_the_pack_asks_for(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks)

    acknowledged = CaseEvent.objects.get(case=outcome.case, verb="acknowledged")
    assert acknowledged.payload == {"method": "email"}
    assert Obligation.objects.get(case=outcome.case, kind="acknowledge").state in {"met", "met-late"}


def test_no_email_address_means_no_email_and_no_acknowledgement(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks, email="")

    assert outcome.case is not None
    assert not outcome.emailed
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not ResidentLink.objects.exists()
    assert not CaseEvent.objects.filter(case=outcome.case, verb="acknowledged").exists()


def test_an_anonymous_report_names_nobody_who_reported_it(people, django_capture_on_commit_callbacks):
    # Details typed before choosing "anonymous" are not kept.
    outcome = submit(django_capture_on_commit_callbacks, who=ANONYMOUS, lives_there=False)

    case = outcome.case
    assert case.anonymous
    assert outcome.anonymous
    assert not case.parties.filter(role="complainant").exists()
    assert not Person.objects.filter(name=RESIDENT).exists()
    assert not Person.objects.filter(email=RESIDENT_EMAIL).exists()
    assert mail.outbox == []
    assert not outcome.emailed
    assert case.parties.get().role == "alleged-perpetrator"


def test_an_advocate_reports_for_a_resident_with_their_consent(people, django_capture_on_commit_callbacks):
    outcome = submit(
        django_capture_on_commit_callbacks,
        who=SOMEONE_ELSE,
        relationship="advocate",
        reporter_name=ADVOCATE,
        reporter_role="Support worker",
        reporter_email=ADVOCATE_EMAIL,
        consent=True,
    )

    case = outcome.case
    assert case.channel == "advocate"
    resident = case.parties.get(role="complainant")
    advocate = case.parties.get(role="advocate")
    assert resident.person.name == RESIDENT
    assert (advocate.person.name, advocate.person.organisation) == (ADVOCATE, "Support worker")
    assert resident.advocate == advocate
    assert CaseEvent.objects.filter(case=case, verb="advocate.nominated", target_id=resident.pk).exists()
    assert "who confirmed that the person affected agreed to it" in case.summary
    # The resident has an email: the link is theirs; their advocate gets a receipt without it.
    assert ResidentLink.objects.get(case=case).party == resident
    to_resident, to_advocate = sorted(mail.outbox, key=lambda m: m.to != [RESIDENT_EMAIL])
    assert "/my-case/" in to_resident.body
    assert "/my-case/" not in to_advocate.body
    assert to_advocate.to == [ADVOCATE_EMAIL]
    assert case.reference in to_advocate.body


def test_a_third_party_follows_the_case_when_the_resident_has_no_email(people, django_capture_on_commit_callbacks):
    outcome = submit(
        django_capture_on_commit_callbacks,
        who=SOMEONE_ELSE,
        relationship="third-party",
        email="",
        reporter_name=ADVOCATE,
        reporter_role="Councillor",
        reporter_email=ADVOCATE_EMAIL,
        consent=True,
    )

    assert outcome.case.channel == "third-party"
    link = ResidentLink.objects.get(case=outcome.case)
    assert link.party.role == "advocate"
    assert link.email == ADVOCATE_EMAIL
    [email] = mail.outbox
    assert email.to == [ADVOCATE_EMAIL]
    assert "/my-case/" in email.body


def test_reporting_for_someone_needs_their_consent(people):
    with pytest.raises(InvalidInput) as refused:
        report_submit(
            report=public_report(who=SOMEONE_ELSE, relationship="advocate", reporter_name=ADVOCATE, consent=False)
        )

    assert "consent" in refused.value.fields
    assert nothing_written()


def test_what_the_pack_does_not_treat_as_asb_is_an_enquiry_and_no_case(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks, problems=[], entries=["footsteps"])

    assert not outcome.is_asb
    assert not Case.objects.exists()
    enquiry = outcome.enquiry
    assert enquiry.types == ["footsteps"]
    assert enquiry.channel == "web"
    assert "footsteps" in enquiry.reason.lower()
    assert enquiry.advice
    assert enquiry.reporter_name == RESIDENT
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"problems": []}, "problems"),
        ({"problems": ["no-such-problem"]}, "problems"),
        ({"summary": "  "}, "summary"),
        ({"summary": "x" * 5001}, "summary"),
        ({"occurred_on": None}, "occurred_on"),
        ({"occurred_on": yesterday() + timedelta(days=3)}, "occurred_on"),
        ({"address_line1": "", "address_postcode": "", "location": ""}, "address_line1"),
        ({"name": ""}, "name"),
        ({"preferred_contact": "email", "email": ""}, "email"),
        ({"preferred_contact": "letter", "lives_there": False}, "lives_there"),
        ({"who": SOMEONE_ELSE, "relationship": "", "reporter_name": ADVOCATE, "consent": True}, "relationship"),
        ({"who": SOMEONE_ELSE, "relationship": "advocate", "consent": True}, "reporter_name"),
    ],
)
def test_a_bad_report_is_refused_at_its_field_and_nothing_is_written(people, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        report_submit(report=public_report(**overrides))

    assert field in refused.value.fields
    assert nothing_written()


def test_a_failure_after_the_case_is_opened_leaves_nothing_behind(people, monkeypatch):
    def refuse(**kwargs):
        raise InvalidInput("the email could not be written")

    monkeypatch.setattr(reporting.notify, "send", refuse)

    with pytest.raises(InvalidInput):
        report_submit(report=public_report())

    assert nothing_written()
    assert not CaseEvent.objects.exists()
    assert mail.outbox == []


def test_a_place_with_no_address_is_described(people, django_capture_on_commit_callbacks):
    outcome = submit(
        django_capture_on_commit_callbacks,
        address_line1="",
        address_postcode="",
        lives_there=False,
        location="The play park behind the shops",
        occurred_time=None,
    )

    assert outcome.case.location == "The play park behind the shops"
    assert outcome.case.address is None
    assert "Time it happened: not given." in outcome.case.summary


def test_a_description_of_who_is_involved_goes_in_the_summary(people, django_capture_on_commit_callbacks):
    outcome = submit(django_capture_on_commit_callbacks, involved_name="", involved_description="Tall man, red van")

    assert not outcome.case.parties.filter(role="alleged-perpetrator").exists()
    assert "Who is involved: Tall man, red van" in outcome.case.summary
