"""Loading: COPY in batches (overlapping generation), indexes dropped and rebuilt, sequences reset."""

from __future__ import annotations

import math
import queue
import random
import threading
import time
from datetime import UTC, date, datetime
from typing import Any

from bench.large_org.base import (
    BATCH_CASES,
    DAY,
    HOUR,
    YEARS,
    Clock,
    LargeOrgRefused,
    Size,
    check_columns,
    tables,
)
from bench.large_org.cases import CaseMaker
from bench.large_org.duties import Plan
from bench.large_org.people import make_places, make_staff


class Loader:
    """Sends each batch with COPY; with `threaded`, on its own connection and thread, so the next batch is
    generated while this one loads (two cores: Python on one, PostgreSQL on the other)."""

    def __init__(self, connection: Any, tables: dict[str, tuple[Any, tuple[str, ...]]], *, threaded: bool) -> None:
        self.connection, self.tables, self.threaded = connection, tables, threaded
        self.error: BaseException | None = None
        if threaded:
            self.queue: queue.Queue[dict[str, list[str]] | None] = queue.Queue(maxsize=1)
            self.thread = threading.Thread(target=self._run, name="copy", daemon=True)
            self.thread.start()

    def _copy(self, rows: dict[str, list[str]]) -> None:
        with self.connection.cursor() as cursor:
            for table, (_model, columns) in self.tables.items():
                lines = rows.get(table)
                if not lines:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for i in range(0, len(lines), 10_000):
                        copy.write("".join(lines[i : i + 10_000]))
        if self.threaded:
            self.connection.commit()

    def _run(self) -> None:
        while (rows := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self._copy(rows)
                except BaseException as error:
                    self.error = error

    def send(self, rows: dict[str, list[str]]) -> None:
        if self.error is not None:
            raise self.error
        if self.threaded:
            self.queue.put(rows)
        else:
            self._copy(rows)

    def finish(self) -> None:
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


def drop_indexes(cursor: Any, tables: list[str]) -> list[str]:
    """Drop the tables' secondary indexes and their foreign key, unique and check constraints.

    Returns the statements that put them back, indexes first and foreign keys last (which checks every row).
    """
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u', 'c') ORDER BY contype DESC",
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)",
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _kind, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    order = {"u": 0, "c": 1, "f": 2}
    restore = [definition for _, definition in indexes]
    for table, name, _kind, definition in sorted(constraints, key=lambda c: order[c[2]]):
        restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    return restore


def cases_per_day(first: int, last: int, cases: int, rng: random.Random) -> list[tuple[int, int]]:
    """How many cases open on each day: fewer at weekends, more in summer, slowly growing."""
    weekday = (1.0, 1.0, 1.0, 1.0, 0.95, 0.55, 0.45)
    weights = []
    for o in range(first, last + 1):
        day = date.fromordinal(o)
        season = 1 + 0.15 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 110) / 365.25)
        weights.append(weekday[day.weekday()] * season * (0.85 + 0.3 * (o - first) / max(1, last - first)))
    total, running, made, out = sum(weights), 0.0, 0, []
    for o, w in zip(range(first, last + 1), weights, strict=True):
        running += w
        n = round(cases * running / total) - made
        made += n
        out.append((o, n))
    return out


def generate(
    size: Size,
    *,
    load: Any,
    threaded: bool,
    defer_indexes: bool,
    now: datetime | None = None,
    say: Any = print,
) -> dict[str, int]:
    """Write the organisation into the migrated, case-free database Django is connected to; rows per table.

    `load` is the psycopg connection rows are copied through: Django's own (so a test's transaction holds
    everything) or a second one (`threaded`, committed batch by batch).
    """
    from django.core.management.color import no_style
    from django.db import connection

    from casework.cases.models import Case, ReferenceCounter
    from casework.cases.models.hotspots import fill
    from casework.cases.packs import pack_named

    if connection.vendor != "postgresql":
        raise LargeOrgRefused(f"the large organisation is made on PostgreSQL only, not {connection.vendor}")
    if Case.objects.exists():
        raise LargeOrgRefused(
            f"the database already has {Case.objects.count():,} cases: use --reset to drop everything and start again"
        )
    started = time.perf_counter()
    rng = random.Random(size.seed)
    plan = Plan(pack_named(size.pack_id))
    copied = tables()
    with connection.cursor() as cursor:
        check_columns(cursor, copied)
        first_ids = {}
        for table in copied:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 - our own table names
            first_ids[table] = cursor.fetchone()[0]
    staff = make_staff(size, plan)
    now = now or datetime.now(UTC)
    today = now.date().toordinal()
    now_t = today * DAY + now.hour * HOUR + now.minute * 60 + now.second
    first_day, last_day = today - 365 * YEARS, today - 1
    clock = Clock(first_day - 10, today + 500)
    with load.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'")
        restore = drop_indexes(cursor, list(copied)) if defer_indexes else []
    if threaded:
        load.commit()
    loader = Loader(load, copied, threaded=threaded)
    places, addresses = make_places(size, first_ids["cases_address"], rng)
    maker = CaseMaker(size, plan, staff, places, clock, now_t, first_ids, rng)
    maker.rows["cases_address"] = addresses
    maker.count["cases_address"] = size.addresses
    say(f"{size.addresses:,} addresses, {staff.users} staff in {size.teams} teams; now the cases")
    batch = 0
    for day, n in cases_per_day(first_day, last_day, size.cases, rng):
        for t in sorted(day * DAY + rng.randrange(8 * HOUR, 18 * HOUR) for _ in range(n)):
            maker.case(t)
        batch += n
        if batch >= BATCH_CASES:
            loader.send(maker.take())
            batch = 0
            elapsed = time.perf_counter() - started
            say(
                f"  {maker.count['cases_case']:,} cases, {maker.count['cases_caseevent']:,} events,"
                f" {maker.count['cases_obligation']:,} duties ({elapsed:.0f} s)"
            )
    loader.send(maker.take())
    loader.finish()
    loaded = time.perf_counter()
    say(f"rows loaded in {loaded - started:.0f} s")
    with load.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)
        if not defer_indexes and not threaded:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check every reference now, not at a commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if threaded:
        load.commit()
    if restore:
        say(f"indexes and constraints rebuilt in {time.perf_counter() - loaded:.0f} s")
    ReferenceCounter.objects.bulk_create(ReferenceCounter(year=y, last=n) for y, n in sorted(maker.references.items()))
    # The hot spots' derived counts, which the engine keeps with each event: made once here from the loaded rows.
    fill()
    say(f"hot spots' derived counts filled in {time.perf_counter() - loaded:.0f} s")
    with connection.cursor() as cursor:
        models = [model for model, _ in copied.values()]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return {table: maker.count[table] for table in copied} | {"staff": staff.users, "teams": size.teams}
