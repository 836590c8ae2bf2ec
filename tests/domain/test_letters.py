"""Letter templates: unknown placeholders are refused with their line; a missing value is never a blank."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from casework.domain.events import LONDON
from casework.domain.letters import KINDS_BY_ID, LETTER_KINDS, MissingValueError, check_template, render_body
from casework.domain.packs.loader import PackError, load_pack


def test_a_template_using_only_known_placeholders_passes():
    text = (
        "<p>Dear {{ recipient.salutation }},</p>\n"
        "{% for item in plan.resident_actions %}<li>{{ item.action }} by {{ item.due|date }}</li>{% endfor %}\n"
        "<p>{{ appointment.at|date('%-d %B %Y at %H:%M') }}</p>"
    )
    assert check_template(text) == []


def test_unknown_placeholders_and_filters_are_named_with_their_line():
    text = "<p>{{ case.reference }}</p>\n<p>{{ recipent.name }}</p>\n<p>{{ case.nope|shout }}</p>"
    problems = [(p.line, p.message) for p in check_template(text)]
    assert (2, "unknown placeholder {{ recipent.name }}") in problems
    assert (3, "unknown placeholder {{ case.nope }}") in problems
    assert (3, "unknown filter |shout") in problems


def test_a_syntax_error_is_named_with_its_line():
    [problem] = check_template("<p>fine</p>\n{% for x in %}")
    assert problem.line == 2
    assert problem.message.startswith("template syntax")


def test_rendering_fills_placeholders_and_escapes_html():
    body = render_body(
        "<p>Dear {{ recipient.name }}, ref {{ case.reference }}, {{ today|date }}</p>",
        {
            "recipient": {"name": "Alex <b>Example</b>"},
            "case": {"reference": "ASB-2026-000001"},
            "today": date(2026, 11, 23),
        },
    )
    assert body == "<p>Dear Alex &lt;b&gt;Example&lt;/b&gt;, ref ASB-2026-000001, 23 November 2026</p>"


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_value_is_an_error_naming_it_never_a_blank(value):
    with pytest.raises(MissingValueError, match=r"appointment\.at"):
        render_body("<p>{{ appointment.at }}</p>", {"appointment": {"at": value}})


def test_dates_and_times_format_in_words():
    body = render_body(
        "{{ appointment.at|date('%-d %B at %H:%M') }}",
        {"appointment": {"at": datetime(2026, 12, 2, 10, tzinfo=LONDON)}},
    )
    assert body == "2 December at 10:00"


def test_every_kind_is_listed_once():
    assert len(KINDS_BY_ID) == len(LETTER_KINDS)


def test_packs_check_names_the_letter_file_and_line(tmp_path):
    from casework.domain.packs.loader import BUILTIN_PACKS_DIR, PACK_FILE

    (tmp_path / PACK_FILE).write_text((BUILTIN_PACKS_DIR / "medway-council" / PACK_FILE).read_text())
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "acknowledgement.html").write_text(
        "<p>Dear {{ recipient.name }}</p>\n<p>{{ officer.nmae }}</p>\n"
    )
    (tmp_path / "letters" / "birthday.html").write_text("<p>Hello</p>")
    with pytest.raises(PackError) as refused:
        load_pack(tmp_path)
    text = str(refused.value)
    assert f"{tmp_path / 'letters' / 'acknowledgement.html'}:2: letters.acknowledgement: unknown placeholder" in text
    assert "birthday.html" in text
    assert "not a letter this version knows" in text


def test_a_value_left_out_can_be_asked_about_and_is_an_error_when_used_anyway():
    text = "{% if pack.response_window is defined %}Reply within {{ pack.response_window }}.{% endif %}"
    assert render_body(text, {"pack": {"name": "X"}}) == ""
    assert render_body(text, {"pack": {"response_window": "10 working days"}}) == "Reply within 10 working days."
    with pytest.raises(MissingValueError, match="response_window"):
        render_body("{{ pack.response_window }}", {"pack": {"name": "X"}})
