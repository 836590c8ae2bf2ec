"""Forms for the planning and decision steps: risk assessment, action plan, interventions, reviews, closure.

They only turn what was typed into the values a service takes; the services decide what is allowed
(a legal intervention needs a proportionality assessment, closing needs the pack's conditions met…).
Every form carries the case's version, so a change someone else made meanwhile is refused, not lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.http import QueryDict

from casework.cases.choices import ActionOwner, ClosureReason, ContactMethod, Decision, ReviewKind
from casework.domain.packs.schema import Intervention as InterventionRule
from casework.domain.packs.schema import RiskMatrix, RiskQuestion
from casework.domain.risk import Answer
from casework.errors import CaseworkError, NotAllowed
from casework.web.forms.base import GovForm, datetime_local


def _when(label: str, *, required: bool = False, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=datetime_local(),
    )


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class StepForm(GovForm):
    """A step on a case: carries the version of the case the user was looking at."""

    #: field -> the message when it is left empty, where the one made from its label reads badly.
    required_messages: ClassVar[dict[str, str]] = {}

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = {"version": "Reload the page: it did not say which version of the case", **self.required_messages}
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.error_messages["invalid"] = "Enter a real date and time"
            elif isinstance(field, forms.DateField):
                field.error_messages["invalid"] = "Enter a real date"

    def keep_version(self, version: int) -> None:
        """After a conflict: keep what was typed, but with the version now stored, so a deliberate retry works."""
        data: QueryDict | dict[str, Any] = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = str(version)
        self.data = data

    def values(self, *names: str) -> dict[str, Any]:
        """The cleaned values named, for a service's keyword arguments."""
        return {name: self.cleaned_data[name] for name in names}


# -- risk assessment -----------------------------------------------------------------------------------


def _points(score: int) -> str:
    return f"{score} point" if abs(score) == 1 else f"{score} points"


def _question_field(question: RiskQuestion) -> forms.Field:
    choices = [(option.label, f"{option.label} ({_points(option.score)})") for option in question.options]
    label = f"{question.number}. {question.text}"
    if question.multiple:
        return forms.MultipleChoiceField(
            label=label,
            choices=choices,
            required=False,
            help_text="Select all that apply, or none",
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": f"Choose from the answers to question {question.number}"},
        )
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Answer question {question.number}",
            "invalid_choice": f"Choose one of the answers to question {question.number}",
        },
    )


