"""Covering indexes for the reports that count incidents in a window (PostgreSQL only).

Hot spots (repeat victims, incidents by place) and ASB Case Review count incidents per case over months of
a national deployment's records: hundreds of thousands of rows. With the case in the index (INCLUDE), the
count reads the index alone instead of fetching each row from the table, which on 1,000,000 cases took a
count of the incidents of six months from about 550 ms to under 100 ms and Case Review's count of
`incident.reported` events from about 2.0 s to 1.0 s (docs/adr/0009-reports.md). They are made here, not
in the models' Meta, because INCLUDE and partial indexes are PostgreSQL's: SQLite, the embedded default,
serves a few thousand cases and needs neither. Writes pay one more index entry per incident.
"""

from typing import Any

from django.db import migrations

INDEXES = (
    ("incident_at_case", "cases_incident", "(occurred_at) INCLUDE (case_id)"),
    # Only the event the Case Review threshold counts (casework.reports.case_review.INCIDENT_REPORTED).
    ("event_incident_reported_at", "cases_caseevent", "(at) INCLUDE (case_id) WHERE verb = 'incident.reported'"),
)


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_party_person_key"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
