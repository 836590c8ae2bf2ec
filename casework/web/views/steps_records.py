"""Steps that record things on a case and change it: acknowledgement, contacts, incidents, evidence,
parties and advocates, priority, types, owner, links, police disclosures, and the pack's other steps.

Each page is a form over one service (casework/cases/services); the service decides what may be
recorded, and its refusal is shown beside the field it names.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import path

from casework.accounts.roles import ROLE_LABELS, StaffRole
from casework.cases import services
from casework.cases.choices import ContactOutcome, PartyRole
from casework.cases.models import Incident, Party
from casework.cases.services.intake import PartyInput, PersonInput
from casework.cases.services.records import recordable_kinds
from casework.errors import InvalidInput, NotFound
from casework.web.decorators import staff_view
from casework.web.forms import steps_records as forms
from casework.web.templatetags.casework import priority_label, staff_name, verb_label
from casework.web.views.records_common import CaseStepView
from casework.web.views.records_police import PoliceDisclosures

TEMPLATES = "web/steps/records/"

#: Staff who may own a case: housing officers and every role above them (not the contact centre, and not
#: administrators, who do no case work).
OWNER_ROLES = [
    StaffRole.HOUSING_OFFICER,
    StaffRole.TENANCY_ENFORCEMENT_MANAGER,
    StaffRole.HOUSING_MANAGER,
    StaffRole.OPERATIONS_MANAGER,
]


class Acknowledge(CaseStepView):
    form_class = forms.AcknowledgeForm
    template_name = TEMPLATES + "acknowledge.html"
    heading = "Acknowledge the report"
    section = "timeline"
    doing = "acknowledge a report"

    def record(self, form: forms.AcknowledgeForm) -> str:
        data = form.cleaned_data
        services.case_acknowledge(
            actor=self.request.user,
            case=self.case.reference,
            method=data["method"],
            at=data["at"],
            version=data["version"],
        )
        return "Acknowledgement recorded"


class CaseParties(CaseStepView):
    """A step whose form names one of the case's parties."""

    def form_kwargs(self) -> dict[str, Any]:
        return {"parties": Party.objects.filter(case=self.case).select_related("person").order_by("id")}


class ContactRecord(CaseParties):
    form_class = forms.ContactForm
    template_name = TEMPLATES + "contact.html"
    heading = "Record contact"
    section = "contacts"
    doing = "record contact"

    def initial(self) -> dict[str, Any]:
        complainant = Party.objects.filter(case=self.case, role=PartyRole.COMPLAINANT).order_by("id").first()
        return {"party": str(complainant.pk)} if complainant else {}

    def record(self, form: forms.ContactForm) -> str:
        values = form.service_values()
        services.contact_record(
            actor=self.request.user, case=self.case.reference, version=form.cleaned_data["version"], **values
        )
        return "Contact recorded" if values["outcome"] == ContactOutcome.MADE else "Contact attempt recorded"


class IncidentRecord(CaseParties):
    form_class = forms.IncidentForm
    template_name = TEMPLATES + "incident.html"
    heading = "Record an incident"
    section = "incidents"
    doing = "record an incident"

    def record(self, form: forms.IncidentForm) -> str:
        services.incident_record(
            actor=self.request.user,
            case=self.case.reference,
            version=form.cleaned_data["version"],
            **form.service_values(),
        )
        return "Incident recorded"


class EvidenceAdd(CaseStepView):
    form_class = forms.EvidenceForm
    template_name = TEMPLATES + "evidence.html"
    heading = "Add evidence"
    section = "evidence"
    doing = "add evidence"

    def form_kwargs(self) -> dict[str, Any]:
        return {
            "incidents": Incident.objects.filter(case=self.case).order_by("-occurred_at", "-id"),
            "max_bytes": settings.CASEWORK_EVIDENCE_MAX_BYTES,
            "content_types": list(settings.CASEWORK_EVIDENCE_CONTENT_TYPES),
        }

    def record(self, form: forms.EvidenceForm) -> str:
        data = form.cleaned_data
        upload = data["file"]
        name = (upload.name or "evidence")[-255:]
        services.evidence_add(
            actor=self.request.user,
            case=self.case.reference,
            name=name,
            content=upload.read(),
            content_type=(upload.content_type or "application/octet-stream").split(";")[0].strip(),
            description=data["description"],
            incident_id=forms.optional_id(data["incident"]),
            version=data["version"],
        )
        return f"Evidence added: {name}"


