"""Who acts when a resident does something: the online service's account, with a grant for one case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from casework.cases.permissions import grant
from casework.residents.models import LinkPurpose, ResidentLink

#: The account every resident action is recorded under (never signed in to: no password, not active).
ONLINE_SERVICE_USERNAME = "online-service"

#: What each kind of link lets the online service do on its case, through the ordinary case services:
#: record incidents and evidence, and (from the case page) ask for a Case Review or answer the survey.
CAPABILITIES = {
    LinkPurpose.CASE: frozenset({"case.view", "case.work"}),
    LinkPurpose.DIARY: frozenset({"case.view", "case.work"}),
}


def online_service() -> Any:
    """The online service's account, made the first time it is needed. A fresh object each call, so a grant
    given for one request is never seen by another."""
    user, created = get_user_model().objects.get_or_create(
        username=ONLINE_SERVICE_USERNAME,
        defaults={"first_name": "Online", "last_name": "service", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def acting_for(link: ResidentLink) -> Any:
    """The online service, allowed to work on the link's case only: what the resident's request acts as."""
    return grant(online_service(), case_id=link.case_id, capabilities=CAPABILITIES[LinkPurpose(link.purpose)])


def reporting() -> Any:
    """The online service, allowed only to open a case (or record an enquiry) from the public form."""
    return grant(online_service(), case_id=None, capabilities=frozenset({"case.open"}))


def is_online_service(user: Any) -> bool:
    return getattr(user, "username", None) == ONLINE_SERVICE_USERNAME
