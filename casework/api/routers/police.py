"""Police disclosures: anyone working the case records one; only the named role reads, each read logged."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from casework.api.auth import actor
from casework.api.capabilities import needs
from casework.api.render import Created, created, record_written
from casework.api.schemas.common import Reference
from casework.api.schemas.records import DisclosureIn, DisclosureOut, DisclosureRecordedWritten
from casework.cases import services
from casework.cases.models import PoliceDisclosure

router = Router(tags=["police disclosures"])


@router.post("/cases/{reference}/police-disclosures", response={201: DisclosureRecordedWritten})
@needs("police-disclosure.record", "record a police disclosure")
def police_disclosure_record(request: HttpRequest, reference: Reference, given: DisclosureIn) -> Created:
    """Record what the police shared. The answer does not repeat the content."""
    disclosure = services.police_disclosure_record(actor=actor(request), case=reference, **given.dict())
    return created(record_written("police_disclosure", disclosure))


@router.get("/cases/{reference}/police-disclosures", response=list[DisclosureOut])
@needs("police-disclosure.read", "read police disclosures")
def police_disclosures_read(request: HttpRequest, reference: Reference) -> list[PoliceDisclosure]:
    """The disclosures, for the role they are restricted to. Every read is recorded in the history."""
    disclosures = services.police_disclosures_read(actor=actor(request), case=reference)
    by_id = {
        d.pk: d
        for d in PoliceDisclosure.objects.filter(pk__in=[d.pk for d in disclosures]).select_related("recorded_by")
    }
    return [by_id[d.pk] for d in disclosures]
