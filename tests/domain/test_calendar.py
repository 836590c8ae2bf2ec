"""The working-day calendar: tables checked by hand against the gov.uk bank-holiday lists.

Every expected date here was written from the official lists (https://www.gov.uk/bank-holidays),
not from the `holidays` package's output.
"""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.calendar import (
    NATIONS,
    SUPPORTED_YEARS,
    CalendarError,
    UnknownNationError,
    WorkingDayCalendar,
    YearNotCoveredError,
    add_months,
    calendar_for,
)

EW, SCOT, NI = "england-and-wales", "scotland", "northern-ireland"
D = date

# Build once at import, so no Hypothesis example pays for loading the bank holidays.
CALENDARS = {nation: calendar_for(nation) for nation in NATIONS}


def test_nations_are_the_three_gov_uk_lists():
    assert NATIONS == (EW, SCOT, NI)


# --- the bank holidays themselves --------------------------------------------------------------

OFFICIAL_BANK_HOLIDAYS = [
    (EW, 2026, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]),
    (EW, 2027, ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"]),
    # 15 June 2026: the World Cup bank holiday, Royal Proclamation of 3 February 2026.
    (
        SCOT,
        2026,
        ["01-01", "01-02", "04-03", "05-04", "05-25", "06-15", "08-03", "11-30", "12-25", "12-28"],
    ),
    (SCOT, 2027, ["01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"]),
    (
        NI,
        2026,
        ["01-01", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-31", "12-25", "12-28"],
    ),
    (
        NI,
        2027,
        ["01-01", "03-17", "03-26", "03-29", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"],
    ),
    # 2022: Spring bank holiday moved to 2 June, Platinum Jubilee 3 June, the state funeral 19 Sept.
    (
        EW,
        2022,
        ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    ),
    (
        SCOT,
        2022,
        [
            "01-03",
            "01-04",
            "04-15",
            "05-02",
            "06-02",
            "06-03",
            "08-01",
            "09-19",
            "11-30",
            "12-26",
            "12-27",
        ],
    ),
    # 2023: the coronation of King Charles III on 8 May.
    (EW, 2023, ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"]),
    # St Andrew's Day on a Saturday (2024) and a Sunday (2025) moves to the Monday.
    (SCOT, 2024, ["01-01", "01-02", "03-29", "05-06", "05-27", "08-05", "12-02", "12-25", "12-26"]),
    (SCOT, 2025, ["01-01", "01-02", "04-18", "05-05", "05-26", "08-04", "12-01", "12-25", "12-26"]),
    # St Patrick's Day on a Sunday (2024), the Boyne on a Saturday (2025).
    (
        NI,
        2024,
        ["01-01", "03-18", "03-29", "04-01", "05-06", "05-27", "07-12", "08-26", "12-25", "12-26"],
    ),
    (
        NI,
        2025,
        ["01-01", "03-17", "04-18", "04-21", "05-05", "05-26", "07-14", "08-25", "12-25", "12-26"],
    ),
]


@pytest.mark.parametrize(("nation", "year", "month_days"), OFFICIAL_BANK_HOLIDAYS)
def test_holidays_in_matches_the_official_list(nation, year, month_days):
    listed = [day for day, _name in CALENDARS[nation].holidays_in(year)]
    assert listed == [date.fromisoformat(f"{year}-{month_day}") for month_day in month_days]


def test_holidays_in_names_substitute_days_as_gov_uk_does():
    listing = dict(CALENDARS[EW].holidays_in(2026))
    assert listing[D(2026, 1, 1)] == "New Year's Day"
    assert listing[D(2026, 12, 28)] == "Boxing Day (substitute day)"
    assert D(2026, 12, 26) not in listing  # the Saturday itself is not a bank holiday


@pytest.mark.parametrize(
    ("nation", "day", "working"),
    [
        (EW, D(2022, 5, 30), True),  # last Monday in May 2022: the holiday moved to 2 June
        (EW, D(2022, 6, 2), False),
        (EW, D(2022, 6, 3), False),
        (EW, D(2022, 9, 19), False),
        (EW, D(2023, 5, 8), False),
        (EW, D(2026, 4, 6), False),  # Easter Monday
        (SCOT, D(2026, 4, 6), True),  # not a bank holiday in Scotland
        (EW, D(2026, 1, 2), True),
        (SCOT, D(2026, 1, 2), False),
        (SCOT, D(2026, 6, 15), False),
        (EW, D(2026, 6, 15), True),
        (SCOT, D(2026, 8, 3), False),  # Scotland's summer holiday: first Monday in August
        (EW, D(2026, 8, 3), True),
        (SCOT, D(2026, 8, 31), True),
        (EW, D(2026, 8, 31), False),
        (SCOT, D(2026, 11, 30), False),
        (EW, D(2026, 11, 30), True),
        (NI, D(2026, 3, 17), False),
        (EW, D(2026, 3, 17), True),
        (NI, D(2026, 7, 13), False),  # 12 July 2026 is a Sunday
        (EW, D(2026, 7, 13), True),
        (NI, D(2027, 7, 12), False),
        (EW, D(2026, 6, 6), False),  # Saturday
        (EW, D(2026, 6, 7), False),  # Sunday
        (EW, D(2026, 6, 8), True),
    ],
)
def test_is_working_day(nation, day, working):
    assert CALENDARS[nation].is_working_day(day) is working


# --- adding working days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "start", "n", "expected"),
    [
        # Christmas 2026: Fri 25 and Mon 28 (Boxing Day substitute), Fri 1 Jan.
        (EW, D(2026, 12, 24), 1, D(2026, 12, 29)),
        (EW, D(2026, 12, 24), 5, D(2027, 1, 5)),
        (EW, D(2026, 12, 31), 1, D(2027, 1, 4)),
        (SCOT, D(2026, 12, 31), 1, D(2027, 1, 5)),  # Mon 4 Jan is Scotland's 2 January substitute
        # Christmas 2027: Sat 25 and Sun 26, substitutes Mon 27 and Tue 28.
        (EW, D(2027, 12, 24), 1, D(2027, 12, 29)),
        # Easter 2026 (Good Friday 3 April) and 2027 (26 March).
        (EW, D(2026, 4, 2), 1, D(2026, 4, 7)),
        (SCOT, D(2026, 4, 2), 1, D(2026, 4, 6)),
        (EW, D(2027, 3, 25), 1, D(2027, 3, 30)),
        (NI, D(2027, 3, 25), 2, D(2027, 3, 31)),
        # The one-off days of 2022 and 2023.
        (EW, D(2022, 6, 1), 1, D(2022, 6, 6)),
        (EW, D(2022, 9, 16), 1, D(2022, 9, 20)),
        (EW, D(2023, 5, 5), 1, D(2023, 5, 9)),
        # Scotland and Northern Ireland.
        (SCOT, D(2026, 6, 12), 1, D(2026, 6, 16)),
        (EW, D(2026, 6, 12), 1, D(2026, 6, 15)),
        (SCOT, D(2026, 7, 31), 1, D(2026, 8, 4)),
        (EW, D(2026, 7, 31), 1, D(2026, 8, 3)),
        (SCOT, D(2026, 11, 27), 1, D(2026, 12, 1)),
        (NI, D(2026, 3, 16), 1, D(2026, 3, 18)),
        (NI, D(2026, 7, 9), 2, D(2026, 7, 14)),
        (EW, D(2026, 7, 9), 2, D(2026, 7, 13)),
        # Weekends.
        (EW, D(2026, 6, 5), 1, D(2026, 6, 8)),  # Friday + 1 = Monday
        (EW, D(2026, 6, 6), 1, D(2026, 6, 8)),  # Saturday + 1 = Monday
        (EW, D(2026, 6, 7), 1, D(2026, 6, 8)),  # Sunday + 1 = Monday
        (EW, D(2026, 6, 5), 5, D(2026, 6, 12)),
        # n = 0: the day itself if it is a working day, else the next one.
        (EW, D(2026, 6, 8), 0, D(2026, 6, 8)),
        (EW, D(2026, 6, 6), 0, D(2026, 6, 8)),
        (EW, D(2026, 4, 3), 0, D(2026, 4, 7)),
        (SCOT, D(2026, 4, 6), 0, D(2026, 4, 6)),
    ],
)
def test_add_working_days(nation, start, n, expected):
    assert CALENDARS[nation].add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(CalendarError, match=r"zero or more, not -1"):
        CALENDARS[EW].add_working_days(D(2026, 6, 8), -1)


# --- counting working days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "start", "end", "expected"),
    [
        (EW, D(2026, 12, 24), D(2027, 1, 5), 5),
        (EW, D(2027, 1, 5), D(2026, 12, 24), -5),
        (EW, D(2026, 12, 24), D(2026, 12, 24), 0),
        (EW, D(2026, 6, 5), D(2026, 6, 8), 1),  # (Fri, Mon]
        (EW, D(2026, 6, 6), D(2026, 6, 7), 0),  # (Sat, Sun]
        (EW, D(2026, 6, 7), D(2026, 6, 8), 1),
        (EW, D(2026, 6, 8), D(2026, 6, 9), 1),  # the start day itself never counts
        # All of 2026: 261 weekdays (52 weeks and a Thursday), every bank holiday on a weekday.
        (EW, D(2025, 12, 31), D(2026, 12, 31), 261 - 8),
        (SCOT, D(2025, 12, 31), D(2026, 12, 31), 261 - 10),
        (NI, D(2025, 12, 31), D(2026, 12, 31), 261 - 10),
    ],
)
def test_working_days_between(nation, start, end, expected):
    assert CALENDARS[nation].working_days_between(start, end) == expected


# --- closure days -------------------------------------------------------------------------------

CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR = [D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)]


