"""The staff of tests/cases (one per role, on the North team) and an API client for any of them."""

from __future__ import annotations

import pytest

from tests.api.client import Api
from tests.cases.conftest import org, people  # noqa: F401 - fixtures shared with the cases tests


@pytest.fixture
def api():
    """`api(user)`: a client authenticated as that member of staff with a fresh token."""
    return Api
