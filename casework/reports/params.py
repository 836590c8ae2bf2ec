"""The choices a reader makes on a report page (month, period, reporting year, team), checked with clear errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.errors import InvalidInput
from casework.reports.scope import Period, add_months, first_of_month, month_end, reporting_year_of

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ReportParams:
    month: date
    period: Period
    year: int
    team_id: int | None

    @property
    def month_period(self) -> Period:
        return Period(self.month, month_end(self.month))

    @property
    def year_period(self) -> Period:
        """1 April `year` to 31 March the year after."""
        return Period(date(self.year, 4, 1), date(self.year + 1, 3, 31))


def _month(raw: str) -> date:
    match = _MONTH.match(raw.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(f"month {raw!r} is not a month: use YYYY-MM, e.g. 2026-03", fields={"month": "not a month"})
    return date(int(match.group(1)), int(match.group(2)), 1)


def _date(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(
            f"{name} {raw!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-31", fields={name: "not a date"}
        ) from None


def parse(query: Mapping[str, Any], *, as_of: date) -> ReportParams:
    """Read `month`, `from`/`to`, `year` and `team` from a query string; anything left out has a default.

    Defaults: this month; the 3 months to `as_of`; the reporting year `as_of` falls in; every team.
    """
    month = _month(str(query["month"])) if query.get("month") else first_of_month(as_of)
    end = _date(str(query["to"]), "to") if query.get("to") else as_of
    start = _date(str(query["from"]), "from") if query.get("from") else add_months(end, -2)
    if start > end:
        raise InvalidInput("the period starts after it ends: put the earlier date in from", fields={"from": "after to"})
    if (end - start).days > 3 * 366:
        raise InvalidInput("a period can be at most three years", fields={"from": "too long a period"})
    year_raw = str(query.get("year") or "").strip()
    if year_raw and not (year_raw.isdigit() and 2000 <= int(year_raw) <= 2100):
        raise InvalidInput(
            f"year {year_raw!r} is not a reporting year: give the year it starts in, e.g. 2025 for 2025/26",
            fields={"year": "not a reporting year"},
        )
    year = int(year_raw) if year_raw else reporting_year_of(as_of)
    team_raw = str(query.get("team") or "").strip()
    if team_raw and not team_raw.isdigit():
        raise InvalidInput(f"team {team_raw!r} is not a team", fields={"team": "not a team"})
    return ReportParams(month=month, period=Period(start, end), year=year, team_id=int(team_raw) if team_raw else None)
