"""Field types and small shapes that every part of the API uses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, StringConstraints


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store a NUL character: refuse it here as bad input rather than fail on save.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(_no_nul)


def _plausible(value: date) -> date:
    # Far-off years overflow when converted between time zones or read back from PostgreSQL.
    if not 1900 <= value.year <= 2200:
        raise ValueError("must be between the years 1900 and 2200")
    return value


Plausible = AfterValidator(_plausible)
Moment = Annotated[datetime, Plausible]
Day = Annotated[date, Plausible]

# Lengths match the columns they are stored in, so too long is a 422 naming the field, never a 500.
Text10 = Annotated[str, StringConstraints(max_length=10), NoNul]
Text12 = Annotated[str, StringConstraints(max_length=12), NoNul]
Text20 = Annotated[str, StringConstraints(max_length=20), NoNul]
Text30 = Annotated[str, StringConstraints(max_length=30), NoNul]
Text50 = Annotated[str, StringConstraints(max_length=50), NoNul]
Text100 = Annotated[str, StringConstraints(max_length=100), NoNul]
Text200 = Annotated[str, StringConstraints(max_length=200), NoNul]
Text254 = Annotated[str, StringConstraints(max_length=254), NoNul]
Text255 = Annotated[str, StringConstraints(max_length=255), NoNul]
LongText = Annotated[str, StringConstraints(max_length=50_000), NoNul]
Reference = Annotated[str, StringConstraints(max_length=40), NoNul]


class Written(Schema):
    """Where a case stands after a write: its new `version` is the one to send with the next write."""

    reference: str
    version: int
    stage: str
    priority: str
    is_open: bool


class CaseWritten(Schema):
    case: Written


class StaffRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user: Any) -> str:
        # Rendered from a user, or from a dict already made by `staff_ref`.
        if isinstance(user, dict):
            return str(user["name"])
        return str(user.get_full_name() or user.get_username())


def staff_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


class VersionIn(Schema):
    version: int | None = None


class AtIn(VersionIn):
    at: Moment | None = None