def test_closure_days_are_not_working_days():
    calendar = WorkingDayCalendar(EW, CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR)
    assert not calendar.is_working_day(D(2026, 12, 30))
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2027, 1, 4)
    assert calendar.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 8)
    assert calendar.working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 1
    assert CALENDARS[EW].is_working_day(D(2026, 12, 30))  # the plain calendar is untouched


def test_closure_days_do_not_appear_among_bank_holidays():
    calendar = WorkingDayCalendar(EW, CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR)
    assert calendar.holidays_in(2026) == CALENDARS[EW].holidays_in(2026)


def test_calendar_is_immutable_and_compares_by_value():
    calendar = WorkingDayCalendar(EW, iter(CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR))
    assert calendar.closure_days == frozenset(CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR)
    assert calendar == WorkingDayCalendar(EW, reversed(CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR))
    assert hash(calendar) == hash(WorkingDayCalendar(EW, CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR))
    with pytest.raises(dataclasses.FrozenInstanceError):
        calendar.nation = SCOT  # type: ignore[misc]


def test_calendar_for_shares_one_calendar_whatever_the_order_of_closure_days():
    first = calendar_for(EW, CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR)
    assert calendar_for(EW, reversed(CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR)) is first
    assert calendar_for(EW) is CALENDARS[EW]


