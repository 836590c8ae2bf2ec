"""Letters from a case (casework/cases/letters.py) and sending them (casework/cases/services/letters.py).

Most tests use small templates of their own in a temporary pack folder, so they test the application's
part (the values, the layout, the sending) whatever wording the built-in packs use. The canary test at
the end renders every built-in template that can go to an alleged perpetrator.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import docx
import pytest
from django.core import mail
from django.core.files.storage import storages
from django.utils import timezone
from pypdf import PdfReader

from casework.accounts.models import Organisation
from casework.cases import letters, services
from casework.cases.letters import draft_letter, letter_kinds_for, recipients_for, render_docx, render_pdf
from casework.cases.models import CaseEvent, Letter, Party
from casework.cases.packs import pack_named
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from casework.domain.letters import KINDS_BY_ID, LETTER_KINDS
from casework.domain.packs.loader import BUILTIN_PACKS_DIR, builtin_pack_ids
from casework.errors import Conflict, InvalidInput, NotAllowed, NotFound, StepBlocked
from tests.cases.helpers import footprint, obligation, open_case, ram_answers, reload, verbs

# -- what the tests share ---------------------------------------------------------------------------------


def simple_template(kind_id: str) -> str:
    """A template printing the basics and every answer the kind asks for."""
    kind = KINDS_BY_ID[kind_id]
    asked = "".join(f"<p>{name}: {{{{ {name} }}}}</p>" for name, _ in kind.asks if not name.startswith("appt"))
    if kind_id == "acknowledgement":
        asked = (
            "{% if appointment.at is defined %}"
            "<p>Appointment: {{ appointment.at|date('%-d %B %Y at %H:%M') }}</p>{% endif %}"
        )
    return (
        f"<h2>{kind.label} marker</h2><p>Dear {{{{ recipient.salutation }}}},</p>{asked}"
        "<p>Yours sincerely</p><p>{{ officer.name }}<br>{{ officer.job_title }}</p>"
    )


@pytest.fixture
def pack_templates(tmp_path, monkeypatch):
    """Every built-in pack's folder, with a simple template for each letter: returns the folder."""

    def write(pack_id: str, kind_id: str, text: str) -> None:
        folder = tmp_path / pack_id / "letters"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{kind_id}.html").write_text(text, encoding="utf-8")

    for pack_id in builtin_pack_ids():
        for kind in LETTER_KINDS:
            write(pack_id, kind.id, simple_template(kind.id))
    monkeypatch.setattr(letters, "pack_folder", lambda pack_id: tmp_path / pack_id)
    return write


@pytest.fixture
def letterhead(org):
    Organisation.objects.filter(pk=1).update(
        letterhead_address="1 Landlord Way\nExampletown\nEX1 1EX",
        letterhead_phone="0300 123 4567",
        letterhead_email="asb@example-homes.org",
        letterhead_website="https://example-homes.org",
    )


def parties() -> list[PartyInput]:
    """A complainant with an address and an email, and an alleged perpetrator with an address."""
    return [
        PartyInput(
            person=PersonInput(
                name="Robin Resident",
                email="robin@example.net",
                address=AddressInput(line1="4 Quiet Close", town="Exampletown", postcode="ZZ1 2AB"),
            ),
            role="complainant",
        ),
        PartyInput(
            person=PersonInput(name="Pat Loud", address=AddressInput(line1="5 Quiet Close", postcode="ZZ1 2AB")),
            role="alleged-perpetrator",
        ),
    ]


@pytest.fixture
def case(people, letterhead, pack_templates):
    """A Places for People case owned by the officer."""
    return open_case(people.contact_centre, owner=people.officer, parties=parties())


@pytest.fixture
def closed(people, letterhead, pack_templates):
    """A Believe Housing case (closed without ceremony), owned by the officer."""
    case = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer, parties=parties())
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    return reload(case)


