"""Shared values for domain tests: the minimal pack and an England & Wales calendar. No Django here."""

from pathlib import Path

import pytest

from casework.domain.calendar import calendar_for
from casework.domain.packs import load_pack

MINIMAL_PACK = Path(__file__).parent / "packs" / "minimal.toml"


@pytest.fixture(scope="session")
def minimal_pack():
    return load_pack(MINIMAL_PACK)


@pytest.fixture(scope="session")
def england():
    return calendar_for("england-and-wales")