# --- calendar months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 10, 31), 4, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 31), -13, D(2024, 12, 31)),
        (D(2026, 5, 15), -5, D(2025, 12, 15)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 8, 31), 12, D(2027, 8, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start, n, expected):
    assert add_months(start, n) == expected


def test_add_months_refuses_to_leave_the_years_a_date_can_hold():
    with pytest.raises(CalendarError, match=r"^9999-12-01 plus 1 months is beyond the years"):
        add_months(D(9999, 12, 1), 1)


# --- what the calendar refuses ------------------------------------------------------------------


def test_unknown_nation_names_the_valid_ones():
    with pytest.raises(UnknownNationError) as refused:
        WorkingDayCalendar("wales")
    assert str(refused.value) == ("unknown nation 'wales' (choose from england-and-wales, scotland, northern-ireland)")
    assert isinstance(refused.value, CalendarError)
    assert isinstance(refused.value, ValueError)


def test_supported_years():
    assert range(2015, 2036) == SUPPORTED_YEARS


@pytest.mark.parametrize(
    ("ask", "year"),
    [
        (lambda c: c.is_working_day(D(2051, 1, 3)), 2051),
        (lambda c: c.is_working_day(D(2014, 12, 31)), 2014),
        (lambda c: c.add_working_days(D(2036, 1, 2), 1), 2036),
        (lambda c: c.working_days_between(D(2014, 12, 31), D(2015, 1, 5)), 2014),
        (lambda c: c.working_days_between(D(2035, 12, 31), D(2036, 1, 2)), 2036),
        (lambda c: c.holidays_in(2014), 2014),
        (lambda c: c.holidays_in(2036), 2036),
        # After Boxing Day 2035 come Thu 27, Fri 28 and Mon 31 December: a fourth is in 2036.
        (lambda c: c.add_working_days(D(2035, 12, 26), 4), 2036),
    ],
)
def test_years_without_data_are_refused(ask, year):
    with pytest.raises(YearNotCoveredError) as refused:
        ask(CALENDARS[EW])
    assert str(refused.value) == (f"no bank-holiday data for {year} (england-and-wales covers 2015\N{EN DASH}2035)")
    assert isinstance(refused.value, CalendarError)


