"""Hot spots and repeats: where ASB is concentrated, and who keeps being involved.

Cases and incidents by estate, area, ward and postcode district over the chosen period, against the period
of the same length before it; then repeat locations, repeat alleged perpetrators and repeat victims (three
or more incidents in six months), each linked to their cases. People are recognised across cases by
their match key (name at the same address, or email, or phone), which each party carries as `person_key`.

Over every case (an administrator's scope) the figures come from the counts the engine keeps with each
event (casework/cases/models/hotspots.py), as live queries over a national deployment take seconds; a
narrower scope counts its cases' records live, which is quick for a few teams' cases. Both give the same
tables (tests/reports/test_hotspots.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Q, Value

from casework.cases.choices import PartyRole
from casework.cases.models import (
    Address,
    Case,
    ComplainantDay,
    HotspotCaseDay,
    Incident,
    Party,
    PerpetratorCase,
    Person,
    PlaceDay,
)
from casework.domain.calendar import add_months as add_calendar_months
from casework.reports.params import ReportParams
from casework.reports.repeats import candidates, counts_by_person
from casework.reports.scope import Period, Scope
from casework.reports.tables import Chart, Column, Report, Table, case_links

#: Places shown per breakdown, busiest first; the rest are summed in the totals row.
PLACES_SHOWN = 20
#: Repeat lists show at most this many people or places.
REPEATS_SHOWN = 200
#: A repeat victim: this many incidents or more…
REPEAT_VICTIM_INCIDENTS = 3
#: …in this many months.
REPEAT_VICTIM_MONTHS = 6

DIMENSIONS = (
    ("estate", "Estate"),
    ("area", "Area"),
    ("ward", "Ward"),
    ("postcode_district", "Postcode district"),
)


#: A temporary table (this connection only) of each case's incidents in the windows the report reads.
INCIDENTS = "casework_hotspots_incidents"


def _change(now: int, before: int) -> str:
    if now == before:
        return "No change"
    return f"{'+' if now > before else '−'}{abs(now - before)}"


Counts = dict[str, dict[str, dict[str, int]]]


def _counts_by_place(scope: Scope, period: Period) -> Counts:
    """Cases and incidents in the period and the one before, for every dimension at once: {field: {place: …}}.

    Two grouped queries (cases; incidents, from `_incidents_per_case`) by all four place columns together;
    each dimension's figures are sums over those groups, so adding a dimension costs no extra pass.
    """
    previous = period.previous()
    fields = [field for field, _ in DIMENSIONS]
    counts: Counts = {field: defaultdict(lambda: defaultdict(int)) for field in fields}
    in_period = Q(opened_at__gte=period.starts_at, opened_at__lt=period.ends_before)
    in_previous = Q(opened_at__gte=previous.starts_at, opened_at__lt=previous.ends_before)
    grouped = (
        (
            "cases",
            # The previous period ends where this one starts: one range of the index, not two.
            scope.cases()
            .filter(opened_at__gte=previous.starts_at, opened_at__lt=period.ends_before)
            .values(*(f"address__{f}" for f in fields))
            .annotate(now=Count("pk", filter=in_period), before=Count("pk", filter=in_previous)),
            "address__",
        ),
    )
    for what, rows, prefix in grouped:
        for row in rows.order_by():
            for field in fields:
                place = counts[field][row[prefix + field] or ""]
                place[what] += row["now"]
                place[f"{what}_before"] += row["before"]
    case, address = Case._meta.db_table, Address._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT {", ".join(f"a.{f}" for f in fields)}, SUM(t.in_period), SUM(t.in_previous)
            FROM {INCIDENTS} t JOIN {case} c ON c.id = t.case_id LEFT JOIN {address} a ON a.id = c.address_id
            WHERE t.in_period > 0 OR t.in_previous > 0
            GROUP BY {", ".join(f"a.{f}" for f in fields)}
            """  # noqa: S608 - our own table and column names, no values
        )
        for *places, now, before in cursor.fetchall():
            for field, where in zip(fields, places, strict=True):
                place = counts[field][where or ""]
                place["incidents"] += int(now)
                place["incidents_before"] += int(before)
    return counts


