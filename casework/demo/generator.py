"""Demo data: an organisation on a pack, its staff, and a few hundred cases spread along the pack's path.

Only ever with DEBUG on, so demo data cannot land in production by accident. Loading twice changes
nothing: the second run reports what is there. `reset` deletes every case and the demo logins first.
Cases are opened and worked through the services, so their events, stages and duties are real.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.accounts.models import Organisation, Team
from casework.cases import services
from casework.cases.models import Address, Case, CaseEvent, CaseLink, Person, ReferenceCounter
from casework.cases.packs import pack_named
from casework.demo.reports import PersonMaker, address_book, report_for
from casework.demo.staff import NORTH, SOUTH, DemoStaff, Login, create_staff, demo_users, logins
from casework.demo.walk import CaseWalk, WalkPlan, WalkStats
from casework.domain.packs import PolicyPack
from casework.errors import InvalidInput

DEFAULT_PACK = "places-for-people"
DEFAULT_CASES = 200
DEFAULT_SEED = 2026
#: The oldest demo case was opened this many days ago; most are much more recent.
OLDEST_DAYS = 240


class DemoRefused(Exception):  # noqa: N818 - named for what happened, as in casework.errors
    """Demo data cannot be loaded here: outside DEBUG, an unknown pack, or real cases in the way."""


@dataclass
class DemoResult:
    created: bool
    pack_id: str
    pack_name: str
    cases: int
    logins: list[Login]
    seconds: float = 0.0
    note: str = ""
    stats: WalkStats = field(default_factory=WalkStats)


def load_demo(
    *, pack_id: str | None = None, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED, reset: bool = False
) -> DemoResult:
    """Load the demo organisation, staff and cases, unless demo data is already there (then say so)."""
    if not settings.DEBUG:
        raise DemoRefused("demo data is only loaded with DEBUG=1, so it can never reach a live system")
    if cases < 0:
        raise DemoRefused("--cases cannot be negative")
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            wipe()
        elif demo_users().exists():
            return _already_loaded(pack_id)
        elif Case.objects.exists():
            raise DemoRefused(
                f"there are already {Case.objects.count()} cases that `casework demo` did not make; "
                "`casework demo --reset` deletes every case and loads demo data instead"
            )
        pack = _pack(pack_id or DEFAULT_PACK)
        stats = _generate(pack, cases=cases, rng=random.Random(seed))  # noqa: S311 - made-up data, not secrets
    return DemoResult(
        created=True,
        pack_id=pack.id,
        pack_name=pack.pack.name,
        cases=Case.objects.count(),
        logins=logins(),
        seconds=time.perf_counter() - started,
        stats=stats,
    )


def _pack(pack_id: str) -> PolicyPack:
    try:
        return pack_named(pack_id)
    except InvalidInput as error:
        raise DemoRefused(str(error)) from None


def _already_loaded(pack_id: str | None) -> DemoResult:
    organisation = Organisation.objects.filter(pk=1).first()
    if organisation is None:
        raise DemoRefused("the demo logins exist but the organisation is gone: `casework demo --reset` starts afresh")
    pack = _pack(organisation.pack_id)
    note = "Demo data is already loaded; `casework demo --reset` deletes it and loads it afresh."
    if pack_id is not None and pack_id != pack.id:
        note = f"Demo data is already loaded on {pack.id}; `casework demo --reset --pack {pack_id}` switches packs."
    return DemoResult(
        created=False, pack_id=pack.id, pack_name=pack.pack.name, cases=Case.objects.count(), logins=logins(), note=note
    )


def wipe() -> None:
    """Delete every case, the people and places on them, and the demo logins and teams."""
    # Case events are append-only for the application; a reset removes the whole demo at once.
    CaseEvent.objects.all().delete()
    CaseLink.objects.all().delete()
    Case.objects.all().delete()
    Person.objects.all().delete()
    Address.objects.all().delete()
    ReferenceCounter.objects.all().delete()
    demo_users().delete()
    Team.objects.filter(name__in=[NORTH, SOUTH]).delete()


def _organisation(pack: PolicyPack) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Marrowfield Homes",
            "pack_id": pack.id,
            "homes": 8400,
            "letterhead_address": "Marrowfield Homes\n1 Tansy Road\nMarrowfield\nZZ1 1AA",
            # Ofcom's range of numbers kept for drama, and a reserved domain: nobody real is reached.
            "letterhead_phone": "01632 960000",
            "letterhead_email": "asb@demo.example.org",
            "letterhead_website": "https://www.example.org/",
        },
    )
    return organisation


def plan_for(rng: random.Random, age_days: float) -> WalkPlan:
    """How far a case gets: older cases are further along and more often closed."""
    maturity = min(age_days / 60, 1.0)
    moves = rng.choice([0, 1, 1, 1, 2, 2, 3, 4]) if rng.random() < 0.3 + 0.6 * maturity else rng.choice([0, 0, 1])
    return WalkPlan(
        moves=moves,
        close=rng.random() < 0.1 + 0.45 * maturity,
        diligence=rng.choice([0.95, 0.9, 0.85, 0.7, 0.4, 0.1]),
    )


def _generate(pack: PolicyPack, *, cases: int, rng: random.Random) -> WalkStats:
    _organisation(pack)
    staff = create_staff(pack)
    homes = address_book(rng, max(10, cases * 3 // 4))
    person = PersonMaker(rng)
    now = timezone.now()
    # Oldest first, so references run in the order the reports came in.
    ages = sorted((rng.triangular(0, OLDEST_DAYS, 15) for _ in range(cases)), reverse=True)
    type_ids = [t.id for t in pack.types]
    rng.shuffle(type_ids)
    stats = WalkStats()
    for number, age in enumerate(ages):
        types = [type_ids[number % len(type_ids)]]
        if len(type_ids) > 1 and rng.random() < 0.15:
            types.append(rng.choice([t for t in type_ids if t not in types]))
        received = now - timedelta(days=age, minutes=rng.randint(5, 600))
        report = report_for(
            rng,
            pack,
            type_ids=types,
            received_at=received,
            home=rng.choice(homes),
            person=person,
            priority_turn=number // len(type_ids),
        )
        case = services.case_open(actor=_opener(rng, staff), report=report, open_anyway=True)
        CaseWalk(case, staff=staff, rng=rng, person=person).run(plan_for(rng, age), stats)
    return stats


def _opener(rng: random.Random, staff: DemoStaff) -> object:
    """Most reports come through the contact centre; some are taken by an officer in person."""
    return staff.contact_centre if rng.random() < 0.8 else rng.choice(staff.officers)
