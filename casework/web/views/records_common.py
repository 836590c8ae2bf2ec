"""What every page that records a step on a case shares: the case it is about (a case the user may not see
is a 404, before any 403), the version it was loaded at, a service's refusal shown on the form, and the way
back to the case page once it is recorded (Post/Redirect/Get).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from casework.cases.models import Case
from casework.cases.permissions import require
from casework.domain.packs import PolicyPack
from casework.web.forms.steps_records import CaseStepForm
from casework.web.views.common import attempt, case_and_pack


class CaseStepView(View):
    """A form that records one step on one case.

    Subclasses name their form, template, heading and the case page section to return to, and implement
    `record(form)`: call the service with `self.case.reference` and the form's version, and return the
    message to show on the case page.
    """

    form_class: ClassVar[type[CaseStepForm]]
    template_name: ClassVar[str]
    heading: ClassVar[str]
    #: The section of the case page (its id) that shows what this step records.
    section: ClassVar[str]
    capability: ClassVar[str] = "case.work"
    doing: ClassVar[str] = "work on cases"

    case: Case
    pack: PolicyPack

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Visibility first: a case the user may not see is "not found", never "not allowed".
        self.case, self.pack = case_and_pack(request, kwargs["reference"])
        self.load(**kwargs)
        self.check_allowed()
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs: Any) -> None:
        """Find anything else the URL names (a party, a step kind); NotFound when it is not on the case."""

    def check_allowed(self) -> None:
        require(self.request.user, self.capability, self.doing)

    def title(self) -> str:
        return self.heading

    def initial(self) -> dict[str, Any]:
        return {}

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def make_form(self, data: Any = None, files: Any = None) -> CaseStepForm:
        initial = {"version": self.case.version, **self.initial()}
        return self.form_class(data, files, initial=initial, **self.form_kwargs())

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {}

    def record(self, form: Any) -> str:
        raise NotImplementedError

    def show(self, form: CaseStepForm) -> HttpResponse:
        context = {"case": self.case, "pack": self.pack, "form": form, "heading": self.title()}
        return render(self.request, self.template_name, {**context, **self.context(form)})

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST, request.FILES)
        done = attempt(form, lambda: self.record(form)) if form.is_valid() else None
        if done is None:
            return self.show(form)
        messages.success(request, done)
        return redirect(case_section(self.case, self.section))


def case_section(case: Case, section: str) -> str:
    return reverse("web:case", args=[case.reference]) + f"#{section}"
