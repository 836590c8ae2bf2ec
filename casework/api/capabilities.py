"""Each endpoint names the capability that governs it (`CAPABILITIES`), and that is what it checks.

`@needs("case.work", "record contact")` under a router decorator does three things: it checks the
capability before the endpoint runs (after the case's visibility, so an unseen case is 404 and never a
403 that confirms it exists); it writes the capability into the operation's OpenAPI entry as
`x-capability`, so the role-by-endpoint test and integrators can read it; and it says so in the
endpoint's description.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from casework.api.auth import actor
from casework.cases.models import Case
from casework.cases.permissions import CAPABILITIES, require
from casework.cases.services.base import visible_case

CAPABILITY_KEY = "x-capability"
View = TypeVar("View", bound=Callable[..., Any])


def needs(capability: str, doing: str, *, case_in_sight: bool = True) -> Callable[[View], View]:
    """Declare and enforce the capability for an endpoint. `doing` finishes "your role cannot …".

    With `case_in_sight` (the default) an endpoint with a `reference` path parameter first needs the
    case to be one the caller may see; adding a repeat report turns it off, because intake adds reports
    to cases the contact centre found as duplicates but may not open.
    """
    if capability not in CAPABILITIES:
        raise ImproperlyConfigured(f"{capability!r} is not a capability in casework.cases.permissions")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            reference = kwargs.get("reference")
            if case_in_sight and reference is not None:
                found = visible_case(str(reference), actor=actor(request), capability=capability, doing=doing)
                request.casework_case = found  # type: ignore[attr-defined]
            else:
                require(actor(request), capability, doing)
            return view(request, *args, **kwargs)

        # ninja reads the parameters from the wrapper: give it the view's, with the annotations resolved in
        # the view's own module (its `from __future__ import annotations` strings mean nothing here).
        checked.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]

        def declare(operation: Operation) -> None:
            operation.openapi_extra = {**(operation.openapi_extra or {}), CAPABILITY_KEY: capability}
            note = f"Needs the capability `{capability}` (docs/permissions.md)."
            operation.description = f"{operation.description}\n\n{note}".strip()

        contribute_operation_callback(checked, declare)
        checked.capability = capability  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


def seen_case(request: HttpRequest) -> Case:
    """The case `@needs` found for this request: visible to the caller, who holds the capability."""
    return request.casework_case  # type: ignore[attr-defined,no-any-return]
