"""One error hierarchy for the application layer, mapped to HTTP in one place (casework/api/errors.py).

A service raises one of these with a message a housing officer can act on; interfaces never invent
their own. `fields` maps a field name to what is wrong with it.
"""

from __future__ import annotations


class CaseworkError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(CaseworkError):
    """What was given cannot be recorded as it is (a missing or unknown value)."""

    code = "invalid"
    status = 422


class NotFound(CaseworkError):
    """The object does not exist, or the user may not see it: both look the same from outside."""

    code = "not-found"
    status = 404


class NotAllowed(CaseworkError):
    """The user can see the object but their role may not take this step."""

    code = "forbidden"
    status = 403


class StepBlocked(CaseworkError):
    """The pack's case path does not allow this step now; the message names every unmet condition."""

    code = "step-blocked"
    status = 409

    def __init__(self, message: str, *, reasons: tuple[str, ...] = (), fields: dict[str, str] | None = None) -> None:
        super().__init__(message, fields=fields)
        self.reasons = reasons


class Conflict(CaseworkError):
    """Someone else changed the case since this user loaded it: nothing was overwritten."""

    code = "conflict"
    status = 409
