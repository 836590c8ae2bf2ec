"""The engine keeps the hot spots' derived counts with every event, as if they were made afresh from the records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from casework.cases import services
from casework.cases.models import ComplainantDay, HotspotCaseDay, Party, PerpetratorCase, PlaceDay
from casework.cases.models.hotspots import fill
from casework.cases.services.intake import PartyInput, PersonInput
from tests.cases.helpers import open_case


def kept() -> dict[str, Any]:
    """The counts as they stand: `PlaceDay` without rows brought back to nothing, which are not a place's count."""
    return {
        "places": sorted(
            PlaceDay.objects.exclude(cases=0, incidents=0).values_list(
                "day", "estate", "area", "ward", "postcode_district", "cases", "incidents"
            )
        ),
        "by case": sorted(
            HotspotCaseDay.objects.values("case_id", "day", "address_id", "estate", "area", "ward", "postcode_district")
            .annotate(cases=Sum("cases"), incidents=Sum("incidents"))
            .values_list(
                "case_id", "day", "address_id", "estate", "area", "ward", "postcode_district", "cases", "incidents"
            )
            .order_by()
        ),
        "complainants": sorted(ComplainantDay.objects.values_list("case_id", "person_key", "day", "incidents")),
        "perpetrators": sorted(
            PerpetratorCase.objects.values_list("case_id", "person_key", "opened_at", "closed_at", "shared")
        ),
    }


def assert_as_if_made_afresh() -> None:
    now = kept()
    fill()
    assert kept() == now


def test_every_step_keeps_the_counts_as_the_records_make_them(people):
    # Believe Housing's pack closes a case without ceremony.
    first = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    second = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    assert all(kept().values())
    assert_as_if_made_afresh()

    for days in (1, 1, 3):
        services.incident_record(
            actor=people.officer,
            case=first.reference,
            occurred_at=timezone.now() - timedelta(days=days),
            description="Shouting again",
            source="phone",
        )
    assert_as_if_made_afresh()

    # The first case's alleged perpetrator named on the second too: now on two cases, so `shared`.
    neighbour = Party.objects.get(case=first, role="alleged-perpetrator").person
    services.party_add(
        actor=people.officer,
        case=second.reference,
        party=PartyInput(person=PersonInput(name=neighbour.name), role="alleged-perpetrator"),
    )
    assert_as_if_made_afresh()

    services.case_close(actor=people.officer, case=first.reference, reason="resolved")
    assert PerpetratorCase.objects.filter(case=first).exclude(closed_at=None).exists()
    assert_as_if_made_afresh()
    services.case_reopen(actor=people.manager, case=first.reference, reason="It started again")
    assert_as_if_made_afresh()


def test_a_change_to_a_person_moves_their_counts(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.incident_record(
        actor=people.officer,
        case=case.reference,
        occurred_at=timezone.now() - timedelta(days=2),
        description="Music all night",
        source="phone",
    )
    complainant = Party.objects.get(case=case, role="complainant").person
    complainant.email = "moved@example.net"
    complainant.save()
    assert ComplainantDay.objects.filter(case=case, person_key=complainant.match_key).exists()
    perpetrator = Party.objects.get(case=case, role="alleged-perpetrator").person
    perpetrator.name = "Someone Else"
    perpetrator.save()
    assert PerpetratorCase.objects.filter(case=case, person_key=perpetrator.match_key).exists()
    assert_as_if_made_afresh()
