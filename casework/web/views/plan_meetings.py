"""Reviews of a case (by the officer, or a manager) and case conferences with partner agencies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from casework.cases import services
from casework.cases.choices import ReviewKind
from casework.web.decorators import staff_view
from casework.web.forms.steps_plan import CaseConferenceForm, ReviewForm
from casework.web.views.common import case_and_pack
from casework.web.views.plan_common import attempt, done, page


@staff_view()
def review(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", "record a review")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            # A manager review by someone who is not a manager is refused by the service: show it at the choice.
            held = attempt(
                form,
                case,
                lambda: services.review_hold(
                    actor=request.user,
                    case=case.reference,
                    **form.values("kind", "notes", "outcome", "held_at", "version"),
                ),
                show_not_allowed=True,
            )
            if held is not None:
                return done(request, f"{ReviewKind(held.kind).label} recorded", case, "reviews")
    else:
        form = ReviewForm(initial={"version": case.version})
    return page(
        request,
        "web/steps/plan/review.html",
        case=case,
        pack=pack,
        title="Record a review",
        forms=[form],
        form=form,
        reviews=list(case.reviews.select_related("held_by").order_by("-held_at", "-id")),
    )


@staff_view()
def conference(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", "record a case conference")
    if request.method == "POST":
        form = CaseConferenceForm(request.POST)
        if form.is_valid():
            held = attempt(
                form,
                case,
                lambda: services.case_conference_hold(
                    actor=request.user,
                    case=case.reference,
                    **form.values("held_at", "attendees", "summary", "decisions", "version"),
                ),
            )
            if held is not None:
                return done(request, "Case conference recorded", case, "reviews")
    else:
        form = CaseConferenceForm(initial={"version": case.version})
    return page(
        request,
        "web/steps/plan/conference.html",
        case=case,
        pack=pack,
        title="Record a case conference",
        forms=[form],
        form=form,
        conferences=list(case.conferences.select_related("recorded_by").order_by("-held_at", "-id")),
    )