def test_the_last_covered_working_days_can_still_be_reached():
    assert CALENDARS[EW].add_working_days(D(2035, 12, 26), 3) == D(2035, 12, 31)
    assert CALENDARS[EW].add_working_days(D(2035, 12, 31), 0) == D(2035, 12, 31)


# --- properties ---------------------------------------------------------------------------------

# Leave room after the start for 150 working days (about 31 weeks) inside the covered years.
starts = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 3, 31))
counts = st.integers(min_value=0, max_value=100)
positive_counts = st.integers(min_value=1, max_value=100)
nations = st.sampled_from(NATIONS)
PROPERTY = settings(max_examples=100)


@PROPERTY
@given(nation=nations, start=starts, n=counts)
def test_deadline_is_a_working_day_never_before_its_start(nation, start, n):
    due = CALENDARS[nation].add_working_days(start, n)
    assert CALENDARS[nation].is_working_day(due)
    assert due > start if n >= 1 else due >= start


@PROPERTY
@given(nation=nations, start=starts, n=positive_counts, more=st.integers(min_value=1, max_value=50))
def test_more_working_days_always_move_the_deadline_later(nation, start, n, more):
    calendar = CALENDARS[nation]
    assert calendar.add_working_days(start, n) < calendar.add_working_days(start, n + more)


@PROPERTY
@given(nation=nations, start=starts)
def test_zero_working_days_is_the_first_working_day_from_the_start(nation, start):
    calendar = CALENDARS[nation]
    first = calendar.add_working_days(start, 0)
    if calendar.is_working_day(start):
        assert first == start < calendar.add_working_days(start, 1)
    else:
        assert start < first == calendar.add_working_days(start, 1)


@PROPERTY
@given(nation=nations, start=starts, n=positive_counts)
def test_counting_undoes_adding(nation, start, n):
    calendar = CALENDARS[nation]
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@PROPERTY
@given(nation=nations, a=starts, b=starts, c=starts)
def test_counts_are_antisymmetric_and_add_up(nation, a, b, c):
    between = CALENDARS[nation].working_days_between
    assert between(a, b) == -between(b, a)
    assert between(a, b) + between(b, c) == between(a, c)


@settings(max_examples=50)  # each example builds its own calendar (about a millisecond)
@given(
    nation=nations,
    start=starts,
    n=positive_counts,
    closed_after=st.lists(st.integers(min_value=0, max_value=60), max_size=15),
)
def test_closure_days_are_never_deadlines(nation, start, n, closed_after):
    closures = {start + timedelta(days=offset) for offset in closed_after}
    calendar = WorkingDayCalendar(nation, closures)
    due = calendar.add_working_days(start, n)
    assert due not in closures
    assert due >= CALENDARS[nation].add_working_days(start, n)
    assert calendar.working_days_between(start, due) == n


def _last_day_of_month(day):
    return ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day


@PROPERTY
@given(start=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)), n=st.integers(-600, 600))
def test_add_months_keeps_the_day_when_it_can_else_takes_the_month_end(start, n):
    moved = add_months(start, n)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == n
    assert moved.day == min(start.day, _last_day_of_month(moved))