class PartyAdd(CaseStepView):
    form_class = forms.PartyForm
    template_name = TEMPLATES + "party.html"
    heading = "Add a person or agency"
    section = "parties"
    doing = "add a party"

    def record(self, form: forms.PartyForm) -> str:
        data = form.cleaned_data
        person = PersonInput(
            name=data["name"],
            organisation=data["organisation"],
            phone=data["phone"],
            email=data["email"],
            preferred_contact=data["preferred_contact"],
            safe_contact_times=data["safe_contact_times"],
            language=data["language"],
            vulnerabilities=data["vulnerabilities"],
            support_needs=data["support_needs"],
        )
        guardian = PersonInput(name=data["guardian_name"]) if data["guardian_name"].strip() else None
        party = services.party_add(
            actor=self.request.user,
            case=self.case.reference,
            party=PartyInput(
                person=person,
                role=data["role"],
                consent_to_share=data["consent_to_share"],
                consent_to_court_use=data["consent_to_court_use"],
                anonymity_requested=data["anonymity_requested"],
                under_18=data["under_18"],
                guardian=guardian,
            ),
            version=data["version"],
        )
        return f"{party.person.name} added to the case as {party.get_role_display().lower()}"


class AdvocateNominate(CaseStepView):
    form_class = forms.AdvocateForm
    template_name = TEMPLATES + "advocate.html"
    heading = "Record their advocate"
    section = "parties"
    doing = "record an advocate"

    resident: Party

    def load(self, **kwargs: Any) -> None:
        found = (
            Party.objects.filter(case=self.case, pk=kwargs["party"])
            .select_related("person", "advocate__person")
            .first()
        )
        if found is None:
            raise NotFound(f"no party {kwargs['party']} on case {self.case.reference}")
        self.resident = found

    def title(self) -> str:
        return f"Record {self.resident.person.name}’s advocate"

    def advocates(self) -> list[Party]:
        return list(Party.objects.filter(case=self.case, role=PartyRole.ADVOCATE).select_related("person"))

    def initial(self) -> dict[str, Any]:
        return {"advocate": str(self.resident.advocate_id) if self.resident.advocate_id else forms.AdvocateForm.NONE}

    def form_kwargs(self) -> dict[str, Any]:
        return {"advocates": self.advocates()}

    def context(self, form: forms.CaseStepForm) -> dict[str, Any]:
        return {
            "resident": self.resident,
            "is_resident": self.resident.role not in {PartyRole.ADVOCATE, PartyRole.AGENCY},
        }

    def record(self, form: forms.AdvocateForm) -> str:
        chosen = form.advocate_id()
        services.advocate_nominate(
            actor=self.request.user,
            case=self.case.reference,
            resident_id=self.resident.pk,
            advocate_id=chosen,
            resident_asked=form.cleaned_data["resident_asked"],
            version=form.cleaned_data["version"],
        )
        name = self.resident.person.name
        return f"Advocate recorded for {name}" if chosen else f"{name} has no advocate now"


class PriorityChange(CaseStepView):
    form_class = forms.PriorityForm
    template_name = TEMPLATES + "priority.html"
    heading = "Change the priority"
    section = "summary"
    doing = "change the priority"

    def initial(self) -> dict[str, Any]:
        return {"priority": self.case.priority}

    def form_kwargs(self) -> dict[str, Any]:
        return {"pack": self.pack}

    def record(self, form: forms.PriorityForm) -> str:
        data = form.cleaned_data
        services.case_priority_change(
            actor=self.request.user,
            case=self.case.reference,
            priority=data["priority"],
            reason=data["reason"],
            version=data["version"],
        )
        return f"Priority changed to {priority_label(data['priority'], self.pack)}"


class TypesChange(CaseStepView):
    form_class = forms.TypesForm
    template_name = TEMPLATES + "types.html"
    heading = "Change the types of behaviour"
    section = "summary"
    doing = "change the types"

    def initial(self) -> dict[str, Any]:
        return {"types": self.case.type_ids}

    def form_kwargs(self) -> dict[str, Any]:
        return {"pack": self.pack}

    def record(self, form: forms.TypesForm) -> str:
        data = form.cleaned_data
        services.case_types_change(
            actor=self.request.user,
            case=self.case.reference,
            types=data["types"],
            reason=data["reason"],
            version=data["version"],
        )
        return "Types of behaviour changed"


