"""Intake: find an existing case first, take the report, show the pack's triage, then open, add or record.

One report form travels through three pages without JavaScript: the form, the triage result (the form's
values carried in hidden fields, so "Change the report" re-shows it filled in), and the outcome — a new
case, a repeat report on an open case, or an enquiry for what the policy does not treat as ASB.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from casework.cases import services
from casework.cases.choices import Channel
from casework.cases.models import Case, Enquiry
from casework.cases.packs import active_pack, pack_named
from casework.cases.selectors import CaseFilters, case_list, cases_visible_to, duplicate_candidates
from casework.cases.services.intake import ReportInput, triage_report
from casework.domain.packs import PolicyPack
from casework.domain.triage import TriageResult
from casework.errors import Conflict, InvalidInput, NotFound
from casework.web.decorators import staff_view
from casework.web.forms.intake import REPORTER_CHOICES, ReportForm
from casework.web.templatetags.casework import priority_label, role_label, staff_name, stage_label, type_label

#: Search results shown at once; more means the search should be narrower.
MOST_MATCHES = 50

#: Each special route's headline, in the words the contact centre says it.
ROUTE_HEADLINES = {
    "domestic-abuse": "This is domestic abuse — follow that process",
    "safeguarding": "This is a safeguarding concern — follow that process",
    "hate": "This is hate-related — follow that process",
}


# -- 1. search first ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    case: Case
    where: str
    stage: str
    priority: str


def _match(case: Case) -> Match:
    pack = pack_named(case.pack_id)
    where = str(case.address) if case.address else case.location
    return Match(case, where, stage_label(case.stage, pack), priority_label(case.priority, pack))


@staff_view(capability="case.open", doing="take reports")
def start(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    found: list[Case] = []
    if query:
        found = list(case_list(request.user, CaseFilters(q=query, status=None))[: MOST_MATCHES + 1])
    context = {
        "query": query,
        "matches": [_match(case) for case in found[:MOST_MATCHES]],
        "more": len(found) > MOST_MATCHES,
        "most": MOST_MATCHES,
    }
    return render(request, "web/intake/start.html", context)


# -- 2. the report, its triage, and opening a case or recording an enquiry ----------------------------


@staff_view(capability="case.open", doing="take reports")
def report(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    if request.method != "POST":
        return _form_page(request, ReportForm(pack=pack))
    form = ReportForm(request.POST, pack=pack)
    action = request.POST.get("action", "check")
    if not form.is_valid() or action == "change":
        return _form_page(request, form)
    if action not in {"open", "open-anyway", "enquiry"}:
        return _triage_page(request, form, pack)  # "Check the report"
    try:
        if action == "enquiry":
            enquiry = services.enquiry_record(actor=request.user, report=form.report(with_priority=False))
            return redirect("web:intake-enquiry", enquiry_id=enquiry.pk)
        case = services.case_open(actor=request.user, report=form.report(), open_anyway=action == "open-anyway")
    except (InvalidInput, Conflict) as error:
        _take(form, error)
        return _after_refusal(request, form, pack)
    owner = staff_name(case.owner) if case.owner else role_label(case.owner_role, pack)
    messages.success(
        request, f"Case {case.reference} opened. Owner: {owner}, priority: {priority_label(case.priority, pack)}"
    )
    return redirect("web:case", reference=case.reference)


def _take(form: ReportForm, error: InvalidInput | Conflict | NotFound) -> None:
    if "priority" in error.fields and not form.cleaned_data.get("priority"):
        # The service names the pack's priority ids; the page offers them by label.
        form.add_error("priority", "Choose the priority for this case")
        return
    form.take(error)


def _after_refusal(request: HttpRequest, form: ReportForm, pack: PolicyPack) -> HttpResponse:
    """The triage page when the refusal is about something on it (the priority, a duplicate); else the form."""
    if set(form.errors) <= {"priority", NON_FIELD_ERRORS}:
        return _triage_page(request, form, pack)
    return _form_page(request, form)


def _form_page(request: HttpRequest, form: ReportForm) -> HttpResponse:
    return render(request, "web/intake/report.html", {"form": form, "carried": _carried(form, ["priority"])})


def _carried(form: ReportForm, names: list[str]) -> list[tuple[str, str]]:
    """The posted values of `names` (or of every field but the priority), to post again as hidden fields."""
    if not form.is_bound:
        return []
    wanted = names or [name for name in form.fields if name != "priority"]
    return [(name, value) for name in wanted for value in form.data.getlist(name)]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Duplicate:
    case: Case
    where: str
    types: list[str]
    visible: bool


@dataclass(frozen=True)
class Route:
    headline: str
    process: str
    advice: str | None


def _triage_page(request: HttpRequest, form: ReportForm, pack: PolicyPack) -> HttpResponse:
    # Triage without the officer's priority, so the page offers every priority the pack lets them choose.
    report = form.report(with_priority=False)
    try:
        result = triage_report(report, pack.id)
    except InvalidInput as error:
        form.take(error)
        return _form_page(request, form)
    if result.priority_choices:
        form.fields["priority"].choices = [(p, priority_label(p, pack)) for p in result.priority_choices]  # type: ignore[attr-defined]
        form.fields["priority"].help_text = "The policy lets the officer choose the priority for this kind of report."
    context = {
        "form": form,
        "pack": pack,
        "result": result,
        "types": [type_label(t, pack) for t in result.types],
        "owners": _owners(report, result, pack),
        "routes": [
            Route(ROUTE_HEADLINES.get(r.route, r.route), r.process.rstrip("."), r.advice) for r in result.routes
        ],
        "duplicates": _duplicates(request, form, pack) if result.is_asb else [],
        "about": _about(form, pack),
        "carried": _carried(form, []),
    }
    return render(request, "web/intake/triage.html", context)


def _owners(report: ReportInput, result: TriageResult, pack: PolicyPack) -> list[tuple[str, str]]:
    """(priority label, owning role label): one row, or one per priority when the choice decides the owner."""
    if not result.is_asb:
        return []
    if not result.priority_choices:
        return [("", role_label(result.owner_role, pack))]
    by_choice = [
        (priority_label(p, pack), role_label(triage_report(replace(report, priority=p), pack.id).owner_role, pack))
        for p in result.priority_choices
    ]
    if len({owner for _, owner in by_choice}) == 1:
        return [("", by_choice[0][1])]
    return by_choice


def _duplicates(request: HttpRequest, form: ReportForm, pack: PolicyPack) -> list[Duplicate]:
    """Open cases the report may be about. Intake may add to them even when it cannot open them."""
    found = duplicate_candidates(address=form.address(), names=form.names())
    visible = set(cases_visible_to(request.user).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True))
    return [
        Duplicate(
            case=case,
            where=str(case.address) if case.address else case.location,
            types=[type_label(t.type_id, pack_named(case.pack_id)) for t in case.types.all()],
            visible=case.pk in visible,
        )
        for case in found
    ]


def _about(form: ReportForm, pack: PolicyPack) -> list[tuple[str, str]]:
    """What the report says, in brief, so the officer can check it beside the triage."""
    data = form.cleaned_data
    kind = dict(REPORTER_CHOICES)[data["reporter_kind"]]
    reporter = data["reporter_name"] if data["reporter_kind"] != "anonymous" else ""
    address = form.address()
    where = ", ".join(p for p in (address.line1, address.line2, address.town, address.postcode) if p) if address else ""
    rows = [
        ("How it reached us", Channel(data["channel"]).label),
        ("Received", _when(data.get("received_at")) or "Just now"),
        ("Who is reporting", f"{kind}: {reporter}" if reporter else kind),
        ("What kind of behaviour", "; ".join(type_label(t, pack) for t in [*data["types"], *data["other_types"]])),
        ("What happened", data["summary"]),
        ("When it happened", _when(data.get("occurred_at")) or "Not known"),
        ("Where", "; ".join(w for w in (where, data.get("location", "")) if w) or "Not given"),
    ]
    named = [name.strip() for name in data.get("perpetrator_names", "").splitlines() if name.strip()]
    rows.append(("Causing the problem", ", ".join(named) or "Not named"))
    return rows


def _when(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y \\a\\t H:i") if moment else ""


# -- 3. a repeat report on an open case -------------------------------------------------------------


@staff_view(capability="case.add-report", doing="add a report to a case")
@require_POST
def link(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    form = ReportForm(request.POST, pack=pack)
    reference = request.POST.get("reference", "").strip()
    if not form.is_valid():
        return _form_page(request, form)
    try:
        services.case_add_report(actor=request.user, reference=reference, report=form.report(with_priority=False))
    except (InvalidInput, NotFound, Conflict) as error:
        form.take(error)
        return _after_refusal(request, form, pack)
    messages.success(request, f"Report added to {reference}")
    # Contact-centre staff may add to a case they cannot open; they go back to intake, not to a 404.
    if cases_visible_to(request.user).filter(reference=reference).exists():
        return redirect("web:case", reference=reference)
    return redirect("web:intake")


# -- 4. an enquiry recorded ------------------------------------------------------------------------


@staff_view(capability="case.open", doing="take reports")
def enquiry(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    # Only the person who recorded it sees the confirmation: an enquiry names the caller.
    found = Enquiry.objects.filter(pk=enquiry_id, recorded_by_id=request.user.pk).first()
    if found is None:
        raise NotFound(f"no enquiry {enquiry_id}")
    pack = pack_named(found.pack_id)
    context: dict[str, Any] = {"enquiry": found, "types": [type_label(t, pack) for t in found.types]}
    return render(request, "web/intake/enquiry.html", context)


urlpatterns = [
    path("", start, name="intake"),
    path("report", report, name="intake-report"),
    path("link", link, name="intake-link"),
    path("enquiries/<int:enquiry_id>", enquiry, name="intake-enquiry"),
]
