"""Forms a resident fills in through their link: a diary entry, a file, a survey answer, a new link.

Each only parses what was typed; the resident services (casework/residents/services.py) decide what is
recorded and say why not in the resident's words, which `take` puts beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms

from casework.cases.choices import Satisfaction
from casework.domain.events import LONDON
from casework.residents.services import WHERE_MAX
from casework.web.forms.base import GovForm
from casework.web.forms.steps_records import megabytes

#: Kinds of file in the words a resident uses, by the content types settings allow.
FILE_WORDS = {
    "image/jpeg": "photos (JPEG)",
    "image/png": "pictures (PNG)",
    "image/heic": "iPhone photos (HEIC)",
    "image/webp": "pictures (WebP)",
    "audio/mpeg": "sound recordings (MP3)",
    "audio/mp4": "sound recordings (M4A)",
    "audio/x-m4a": "sound recordings (M4A)",
    "audio/wav": "sound recordings (WAV)",
    "video/mp4": "videos (MP4)",
    "video/quicktime": "videos (MOV)",
    "application/pdf": "PDF documents",
    "text/plain": "text files",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word documents (.docx)",
}

#: The TP12 question, word for word as the regulator asks it.
TP12_QUESTION = "How satisfied or dissatisfied are you with our approach to handling anti-social behaviour?"


def file_words(content_types: Sequence[str]) -> str:
    names = list(dict.fromkeys(FILE_WORDS.get(t, t) for t in content_types))
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


class DiaryForm(GovForm):
    """One diary entry: when it happened, what happened, how it affected you, and where."""

    service_fields = {"occurred_at": "date", "what_happened": "what_happened", "where": "where"}

    date = forms.DateField(
        label="Date it happened",
        help_text="If you are not sure of the exact date, give your best guess.",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y"],
        error_messages={"required": "Enter the date it happened", "invalid": "Enter the date as a real date"},
    )
    time = forms.TimeField(
        label="Time it happened",
        help_text="For example, 9:30pm or 21:30.",
        widget=forms.TimeInput(attrs={"type": "time", "autocomplete": "off"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I%p", "%I %p"],
        error_messages={"required": "Enter the time it happened", "invalid": "Enter the time as a real time"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Say what you saw or heard, and who was involved if you know.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us what happened"},
    )
    how_it_affected_you = forms.CharField(
        label="How did it affect you?",
        required=False,
        help_text="For example, you could not sleep, or you felt scared to go out.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    where = forms.CharField(
        label="Where did it happen?",
        required=False,
        max_length=WHERE_MAX,
        help_text="For example, outside my front door, or in the car park.",
        error_messages={"max_length": f"Where it happened must be {WHERE_MAX} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # GovForm's own wording reads "Enter date it happened"; these say it better.
        self.fields["date"].error_messages["required"] = "Enter the date it happened"
        self.fields["time"].error_messages["required"] = "Enter the time it happened"
        self.fields["what_happened"].error_messages["required"] = "Tell us what happened"

    def occurred_at(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["date"], data["time"], tzinfo=LONDON)

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": self.occurred_at(),
            "what_happened": data["what_happened"],
            "how_it_affected_you": data["how_it_affected_you"],
            "where": data["where"],
        }


class EvidenceForm(GovForm):
    """A file to send, with what it shows."""

    file = forms.FileField(
        label="Choose a file",
        max_length=None,
        allow_empty_file=True,  # the service says the file is empty, in the resident's words
        error_messages={"required": "Choose a file to send"},
    )
    description = forms.CharField(
        label="What does it show?",
        required=False,
        max_length=2000,
        help_text="For example, the date and time you took it, and what we can see or hear.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, max_bytes: int, content_types: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields[
            "file"
        ].help_text = (
            f"You can send {file_words(content_types)}. Each file must be smaller than {megabytes(max_bytes)}."
        )
        self.fields["file"].error_messages["required"] = "Choose a file to send"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Refused on the size the upload declares, before the file is read into memory.
        if upload is not None and upload.size is not None and upload.size > self.max_bytes:
            raise forms.ValidationError(f"The file must be smaller than {megabytes(self.max_bytes)}")
        return upload


class ConfirmForm(GovForm):
    """A button with nothing to fill in (ask for a review): only a service's refusal is shown on it."""


class SurveyForm(GovForm):
    satisfaction = forms.ChoiceField(label=TP12_QUESTION, choices=Satisfaction.choices, widget=forms.RadioSelect)
    comments = forms.CharField(
        label="Is there anything you would like to tell us about how we dealt with your case?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].error_messages["required"] = "Choose how satisfied or dissatisfied you are"


class NewLinkForm(GovForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        help_text="It is in the emails we sent you and starts with ASB, for example ASB-2027-000123.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The email address we have been sending your case emails to.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].error_messages["required"] = "Enter your case reference"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