def _by_place(period: Period, field: str, label: str, counts: dict[str, dict[str, int]]) -> Table:
    previous = period.previous()
    rows: list[dict[str, Any]] = []
    for place, c in counts.items():
        rows.append(
            {
                "place": place or "Not recorded",
                "cases": c["cases"],
                "cases_before": c["cases_before"],
                "cases_change": _change(c["cases"], c["cases_before"]),
                "incidents": c["incidents"],
                "incidents_before": c["incidents_before"],
                "incidents_change": _change(c["incidents"], c["incidents_before"]),
            }
        )
    # Busiest first; "Not recorded" last, as it is not a place.
    rows.sort(key=lambda r: (r["place"] == "Not recorded", -r["cases"], -r["incidents"], r["place"]))
    totals = {key: sum(r[key] for r in rows) for key in ("cases", "cases_before", "incidents", "incidents_before")}
    return Table(
        key=f"by-{field.replace('_', '-')}",
        title=f"By {label.lower()}",
        columns=(
            Column("place", label),
            Column("cases", "Cases opened", "count"),
            Column("cases_before", "Cases, previous period", "count"),
            Column("cases_change", "Change"),
            Column("incidents", "Incidents", "count"),
            Column("incidents_before", "Incidents, previous period", "count"),
            Column("incidents_change", "Change"),
        ),
        rows=tuple(rows[:PLACES_SHOWN]),
        totals=(
            {
                "place": "All places",
                **totals,
                "cases_change": _change(totals["cases"], totals["cases_before"]),
                "incidents_change": _change(totals["incidents"], totals["incidents_before"]),
            },
        ),
        chart=Chart("bar", "place", ("cases", "cases_before")),
        caption=f"{period.describe()}, against {previous.describe()}",
        truncated_at=PLACES_SHOWN if len(rows) > PLACES_SHOWN else None,
        notes=("A case counts where its address is; an incident counts at its case's address.",),
    )


def _repeat_locations(scope: Scope, period: Period) -> Table:
    in_period = Q(opened_at__gte=period.starts_at, opened_at__lt=period.ends_before)
    busiest = _busiest_kept(period) if scope.covers_every_case else _busiest_live(scope, in_period)
    shown = busiest[:REPEATS_SHOWN]
    ids = [row["address_id"] for row in shown]
    cases: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    # Rows, not Case objects: thousands of cases can be at the busiest addresses.
    for address_id, reference, opened_at in (
        scope.cases().filter(in_period, address_id__in=ids).values_list("address_id", "reference", "opened_at")
    ):
        cases[address_id].append((reference, opened_at))
    where = {address.pk: str(address) for address in Address.objects.filter(pk__in=[i for i in ids if cases[i]])}
    incidents = _incidents_at(scope, period, ids) if ids else {}
    return Table(
        key="repeat-locations",
        title="Repeat locations",
        columns=(
            Column("place", "Address"),
            Column("cases", "Cases opened", "count"),
            Column("incidents", "Incidents", "count"),
            Column("links", "Cases", "case"),
        ),
        rows=tuple(
            {
                "place": where.get(row["address_id"], ""),
                "cases": row["cases"],
                "incidents": incidents.get(row["address_id"], 0),
                "links": case_links(cases[row["address_id"]]),
            }
            for row in shown
        ),
        caption=f"Addresses with two or more cases opened {period.describe()}",
        truncated_at=REPEATS_SHOWN if len(busiest) > REPEATS_SHOWN else None,
        empty="No address had more than one case opened in this period.",
    )


