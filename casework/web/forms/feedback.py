"""Forms for what complainants tell us: a closure survey answer, an ASB Case Review request and its outcome.

As every step form, each only parses what was typed; the services (casework/cases/services/feedback.py)
decide what may be recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from casework.cases.choices import CaseReviewOutcome, Satisfaction, SurveySource
from casework.cases.models import Party
from casework.web.forms.steps_records import CaseStepForm, moment, optional_id, party_choices


class SurveyForm(CaseStepForm):
    party = forms.ChoiceField(label="Who answered?", required=False)
    satisfaction = forms.ChoiceField(
        label="How satisfied are they with how we handled the anti-social behaviour?",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how satisfied they are"},
    )
    source = forms.ChoiceField(
        label="How did the answer reach us?",
        choices=SurveySource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the answer reached us"},
    )
    received_at = moment(
        "When was it received?",
        required=False,
        help_text="Leave blank if it was just now. It cannot be before the case was closed.",
    )
    comments = forms.CharField(
        label="What did they say?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their own words, if they added any. These stay on the case and are not published.",
    )

    def __init__(self, *args: Any, complainants: Iterable[Party] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = party_choices(complainants, "Not known")  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "party_id": optional_id(data["party"]),
            "satisfaction": data["satisfaction"],
            "source": data["source"],
            "received_at": data["received_at"],
            "comments": data["comments"],
        }


class CaseReviewRequestForm(CaseStepForm):
    party = forms.ChoiceField(label="Who asked for the review?", required=False)
    requested_at = moment(
        "When did they ask?",
        required=False,
        help_text="Leave blank if it was just now. Incidents reported up to this day count towards the threshold.",
    )
    high_risk = forms.BooleanField(
        label="The case is high risk in my judgement",
        required=False,
        help_text="The policy lets a high-risk case qualify with fewer incidents.",
    )

    def __init__(
        self, *args: Any, requesters: Iterable[Party] = (), high_risk_counts: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = party_choices(requesters, "Not recorded")  # type: ignore[attr-defined]
        if not high_risk_counts:
            # Only where the pack lets a high-risk case qualify below the threshold is it asked.
            del self.fields["high_risk"]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "party_id": optional_id(data["party"]),
            "requested_at": data["requested_at"],
            "high_risk": bool(data.get("high_risk")),
        }


class CaseReviewDecideForm(CaseStepForm):
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=[(value, label) for value, label in CaseReviewOutcome.choices if value != CaseReviewOutcome.RECEIVED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    notes = forms.CharField(
        label="Why, and what was recommended",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why, and what was recommended"},
    )
    decided_at = moment("When was it decided?", required=False, help_text="Leave blank if it was just now.")
