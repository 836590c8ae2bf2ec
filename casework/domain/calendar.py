"""Working days for UK social landlords: weekends, bank holidays by nation, the landlord's closures.

Bank holidays come from the `holidays` package and are checked against the official gov.uk lists
("england-and-wales", "scotland", "northern-ireland"), substitute days included. Only the years in
SUPPORTED_YEARS are answered; anything else raises YearNotCoveredError rather than guessing.

Future years can only follow the statutory rules. One-off days (a jubilee, a state funeral, a
coronation, Scotland's 2026 World Cup day) are unknown until they are proclaimed, and Northern
Ireland's Battle of the Boyne day is proclaimed each year: deadlines computed today for a date
months ahead may move by a day when such a day is announced and `holidays` is upgraded.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from types import MappingProxyType

import holidays

NATIONS: tuple[str, ...] = ("england-and-wales", "scotland", "northern-ireland")
SUPPORTED_YEARS = range(2015, 2036)

_SUBDIVISIONS: Mapping[str, str] = {
    "england-and-wales": "ENG",  # the package's WLS has the same days; gov.uk publishes one list
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

# Corrections where `holidays` disagrees with the official gov.uk lists:
# nation -> {date: name to add, or None to remove the day}, each with its source.
# None needed: holidays 0.109 matches gov.uk for every nation, 2015-2027, including the one-off
# days of 2022 and 2023 and Scotland's 15 June 2026 (Royal Proclamation of 3 February 2026).
_CORRECTIONS: Mapping[str, Mapping[date, str | None]] = {}


class CalendarError(ValueError):
    """A working-day question the calendar cannot answer."""


class UnknownNationError(CalendarError):
    """The nation is not one of NATIONS."""


class YearNotCoveredError(CalendarError):
    """The date falls in a year with no bank-holiday data (outside SUPPORTED_YEARS)."""


def _check_nation(nation: str) -> None:
    if nation not in _SUBDIVISIONS:
        raise UnknownNationError(f"unknown nation {nation!r} (choose from {', '.join(NATIONS)})")


def _not_covered(year: int, nation: str) -> YearNotCoveredError:
    first, last = SUPPORTED_YEARS[0], SUPPORTED_YEARS[-1]
    return YearNotCoveredError(f"no bank-holiday data for {year} ({nation} covers {first}\N{EN DASH}{last})")


@cache
def _bank_holidays(nation: str) -> Mapping[date, str]:
    """The nation's bank holidays over SUPPORTED_YEARS, in date order.

    Only weekdays, as on gov.uk: when a holiday falls at a weekend, the list has its substitute day
    (named "... (substitute day)", gov.uk's wording for the package's "(observed)").
    """
    source = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=SUPPORTED_YEARS, language="en_GB")
    days: dict[date, str] = {
        day: name.replace("(observed)", "(substitute day)") for day, name in source.items() if day.weekday() < 5
    }
    for day, correction in _CORRECTIONS.get(nation, {}).items():
        if correction is None:
            days.pop(day, None)
        else:
            days[day] = correction
    return MappingProxyType(dict(sorted(days.items())))


@cache
def _weekdays_not_bank_holidays(nation: str) -> array[int]:
    """Ordinals of the nation's working days over SUPPORTED_YEARS, before any closure days."""
    bank_holidays = _bank_holidays(nation)
    first = date(SUPPORTED_YEARS[0], 1, 1).toordinal()
    last = date(SUPPORTED_YEARS[-1], 12, 31).toordinal()
    return array(
        "l",
        (
            ordinal
            for ordinal in range(first, last + 1)
            if (day := date.fromordinal(ordinal)).weekday() < 5 and day not in bank_holidays
        ),
    )


@dataclass(frozen=True, init=False)
class WorkingDayCalendar:
    """Working days for one nation plus the organisation's own closure days. Immutable.

    Every date passed in (and every date a walk reaches) must fall in SUPPORTED_YEARS.
    """

    nation: str
    closure_days: frozenset[date]
    # Sorted ordinals of every working day in SUPPORTED_YEARS: each question is a bisect.
    # Calendars without closure days share one array; nothing ever writes to it.
    _working: array[int] = field(repr=False, compare=False)

    def __init__(self, nation: str, closure_days: Iterable[date] = ()) -> None:
        _check_nation(nation)
        closures = frozenset(closure_days)
        working = _weekdays_not_bank_holidays(nation)
        if closures:
            closed = {day.toordinal() for day in closures}
            working = array("l", (ordinal for ordinal in working if ordinal not in closed))
        object.__setattr__(self, "nation", nation)
        object.__setattr__(self, "closure_days", closures)
        object.__setattr__(self, "_working", working)

    def _ordinal(self, day: date) -> int:
        if day.year not in SUPPORTED_YEARS:
            raise _not_covered(day.year, self.nation)
        return day.toordinal()

    def is_working_day(self, day: date) -> bool:
        """Not a Saturday or Sunday, not a bank holiday in the nation, not a closure day."""
        ordinal = self._ordinal(day)
        index = bisect_left(self._working, ordinal)
        return index < len(self._working) and self._working[index] == ordinal

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (Friday + 1 and Saturday + 1 are Monday).

        n = 0 gives `start` itself if it is a working day, else the next working day.
        """
        if n < 0:
            raise CalendarError(f"working days to add must be zero or more, not {n}")
        ordinal = self._ordinal(start)
        index = bisect_left(self._working, ordinal) if n == 0 else bisect_right(self._working, ordinal) + n - 1
        if index >= len(self._working):  # the walk ran past the last covered year
            raise _not_covered(SUPPORTED_YEARS[-1] + 1, self.nation)
        return date.fromordinal(self._working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after `start`, up to and including `end`: (start, end].

        So working_days_between(d, add_working_days(d, n)) == n for every n >= 1. If end is before
        start the answer is minus the count for (end, start]; if they are the same day it is 0.
        """
        start_index = bisect_right(self._working, self._ordinal(start))
        return bisect_right(self._working, self._ordinal(end)) - start_index

    def holidays_in(self, year: int) -> list[tuple[date, str]]:
        """The nation's bank holidays in `year`, in date order (closure days are not included)."""
        if year not in SUPPORTED_YEARS:
            raise _not_covered(year, self.nation)
        return [(day, name) for day, name in _bank_holidays(self.nation).items() if day.year == year]


@lru_cache(maxsize=256)
def _shared_calendar(nation: str, closure_days: tuple[date, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(nation, closure_days)


def calendar_for(nation: str, closure_days: Iterable[date] = ()) -> WorkingDayCalendar:
    """The calendar for a nation and set of closure days, built once per process and then shared."""
    return _shared_calendar(nation, tuple(sorted(set(closure_days))))


def add_months(start: date, n: int) -> date:
    """`start` plus n calendar months (n may be negative), clamped to the end of a shorter month.

    31 Oct 2026 + 4 months = 28 Feb 2027; 31 Jan 2028 + 1 month = 29 Feb 2028.
    """
    year, month_index = divmod(start.year * 12 + start.month - 1 + n, 12)
    if not date.min.year <= year <= date.max.year:
        raise CalendarError(f"{start.isoformat()} plus {n} months is beyond the years a date can hold")
    month = month_index + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))
