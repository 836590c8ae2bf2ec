"""Whose cases a report covers and for when: the reader's visible cases, optionally one team, as of a day.

Reports never widen what someone may see: a manager's figures cover their teams' cases, an administrator's
cover every case (docs/permissions.md). The page says which, so a figure is never read as more than it is.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from casework.accounts.models import Team
from casework.cases.models import Case
from casework.cases.permissions import require, team_ids_of, visible_cases_filter
from casework.domain.events import LONDON
from casework.errors import InvalidInput


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, London time: periods are whole local days."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the first of `day`'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return first.replace(day=_calendar.monthrange(first.year, first.month)[1])


def reporting_year_of(day: date) -> int:
    """The regulator's reporting year runs 1 April to 31 March; it is named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both whole days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def starts_at(self) -> datetime:
        return start_of(self.start)

    @property
    def ends_before(self) -> datetime:
        return start_of(self.end + timedelta(days=1))

    def previous(self) -> Period:
        """The period of the same length just before this one, for "change against the previous period"."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def describe(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


@dataclass(frozen=True)
class Scope:
    user: Any
    as_of: date
    team: Team | None = None
    #: A temporary table holding the ids of these cases, when a report made it (`materialised`).
    case_table: str | None = None

    @classmethod
    def for_user(cls, user: Any, *, team_id: int | None = None, as_of: date | None = None) -> Scope:
        require(user, "reports.view", "see reports")
        team = None
        if team_id is not None:
            condition = visible_cases_filter(user)
            teams = Team.objects.all() if condition is None else Team.objects.filter(pk__in=team_ids_of(user))
            team = teams.filter(pk=team_id).first()
            if team is None:
                raise InvalidInput(f"there is no team {team_id} you can report on", fields={"team": "not one of yours"})
        return cls(user=user, as_of=as_of or timezone.localdate(), team=team)

    @cached_property
    def covers_every_case(self) -> bool:
        return self.team is None and visible_cases_filter(self.user) is None

    def cases(self) -> QuerySet[Case]:
        """The cases these figures are made from."""
        if self.case_table:
            return Case.objects.filter(pk__in=self._case_ids())
        cases = Case.objects.all()
        condition = visible_cases_filter(self.user)
        if condition is not None:
            cases = cases.filter(condition)
        if self.team is not None:
            cases = cases.filter(team=self.team)
        return cases

    def on_cases(self, queryset: QuerySet[Any], path: str = "case") -> QuerySet[Any]:
        """`queryset` (of rows that belong to a case through `path`) narrowed to this scope's cases."""
        if self.covers_every_case:
            return queryset
        if self.case_table:
            return queryset.filter(**{f"{path}__in": self._case_ids()})
        return queryset.filter(**{f"{path}__in": self.cases().values("pk")})

    def _case_ids(self) -> RawSQL:
        return RawSQL(f"SELECT id FROM {self.case_table}", ())  # noqa: S608, S611 - our own table's name

    def materialised(self, table: str) -> Scope:
        """This scope, its cases' ids written once into the temporary table `table` (PostgreSQL).

        A manager's or a team's cases are found by a condition every query of a report would otherwise
        evaluate again (a scan of the team's cases each time); the table is read instead, analysed so the
        planner knows how few cases it holds. Every case needs no table: nothing is narrowed.
        """
        if self.covers_every_case or self.case_table:
            return self
        sql, params = self.cases().order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            # A key, so a lookup from inside a per-row subquery is an index probe, not a scan of the table.
            cursor.execute(f"CREATE TEMPORARY TABLE {table} (id bigint PRIMARY KEY)")
            cursor.execute(f"INSERT INTO {table} (id) {sql}", params)
            cursor.execute(f"ANALYZE {table}")
        return replace(self, case_table=table)

    def teams(self) -> list[Team]:
        """The teams this reader may break figures down by."""
        if self.team is not None:
            return [self.team]
        if visible_cases_filter(self.user) is None:
            return list(Team.objects.order_by("name"))
        return list(Team.objects.filter(pk__in=team_ids_of(self.user)).order_by("name"))

    def describe(self) -> str:
        if self.team is not None:
            return f"Cases of the {self.team.name}"
        if self.covers_every_case:
            return "Every case"
        names = [t.name for t in self.teams()]
        return ("Cases of " + ", ".join(names) + " and the cases you own or logged") if names else "Your own cases"
