"""Forms for writing a letter: which letter, who to, what the officer adds, and how it is sent.

The letter's kind decides the questions (`LetterKind.asks`: a placeholder's dotted name and what to ask).
A form field cannot be named with a dot, so `appointment.at` is the field `appointment__at`; the mapping
back is kept on the form so a service's refusal naming `appointment.at` is shown at that field.

Every question is optional here: whether a value is needed is the letter's business (a missing one is the
service's InvalidInput, naming it), so the form only turns what was typed into dates, times and text.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from casework.cases.models import Party
from casework.domain.letters import LetterKind
from casework.errors import CaseworkError
from casework.web.forms.base import GovForm
from casework.web.forms.steps_records import CaseStepForm, moment

#: How a sent letter went out, as the service takes it.
METHODS = [("post", "By post"), ("email", "By email"), ("hand", "By hand")]

#: Asks answered in a few words: a one-line box. Everything else is a paragraph or more.
SHORT_ASKS = frozenset({"appointment.place", "mediation.provider", "agreement.length", "plan.contact_frequency"})


def field_name(ask: str) -> str:
    """The form field for a placeholder: `appointment.at` -> `appointment__at`."""
    return ask.replace(".", "__")


def ask_field(ask: str, question: str) -> forms.Field:
    """A date and time for `*.at`, a date for `*_on`, else text (a line, or a box for longer answers)."""
    if ask.endswith(".at"):
        return moment(question, required=False)
    if ask.endswith("_on"):
        return forms.DateField(
            label=question,
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": f"Enter {question.lower()} as a real date"},
        )
    if ask in SHORT_ASKS:
        return forms.CharField(label=question, required=False, max_length=500)
    return forms.CharField(label=question, required=False, widget=forms.Textarea(attrs={"rows": 4}))


def recipient_label(party: Party) -> str:
    return f"{party.person.name} ({party.get_role_display().lower()})"


class LetterChoiceForm(GovForm):
    kind = forms.ChoiceField(label="Which letter do you want to write?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, kinds: Sequence[LetterKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.id, k.label) for k in kinds]  # type: ignore[attr-defined]


class LetterForm(CaseStepForm):
    """One letter: its recipient (asked only when there is a choice), the kind's questions, and the method."""

    service_fields = {"recipient_id": "recipient", "recipient": "recipient"}

    method = forms.ChoiceField(
        label="How will it be sent?",
        choices=METHODS,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only needed to send it. By email sends it to the address we hold for them.",
    )

    def __init__(self, *args: Any, kind: LetterKind, recipients: Iterable[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.recipients = list(recipients)
        fields: dict[str, forms.Field] = {"version": self.fields["version"]}
        if len(self.recipients) > 1:
            fields["recipient"] = forms.ChoiceField(
                label="Who is it to?",
                choices=[(str(p.pk), recipient_label(p)) for p in self.recipients],
                widget=forms.RadioSelect,
            )
        #: The kind's placeholder names by the form field that asks for each.
        self.asks = {field_name(ask): ask for ask, _ in kind.asks}
        for ask, question in kind.asks:
            fields[field_name(ask)] = ask_field(ask, question)
        fields["method"] = self.fields["method"]
        self.fields = fields
        self._label_required_messages()

    def _label_required_messages(self) -> None:
        # GovForm words the "required" message from each label when it is built; the fields set here
        # came after, so word theirs the same way.
        recipient = self.fields.get("recipient")
        if recipient is not None:
            recipient.error_messages["required"] = "Choose who the letter is to"

    def take(self, error: CaseworkError) -> None:
        # A refusal naming a placeholder ("appointment.at") belongs at the field asking for it.
        by_ask = {ask: name for name, ask in self.asks.items()}
        placed = copy.copy(error)
        placed.fields = {by_ask.get(name, name): message for name, message in error.fields.items()}
        super().take(placed)

    @property
    def only_recipient(self) -> Party | None:
        """The one person the letter can go to, when there is no choice to make."""
        return self.recipients[0] if len(self.recipients) == 1 else None

    def recipient_id(self) -> int | None:
        if self.only_recipient is not None:
            return self.only_recipient.pk
        chosen = self.cleaned_data.get("recipient")
        return int(chosen) if chosen else None

    @property
    def asks_recipient(self) -> bool:
        return "recipient" in self.fields

    def inputs(self) -> dict[str, Any]:
        """What the officer typed, by placeholder name. A question left blank is left out: the letter
        then says nothing of it where that is allowed (an appointment not yet arranged) and the service
        names it as missing where it is not."""
        given: dict[str, Any] = {}
        for name, ask in self.asks.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, ""):
                given[ask] = value
        return given

    def ask_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.asks]
