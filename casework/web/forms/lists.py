"""The case list's filters: a GET form, so a filtered list is a link someone can bookmark or share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from casework.cases.selectors import CaseFilters
from casework.domain.packs import PolicyPack
from casework.web.forms.base import GovForm

STATUSES = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _pick(label: str, anything: str, options: Iterable[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", anything), *options],
        error_messages={"invalid_choice": f"Choose {_article(label)} {label.lower()} from the list"},
    )


class CaseListForm(GovForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A case reference, postcode, first line of an address or a person’s name",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUSES,
        error_messages={"invalid_choice": "Choose open, closed, or open and closed"},
    )
    overdue = forms.BooleanField(label="Only cases with overdue work", required=False)

    def __init__(self, *args: Any, pack: PolicyPack, owners: Iterable[Any], teams: Iterable[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["stage"] = _pick("Stage", "Any stage", ((s.id, s.label) for s in pack.path.stages))
        self.fields["priority"] = _pick("Priority", "Any priority", ((p.id, p.label) for p in pack.priorities))
        self.fields["type"] = _pick("Type", "Any type", ((t.id, t.label) for t in pack.types))
        self.fields["owner"] = _pick(
            "Owner", "Anyone", ((str(user.pk), user.get_full_name() or user.get_username()) for user in owners)
        )
        self.fields["team"] = _pick("Team", "Any team", ((str(team.pk), team.name) for team in teams))
        self.order_fields(["q", "status", "stage", "priority", "type", "owner", "team", "overdue"])

    def filters(self) -> CaseFilters:
        """What the user asked for; a value the form refused is left out rather than failing the list."""
        chosen = getattr(self, "cleaned_data", {})
        status = chosen.get("status") or "open"
        return CaseFilters(
            status=None if status == "all" else status,
            stage=chosen.get("stage") or None,
            priority=chosen.get("priority") or None,
            type=chosen.get("type") or None,
            owner=int(chosen["owner"]) if chosen.get("owner") else None,
            team=int(chosen["team"]) if chosen.get("team") else None,
            overdue=True if chosen.get("overdue") else None,
            q=(chosen.get("q") or "").strip() or None,
        )

    @property
    def filtering(self) -> bool:
        """Whether anything beyond the default (open cases) is asked for, to offer "Clear filters"."""
        return any(value for name, value in self.data.items() if name not in {"page", "status"}) or (
            self.data.get("status", "open") != "open"
        )
