"""Web tests use the case tests' organisation and staff (one per role) and sign in with the test client."""

from __future__ import annotations

import pytest

from tests.cases.conftest import _empty_evidence_storage, org, people  # noqa: F401  (fixtures)


@pytest.fixture
def sign_in(client):
    """sign_in(user) -> the test client, signed in as that user."""

    def signed_in(user):
        client.force_login(user)
        return client

    return signed_in
