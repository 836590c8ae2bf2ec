"""The public report form: parses what a resident typed into the reporting service's PublicReport.

The service decides what a report needs (casework/residents/reporting.py) and refuses anything else at the
field it names; the form checks only that what is needed is there at all, so a resident sees every gap in
one go rather than one per submission, and limits every text's length.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from casework.cases.choices import Channel, ContactMethod
from casework.domain import residents as plain
from casework.domain.events import LONDON
from casework.domain.packs import PolicyPack
from casework.residents.reporting import ANONYMOUS, LIMITS, MYSELF, SOMEONE_ELSE, PublicReport
from casework.web.forms.base import GovForm

WHO_CHOICES = [
    (MYSELF, "Myself"),
    (SOMEONE_ELSE, "Someone else, who has agreed to me reporting it"),
    (ANONYMOUS, "I want to report it anonymously"),
]

RELATIONSHIP_CHOICES = [
    (Channel.ADVOCATE.value, "I am their advocate or representative: they asked me to act for them"),
    (Channel.THIRD_PARTY.value, "I am reporting it for them, for example as their councillor or support worker"),
]

CONTACT_CHOICES = [
    (ContactMethod.EMAIL.value, "Email"),
    (ContactMethod.PHONE.value, "Phone call"),
    (ContactMethod.TEXT.value, "Text message"),
    (ContactMethod.LETTER.value, "Letter"),
]

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def _text(label: str, name: str, help_text: str = "", **attrs: str) -> forms.CharField:
    limit = LIMITS[name]
    return forms.CharField(
        label=label,
        max_length=limit,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
        error_messages={"max_length": f"{label.rstrip('?')} must be {limit:,} characters or fewer"},
    )


def _long_text(label: str, name: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    limit = LIMITS[name]
    return forms.CharField(
        label=label,
        max_length=limit,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": str(rows)}),
        error_messages={"max_length": f"{label.rstrip('?')} must be {limit:,} characters or fewer"},
    )


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": EMAIL_FORMAT},
    )


class PublicReportForm(GovForm):
    service_fields: ClassVar[dict[str, str]] = {
        "address": "address_line1",
        "address.line1": "address_line1",
        "address.postcode": "address_postcode",
        "types": "problems",
        "priority": "problems",
        "occurred_at": "occurred_on",
    }

    # What is happening
    problems = forms.MultipleChoiceField(
        label="What is the problem?",
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose the problems from the list"},
    )
    entries = forms.MultipleChoiceField(
        label="Our policy’s own list",
        required=False,
        error_messages={"invalid_choice": "Choose from the policy’s list"},
    )
    summary = _long_text(
        "What happened?",
        "summary",
        "Tell us in your own words: what happened, how often it happens, and anything else we should know.",
        rows=8,
    )
    occurred_on = forms.DateField(
        label="When did it last happen?",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, like 27 3 2026"},
    )
    occurred_time = forms.TimeField(
        label="What time? (if you know)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a real time, like 23:30"},
    )
    impact = _long_text("How is it affecting you or your household?", "impact", rows=4)

    # Where
    address_line1 = _text("Building and street", "address_line1", autocomplete="address-line1")
    address_postcode = _text("Postcode", "address_postcode", autocomplete="postal-code")
    lives_there = forms.BooleanField(label="This is where the person affected lives", required=False)
    location = _text("Or describe the place", "location", "For example “the car park behind the shops on Mill Lane”.")

    # Who is involved
    involved_name = _text("Their name, if you know it", "involved_name", autocomplete="off")
    involved_description = _long_text(
        "Describe them, if you can",
        "involved_description",
        "For example where they live, what they look like, or their car.",
        rows=3,
    )

    # Who is reporting
    who = forms.ChoiceField(
        label="Who are you reporting for?",
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are reporting for"},
    )
    relationship = forms.ChoiceField(
        label="How are you reporting for them?", choices=RELATIONSHIP_CHOICES, required=False, widget=forms.RadioSelect
    )
    reporter_name = _text("Your full name", "reporter_name", autocomplete="name")
    reporter_role = _text(
        "Your role or organisation", "reporter_role", "For example “Councillor” or “Support worker, Safe Homes”."
    )
    reporter_email = _email("Your email address")
    reporter_phone = _text("Your phone number", "reporter_phone", type="tel", autocomplete="tel")
    consent = forms.BooleanField(
        label="The person affected has agreed to me reporting this for them and to you contacting me about it",
        required=False,
    )

    # The person affected: how to reach them
    name = _text("Full name", "name", autocomplete="name")
    email = _email("Email address")
    phone = _text("Phone number", "phone", type="tel", autocomplete="tel")
    preferred_contact = forms.ChoiceField(
        label="How should we contact them?", choices=CONTACT_CHOICES, required=False, widget=forms.RadioSelect
    )
    safe_contact_times = _text(
        "When is it safe to contact them?", "safe_contact_times", "For example “weekdays after 6pm” or “never at home”."
    )

    #: A trap for form-filling robots: hidden from people (and screen readers); anything in it means a robot.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, pack: PolicyPack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = plain.offered(pack)
        self.fields["problems"].choices = [(item.id, item.problem.label) for item in self.offered]  # type: ignore[attr-defined]
        self.fields["entries"].choices = plain.pack_list(pack)  # type: ignore[attr-defined]

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("problems") and not data.get("entries") and not self.has_error("problems"):
            self.add_error("problems", "Choose what the problem is")
        if not (data.get("summary") or "").strip() and not self.has_error("summary"):
            self.add_error("summary", "Tell us what happened")
        occurred: date | None = data.get("occurred_on")
        if occurred is None and not self.has_error("occurred_on"):
            self.add_error("occurred_on", "Enter the date it last happened")
        elif occurred is not None and occurred > timezone.now().astimezone(LONDON).date():
            self.add_error("occurred_on", "The date it happened must be today or in the past")
        line1, postcode = data.get("address_line1"), data.get("address_postcode")
        if line1 and not postcode and not self.has_error("address_postcode"):
            self.add_error("address_postcode", "Enter the postcode")
        elif postcode and not line1 and not self.has_error("address_line1"):
            self.add_error("address_line1", "Enter the building and street")
        elif not (line1 or postcode or data.get("location")) and not self.has_error("address_line1"):
            self.add_error("address_line1", "Enter the address, or describe where it happened")
        who = data.get("who")
        if who in (MYSELF, SOMEONE_ELSE) and not data.get("name") and not self.has_error("name"):
            self.add_error("name", "Enter the name of the person affected, or choose to report anonymously")
        if who == SOMEONE_ELSE:
            if not data.get("relationship") and not self.has_error("relationship"):
                self.add_error("relationship", "Choose how you are reporting for them")
            if not data.get("reporter_name") and not self.has_error("reporter_name"):
                self.add_error("reporter_name", "Enter your own full name")
            if not data.get("consent"):
                self.add_error("consent", "Confirm that the person affected agreed to you reporting this for them")
        return data

    def report(self) -> PublicReport:
        """The report as the service takes it. Valid forms only."""
        data = self.cleaned_data
        anonymous = data["who"] == ANONYMOUS
        someone_else = data["who"] == SOMEONE_ELSE

        def theirs(name: str) -> str:
            # What an anonymous reporter typed before choosing anonymity is not sent on.
            return "" if anonymous else str(data.get(name) or "")

        def reporters(name: str) -> str:
            return str(data.get(name) or "") if someone_else else ""

        return PublicReport(
            who=data["who"],
            problems=list(data.get("problems") or []),
            entries=list(data.get("entries") or []),
            summary=data.get("summary") or "",
            occurred_on=data.get("occurred_on"),
            occurred_time=data.get("occurred_time"),
            address_line1=data.get("address_line1") or "",
            address_postcode=data.get("address_postcode") or "",
            location=data.get("location") or "",
            lives_there=bool(data.get("lives_there")) and not anonymous,
            impact=data.get("impact") or "",
            involved_name=data.get("involved_name") or "",
            involved_description=data.get("involved_description") or "",
            name=theirs("name"),
            email=theirs("email"),
            phone=theirs("phone"),
            preferred_contact=theirs("preferred_contact"),
            safe_contact_times=theirs("safe_contact_times"),
            relationship=reporters("relationship"),
            reporter_name=reporters("reporter_name"),
            reporter_role=reporters("reporter_role"),
            reporter_email=reporters("reporter_email"),
            reporter_phone=reporters("reporter_phone"),
            consent=bool(data.get("consent")) and someone_else,
        )

    # -- for the template: the problem checkboxes carry a hint each, so the template draws them ---------
    def problem_options(self) -> list[dict[str, Any]]:
        chosen = set(self["problems"].value() or [])
        return [
            {
                "id": "id_problems" if index == 0 else f"id_problems-{index}",
                "value": item.id,
                "label": item.problem.label,
                "hint": item.problem.hint,
                "checked": item.id in chosen,
            }
            for index, item in enumerate(self.offered)
        ]

    @property
    def entries_chosen(self) -> bool:
        """Whether to show the policy's own list open: the resident chose from it (or it has an error)."""
        return bool(self["entries"].value()) or self.has_error("entries")

    def entry_options(self) -> list[dict[str, Any]]:
        chosen = set(self["entries"].value() or [])
        return [
            {"id": f"id_entries-{index}", "value": value, "label": label, "checked": value in chosen}
            for index, (value, label) in enumerate(self.fields["entries"].choices)  # type: ignore[attr-defined]
        ]
