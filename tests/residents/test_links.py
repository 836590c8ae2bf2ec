"""Links to a resident's case: signed, expiring, revocable, and only ever for the right people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.errors import InvalidInput, NotFound
from casework.residents import links
from casework.residents.models import LinkPurpose, ResidentLink
from tests.residents.conftest import COMPLAINANT_EMAIL, party


def test_a_link_opens_its_own_case_and_records_when_it_was_used(resident_case):
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)

    found = links.resolve(links.token_for(link), purpose=LinkPurpose.CASE)

    assert found.pk == link.pk
    assert found.case == resident_case
    assert link.email == COMPLAINANT_EMAIL
    assert ResidentLink.objects.get(pk=link.pk).last_used_at is not None
    assert links.url_for(link).startswith("http://testserver/my-case/")


def test_a_tampered_or_made_up_token_opens_nothing(resident_case):
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)
    token = links.token_for(link)
    forged = links._signer().sign(f"{link.pk}.not-the-nonce")

    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), f"{link.pk}.{link.nonce}", "nonsense", forged):
        with pytest.raises(NotFound):
            links.resolve(bad)


def test_the_database_alone_cannot_make_a_working_link(resident_case, settings):
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)
    token = links.token_for(link)

    settings.SECRET_KEY = "another-site-entirely"

    with pytest.raises(NotFound):
        links.resolve(token)


def test_an_expired_or_revoked_link_opens_nothing(resident_case, people):
    complainant = party(resident_case, "complainant")
    expired = links.issue(party=complainant, purpose=LinkPurpose.CASE)
    ResidentLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = links.revoke(link=links.issue(party=complainant, purpose=LinkPurpose.CASE), actor=people.officer)

    for link in (expired, revoked):
        with pytest.raises(NotFound):
            links.resolve(links.token_for(link))
    with pytest.raises(InvalidInput, match="already revoked"):
        links.revoke(link=revoked, actor=people.officer)


def test_a_diary_link_does_not_open_the_case_page(resident_case):
    link = links.issue(party=party(resident_case, "witness"), purpose=LinkPurpose.DIARY)

    with pytest.raises(NotFound):
        links.resolve(links.token_for(link), purpose=LinkPurpose.CASE)
    assert links.resolve(links.token_for(link), purpose=LinkPurpose.DIARY).pk == link.pk


def test_links_go_only_to_the_people_they_are_for_and_only_by_email(resident_case):
    with pytest.raises(InvalidInput, match="only to a complainant or advocate"):
        links.issue(party=party(resident_case, "witness"), purpose=LinkPurpose.CASE)
    with pytest.raises(InvalidInput, match="only to a witness"):
        links.issue(party=party(resident_case, "alleged-perpetrator"), purpose=LinkPurpose.DIARY)
    complainant = party(resident_case, "complainant")
    complainant.person.email = ""
    complainant.person.save()
    with pytest.raises(InvalidInput, match="no email address"):
        links.issue(party=complainant, purpose=LinkPurpose.CASE)


def test_an_email_reuses_a_link_with_time_left_and_replaces_one_about_to_expire(resident_case):
    complainant = party(resident_case, "complainant")
    first = links.current(complainant, LinkPurpose.CASE)

    assert links.current(complainant, LinkPurpose.CASE).pk == first.pk

    ResidentLink.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(days=2))
    fresh = links.current(complainant, LinkPurpose.CASE)
    assert fresh.pk != first.pk
    assert [p.pk for p in links.followers(resident_case.pk)] == [complainant.pk]


def test_a_site_without_its_public_address_is_warned_that_emailed_links_will_not_work(settings):
    from casework.residents.checks import public_url_is_set

    settings.CASEWORK_PUBLIC_URL = ""
    assert [warning.id for warning in public_url_is_set()] == ["casework.residents.W001"]
    settings.CASEWORK_PUBLIC_URL = "https://asb.example.org"
    assert public_url_is_set() == []
