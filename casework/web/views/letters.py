"""Letters: choose one the case's pack has, answer what it asks, preview it, download it as PDF or Word,
and send it (stored on the case with its hash). A sent letter is downloaded again from the case page.

The wording is the pack's (casework/packs/<id>/letters/); what goes into it and who it may go to is
`casework.cases.letters`, and sending is the `letter_send` service. These pages only ask and show.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.views import View

from casework.cases import selectors, services
from casework.cases.letters import (
    LetterDraft,
    draft_letter,
    letter_kinds_for,
    recipients_for,
    render_docx,
    render_pdf,
)
from casework.cases.models import Case
from casework.cases.models.letters import LETTER_FORMATS, Letter, letter_filename
from casework.cases.packs import pack_named
from casework.domain.letters import LetterKind
from casework.domain.packs import PolicyPack
from casework.downloads import private_download
from casework.errors import NotFound
from casework.web.decorators import staff_view
from casework.web.forms.letters import LetterChoiceForm, LetterForm
from casework.web.views.common import attempt, case_and_pack
from casework.web.views.records_common import case_section

TEMPLATES = "web/letters/"
DOING = "write letters"


def workable_case(request: HttpRequest, reference: str) -> Case:
    """The case, if the user may see it (else 404) and write letters (else 403): visibility first."""
    return case_and_pack(request, reference, "case.work", DOING)[0]


@staff_view()
def letter_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Which letter: the kinds the case's pack has templates for."""
    case = workable_case(request, reference)
    form = LetterChoiceForm(request.POST if request.method == "POST" else None, kinds=letter_kinds_for(case))
    if request.method == "POST" and form.is_valid():
        return redirect("web:letter", case.reference, form.cleaned_data["kind"])
    context = {"case": case, "pack": pack_named(case.pack_id), "form": form, "heading": "Write a letter"}
    return render(request, TEMPLATES + "choose.html", context)


class LetterWrite(View):
    """One letter: who to, what the officer adds, then Preview, Download PDF or Word, or Send.

    Every button posts the whole form, so nothing is lost between them and the page works without
    JavaScript; a preview or a download writes nothing, and only Send stores the letter on the case.
    """

    case: Case
    pack: PolicyPack
    kind: LetterKind

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.case = workable_case(request, kwargs["reference"])
        self.pack = pack_named(self.case.pack_id)
        found = next((k for k in letter_kinds_for(self.case) if k.id == kwargs["kind"]), None)
        if found is None:
            raise NotFound(f"case {self.case.reference} has no letter {kwargs['kind']}")
        self.kind = found
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data: Any = None) -> LetterForm:
        return LetterForm(
            data,
            initial={"version": self.case.version},
            kind=self.kind,
            recipients=recipients_for(self.case, self.kind),
        )

    def show(self, form: LetterForm, draft: LetterDraft | None = None) -> HttpResponse:
        context = {
            "case": self.case,
            "pack": self.pack,
            "kind": self.kind,
            "form": form,
            "heading": self.kind.label,
            "draft": draft,
            # The body is the pack template's output, rendered in Jinja's sandbox with autoescaping on, so
            # every value in it (what the officer typed, names from the case) is already escaped: only the
            # template's own simple markup (headings, paragraphs, lists, tables) is left as HTML.
            "preview": mark_safe(draft.body) if draft is not None else None,  # noqa: S308
        }
        return render(self.request, TEMPLATES + "letter.html", context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = self.make_form(request.POST)
        action = request.POST.get("action", "preview")
        if not form.is_valid():
            return self.show(form)
        if action == "send" and not form.cleaned_data["method"]:
            form.add_error("method", "Choose how the letter will be sent")
            attempt(form, lambda: self.draft(form))  # and say now what else it needs, not after the next try
            return self.show(form)
        if action == "send":
            letter = attempt(form, lambda: self.send(form))
            if letter is None:
                return self.show(form)
            messages.success(request, self.sent_message(letter))
            return redirect(case_section(self.case, "letters"))
        draft = attempt(form, lambda: self.draft(form))
        if draft is None:
            return self.show(form)
        if action in LETTER_FORMATS:
            content = render_pdf(draft) if action == "pdf" else render_docx(draft)
            name = letter_filename(self.case.reference, self.kind.id, action)
            return private_download(io.BytesIO(content), name, LETTER_FORMATS[action])
        return self.show(form, draft)

    def draft(self, form: LetterForm) -> LetterDraft:
        return draft_letter(
            actor=self.request.user,
            case=self.case,
            kind=self.kind.id,
            recipient_id=form.recipient_id(),
            inputs=form.inputs(),
        )

    def send(self, form: LetterForm) -> Letter:
        return services.letter_send(
            actor=self.request.user,
            case=self.case,
            kind=self.kind.id,
            recipient_id=form.recipient_id(),
            inputs=form.inputs(),
            method=form.cleaned_data["method"],
            version=form.cleaned_data["version"],
        )

    def sent_message(self, letter: Letter) -> str:
        # The kind's name as staff know it, without the note of who it goes to: "Written warning sent to…".
        what = self.kind.label.split(" (")[0]
        return f"{what} sent to {letter.recipient_name}"


@staff_view()
def letter_file(request: HttpRequest, reference: str, letter_id: int, fmt: str) -> FileResponse:
    """A sent letter as it was sent, to anyone who may see the case; there is no public URL for it."""
    case = selectors.case_for(request.user, reference)
    letter = Letter.objects.filter(case=case, pk=letter_id).first()
    if letter is None or fmt not in LETTER_FORMATS:
        raise NotFound(f"no letter {letter_id} on case {reference}")
    name = letter_filename(case.reference, letter.kind, fmt)
    return private_download(letter.stored(fmt).open("rb"), name, LETTER_FORMATS[fmt])


urlpatterns = [
    path("letters/new", letter_new, name="letter-new"),
    path("letters/sent/<int:letter_id>/<str:fmt>", letter_file, name="letter-file"),
    path("letters/<str:kind>", staff_view()(LetterWrite.as_view()), name="letter"),
]
