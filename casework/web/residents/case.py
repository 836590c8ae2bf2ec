"""A resident's view of their case through their link: the case page, the diary, sending a file, asking for an
ASB Case Review, the closure survey, and asking for a new link.

Every view resolves the link first; a link that does not work (bad, expired, revoked, or for the other kind of
page) gets the same "This link does not work" page, so a token says nothing about a case. Views only parse,
call a resident service or selector, and render: refusals come back in the resident's words at the field they
are about, never as a stack trace. Nothing here is cached: a link is a key to a case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework.cases.engine import today
from casework.cases.packs import pack_named
from casework.cases.services.feedback import case_review_check, threshold_in_words
from casework.errors import CaseworkError, NotFound
from casework.residents import links, selectors, services, throttle
from casework.residents.models import LinkPurpose, ResidentLink
from casework.web.forms.base import GovForm
from casework.web.residents.forms_case import ConfirmForm, DiaryForm, EvidenceForm, NewLinkForm, SurveyForm

TEMPLATES = "web/residents/case/"

#: The banner shown after something was sent (chosen by a fixed key: nothing typed is echoed back).
BANNERS = {
    "diary": "Your diary entry has been added to your case",
    "evidence": "Your file has been sent. Your officer can now see it with your case",
    "case-review": "We have your request for an ASB Case Review",
}

#: A little more than the largest file, for the form's other fields and the multipart wrapping.
UPLOAD_OVERHEAD = 64 * 1024

View = Callable[..., HttpResponse]


def link_not_working(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "link_not_working.html", status=404)


def with_link(purpose: str) -> Callable[[View], View]:
    """Resolve the token to a live link of this kind (else the "link does not work" page), never cached."""

    def decorate(view: View) -> View:
        @never_cache
        def wrapped(request: HttpRequest, token: str) -> HttpResponse:
            try:
                link = links.resolve(token, purpose=purpose)
            except NotFound:
                return link_not_working(request)
            return view(request, link, token)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, TEMPLATES + template, context, status=status)


def _take(form: GovForm, error: CaseworkError) -> int:
    """Put a service's refusal on the form; the status to send it with (429 over an hourly limit)."""
    form.take(error)
    return error.status if isinstance(error, services.TooManyRequests) else 200


def _banner(request: HttpRequest) -> str:
    return BANNERS.get(request.GET.get("sent", ""), "")


def _back(name: str, token: str, sent: str) -> HttpResponse:
    return redirect(reverse(name, kwargs={"token": token}) + f"?sent={sent}")


