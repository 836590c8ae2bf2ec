"""Letters from a case: which the case's pack has, who each may go to, the values that fill it, and the
finished letter as a printable page, a PDF and a Word document.

The wording is the pack's (`casework/packs/<id>/letters/<kind>.html`, rendered by
`casework.domain.letters.render_body`); this module fills it from the case and lays it out around the
letterhead. Nothing here writes: sending is `casework.cases.services.letters.letter_send`.

A letter to anyone but the complainant (or their advocate) never carries what was reported, and every
text from the case or typed by the officer goes through `casework.cases.disclosure.redact`, so no other
party's name, phone number, email address or address can reach an alleged perpetrator.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from casework.accounts.models import Organisation
from casework.cases.choices import ActionOwner, ClosureReason, PartyRole
from casework.cases.disclosure import identities, redact
from casework.cases.letter_docx import body_into
from casework.cases.models import ActionPlanItem, Case, CaseEvent, Party
from casework.cases.packs import pack_named
from casework.cases.services.base import now, visible_case
from casework.domain.events import LONDON
from casework.domain.letters import (
    KINDS_BY_ID,
    LETTER_KINDS,
    LetterKind,
    MissingValueError,
    render_body,
    template_path,
)
from casework.domain.packs import PolicyPack
from casework.domain.packs.loader import BUILTIN_PACKS_DIR
from casework.errors import InvalidInput

ASSETS = Path(__file__).resolve().parent / "letter_assets"
DOCX_TEMPLATE = ASSETS / "letter.docx"
#: Where the body goes in the Word layout: `{{ body }}` on a line of its own is printed as this, then replaced.
BODY_MARKER = "[[letter body]]"

#: The heading printed on each letter (the kinds' labels are written for staff choosing one).
TITLES = {
    "acknowledgement": "We have received your report",
    "action-plan": "Your action plan",
    "appointment": "Your appointment",
    "verbal-warning": "Record of a verbal warning",
    "written-warning": "Written warning",
    "interview-confirmation": "Confirmation of our interview with you",
    "mediation-invitation": "Invitation to mediation",
    "acceptable-behaviour-agreement": "Acceptable behaviour agreement",
    "closure-complainant": "Closing your case",
    "closure-perpetrator": "Closing the case",
    "satisfaction-survey": "How did we do?",
    "diary-sheet": "Diary sheet",
}

#: What each value is, in the officer's words, for "the letter needs …".
NEEDS = {
    "organisation.name": "the organisation's name (in the organisation settings)",
    "organisation.address": "the organisation's address (in the organisation settings)",
    "organisation.phone": "the organisation's phone number (in the organisation settings)",
    "organisation.email": "the organisation's email address (in the organisation settings)",
    "organisation.website": "the organisation's website (in the organisation settings)",
    "recipient.name": "the recipient's name",
    "recipient.address": "the recipient's address",
    "recipient.salutation": "the recipient's name",
    "officer.name": "the officer's name",
    "officer.job_title": "the officer's job title",
    "officer.phone": "a phone number for the officer (the organisation's phone number in its settings)",
    "officer.email": "the officer's email address",
    "case.where": "where the behaviour happens (the case's address or place)",
    "case.priority": "the case's priority",
    "case.types": "the type of behaviour",
    "case.summary": "what was reported",
    "pack.complaints_route": "the complaints route (the pack's closure section)",
    "plan.resident_actions": "the action plan's actions for the resident",
    "plan.landlord_actions": "the action plan's actions for us",
    "plan.resident_actions.action": "an action in the action plan",
    "plan.landlord_actions.action": "an action in the action plan",
    "closure.reason": "the reason for closing (propose or record closure with a reason first)",
    "closure.closed_on": "the date the case closed (close the case first)",
}

#: Who may read the case's own account and its parties' identities: anyone else gets it redacted.
TOLD_EVERYTHING = {PartyRole.COMPLAINANT, PartyRole.ADVOCATE}

#: Values that come from the organisation, the pack or the person written to: never redacted.
NOT_CASE_TEXT = {"organisation", "today", "recipient", "officer", "pack"}


@dataclass(frozen=True)
class LetterDraft:
    kind: LetterKind
    case: Case
    recipient: Party | None
    title: str
    #: The placeholder values used (as given to the template).
    data: dict[str, Any]
    #: The template's rendered HTML body.
    body: str
    #: The whole printable page: letterhead, address block, date, reference, title and body.
    html: str


# -- which letters, to whom -----------------------------------------------------------------------------


def pack_folder(pack_id: str) -> Path:
    """Where a pack's files (and its `letters/` templates) live."""
    return BUILTIN_PACKS_DIR / pack_id


