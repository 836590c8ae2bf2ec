"""Words for the values reports group by: pack ids, priorities, staff."""

from __future__ import annotations

from typing import Any

from casework.domain.packs import PolicyPack

NO_PRIORITY = "No priority set"


def humanise(value: str) -> str:
    """An id no pack labels (`manager-review`) in words (`Manager review`)."""
    return value.replace("-", " ").replace("_", " ").capitalize()


def priority_label(pack: PolicyPack, priority: str) -> str:
    """The pack's label for a priority; a priority from an older pack in words; a blank one said so."""
    if not priority:
        return NO_PRIORITY
    try:
        return pack.priority_label(priority)
    except KeyError:
        return humanise(priority)


def staff_name(user: Any, nobody: str) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else nobody
