"""Signing in and out, navigation by role, and the pages for "not found" and "not allowed"."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from casework.errors import InvalidInput
from casework.web.forms.base import GovForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_sends_a_visitor_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:sign-in")


def test_staff_pages_need_signing_in(client):
    response = client.get(reverse("web:cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in") + "?next=")


def test_signing_in_lands_each_role_on_its_start_page(client, people):
    client.force_login(people.officer)
    assert client.get("/")["Location"] == reverse("web:my-work")
    client.force_login(people.contact_centre)
    assert client.get("/")["Location"] == reverse("web:intake")
    client.force_login(people.admin)
    assert client.get("/")["Location"] == reverse("web:cases")


def test_signing_in_with_a_wrong_password_says_so_and_keeps_the_username(client, people):
    response = client.post(reverse("web:sign-in"), {"username": "officer", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert 'value="officer"' in page


def test_signing_in_with_nothing_names_each_field(client, org):
    page = client.post(reverse("web:sign-in"), {}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert "govuk-input--error" in page


def test_signing_in_and_out(client, people):
    response = client.post(reverse("web:sign-in"), {"username": "officer", "password": "correct horse battery staple"})
    assert response["Location"] == reverse("web:my-work")
    assert client.post(reverse("web:sign-out"))["Location"] == reverse("web:sign-in")
    assert client.get(reverse("web:cases")).status_code == 302


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("contact_centre", ["New report", "Cases"], ["My work", "Team"]),
        ("officer", ["My work", "New report", "Cases"], ["Team"]),
        ("manager", ["My work", "Team", "New report", "Cases"], []),
        ("admin", ["Cases"], ["My work", "Team", "New report"]),
    ],
)
def test_navigation_fits_the_role(sign_in, people, who, shown, hidden):
    page = sign_in(getattr(people, who)).get(reverse("web:cases")).content.decode()
    nav = page.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    for label in shown:
        assert f">{label}<" in nav
    for label in hidden:
        assert f">{label}<" not in nav
    assert "Sign out" in page


def test_a_user_with_no_staff_role_is_told_so(client, org):
    client.force_login(UserFactory(username="nobody"))
    response = client.get(reverse("web:cases"))
    assert response.status_code == 403
    assert "no staff role" in response.content.decode()


def test_a_page_not_for_your_role_is_a_clear_403(sign_in, people):
    response = sign_in(people.admin).get(reverse("web:my-work"))
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()


def test_an_unknown_address_is_a_404_page(sign_in, people):
    response = sign_in(people.officer).get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


class _Example(GovForm):
    summary = forms.CharField(label="What happened")
    channel = forms.ChoiceField(label="How it was reported", choices=[("phone", "Phone"), ("email", "Email")])


def test_a_service_refusal_is_shown_at_the_field_it_names():
    form = _Example({"summary": "x", "channel": "phone"})
    assert form.is_valid()
    form.take(InvalidInput("summary is too long", fields={"summary": "too long"}))
    assert form.error_summary() == [("#id_summary", "Summary is too long")]
    form.take(InvalidInput("the case changed", fields={"version": "stale"}))
    assert ("", "The case changed") in form.error_summary()


def test_fields_render_the_gov_uk_way_and_keep_what_was_typed():
    form = _Example({"summary": "Loud music", "channel": ""})
    form.is_valid()
    page = Template("{% load govuk %}{% error_summary form %}{% field form.summary %}{% field form.channel %}").render(
        Context({"form": form})
    )
    assert "There is a problem" in page
    assert '<a href="#id_channel">Choose how it was reported</a>' in page
    assert 'value="Loud music"' in page
    assert 'class="govuk-select govuk-select--error"' in page


def test_the_sign_in_page_lists_the_demo_logins_when_the_demo_is_loaded(client, settings):
    from casework.demo.generator import load_demo

    settings.DEBUG = True
    load_demo(cases=0)
    page = client.get(reverse("web:sign-in")).content.decode()
    assert "Demo logins" in page
    assert "<code>housing.officer</code>" in page
    assert "demo-password-2026" in page


def test_the_sign_in_page_never_lists_logins_outside_debug(client, org):
    assert "Demo logins" not in client.get(reverse("web:sign-in")).content.decode()
