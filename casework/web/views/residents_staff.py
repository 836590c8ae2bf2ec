"""Staff pages for residents online: send a resident a link (to follow the case, or to keep a diary), revoke
a link, and send a complainant an update by email. Each is a form over one service in
casework/residents/staff.py, which decides who may be sent what; the case page lists the links and emails
(web/case/_residents.html). Staff never see a link itself: it is the resident's key to their case.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import path
from django.utils import timezone

from casework.cases.choices import PartyRole
from casework.cases.models import Party
from casework.errors import NotFound
from casework.residents import staff
from casework.residents.casepage import link_state
from casework.residents.links import MAY_HAVE, email_of
from casework.residents.models import LinkPurpose, ResidentLink
from casework.web.forms import residents_staff as forms
from casework.web.forms.steps_records import CaseStepForm
from casework.web.views.records_common import CaseStepView
from casework.web.views.steps_records import page

TEMPLATES = "web/steps/residents/"
SECTION = "residents"


def _with_email(case: Any, roles: tuple[str, ...]) -> list[Party]:
    parties = Party.objects.filter(case=case, role__in=roles).select_related("person").order_by("id")
    return [p for p in parties if email_of(p)]


class LinkSend(CaseStepView):
    form_class = forms.LinkSendForm
    template_name = TEMPLATES + "link.html"
    section = SECTION
    doing = "send a resident a link"

    purpose: LinkPurpose

    def load(self, **kwargs: Any) -> None:
        if kwargs["purpose"] not in LinkPurpose.values:
            raise NotFound(f"no kind of link {kwargs['purpose']!r}")
        self.purpose = LinkPurpose(kwargs["purpose"])

    def title(self) -> str:
        return "Send a link to follow the case" if self.purpose == LinkPurpose.CASE else "Send a diary link"

    def parties(self) -> list[Party]:
        return _with_email(self.case, MAY_HAVE[self.purpose])

    def form_kwargs(self) -> dict[str, Any]:
        return {"parties": self.parties()}

    def initial(self) -> dict[str, Any]:
        parties = self.parties()
        return {"party": str(parties[0].pk)} if len(parties) == 1 else {}

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "has_choices": bool(getattr(form.fields["party"], "choices", ())),
            "days": settings.CASEWORK_RESIDENT_LINK_DAYS,
        }

    def record(self, form: forms.LinkSendForm) -> str:
        data = form.cleaned_data
        link = staff.resident_link_send(
            actor=self.request.user,
            case=self.case.reference,
            party_id=int(data["party"]),
            purpose=self.purpose,
            version=data["version"],
        )
        return f"Link sent to {link.party.person.name} at {link.email}"


class LinkRevoke(CaseStepView):
    """Revoke one link: the case page's button posts here; the page itself asks again only after a refusal."""

    form_class = forms.LinkRevokeForm
    template_name = TEMPLATES + "revoke.html"
    heading = "Revoke a resident’s link"
    section = SECTION
    doing = "revoke a resident's link"

    link: ResidentLink

    def load(self, **kwargs: Any) -> None:
        found = ResidentLink.objects.filter(case=self.case, pk=kwargs["link"]).select_related("party__person").first()
        if found is None:
            raise NotFound(f"no such link on case {self.case.reference}")
        self.link = found

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {"link": self.link, "state": link_state(self.link, timezone.now())}

    def record(self, form: forms.LinkRevokeForm) -> str:
        staff.resident_link_revoke(
            actor=self.request.user,
            case=self.case.reference,
            link_id=self.link.pk,
            version=form.cleaned_data["version"],
        )
        return f"Link revoked: {self.link.party.person.name}’s link no longer works"


class UpdateSend(CaseStepView):
    form_class = forms.UpdateForm
    template_name = TEMPLATES + "update.html"
    heading = "Send an update by email"
    section = SECTION
    doing = "send an update"

    def parties(self) -> list[Party]:
        return _with_email(self.case, MAY_HAVE[LinkPurpose.CASE])

    def form_kwargs(self) -> dict[str, Any]:
        return {"parties": self.parties()}

    def initial(self) -> dict[str, Any]:
        complainant = next((p for p in self.parties() if p.role == PartyRole.COMPLAINANT), None)
        return {"party": str(complainant.pk)} if complainant else {}

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {"has_choices": bool(getattr(form.fields["party"], "choices", ()))}

    def record(self, form: forms.UpdateForm) -> str:
        data = form.cleaned_data
        contact = staff.complainant_update_send(
            actor=self.request.user,
            case=self.case.reference,
            party_id=int(data["party"]),
            message=data["message"],
            version=data["version"],
        )
        name = contact.party.person.name if contact.party else "the complainant"
        return f"Update emailed to {name} and recorded as contact"


# -- the timeline in words ------------------------------------------------------------------------


def _purpose(value: object) -> str:
    return str(LinkPurpose(value).label) if value in LinkPurpose.values else ""


def _link_event(p: dict[str, Any], record: Any, file: Any) -> str:
    """ "Follow the case: Jo Bloggs (complainant)": the party is the event's target."""
    who = f"{record.person.name} ({record.get_role_display().lower()})" if isinstance(record, Party) else ""
    return ": ".join(part for part in (_purpose(p.get("purpose")), who) if part)


def _diary_returned(p: dict[str, Any], record: Any, file: Any) -> str:
    reported = getattr(record, "reported_by", None)
    if reported is not None:
        return f"From {reported.person.name}"
    return str(p.get("note") or "")[:160]


#: Timeline descriptions for residents' events (merged into the case page's, casework/web/views/case.py).
DESCRIPTIONS = {
    "resident-link.sent": _link_event,
    "resident-link.revoked": _link_event,
    "diary.returned": _diary_returned,
}


urlpatterns = [
    path("residents/links/new/<str:purpose>", page(LinkSend), name="resident-link-send"),
    path("residents/links/<int:link>/revoke", page(LinkRevoke), name="resident-link-revoke"),
    path("residents/update", page(UpdateSend), name="resident-update"),
]
