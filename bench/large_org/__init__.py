"""A large organisation for the report benchmarks: 1,000,000 cases and about 10,000,000 events, on PostgreSQL.

The reporting issue asks for every report in under 2 seconds at the size of a national deployment
(ARCHITECTURE.md, "Scale"). This makes such a database, deterministically (seeded), in about a quarter of an
hour on two cores (bench/RESULTS.md has the last run's time and row counts):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework_large .venv/bin/python -m bench.large_org
    make bench-reports      # times every report on it (BENCH_LARGE_DATABASE_URL, that database by default)

Options: `--cases N` (default 1,000,000), `--events-per-case` (default 10), `--pack` (default
places-for-people: every case runs under one pack, whose priorities, types, duties and events are used),
`--seed`, and `--reset` (drop and recreate the schema; without it a database that has cases is refused).
The database is created if it does not exist and migrated with the project's settings (config.settings).
Sign in as `administrator` with the password `bench-password-2026` to see it in the web app.

Rows are written with COPY in batches (no ORM per row), generated while the previous batch loads: four years
of cases up to yesterday, about four in five closed; parties with repeat complainants and prolific alleged
perpetrators (the same `match_key` across cases, copied onto each party as `person_key`), incidents (some from
diary sheets), the pack's events and the duties the obligations engine derives from them (met, met late,
missed, pending, not applicable), risk assessments, action plans, reviews, contacts, interventions, closure
surveys, ASB Case Review requests and case links. Indexes and foreign keys are dropped while a large load runs
and rebuilt after (which checks every reference), then sequences are reset and the tables frozen and analysed.
"""

from bench.large_org.base import LargeOrgRefused, Size, tables
from bench.large_org.cli import create_database, django_setup, main, require_postgresql
from bench.large_org.load import generate

__all__ = [
    "LargeOrgRefused",
    "Size",
    "create_database",
    "django_setup",
    "generate",
    "main",
    "require_postgresql",
    "tables",
]