def party(case, role: str) -> Party:
    return Party.objects.get(case=case, role=role)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def word_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join([*(p.text for p in document.paragraphs), *cells, *footer])


def letter_files(case) -> list[str]:
    storage = storages["evidence"]
    folder = f"{case.pk}/letters"
    return sorted(storage.listdir(folder)[1]) if storage.exists(folder) else []


def send(people, case, kind: str, role: str = "complainant", method: str = "post", **inputs):
    return services.letter_send(
        actor=people.officer,
        case=case.reference,
        kind=kind,
        recipient_id=party(case, role).pk,
        inputs=inputs,
        method=method,
    )


WARNING = {"warning.behaviour": "Loud music at night", "warning.effect": "Neighbours cannot sleep"}


# -- which letters, and to whom ----------------------------------------------------------------------------


def test_the_letters_offered_are_the_ones_the_pack_has_templates_for(case, tmp_path):
    for extra in (tmp_path / case.pack_id / "letters").iterdir():
        if extra.stem not in {"closure-complainant", "acknowledgement"}:
            extra.unlink()

    assert [k.id for k in letter_kinds_for(case)] == ["acknowledgement", "closure-complainant"]


def test_a_letter_goes_to_the_parties_in_its_recipient_role(case):
    assert recipients_for(case, KINDS_BY_ID["acknowledgement"]) == [party(case, "complainant")]
    assert recipients_for(case, KINDS_BY_ID["written-warning"]) == [party(case, "alleged-perpetrator")]
    assert set(recipients_for(case, KINDS_BY_ID["appointment"])) == set(Party.objects.filter(case=case))


# -- drafting ----------------------------------------------------------------------------------------------


def test_the_draft_is_filled_from_the_case(people, case, pack_templates):
    pack_templates(
        case.pack_id,
        "action-plan",
        "<h2>Plan</h2><ul>{% for item in plan.resident_actions %}<li>You: {{ item.action }}"
        "{% if item.due is defined %} by {{ item.due|date }}{% endif %}</li>{% endfor %}"
        "{% for item in plan.landlord_actions %}<li>Us: {{ item.action }}</li>{% endfor %}</ul>"
        "<p>{{ plan.contact_frequency }}; {{ case.types|join(', ') }}; {{ pack.complaints_route }}</p>"
        "<p>{{ officer.name }}, {{ officer.job_title }}, {{ officer.phone }}</p>",
    )
    services.action_plan_item_add(
        actor=people.officer,
        case=case.reference,
        for_whom="complainant",
        action="Keep diary sheets",
        due=date(2026, 12, 24),
    )
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="landlord", action="Visit")
    services.action_plan_item_add(
        actor=people.officer, case=case.reference, for_whom="agency", action="Patrol", owner_name="Police"
    )

    draft = draft_letter(
        actor=people.officer,
        case=case.reference,
        kind="action-plan",
        recipient_id=None,  # the only complainant
        inputs={"plan.contact_frequency": "  Every two weeks  "},
    )

    assert draft.recipient == party(case, "complainant")
    assert draft.data["plan"] == {
        "resident_actions": [{"action": "Keep diary sheets", "due": date(2026, 12, 24)}],
        "landlord_actions": [{"action": "Visit"}, {"action": "Police: Patrol"}],
        "contact_frequency": "Every two weeks",
    }
    assert draft.data["officer"]["job_title"] == "Community Housing Manager"
    assert draft.data["case"]["types"] == ["Noise Nuisance"]
    assert "You: Keep diary sheets by 24 December 2026" in draft.body
    assert "Us: Police: Patrol" in draft.body
    route = pack_named(case.pack_id).closure.complaints_route
    assert f"Every two weeks; Noise Nuisance; {route}" in draft.body
    for printed in (
        "Example Homes",
        "1 Landlord Way<br>Exampletown",
        "0300 123 4567",
        "Robin Resident<br>4 Quiet Close<br>Exampletown<br>ZZ1 2AB",
        f"Our reference: <strong>{case.reference}</strong>",
        "<h1>Your action plan</h1>",
        'lang="en-GB"',
        "counter(pages)",
    ):
        assert printed in draft.html