@require_http_methods(["GET"])
@with_link(LinkPurpose.CASE)
def case_page(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """Your case: where it has got to, who your officer is, the plan, when we will be in touch, what you sent."""
    return _page(
        request,
        "page.html",
        {
            "view": selectors.resident_case(link),
            "token": token,
            "banner": _banner(request),
            "link_expires": link.expires_at,
        },
    )


def _diary_post(request: HttpRequest, link: ResidentLink) -> tuple[DiaryForm, int | None]:
    """The form as posted, and None once the entry is added (else the status to show the form with)."""
    form = DiaryForm(request.POST)
    if not form.is_valid():
        return form, 200
    try:
        services.diary_add(link, **form.service_values())
    except CaseworkError as error:
        return form, _take(form, error)
    return form, None


@require_http_methods(["GET", "POST"])
@with_link(LinkPurpose.CASE)
def case_diary(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """Add a diary entry from the case page; back to the case page when it is added."""
    form, status = DiaryForm(), 200
    if request.method == "POST":
        form, refused = _diary_post(request, link)
        if refused is None:
            return _back("residents:case", token, "diary")
        status = refused
    return _page(request, "diary.html", {"form": form, "token": token, "is_open": link.case.is_open}, status)


@require_http_methods(["GET", "POST"])
@with_link(LinkPurpose.DIARY)
def diary(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """A witness's diary: add an entry, and see the entries they made. Nothing else about the case."""
    form, status = DiaryForm(), 200
    if request.method == "POST":
        form, refused = _diary_post(request, link)
        if refused is None:
            return _back("residents:diary", token, "diary")
        status = refused
    context = {
        "form": form,
        "token": token,
        "view": selectors.resident_diary(link),
        "banner": _banner(request),
    }
    return _page(request, "witness_diary.html", context, status)


def _upload_limits() -> dict[str, Any]:
    return {
        "max_bytes": settings.CASEWORK_EVIDENCE_MAX_BYTES,
        "content_types": list(settings.CASEWORK_EVIDENCE_CONTENT_TYPES),
    }


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.CASEWORK_EVIDENCE_MAX_BYTES + UPLOAD_OVERHEAD


@require_http_methods(["GET", "POST"])
@with_link(LinkPurpose.CASE)
def evidence(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """Send a photo, recording, video or document. Its size is checked before it is read, and its type from
    what the file really is."""
    form, status = EvidenceForm(**_upload_limits()), 200
    if request.method == "POST":
        if _too_large(request):
            # Refused on the size the request declares, before the file is read at all.
            form = EvidenceForm(data={}, **_upload_limits())
            form.is_valid()
            form.errors.clear()
            form.add_error("file", f"The file must be smaller than {_megabytes()}")
        else:
            form = EvidenceForm(request.POST, request.FILES, **_upload_limits())
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    services.evidence_send(
                        link,
                        name=(upload.name or "file")[-255:],
                        content=upload.read(),
                        content_type=(upload.content_type or "application/octet-stream").split(";")[0].strip(),
                        description=form.cleaned_data["description"],
                    )
                except CaseworkError as error:
                    status = _take(form, error)
                else:
                    return _back("residents:case", token, "evidence")
    context = {"form": form, "token": token, "is_open": link.case.is_open, "max_size": _megabytes()}
    return _page(request, "evidence.html", context, status)


def _megabytes() -> str:
    return f"{settings.CASEWORK_EVIDENCE_MAX_BYTES / (1024 * 1024):g} MB"


@require_http_methods(["GET", "POST"])
@with_link(LinkPurpose.CASE)
def case_review(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """What an ASB Case Review is, the threshold, whether the case meets it today, and a button to ask."""
    form, status = ConfirmForm(), 200
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.case_review_ask(link)
            except CaseworkError as error:
                status = _take(form, error)
            else:
                return _back("residents:case-review", token, "case-review")
    case = link.case
    pack = pack_named(case.pack_id)
    view = selectors.resident_case(link)
    check = case_review_check(case, as_of=today())
    context = {
        "form": form,
        "token": token,
        "view": view,
        "has_threshold": pack.case_review is not None,
        "threshold": threshold_in_words(pack),
        "window": pack.case_review.window.describe() if pack.case_review is not None else "",
        "check": check,
        "banner": _banner(request),
    }
    return _page(request, "case_review.html", context, status)


@require_http_methods(["GET", "POST"])
@with_link(LinkPurpose.CASE)
def survey(request: HttpRequest, link: ResidentLink, token: str) -> HttpResponse:
    """After closure: the TP12 question, then thanks and how to complain."""
    form, status = SurveyForm(), 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                services.survey_answer(
                    link, satisfaction=form.cleaned_data["satisfaction"], comments=form.cleaned_data["comments"]
                )
            except CaseworkError as error:
                status = _take(form, error)
            else:
                return _back("residents:survey", token, "survey")
    view = selectors.resident_case(link)
    context = {"form": form, "token": token, "view": view, "thanks": request.GET.get("sent") == "survey"}
    return _page(request, "survey.html", context, status)


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    """Get a new link to your case: the same answer whether or not the reference and email match a case."""
    form, status = NewLinkForm(), 200
    if request.method == "POST":
        form = NewLinkForm(request.POST)
        if form.is_valid():
            try:
                services.new_link_request(
                    reference=form.cleaned_data["reference"],
                    email=form.cleaned_data["email"],
                    client_key=throttle.client_key(request),
                )
            except CaseworkError as error:
                status = _take(form, error)
            else:
                return _page(request, "new_link_sent.html", {})
    return _page(request, "new_link.html", {"form": form}, status)


urlpatterns = [
    path("my-case/", new_link, name="new-link"),
    path("my-case/<str:token>/", case_page, name="case"),
    path("my-case/<str:token>/diary/", case_diary, name="case-diary"),
    path("my-case/<str:token>/evidence/", evidence, name="evidence"),
    path("my-case/<str:token>/case-review/", case_review, name="case-review"),
    path("my-case/<str:token>/survey/", survey, name="survey"),
    path("diary/<str:token>/", diary, name="diary"),
]
