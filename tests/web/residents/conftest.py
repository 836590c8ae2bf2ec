"""Residents' web tests use the case tests' organisation and staff and the residents' tests' case with people
to keep apart; nobody signs in."""

from __future__ import annotations

from tests.cases.conftest import _empty_evidence_storage, org, people  # noqa: F401  (fixtures)
from tests.residents.conftest import resident_case  # noqa: F401  (fixture)
