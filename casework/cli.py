"""The `casework` command: `calendar add | between | holidays`, `packs list | show | check`, `simulate`.

Each group of subcommands registers itself with an `_add_<group>_commands(subparsers)` function
and sets a `handler` that takes the parsed arguments and returns the exit status. Nothing here
imports Django at import time: subcommands that need it set it up inside their handler.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import NoReturn, TypeAlias

from casework.cli_demo import add_demo_commands
from casework.cli_packs import CommandError, add_packs_commands
from casework.domain.calendar import NATIONS, CalendarError, add_months, calendar_for

EXIT_OK = 0
EXIT_USAGE = 2  # argparse's own status for bad arguments; used for every refused request

Handler = Callable[[argparse.Namespace], int]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UsageError(Exception):
    """Bad command-line arguments: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


Subparsers: TypeAlias = "argparse._SubParsersAction[_Parser]"


def _iso_date(text: str) -> date:
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"invalid date {text!r} (expected YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casework", description="Casework: ASB case management.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_calendar_commands(subparsers)
    add_packs_commands(subparsers, _iso_date)
    add_demo_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status; errors are one line on stderr, status 2."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except (UsageError, CalendarError, CommandError) as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as finished:  # --help: argparse has printed it and wants to stop
        return finished.code if isinstance(finished.code, int) else EXIT_OK


# --- calendar ----------------------------------------------------------------------------------


def _add_calendar_commands(subparsers: Subparsers) -> None:
    calendar = subparsers.add_parser("calendar", help="working days and bank holidays")
    commands = calendar.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)

    add = commands.add_parser("add", help="the date N working days (or calendar months) after a date")
    _add_nation_options(add)
    add.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    amount = add.add_mutually_exclusive_group(required=True)
    amount.add_argument("--working-days", type=int, metavar="N", help="the N-th working day after")
    amount.add_argument("--months", type=int, metavar="N", help="N calendar months on (ignores holidays)")
    add.set_defaults(handler=_calendar_add)

    between = commands.add_parser("between", help="working days after one date, up to another")
    _add_nation_options(between)
    between.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    between.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    between.set_defaults(handler=_calendar_between)

    listing = commands.add_parser("holidays", help="a nation's bank holidays in a year")
    listing.add_argument("--nation", required=True, help=f"one of: {', '.join(NATIONS)}")
    listing.add_argument("--year", type=int, required=True)
    listing.set_defaults(handler=_calendar_holidays)


def _add_nation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nation", required=True, help=f"one of: {', '.join(NATIONS)}")
    parser.add_argument(
        "--closure-day",
        dest="closure_days",
        type=_iso_date,
        action="append",
        default=[],
        metavar="YYYY-MM-DD",
        help="a day the organisation is closed (repeatable)",
    )


def _calendar_add(args: argparse.Namespace) -> int:
    calendar = calendar_for(args.nation, args.closure_days)
    if args.months is not None:
        print(add_months(args.start, args.months).isoformat())
    else:
        print(calendar.add_working_days(args.start, args.working_days).isoformat())
    return EXIT_OK


def _calendar_between(args: argparse.Namespace) -> int:
    calendar = calendar_for(args.nation, args.closure_days)
    print(calendar.working_days_between(args.start, args.end))
    return EXIT_OK


def _calendar_holidays(args: argparse.Namespace) -> int:
    for day, name in calendar_for(args.nation).holidays_in(args.year):
        print(f"{day.isoformat()}  {name}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
