"""The report form: everything a caller or an officer tells us, parsed into the intake service's ReportInput.

The form only parses; the pack's triage and the intake services decide what is ASB, how urgent it is,
and what a case needs (ARCHITECTURE.md). The few checks here are about turning text into the inputs the
service takes: an address needs its first line and postcode together, a named person needs a name.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from casework.cases.choices import Channel, ContactMethod, PartyRole
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput, ReportInput
from casework.domain.packs import PolicyPack
from casework.web.forms.base import GovForm, datetime_local

RESIDENT = "resident"
ADVOCATE = "advocate"
THIRD_PARTY = "third-party"
ANONYMOUS = "anonymous"

REPORTER_CHOICES = [
    (RESIDENT, "The resident themselves"),
    (ADVOCATE, "An advocate on the resident’s behalf"),
    (THIRD_PARTY, "A third party (for example a councillor, support worker or the police)"),
    (ANONYMOUS, "Someone who does not want to give their name (anonymous)"),
]

#: How someone can be contacted, from the contact methods a person can prefer.
PREFERRED_CONTACT_CHOICES = [
    ("", "No preference"),
    *[(m.value, m.label) for m in (ContactMethod.PHONE, ContactMethod.EMAIL, ContactMethod.TEXT, ContactMethod.LETTER)],
]

#: The party role the person reporting takes on the case, by who they are.
REPORTER_ROLE = {RESIDENT: PartyRole.COMPLAINANT, ADVOCATE: PartyRole.ADVOCATE, THIRD_PARTY: PartyRole.AGENCY}


def _text(label: str, max_length: int, help_text: str = "", **attrs: str) -> forms.CharField:
    widget = forms.TextInput(attrs=attrs) if attrs else None
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text, widget=widget)


def _long_text(label: str, help_text: str = "", required: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": str(rows)})
    )


def _names(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportForm(GovForm):
    service_fields: ClassVar[dict[str, str]] = {
        "address": "address_line1",
        "address.line1": "address_line1",
        "address.postcode": "address_postcode",
        "name": "reporter_name",
    }

    # How the report reached us
    channel = forms.ChoiceField(label="How did the report reach us?", choices=Channel.choices, widget=forms.RadioSelect)
    received_at = forms.DateTimeField(
        label="When did we receive it?",
        required=False,
        widget=datetime_local(),
        help_text="Leave this empty if the report came in just now.",
    )

    # Who is reporting
    reporter_kind = forms.ChoiceField(label="Who is reporting?", choices=REPORTER_CHOICES, widget=forms.RadioSelect)
    reporter_name = _text("Their full name", 200, autocomplete="off")
    reporter_organisation = _text(
        "Their organisation", 200, "For an advocate or a third party: the organisation or office they work for."
    )
    reporter_phone = _text("Phone number", 30, autocomplete="off", type="tel")
    reporter_email = forms.EmailField(label="Email address", max_length=254, required=False)
    reporter_preferred_contact = forms.ChoiceField(
        label="How do they prefer to be contacted?",
        choices=PREFERRED_CONTACT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    reporter_safe_times = _text("Safe times to call", 200, "For example “weekdays after 6pm”.")

    # The resident, when someone else reports for them
    resident_name = _text(
        "The resident’s full name", 200, "Only when an advocate or a third party reports for a resident."
    )
    resident_phone = _text("The resident’s phone number", 30, autocomplete="off", type="tel")
    resident_email = forms.EmailField(label="The resident’s email address", max_length=254, required=False)
    consent_to_share = forms.BooleanField(
        label="The resident agrees that we may share their details with the person reporting for them",
        required=False,
    )

    # What happened
    types = forms.MultipleChoiceField(
        label="What kind of behaviour is it?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    other_types = forms.MultipleChoiceField(
        label="Or is it something the policy does not treat as anti-social behaviour?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The caller will be given the policy’s advice and it is recorded as an "
        "enquiry, not a case.",
    )
    hate_related = forms.BooleanField(
        label="The person reporting believes it is motivated by hate (for example race, religion, disability, "
        "sexual orientation or gender identity)",
        required=False,
    )
    summary = _long_text("What happened?", "In the words of the person reporting.", required=True, rows=6)
    occurred_at = forms.DateTimeField(
        label="When did it happen?", required=False, widget=datetime_local(), help_text="Leave this empty if not known."
    )

    # Where
    address_line1 = _text("Address line 1", 200, autocomplete="off")
    address_line2 = _text("Address line 2", 200, autocomplete="off")
    address_town = _text("Town or city", 100, autocomplete="off")
    address_postcode = _text("Postcode", 10, autocomplete="off")
    address_uprn = _text("UPRN", 12, "The property’s Unique Property Reference Number, if known.")
    address_estate = _text("Estate", 100)
    location = _text(
        "Or describe where it happened", 200, "For a place with no address, for example “the car park behind Block C”."
    )

    # Who is involved
    perpetrator_names = _long_text(
        "Names of the people causing the problem", "One name on each line. Leave this empty if not known.", rows=3
    )
    perpetrator_description = _long_text(
        "Describe the people causing the problem", "For example where they live, what they look like, or their car."
    )
    witness_names = _long_text("Names of any witnesses", "One name on each line.", rows=3)

    # Impact
    impact = _long_text("How is it affecting the person reporting and their household?")

    # Only the officer's choice where the pack lets them choose; asked for on the triage page.
    priority = forms.ChoiceField(label="Choose the priority", required=False, widget=forms.RadioSelect)

    #: Messages where the label, a question, would read badly in "Enter …" or "Choose …".
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "channel": {"required": "Choose how the report reached us"},
        "reporter_kind": {"required": "Choose who is reporting"},
        "summary": {"required": "Enter what happened"},
        "received_at": {"invalid": "Enter a real date and time for when we received the report"},
        "occurred_at": {"invalid": "Enter a real date and time for when it happened"},
        "reporter_email": {"invalid": "Enter an email address in the correct format, like name@example.com"},
        "resident_email": {"invalid": "Enter an email address in the correct format, like name@example.com"},
    }

    def __init__(self, *args: Any, pack: PolicyPack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pack = pack
        for name, wording in self.messages.items():
            self.fields[name].error_messages.update(wording)
        self.fields["types"].choices = [(t.id, t.label) for t in pack.types]  # type: ignore[attr-defined]
        self.fields["other_types"].choices = [(n.id, n.label) for n in pack.not_asb]  # type: ignore[attr-defined]
        self.fields["priority"].choices = [(p.id, p.label) for p in pack.priorities]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("reporter_kind")
        if kind and kind != ANONYMOUS and not cleaned.get("reporter_name"):
            self.add_error("reporter_name", "Enter the name of the person reporting, or choose anonymous")
        line1, postcode = cleaned.get("address_line1"), cleaned.get("address_postcode")
        if line1 and not postcode and "address_postcode" not in self.errors:
            self.add_error("address_postcode", "Enter the postcode of the address")
        if postcode and not line1 and "address_line1" not in self.errors:
            self.add_error("address_line1", "Enter the first line of the address")
        for field in ("perpetrator_names", "witness_names"):
            if any(len(name) > 200 for name in _names(cleaned.get(field, ""))):
                self.add_error(field, "Each name must be 200 characters or fewer")
        return cleaned

    # -- what the intake services take ------------------------------------------------------------
    def report(self, *, with_priority: bool = True) -> ReportInput:
        """The report as the intake services take it (without the officer's priority if asked). Form valid only."""
        data = self.cleaned_data
        anonymous = data["reporter_kind"] == ANONYMOUS
        return ReportInput(
            types=[*data["types"], *data["other_types"]],
            channel=data["channel"],
            summary=self._summary(),
            received_at=data.get("received_at"),
            occurred_at=data.get("occurred_at"),
            address=self.address(),
            location=data.get("location", ""),
            hate_related=data.get("hate_related", False),
            anonymous=anonymous,
            impact=data.get("impact", ""),
            priority=(data.get("priority") or None) if with_priority else None,
            parties=self._parties(anonymous),
        )

    def address(self) -> AddressInput | None:
        data = self.cleaned_data
        if not data.get("address_line1"):
            return None
        return AddressInput(
            line1=data["address_line1"],
            postcode=data["address_postcode"],
            line2=data.get("address_line2", ""),
            town=data.get("address_town", ""),
            uprn=data.get("address_uprn", ""),
            estate=data.get("address_estate", ""),
        )

    def _summary(self) -> str:
        # A case has no field of its own for what the people involved are like; the reporter's
        # description of them belongs with the rest of what they said.
        summary: str = self.cleaned_data["summary"].strip()
        described = self.cleaned_data.get("perpetrator_description", "").strip()
        return f"{summary}\n\nWho is involved: {described}" if described else summary

    def _parties(self, anonymous: bool) -> list[PartyInput]:
        data = self.cleaned_data
        parties: list[PartyInput] = []
        if not anonymous:
            kind = data["reporter_kind"]
            reporter = PersonInput(
                name=data["reporter_name"],
                phone=data.get("reporter_phone", ""),
                email=data.get("reporter_email", ""),
                preferred_contact=data.get("reporter_preferred_contact", ""),
                safe_contact_times=data.get("reporter_safe_times", ""),
                organisation=data.get("reporter_organisation", "") if kind != RESIDENT else "",
            )
            consent = bool(data.get("consent_to_share"))
            if kind == RESIDENT:
                parties.append(PartyInput(person=reporter, role=PartyRole.COMPLAINANT))
            else:
                resident_named = bool(data.get("resident_name"))
                if resident_named:
                    resident = PersonInput(
                        name=data["resident_name"],
                        phone=data.get("resident_phone", ""),
                        email=data.get("resident_email", ""),
                    )
                    parties.append(PartyInput(person=resident, role=PartyRole.COMPLAINANT, consent_to_share=consent))
                # With no resident named, the consent they gave is kept with the person who reports it.
                role = REPORTER_ROLE[kind]
                parties.append(PartyInput(person=reporter, role=role, consent_to_share=consent and not resident_named))
        parties += [
            PartyInput(person=PersonInput(name=name), role=PartyRole.ALLEGED_PERPETRATOR)
            for name in _names(data.get("perpetrator_names", ""))
        ]
        parties += [
            PartyInput(person=PersonInput(name=name), role=PartyRole.WITNESS)
            for name in _names(data.get("witness_names", ""))
        ]
        return parties

    def names(self) -> list[str]:
        """Everyone the report names, for the duplicate check."""
        return [party.person.name for party in self._parties(self.cleaned_data["reporter_kind"] == ANONYMOUS)]
