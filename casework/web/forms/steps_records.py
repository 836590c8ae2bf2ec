"""Forms for the steps that record things on a case and change it (contacts, incidents, evidence, parties,
priority, types, owner, links, police disclosures, and the pack's other steps).

Each form only parses what was typed into the values a service takes; the service decides what may be
recorded. Every form carries the case's version, so a change made by someone else meanwhile is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.timezone import localtime

from casework.cases.choices import ContactMethod, ContactOutcome, ContactPurpose, IncidentSource, LinkKind, PartyRole
from casework.cases.models import Incident, Party
from casework.domain.packs import PolicyPack
from casework.errors import CaseworkError
from casework.web.forms.base import DATETIME_LOCAL, GovForm, datetime_local

#: Content types in the words a housing officer knows them by (the settings list MIME types).
FILE_KINDS = {
    "image/jpeg": "JPEG photo",
    "image/png": "PNG image",
    "image/heic": "HEIC photo (iPhone)",
    "image/webp": "WebP image",
    "audio/mpeg": "MP3 audio",
    "audio/mp4": "M4A audio",
    "audio/x-m4a": "M4A audio",
    "audio/wav": "WAV audio",
    "video/mp4": "MP4 video",
    "video/quicktime": "MOV video",
    "application/pdf": "PDF",
    "text/plain": "plain text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document (.docx)",
}

PREFERRED_CONTACT = [("", "Not known"), ("phone", "Phone"), ("email", "Email"), ("letter", "Letter"), ("text", "Text")]


def moment(label: str, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    """A date and time picked with the browser's own control (works without JavaScript)."""
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=datetime_local(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": f"Enter {label.lower()} as a real date and time"},
    )


def party_choices(parties: Iterable[Party], empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(p.pk), f"{p.person.name} ({p.get_role_display()})") for p in parties)]


def optional_id(value: str | None) -> int | None:
    return int(value) if value else None


