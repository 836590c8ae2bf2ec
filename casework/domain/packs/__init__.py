"""Policy packs: an organisation's ASB policy as a validated, versioned file."""

from casework.domain.packs.loader import (
    PackError,
    PackProblem,
    builtin_pack,
    builtin_pack_ids,
    find_pack,
    load_pack,
    parse_pack,
)
from casework.domain.packs.schema import PolicyPack

__all__ = [
    "PackError",
    "PackProblem",
    "PolicyPack",
    "builtin_pack",
    "builtin_pack_ids",
    "find_pack",
    "load_pack",
    "parse_pack",
]
