"""Cases: opening one, the list, one case in full, its history, its duties, and the caller's own work due."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from casework.api.auth import actor
from casework.api.capabilities import needs, seen_case
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import Created, case_detail, case_row, case_written, created, obligations_of, work_item
from casework.api.routers.intake import report_input
from casework.api.schemas.cases import CaseDetail, CaseFiltersIn, CaseRow, EventOut, ObligationOut, WorkItemOut
from casework.api.schemas.common import CaseWritten, Reference
from casework.api.schemas.intake import OpenCaseIn
from casework.cases import services
from casework.cases.selectors import CaseFilters, case_list, case_timeline, work_due_for

router = Router(tags=["cases"])


@router.post("/cases", response={201: CaseWritten})
@needs("case.open", "open a case")
def case_open(request: HttpRequest, report: OpenCaseIn) -> Created:
    """Open a case from a report. Without `open_anyway`, possible duplicates are a 409 listing them
    (`fields.duplicates`) and nothing is written."""
    case = services.case_open(actor=actor(request), report=report_input(report), open_anyway=report.open_anyway)
    return created(case_written(case))


@router.get("/cases", response=Page[CaseRow])
@needs("case.view", "see cases")
def cases(request: HttpRequest, filters: Query[CaseFiltersIn], paging: Query[PageParams]) -> dict[str, Any]:
    """The cases you may see, newest first, filtered."""
    found = case_list(actor(request), CaseFilters(**filters.dict()))
    return page_of(found, paging, case_row)


@router.get("/cases/{reference}", response=CaseDetail)
@needs("case.view", "see cases")
def case(request: HttpRequest, reference: Reference) -> dict[str, Any]:
    """One case: stage, priority, owner, version, the next steps (blocked ones with their reasons) and
    every duty with its due date and status."""
    return case_detail(seen_case(request))


@router.get("/cases/{reference}/timeline", response=Page[EventOut])
@needs("case.view", "see cases")
def timeline(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    """Everything that happened to the case, oldest first."""
    return page_of(case_timeline(seen_case(request)), paging)


@router.get("/cases/{reference}/obligations", response=list[ObligationOut])
@needs("case.view", "see cases")
def obligations(request: HttpRequest, reference: Reference) -> list[dict[str, Any]]:
    """The case's duties (acknowledge, contact, assess risk, update, review…) with due dates and status."""
    return obligations_of(seen_case(request))


@router.get("/my-work", response=Page[WorkItemOut])
@needs("case.view", "see cases")
def my_work(
    request: HttpRequest, paging: Query[PageParams], within_days: Annotated[int, Field(ge=0, le=366)] = 7
) -> dict[str, Any]:
    """Your duties that are overdue or due within `within_days` (default 7), soonest first."""
    return page_of(work_due_for(actor(request), within_days=within_days), paging, work_item)
