"""The rows behind a case's events (risk assessments, action plans, reviews, contacts) and its people."""

from __future__ import annotations

import random
from collections import Counter

from bench.large_org.base import DAY, HOUR, Clock, Size, copy_line
from bench.large_org.duties import Plan
from bench.large_org.people import Places, Staff


class RowWriter:
    """COPY lines for each table, with the next id of each and how many rows each has had."""

    def __init__(
        self, size: Size, plan: Plan, staff: Staff, places: Places, clock: Clock, now_t: int,
        first_ids: dict[str, int], rng: random.Random,
    ) -> None:  # fmt: skip
        from casework.cases.models.people import person_match_key

        self.size, self.plan, self.staff, self.places, self.clock = size, plan, staff, places, clock
        self.now_t, self.rng = now_t, rng
        self.next = dict(first_ids)
        self.rows: dict[str, list[str]] = {table: [] for table in first_ids}
        self.count: Counter[str] = Counter()
        self.match_key = person_match_key

    def write(self, table: str, line: str) -> None:
        self.rows[table].append(line)

    def take(self) -> dict[str, list[str]]:
        rows, self.rows = self.rows, {table: [] for table in self.rows}
        return rows

    def _id(self, table: str) -> int:
        n = self.next[table]
        self.next[table] = n + 1
        self.count[table] += 1
        return n

    def _business(self, t: int, start: int = 8 * HOUR, length: int = 10 * HOUR) -> int:
        day, second = divmod(t, DAY)
        if start <= second < start + length:
            return t
        return day * DAY + start + second % length

    def _between(self, low: int, high: int) -> int:
        """A working-hours moment from `low` to `high` (never before `low`)."""
        t = self._business(low + int((high - low) * self.rng.random()))
        return t if t > low else low + 60

    def _holder(self, team: int, role: str) -> int | None:
        holders = self.staff.holders.get((team, role))
        return self.rng.choice(holders) if holders else None

    def _person(self, name: str, address: int | None, phone: str = "", organisation: str = "") -> tuple[int, str]:
        """A new person's id and match key (their parties carry a copy of the key, as `Party.save` keeps it)."""
        pid = self._id("cases_person")
        vulnerable = "Lives alone; anxiety" if self.rng.random() < 0.08 else ""
        key = self.match_key(name, address, "", phone, pid)
        self.write(
            "cases_person",
            copy_line(pid, name, "", phone, "", "", None, vulnerable, "", "", "", address, organisation, key),
        )
        return pid, key

    def _party(self, case: int, role: str, name: str, address: int | None, at: int, anonymous: bool = False) -> int:
        rng = self.rng
        phone = f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.3 else ""
        person, key = self._person(name, address, phone)
        party = self._id("cases_party")
        self.write(
            "cases_party",
            copy_line(
                party, case, person, role, rng.random() < 0.6, rng.random() < 0.3, anonymous, False, None, None,
                self.clock.ts(at), key,
            ),
        )  # fmt: skip
        return party

    def records(
        self, cid: int, evs: list[tuple[int, str, str, str, int | None, int | None]], team: int, owner: int,
        complainant: int, priority: str,
    ) -> None:  # fmt: skip
        """The rows behind the case's events: risk assessments, action plans, reviews and contacts."""
        rng, clock, w = self.rng, self.clock, self.write
        for t, verb, *_ in evs:
            at = clock.ts(t)
            if verb == "risk.assessed":
                score = rng.randrange(5, 30)
                w(
                    "cases_riskassessment",
                    copy_line(self._id("cases_riskassessment"), cid, '{"harm": 2, "frequency": 3}', "[]", score,
                          self.plan.band_for[priority], at, owner),
                )  # fmt: skip
            elif verb == "action-plan.sent":
                for for_whom, action in (("landlord", "Visit the neighbour and discuss the reports"),
                                         ("complainant", "Keep the diary sheets and return them")):  # fmt: skip
                    done = t + rng.randrange(DAY, 20 * DAY) if rng.random() < 0.6 else None
                    w(
                        "cases_actionplanitem",
                        copy_line(self._id("cases_actionplanitem"), cid, for_whom, action, "", clock.day(t // DAY + 14),
                              clock.ts(done if done and done < self.now_t else None), at, owner),
                    )  # fmt: skip
            elif verb in {"review.held", "manager-review.held"}:
                manager = verb == "manager-review.held"
                held_by = (self.staff.manager_of.get(team) if manager else None) or owner
                w(
                    "cases_review",
                    copy_line(self._id("cases_review"), cid, "manager-review" if manager else "review", at,
                          "Reviewed the case and the action plan", "", held_by),
                )  # fmt: skip
            elif verb in {"complainant.contacted", "complainant.contact-attempted"}:
                made = verb == "complainant.contacted"
                w(
                    "cases_contact",
                    copy_line(self._id("cases_contact"), cid, complainant, rng.choice(("phone", "home-visit", "email")),
                          "made" if made else "no-answer", "contact", "", at, owner),
                )  # fmt: skip
