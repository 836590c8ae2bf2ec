"""Derived counts for the hot spots report over every case, kept by the engine like the Obligation rows.

Counting a national deployment's incidents and parties afresh took the administrator's hot spots page 3.5 to
6 s on 1,000,000 cases (docs/adr/0009-reports.md). These tables hold the same figures already grouped:
each case's own rows (`HotspotCaseDay`, `ComplainantDay`, `PerpetratorCase`) are deleted and written again by
`engine.refresh` in the transaction of each event, and `PlaceDay` is the sum of every case's place rows,
moved by the difference. They are a cache: `fill` makes them again from the records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, models

from casework.cases.choices import PartyRole
from casework.cases.models.case import Case, Party
from casework.domain.events import LONDON

#: The zone whose calendar days the counts are kept by (domain.events.LONDON).
ZONE = "Europe/London"
PLACES = ("estate", "area", "ward", "postcode_district")


class _PlaceCounts(models.Model):
    """Cases opened and incidents on one London day at one place (estate, area, ward, postcode district)."""

    day = models.DateField()
    estate = models.CharField(max_length=100, blank=True)
    area = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    postcode_district = models.CharField(max_length=10, blank=True)
    cases = models.IntegerField(default=0)
    incidents = models.IntegerField(default=0)

    class Meta:
        abstract = True


class PlaceDay(_PlaceCounts):
    """Cases opened and incidents on one London day at one place: every case's counts summed."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", *PLACES], name="place_day_once"),
        ]
        # The report reads a range of days from the index alone (PostgreSQL; SQLite ignores INCLUDE).
        indexes = [models.Index(fields=["day"], include=[*PLACES, "cases", "incidents"], name="place_day_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.estate or self.postcode_district}: {self.cases} cases, {self.incidents} incidents"


class HotspotCaseDay(_PlaceCounts):
    """One case's share of `PlaceDay`, at the place it was counted at, so it can be taken away exactly."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    #: The case's address when counted (not a key: the repeat locations read it by address and day).
    address_id = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            # Repeat locations: the busiest addresses by cases opened in a range of days, from the index alone.
            models.Index(
                fields=["day"],
                include=["address_id", "cases"],
                condition=models.Q(cases__gt=0),
                name="hotspot_case_day_opened",
            ),
            # ...and the incidents at the few shown.
            models.Index(fields=["address_id", "day"], include=["incidents"], name="hotspot_case_day_address"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} on {self.day}"


class ComplainantDay(models.Model):
    """A case's incidents on one London day, for each person (by match key) who is a complainant on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    person_key = models.CharField(max_length=300)
    day = models.DateField()
    incidents = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["day"], include=["person_key", "incidents", "case"], name="complainant_day_day")
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}, {self.person_key} on {self.day}"


