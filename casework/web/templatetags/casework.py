"""Pack ids and event verbs in the housing officer's words, for templates.

{% load casework %}
{{ case.priority|priority_label:pack }}   "High"          (an unknown id shows as itself)
{{ case.stage|stage_label:pack }}         "Investigation"
{{ case.owner_role|role_label:pack }}     "Housing officer"
{{ type_id|type_label:pack }}             "Noise nuisance"
{{ event.verb|verb_label }}               "Risk assessed"
{{ user|staff_name }}                     "Sam Patel" (or the username)
"""

from __future__ import annotations

from typing import Any

from django import template

from casework.domain.packs import PolicyPack

register = template.Library()


def _label(entries: Any, wanted: str) -> str:
    for entry in entries:
        if entry.id == wanted:
            return str(entry.label)
    return wanted


@register.filter
def priority_label(value: str | None, pack: PolicyPack) -> str:
    return _label(pack.priorities, value) if value else "Not set"


@register.filter
def stage_label(value: str, pack: PolicyPack) -> str:
    return _label(pack.path.stages, value)


@register.filter
def role_label(value: str | None, pack: PolicyPack) -> str:
    return _label(pack.roles, value) if value else ""


@register.filter
def type_label(value: str, pack: PolicyPack) -> str:
    return _label([*pack.types, *pack.not_asb], value)


@register.filter
def intervention_label(value: str, pack: PolicyPack) -> str:
    return _label(pack.interventions, value)


#: Verbs whose generated wording would read badly; every other verb reads as its words.
_VERBS = {
    "case.opened": "Case opened",
    "case.closed": "Case closed",
    "case.reopened": "Case reopened",
    "risk.assessed": "Risk assessed",
    "incident.reported": "Incident reported",
    "action-plan.sent": "Action plan sent",
}


@register.filter
def verb_label(verb: str) -> str:
    if verb in _VERBS:
        return _VERBS[verb]
    words = verb.replace(".", " ").replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@register.filter
def staff_name(user: Any) -> str:
    if user is None:
        return "Nobody yet"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
