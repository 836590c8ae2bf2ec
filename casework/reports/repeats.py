"""The same person across cases, counted from the parties alone: the repeat lists' first, heavy pass.

Repeat victims, repeat alleged perpetrators and ASB Case Review all ask "how much, per person, across their
cases?" over hundreds of thousands of cases. `Party.person_key` (the person's match key, copied onto each
party) lets that be answered without joining the two million people on record; and counting per case first
(incidents per case, then summed per person) keeps the rows grouped by a person's key to one per case.
Names, which only the rows shown need, are looked up afterwards for those people only (`candidates`).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from casework.cases.models import Party


def counts_by_person(
    role: str,
    per_case: QuerySet[Any] | tuple[str, tuple[Any, ...]],
    *,
    at_least: int,
    named_more_than_once: bool = False,
) -> dict[str, int]:
    """{person key: total} for the people in `role` whose cases' figures add up to `at_least` or more.

    `per_case` (a queryset, or SQL and its parameters) selects two columns, a case id and that case's figure
    (e.g. its incidents in a window), for the cases that count (already narrowed to the reader's scope, which so
    narrows everything early); each of a person's cases counts once, even when they are named on it twice. With
    `named_more_than_once`, people named in `role` on one case only in all the records are left out first (for a
    figure that needs two cases, this drops most people before any case is looked at).
    """
    per_case_sql, per_case_params = (
        per_case if isinstance(per_case, tuple) else per_case.order_by().query.sql_with_params()
    )
    party = Party._meta.db_table
    if named_more_than_once:
        # Counted in the order of the index on (role, person_key), so without a sort.
        parties = f"""(
            SELECT person_key, case_id FROM (
                SELECT person_key, case_id, COUNT(*) OVER (PARTITION BY person_key) AS named
                FROM {party} WHERE role = %s AND person_key > ''
            ) counted WHERE named > 1
        )"""  # noqa: S608 - a table name from the model; values are parameters
    else:
        parties = f"(SELECT person_key, case_id FROM {party} WHERE role = %s AND person_key > '')"  # noqa: S608
    sql = f"""
        WITH per_case (case_id, figure) AS ({per_case_sql})
        SELECT person_key, SUM(figure) FROM (
            SELECT DISTINCT p.person_key, p.case_id, per_case.figure
            FROM {parties} p JOIN per_case ON per_case.case_id = p.case_id
        ) each_case
        GROUP BY person_key HAVING SUM(figure) >= %s
    """  # noqa: S608 - SQL made by the ORM and a table name from the model; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, (*per_case_params, role, at_least))
        return {key: int(total) for key, total in cursor.fetchall()}


def candidates(counts: dict[str, int], shown: int) -> list[str]:
    """The people who can be among the first `shown` when ordered by their count, highest first, then name.

    Everyone whose count is at least the `shown`-th highest: the ties at the cut are all kept, as only their
    names (not looked up yet) decide which of them come first.
    """
    if len(counts) <= shown:
        return list(counts)
    cut = sorted(counts.values(), reverse=True)[shown - 1]
    return [key for key, n in counts.items() if n >= cut]
