"""Consistency rules across a pack: every reference resolves, bands tile the scores, stages are reachable.

Each rule yields `(key path, message)` pairs; the loader turns them into located errors. All rules run,
so a policy author sees every problem at once rather than one per attempt.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from casework.domain.packs.schema import PolicyPack, RiskMatrix

KeyPath = tuple[str | int, ...]
Problem = tuple[KeyPath, str]


def check_consistency(pack: PolicyPack) -> list[Problem]:
    problems: list[Problem] = []
    for rule in (
        _unique_ids,
        _roles,
        _types,
        _risk_matrix,
        _obligations,
        _path,
        _interventions,
        _closure,
    ):
        problems.extend(rule(pack))
    return problems


def _unknown(where: KeyPath, value: str, known: Iterable[str], what: str) -> Iterator[Problem]:
    known_set = set(known)
    if value not in known_set:
        yield where, f"unknown {what} {value!r} (known: {', '.join(sorted(known_set)) or 'none'})"


def _each_unknown(where: KeyPath, values: Sequence[str], known: Iterable[str], what: str) -> Iterator[Problem]:
    known_list = list(known)
    for index, value in enumerate(values):
        yield from _unknown((*where, index), value, known_list, what)


def _duplicates(section: str, ids: Sequence[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            yield (section, index, "id"), f"duplicate id {identifier!r}"
        seen.add(identifier)


def _unique_ids(pack: PolicyPack) -> Iterator[Problem]:
    yield from _duplicates("priorities", [p.id for p in pack.priorities])
    yield from _duplicates("roles", [r.id for r in pack.roles])
    yield from _duplicates("not_asb", [n.id for n in pack.not_asb])
    yield from _duplicates("types", [t.id for t in pack.types])
    yield from _duplicates("obligations", [o.id for o in pack.obligations])
    yield from _duplicates("interventions", [i.id for i in pack.interventions])
    clash = {t.id for t in pack.types} & {n.id for n in pack.not_asb}
    for index, entry in enumerate(pack.not_asb):
        if entry.id in clash:
            yield ("not_asb", index, "id"), f"{entry.id!r} is also an ASB type id"
    for index, stage_id in enumerate(s.id for s in pack.path.stages):
        if stage_id in [s.id for s in pack.path.stages[:index]]:
            yield ("path", "stages", index, "id"), f"duplicate stage id {stage_id!r}"


def _roles(pack: PolicyPack) -> Iterator[Problem]:
    priorities = [p.id for p in pack.priorities]
    types = [t.id for t in pack.types]
    for index, role in enumerate(pack.roles):
        yield from _each_unknown(("roles", index, "owns_priorities"), role.owns_priorities, priorities, "priority")
        yield from _each_unknown(("roles", index, "owns_types"), role.owns_types, types, "type")
    yield from _unknown(("default_owner_role",), pack.default_owner_role, [r.id for r in pack.roles], "role")


def _types(pack: PolicyPack) -> Iterator[Problem]:
    priorities = [p.id for p in pack.priorities]
    roles = [r.id for r in pack.roles]
    for index, asb_type in enumerate(pack.types):
        where: KeyPath = ("types", index)
        if asb_type.priority is None and not asb_type.priority_choices:
            yield (
                where,
                f"type {asb_type.id!r} needs a priority or priority_choices (officer decides)",
            )
        if asb_type.priority is not None:
            yield from _unknown((*where, "priority"), asb_type.priority, priorities, "priority")
        yield from _each_unknown((*where, "priority_choices"), asb_type.priority_choices, priorities, "priority")
        if asb_type.owner_role is not None:
            yield from _unknown((*where, "owner_role"), asb_type.owner_role, roles, "role")
        if asb_type.domestic_abuse and pack.routes.domestic_abuse is None:
            yield where, "a domestic abuse type needs [routes.domestic-abuse] naming that process"
        if asb_type.safeguarding and pack.routes.safeguarding is None:
            yield where, "a safeguarding type needs [routes.safeguarding] naming that process"


def _risk_matrix(pack: PolicyPack) -> Iterator[Problem]:
    matrix = pack.risk_matrix
    if matrix is None:
        return
    seen_numbers: set[int] = set()
    seen_ids: set[str] = set()
    for index, question in enumerate(matrix.questions):
        if question.number in seen_numbers:
            yield (
                ("risk_matrix", "questions", index, "number"),
                f"duplicate question number {question.number}",
            )
        if question.id in seen_ids:
            yield (
                ("risk_matrix", "questions", index, "id"),
                f"duplicate question id {question.id!r}",
            )
        seen_numbers.add(question.number)
        seen_ids.add(question.id)
        labels = [o.label.casefold() for o in question.options]
        if len(set(labels)) != len(labels) and not question.multiple:
            yield ("risk_matrix", "questions", index, "options"), "option labels must differ"
    yield from _bands_tile_the_scores(pack, matrix)


def _score_range(matrix: RiskMatrix) -> tuple[int, int]:
    low = high = 0
    for question in matrix.questions:
        scores = [o.score for o in question.options]
        if question.multiple:
            low += sum(s for s in scores if s < 0)
            high += sum(s for s in scores if s > 0)
        else:
            low += min(scores)
            high += max(scores)
    return low, high


def _bands_tile_the_scores(pack: PolicyPack, matrix: RiskMatrix) -> Iterator[Problem]:
    priorities = [p.id for p in pack.priorities]
    ordered = sorted(enumerate(matrix.bands), key=lambda pair: pair[1].min_score)
    for index, band in enumerate(matrix.bands):
        where: KeyPath = ("risk_matrix", "bands", index)
        if band.max_score is not None and band.max_score < band.min_score:
            yield (
                where,
                f"band {band.id!r}: max_score {band.max_score} is below min_score {band.min_score}",
            )
        if band.priority is not None:
            yield from _unknown((*where, "priority"), band.priority, priorities, "priority")
        elif matrix.effect == "sets-priority":
            yield where, f"band {band.id!r} needs a priority because the matrix sets the priority"
    low, high = _score_range(matrix)
    first_index, first = ordered[0]
    if first.min_score > low:
        yield (
            ("risk_matrix", "bands", first_index, "min_score"),
            (f"scores from {low} to {first.min_score - 1} fall in no band (lowest possible score is {low})"),
        )
    for (_, below), (above_index, above) in itertools.pairwise(ordered):
        if below.max_score is None:
            yield (
                ("risk_matrix", "bands", above_index),
                f"band {above.id!r} overlaps {below.id!r}, which has no max_score",
            )
        elif above.min_score <= below.max_score:
            yield (
                ("risk_matrix", "bands", above_index, "min_score"),
                (f"band {above.id!r} overlaps {below.id!r} (scores {above.min_score}–{below.max_score})"),
            )
        elif above.min_score > below.max_score + 1:
            yield (
                ("risk_matrix", "bands", above_index, "min_score"),
                (f"scores {below.max_score + 1}–{above.min_score - 1} fall in no band (gap after {below.id!r})"),
            )
    last_index, last = ordered[-1]
    if last.max_score is not None and last.max_score < high:
        yield (
            ("risk_matrix", "bands", last_index, "max_score"),
            (f"scores above {last.max_score} fall in no band (highest possible score is {high})"),
        )


def _obligations(pack: PolicyPack) -> Iterator[Problem]:
    events = pack.event_kinds
    priorities = [p.id for p in pack.priorities]
    roles = [r.id for r in pack.roles]
    types = [t.id for t in pack.types]
    for index, obligation in enumerate(pack.obligations):
        where: KeyPath = ("obligations", index)
        yield from _unknown((*where, "kind"), obligation.kind, pack.obligation_kinds, "obligation kind")
        for key in ("starts_on", "discharged_by", "until"):
            yield from _each_unknown((*where, key), getattr(obligation, key), events, "event kind")
        for priority_id in obligation.period_by_priority:
            yield from _unknown((*where, "period_by_priority", priority_id), priority_id, priorities, "priority")
        for role_id in obligation.period_by_role:
            yield from _unknown((*where, "period_by_role", role_id), role_id, roles, "role")
        yield from _each_unknown((*where, "priorities"), obligation.priorities, priorities, "priority")
        yield from _each_unknown((*where, "types"), obligation.types, types, "type")
        if obligation.owner_role is not None:
            yield from _unknown((*where, "owner_role"), obligation.owner_role, roles, "role")
        yield from _each_unknown((*where, "notify_when_overdue"), obligation.notify_when_overdue, roles, "role")
        overlap = set(obligation.starts_on) & set(obligation.discharged_by)
        if overlap and not obligation.repeats:
            yield (
                (*where, "discharged_by"),
                f"{', '.join(sorted(overlap))} both starts and discharges the clock",
            )


def _path(pack: PolicyPack) -> Iterator[Problem]:
    path = pack.path
    stages = [s.id for s in path.stages]
    priorities = [p.id for p in pack.priorities]
    yield from _unknown(("path", "initial"), path.initial, stages, "stage")
    for index, transition in enumerate(path.transitions):
        where: KeyPath = ("path", "transitions", index)
        yield from _each_unknown((*where, "from"), transition.from_stages, stages, "stage")
        yield from _unknown((*where, "to"), transition.to, stages, "stage")
        yield from _unknown((*where, "event"), transition.event, pack.event_kinds, "event kind")
        yield from _each_unknown((*where, "priorities"), transition.priorities, priorities, "priority")
        for guard_index, guard in enumerate(transition.guards):
            guard_where: KeyPath = (*where, "guards", guard_index)
            for key in ("event", "no_event"):
                value = getattr(guard, key)
                if value is not None:
                    yield from _unknown((*guard_where, key), value, pack.event_kinds, "event kind")
            yield from _each_unknown((*guard_where, "priority"), guard.priority, priorities, "priority")
    if path.initial not in stages:
        return
    reachable = set().union(*(_reachable(pack, priority_id) for priority_id in priorities))
    for index, stage in enumerate(path.stages):
        if stage.id not in reachable:
            yield (
                ("path", "stages", index),
                (f"stage {stage.id!r} cannot be reached from {path.initial!r} by any transition"),
            )


def _reachable(pack: PolicyPack, priority_id: str) -> set[str]:
    """Stages a case of this priority can reach from the initial stage."""
    reached = {pack.path.initial}
    frontier = [pack.path.initial]
    while frontier:
        stage = frontier.pop()
        for transition in pack.path.transitions:
            applies = not transition.priorities or priority_id in transition.priorities
            if applies and stage in transition.from_stages and transition.to not in reached:
                reached.add(transition.to)
                frontier.append(transition.to)
    return reached


def _interventions(pack: PolicyPack) -> Iterator[Problem]:
    roles = [r.id for r in pack.roles]
    for index, intervention in enumerate(pack.interventions):
        yield from _each_unknown(("interventions", index, "approvals"), intervention.approvals, roles, "role")


def _closure(pack: PolicyPack) -> Iterator[Problem]:
    if pack.closure.agreed_by is not None:
        yield from _unknown(("closure", "agreed_by"), pack.closure.agreed_by, [r.id for r in pack.roles], "role")