def test_values_a_pack_does_not_have_are_left_out(people, case):
    coop = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    args = {"actor": people.officer, "kind": "satisfaction-survey", "recipient_id": None, "inputs": {}}

    pfp = draft_letter(case=case.reference, **args).data["pack"]
    coop_pack = draft_letter(case=coop.reference, **args).data["pack"]

    assert "response_window" not in pfp
    assert coop_pack["response_window"] == "5 working days"
    assert "closed_on" not in draft_letter(case=coop.reference, **args).data["closure"]


def test_the_acknowledgement_mentions_an_appointment_only_when_one_is_arranged(people, case):
    def body(**inputs):
        return draft_letter(
            actor=people.officer, case=case.reference, kind="acknowledgement", recipient_id=None, inputs=inputs
        ).body

    assert "Appointment" not in body()
    assert "Appointment" not in body(**{"appointment.at": "  "})
    assert "Appointment: 1 December 2026 at 10:30" in body(**{"appointment.at": "2026-12-01T10:30"})


def test_a_missing_answer_is_an_error_naming_its_field(people, case):
    with pytest.raises(InvalidInput) as refused:
        draft_letter(
            actor=people.officer,
            case=case.reference,
            kind="written-warning",
            recipient_id=party(case, "alleged-perpetrator").pk,
            inputs={**WARNING, "warning.effect": " "},
        )

    assert refused.value.fields == {"warning.effect": "missing"}
    assert "the letter needs its effect on others" in refused.value.message


def test_a_missing_value_on_the_case_is_an_error_too(people, case, pack_templates):
    pack_templates(case.pack_id, "satisfaction-survey", "<p>{{ closure.reason }} {{ closure.closed_on|date }}</p>")

    with pytest.raises(InvalidInput) as refused:
        draft_letter(
            actor=people.officer, case=case.reference, kind="satisfaction-survey", recipient_id=None, inputs={}
        )

    assert refused.value.fields == {"closure.reason": "missing"}
    assert "reason for closing" in refused.value.message


def test_a_date_that_is_not_a_date_is_refused_at_its_field(people, case):
    with pytest.raises(InvalidInput) as refused:
        draft_letter(
            actor=people.officer,
            case=case.reference,
            kind="appointment",
            recipient_id=party(case, "complainant").pk,
            inputs={"appointment.at": "next Tuesday", "appointment.place": "The office"},
        )

    assert refused.value.fields == {"appointment.at": "not a date and time"}


def test_a_letter_goes_only_to_a_party_in_its_role_on_this_case(people, case):
    other = open_case(people.contact_centre, owner=people.officer)

    for wrong in (party(case, "complainant"), party(other, "alleged-perpetrator")):
        with pytest.raises(InvalidInput) as refused:
            draft_letter(
                actor=people.officer, case=case.reference, kind="written-warning", recipient_id=wrong.pk, inputs=WARNING
            )
        assert refused.value.fields == {"recipient": "not someone this letter can go to"}


def test_an_unknown_letter_or_one_the_pack_has_no_template_for_is_refused(people, case, tmp_path):
    (tmp_path / case.pack_id / "letters" / "diary-sheet.html").unlink()

    for kind in ("love-letter", "diary-sheet"):
        with pytest.raises(InvalidInput) as refused:
            draft_letter(actor=people.officer, case=case.reference, kind=kind, recipient_id=None, inputs={})
        assert refused.value.fields == {"kind": "not a letter this case's policy has"}


def test_a_case_the_writer_may_not_see_has_no_letters(people, case):
    with pytest.raises(NotFound):
        draft_letter(actor=people.outsider, case=case.reference, kind="diary-sheet", recipient_id=None, inputs={})


