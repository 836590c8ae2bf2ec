"""ASB Case Review: complainants who meet the pack's threshold now, and the requests received with their outcome.

The threshold is the pack's (`[case_review]`: so many incidents in a window, and whether a high-risk case may
qualify below it), counted as the request service counts it (`services.feedback.incidents_reported`):
one `incident.reported` per incident, the report that opened the case included. Here the count is per
complainant, across all their cases, as the legislation asks about the person who keeps reporting, not
about one case file.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q

from casework.cases.choices import CaseReviewOutcome, PartyRole
from casework.cases.models import CaseEvent, CaseReviewRequest, Party
from casework.cases.packs import active_pack, calendar_of
from casework.domain.case_review import window_start
from casework.domain.events import LONDON
from casework.reports.params import ReportParams
from casework.reports.repeats import candidates, counts_by_person
from casework.reports.scope import Period, Scope
from casework.reports.tables import Chart, Column, Link, Report, Table, case_links, percent

#: One per incident, the opening report included (see services.feedback.incidents_reported).
INCIDENT_REPORTED = "incident.reported"

#: Lists show at most this many rows; the counts above them are never capped.
SHOWN = 200


def _eligible(scope: Scope) -> tuple[Table, str]:
    pack = active_pack()
    threshold = pack.case_review
    columns = (
        Column("name", "Complainant"),
        Column("incidents", "Incidents in the window", "count"),
        Column("why", "Why they qualify"),
        Column("requested", "Request received"),
        Column("links", "Cases", "case"),
    )
    if threshold is None:
        return (
            Table(
                key="eligible",
                title="Complainants who meet the threshold now",
                columns=columns,
                rows=(),
                empty=f"{pack.pack.name}'s policy sets no ASB Case Review threshold: the local partnership's applies.",
            ),
            "no threshold set",
        )
    start = window_start(threshold.window, calendar_of(pack), scope.as_of)
    window = Period(start, scope.as_of)
    incidents = Q(
        case__events__verb=INCIDENT_REPORTED,
        case__events__at__gte=window.starts_at,
        case__events__at__lt=window.ends_before,
    )
    complainants = scope.on_cases(Party.objects.filter(role=PartyRole.COMPLAINANT, person_key__gt=""))
    counted = (
        complainants.filter(incidents)
        .values("person_key")
        .annotate(incidents=Count("case__events", distinct=True), name=Max("person__name"))
    )
    # Who meets the threshold, counted per case and summed per person from the parties alone; names (which
    # order those with the same count) only for the people who can be shown.
    per_case = (
        scope.on_cases(
            CaseEvent.objects.filter(verb=INCIDENT_REPORTED, at__gte=window.starts_at, at__lt=window.ends_before)
        )
        .values("case_id")
        .annotate(n=Count("*"))
    )
    meeting = counts_by_person(PartyRole.COMPLAINANT, per_case, at_least=threshold.incidents)
    qualifying: dict[str, dict[str, Any]] = {
        r["person_key"]: r for r in counted.filter(person_key__in=candidates(meeting, SHOWN)).order_by()
    }
    top_band = (
        max(pack.risk_matrix.bands, key=lambda b: b.min_score).id
        if threshold.high_risk_override and pack.risk_matrix
        else None
    )
    high_risk: set[str] = set()
    if top_band is not None:
        at_risk = complainants.filter(case__is_open=True, case__risk_band=top_band)
        high_risk = set(at_risk.values_list("person_key", flat=True).distinct()[: SHOWN + 1])
        below = {r["person_key"]: r for r in counted.filter(person_key__in=high_risk).order_by()}
        for key in high_risk - qualifying.keys():
            name = at_risk.filter(person_key=key).values_list("person__name", flat=True).first()
            qualifying[key] = below.get(key) or {"person_key": key, "incidents": 0, "name": name}
    shown = sorted(qualifying, key=lambda k: (-qualifying[k]["incidents"], qualifying[k]["name"]))[:SHOWN]
    # Everyone who qualifies, named or not: those meeting the threshold and those at high risk below it.
    keys = meeting.keys() | qualifying.keys()
    cases: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    requested: set[str] = set()
    for key, reference, opened, asked in complainants.filter(person_key__in=shown).values_list(
        "person_key",
        "case__reference",
        "case__opened_at",
        Exists(CaseReviewRequest.objects.filter(case=OuterRef("case"))),
    ):
        cases[key].append((reference, opened))
        if asked:
            requested.add(key)
    rows = []
    for key in shown:
        found = qualifying[key]
        why = (
            f"{found['incidents']} incidents (threshold {threshold.incidents})"
            if found["incidents"] >= threshold.incidents
            else f"High risk with {found['incidents']} incidents: the policy says a high-risk case may qualify"
        )
        rows.append(
            {
                "name": found["name"],
                "incidents": found["incidents"],
                "why": why,
                "requested": "Yes" if key in requested else "No",
                "links": case_links(cases[key]),
            }
        )
    words = f"{threshold.incidents} incidents in {threshold.window.describe()}"
    return (
        Table(
            key="eligible",
            title="Complainants who meet the threshold now",
            columns=columns,
            rows=tuple(rows),
            caption=f"Threshold: {words}, counted {window.describe()}",
            truncated_at=SHOWN if len(keys) > SHOWN else None,
            notes=(
                "Incidents are counted across all of a complainant's cases: the report that opened each case "
                "and every incident reported after it.",
                *(
                    ("A complainant on an open case in the top risk band qualifies below the threshold.",)
                    if top_band
                    else ()
                ),
            ),
            empty="Nobody meets the threshold today.",
        ),
        words,
    )


def _requests(scope: Scope, period: Period) -> tuple[Table, Table]:
    received = scope.on_cases(
        CaseReviewRequest.objects.filter(requested_at__gte=period.starts_at, requested_at__lt=period.ends_before)
    )
    counts = {
        r["outcome"]: r
        for r in received.values("outcome")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(threshold_met=True)))
        .order_by()
    }
    total = sum(r["n"] for r in counts.values())
    by_outcome = Table(
        key="outcomes",
        title="Requests received, by outcome",
        columns=(
            Column("outcome", "Outcome"),
            Column("requests", "Requests", "count"),
            Column("threshold_met", "Threshold met when received", "count"),
            Column("share", "Share of requests", "percent", of=("requests",)),
        ),
        rows=tuple(
            {
                "outcome": label,
                "requests": counts.get(value, {}).get("n", 0),
                "threshold_met": counts.get(value, {}).get("met", 0),
                "share": percent(counts.get(value, {}).get("n", 0), total),
            }
            for value, label in CaseReviewOutcome.choices
        ),
        totals=(
            {
                "outcome": "All requests",
                "requests": total,
                "threshold_met": sum(r["met"] for r in counts.values()),
                "share": percent(total, total),
            },
        ),
        chart=Chart("bar", "outcome", ("requests",)),
        caption=f"Requested {period.describe()}",
    )
    listed = list(received.select_related("case").order_by("-requested_at", "-id")[: SHOWN + 1])
    outcome_labels = dict(CaseReviewOutcome.choices)
    rows = tuple(
        {
            "case": Link(r.case.reference, r.case.reference),
            "requested": r.requested_at.astimezone(LONDON).date(),
            "threshold_met": "Yes" if r.threshold_met else "No",
            "outcome": outcome_labels.get(r.outcome, r.outcome),
            "decided": r.decided_at.astimezone(LONDON).date() if r.decided_at else None,
            "days": (r.decided_at.astimezone(LONDON).date() - r.requested_at.astimezone(LONDON).date()).days
            if r.decided_at
            else None,
        }
        for r in listed[:SHOWN]
    )
    requests = Table(
        key="requests",
        title="Requests received",
        columns=(
            Column("case", "Case", "case"),
            Column("requested", "Requested", "date"),
            Column("threshold_met", "Threshold met"),
            Column("outcome", "Outcome"),
            Column("decided", "Decided", "date"),
            Column("days", "Days to decide", "days"),
        ),
        rows=rows,
        truncated_at=SHOWN if len(listed) > SHOWN else None,
        empty="No ASB Case Review requests were received in this period.",
    )
    return by_outcome, requests


def build(scope: Scope, params: ReportParams) -> Report:
    eligible, threshold = _eligible(scope)
    by_outcome, requests = _requests(scope, params.period)
    waiting = by_outcome.rows[0]["requests"] if by_outcome.rows else 0
    return Report(
        slug="case-review",
        title="ASB Case Review",
        summary=(
            f"{len(eligible.rows)}{'+' if eligible.truncated_at else ''} complainants meet the threshold "
            f"({threshold}) today; {by_outcome.totals[0]['requests']} requests received "
            f"{params.period.describe()}, {waiting} not yet decided."
        ),
        tables=(eligible, by_outcome, requests),
        described=(
            ("Threshold counted to", f"{scope.as_of:%-d %B %Y}"),
            ("Requests received", params.period.describe()),
            ("Cases", scope.describe()),
        ),
    )
