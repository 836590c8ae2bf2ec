"""What the staff case page shows about residents online: each link sent (never the link itself), each email
sent to a resident, who may be sent what, and which incidents and files a resident sent us online.

Read in a fixed number of queries (two) whatever the case holds, from the case file already read
(casework/cases/casefile.py), so the case page's query count does not grow with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from casework.cases.casefile import CaseFile
from casework.cases.models import Party
from casework.residents.access import is_online_service
from casework.residents.links import MAY_HAVE, email_of
from casework.residents.models import LinkPurpose, Notification, ResidentLink


@dataclass(frozen=True)
class LinkRow:
    link: ResidentLink
    #: "live", "expired" or "revoked".
    state: str

    @property
    def state_label(self) -> str:
        return {"live": "Working", "expired": "Expired", "revoked": "Revoked"}[self.state]


@dataclass(frozen=True)
class ResidentsOnline:
    links: list[LinkRow]
    #: Emails to residents about the case, newest first.
    notifications: list[Notification]
    #: Who may be sent a link to follow the case, to keep a diary, or an update (each with an email).
    may_follow: list[Party]
    may_diary: list[Party]
    #: Those who could be sent one, but we hold no email address for them.
    no_email: list[Party]

    @property
    def may_update(self) -> list[Party]:
        return self.may_follow


def link_state(link: ResidentLink, at: datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    return "live" if link.expires_at > at else "expired"


def sent_by(party: Party | None) -> str:
    """How staff see who sent something online: the party's name and role (staff may see names)."""
    if party is None:
        return "Sent online"
    return f"Sent online by {party.person.name} ({party.get_role_display().lower()})"


def residents_online(file: CaseFile) -> ResidentsOnline:
    """The residents' section of the case page, and a `sent_online` mark on each incident and evidence file a
    resident sent through the online service (blank on the rest)."""
    now = timezone.now()
    rows = list(
        ResidentLink.objects.filter(case=file.case)
        .select_related("party__person", "created_by", "revoked_by")
        .order_by("-created_at", "-id")
    )
    notifications = list(
        Notification.objects.filter(case=file.case).select_related("party__person").order_by("-sent_at", "-id")
    )
    _mark_sent_online(file)
    eligible = set(MAY_HAVE[LinkPurpose.CASE]) | set(MAY_HAVE[LinkPurpose.DIARY])
    return ResidentsOnline(
        links=[LinkRow(link, link_state(link, now)) for link in rows],
        notifications=notifications,
        may_follow=[p for p in file.parties if p.role in MAY_HAVE[LinkPurpose.CASE] and email_of(p)],
        may_diary=[p for p in file.parties if p.role in MAY_HAVE[LinkPurpose.DIARY] and email_of(p)],
        no_email=[p for p in file.parties if p.role in eligible and not email_of(p)],
    )


def _mark_sent_online(file: CaseFile) -> None:
    parties = {p.pk: p for p in file.parties}
    incidents = {i.pk: i for i in file.incidents}
    for incident in file.incidents:
        online = is_online_service(incident.recorded_by)
        incident.sent_online = sent_by(incident.reported_by) if online else ""  # type: ignore[attr-defined]
    # A file carries no party of its own: the history says who sent it when the online service named them
    # (an event about the file with a `party` in its payload), else the incident it is about does.
    named: dict[int, int] = {}
    for event in file.timeline:
        payload: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
        party_id = payload.get("party", payload.get("party_id"))
        if event.target_type == "evidence" and event.target_id is not None and isinstance(party_id, int):
            named.setdefault(event.target_id, party_id)
    for item in file.evidence:
        if not is_online_service(item.uploaded_by):
            item.sent_online = ""  # type: ignore[attr-defined]
            continue
        party = parties.get(named.get(item.pk, 0))
        about = incidents.get(item.incident_id or 0)
        if party is None and about is not None:
            party = about.reported_by
        item.sent_online = sent_by(party)  # type: ignore[attr-defined]
