"""What the planning and decision pages share: the case and its pack, trying a step, rendering, success.

Each page loads the case through the selector (a case the user may not see is a 404, before any check of
their role), then tries the step through its service and shows a refusal beside the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst

from casework.cases.engine import Replay
from casework.cases.models import Case
from casework.domain.packs import PolicyPack
from casework.web.forms.base import GovForm, join_summaries
from casework.web.forms.steps_plan import StepForm
from casework.web.views.common import attempt as common_attempt

T = TypeVar("T")


def attempt(form: StepForm, case: Case, record: Callable[[], T], *, show_not_allowed: bool = False) -> T | None:
    """Take the step (`common.attempt`); after a conflict the form carries the version now stored, so a
    deliberate second submit goes through."""
    return common_attempt(
        form, record, on_conflict=lambda: form.keep_version(case.version), show_not_allowed=show_not_allowed
    )


def blocked_reasons(case: Case, events: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each of `events` the pack's path blocks now, why (from the case's next steps)."""
    wanted = set(events)
    found: dict[str, tuple[str, ...]] = {}
    for step in Replay(case).next_steps():
        if step.event in wanted and not step.allowed:
            found.setdefault(step.event, tuple(capfirst(reason) for reason in step.reasons))
    return found


def page(
    request: HttpRequest,
    template: str,
    *,
    case: Case,
    pack: PolicyPack,
    title: str,
    forms: Iterable[GovForm | None] = (),
    **context: Any,
) -> HttpResponse:
    """A step page: the case and its pack, the page title, and the error summary of any bound forms."""
    entries = join_summaries(*forms)
    return render(
        request,
        template,
        {"case": case, "pack": pack, "page_title": title, "error_entries": entries, **context},
    )


def done(request: HttpRequest, message: str, case: Case, section: str) -> HttpResponseRedirect:
    """Post/Redirect/Get: say what was recorded, and go back to that section of the case page."""
    messages.success(request, message)
    return HttpResponseRedirect(reverse("web:case", args=[case.reference]) + f"#{section}")
