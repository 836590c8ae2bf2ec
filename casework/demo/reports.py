"""Made-up reports of ASB: what happened, where, who is involved, and how it reached us."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from casework.cases.choices import Channel, PartyRole
from casework.cases.services.intake import AddressInput, PartyInput, PersonInput, ReportInput
from casework.demo.names import AGENCIES, ESTATES, FIRST_NAMES, LOCATIONS, STREETS, SURNAMES, TOWNS, WARDS
from casework.domain.packs import PolicyPack
from casework.domain.triage import Report, triage

# What a resident might say, by a word in the type's id; the first match wins.
SUMMARIES = (
    ("noise", "Loud music and shouting from the flat above most nights, often past 2am."),
    ("hate", "Abuse shouted about my religion and a slur written on my door."),
    ("domestic", "Screaming and things being thrown next door; I am worried for the woman who lives there."),
    ("drug", "People calling at the flat at all hours; I think drugs are being sold from there."),
    ("alcohol", "A group drinking in the stairwell every evening and leaving cans and bottles."),
    ("dog", "A large dog off its lead in the communal garden has gone for two children."),
    ("animal", "Dog fouling left on the shared path for weeks and barking all day."),
    ("pets", "Dog fouling left on the shared path for weeks and barking all day."),
    ("vehicle", "Cars revving and racing round the car park late at night."),
    ("violence", "My neighbour punched my son in the car park after an argument."),
    ("threat", "The man at number 12 said he would hurt me if I complained again."),
    ("intimidation", "A group waits by my door and follows me to the shops."),
    ("harass", "Repeated knocking on my door and messages under it telling me to move out."),
    ("abuse", "Swearing and name-calling every time I go past their door."),
    ("youth", "Teenagers kicking footballs at windows and climbing onto the garage roofs."),
    ("ball", "Ball games against my wall every evening until dark."),
    ("graffiti", "Graffiti sprayed across the bin store and the lift."),
    ("vandal", "Graffiti sprayed across the bin store and the lift."),
    ("damage", "The communal door has been kicked in twice this month."),
    ("arson", "Someone set fire to the bins under my balcony."),
    ("burglary", "My shed was broken into and I think I know who did it."),
    ("litter", "Rubbish and an old mattress dumped beside the bin store again."),
    ("garden", "The garden next door is full of rubbish and rats are coming through."),
    ("communal", "Bikes and bags left blocking the stairs and the fire exit."),
    ("criminal", "Stolen goods being moved in and out of the flat below."),
    ("dispute", "An argument over parking with my neighbour has turned nasty."),
    ("safeguarding", "An elderly neighbour seems to be being taken advantage of by visitors."),
    ("visitor", "Visitors to the flat upstairs are shouting in the corridor at night."),
    ("lifestyle", "My neighbour's friends come and go at all hours; I cannot sleep."),
)
DEFAULT_SUMMARY = "Ongoing trouble from a neighbour that is making it hard to live here."

#: The letters a postcode's last two places use.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CHANNELS = [Channel.PHONE] * 5 + [Channel.WEB] * 3 + [Channel.EMAIL] * 2 + [Channel.IN_PERSON, Channel.APP]
VULNERABILITIES = ("", "", "", "Lives alone; anxiety", "Uses a wheelchair", "Hearing impaired", "Recently bereaved")


def summary_for(type_ids: list[str]) -> str:
    for word, text in SUMMARIES:
        if any(word in type_id for type_id in type_ids):
            return text
    return DEFAULT_SUMMARY


def address_book(rng: random.Random, size: int) -> list[AddressInput]:
    """Homes on the demo estates: a small pool, so some addresses have more than one case."""
    homes = []
    for _ in range(size):
        street = rng.choice(STREETS)
        district = STREETS.index(street) % 9 + 1
        homes.append(
            AddressInput(
                line1=f"{rng.randint(1, 120)} {street}",
                town=rng.choice(TOWNS),
                postcode=f"ZZ{district} {rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}",
                estate=rng.choice(ESTATES),
                area="Marrowfield North" if district <= 4 else "Marrowfield South",
                ward=WARDS[district - 1],
            )
        )
    return homes


class PersonMaker:
    """Made-up residents with distinct names, phone numbers in the range kept for drama."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0
        # People who have reported, or been reported, before: some come back, as in life, so the
        # reports on repeat victims and repeat perpetrators have someone to find.
        self.complainants: list[PersonInput] = []
        self.perpetrators: list[PersonInput] = []
        # Repeats, surveys and Case Review requests draw from their own generator (seeded from the demo's,
        # without drawing from it), so the rest of the demo is the same case for case as before them.
        self.extra = random.Random(repr(rng.getstate()[1][:8]))  # noqa: S311 - made-up demo data

    def again(self, known: list[PersonInput], chance: float) -> PersonInput | None:
        return self.extra.choice(known) if known and self.extra.random() < chance else None

    def __call__(self, address: AddressInput | None = None, *, child_in: int | None = None) -> PersonInput:
        """A resident; `child_in` (a year) makes them 12 to 17 years old then."""
        self.count += 1
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
        child = child_in is not None
        born = None
        if child_in is not None:
            born = date(child_in - self.rng.randint(12, 17), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return PersonInput(
            name=f"{first} {last}",
            phone=f"07700 900{self.count % 1000:03d}",
            email=f"{first}.{last}{self.count}@example.org".lower() if self.rng.random() < 0.5 else "",
            preferred_contact=self.rng.choice(["phone", "email", "letter", ""]),
            date_of_birth=born,
            vulnerabilities="" if child else self.rng.choice(VULNERABILITIES),
            address=address,
        )


def parties_for(
    rng: random.Random,
    person: PersonMaker,
    home: AddressInput | None,
    *,
    anonymous: bool,
    year: int,
    victim: PersonInput | None = None,
) -> list[PartyInput]:
    """A complainant (unless anonymous), usually an alleged perpetrator, sometimes witnesses and more."""
    parties = []
    if not anonymous:
        new = person(home)  # made even when someone returns, so the demo's other draws stay the same
        complainant = victim or new
        person.complainants.append(complainant)
        parties.append(PartyInput(person=complainant, role=PartyRole.COMPLAINANT, consent_to_share=rng.random() < 0.8))
    if rng.random() < 0.85:
        known = person.again(person.perpetrators, 0.2)
        young = rng.random() < 0.12
        new = person(child_in=year if young else None)
        young = young and known is None
        perpetrator = known or new
        person.perpetrators.append(perpetrator)
        parties.append(
            PartyInput(
                person=perpetrator,
                role=PartyRole.ALLEGED_PERPETRATOR,
                under_18=young,
                guardian=person() if young else None,
            )
        )
    if rng.random() < 0.3:
        parties.append(PartyInput(person=person(), role=PartyRole.WITNESS, anonymity_requested=rng.random() < 0.3))
    if rng.random() < 0.1:
        parties.append(PartyInput(person=person(home), role=PartyRole.HOUSEHOLD_MEMBER))
    return parties


def witness(person: PersonMaker) -> PartyInput:
    return PartyInput(person=person(), role=PartyRole.WITNESS, consent_to_share=True)


def advocate(rng: random.Random, person: PersonMaker) -> PartyInput:
    agency = rng.choice(AGENCIES)
    return PartyInput(person=_with_organisation(person(), agency), role=PartyRole.ADVOCATE, consent_to_share=True)


def _with_organisation(given: PersonInput, organisation: str) -> PersonInput:
    given.organisation = organisation
    given.vulnerabilities = ""
    return given


def report_for(
    rng: random.Random,
    pack: PolicyPack,
    *,
    type_ids: list[str],
    received_at: datetime,
    home: AddressInput,
    person: PersonMaker,
    priority_turn: int,
) -> ReportInput:
    """A report of `type_ids`; where the officer decides the priority, take turns through the choices."""
    hate = rng.random() < 0.06
    channel = rng.choice(CHANNELS)
    choices = triage(Report(type_ids, hate, channel), pack).priority_choices
    priority = choices[priority_turn % len(choices)] if choices else None
    anonymous = rng.random() < 0.05
    in_the_open = rng.random() < 0.12
    victim = None if anonymous else person.again(person.complainants, 0.2)
    home = victim.address if victim is not None and victim.address is not None else home
    return ReportInput(
        types=type_ids,
        channel=channel,
        summary=summary_for(type_ids),
        received_at=received_at,
        occurred_at=received_at - timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None,
        address=None if in_the_open else home,
        location=rng.choice(LOCATIONS) if in_the_open else "",
        hate_related=hate,
        anonymous=anonymous,
        impact=rng.choice(["", "I cannot sleep and my children are scared.", "I feel unsafe in my own home."]),
        priority=priority,
        parties=parties_for(rng, person, home, anonymous=anonymous, year=received_at.year, victim=victim),
    )
