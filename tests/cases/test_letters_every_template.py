"""Every letter of every built-in pack, rendered from a full case: the PDF's extracted text and the Word
document's contents say what the letter is, who it is to and the case it is about, and nothing is blank,
unfilled or printed raw."""

from __future__ import annotations

import html
import io
import re

import docx
import pytest
from pypdf import PdfReader

from casework.accounts.models import Organisation
from casework.cases import services
from casework.cases.letters import draft_letter, render_docx, render_pdf
from casework.cases.models import Party
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.domain.letters import KINDS_BY_ID, LETTER_KINDS, LetterKind
from casework.domain.packs.loader import BUILTIN_PACKS_DIR, builtin_pack_ids
from tests.cases.helpers import open_case

EVERY_TEMPLATE = [
    (pack_id, kind.id)
    for pack_id in builtin_pack_ids()
    for kind in LETTER_KINDS
    if (BUILTIN_PACKS_DIR / pack_id / "letters" / f"{kind.id}.html").is_file()
]

#: What must never reach a letter: an unfilled placeholder, Python's None, or a date in machine format.
LEFTOVERS = re.compile(r"\{\{|\{%|\}\}|%\}|\bNone\b|\d{4}-\d{2}-\d{2}")


def answers(kind: LetterKind) -> dict[str, str]:
    """A complete, distinctive answer to every question the letter asks."""
    given = {}
    for name, _ in kind.asks:
        if name.endswith(".at"):
            given[name] = "2026-12-01T10:30"
        elif name.endswith("_on"):
            given[name] = "2026-11-20"
        else:
            given[name] = f"Answer for {name}"
    return given


def words(text: str) -> str:
    return " ".join(text.split())


def first_words(body: str, count: int = 4) -> str:
    """The start of the body's first heading or paragraph: a phrase only this letter has."""
    match = re.search(r"<(h2|h3|p|li|th|td)\b[^>]*>(.*?)</\1>", body, flags=re.DOTALL)
    assert match, "the letter has no heading or paragraph"
    text = words(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))))
    return " ".join(text.split()[:count])


def pdf_text(content: bytes) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def word_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return words(" ".join([*paragraphs, *cells]))


@pytest.fixture
def full_case(people):
    """A case with everything a letter can draw on: parties with addresses, an action plan, a proposed
    closure, and an organisation with its whole letterhead."""

    def make(pack_id: str):
        case = open_case(
            people.contact_centre,
            pack_id=pack_id,
            owner=people.officer,
            parties=[
                PartyInput(
                    person=PersonInput(
                        name="Robin Resident",
                        email="robin@example.net",
                        address=AddressInput(line1="4 Quiet Close", town="Exampletown", postcode="ZZ1 2AB"),
                    ),
                    role="complainant",
                ),
                PartyInput(
                    person=PersonInput(
                        name="Pat Loud", address=AddressInput(line1="5 Quiet Close", postcode="ZZ1 2AB")
                    ),
                    role="alleged-perpetrator",
                ),
            ],
        )
        Organisation.objects.filter(pk=1).update(
            letterhead_address="1 Landlord Way\nExampletown\nEX1 1EX",
            letterhead_phone="0300 123 4567",
            letterhead_email="asb@example-homes.org",
            letterhead_website="https://example-homes.org",
        )
        services.action_plan_item_add(
            actor=people.officer, case=case.reference, for_whom="complainant", action="Keep a diary of incidents"
        )
        services.action_plan_item_add(
            actor=people.officer, case=case.reference, for_whom="landlord", action="Visit Pat Loud"
        )
        services.case_closure_propose(actor=people.officer, case=case.reference, reason="resolved")
        return case

    return make


def test_every_built_in_pack_has_all_twelve_letters():
    assert len(EVERY_TEMPLATE) == len(builtin_pack_ids()) * len(LETTER_KINDS)


@pytest.mark.parametrize(("pack_id", "kind_id"), EVERY_TEMPLATE, ids=[f"{p}:{k}" for p, k in EVERY_TEMPLATE])
def test_every_letter_renders_to_pdf_and_word_from_the_same_data(people, full_case, pack_id, kind_id):
    case = full_case(pack_id)
    kind = KINDS_BY_ID[kind_id]
    role = "alleged-perpetrator" if kind.recipient == "alleged-perpetrator" else "complainant"
    recipient = Party.objects.get(case=case, role=role)

    draft = draft_letter(
        actor=people.officer, case=case.reference, kind=kind_id, recipient_id=recipient.pk, inputs=answers(kind)
    )
    pdf, word = pdf_text(render_pdf(draft)), word_text(render_docx(draft))

    phrase = first_words(draft.body)
    for name, text in (("PDF", pdf), ("Word", word)):
        for expected in (case.reference, recipient.person.name, draft.title, phrase, "Example Homes"):
            assert expected in text, f"{name} text lacks {expected!r}"
        assert not LEFTOVERS.search(text), f"{name} text has {LEFTOVERS.search(text).group()!r}"
    assert "Page 1 of" in pdf


@pytest.mark.parametrize(
    ("pack_id", "kind_id"),
    [pytest.param(p, k, id=f"{p}:{k}") for p, k in EVERY_TEMPLATE if KINDS_BY_ID[k].asks],
)
def test_every_letter_prints_what_the_officer_is_asked_for(people, full_case, pack_id, kind_id):
    case = full_case(pack_id)
    kind = KINDS_BY_ID[kind_id]
    role = "alleged-perpetrator" if kind.recipient == "alleged-perpetrator" else "complainant"

    draft = draft_letter(
        actor=people.officer,
        case=case.reference,
        kind=kind_id,
        recipient_id=Party.objects.get(case=case, role=role).pk,
        inputs=answers(kind),
    )

    unprinted = [
        name for name, answer in answers(kind).items() if answer.startswith("Answer") and answer not in draft.body
    ]
    assert unprinted == []