def test_the_pdf_and_word_letters_say_the_same(people, case, pack_templates):
    pack_templates(
        case.pack_id,
        "diary-sheet",
        "<h2>Your diary</h2><p>Write <strong>what</strong> happened.</p><ol><li>First</li><li>Second</li></ol>"
        "<table><thead><tr><th>Date</th><th>What happened</th></tr></thead><tbody><tr><td></td><td></td></tr>"
        "</tbody></table><p>{{ officer.name }}</p>",
    )
    draft = draft_letter(actor=people.officer, case=case.reference, kind="diary-sheet", recipient_id=None, inputs={})

    pdf = render_pdf(draft)
    text = pdf_text(pdf)
    word = word_text(render_docx(draft))

    for content in (text, word):
        for expected in (
            case.reference,
            "Robin Resident",
            "Diary sheet",
            "Your diary",
            "What happened",
            "Example Homes",
        ):
            assert expected in content
    assert "Page 1 of 1" in text
    assert "1. First" in word
    assert "2. Second" in word
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Diary sheet – {case.reference}"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged text, for screen readers
    assert docx.Document(io.BytesIO(render_docx(draft))).core_properties.title == "Diary sheet"


# -- sending -----------------------------------------------------------------------------------------------


def test_sending_stores_the_pdf_and_word_with_their_hashes_and_meets_the_acknowledgement_duty(people, case):
    assert obligation(case, "acknowledge").state == "pending"

    letter = send(people, case, "acknowledgement")

    assert obligation(case, "acknowledge").state == "met"
    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert (event.verb, event.target_type, event.target_id) == ("acknowledged", "letter", letter.pk)
    assert event.payload["letter_kind"] == "acknowledgement"
    assert event.payload["method"] == "letter"
    pdf, word = letter.pdf.read(), letter.docx.read()
    assert hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    assert hashlib.sha256(word).hexdigest() == letter.docx_sha256
    assert letter_files(case) == sorted([f"{letter.pdf_sha256}.pdf", f"{letter.docx_sha256}.docx"])
    assert case.reference in pdf_text(pdf)
    assert "Robin Resident" in word_text(word)
    assert (letter.kind, letter.recipient, letter.method, letter.sent_by) == (
        "acknowledgement",
        party(case, "complainant"),
        "post",
        people.officer,
    )
    assert letter.emailed_to == ""
    assert reload(case).version == case.version + 1


def test_the_action_plan_letter_meets_the_action_plan_duty(people, case):
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="landlord", action="Visit")

    send(people, case, "action-plan", **{"plan.contact_frequency": "Weekly"})

    assert obligation(case, "action-plan").state == "met"


def test_an_action_plan_letter_needs_an_action_plan(people, case):
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        send(people, case, "action-plan", **{"plan.contact_frequency": "Weekly"})

    assert refused.value.fields == {"action_plan": "empty"}
    assert footprint(case) == before


@pytest.fixture
def coop(people, letterhead, pack_templates):
    return open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)


def test_co_op_homes_letters_to_the_perpetrator_and_at_closure_meet_their_duties(people, coop):
    services.case_step_record(actor=people.officer, case=coop.reference, kind="perpetrator.interviewed")
    assert obligation(coop, "perpetrator-letter").state == "pending"

    send(
        people,
        coop,
        "interview-confirmation",
        "alleged-perpetrator",
        "hand",
        **{"interview.held_on": "2026-11-20", "interview.points": "Noise", "interview.intended_action": "Warning"},
    )
    assert obligation(coop, "perpetrator-letter").state == "met"

    services.case_step_record(actor=people.officer, case=coop.reference, kind="closure.accepted")
    assert obligation(coop, "closure-letter").state == "pending"
    assert obligation(coop, "closure-perpetrator-letter").state == "pending"

    send(people, coop, "closure-complainant", method="hand", **{"closure.actions_taken": "Warned", "closure.why": "Ok"})
    send(
        people,
        coop,
        "closure-perpetrator",
        "alleged-perpetrator",
        "hand",
        **{"closure.actions_taken": "We spoke to you", "closure.future_conduct": "Keep the noise down"},
    )

    assert obligation(coop, "closure-letter").state == "met"
    assert obligation(coop, "closure-perpetrator-letter").state == "met"
    assert verbs(coop)[-3:] == ["closure.accepted", "closure.letter-sent", "closure.perpetrator-letter-sent"]


