"""Reading through the API: lists and their filters, a case in full, my work, the staff, the pack."""

from __future__ import annotations

from casework.cases import services
from tests.api.client import Api
from tests.factories import AddressInput, report


def test_case_list_filters_and_pages(people):
    mine = people.officer.pk
    first = services.case_open(actor=people.contact_centre, report=report(owner_id=mine))
    elsewhere = AddressInput(line1="3 Other Road", postcode="ZZ9 9ZZ")
    second = services.case_open(
        actor=people.contact_centre, report=report(address=elsewhere, parties=[], summary="Graffiti", owner_id=mine)
    )
    services.case_priority_change(actor=people.officer, case=second, priority="high", reason="Threats")
    officer = Api(people.officer)

    def references(**params):
        return [row["reference"] for row in officer.ok(officer.get("/cases", **params))["items"]]

    assert references() == [second.reference, first.reference]
    assert references(priority="high") == [second.reference]
    assert references(q="zz9 9zz") == [second.reference]
    assert references(q="Sam Sample") == [first.reference]
    assert references(q=first.reference) == [first.reference]
    assert references(status="closed") == []
    assert references(owner=people.officer.pk, team=people.team.pk, stage="report-received") == [
        second.reference,
        first.reference,
    ]
    assert references(overdue="true") == []
    assert references(type="noise-nuisance", overdue="false") == [second.reference, first.reference]
    paged = officer.ok(officer.get("/cases", page=2, page_size=1))
    assert paged == {**paged, "count": 2, "page": 2, "pages": 2}
    assert [row["reference"] for row in paged["items"]] == [first.reference]
    assert officer.ok(officer.get("/cases", page=9))["items"] == []
    assert Api(people.outsider).ok(Api(people.outsider).get("/cases"))["count"] == 0


def test_a_duplicate_search_shows_where_but_not_who(people):
    services.case_open(actor=people.officer, report=report())
    contact_centre = Api(people.contact_centre)
    found = contact_centre.ok(contact_centre.post("/reports/duplicates", {"names": ["sam sample"]}))
    assert len(found) == 1
    assert "Sam" not in str(found)
    assert "Alex" not in str(found)


def test_my_work_lists_the_callers_duties_soonest_first(people):
    case = services.case_open(actor=people.contact_centre, report=report())
    officer = Api(people.officer)
    work = officer.ok(officer.get("/my-work"))
    assert work["count"] == 4
    assert {item["case"] for item in work["items"]} == {case.reference}
    assert {item["status"] for item in work["items"]} <= {"open", "due-today", "overdue"}
    assert officer.ok(officer.get("/my-work", within_days=0))["count"] <= work["count"]
    assert Api(people.manager).ok(Api(people.manager).get("/my-work"))["count"] == 0
    Api.error(officer.get("/my-work", within_days=-1), 422)


def test_the_staff_list_gives_what_reassigning_needs(people):
    staff = Api(people.admin).ok(Api(people.admin).get("/staff", page_size=100))["items"]
    officer = next(member for member in staff if member["id"] == people.officer.pk)
    assert officer == {
        **officer,
        "username": "officer",
        "roles": ["housing-officer"],
        "team": {"id": people.team.pk, "name": "North"},
        "pack_role": "community-housing-manager",
    }


def test_the_pack_summary_lists_what_valid_requests_use(people):
    pack = Api(people.contact_centre).ok(Api(people.contact_centre).get("/pack"))
    assert pack["id"] == "places-for-people"
    assert [p["id"] for p in pack["priorities"]] == ["high", "medium", "low"]
    assert "noise-nuisance" in {t["id"] for t in pack["types"]}
    assert {"report-received", "closed"} <= {s["id"] for s in pack["stages"]}
    assert "civil-injunction" in {i["id"] for i in pack["interventions"]}
    question = pack["risk_matrix"]["questions"][0]
    assert question["number"] == 1
    assert question["options"][0]["label"]
    assert "diary.sent" in pack["recordable_steps"]
    assert {"resolved", "no-contact"} <= {c["id"] for c in pack["vocabularies"]["closure_reason"]}
    assert "community-housing-manager" in {r["id"] for r in pack["roles"]}
