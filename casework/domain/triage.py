"""Triage: is this report ASB, which of the pack's types, how urgent, who owns it, which special route."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from casework.domain.packs.schema import AsbType, NotAsb, PolicyPack

_Entry = TypeVar("_Entry", AsbType, NotAsb, AsbType | NotAsb)


class TriageError(ValueError):
    """A report cannot be triaged as given (an unknown type, a priority the pack does not offer).

    `field` names what was wrong: "types" or "priority".
    """

    def __init__(self, message: str, field: str = "types") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Report:
    """What the reporter told us, as far as triage needs it."""

    types: Sequence[str]
    hate_related: bool = False
    channel: str | None = None


@dataclass(frozen=True)
class RouteTaken:
    route: str
    process: str
    advice: str | None = None


@dataclass(frozen=True)
class TriageResult:
    is_asb: bool
    reason: str | None
    advice: str | None
    types: tuple[str, ...]
    priority: str | None
    priority_choices: tuple[str, ...]
    owner_role: str | None
    routes: tuple[RouteTaken, ...] = field(default_factory=tuple)
    hate_related: bool = False

    @property
    def needs_officer_decision(self) -> bool:
        return self.is_asb and self.priority is None


def _names(entry: AsbType | NotAsb) -> set[str]:
    return {entry.id.casefold(), entry.label.casefold(), *(s.casefold() for s in entry.synonyms)}


def match_type(pack: PolicyPack, reported: str) -> AsbType | NotAsb:
    """The pack entry a reported type names, by id, label or synonym, ignoring case."""
    wanted = reported.strip().casefold()
    entries: list[AsbType | NotAsb] = [*pack.types, *pack.not_asb]
    for entry in entries:
        if wanted in _names(entry):
            return entry
    raise TriageError(
        f"unknown type {reported!r}: the pack {pack.id!r} knows "
        + ", ".join(t.id for t in pack.types)
        + (" and, as not ASB, " + ", ".join(n.id for n in pack.not_asb) if pack.not_asb else "")
    )


def triage(report: Report, pack: PolicyPack, officer_priority: str | None = None) -> TriageResult:
    """Triage a report under a pack. `officer_priority` is the officer's pick where the pack lets them."""
    if not report.types:
        raise TriageError("a report needs at least one type of behaviour")
    matched = [match_type(pack, reported) for reported in report.types]
    asb_types = _unique([m for m in matched if isinstance(m, AsbType)])
    if not asb_types:
        first = next(m for m in matched if isinstance(m, NotAsb))
        return TriageResult(
            is_asb=False,
            reason=first.reason,
            advice=first.advice,
            types=tuple(m.id for m in _unique(matched)),
            priority=None,
            priority_choices=(),
            owner_role=None,
        )

    hate = report.hate_related or any(t.hate_related for t in asb_types)
    priority, choices = _priority(pack, asb_types, hate, officer_priority)
    return TriageResult(
        is_asb=True,
        reason=None,
        advice=None,
        types=tuple(t.id for t in asb_types),
        priority=priority,
        priority_choices=choices,
        owner_role=owner_role(pack, [t.id for t in asb_types], priority),
        routes=_routes(pack, asb_types, hate),
        hate_related=hate,
    )


def _unique(entries: Sequence[_Entry]) -> list[_Entry]:
    seen: set[str] = set()
    kept: list[_Entry] = []
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            kept.append(entry)
    return kept


def _priority(
    pack: PolicyPack, asb_types: Sequence[AsbType], hate: bool, officer_priority: str | None
) -> tuple[str | None, tuple[str, ...]]:
    if hate:
        # Hate-related reports are always the most urgent priority, whatever else is reported.
        return pack.most_urgent_priority, ()
    fixed = [t.priority for t in asb_types if t.priority is not None]
    most_urgent_fixed = min(fixed, key=pack.priority_rank) if fixed else None
    open_choices = {c for t in asb_types for c in t.priority_choices}
    if most_urgent_fixed is not None:
        # An officer's choice can only raise a case above what its fixed types already imply.
        open_choices = {c for c in open_choices if pack.priority_rank(c) < pack.priority_rank(most_urgent_fixed)}
        if open_choices:
            open_choices.add(most_urgent_fixed)
    choices = tuple(sorted(open_choices, key=pack.priority_rank))
    if not choices:
        if officer_priority is not None and officer_priority != most_urgent_fixed:
            raise TriageError(
                f"priority {officer_priority!r} is not one the officer can choose here: these types are "
                f"{most_urgent_fixed!r} (record a priority change with a reason to alter it)",
                field="priority",
            )
        return most_urgent_fixed, ()
    if officer_priority is None:
        return None, choices
    if officer_priority not in choices:
        raise TriageError(
            f"priority {officer_priority!r} is not one the officer can choose here (choose from {', '.join(choices)})",
            field="priority",
        )
    return officer_priority, choices


def owner_role(pack: PolicyPack, type_ids: Sequence[str], priority: str | None) -> str:
    """The role that owns a case: see docs/policy-packs.md, "roles"."""
    by_id = {t.id: t for t in pack.types}
    ranked = sorted(
        (by_id[i] for i in type_ids if i in by_id),
        key=lambda t: pack.priority_rank(t.priority) if t.priority else len(pack.priorities),
    )
    for asb_type in ranked:
        if asb_type.owner_role is not None:
            return asb_type.owner_role
    for asb_type in ranked:
        for role in pack.roles:
            if asb_type.id in role.owns_types:
                return role.id
    if priority is not None:
        for role in pack.roles:
            if priority in role.owns_priorities:
                return role.id
    return pack.default_owner_role


def _routes(pack: PolicyPack, asb_types: Sequence[AsbType], hate: bool) -> tuple[RouteTaken, ...]:
    wanted = [
        ("domestic-abuse", pack.routes.domestic_abuse, any(t.domestic_abuse for t in asb_types)),
        ("safeguarding", pack.routes.safeguarding, any(t.safeguarding for t in asb_types)),
        ("hate", pack.routes.hate, hate),
    ]
    return tuple(RouteTaken(name, route.process, route.advice) for name, route, applies in wanted if route and applies)