def test_a_letter_with_no_pack_event_of_its_own_is_recorded_as_a_letter_sent(people, case):
    letter = send(people, case, "written-warning", "alleged-perpetrator", **WARNING, **{"warning.tenancy_clauses": "4"})

    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert (event.verb, event.target_id, event.payload["letter_kind"]) == ("letter.sent", letter.pk, "written-warning")


def test_closing_letters_can_be_sent_after_the_case_is_closed_and_others_cannot(people, closed):
    before = footprint(closed)

    with pytest.raises(StepBlocked):
        send(people, closed, "written-warning", "alleged-perpetrator", **WARNING, **{"warning.tenancy_clauses": "4"})
    assert footprint(closed) == before
    assert not Letter.objects.exists()

    survey = send(people, closed, "satisfaction-survey")
    closing = send(people, closed, "closure-complainant", **{"closure.actions_taken": "A", "closure.why": "B"})

    assert {survey.kind, closing.kind} == {"satisfaction-survey", "closure-complainant"}
    assert verbs(closed)[-2:] == ["letter.sent", "closure.letter-sent"]


def test_a_closed_cases_letter_knows_why_and_when_it_closed(people, closed, pack_templates):
    pack_templates(closed.pack_id, "satisfaction-survey", "<p>{{ closure.reason }} on {{ closure.closed_on|date }}</p>")

    draft = draft_letter(
        actor=people.officer, case=closed.reference, kind="satisfaction-survey", recipient_id=None, inputs={}
    )

    assert f"Resolved on {timezone.localdate():%-d %B %Y}" in draft.body


def test_emailing_sends_the_pdf_to_the_recipient(people, case):
    letter = send(people, case, "diary-sheet", method="email")

    assert letter.emailed_to == "robin@example.net"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.net"]
    assert case.reference in message.subject
    (name, content, content_type), *_ = message.attachments
    assert (name, content_type) == (f"{case.reference}-diary-sheet.pdf", "application/pdf")
    assert hashlib.sha256(content).hexdigest() == letter.pdf_sha256


@pytest.mark.parametrize(
    ("role", "method", "field"),
    [
        ("alleged-perpetrator", "email", "no email address for the recipient"),
        ("witness", "post", "no postal address for the recipient"),
    ],
)
def test_a_letter_is_not_sent_a_way_the_recipient_cannot_be_reached_and_nothing_is_written(
    people, case, role, method, field
):
    if role == "witness":
        services.party_add(
            actor=people.officer, case=case.reference, party=PartyInput(person=PersonInput(name="W"), role="witness")
        )
        case = reload(case)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        send(
            people,
            case,
            "appointment",
            role,
            method,
            **{"appointment.at": "2026-12-01T10:00", "appointment.place": "Office"},
        )

    assert refused.value.fields == {"method": field}
    assert footprint(case) == before
    assert not Letter.objects.exists()
    assert letter_files(case) == []
    assert mail.outbox == []


def test_nothing_is_written_when_the_letter_is_refused(people, case):
    before = footprint(case)

    for attempt in (
        lambda: send(people, case, "written-warning", "alleged-perpetrator"),  # answers missing
        lambda: send(people, case, "acknowledgement", method="pigeon"),
        lambda: services.letter_send(
            actor=people.officer,
            case=case.reference,
            kind="diary-sheet",
            recipient_id=None,
            inputs={},
            method="post",
            version=case.version - 1,
        ),
    ):
        with pytest.raises((InvalidInput, Conflict)):
            attempt()

    assert footprint(case) == before
    assert not Letter.objects.exists()
    assert letter_files(case) == []


