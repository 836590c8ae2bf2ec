"""Which pack and calendar a case runs under."""

from __future__ import annotations

from functools import cache

from casework.domain.calendar import WorkingDayCalendar, calendar_for
from casework.domain.packs import PackError, PolicyPack
from casework.domain.packs.loader import builtin_pack, builtin_pack_ids
from casework.errors import InvalidInput


@cache
def _builtin_ids() -> frozenset[str]:
    # The packs folder does not change while the server runs; listing it on every write is waste.
    return frozenset(builtin_pack_ids())


def pack_named(pack_id: str) -> PolicyPack:
    """A built-in pack by id (cached by the loader). Organisation-authored packs come later."""
    if pack_id not in _builtin_ids():
        raise InvalidInput(
            f"there is no built-in policy pack {pack_id!r} (built-in: {', '.join(builtin_pack_ids())})",
            fields={"pack": "unknown pack"},
        )
    try:
        return builtin_pack(pack_id)
    except PackError as error:
        raise InvalidInput(f"policy pack {pack_id!r} cannot be used: {error}", fields={"pack": str(error)}) from None


def active_pack() -> PolicyPack:
    """The pack the organisation runs new reports under (a case keeps the pack it was opened with)."""
    from casework.accounts.models import Organisation

    return pack_named(Organisation.current().pack_id)


def calendar_of(pack: PolicyPack) -> WorkingDayCalendar:
    return calendar_for(pack.pack.nation, tuple(pack.pack.closure_days))
