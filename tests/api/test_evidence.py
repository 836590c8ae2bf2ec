"""Evidence goes up as multipart and comes back only to those who may see the case; it has no URL."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.cases import services
from casework.cases.models import Evidence
from tests.api.client import Api
from tests.factories import report

DIARY = b"Mon 3 March: music until 2am.\nTue 4 March: shouting on the stairs.\n"


def upload(client: Api, reference: str, content: bytes = DIARY, content_type: str = "text/plain", **fields):
    file = SimpleUploadedFile("diary week 1.txt", content, content_type=content_type)
    return client.upload(f"/cases/{reference}/evidence", {"file": file}, **fields)


def test_evidence_is_uploaded_and_streamed_back_to_someone_who_can_see_the_case(people):
    case = services.case_open(actor=people.contact_centre, report=report())
    officer, manager = Api(people.officer), Api(people.manager)
    incident = case.incidents.get()

    stored = officer.ok(
        upload(officer, case.reference, description="Diary sheet", incident_id=incident.pk, version=case.version), 201
    )
    evidence = stored["evidence"]
    assert stored["case"]["version"] == case.version + 1
    assert evidence["sha256"] == hashlib.sha256(DIARY).hexdigest()
    assert evidence["size"] == len(DIARY)
    assert evidence["incident_id"] == incident.pk
    assert evidence["original_name"] == "diary week 1.txt"

    listed = manager.ok(manager.get(f"/cases/{case.reference}/evidence"))
    assert [e["id"] for e in listed["items"]] == [evidence["id"]]
    download = manager.get(evidence["download"].removeprefix("/api/v1"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == DIARY
    assert download["Content-Type"] == "text/plain"
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]


def test_nobody_outside_the_case_can_fetch_its_evidence(people):
    case = services.case_open(actor=people.contact_centre, report=report())
    stored = Api(people.officer).ok(upload(Api(people.officer), case.reference), 201)["evidence"]
    path = stored["download"].removeprefix("/api/v1")
    Api.error(Api(people.outsider).get(path), 404)
    Api.error(Api().get(path), 401)
    other = services.case_open(actor=people.officer, report=report(summary="Elsewhere"), open_anyway=True)
    Api.error(Api(people.officer).get(f"/cases/{other.reference}/evidence/{stored['id']}/file"), 404)


def test_refused_uploads_say_why(people, settings):
    case = services.case_open(actor=people.contact_centre, report=report())
    officer = Api(people.officer)
    wrong_type = Api.error(upload(officer, case.reference, b"MZ\x90\x00", "application/x-msdownload"), 422)
    assert wrong_type["fields"] == {"file": "type not allowed"}
    settings.CASEWORK_EVIDENCE_MAX_BYTES = 10
    too_big = Api.error(upload(officer, case.reference), 422)
    assert too_big["fields"] == {"file": "too large"}
    no_file = Api.error(officer.upload(f"/cases/{case.reference}/evidence", {}), 422)
    assert "file" in no_file["fields"]
    assert Evidence.objects.count() == 0
