"""Hot spots and repeats: where ASB is concentrated, and who keeps being involved.

Cases and incidents by estate, area, ward and postcode district over the chosen period, against the period
of the same length before it; then repeat locations, repeat alleged perpetrators and repeat victims (three
or more incidents in six months), each linked to their cases. People are recognised across cases by
their match key (name at the same address, or email, or phone), which each party carries as `person_key`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Q, Value

from casework.cases.choices import PartyRole
from casework.cases.models import Address, Case, Incident, Party
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
    busiest = list(
        scope.cases()
        .filter(in_period, address__isnull=False)
        .values("address_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=2)
        .order_by("-cases", "address_id")[: REPEATS_SHOWN + 1]
    )
    shown = busiest[:REPEATS_SHOWN]
    ids = [row["address_id"] for row in shown]
    cases: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    where: dict[int, str] = {}
    for case in scope.cases().filter(in_period, address_id__in=ids).select_related("address"):
        cases[case.address_id].append((case.reference, case.opened_at))  # type: ignore[index]
        where[case.address_id] = str(case.address)  # type: ignore[index]
    incidents: dict[int, int] = {}
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.address_id, SUM(t.in_period) FROM {INCIDENTS} t "  # noqa: S608 - our own names
                f"JOIN {Case._meta.db_table} c ON c.id = t.case_id "
                f"WHERE t.in_period > 0 AND c.address_id IN ({', '.join(['%s'] * len(ids))}) GROUP BY c.address_id",
                ids,
            )
            incidents = {address_id: int(n) for address_id, n in cursor.fetchall()}
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
    repeats = list(
        scope.on_cases(
            parties.filter(role=PartyRole.ALLEGED_PERPETRATOR, person_key__in=candidates(counts, REPEATS_SHOWN + 1))
        )
        .values("person_key")
        .annotate(cases=Count("case", distinct=True), name=Max("person__name"))
        .filter(cases__gte=2)
        .order_by("-cases", "name", "person_key")[: REPEATS_SHOWN + 1]
    )
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
    in_window = Q(
        case__incidents__occurred_at__gte=window.starts_at, case__incidents__occurred_at__lt=window.ends_before
    )
    complainants = Party.objects.filter(role=PartyRole.COMPLAINANT, person_key__gt="")
    # Incidents per case in the window, summed per person from the parties alone; then, for the people who
    # can be shown, the same figures with their names, in the order shown.
    per_case = (f"SELECT case_id, in_window FROM {INCIDENTS} WHERE in_window > 0", ())  # noqa: S608
    counts = counts_by_person(PartyRole.COMPLAINANT, per_case, at_least=REPEAT_VICTIM_INCIDENTS)
    repeats = list(
        scope.on_cases(complainants.filter(in_window, person_key__in=candidates(counts, REPEATS_SHOWN + 1)))
        .values("person_key")
        .annotate(incidents=Count("case__incidents", distinct=True), name=Max("person__name"))
        .filter(incidents__gte=REPEAT_VICTIM_INCIDENTS)
        .order_by("-incidents", "name", "person_key")[: REPEATS_SHOWN + 1]
    )
    shown = repeats[:REPEATS_SHOWN]
    cases = _people(scope, complainants, [r["person_key"] for r in shown], PartyRole.COMPLAINANT)
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
