"""The police disclosures page: operations managers read them (every read is logged by the service);
caseworkers record one and learn only how many there are. Nobody else sees what they say."""

from __future__ import annotations

from typing import Any

from casework.cases import services
from casework.cases.models import PoliceDisclosure
from casework.cases.permissions import has_capability
from casework.errors import NotAllowed
from casework.web.forms import steps_records as forms
from casework.web.views.records_common import CaseStepView


class PoliceDisclosures(CaseStepView):
    """Read for the operations manager, record for any caseworker; the content is shown only after the
    reading service has allowed it and logged the read."""

    form_class = forms.PoliceDisclosureForm
    template_name = "web/steps/records/police.html"
    heading = "Police disclosures"
    section = "timeline"

    def check_allowed(self) -> None:
        self.can_read = has_capability(self.request.user, "police-disclosure.read")
        self.can_record = has_capability(self.request.user, "police-disclosure.record")
        if not (self.can_read or self.can_record):
            raise NotAllowed("your role cannot see police disclosures")
        if self.request.method == "POST" and not self.can_record:
            raise NotAllowed("your role cannot record a police disclosure")

    def context(self, form: forms.CaseStepForm) -> dict[str, Any]:
        held = PoliceDisclosure.objects.filter(case=self.case).count()
        context: dict[str, Any] = {"held": held, "can_read": self.can_read, "can_record": self.can_record}
        if self.can_read and held:
            try:
                read = services.police_disclosures_read(actor=self.request.user, case=self.case.reference)
            except NotAllowed:
                context["restricted"] = True
            else:
                # The service returns them bare; who recorded each is loaded in one query, not one each.
                by_id = PoliceDisclosure.objects.select_related("recorded_by").in_bulk([d.pk for d in read])
                context["disclosures"] = [by_id[d.pk] for d in read]
        return context

    def record(self, form: forms.PoliceDisclosureForm) -> str:
        data = form.cleaned_data
        disclosure = services.police_disclosure_record(
            actor=self.request.user,
            case=self.case.reference,
            force=data["force"],
            police_reference=data["police_reference"],
            content=data["content"],
            received_at=data["received_at"],
            version=data["version"],
        )
        return f"Police disclosure from {disclosure.force} recorded"