def file_kinds(content_types: Sequence[str]) -> str:
    names = list(dict.fromkeys(FILE_KINDS.get(t, t) for t in content_types))
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class CaseStepForm(GovForm):
    """Every step form: the version of the case the user saw when the page was loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A hidden field cannot be corrected by the user, so its error belongs at the top of the page.
        if "version" in self.errors:
            del self.errors["version"]
            self.add_error(None, "This page is out of date: go back to the case and start again")
        return cleaned

    def take(self, error: CaseworkError) -> None:
        # Services name a time by its field ("received at is in the future"); on the page the field is a
        # question, so say "the date and time" instead of the field's code name.
        for name in error.fields:
            target = self.service_fields.get(name, name)
            spoken = name.replace("_", " ")
            if isinstance(self.fields.get(target), forms.DateTimeField) and error.message.startswith(spoken + " "):
                self.add_error(target, "The date and time" + error.message[len(spoken) :])
                return
        super().take(error)


class AcknowledgeForm(CaseStepForm):
    method = forms.ChoiceField(
        label="How was the report acknowledged?", choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    at = moment("When was it acknowledged?", required=False, help_text="Leave blank if it was just now.")


class ContactForm(CaseStepForm):
    service_fields = {"party": "party"}

    party = forms.ChoiceField(label="Who was contacted?", required=False)
    method = forms.ChoiceField(label="How?", choices=ContactMethod.choices, widget=forms.RadioSelect)
    purpose = forms.ChoiceField(
        label="What was it about?",
        choices=ContactPurpose.choices,
        initial=ContactPurpose.CONTACT,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        help_text="Only speaking to them counts as contact made; anything else is recorded as an attempt.",
    )
    at = moment("When?", required=False, help_text="Leave blank if it was just now. It cannot be in the future.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, parties: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = party_choices(parties, "Not recorded")  # type: ignore[attr-defined]
        self.fields["method"].error_messages["required"] = "Choose how the contact was made"
        self.fields["outcome"].error_messages["required"] = "Choose what happened"

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "party_id": optional_id(data["party"]),
            "method": data["method"],
            "purpose": data["purpose"],
            "outcome": data["outcome"],
            "at": data["at"],
            "notes": data["notes"],
        }


class IncidentForm(CaseStepForm):
    service_fields = {"reported_by": "reported_by"}

    occurred_at = moment("When did it happen?", help_text="It cannot be in the future.")
    location = forms.CharField(label="Where did it happen?", required=False, max_length=200)
    description = forms.CharField(label="What happened?", widget=forms.Textarea(attrs={"rows": 5}))
    impact = forms.CharField(
        label="How has it affected the people involved?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_by = forms.ChoiceField(label="Who reported it?", required=False)
    source = forms.ChoiceField(
        label="How did we hear about it?", choices=IncidentSource.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, parties: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_by"].choices = party_choices(parties, "Not recorded")  # type: ignore[attr-defined]
        self.fields["occurred_at"].error_messages["required"] = "Enter when it happened"
        self.fields["description"].error_messages["required"] = "Describe what happened"
        self.fields["source"].error_messages["required"] = "Choose how we heard about it"

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": data["occurred_at"],
            "location": data["location"],
            "description": data["description"],
            "impact": data["impact"],
            "reported_by_id": optional_id(data["reported_by"]),
            "source": data["source"],
        }


class EvidenceForm(CaseStepForm):
    service_fields = {"name": "file", "incident": "incident"}

    file = forms.FileField(
        label="Upload a file",
        max_length=None,
        allow_empty_file=True,  # the service says what is wrong with an empty file, in its own words
        error_messages={"required": "Select a file"},
    )
    description = forms.CharField(label="What does it show?", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    incident = forms.ChoiceField(label="Which incident is it about?", required=False)

    def __init__(
        self,
        *args: Any,
        incidents: Iterable[Incident] = (),
        max_bytes: int,
        content_types: Sequence[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields[
            "file"
        ].help_text = (
            f"You can upload a {file_kinds(content_types)}. The file must be smaller than {megabytes(max_bytes)}."
        )
        self.fields["incident"].choices = [  # type: ignore[attr-defined]
            ("", "Not about one incident"),
            *((str(i.pk), f"{localtime(i.occurred_at):%d %b %Y %H:%M}: {i.description[:60]}") for i in incidents),
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory; the service holds what it is given to the same limit.
        if upload is not None and upload.size is not None and upload.size > self.max_bytes:
            raise forms.ValidationError(f"The file must be smaller than {megabytes(self.max_bytes)}")
        return upload


class PartyForm(CaseStepForm):
    service_fields = {"guardian": "guardian_name"}

    role = forms.ChoiceField(
        label="What is their part in the case?", choices=PartyRole.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Full name", max_length=200)
    organisation = forms.CharField(
        label="Organisation", required=False, max_length=200, help_text="For an agency or an advocate."
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(label="Email address", required=False)
    preferred_contact = forms.ChoiceField(
        label="How do they prefer to be contacted?", required=False, choices=PREFERRED_CONTACT
    )
    safe_contact_times = forms.CharField(
        label="When is it safe to contact them?",
        required=False,
        max_length=200,
        help_text="For example, weekdays after 6pm.",
    )
    language = forms.CharField(label="Preferred language", required=False, max_length=50)
    vulnerabilities = forms.CharField(label="Vulnerabilities", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    support_needs = forms.CharField(label="Support needs", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent_to_share = forms.BooleanField(
        label="They consent to us sharing their information with partners", required=False
    )
    consent_to_court_use = forms.BooleanField(
        label="They consent to their evidence being used in court", required=False
    )
    anonymity_requested = forms.BooleanField(label="They asked to stay anonymous", required=False)
    under_18 = forms.BooleanField(label="They are under 18", required=False)
    guardian_name = forms.CharField(
        label="Parent or guardian’s full name",
        required=False,
        max_length=200,
        help_text="Needed for anyone under 18.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Choose their part in the case"
        self.fields["name"].error_messages["required"] = "Enter their full name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The service refuses this too; asking here shows it beside the other mistakes at once.
        if cleaned.get("under_18") and not cleaned.get("guardian_name", "").strip():
            self.add_error("guardian_name", "Enter their parent or guardian’s name: they are under 18")
        return cleaned


class AdvocateForm(CaseStepForm):
    service_fields = {"advocate": "advocate", "resident": "advocate"}

    #: The radio that records that the resident no longer has an advocate.
    NONE = "none"

    advocate = forms.ChoiceField(label="Who is their advocate?", widget=forms.RadioSelect)
    resident_asked = forms.BooleanField(
        label="The resident asked for this themselves",
        required=False,
        help_text="Only the resident can nominate or change their advocate.",
    )

    def __init__(self, *args: Any, advocates: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advocate"].choices = [  # type: ignore[attr-defined]
            *(
                (str(p.pk), p.person.name + (f", {p.person.organisation}" if p.person.organisation else ""))
                for p in advocates
            ),
            (self.NONE, "No advocate"),
        ]
        self.fields["advocate"].error_messages["required"] = "Choose their advocate, or no advocate"

    def advocate_id(self) -> int | None:
        chosen = self.cleaned_data["advocate"]
        return None if chosen == self.NONE else int(chosen)


class PriorityForm(CaseStepForm):
    priority = forms.ChoiceField(label="What is the priority now?", widget=forms.RadioSelect)
    reason = forms.CharField(label="Why is it changing?", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pack: PolicyPack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [(p.id, p.label) for p in pack.priorities]  # type: ignore[attr-defined]
        self.fields["priority"].error_messages["required"] = "Choose the priority"
        self.fields["reason"].error_messages["required"] = "Enter why the priority is changing"


class TypesForm(CaseStepForm):
    types = forms.MultipleChoiceField(
        label="What types of behaviour is the case about?",
        help_text="Select all that apply. They decide which duties apply to the case.",
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label="Why are they changing?", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pack: PolicyPack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = [(t.id, t.label) for t in pack.types]  # type: ignore[attr-defined]
        self.fields["types"].error_messages["required"] = "Choose at least one type of behaviour"
        self.fields["reason"].error_messages["required"] = "Enter why the types are changing"


class ReassignForm(CaseStepForm):
    # The owning role comes from the chosen person's pack role: a refusal of it is about who was chosen.
    service_fields = {"owner_role": "owner"}

    owner = forms.TypedChoiceField(label="Who should own the case?", coerce=int)
    reason = forms.CharField(label="Why is it being reallocated?", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, owners: Sequence[tuple[str, list[tuple[int, str]]]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a member of staff"), *owners]  # type: ignore[attr-defined]
        self.fields["owner"].error_messages["required"] = "Choose who should own the case"
        self.fields["reason"].error_messages["required"] = "Enter why the case is being reallocated"


class LinkForm(CaseStepForm):
    other = forms.CharField(
        label="Reference of the other case", max_length=20, help_text="For example, ASB-2025-000123."
    )
    kind = forms.ChoiceField(
        label="How are they linked?",
        choices=[
            (LinkKind.RELATED, "Related: they are about connected problems"),
            (LinkKind.DUPLICATE, "Duplicate: this case is about the same problem as the other one"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Why are they linked?", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].error_messages["required"] = "Enter the reference of the other case"
        self.fields["kind"].error_messages["required"] = "Choose how the cases are linked"

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip().upper()


class PoliceDisclosureForm(CaseStepForm):
    force = forms.CharField(label="Police force", max_length=100)
    police_reference = forms.CharField(label="Police reference", required=False, max_length=100)
    received_at = moment("When was it received?", help_text="It cannot be in the future.")
    content = forms.CharField(
        label="What did the police disclose?",
        help_text="Only operations managers will be able to read this.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["force"].error_messages["required"] = "Enter the police force"
        self.fields["received_at"].error_messages["required"] = "Enter when it was received"
        self.fields["content"].error_messages["required"] = "Enter what the police disclosed"


class StepForm(CaseStepForm):
    at = moment("When was it done?", required=False, help_text="Leave blank if it was just now.")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 4}))
