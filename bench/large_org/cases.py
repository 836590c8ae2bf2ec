"""One case at a time: what was reported, its parties, incidents, events and duties, as COPY lines."""

from __future__ import annotations

import math
import random
from collections import Counter

from bench.large_org.base import DAY, HOUR, NULL, Clock, Size, copy_line, cumulative, first_times, weighted
from bench.large_org.duties import Plan, obligation_state, replay
from bench.large_org.people import Places, Staff
from bench.large_org.records import RowWriter


def choices(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [p[0] for p in pairs], cumulative([p[1] for p in pairs])


_CHANNELS = choices(
    (("phone", 45), ("email", 15), ("web", 15), ("in-person", 8), ("letter", 3), ("app", 5), ("text", 3),
     ("third-party", 4), ("advocate", 2))
)  # fmt: skip
_CLOSURES = choices(
    (("resolved", 45), ("no-further-action", 15), ("complainant-withdrew", 10), ("no-contact", 10), ("not-asb", 6),
     ("referred", 4), ("party-moved", 4), ("legal-action-concluded", 3), ("duplicate", 3))
)  # fmt: skip
_SATISFACTION = choices(
    (("very-satisfied", 30), ("fairly-satisfied", 28), ("neither", 14), ("fairly-dissatisfied", 13),
     ("very-dissatisfied", 15))
)  # fmt: skip
_INCIDENT_SOURCES = choices(
    (("phone", 35), ("diary", 20), ("app", 10), ("police", 8), ("email", 10), ("in-person", 7), ("web", 7),
     ("officer", 3))
)  # fmt: skip
_REVIEW_OUTCOMES = choices(
    (("received", 15), ("review-held", 45), ("review-held-no-change", 30), ("withdrawn", 10))
)  # fmt: skip
_FIRST_SOURCE = {"phone": "phone", "email": "email", "web": "web", "app": "app", "in-person": "in-person"}
_EXTRA_INCIDENTS = [0] * 35 + [1] * 25 + [2] * 15 + [3] * 10 + [4] * 6 + [5] * 4 + [6] * 3 + [8] * 2
_REPEATS = (0, 1, 1, 2, 3)
#: Repeat complainants are drawn from this many recent cases' complainants (five weeks at full size).
_RECENT = 100_000
#: Median days a case stays open, by the priority's rank (highest first); spread log-normally.
_MEDIAN_DAYS = (150, 100, 45)
_SUMMARIES = (
    "Loud music late at night most evenings",
    "Shouting and banging through the wall",
    "Verbal abuse on the stairs and in the car park",
    "Youths gathering and damaging the bin store",
    "Threats made to the reporter and their family",
    "Drug use and dealing from the flat next door",
    "Dog barking and fouling in the communal garden",
    "Cars revving and parked across the access road",
)


class CaseMaker(RowWriter):
    """Writes one case and everything recorded on it, tracking the pools repeat people are drawn from."""

    def __init__(
        self, size: Size, plan: Plan, staff: Staff, places: Places, clock: Clock, now_t: int,
        first_ids: dict[str, int], rng: random.Random,
    ) -> None:  # fmt: skip
        from casework.demo.names import FIRST_NAMES, SURNAMES

        super().__init__(size, plan, staff, places, clock, now_t, first_ids, rng)
        self.first_address = first_ids["cases_address"]
        self.names = [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
        self.recent: list[tuple[str, int]] = []  # complainants of recent cases, for repeat victims
        self.perpetrators: list[tuple[str, int | None]] = []
        self.last_case_in_estate: dict[int, int] = {}
        self.references: Counter[int] = Counter()
        self.estates = list(range(places.estates))
        self.events_target = round(size.cases * size.events_per_case)
        self.review_request_chance = max(0.003, 10 / size.cases)
        self.opening_rules = [r for r in plan.rules if "case.opened" in r.starts_on]
        self.first_times = first_times()

    def _met(self, start: int, due: tuple[int | None, int | None], cap: int, must: bool) -> int | None:
        """When a duty that started at `start` is met: mostly on time, some late, some never; None if not by `cap`."""
        rng = self.rng
        if due[0] is None:
            return None
        due_end = due[1] if due[1] is not None else due[0] * DAY + 17 * HOUR
        r = rng.random()
        t: int | None = None
        if r < 0.78:
            t = self._between(start, max(due_end, start + 120))
        elif r < 0.92:
            t = self._between(due_end + HOUR, due_end + 30 * DAY)
        if t is not None and t >= cap:
            t = None
        if t is None and must and cap - start > 120:
            t = self._between(start, cap - 60)
            t = t if t < cap else start + 60
        return t

    def case(self, opened_t: int) -> None:
        rng, plan, clock, places, staff, now_t = self.rng, self.plan, self.clock, self.places, self.staff, self.now_t
        w = self.write
        cid = self._id("cases_case")
        # What was reported, where, and by whom.
        hate = bool(plan.hate_types) and rng.random() < 0.05
        if hate:
            type_id = rng.choice(plan.hate_types)
            priority = plan.priority_of_type[type_id] or plan.priorities[0]
        else:
            priority = weighted(rng, plan.priorities, plan.priority_cum)
            type_id = rng.choice(plan.types_by_priority[priority])
        role = plan.owner_role(type_id, priority)
        if self.recent and rng.random() < 0.18:
            name, address = rng.choice(self.recent)
        else:
            name = rng.choice(self.names)
            if rng.random() < 0.1:
                address = rng.choice(places.hot_addresses)
            else:
                address = rng.choice(places.addresses_of[weighted(rng, self.estates, places.estate_cum)])
        if len(self.recent) < _RECENT:
            self.recent.append((name, address))
        else:
            self.recent[cid % _RECENT] = (name, address)
        estate = places.estate_of[address - self.first_address]
        team = places.area_of_estate[estate] % self.size.teams
        owner = self._holder(team, role) or rng.choice(staff.officers[team])
        created_by = rng.choice(staff.contact_centre) if rng.random() < 0.6 else owner
        channel = weighted(rng, *_CHANNELS)
        anonymous = rng.random() < 0.02
        # How long it runs: log-normal by priority, and a few cases stall and stay open.
        closed_t: int | None = None
        if rng.random() >= 0.06:
            rank = min(plan.priorities.index(priority), 2)
            days = rng.lognormvariate(math.log(_MEDIAN_DAYS[rank]), 1.2)
            closing = self._business(opened_t + int(days * DAY))
            if closing < now_t - HOUR:
                closed_t = max(closing, opened_t + 600)
        end_t = closed_t if closed_t is not None else now_t
        life = end_t - opened_t

        evs: list[tuple[int, str, str, str, int | None, int | None]] = []

        def emit(t: int, verb: str, payload: str = "{}", target: str = "", target_id: int | None = None,
                 actor: int | None = owner) -> None:  # fmt: skip
            evs.append((t, verb, payload, target, target_id, actor))

        emit(opened_t, "case.opened", f'{{"channel": "{channel}", "types": ["{type_id}"]}}', actor=created_by)
        types = {type_id}
        w("cases_casetype", copy_line(self._id("cases_casetype"), cid, type_id))
        if rng.random() < 0.1:
            other = rng.choice(self.plan.types_by_priority[rng.choice(plan.priorities)])
            if other not in types:
                types.add(other)
                w("cases_casetype", copy_line(self._id("cases_casetype"), cid, other))

        complainant = self._party(cid, "complainant", name, address, opened_t, anonymous)
        perpetrator: int | None = None
        if rng.random() < 0.92:
            if self.perpetrators and rng.random() < 0.3:
                who = self.perpetrators[int(len(self.perpetrators) * rng.random() ** 2)]
            else:
                home = rng.choice(places.addresses_of[estate]) if rng.random() < 0.92 else None
                who = (rng.choice(self.names), home)
                if len(self.perpetrators) < max(20, self.size.cases // 25) and rng.random() < 0.5:
                    self.perpetrators.append(who)
            perpetrator = self._party(cid, "alleged-perpetrator", who[0], who[1], opened_t)
        if rng.random() < 0.2:
            self._party(cid, "witness", rng.choice(self.names), rng.choice(places.addresses_of[estate]), opened_t)

        # Incidents: the one reported when the case was opened, and any reported since.
        occurred = self._business(opened_t - rng.randrange(0, 3 * DAY), 6 * HOUR, 16 * HOUR)
        iid = self._id("cases_incident")
        w(
            "cases_incident",
            copy_line(
                iid, cid, clock.ts(min(occurred, opened_t)), "", "What was reported when the case was opened", "",
                complainant, _FIRST_SOURCE.get(channel, "phone"), clock.ts(opened_t), created_by,
            ),
        )  # fmt: skip
        if life > DAY:
            for _ in range(rng.choice(_EXTRA_INCIDENTS)):
                occurred = self._business(opened_t + int(life * rng.random()), 6 * HOUR, 16 * HOUR)
                source = weighted(rng, *_INCIDENT_SOURCES)
                reported = min(self._between(occurred, occurred + (14 if source == "diary" else 2) * DAY), end_t - 60)
                reported = max(reported, occurred, opened_t + 60)
                iid = self._id("cases_incident")
                w(
                    "cases_incident",
                    copy_line(
                        iid, cid, clock.ts(min(occurred, reported)), "", "It happened again", "", complainant,
                        source, clock.ts(reported), owner,
                    ),
                )  # fmt: skip
                emit(reported, "incident.reported", f'{{"source": "{source}"}}', "incident", iid)

        # The pack's duties that start when a case is opened, met on time, late or not at all.
        emitted = {"case.opened"}
        for rule in self.opening_rules:
            verb = rule.discharged_by[0] if rule.discharged_by else ""
            if not verb or verb in rule.until or verb.startswith("case.") or emitted & set(rule.discharged_by):
                continue
            start = opened_t
            for _ in range(1 + (rng.choice(_REPEATS) if rule.repeats else 0)):
                due = plan.due(rule, priority, role, start)
                when = self._met(start, due, end_t if rule.until else now_t, closed_t is not None and not rule.until)
                if when is None:
                    break
                emit(
                    when,
                    verb,
                    actor=owner if (rule.owner_role or role) == role else self._holder(team, rule.owner_role or ""),
                )
                emitted.add(verb)
                start = when
        if "risk.assessed" not in emitted and life > HOUR and rng.random() < 0.85:
            emit(self._between(opened_t, min(end_t - 60, opened_t + 10 * DAY)), "risk.assessed")
        if "action-plan.sent" not in emitted and life > HOUR and rng.random() < 0.6:
            emit(self._between(opened_t, min(end_t - 60, opened_t + 10 * DAY)), "action-plan.sent")

        # An intervention on one case in ten; an ASB Case Review request on a few.
        started_action = False
        if life > 2 * DAY and rng.random() < 0.1:
            kind, approver_role = weighted(rng, plan.interventions, plan.intervention_cum)
            proposed = self._between(opened_t, opened_t + int(life * 0.8))
            decided = self._between(proposed, proposed + 10 * DAY)
            began = self._between(decided, decided + 20 * DAY)
            r = rng.random()
            status = "started" if r < 0.55 else "approved" if r < 0.7 else "proposed" if r < 0.85 else "rejected"
            if status != "proposed" and decided >= end_t:
                status = "proposed"
            if status == "started" and began >= end_t:
                status = "approved"
            intervention = self._id("cases_intervention")
            w(
                "cases_intervention",
                copy_line(
                    intervention, cid, kind, status, "The behaviour has continued despite warnings", "", "[]",
                    perpetrator, clock.ts(proposed), owner, clock.ts(began) if status == "started" else None,
                ),
            )  # fmt: skip
            emit(proposed, "intervention.proposed", f'{{"kind": "{kind}"}}', "intervention", intervention)
            if status != "proposed":
                decision = "rejected" if status == "rejected" else "approved"
                approver = staff.manager_of.get(team) or owner
                w(
                    "cases_interventionapproval",
                    copy_line(
                        self._id("cases_interventionapproval"), intervention, approver_role, approver, decision,
                        "Proportionate to the harm described", clock.ts(decided),
                    ),
                )  # fmt: skip
                emit(decided, f"intervention.{decision}", "{}", "intervention", intervention, approver)
            if status == "started":
                emit(began, "intervention.started", "{}", "intervention", intervention)
                started_action = True
        if life > DAY and rng.random() < self.review_request_chance:
            requested = self._between(opened_t, end_t - 60)
            met_threshold = rng.random() < 0.55
            outcome = weighted(rng, *_REVIEW_OUTCOMES) if met_threshold else "threshold-not-met"
            decided_at = None if outcome == "received" else min(requested + rng.randrange(DAY, 30 * DAY), now_t - 60)
            w(
                "cases_casereviewrequest",
                copy_line(
                    self._id("cases_casereviewrequest"), cid, complainant, clock.ts(requested), met_threshold,
                    "Three incidents reported in six months" if met_threshold else "One incident in six months",
                    outcome, "", clock.ts(decided_at), owner,
                ),
            )  # fmt: skip
            emit(requested, "case-review.requested")

        # Things that start later duties (a diary sent, a perpetrator interviewed), then the closure.
        for verb in plan.starters:
            if verb.startswith("closure."):
                if closed_t is not None and rng.random() < 0.5:
                    emit(
                        max(
                            opened_t + 60, min(closed_t - 60, self._business(closed_t - rng.randrange(HOUR, 10 * DAY)))
                        ),
                        verb,
                    )
            elif life > HOUR and rng.random() < 0.2:
                emit(self._between(opened_t, end_t - 60), verb)
        reason = ""
        if closed_t is not None:
            reason = weighted(rng, *_CLOSURES)
            if plan.agreed_by and rng.random() < 0.6:
                agreed = max(opened_t + 60, closed_t - rng.randrange(600, 2 * DAY))
                emit(max(opened_t + 30, agreed - rng.randrange(HOUR, 8 * DAY)), "closure.proposed")
                emit(agreed, "closure.agreed", actor=staff.manager_of.get(team) or owner)
            emit(closed_t, "case.closed", f'{{"reason": "{reason}"}}')
            if plan.survey and rng.random() < 0.5:
                emit(min(now_t - 60, self._between(closed_t, closed_t + 3 * DAY)), "survey.sent")
        # Routine updates, so the organisation's events average what was asked for.
        made = self.count["cases_caseevent"]
        cases_left = self.size.cases - self.count["cases_case"] + 1
        extra = (self.events_target - made) / cases_left - len(evs) - 1.5
        if self.plan.fillers and life > HOUR:
            for _ in range(min(20, max(0, int(extra + rng.random())))):
                emit(self._between(opened_t, end_t - 60), rng.choice(self.plan.fillers))
        # Duties not met yet: one started later (a diary sent) may be met now, and on a closed case a duty
        # that nothing ends (no `until`) was met, so no duty is left pending on a closed case.
        seen: set[tuple[str, int]] = set()
        for _ in range(3):
            timeline = sorted((e[0], e[1]) for e in evs)
            before = len(evs)
            for rule in plan.rules:
                verb = rule.discharged_by[0] if rule.discharged_by else ""
                must = closed_t is not None and not rule.until
                if (
                    not verb
                    or verb in rule.until
                    or verb.startswith("case.")
                    or (rule.types and not rule.types & types)
                ):
                    continue
                if "case.opened" in rule.starts_on and not must:
                    continue
                for from_t, met, lapsed in replay(rule, [e for e in timeline if e[1] in rule.verbs]):
                    assert from_t is not None
                    if met is None and lapsed is None and (rule.id, from_t) not in seen:
                        seen.add((rule.id, from_t))
                        due = plan.due(rule, priority, role, from_t)
                        when = self._met(from_t, due, end_t if rule.until else now_t, must)
                        if when is not None:
                            emit(when, verb)
            if len(evs) == before:
                break

        evs.sort(key=lambda e: e[0])
        self.records(cid, evs, team, owner, complainant, priority)
        ts, lines = clock.ts, self.rows["cases_caseevent"]
        eid = self.next["cases_caseevent"]
        for t, verb, payload, target, target_id, actor in evs:
            recorded = min(t + rng.randrange(0, 900), now_t)
            lines.append(
                f"{eid}\t{cid}\t{NULL if actor is None else actor}\t{verb}\t{target}\t"
                f"{NULL if target_id is None else target_id}\t{payload}\t{ts(t)}\t{ts(recorded)}\n"
            )
            eid += 1
        self.count["cases_caseevent"] += eid - self.next["cases_caseevent"]
        self.next["cases_caseevent"] = eid
        timeline = [(e[0], e[1]) for e in evs]
        for rule in plan.rules:
            if rule.types and not rule.types & types:
                continue
            relevant = [e for e in timeline if e[1] in rule.verbs]
            for number, (from_t, met, lapsed) in enumerate(replay(rule, relevant), start=1):
                assert from_t is not None
                due_day, due_at = plan.due(rule, priority, role, from_t)
                duty_role = rule.owner_role or role
                duty_owner = owner if duty_role == role else self._holder(team, duty_role)
                w(
                    "cases_obligation",
                    copy_line(
                        self._id("cases_obligation"), cid, rule.id, rule.kind, rule.label, number, duty_role,
                        duty_owner, clock.day(from_t // DAY), clock.day(due_day), clock.ts(due_at),
                        obligation_state(due_day, due_at, met, lapsed), clock.ts(met),
                    ),
                )  # fmt: skip

        # Closure survey, links to other cases, and the case row itself.
        if closed_t is not None and reason not in {"duplicate", "not-asb"} and rng.random() < 0.3:
            received = self._between(closed_t + 3 * DAY, closed_t + 40 * DAY)
            if received < now_t:
                w(
                    "cases_surveyresponse",
                    copy_line(
                        self._id("cases_surveyresponse"), cid, complainant, weighted(rng, *_SATISFACTION), "",
                        rng.choice(("paper", "phone", "online", "email")), clock.ts(received), clock.ts(received),
                        owner,
                    ),
                )  # fmt: skip
        earlier = self.last_case_in_estate.get(estate)
        if earlier is not None and (reason == "duplicate" or rng.random() < 0.015):
            w(
                "cases_caselink",
                copy_line(
                    self._id("cases_caselink"), cid, earlier, "duplicate" if reason == "duplicate" else "related",
                    "Same problem at the same estate", clock.ts(opened_t + 600), owner,
                ),
            )  # fmt: skip
        self.last_case_in_estate[estate] = cid
        bands = [e for e in evs if e[1] == "risk.assessed"]
        if closed_t is not None:
            stage = plan.closed_stage
        elif life < 3 * DAY or len(plan.open_stages) < 2:
            stage = plan.initial
        else:
            stage = plan.open_stages[2 if started_action and len(plan.open_stages) > 2 else 1]
        year = int(clock.days[opened_t // DAY - clock.first][:4])
        self.references[year] += 1
        w(
            "cases_case",
            copy_line(
                cid, f"ASB-{year}-{self.references[year]:06d}", plan.pack.id, plan.pack.pack.version, priority,
                plan.band_for[priority] if bands else "", stage, closed_t is None, role, owner,
                staff.team_ids[team], channel, rng.choice(_SUMMARIES), address, "", anonymous, hate,
                clock.ts(opened_t), clock.ts(closed_t), reason, created_by, len(evs), clock.ts(evs[-1][0]),
                *(clock.ts(min((e[0] for e in evs if e[1] in verbs), default=None)) for _, verbs in self.first_times),
            ),
        )  # fmt: skip