def _busiest_live(scope: Scope, in_period: Q) -> list[Any]:
    return list(
        scope.cases()
        .filter(in_period, address__isnull=False)
        .values("address_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=2)
        .order_by("-cases", "address_id")[: REPEATS_SHOWN + 1]
    )


def _busiest_kept(period: Period) -> list[dict[str, Any]]:
    """`_busiest_live` for every case, from the cases' opening rows in `HotspotCaseDay` (its partial index)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT address_id, SUM(cases) FROM {HotspotCaseDay._meta.db_table} "  # noqa: S608 - our own names
            "WHERE cases > 0 AND day >= %s AND day <= %s AND address_id IS NOT NULL "
            "GROUP BY address_id HAVING SUM(cases) >= 2 ORDER BY SUM(cases) DESC, address_id LIMIT %s",
            [period.start, period.end, REPEATS_SHOWN + 1],
        )
        return [{"address_id": address_id, "cases": int(n)} for address_id, n in cursor.fetchall()]


def _incidents_at(scope: Scope, period: Period, ids: list[int]) -> dict[int, int]:
    """Incidents in the period on the cases at these addresses, per address."""
    if not scope.covers_every_case:
        # The manager's path reads the incidents per case already counted into `INCIDENTS`.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.address_id, SUM(t.in_period) FROM {INCIDENTS} t "  # noqa: S608 - our own names
                f"JOIN {Case._meta.db_table} c ON c.id = t.case_id "
                f"WHERE t.in_period > 0 AND c.address_id IN ({', '.join(['%s'] * len(ids))}) GROUP BY c.address_id",
                ids,
            )
            return {address_id: int(n) for address_id, n in cursor.fetchall()}
    # Every case: the incidents kept by address and day (`HotspotCaseDay`), read for the addresses shown.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT address_id, SUM(incidents) FROM {HotspotCaseDay._meta.db_table} "  # noqa: S608 - our own names
            f"WHERE address_id IN ({', '.join(['%s'] * len(ids))}) AND day >= %s AND day <= %s "
            "GROUP BY address_id HAVING SUM(incidents) > 0",
            [*ids, period.start, period.end],
        )
        return {address_id: int(n) for address_id, n in cursor.fetchall()}


def _counts_by_place_kept(period: Period) -> Counts:
    """`_counts_by_place` for every case, from the counts kept per day and place (`PlaceDay`)."""
    previous = period.previous()
    fields = [field for field, _ in DIMENSIONS]
    counts: Counts = {field: defaultdict(lambda: defaultdict(int)) for field in fields}
    columns = ", ".join(fields)
    now = "CASE WHEN day >= %s THEN {0} ELSE 0 END"
    before = "CASE WHEN day < %s THEN {0} ELSE 0 END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT {columns}, SUM({now.format("cases")}), SUM({before.format("cases")}),
                SUM({now.format("incidents")}), SUM({before.format("incidents")})
            FROM {PlaceDay._meta.db_table} WHERE day >= %s AND day <= %s
            GROUP BY {columns} HAVING SUM(cases) > 0 OR SUM(incidents) > 0
            """,  # noqa: S608 - our own table and column names; values are parameters
            (period.start, period.start, period.start, period.start, previous.start, period.end),
        )
        for *places, cases, cases_before, incidents, incidents_before in cursor.fetchall():
            for field, where in zip(fields, places, strict=True):
                place = counts[field][where or ""]
                place["cases"] += int(cases)
                place["cases_before"] += int(cases_before)
                place["incidents"] += int(incidents)
                place["incidents_before"] += int(incidents_before)
    return counts