def possible_owners(current_owner_id: int | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Staff who could own a case, grouped by team (teams by name, then staff without a team)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, staff__isnull=False, groups__name__in=[r.value for r in OWNER_ROLES])
        .distinct()
        .select_related("staff__team")
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "username")
    )
    by_team: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for user in users:
        team = user.staff.team
        # From the prefetched groups: roles_of() would ask the database once per member of staff.
        held = {group.name for group in user.groups.all()}
        roles = ", ".join(ROLE_LABELS[r] for r in OWNER_ROLES if r.value in held)
        owns = " (owns the case now)" if user.pk == current_owner_id else ""
        by_team[team.name if team else ""].append((user.pk, f"{staff_name(user)}, {roles.lower()}{owns}"))
    teams = sorted(name for name in by_team if name)
    return [(f"{name} team", by_team[name]) for name in teams] + ([("No team", by_team[""])] if "" in by_team else [])


class Reassign(CaseStepView):
    form_class = forms.ReassignForm
    template_name = TEMPLATES + "reassign.html"
    heading = "Reallocate the case"
    section = "summary"
    capability = "case.reassign"
    doing = "reassign a case"

    def form_kwargs(self) -> dict[str, Any]:
        return {"owners": possible_owners(self.case.owner_id)}

    def record(self, form: forms.ReassignForm) -> str:
        data = form.cleaned_data
        case = services.case_reassign(
            actor=self.request.user,
            case=self.case.reference,
            owner_id=data["owner"],
            reason=data["reason"],
            version=data["version"],
        )
        return f"Case reallocated to {staff_name(case.owner)}"


class Link(CaseStepView):
    form_class = forms.LinkForm
    template_name = TEMPLATES + "link.html"
    heading = "Link to another case"
    section = "summary"
    doing = "link cases"

    def record(self, form: forms.LinkForm) -> str:
        data = form.cleaned_data
        try:
            link = services.case_link(
                actor=self.request.user,
                case=self.case.reference,
                other=data["other"],
                kind=data["kind"],
                reason=data["reason"],
                version=data["version"],
            )
        except NotFound as missing:
            # The other case not being found is a mistake in what was typed, shown at that field.
            if "other" not in missing.fields:
                raise
            raise InvalidInput(
                f"there is no case {data['other']} that you can see", fields={"other": "no such case"}
            ) from None
        return f"Case linked to {link.to_case.reference}"


class StepRecord(CaseStepView):
    """Any other step the pack names (diary sheets sent, perpetrator interviewed, survey sent…)."""

    form_class = forms.StepForm
    template_name = TEMPLATES + "step.html"
    heading = "Record a step"
    section = "timeline"
    doing = "record this step"

    kind: str

    def load(self, **kwargs: Any) -> None:
        if kwargs["kind"] not in recordable_kinds(self.pack):
            raise NotFound(f"{self.pack.pack.name} has no step {kwargs['kind']!r} recorded this way")
        self.kind = kwargs["kind"]

    def title(self) -> str:
        return verb_label(self.kind)

    def record(self, form: forms.StepForm) -> str:
        data = form.cleaned_data
        services.case_step_record(
            actor=self.request.user,
            case=self.case.reference,
            kind=self.kind,
            note=data["note"],
            at=data["at"],
            version=data["version"],
        )
        return f"{verb_label(self.kind)}: recorded"


def page(view: type[CaseStepView]) -> Any:
    """A staff page (signed in, with a staff role); each view checks the case and the capability itself."""
    return staff_view()(view.as_view())


urlpatterns = [
    path("acknowledge", page(Acknowledge), name="acknowledge"),
    path("contact", page(ContactRecord), name="contact"),
    path("incident", page(IncidentRecord), name="incident"),
    path("evidence/new", page(EvidenceAdd), name="evidence-add"),
    path("parties/new", page(PartyAdd), name="party-add"),
    path("parties/<int:party>/advocate", page(AdvocateNominate), name="advocate"),
    path("priority", page(PriorityChange), name="priority"),
    path("types", page(TypesChange), name="types"),
    path("reassign", page(Reassign), name="reassign"),
    path("link", page(Link), name="link"),
    path("police-disclosures", page(PoliceDisclosures), name="police"),
    path("step/<str:kind>", page(StepRecord), name="step"),
]