def test_a_mail_server_refusing_the_email_records_nothing(people, case, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_letters.RefusingBackend"
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        send(people, case, "diary-sheet", method="email")

    assert refused.value.fields == {"method": "the email could not be sent"}
    assert footprint(case) == before
    assert letter_files(case) == []


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# -- confidentiality: the canary ---------------------------------------------------------------------------

CANARY = "Zephyrine Quillfeather"
CANARY_PHONE = "07700 900 463"
CANARY_EMAIL = "zq.canary@example.net"
CANARY_STREET = "7 Larkspur Mews"
CANARY_POSTCODE = "ZZ7 3QX"
SECRETS = [CANARY, "Zephyrine", "Quillfeather", CANARY_EMAIL, "Larkspur", CANARY_POSTCODE, "Ottoline"]

#: Everything an officer could type, each mentioning the complainant.
TYPED = f"{CANARY} ({CANARY_PHONE}, {CANARY_EMAIL}) of {CANARY_STREET}, {CANARY_POSTCODE}, and Ottoline say so"

#: A template that prints every value a perpetrator's letter may hold, and every answer any kind asks for.
EVERYTHING = (
    "<h2>All</h2><p>{{ recipient.name }} {{ recipient.address }} {{ case.where }} {{ case.types|join(', ') }}"
    " {{ case.priority }} {{ closure.reason }}</p>"
    "{% for item in plan.resident_actions %}<p>{{ item.action }}</p>{% endfor %}"
    "{% for item in plan.landlord_actions %}<p>{{ item.action }}</p>{% endfor %}"
)


def canary_inputs(kind) -> dict[str, str]:
    values = {name: TYPED for name, _ in kind.asks}
    for name in values:
        if name.endswith(".at"):
            values[name] = "2026-12-01T10:30"
        elif name.endswith("_on"):
            values[name] = "2026-11-20"
    return values


@pytest.fixture
def canary_case(people, letterhead):
    complainant = PartyInput(
        person=PersonInput(
            name=CANARY,
            phone=CANARY_PHONE,
            email=CANARY_EMAIL,
            address=AddressInput(line1=CANARY_STREET, postcode=CANARY_POSTCODE),
        ),
        role="complainant",
    )
    witness = PartyInput(person=PersonInput(name="Ottoline Brackenbury"), role="witness")
    perpetrator = PartyInput(
        person=PersonInput(
            name="Sam Sample", email="sam@example.net", address=AddressInput(line1="9 Loud Lane", postcode="ZZ1 1AA")
        ),
        role="alleged-perpetrator",
    )

    def make(pack_id: str):
        case = open_case(
            people.contact_centre,
            pack_id=pack_id,
            owner=people.officer,
            summary=f"{TYPED}: music at 3am",
            address=AddressInput(line1=CANARY_STREET, postcode=CANARY_POSTCODE),
            parties=[complainant, witness, perpetrator],
        )
        for for_whom in ("complainant", "landlord", "agency"):
            services.action_plan_item_add(
                actor=people.officer, case=case.reference, for_whom=for_whom, action=TYPED, owner_name="Police"
            )
        services.case_closure_propose(actor=people.officer, case=case.reference, reason="resolved")
        return reload(case)

    return make


def assert_no_canary(*texts: str) -> None:
    for text in texts:
        squashed = text.replace(" ", "").replace("\n", "")
        for secret in SECRETS:
            assert secret.lower() not in text.lower()
        assert "900463" not in squashed
        assert CANARY_POSTCODE.replace(" ", "").lower() not in squashed.lower()


def test_the_application_withholds_the_complainant_whatever_a_perpetrators_template_prints(
    people, canary_case, pack_templates
):
    case = canary_case("places-for-people")
    for kind in LETTER_KINDS:
        pack_templates(case.pack_id, kind.id, EVERYTHING + simple_template(kind.id))
    perpetrator = party(case, "alleged-perpetrator")

    for kind in LETTER_KINDS:
        if kind.recipient not in ("any", "alleged-perpetrator"):
            continue
        draft = draft_letter(
            actor=people.officer,
            case=case.reference,
            kind=kind.id,
            recipient_id=perpetrator.pk,
            inputs=canary_inputs(kind),
        )
        assert_no_canary(draft.html, pdf_text(render_pdf(draft)), word_text(render_docx(draft)))
        # Their own name and address are theirs to see.
        assert "Sam Sample" in draft.html
        assert "9 Loud Lane" in draft.html


def test_a_perpetrators_letter_cannot_print_what_was_reported(people, canary_case, pack_templates):
    case = canary_case("places-for-people")
    pack_templates(case.pack_id, "closure-perpetrator", "<p>{{ case.summary }}</p>")

    with pytest.raises(InvalidInput) as refused:
        draft_letter(
            actor=people.officer,
            case=case.reference,
            kind="closure-perpetrator",
            recipient_id=party(case, "alleged-perpetrator").pk,
            inputs={},
        )

    assert refused.value.fields == {"template": "uses case.summary"}
    assert CANARY not in refused.value.message


def _perpetrator_templates() -> list[tuple[str, str]]:
    return [
        (pack_id, kind.id)
        for pack_id in builtin_pack_ids()
        for kind in LETTER_KINDS
        if kind.recipient in ("any", "alleged-perpetrator")
        and (BUILTIN_PACKS_DIR / pack_id / "letters" / f"{kind.id}.html").is_file()
    ]


@pytest.mark.parametrize(("pack_id", "kind_id"), _perpetrator_templates())
def test_no_built_in_letter_to_an_alleged_perpetrator_identifies_the_complainant(people, canary_case, pack_id, kind_id):
    case = canary_case(pack_id)
    kind = KINDS_BY_ID[kind_id]

    draft = draft_letter(
        actor=people.officer,
        case=case.reference,
        kind=kind_id,
        recipient_id=party(case, "alleged-perpetrator").pk,
        inputs=canary_inputs(kind),
    )

    assert_no_canary(draft.html, pdf_text(render_pdf(draft)), word_text(render_docx(draft)))
    assert "Sam Sample" in draft.html
    template = (BUILTIN_PACKS_DIR / pack_id / "letters" / f"{kind_id}.html").read_text(encoding="utf-8")
    if any(re.search(r"\{\{\s*" + re.escape(name) + r"\b", template) for name, _ in kind.asks):
        assert "[withheld]" in draft.html  # what the officer typed is there, without the complainant


def test_every_built_in_pack_has_its_perpetrator_letters():
    # The canary test above is only as good as the templates it finds.
    expected = {kind.id for kind in LETTER_KINDS if kind.recipient in ("any", "alleged-perpetrator")}
    found: dict[str, set[str]] = {}
    for pack_id, kind_id in _perpetrator_templates():
        found.setdefault(pack_id, set()).add(kind_id)

    assert found == dict.fromkeys(builtin_pack_ids(), expected)


@pytest.mark.parametrize("who", ["contact_centre", "admin"])
def test_only_staff_who_work_cases_write_letters(people, case, who):
    with pytest.raises(NotAllowed):
        draft_letter(actor=getattr(people, who), case=case.reference, kind="diary-sheet", recipient_id=None, inputs={})
    with pytest.raises(NotAllowed):
        services.letter_send(
            actor=getattr(people, who),
            case=case.reference,
            kind="diary-sheet",
            recipient_id=None,
            inputs={},
            method="post",
        )
    assert not Letter.objects.exists()