def _template(pack_id: str, kind: str) -> Path:
    return template_path(pack_folder(pack_id), kind)


def letter_kinds_for(case: Case) -> list[LetterKind]:
    """The letters the case's pack has a template for, in the order the procedures use them."""
    return [kind for kind in LETTER_KINDS if _template(case.pack_id, kind.id).is_file()]


def recipients_for(case: Case, kind: LetterKind) -> list[Party]:
    """The parties a letter of this kind may be addressed to on this case."""
    parties = Party.objects.filter(case=case).select_related("person__address").order_by("id")
    if kind.recipient != "any":
        parties = parties.filter(role=kind.recipient)
    return list(parties)


def is_confidential(recipient: Party) -> bool:
    """A letter to this party must not identify anyone else on the case (docs/permissions.md)."""
    return recipient.role not in TOLD_EVERYTHING


# -- drafting -------------------------------------------------------------------------------------------


def draft_letter(
    *, actor: Any, case: Case | str, kind: str, recipient_id: int | None, inputs: Mapping[str, Any]
) -> LetterDraft:
    """The letter as it would be sent now: filled from the case and the officer's answers, nothing stored."""
    found = visible_case(case, actor=actor, capability="case.work", doing="write a letter")
    return prepare(actor=actor, case=found, kind=kind, recipient_id=recipient_id, inputs=inputs)


def prepare(*, actor: Any, case: Case, kind: str, recipient_id: int | None, inputs: Mapping[str, Any]) -> LetterDraft:
    """`draft_letter` for a case already found (and, when sending, locked)."""
    letter_kind = KINDS_BY_ID.get(kind)
    template = _template(case.pack_id, kind) if letter_kind is not None else None
    if letter_kind is None or template is None or not template.is_file():
        offered = ", ".join(k.id for k in letter_kinds_for(case)) or "none"
        raise InvalidInput(
            f"there is no letter {kind!r} for this case's policy (its letters: {offered})",
            fields={"kind": "not a letter this case's policy has"},
        )
    recipient = _recipient(case, letter_kind, recipient_id)
    if letter_kind.id == "action-plan" and not ActionPlanItem.objects.filter(case=case).exists():
        raise InvalidInput(
            "the action plan has no actions yet: add what the complainant and we will do",
            fields={"action_plan": "empty"},
        )
    pack = pack_named(case.pack_id)
    data = letter_data(case, letter_kind, recipient, actor=actor, pack=pack, inputs=inputs)
    try:
        body = render_body(template.read_text(encoding="utf-8"), data)
    except MissingValueError as missing:
        raise _missing(missing.name, letter_kind, recipient) from None
    title = TITLES.get(letter_kind.id, letter_kind.label)
    return LetterDraft(
        kind=letter_kind,
        case=case,
        recipient=recipient,
        title=title,
        data=data,
        body=body,
        html=_page(data, title, body),
    )


def _recipient(case: Case, kind: LetterKind, recipient_id: int | None) -> Party:
    candidates = recipients_for(case, kind)
    who = "any party" if kind.recipient == "any" else f"the {PartyRole(kind.recipient).label.lower()}"
    if recipient_id is None:
        if len(candidates) == 1:
            return candidates[0]
        problem = "choose who it is to" if candidates else f"this case has no {who.removeprefix('the ')}"
        raise InvalidInput(f"{problem}: a {kind.label.lower()} goes to {who}", fields={"recipient": "required"})
    chosen = next((p for p in candidates if p.pk == recipient_id), None)
    if chosen is None:
        raise InvalidInput(
            f"a {kind.label.lower()} goes to {who} on this case, and party {recipient_id} is not one",
            fields={"recipient": "not someone this letter can go to"},
        )
    return chosen


def _missing(name: str, kind: LetterKind, recipient: Party) -> InvalidInput:
    """A value the template needs and the case lacks, as an error the officer can act on at the field."""
    if name == "case.summary" and is_confidential(recipient):
        return InvalidInput(
            "this letter cannot include what was reported: it goes to someone who must not learn who "
            "reported it. The pack's template must not use case.summary in it",
            fields={"template": "uses case.summary"},
        )
    asks = dict(kind.asks)
    what = NEEDS.get(name) or (asks[name].lower() if name in asks else name)
    return InvalidInput(f"the letter needs {what}: enter it, or add it to the case", fields={name: "missing"})


# -- the values ------------------------------------------------------------------------------------------


