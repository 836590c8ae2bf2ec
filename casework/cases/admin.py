"""Django admin for support staff: cases and their records are read-only here; changes go through services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from casework.cases.models import Case, CaseEvent, Obligation


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """History and derived state are never edited by hand: the services keep them true."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ["reference", "priority", "stage", "owner", "team", "is_open", "opened_at"]
    list_filter = ["is_open", "priority", "stage"]
    search_fields = ["reference"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnly):
    list_display = ["case", "verb", "actor", "at"]
    list_filter = ["verb"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnly):
    list_display = ["case", "label", "owner", "due_date", "state"]
    list_filter = ["state", "kind"]
