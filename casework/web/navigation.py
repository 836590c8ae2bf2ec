"""The service navigation: what each role's job needs, in the order they use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from casework.accounts.roles import MANAGERS, roles_of
from casework.cases.permissions import has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def items_for(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or not roles_of(user):
        return []
    wanted: list[tuple[str, str, str]] = []  # label, url name, the path prefix that makes it active
    if has_capability(user, "case.work"):
        wanted.append(("My work", "web:my-work", "/my-work"))
    if roles_of(user) & MANAGERS:
        wanted.append(("Team", "web:team", "/team"))
    if has_capability(user, "case.open"):
        wanted.append(("New report", "web:intake", "/intake"))
    wanted.append(("Cases", "web:cases", "/cases"))
    if has_capability(user, "reports.view"):
        wanted.append(("Reports", "web:reports", "/reports"))
    path = request.path
    return [NavItem(label, reverse(name), path.startswith(prefix)) for label, name, prefix in wanted]


def start_page(user: object) -> str:
    """Where someone lands after signing in: their work list, or intake for the contact centre."""
    if has_capability(user, "case.work"):
        return reverse("web:my-work")
    if has_capability(user, "case.open"):
        return reverse("web:intake")
    return reverse("web:cases")