class PerpetratorCase(models.Model):
    """A case and a person (by match key) named on it as the alleged perpetrator; `shared`: on another case too."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    person_key = models.CharField(max_length=300, db_index=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True)
    shared = models.BooleanField(default=False)

    class Meta:
        # Most people are named on one case: the repeat list reads only the others.
        indexes = [
            models.Index(
                fields=["opened_at"],
                include=["person_key", "closed_at", "case"],
                condition=models.Q(shared=True),
                name="perpetrator_case_shared",
            )
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}, {self.person_key}"


#: Every table here, for those that fill or vacuum them all.
DERIVED = (PlaceDay, HotspotCaseDay, ComplainantDay, PerpetratorCase)


def _day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def rederive(case: Case) -> None:
    """Write this case's rows again from its records now (its closing time as the engine derived it), moving
    `PlaceDay`."""
    closed_at = case.closed_at
    incidents = Counter(_day(at) for at in case.incidents.values_list("occurred_at", flat=True))
    _places(case, incidents)
    complainants = sorted(
        set(case.parties.filter(role=PartyRole.COMPLAINANT, person_key__gt="").values_list("person_key", flat=True))
    )
    rows = {(key, day, n) for key in complainants for day, n in incidents.items()}
    held = set(ComplainantDay.objects.filter(case=case).values_list("person_key", "day", "incidents"))
    if rows != held:
        ComplainantDay.objects.filter(case=case).delete()
        ComplainantDay.objects.bulk_create(
            ComplainantDay(case=case, person_key=k, day=d, incidents=n) for k, d, n in sorted(rows)
        )
    keys = set(
        case.parties.filter(role=PartyRole.ALLEGED_PERPETRATOR, person_key__gt="").values_list("person_key", flat=True)
    )
    held_keys = {
        (key, opened, closed)
        for key, opened, closed in PerpetratorCase.objects.filter(case=case).values_list(
            "person_key", "opened_at", "closed_at"
        )
    }
    if held_keys != {(key, case.opened_at, closed_at) for key in keys}:
        before = {key for key, _, _ in held_keys}
        PerpetratorCase.objects.filter(case=case).delete()
        PerpetratorCase.objects.bulk_create(
            PerpetratorCase(case=case, person_key=key, opened_at=case.opened_at, closed_at=closed_at)
            for key in sorted(keys)
        )
        _share(before | keys)


def _places(case: Case, incidents: Counter[date]) -> None:
    address = case.address
    where = tuple((getattr(address, f) or "") if address is not None else "" for f in PLACES)
    rows: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    rows[(_day(case.opened_at), case.address_id, *where)][0] += 1
    for day, n in incidents.items():
        rows[(day, case.address_id, *where)][1] += n
    fields = ("day", "address_id", *PLACES, "cases", "incidents")
    held: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for *key, cases, n in HotspotCaseDay.objects.filter(case=case).values_list(*fields):
        held[tuple(key)][0] += cases
        held[tuple(key)][1] += n
    if dict(rows) == dict(held):
        return
    # `PlaceDay` moves by the difference, per day and place (the address itself is not part of its key).
    change: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for sign, counted in ((1, rows), (-1, held)):
        for (day, _address, *place), (cases, n) in counted.items():
            change[(day, *place)][0] += sign * cases
            change[(day, *place)][1] += sign * n
    HotspotCaseDay.objects.filter(case=case).delete()
    HotspotCaseDay.objects.bulk_create(
        HotspotCaseDay(case=case, **dict(zip(fields, (*k, c, n), strict=True))) for k, (c, n) in rows.items()
    )
    table, places = PlaceDay._meta.db_table, ", ".join(PLACES)
    upsert = (
        f"INSERT INTO {table} (day, {places}, cases, incidents) VALUES (%s, %s, %s, %s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (day, {places}) DO UPDATE SET cases = {table}.cases + excluded.cases, "
        f"incidents = {table}.incidents + excluded.incidents"
    )
    with connection.cursor() as cursor:
        # In the order of the key, so two transactions moving the same rows take their locks alike.
        for key, (cases, n) in sorted(change.items()):
            if cases or n:
                cursor.execute(upsert, (*key, cases, n))


def _share(keys: Iterable[str]) -> None:
    """Mark whether each of these people is named as the alleged perpetrator on more than one case."""
    keys = sorted(set(keys))
    if not keys:
        return
    named = Counter(PerpetratorCase.objects.filter(person_key__in=keys).values_list("person_key", flat=True))
    for key in keys:
        PerpetratorCase.objects.filter(person_key=key).exclude(shared=named[key] > 1).update(shared=named[key] > 1)


def fill(
    *, case: Any = Case, incident: Any = None, party: Any = Party, tables: Any = None, using: Any = connection
) -> None:
    """Make every table anew from the records with INSERT ... SELECT (the migration, the large-org loader)."""
    from casework.cases.models.records import Incident

    incident = incident or Incident
    t = tables or {m.__name__: m._meta.db_table for m in DERIVED}
    ops = using.ops

    def day_of(column: str) -> str:
        sql, params = ops.datetime_cast_date_sql(column, (), ZONE)
        # The only values are the zone's name, a constant: written in, so the same text can be grouped by.
        return str(sql) % tuple(f"'{ZONE}'" for _ in params)

    c, i, p = case._meta.db_table, incident._meta.db_table, party._meta.db_table
    a = case._meta.get_field("address").related_model._meta.db_table
    places = ", ".join(f"COALESCE(a.{f}, '')" for f in PLACES)
    cols = ", ".join(PLACES)
    with using.cursor() as cursor:
        for name in t.values():
            cursor.execute(f"DELETE FROM {name}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {t['HotspotCaseDay']} (case_id, day, address_id, {cols}, cases, incidents) "  # noqa: S608
            f"SELECT c.id, {day_of('c.opened_at')}, c.address_id, {places}, 1, 0 "
            f"FROM {c} c LEFT JOIN {a} a ON a.id = c.address_id"
        )
        cursor.execute(
            f"INSERT INTO {t['HotspotCaseDay']} (case_id, day, address_id, {cols}, cases, incidents) "  # noqa: S608
            f"SELECT c.id, {day_of('i.occurred_at')}, c.address_id, {places}, 0, COUNT(*) FROM {i} i "
            f"JOIN {c} c ON c.id = i.case_id LEFT JOIN {a} a ON a.id = c.address_id "
            f"GROUP BY c.id, {day_of('i.occurred_at')}, c.address_id, {places}"
        )
        cursor.execute(
            f"INSERT INTO {t['PlaceDay']} (day, {cols}, cases, incidents) "  # noqa: S608
            f"SELECT day, {cols}, SUM(cases), SUM(incidents) FROM {t['HotspotCaseDay']} GROUP BY day, {cols}"
        )
        cursor.execute(
            f"INSERT INTO {t['ComplainantDay']} (case_id, person_key, day, incidents) "  # noqa: S608
            f"SELECT p.case_id, p.person_key, {day_of('i.occurred_at')}, COUNT(*) FROM "
            f"(SELECT DISTINCT case_id, person_key FROM {p} WHERE role = %s AND person_key > '') p "
            f"JOIN {i} i ON i.case_id = p.case_id GROUP BY p.case_id, p.person_key, {day_of('i.occurred_at')}",
            [PartyRole.COMPLAINANT.value],
        )
        # The case's closing time as the services keep it (set on closing, cleared on reopening).
        cursor.execute(
            f"INSERT INTO {t['PerpetratorCase']} (case_id, person_key, opened_at, closed_at, shared) "  # noqa: S608
            f"SELECT p.case_id, p.person_key, c.opened_at, c.closed_at, %s FROM "
            f"(SELECT DISTINCT case_id, person_key FROM {p} WHERE role = %s AND person_key > '') p "
            f"JOIN {c} c ON c.id = p.case_id",
            [False, PartyRole.ALLEGED_PERPETRATOR.value],
        )
        cursor.execute(
            f"UPDATE {t['PerpetratorCase']} SET shared = %s WHERE person_key IN "  # noqa: S608
            f"(SELECT person_key FROM {t['PerpetratorCase']} GROUP BY person_key HAVING COUNT(*) > 1)",
            [True],
        )


def rederive_cases_of(person: Any) -> None:
    """Write again the rows of every case this person is a party on: their match key has moved."""
    for case in Case.objects.filter(parties__person=person).distinct().order_by("pk"):
        rederive(case)
