"""`casework demo`: load demo staff and cases for trying Casework locally (DEBUG only; `make run` runs it).

Exit statuses: 0 loaded, or already loaded (the logins are printed either way); 2 refused (DEBUG off,
an unknown pack, or cases that are not demo data in the way), as one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from casework.cli_packs import CommandError

if TYPE_CHECKING:
    from casework.cli import Subparsers
    from casework.demo.generator import DemoResult

EXIT_OK = 0


def add_demo_commands(subparsers: Subparsers) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="load demo staff and cases (DEBUG only)",
        description="Load an organisation on a pack, one login per staff role and generated cases "
        "at every stage. Only with DEBUG=1. Running it again changes nothing and prints the logins.",
    )
    demo.add_argument("--pack", help="the built-in pack to use (default: places-for-people)")
    demo.add_argument("--cases", type=int, default=200, metavar="N", help="how many cases (default: 200)")
    demo.add_argument("--seed", type=int, default=2026, help="the same seed makes the same cases (default: 2026)")
    demo.add_argument("--reset", action="store_true", help="delete every case and the demo logins first")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from casework.demo.generator import DemoRefused, load_demo

    try:
        result = load_demo(pack_id=args.pack, cases=args.cases, seed=args.seed, reset=args.reset)
    except DemoRefused as refused:
        raise CommandError(f"demo: {refused}") from None
    except DatabaseError as error:
        raise CommandError(f"demo: the database is not ready ({error}): run `manage.py migrate` first") from None
    _print_result(result)
    _print_resident_links()
    return EXIT_OK


def _print_resident_links() -> None:
    from django.conf import settings

    from casework.demo.residents import resident_links

    print(f"\nResidents report online at {settings.CASEWORK_PUBLIC_URL}/report/ (no login). Demo links:")
    for label, url in resident_links():
        print(f"  {label}: {url}")


def _print_result(result: DemoResult) -> None:
    from casework.demo.staff import DEMO_PASSWORD

    if result.created:
        print(f"Loaded demo data: {result.cases} cases under {result.pack_name} in {result.seconds:.1f} s.")
        if result.stats.stopped:
            print(f"({result.stats.stopped.total()} cases stopped where the pack blocked their next step.)")
    else:
        print(f"{result.note}\n{result.cases} cases under {result.pack_name}.")
    for problem in result.stats.errors:
        print(f"warning: a demo case went wrong: {problem}", file=sys.stderr)
    print(f"\nLog in with any of these; every demo login's password is {DEMO_PASSWORD}\n")
    rows = [("Username", "Password", "Role", "Pack role", "Team")]
    rows += [
        (login.username, DEMO_PASSWORD, login.role, login.pack_role or "-", login.team or "-")
        for login in result.logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
