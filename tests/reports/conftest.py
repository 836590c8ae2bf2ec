"""Reports are tested against small fixtures whose figures can be counted by hand (see builders.py)."""

from tests.cases.conftest import _empty_evidence_storage, org, people  # noqa: F401  (fixtures)
