"""The case's history is append-only (casework/cases/models/history.py)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from casework.cases.models import Case, CaseEvent
from casework.cases.models.history import AppendOnly
from tests.cases.helpers import open_case


@pytest.fixture
def event(people):
    return open_case(people.contact_centre, owner=people.officer).events.get(verb="case.opened")


def test_an_event_cannot_be_saved_again(event):
    event.verb = "case.closed"
    event.payload = {"rewritten": True}

    with pytest.raises(AppendOnly):
        event.save()

    stored = CaseEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.payload.get("rewritten")) == ("case.opened", None)


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnly):
        event.delete()

    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_a_case_with_history_cannot_be_deleted(event):
    with pytest.raises(ProtectedError):
        Case.objects.get(pk=event.case_id).delete()

    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_a_new_event_is_recorded_once(event):
    new = CaseEvent(case=event.case, actor=event.actor, verb="acknowledged", at=event.at, recorded_at=event.at)
    new.save()

    with pytest.raises(AppendOnly):
        new.save()
    assert CaseEvent.objects.filter(case=event.case, verb="acknowledged").count() == 1
