"""Writing letters from the case (casework/web/views/letters.py): choose, preview, download, send, download again."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.accounts.models import Organisation
from casework.cases.models import Party, Person
from casework.cases.models.letters import Letter
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput
from tests.cases.helpers import footprint, open_case, reload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The complainant's name, planted to prove a letter to the alleged perpetrator never carries it.
COMPLAINANT = "Alex Canary-Example"
HOME = AddressInput(line1="1 Canary Row", town="Exampleton", postcode="ZZ1 1AA")
NEXT_DOOR = AddressInput(line1="2 Canary Row", town="Exampleton", postcode="ZZ1 1AA")


@pytest.fixture
def letterhead(org):
    """The organisation's letterhead, which every letter prints."""
    Organisation.objects.filter(pk=org.pk).update(
        letterhead_address="1 Landlord Way\nExampletown\nEX1 1EX",
        letterhead_phone="0300 123 4567",
        letterhead_email="asb@example-homes.org",
        letterhead_website="https://example-homes.org",
    )


@pytest.fixture
def case(people, letterhead):
    """A Places for People noise case with one complainant and one alleged perpetrator, owned by the officer."""
    return open_case(
        people.contact_centre,
        owner=people.officer,
        received_at=timezone.now() - timedelta(hours=2),
        parties=[
            PartyInput(
                person=PersonInput(name=COMPLAINANT, email="alex@example.org", address=HOME), role="complainant"
            ),
            PartyInput(person=PersonInput(name="Sam Sample", address=NEXT_DOOR), role="alleged-perpetrator"),
        ],
    )


def url(name, case, *args):
    return reverse(f"web:{name}", args=[case.reference, *args])


def body(response):
    return response.content.decode()


PREVIEW = '<div class="casework-letter-preview"'


def preview_of(page):
    assert PREVIEW in page, "no preview on the page"
    return page.split(PREVIEW, 1)[1].split('<h2 class="govuk-heading-m">Download</h2>', 1)[0]


def error_at(page, field):
    """The message shown at a field (GOV.UK: <p id="id_<field>-error">)."""
    marker = f'id="id_{field}-error" class="govuk-error-message">'
    assert marker in page, f"no error at {field}"
    return page.split(marker, 1)[1].split("</p>", 1)[0].replace('<span class="govuk-visually-hidden">Error:</span>', "")


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def party(case, role):
    return Party.objects.get(case=case, role=role)


def letter_form(case, action, **fields):
    return {"version": reload(case).version, "action": action, **fields}


APPOINTMENT = {"appointment__at": "2030-03-04T10:30", "appointment__place": "The housing office"}


# -- choosing a letter ----------------------------------------------------------------------------------------


def test_the_officer_chooses_a_letter_and_goes_on_to_write_it(people, sign_in, case):
    client = sign_in(people.officer)

    page = body(client.get(url("letter-new", case)))
    response = client.post(url("letter-new", case), {"kind": "acknowledgement"})

    assert "Acknowledgement of the report" in page
    assert 'type="radio"' in page
    assert response.status_code == 302
    assert response["Location"] == url("letter", case, "acknowledgement")


def test_choosing_no_letter_says_so(people, sign_in, case):
    page = body(sign_in(people.officer).post(url("letter-new", case), {}))

    assert "govuk-error-summary" in page
    assert "Choose which letter" in error_at(page, "kind")


def test_a_letter_the_case_does_not_have_is_not_found(people, sign_in, case):
    assert sign_in(people.officer).get(url("letter", case, "no-such-letter")).status_code == 404


# -- preview ---------------------------------------------------------------------------------------------------


def test_the_preview_shows_the_letter_with_the_case_reference_and_writes_nothing(people, sign_in, case):
    client = sign_in(people.officer)
    before = footprint(case)

    page = body(client.get(url("letter", case, "acknowledgement")))
    response = client.post(url("letter", case, "acknowledgement"), letter_form(case, "preview"))

    assert PREVIEW not in page
    assert f"{COMPLAINANT} (complainant)" in page  # the only one it can go to: named, not asked
    assert response.status_code == 200
    preview = preview_of(body(response))
    assert case.reference in preview
    assert COMPLAINANT in preview
    assert footprint(case) == before
    assert not Letter.objects.filter(case=case).exists()


def test_what_the_officer_typed_is_in_the_preview_and_kept_in_the_form(people, sign_in, case):
    client = sign_in(people.officer)
    data = letter_form(case, "preview", recipient=party(case, "complainant").pk, **APPOINTMENT)

    page = body(client.post(url("letter", case, "appointment"), data))

    assert "The housing office" in preview_of(page)
    assert 'value="2030-03-04T10:30"' in page
    assert 'value="The housing office"' in page


