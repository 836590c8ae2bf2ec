"""Rows for report fixtures, written straight to the tables reports read, so each figure is easy to count.

Reports read stored rows (cases, parties, obligations, incidents, events); the services that normally write
them are tested elsewhere. Times are London-local; `day(2026, 3, 2)` is midday on that day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count
from typing import Any

from casework.cases.models import (
    Address,
    Case,
    CaseEvent,
    CaseType,
    Incident,
    Intervention,
    Obligation,
    Party,
    Person,
)
from casework.cases.models.hotspots import rederive
from casework.domain.events import LONDON

_numbers = count(1)


def day(year: int, month: int, dd: int, hour: int = 12) -> datetime:
    return datetime.combine(date(year, month, dd), time(hour), tzinfo=LONDON)


def address(line1: str = "1 Elm Road", postcode: str = "ZZ1 1AA", **fields: Any) -> Address:
    found = Address.objects.filter(line1=line1, postcode=postcode).first()
    return found or Address.objects.create(line1=line1, postcode=postcode, **fields)


def case(
    *,
    opened: datetime,
    closed: datetime | None = None,
    priority: str = "low",
    owner: Any = None,
    team: Any = None,
    at: Address | None = None,
    hate: bool = False,
    closure_reason: str = "",
    types: tuple[str, ...] = (),
    risk_band: str = "",
    stage: str = "",
    reference: str | None = None,
    created_by: Any,
    pack_id: str = "places-for-people",
) -> Case:
    made = Case.objects.create(
        reference=reference or f"ASB-{opened.year}-{next(_numbers):06d}",
        pack_id=pack_id,
        pack_version="1",
        priority=priority,
        risk_band=risk_band,
        stage=stage or ("closed" if closed else "investigation"),
        is_open=closed is None,
        owner_role="community-housing-manager",
        owner=owner,
        team=team if team is not None else getattr(owner, "staff", None) and owner.staff.team,
        channel="phone",
        summary="Something happened",
        address=at,
        hate_related=hate,
        opened_at=opened,
        closed_at=closed,
        closure_reason=closure_reason,
        created_by=created_by,
    )
    CaseType.objects.bulk_create(CaseType(case=made, type_id=t) for t in types)
    event(made, "case.opened", opened)
    if closed is not None:
        event(made, "case.closed", closed)
    kept(made)
    return made


def kept(on: Case) -> None:
    """The hot spots' derived counts, as `engine.refresh` writes them after each event (the services' way)."""
    rederive(on)


def party(on: Case, role: str, name: str, *, home: Address | None = None, **person: Any) -> Party:
    who = Person.objects.create(name=name, address=home, **person)
    made = Party.objects.create(case=on, person=who, role=role)
    kept(on)
    return made


def event(on: Case, verb: str, at: datetime, **payload: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=on, verb=verb, at=at, recorded_at=at, payload=payload)


def duty(
    on: Case,
    kind: str,
    *,
    due: date,
    state: str = "pending",
    met: datetime | None = None,
    owner: Any = None,
    started: date | None = None,
) -> Obligation:
    return Obligation.objects.create(
        case=on,
        rule_id=f"{kind}-rule",
        kind=kind,
        label=kind.replace("-", " ").capitalize(),
        occurrence=Obligation.objects.filter(case=on, rule_id=f"{kind}-rule").count() + 1,
        owner_role="community-housing-manager",
        owner=owner if owner is not None else on.owner,
        started_on=started or on.opened_at.date(),
        due_date=due,
        state=state,
        met_at=met,
    )


def incident(on: Case, at: datetime, *, by: Any, reported_by: Party | None = None, source: str = "phone") -> Incident:
    made = Incident.objects.create(
        case=on,
        occurred_at=at,
        description="It happened again",
        reported_by=reported_by,
        source=source,
        recorded_at=at,
        recorded_by=by,
    )
    event(on, "incident.reported", at, source=source)
    kept(on)
    return made


def intervention(on: Case, kind: str, *, proposed: datetime, started: datetime | None, by: Any) -> Intervention:
    return Intervention.objects.create(
        case=on,
        kind=kind,
        status="started" if started else "proposed",
        reason="Because",
        proposed_at=proposed,
        proposed_by=by,
        started_at=started,
    )
