"""The public report form: the start page, the form, and what the resident is told afterwards.

Anyone may report, so the form is guarded: a honeypot field (a robot that fills it sees the usual
confirmation and nothing is written), and a limit on reports per network address per hour
(CASEWORK_PUBLIC_REPORTS_PER_HOUR), counted only when a report would be written. The views parse, call
casework/residents/reporting.py and render; a refusal comes back at its field in the resident's words.
After a report the browser is redirected (post/redirect/get) to a page that reads what to show from the
session, so a reload never sends the report twice. Nothing here is cached.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework.cases.packs import active_pack
from casework.domain import residents as plain
from casework.errors import Conflict, InvalidInput, StepBlocked
from casework.residents import reporting, throttle
from casework.residents.reporting import Outcome
from casework.web.residents.forms_report import PublicReportForm

TEMPLATES = "web/residents/report/"

#: Where the outcome of the last report waits for the page after the redirect.
SESSION_KEY = "residents.report"


def _common() -> dict[str, Any]:
    return {"phone": reporting.organisation_phone()}


@never_cache
@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    context = {**_common(), "problems": [item.problem.label for item in plain.offered(pack)]}
    return render(request, TEMPLATES + "start.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    if request.method != "POST":
        return _form(request, PublicReportForm(pack=pack))
    form = PublicReportForm(request.POST, pack=pack)
    if form.is_robot:
        # Look exactly like success, so the robot learns nothing; write nothing.
        request.session[SESSION_KEY] = {"kind": "received", "reference": ""}
        return redirect("residents:received")
    if not form.is_valid():
        return _form(request, form)
    if not throttle.allow("public-report", throttle.client_key(request), settings.CASEWORK_PUBLIC_REPORTS_PER_HOUR):
        return render(request, TEMPLATES + "too_many.html", _common(), status=429)
    try:
        outcome = reporting.report_submit(report=form.report())
    except (InvalidInput, StepBlocked, Conflict) as error:
        form.take(error)
        return _form(request, form)
    request.session[SESSION_KEY] = _remembered(outcome)
    return redirect("residents:received" if outcome.is_asb else "residents:not-asb")


@never_cache
@require_http_methods(["GET"])
def received(request: HttpRequest) -> HttpResponse:
    shown = request.session.get(SESSION_KEY) or {}
    if shown.get("kind") != "received":
        return redirect("residents:start")
    next_contact = date.fromisoformat(shown["next_contact"]) if shown.get("next_contact") else None
    return render(request, TEMPLATES + "received.html", {**_common(), "outcome": shown, "next_contact": next_contact})


@never_cache
@require_http_methods(["GET"])
def not_asb(request: HttpRequest) -> HttpResponse:
    shown = request.session.get(SESSION_KEY) or {}
    if shown.get("kind") != "not-asb":
        return redirect("residents:start")
    return render(request, TEMPLATES + "not_asb.html", {**_common(), "outcome": shown})


def _form(request: HttpRequest, form: PublicReportForm) -> HttpResponse:
    return render(request, TEMPLATES + "form.html", {**_common(), "form": form})


def _remembered(outcome: Outcome) -> dict[str, Any]:
    """What the next page shows, as plain values for the session: this report's own outcome, nothing else."""
    if outcome.case is None:
        enquiry = outcome.enquiry
        return {
            "kind": "not-asb",
            "reason": enquiry.reason if enquiry else "",
            "advice": enquiry.advice if enquiry else "",
        }
    return {
        "kind": "received",
        "reference": outcome.case.reference,
        "officer": outcome.officer,
        "next_contact": outcome.next_contact.isoformat() if outcome.next_contact else "",
        "emailed": outcome.emailed,
        "anonymous": outcome.anonymous,
    }


urlpatterns = [
    path("", start, name="start"),
    path("new/", report, name="report"),
    path("received/", received, name="received"),
    path("not-asb/", not_asb, name="not-asb"),
]
