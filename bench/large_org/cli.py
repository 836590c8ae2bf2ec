"""The command line: `python -m bench.large_org` (see the package's docstring)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from bench.large_org.base import (
    DEFAULT_CASES,
    DEFAULT_EVENTS_PER_CASE,
    DEFAULT_PACK,
    DEFAULT_SEED,
    DEFER_INDEXES_FROM,
    LargeOrgRefused,
    Size,
    tables,
)
from bench.large_org.load import generate


def require_postgresql(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        shown = url or "not set"
        raise LargeOrgRefused(
            f"DATABASE_URL is {shown}: the large organisation is made on PostgreSQL only (SQLite is not what a "
            "deployment of this size runs on), e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework_large"
        )


def create_database(url: str) -> bool:
    """Create the database DATABASE_URL names if it does not exist yet; whether it was created."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise LargeOrgRefused(f"DATABASE_URL {url} names no database")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-large-organisation-not-a-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def vacuum(url: str, loaded: list[str], say: Any = print) -> None:
    """Freeze and analyse the loaded tables, as autovacuum would in time, so plans and visibility are settled."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("SET maintenance_work_mem = '1GB'")
        for table in [*loaded, "auth_user", "accounts_team", "accounts_staffprofile", "accounts_team_managers"]:
            db.execute(f"VACUUM (FREEZE, ANALYZE) {table}")
    say(f"vacuumed and analysed in {time.perf_counter() - started:.0f} s")


def describe(url: str, size: Size, counts: dict[str, int], seconds: float, cpu_seconds: float) -> None:
    """Note how the database was made on the database itself, for bench_reports' record of it."""
    import json

    import psycopg
    from psycopg import sql

    facts = {
        "cases": size.cases,
        "events_per_case": size.events_per_case,
        "pack": size.pack_id,
        "seed": size.seed,
        "as_of": str(datetime.now(UTC).date() - timedelta(days=1)),
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(seconds),
        "cpu_seconds": round(cpu_seconds),
        "rows": counts,
    }
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(json.dumps(facts))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.large_org",
        description="Make a large organisation on PostgreSQL for the report benchmarks.",
    )
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="cases to make (default 1,000,000)")
    parser.add_argument("--events-per-case", type=float, default=DEFAULT_EVENTS_PER_CASE, help="on average (10)")
    parser.add_argument("--pack", default=DEFAULT_PACK, help=f"the policy pack every case runs under ({DEFAULT_PACK})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--reset", action="store_true", help="drop the schema and everything in it first")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="default: DATABASE_URL")
    args = parser.parse_args(argv)
    url = args.database_url
    try:
        require_postgresql(url)
        if args.cases < 1 or args.events_per_case < 1:
            raise LargeOrgRefused("--cases and --events-per-case must be at least 1")
        if create_database(url):
            print(f"created database {urlsplit(url).path.lstrip('/')}")
        django_setup(url)
        from django.core.management import call_command
        from django.db import connection

        from casework.cases.packs import pack_named
        from casework.errors import InvalidInput

        try:
            pack_named(args.pack)
        except InvalidInput as error:
            raise LargeOrgRefused(str(error)) from None
        started = time.perf_counter()
        if args.reset:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            print("dropped the schema")
        call_command("migrate", verbosity=0)
        size = Size(cases=args.cases, events_per_case=args.events_per_case, seed=args.seed, pack_id=args.pack)
        import psycopg

        with psycopg.connect(url) as load:
            counts = generate(size, load=load, threaded=True, defer_indexes=size.cases >= DEFER_INDEXES_FROM)
        from casework.cases.models.hotspots import DERIVED

        vacuum(url, [*tables(), *(model._meta.db_table for model in DERIVED)])
        describe(url, size, counts, time.perf_counter() - started, time.process_time())
    except LargeOrgRefused as error:
        print(f"large_org: {error}", file=sys.stderr)
        return 2
    print(f"done in {time.perf_counter() - started:.0f} s ({(time.perf_counter() - started) / 60:.1f} minutes):")
    for table, n in counts.items():
        print(f"  {table}: {n:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
