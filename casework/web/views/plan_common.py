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

from casework.cases import selectors
from casework.cases.engine import Replay
from casework.cases.models import Case
from casework.cases.packs import pack_named
from casework.cases.permissions import require
from casework.domain.packs import PolicyPack
from casework.errors import Conflict, InvalidInput, NotAllowed, StepBlocked
from casework.web.forms.base import GovForm, join_summaries
from casework.web.forms.steps_plan import StepForm

T = TypeVar("T")

CONFLICT = "Someone changed this case while you were working on it: nothing was saved. Check the case and try again."


def case_and_pack(
    request: HttpRequest, reference: str, capability: str | None = None, doing: str = "do this"
) -> tuple[Case, PolicyPack]:
    """The case (404 if the user may not see it), then the role check (403), and the case's pack."""
    case = selectors.case_for(request.user, reference)
    if capability is not None:
        require(request.user, capability, doing)
    return case, pack_named(case.pack_id)


def attempt(form: StepForm, case: Case, record: Callable[[], T], *, show_not_allowed: bool = False) -> T | None:
    """Take the step; on a refusal put it on the form (every reason, for a blocked step) and give None."""
    try:
        return record()
    except StepBlocked as error:
        for reason in error.reasons or (error.message,):
            form.add_error(None, capfirst(reason))
    except Conflict:
        form.add_error(None, CONFLICT)
        form.keep_version(case.version)
    except InvalidInput as error:
        form.take(error)
    except NotAllowed as error:
        if not show_not_allowed:
            raise
        form.take(error)
    return None


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