class RiskAssessmentForm(StepForm):
    """The pack's risk matrix: one question per field, named by the question's id."""

    def __init__(self, matrix: RiskMatrix, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        for question in matrix.questions:
            self.fields[question.id] = _question_field(question)

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The questions grouped under their section headings, in the pack's order."""
        grouped: list[tuple[str, list[forms.BoundField]]] = []
        for question in self.matrix.questions:
            section = question.section or ""
            if not grouped or grouped[-1][0] != section:
                grouped.append((section, []))
            grouped[-1][1].append(self[question.id])
        return grouped

    def answers(self) -> dict[str | int, Answer]:
        """The answers of a valid form, keyed by question id as the service takes them."""
        return {q.id: self.cleaned_data[q.id] for q in self.matrix.questions if q.id in self.cleaned_data}


def answers_so_far(matrix: RiskMatrix, data: Any) -> dict[str | int, Answer]:
    """Whatever has been answered in submitted data, leaving out anything that is not one of the options.

    Used to show the score while the officer is still answering, so unanswered questions are no error.
    """
    answers: dict[str | int, Answer] = {}
    for question in matrix.questions:
        labels = {option.label for option in question.options}
        given = [value for value in data.getlist(question.id) if value in labels]
        if question.multiple:
            if given:
                answers[question.id] = given
        elif given:
            answers[question.id] = given[0]
    # "Select all that apply" left empty means none apply (saving accepts it); count it as answered once
    # every single-choice question is, so the panel never says "not answered" about a complete form.
    if answers and all(q.id in answers for q in matrix.questions if not q.multiple):
        answers.update({q.id: [] for q in matrix.questions if q.multiple and q.id not in answers})
    return answers


# -- action plan ---------------------------------------------------------------------------------------


class ActionPlanItemForm(StepForm):
    required_messages = {"for_whom": "Choose who the action is for", "action": "Enter what will be done"}

    for_whom = forms.ChoiceField(label="Who is this action for?", choices=ActionOwner.choices, widget=forms.RadioSelect)
    action = _text("What will be done", rows=3)
    owner_name = forms.CharField(
        label="Who will do it", required=False, max_length=200, help_text="For example, a name or a job title"
    )
    due = forms.DateField(label="Due by", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionPlanSendForm(StepForm):
    service_fields = {"action_plan": "method"}
    required_messages = {"method": "Choose how the action plan was sent"}

    method = forms.ChoiceField(
        label="How was the action plan sent?", choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    at = _when("When it was sent", help_text="Leave blank if you are sending it now")


# -- interventions -------------------------------------------------------------------------------------


def precondition_field_name(kind: str) -> str:
    return f"preconditions-{kind}"


class InterventionProposeForm(StepForm):
    """Propose one of the pack's interventions; each kind's preconditions are ticked under that kind."""

    service_fields = {"against_id": "against"}
    required_messages = {"kind": "Choose an intervention", "reason": "Enter why this intervention, and why now"}

    kind = forms.ChoiceField(label="Which intervention?", widget=forms.RadioSelect)
    reason = _text("Why this intervention, and why now")
    proportionality = _text(
        "Proportionality assessment",
        required=False,
        help_text="Needed for legal action: why it is necessary and proportionate, and what else has been tried",
        rows=5,
    )
    against = forms.TypedChoiceField(label="Who is it against?", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        rules: Iterable[InterventionRule],
        perpetrators: Iterable[tuple[int, str]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        self.fields["kind"].choices = [(rule.id, rule.label) for rule in self.rules]  # type: ignore[attr-defined]
        self.fields["against"].choices = [("", "Not one person")] + [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in perpetrators
        ]
        for rule in self.rules:
            if rule.preconditions:
                self.fields[precondition_field_name(rule.id)] = forms.MultipleChoiceField(
                    label=f"Before proposing a {rule.label.lower()}, confirm",
                    choices=[(p.id, p.label) for p in rule.preconditions],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def kinds(self) -> list[tuple[InterventionRule, forms.BoundField | None]]:
        """Each intervention with the field for its preconditions, if it has any."""
        return [(rule, self[precondition_field_name(rule.id)] if rule.preconditions else None) for rule in self.rules]

    def preconditions_confirmed(self) -> list[str]:
        name = precondition_field_name(self.cleaned_data["kind"])
        return list(self.cleaned_data.get(name) or [])

    def take(self, error: CaseworkError) -> None:
        # The service names one list of preconditions; here each kind has its own.
        name = precondition_field_name(self.cleaned_data.get("kind", ""))
        if "preconditions_confirmed" in error.fields and name in self.fields:
            self.add_error(name, error.message[:1].upper() + error.message[1:])
            return
        super().take(error)


class InterventionDecisionForm(StepForm):
    required_messages = {"decision": "Choose approve or refuse", "reason": "Enter the reason for your decision"}

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(Decision.APPROVED.value, "Approve"), (Decision.REJECTED.value, "Refuse")],
        widget=forms.RadioSelect,
    )
    reason = _text("Reason for your decision", rows=3)


# -- reviews and case conferences ----------------------------------------------------------------------


class ReviewForm(StepForm):
    required_messages = {"kind": "Choose the kind of review", "notes": "Enter what the review found"}

    kind = forms.ChoiceField(
        label="What kind of review?",
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        help_text="Manager reviews are recorded by managers",
    )
    notes = _text("What the review found", rows=5)
    outcome = _text("Outcome", required=False, help_text="For example, what happens next", rows=3)
    held_at = _when("When it was held", help_text="Leave blank if it is happening now")

    def take(self, error: CaseworkError) -> None:
        # The one refusal by role here is a manager review recorded by someone who is not a manager.
        if isinstance(error, NotAllowed):
            self.add_error("kind", error.message[:1].upper() + error.message[1:])
            return
        super().take(error)


class CaseConferenceForm(StepForm):
    required_messages = {
        "held_at": "Enter when the case conference was held",
        "attendees": "Enter who attended",
        "summary": "Enter what was discussed",
    }

    held_at = _when("When was the case conference held?", required=True)
    attendees = _text("Who attended", help_text="Names and organisations, for example police or social care", rows=3)
    summary = _text("What was discussed", rows=5)
    decisions = _text("What was decided", required=False, rows=4)


# -- closure and reopening -----------------------------------------------------------------------------


class ClosureProposeForm(StepForm):
    required_messages = {"reason": "Choose why the case should close"}

    reason = forms.ChoiceField(
        label="Why should the case close?", choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    note = _text("Notes", required=False, rows=3)


class ClosureAgreeForm(StepForm):
    note = _text("Notes", required=False, rows=3)


class CaseCloseForm(StepForm):
    required_messages = {"reason": "Choose why the case is closing"}

    reason = forms.ChoiceField(
        label="Why is the case closing?", choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    note = _text(
        "Notes",
        required=False,
        help_text="The decision and the reason for it, as the closure letter will explain them",
        rows=3,
    )


class CaseReopenForm(StepForm):
    required_messages = {"reason": "Enter why the case is being reopened"}

    reason = _text("Why is the case being reopened?", rows=4)