def _keys_in(column: str, keys: list[str]) -> tuple[str, list[Any]]:
    """`column` is one of `keys`: one array parameter on PostgreSQL (tens of thousands of keys can tie)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [keys]
    return f"{column} IN ({', '.join(['%s'] * len(keys))})", list(keys)


def _ranked(counts: dict[str, int], named: Any) -> list[dict[str, Any]]:
    """The first REPEATS_SHOWN + 1 people by count, highest first, then by name and key, as the ORM ordered them.

    Names are looked up for the people above the cut, and of those tied at it only the first few by name
    (`named(keys, limit)` returns (key, name) ordered by name and key, from the database, so the collation is
    the database's as before): thousands can tie at the cut, and none of the others can be shown.
    """
    want = REPEATS_SHOWN + 1
    if len(counts) <= want:
        found = named(list(counts), None) if counts else []
    else:
        cut = sorted(counts.values(), reverse=True)[want - 1]
        above = [key for key, n in counts.items() if n > cut]
        tied = [key for key, n in counts.items() if n == cut]
        found = (named(above, None) if above else []) + named(tied, want - len(above))
    # Stable: within one count the database's order by name and key stays.
    found.sort(key=lambda row: -counts[row[0]])
    return [{"person_key": key, "figure": counts[key], "name": name} for key, name in found[:want]]


def _perpetrators_kept(period: Period) -> list[dict[str, Any]]:
    table = PerpetratorCase._meta.db_table
    where = f"{table}.shared = %s AND {table}.opened_at < %s AND ({table}.closed_at IS NULL OR {table}.closed_at >= %s)"
    params: list[Any] = [True, period.ends_before, period.starts_at]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_key, COUNT(*) FROM {table} WHERE {where} GROUP BY person_key HAVING COUNT(*) >= 2",  # noqa: S608
            params,
        )
        counts = {key: int(n) for key, n in cursor.fetchall()}

    def named(keys: list[str], limit: int | None) -> list[tuple[str, str]]:
        among, among_params = _keys_in(f"{table}.person_key", keys)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT {table}.person_key, MAX(pe.name) AS name FROM {table}
                JOIN {Party._meta.db_table} p
                    ON p.case_id = {table}.case_id AND p.role = %s AND p.person_key = {table}.person_key
                JOIN {Person._meta.db_table} pe ON pe.id = p.person_id
                WHERE {where} AND {among}
                GROUP BY {table}.person_key ORDER BY name, {table}.person_key
                """  # noqa: S608 - our own names; values are parameters
                + ("LIMIT %s" if limit is not None else ""),
                [PartyRole.ALLEGED_PERPETRATOR.value, *params, *among_params] + ([limit] if limit is not None else []),
            )
            return [(key, name) for key, name in cursor.fetchall()]

    return _ranked(counts, named)