def letter_data(
    case: Case,
    kind: LetterKind,
    recipient: Party,
    *,
    actor: Any,
    pack: PolicyPack,
    inputs: Mapping[str, Any],
) -> dict[str, Any]:
    """Every placeholder's value for this letter. What the case or pack does not have is left out, so a
    template can ask `is defined` (docs/policy-packs.md, "letters/")."""
    organisation = Organisation.current()
    data: dict[str, Any] = {
        "organisation": {
            "name": organisation.name,
            "address": organisation.letterhead_address.strip() or None,
            "phone": organisation.letterhead_phone or None,
            "email": organisation.letterhead_email or None,
            "website": organisation.letterhead_website or None,
        },
        "today": now().astimezone(LONDON).date(),
        "recipient": _recipient_values(recipient),
        "officer": _officer(case, actor, pack, organisation),
        "case": _case_values(case, pack),
        "pack": {"name": pack.pack.name, "complaints_route": pack.closure.complaints_route},
        "plan": _plan(case),
        "closure": {},
    }
    if pack.closure.response_window is not None:
        data["pack"]["response_window"] = pack.closure.response_window.describe()
    if pack.case_review is not None:
        incidents = pack.case_review.incidents
        window = pack.case_review.window.describe()
        data["pack"]["case_review_threshold"] = f"{incidents} incident{'' if incidents == 1 else 's'} in {window}"
    reason = _closure_reason(case)
    if reason:
        data["closure"]["reason"] = reason
    if case.closed_at is not None and not case.is_open:
        data["closure"]["closed_on"] = case.closed_at.astimezone(LONDON).date()
    _add_asked(data, kind, inputs)
    if is_confidential(recipient):
        _withhold_identities(data, case, recipient)
    return data


def _recipient_values(recipient: Party) -> dict[str, Any]:
    person = recipient.person
    return {
        "name": person.name,
        "salutation": person.name,
        "address": _address_lines(person.address),
        "role": recipient.role,
    }


def _address_lines(address: Any) -> str | None:
    if address is None:
        return None
    lines = [address.line1, address.line2, address.town, address.postcode]
    return "\n".join(line.strip() for line in lines if line and line.strip()) or None


def _officer(case: Case, actor: Any, pack: PolicyPack, organisation: Organisation) -> dict[str, Any]:
    """The case's owner (or whoever is writing, on a case with no owner), in the pack's job title."""
    user = case.owner or actor
    role_id = case.owner_role
    if case.owner is None:
        staff = getattr(actor, "staff", None)
        role_id = getattr(staff, "pack_role", "") or role_id
    try:
        # "Community Housing Manager (CHM)": the abbreviation is for staff, not for the letter's reader.
        job_title: str | None = re.sub(r"\s*\([A-Z]{2,6}\)$", "", pack.role_label(role_id))
    except KeyError:
        job_title = None
    name = (user.get_full_name() or user.get_username()) if user is not None else None
    return {
        "name": name,
        "job_title": job_title,
        # Staff have no phone number of their own here: letters give the organisation's.
        "phone": organisation.letterhead_phone or None,
        "email": getattr(user, "email", "") or organisation.letterhead_email or None,
    }


def _case_values(case: Case, pack: PolicyPack) -> dict[str, Any]:
    labels = {t.id: t.label for t in pack.types}
    try:
        priority = pack.priority_label(case.priority) if case.priority else None
    except KeyError:
        priority = case.priority
    return {
        "reference": case.reference,
        "opened_on": case.opened_at.astimezone(LONDON).date(),
        "types": [labels.get(t, t) for t in case.type_ids],
        "priority": priority,
        "where": str(case.address) if case.address is not None else (case.location.strip() or None),
        "summary": case.summary,
    }


def _plan(case: Case) -> dict[str, Any]:
    """The case's action plan, split into what the resident does and what we (and partners) do."""
    resident: list[dict[str, Any]] = []
    landlord: list[dict[str, Any]] = []
    for item in ActionPlanItem.objects.filter(case=case).order_by("id"):
        action = item.action
        if item.for_whom == ActionOwner.AGENCY and item.owner_name:
            action = f"{item.owner_name}: {action}"
        entry: dict[str, Any] = {"action": action}
        if item.due is not None:
            entry["due"] = item.due
        (resident if item.for_whom == ActionOwner.COMPLAINANT else landlord).append(entry)
    return {"resident_actions": resident, "landlord_actions": landlord}


