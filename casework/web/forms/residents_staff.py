"""Forms for what staff do for residents online: send a link, revoke one, send an update by email.

Each only parses what was typed; the services (casework/residents/staff.py) decide who may be sent what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from casework.cases.models import Party
from casework.residents.staff import UPDATE_MAX_LENGTH
from casework.web.forms.steps_records import CaseStepForm


def _who(parties: Iterable[Party]) -> list[tuple[str, str]]:
    return [(str(p.pk), f"{p.person.name} ({p.get_role_display().lower()}), {p.person.email}") for p in parties]


class LinkSendForm(CaseStepForm):
    party = forms.ChoiceField(label="Who should we send it to?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, parties: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _who(parties)  # type: ignore[attr-defined]
        self.fields["party"].error_messages["required"] = "Choose who to send the link to"


class LinkRevokeForm(CaseStepForm):
    """Only the version: the link is named by the URL."""


class UpdateForm(CaseStepForm):
    party = forms.ChoiceField(label="Who is the update for?", widget=forms.RadioSelect)
    message = forms.CharField(
        label="Your update",
        max_length=UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write to them as you would in an email: what has happened, what happens next and when you will "
        "next be in touch. Do not name anyone else involved in the case.",
        error_messages={"required": "Enter your update"},
    )

    def __init__(self, *args: Any, parties: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _who(parties)  # type: ignore[attr-defined]
        self.fields["party"].error_messages["required"] = "Choose who the update is for"