def _victims_kept(window: Period) -> list[dict[str, Any]]:
    table = ComplainantDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_key, SUM(incidents) FROM {table} WHERE day >= %s AND day <= %s "  # noqa: S608
            "GROUP BY person_key HAVING SUM(incidents) >= %s",
            [window.start, window.end, REPEAT_VICTIM_INCIDENTS],
        )
        counts = {key: int(n) for key, n in cursor.fetchall()}

    def named(keys: list[str], limit: int | None) -> list[tuple[str, str]]:
        among, among_params = _keys_in("person_key", keys)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT d.person_key, MAX(pe.name) AS name FROM (
                    SELECT DISTINCT case_id, person_key FROM {table} WHERE day >= %s AND day <= %s AND {among}
                ) d
                JOIN {Party._meta.db_table} p ON p.case_id = d.case_id AND p.role = %s AND p.person_key = d.person_key
                JOIN {Person._meta.db_table} pe ON pe.id = p.person_id
                GROUP BY d.person_key ORDER BY name, d.person_key
                """  # noqa: S608 - our own names; values are parameters
                + ("LIMIT %s" if limit is not None else ""),
                [window.start, window.end, *among_params, PartyRole.COMPLAINANT.value]
                + ([limit] if limit is not None else []),
            )
            return [(key, name) for key, name in cursor.fetchall()]

    return _ranked(counts, named)


def _people(scope: Scope, parties: Any, keys: list[str], role: str) -> dict[str, list[tuple[str, Any]]]:
    found: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for key, reference, opened in (
        scope.on_cases(parties.filter(role=role, person_key__in=keys))
        .values_list("person_key", "case__reference", "case__opened_at")
        .order_by()
    ):
        found[key].append((reference, opened))
    return found


def _repeat_perpetrators(scope: Scope, period: Period) -> Table:
    # Cases that were open at some point in the period: opened before it ended, not closed before it began.
    open_in_period = Q(case__opened_at__lt=period.ends_before) & (
        Q(case__closed_at__isnull=True) | Q(case__closed_at__gte=period.starts_at)
    )
    parties = Party.objects.filter(open_in_period, person_key__gt="")
    if scope.covers_every_case:
        repeats = [{**r, "cases": r["figure"]} for r in _perpetrators_kept(period)]
    else:
        repeats = _perpetrators_live(scope, period, parties)
    shown = repeats[:REPEATS_SHOWN]
    cases = _people(scope, parties, [r["person_key"] for r in shown], PartyRole.ALLEGED_PERPETRATOR)
    return Table(
        key="repeat-perpetrators",
        title="Repeat alleged perpetrators",
        columns=(
            Column("name", "Alleged perpetrator"),
            Column("cases", "Cases", "count"),
            Column("links", "Cases", "case"),
        ),
        rows=tuple(
            {"name": r["name"], "cases": r["cases"], "links": case_links(cases[r["person_key"]])} for r in shown
        ),
        caption=f"People named as the alleged perpetrator on two or more cases open during {period.describe()}",
        truncated_at=REPEATS_SHOWN if len(repeats) > REPEATS_SHOWN else None,
        empty="Nobody was the alleged perpetrator on more than one case open in this period.",
    )


def _perpetrators_live(scope: Scope, period: Period, parties: Any) -> list[dict[str, Any]]:
    # Who has two or more such cases, counted from the parties alone; then, for the people who can be
    # shown, the same figures with their names, in the order shown.
    open_cases = (
        scope.cases()
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.starts_at), opened_at__lt=period.ends_before)
        .values_list("pk", Value(1))
    )
    # Leaving out the people named once pays only when every case is counted; a team's cases are few.
    counts = counts_by_person(
        PartyRole.ALLEGED_PERPETRATOR, open_cases, at_least=2, named_more_than_once=scope.covers_every_case
    )
    return list(
        scope.on_cases(
            parties.filter(role=PartyRole.ALLEGED_PERPETRATOR, person_key__in=candidates(counts, REPEATS_SHOWN + 1))
        )
        .values("person_key")
        .annotate(cases=Count("case", distinct=True), name=Max("person__name"))
        .filter(cases__gte=2)
        .order_by("-cases", "name", "person_key")[: REPEATS_SHOWN + 1]
    )


def _victims_window(period: Period) -> Period:
    """Six months to the period's end, exactly: from the day after the same date six months before."""
    return Period(_months_before(period.end, REPEAT_VICTIM_MONTHS), period.end)


def _incidents_per_case(scope: Scope, period: Period) -> None:
    """Each case's incidents in the period, the one before and the repeat victims' window, into `INCIDENTS`.

    One pass over the incidents of the windows (which all end when the period does), read after by the
    places, the repeat locations and the repeat victims instead of each counting the incidents again.
    """
    previous, window = period.previous(), _victims_window(period)

    def between(within: Period) -> Q:
        return Q(occurred_at__gte=within.starts_at, occurred_at__lt=within.ends_before)

    per_case = (
        scope.on_cases(
            Incident.objects.filter(
                occurred_at__gte=min(previous.starts_at, window.starts_at), occurred_at__lt=period.ends_before
            )
        )
        .values("case_id")
        .annotate(
            in_period=Count("case", filter=between(period)),
            in_previous=Count("case", filter=between(previous)),
            in_window=Count("case", filter=between(window)),
        )
        .order_by()
    )
    sql, params = per_case.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INCIDENTS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {INCIDENTS} AS {sql}", params)


