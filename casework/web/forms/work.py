"""My work's filters: a GET form over the user's own pending duties."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from casework.cases.selectors import WorkFilters
from casework.domain.packs import PolicyPack
from casework.web.forms.base import GovForm

#: What "Show" offers: value -> (label, (overdue only, within days)).
RANGES: dict[str, tuple[str, tuple[bool, int | None]]] = {
    "all": ("Everything pending", (False, None)),
    "overdue": ("Overdue only", (True, None)),
    "7": ("Overdue or due within 7 days", (False, 7)),
    "30": ("Overdue or due within 30 days", (False, 30)),
}


class WorkFilterForm(GovForm):
    def __init__(
        self,
        *args: Any,
        pack: PolicyPack,
        references: Iterable[str],
        kinds: Iterable[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["case"] = forms.ChoiceField(
            label="Case",
            required=False,
            choices=[("", "All my cases"), *((ref, ref) for ref in references)],
            error_messages={"invalid_choice": "Choose a case from the list"},
        )
        self.fields["kind"] = forms.ChoiceField(
            label="Kind of work",
            required=False,
            choices=[("", "All kinds"), *kinds],
            error_messages={"invalid_choice": "Choose a kind of work from the list"},
        )
        self.fields["priority"] = forms.ChoiceField(
            label="Case priority",
            required=False,
            choices=[("", "Any priority"), *((p.id, p.label) for p in pack.priorities)],
            error_messages={"invalid_choice": "Choose a priority from the list"},
        )
        self.fields["show"] = forms.ChoiceField(
            label="Show",
            required=False,
            choices=[(value, label) for value, (label, _) in RANGES.items()],
            error_messages={"invalid_choice": "Choose what to show from the list"},
        )

    def filters(self) -> WorkFilters:
        """What the user asked for; a value the form refused is left out rather than failing the list."""
        chosen = getattr(self, "cleaned_data", {})
        overdue_only, within_days = RANGES[chosen.get("show") or "all"][1]
        return WorkFilters(
            case=chosen.get("case") or None,
            kind=chosen.get("kind") or None,
            priority=chosen.get("priority") or None,
            overdue_only=overdue_only,
            within_days=within_days,
        )

    @property
    def filtering(self) -> bool:
        return any(
            value and name != "page" and not (name == "show" and value == "all") for name, value in self.data.items()
        )