def test_a_letter_that_may_go_to_anyone_asks_who_it_is_to(people, sign_in, case):
    client = sign_in(people.officer)

    page = body(client.get(url("letter", case, "appointment")))
    refused = body(client.post(url("letter", case, "appointment"), letter_form(case, "preview", **APPOINTMENT)))

    assert 'name="recipient"' in page
    assert f"{COMPLAINANT} (complainant)" in page
    assert "Sam Sample (alleged perpetrator)" in page
    assert error_at(refused, "recipient").strip() == "Choose who the letter is to"


def test_a_missing_value_is_shown_at_its_field_and_nothing_is_written(people, sign_in, case):
    client = sign_in(people.officer)
    before = footprint(case)
    data = letter_form(case, "preview", recipient=party(case, "complainant").pk, appointment__place="The office")

    response = client.post(url("letter", case, "appointment"), data)
    page = body(response)

    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_appointment__at"' in page
    assert error_at(page, "appointment__at").strip()
    assert "<title>Error: " in page
    assert 'value="The office"' in page  # what was typed is kept
    assert PREVIEW not in page
    assert footprint(case) == before


def test_a_letter_to_the_alleged_perpetrator_never_names_the_complainant(people, sign_in, case):
    client = sign_in(people.officer)
    data = letter_form(
        case,
        "preview",
        warning__behaviour="Loud music late at night",
        warning__effect="Neighbours cannot sleep",
        warning__tenancy_clauses="Clause 3.1 (nuisance)",
    )

    page = body(client.post(url("letter", case, "written-warning"), data))

    preview = preview_of(page)
    assert "Sam Sample" in preview
    assert "Loud music late at night" in preview
    assert COMPLAINANT not in preview
    assert "Canary" not in page  # nowhere on the page: the recipient is the only person named


def test_what_the_officer_types_about_the_complainant_is_kept_out_of_a_letter_to_the_perpetrator(people, sign_in, case):
    client = sign_in(people.officer)
    data = letter_form(
        case,
        "preview",
        warning__behaviour=f"{COMPLAINANT} told us about loud music late at night",
        warning__effect="Neighbours cannot sleep",
        warning__tenancy_clauses="Clause 3.1 (nuisance)",
    )

    response = client.post(url("letter", case, "written-warning"), data)
    page = body(response)

    preview = preview_of(page)
    assert "told us about loud music late at night" in preview
    assert COMPLAINANT not in preview


# -- downloads before sending -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "content_type", "magic"), [("pdf", "application/pdf", b"%PDF"), ("docx", DOCX, b"PK")]
)
def test_the_letter_downloads_as_pdf_and_word_without_being_sent(people, sign_in, case, action, content_type, magic):
    client = sign_in(people.officer)

    response = client.post(url("letter", case, "acknowledgement"), letter_form(case, action))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"{case.reference}-acknowledgement.{action}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(magic)
    assert not Letter.objects.filter(case=case).exists()


def test_a_download_with_a_missing_value_shows_the_error_instead(people, sign_in, case):
    data = letter_form(case, "pdf", recipient=party(case, "complainant").pk)

    response = sign_in(people.officer).post(url("letter", case, "appointment"), data)

    assert response["Content-Type"].startswith("text/html")
    assert error_at(body(response), "appointment__at").strip()


# -- sending ---------------------------------------------------------------------------------------------------


def send(client, case, kind="acknowledgement", method="post", **fields):
    return client.post(url("letter", case, kind), letter_form(case, "send", method=method, **fields))


def test_sending_stores_the_letter_and_shows_it_on_the_case_page(people, sign_in, case):
    client = sign_in(people.officer)

    response = send(client, case)

    assert response.status_code == 302, body(response)[:3000]
    assert response["Location"] == reverse("web:case", args=[case.reference]) + "#letters"
    assert any(f"sent to {COMPLAINANT}" in message for message in flash(response))
    letter = Letter.objects.get(case=case)
    assert letter.kind == "acknowledgement"
    assert letter.recipient == party(case, "complainant")
    assert letter.method == "post"
    assert letter.sent_by == people.officer
    page = body(client.get(reverse("web:case", args=[case.reference])))
    letters = page.split('id="letters"', 1)[1].split("</section>", 1)[0]
    assert letter.title in letters
    assert COMPLAINANT in letters
    assert url("letter-file", case, letter.pk, "pdf") in letters
    assert url("letter-file", case, letter.pk, "docx") in letters
    assert letter.pdf_sha256[:12] in letters


def test_a_sent_letter_downloads_exactly_as_stored(people, sign_in, case):
    client = sign_in(people.officer)
    send(client, case)
    letter = Letter.objects.get(case=case)

    pdf = client.get(url("letter-file", case, letter.pk, "pdf"))
    docx = client.get(url("letter-file", case, letter.pk, "docx"))

    pdf_bytes = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in pdf["Cache-Control"]
    assert hashlib.sha256(pdf_bytes).hexdigest() == letter.pdf_sha256
    assert docx["Content-Type"] == DOCX
    assert hashlib.sha256(b"".join(docx.streaming_content)).hexdigest() == letter.docx_sha256