def _repeat_victims(scope: Scope, period: Period) -> Table:
    window = _victims_window(period)
    complainants = Party.objects.filter(role=PartyRole.COMPLAINANT, person_key__gt="")
    if scope.covers_every_case:
        repeats = [{**r, "incidents": r["figure"]} for r in _victims_kept(window)]
    else:
        repeats = _victims_live(scope, window, complainants)
    shown = repeats[:REPEATS_SHOWN]
    cases = _people(scope, complainants, [r["person_key"] for r in shown], PartyRole.COMPLAINANT)
    return _victims_table(window, repeats, shown, cases)


def _victims_live(scope: Scope, window: Period, complainants: Any) -> list[dict[str, Any]]:
    in_window = Q(
        case__incidents__occurred_at__gte=window.starts_at, case__incidents__occurred_at__lt=window.ends_before
    )
    # Incidents per case in the window, summed per person from the parties alone; then, for the people who
    # can be shown, the same figures with their names, in the order shown.
    per_case = (f"SELECT case_id, in_window FROM {INCIDENTS} WHERE in_window > 0", ())  # noqa: S608
    counts = counts_by_person(PartyRole.COMPLAINANT, per_case, at_least=REPEAT_VICTIM_INCIDENTS)
    return list(
        scope.on_cases(complainants.filter(in_window, person_key__in=candidates(counts, REPEATS_SHOWN + 1)))
        .values("person_key")
        .annotate(incidents=Count("case__incidents", distinct=True), name=Max("person__name"))
        .filter(incidents__gte=REPEAT_VICTIM_INCIDENTS)
        .order_by("-incidents", "name", "person_key")[: REPEATS_SHOWN + 1]
    )


def _victims_table(window: Period, repeats: list[Any], shown: list[Any], cases: dict[str, Any]) -> Table:
    return Table(
        key="repeat-victims",
        title="Repeat victims",
        columns=(
            Column("name", "Complainant"),
            Column("incidents", "Incidents in six months", "count"),
            Column("links", "Cases", "case"),
        ),
        rows=tuple(
            {"name": r["name"], "incidents": r["incidents"], "links": case_links(cases[r["person_key"]])} for r in shown
        ),
        caption=f"Complainants with {REPEAT_VICTIM_INCIDENTS} or more incidents on their cases {window.describe()}",
        truncated_at=REPEATS_SHOWN if len(repeats) > REPEATS_SHOWN else None,
        notes=(
            "Every incident on a case where the person is a complainant counts, whoever reported it; "
            "the report that opened a case is its first incident.",
        ),
        empty="Nobody had three or more incidents in the six months.",
    )


def _months_before(day: date, months: int) -> date:
    """The day after the same date `months` earlier (clamped to the month's end): a window of whole months."""
    return add_calendar_months(day, -months) + timedelta(days=1)


def build(scope: Scope, params: ReportParams) -> Report:
    period = params.period
    if scope.covers_every_case:
        # Every case: the counts the engine keeps (casework/cases/models/hotspots.py), not a pass over them all.
        counts = _counts_by_place_kept(period)
    else:
        _incidents_per_case(scope, period)
        counts = _counts_by_place(scope, period)
    tables = [_by_place(period, field, label, counts[field]) for field, label in DIMENSIONS]
    tables += [_repeat_locations(scope, period), _repeat_perpetrators(scope, period), _repeat_victims(scope, period)]
    busiest = tables[0].rows[0]["place"] if tables[0].rows else None
    return Report(
        slug="hot-spots",
        title="Hot spots and repeats",
        summary=(
            f"{tables[0].totals[0]['cases']} cases and {tables[0].totals[0]['incidents']} incidents "
            f"{period.describe()}" + (f"; the busiest estate was {busiest}." if busiest else ".")
        ),
        tables=tuple(tables),
        described=(
            ("Period", period.describe()),
            ("Compared with", period.previous().describe()),
            ("Cases", scope.describe()),
        ),
    )
