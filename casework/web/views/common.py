"""What every page that takes a step on a case shares: the case (a case the user may not see is a 404,
before any check of their role) and a service's refusal put back on the form that asked for the step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from django.utils.text import capfirst

from casework.cases import selectors
from casework.cases.models import Case
from casework.cases.packs import pack_named
from casework.cases.permissions import require
from casework.domain.packs import PolicyPack
from casework.errors import Conflict, InvalidInput, NotAllowed, StepBlocked
from casework.web.forms.base import GovForm

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


def attempt(
    form: GovForm,
    work: Callable[[], T],
    *,
    on_conflict: Callable[[], object] | None = None,
    show_not_allowed: bool = False,
) -> T | None:
    """Take the step; a refusal goes onto the form (every reason, for a blocked step), nothing was written,
    and None is returned. `on_conflict` runs after a stale version is refused; a NotAllowed is shown on the
    form only when asked, else it becomes the 403 page."""
    try:
        return work()
    except StepBlocked as blocked:
        for reason in blocked.reasons or (blocked.message,):
            form.add_error(None, capfirst(reason))
    except Conflict:
        form.add_error(None, CONFLICT)
        if on_conflict is not None:
            on_conflict()
    except InvalidInput as refused:
        form.take(refused)
    except NotAllowed as refused:
        if not show_not_allowed:
            raise
        form.take(refused)
    return None