def test_a_letter_sent_by_email_goes_to_the_address_we_hold(people, sign_in, case, mailoutbox):
    client = sign_in(people.officer)

    response = send(client, case, method="email")

    assert response.status_code == 302, body(response)[:3000]
    letter = Letter.objects.get(case=case)
    assert letter.emailed_to == "alex@example.org"
    [message] = mailoutbox
    assert message.to == ["alex@example.org"]
    assert message.attachments[0][0] == f"{case.reference}-acknowledgement.pdf"
    page = body(client.get(reverse("web:case", args=[case.reference])))
    assert "alex@example.org" in page.split('id="letters"', 1)[1].split("</section>", 1)[0]


def test_a_letter_cannot_go_by_post_to_someone_without_an_address(people, sign_in, case):
    client = sign_in(people.officer)
    Person.objects.filter(pk=party(case, "complainant").person_id).update(address=None)

    page = body(send(client, case, method="post"))

    assert "postal address" in error_at(page, "method")
    assert not Letter.objects.filter(case=case).exists()


def test_sending_needs_a_method(people, sign_in, case):
    before = footprint(case)

    response = send(sign_in(people.officer), case, method="")

    page = body(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert error_at(page, "method").strip() == "Choose how the letter will be sent"
    assert footprint(case) == before


def test_sending_without_a_method_also_says_what_else_the_letter_needs(people, sign_in, case):
    data = letter_form(case, "send", method="", recipient=party(case, "complainant").pk)

    page = body(sign_in(people.officer).post(url("letter", case, "appointment"), data))

    assert error_at(page, "method").strip() == "Choose how the letter will be sent"
    assert error_at(page, "appointment__at").strip()


def test_a_letter_sent_from_a_stale_page_is_refused_at_the_top(people, sign_in, case):
    client = sign_in(people.officer)
    data = letter_form(case, "send", method="post")
    data["version"] -= 1

    page = body(client.post(url("letter", case, "acknowledgement"), data))

    assert "Someone changed this case" in page
    assert not Letter.objects.filter(case=case).exists()


def test_the_case_page_offers_to_write_a_letter_only_to_those_who_may(people, sign_in, case):
    write = url("letter-new", case)

    assert write in body(sign_in(people.officer).get(reverse("web:case", args=[case.reference])))
    assert write not in body(sign_in(people.contact_centre).get(reverse("web:case", args=[case.reference])))


def page_queries(client, case):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("web:case", args=[case.reference]))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_case_page_takes_the_same_queries_however_many_letters_were_sent(people, sign_in, case):
    send(sign_in(people.officer), case, method="hand")
    one, _ = page_queries(sign_in(people.manager), case)
    for _ in range(3):
        send(sign_in(people.officer), case, kind="diary-sheet", method="hand")
    four, page = page_queries(sign_in(people.manager), case)

    assert Letter.objects.filter(case=case).count() == 4
    assert page.count("/letters/sent/") == 8  # a PDF and a Word link for each
    assert one == four


# -- who may ---------------------------------------------------------------------------------------------------


def test_an_officer_in_another_team_finds_no_letters_at_all(people, sign_in, case):
    send(sign_in(people.officer), case)
    letter = Letter.objects.get(case=case)
    outsider = sign_in(people.outsider)

    assert outsider.get(url("letter-new", case)).status_code == 404
    assert outsider.get(url("letter", case, "acknowledgement")).status_code == 404
    assert outsider.post(url("letter", case, "acknowledgement"), letter_form(case, "pdf")).status_code == 404
    assert outsider.get(url("letter-file", case, letter.pk, "pdf")).status_code == 404


def test_the_contact_centre_may_not_write_letters(people, sign_in, case):
    client = sign_in(people.contact_centre)

    assert client.get(url("letter-new", case)).status_code == 403
    assert client.get(url("letter", case, "acknowledgement")).status_code == 403
    assert (
        client.post(url("letter", case, "acknowledgement"), letter_form(case, "send", method="post")).status_code == 403
    )
    assert not Letter.objects.filter(case=case).exists()


def test_a_letter_is_not_found_under_another_case(people, sign_in, case):
    client = sign_in(people.officer)
    send(client, case)
    letter = Letter.objects.get(case=case)
    other = open_case(people.contact_centre, owner=people.officer)

    assert client.get(url("letter-file", other, letter.pk, "pdf")).status_code == 404
    assert client.get(url("letter-file", case, letter.pk, "exe")).status_code == 404