def _closure_reason(case: Case) -> str | None:
    """The closing reason's label: the case's own once closed, else the one proposed since it last opened."""
    if case.closure_reason:
        return ClosureReason(case.closure_reason).label
    last = (
        CaseEvent.objects.filter(case=case, verb__in=["closure.proposed", "case.reopened"])
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.verb != "closure.proposed":
        return None
    reason = str(last.payload.get("reason", ""))
    return ClosureReason(reason).label if reason in ClosureReason.values else None


def _add_asked(data: dict[str, Any], kind: LetterKind, inputs: Mapping[str, Any]) -> None:
    """The officer's answers, under their placeholders. A blank answer is None (an error if the letter
    uses it), except an acknowledgement's appointment, which is left out when none is arranged yet."""
    for name, question in kind.asks:
        group, attr = name.split(".", 1)
        value = _answer(name, question, inputs.get(name))
        if value is None and kind.id == "acknowledgement" and group == "appointment":
            data.setdefault(group, {})  # so `appointment.at is defined` can be asked
            continue
        data.setdefault(group, {})[attr] = value


def _answer(name: str, question: str, raw: Any) -> Any:
    """A form's answer as the letter uses it: `*.at` a London date and time, `*_on` a date, else text."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    if name.endswith(".at"):
        moment = raw if isinstance(raw, datetime) else _parse(datetime.fromisoformat, raw, name, question)
        return (moment if moment.tzinfo else moment.replace(tzinfo=LONDON)).astimezone(LONDON)
    if name.endswith("_on"):
        if isinstance(raw, datetime):
            return raw.astimezone(LONDON).date() if raw.tzinfo else raw.date()
        return raw if isinstance(raw, date) else _parse(date.fromisoformat, raw, name, question)
    return str(raw)


def _parse(parse: Any, raw: Any, name: str, question: str) -> Any:
    try:
        return parse(str(raw))
    except ValueError:
        what = "date and time" if name.endswith(".at") else "date"
        raise InvalidInput(f"{question} must be a real {what}", fields={name: f"not a {what}"}) from None


def _withhold_identities(data: dict[str, Any], case: Case, recipient: Party) -> None:
    """Leave out what was reported and redact every other party's identity from the case's and the
    officer's text: the letter goes to someone who must never learn who complained."""
    data["case"].pop("summary", None)
    others = [
        p
        for p in Party.objects.filter(case=case).select_related("person__address", "guardian__address")
        if p.pk != recipient.pk and p.person_id != recipient.person_id
    ]
    withheld = identities(others)
    withheld += [p.person.address.line2 for p in others if p.person.address and len(p.person.address.line2) > 3]
    withheld.sort(key=len, reverse=True)
    for group, values in data.items():
        if group not in NOT_CASE_TEXT:
            data[group] = _redacted(values, withheld)


def _redacted(value: Any, withheld: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, withheld)
    if isinstance(value, Mapping):
        return {key: _redacted(item, withheld) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item, withheld) for item in value]
    return value


# -- the finished letter ---------------------------------------------------------------------------------


def _page(data: Mapping[str, Any], title: str, body: str) -> str:
    organisation = data["organisation"]
    recipient = data["recipient"]
    context = {
        "organisation": organisation,
        "recipient": recipient,
        "date": f"{data['today']:%-d %B %Y}",
        "reference": data["case"]["reference"],
        "title": title,
        # The sandboxed template escaped every value it printed: only its own simple markup is left.
        "body": mark_safe(body),  # noqa: S308
    }
    return render_to_string("cases/letter.html", context)


def render_pdf(draft: LetterDraft) -> bytes:
    """The letter as an A4 PDF with tagged, accessible text (PDF/UA-1), page numbers and metadata."""
    import weasyprint  # type: ignore[import-untyped]  # a heavy import: only when a letter is printed

    document = weasyprint.HTML(string=draft.html, base_url=str(ASSETS))
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf


def render_docx(draft: LetterDraft) -> bytes:
    """The same letter as a Word document, from the base template in letter_assets/ and the same data."""
    from docxtpl import DocxTemplate, Listing  # type: ignore[import-untyped]

    template = DocxTemplate(str(DOCX_TEMPLATE))
    organisation = draft.data["organisation"]
    recipient = draft.data["recipient"]
    contact = [
        f"Phone: {organisation['phone']}" if organisation.get("phone") else "",
        f"Email: {organisation['email']}" if organisation.get("email") else "",
        organisation.get("website") or "",
    ]
    context = {
        "organisation_name": organisation["name"],
        "organisation_address": Listing(organisation.get("address") or ""),
        "organisation_contact": Listing("\n".join(line for line in contact if line)),
        "recipient_block": Listing("\n".join(filter(None, [recipient["name"], recipient.get("address")]))),
        "date": f"{draft.data['today']:%-d %B %Y}",
        "reference": draft.case.reference,
        "title": draft.title,
        "body": BODY_MARKER,
    }
    template.render(context, autoescape=True)
    document = template.docx
    body_into(document, draft.body, at=BODY_MARKER)
    properties = document.core_properties
    properties.title = draft.title
    properties.subject = f"Our reference: {draft.case.reference}"
    properties.author = organisation["name"]
    properties.language = "en-GB"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
