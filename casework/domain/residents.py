"""The public report form's problem list: plain words a resident recognises, mapped to the pack's own types.

A pack names its types in its policy's words ("Neighbourhood Nuisances including - Groups Congregating /
Disruptive Parties / Misuse of communal areas"). A resident reporting online is asked in plain words
instead: a fixed catalogue of everyday problems, each resolved to ONE entry of the active pack through the
same id/label/synonym matching triage uses (`casework.domain.triage.match_type`), trying the problem's
keywords in order so the most specific wording the pack knows wins. Only problems that resolve are offered.

Some of a pack's entries have no plain problem (arson, "Footsteps from adjoining properties"), so the form
also offers the pack's own list, every type and every not-ASB entry by its label: nothing in the policy is
out of a resident's reach. A pack with a single catch-all type ("Anti-social behaviour") takes every plain
problem as that type, so its residents still choose in plain words and staff still see what they chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casework.domain.packs.schema import AsbType, NotAsb, PolicyPack
from casework.domain.triage import TriageError, match_type

PackEntry = AsbType | NotAsb


@dataclass(frozen=True)
class Problem:
    """One problem in a resident's words, and the wordings a pack might use for it, most specific first."""

    id: str
    label: str
    hint: str
    keywords: tuple[str, ...]
    #: A resident who picks this tells us it is hate-related, whatever type the pack files it under.
    hate_related: bool = False


#: The plain problems, in the order the form shows them.
PROBLEMS: tuple[Problem, ...] = (
    Problem(
        "noise",
        "Noise",
        "For example loud music, shouting, or banging late at night.",
        ("noise", "noise nuisance", "excessive noise", "loud music"),
    ),
    Problem(
        "verbal-abuse",
        "Verbal abuse",
        "Someone swearing at you, insulting you or shouting abuse.",
        ("verbal abuse", "persistent threats or verbal abuse", "persistent verbal abuse", "abuse"),
    ),
    Problem(
        "harassment",
        "Threats, harassment or being intimidated",
        "Someone repeatedly bothering, following, threatening or frightening you.",
        ("harassment", "intimidation", "intimidation/harassment", "threatening behaviour", "serious intimidation"),
    ),
    Problem(
        "violence",
        "Violence or threats of violence",
        "Someone has hurt you or others, or threatened to.",
        ("violence", "threats of violence", "threat of violence", "acts of violence"),
    ),
    Problem(
        "hate",
        "Hate: targeted because of who you are",
        "Because of your race, religion, disability, sexuality, gender identity or another part of who you are.",
        ("hate crime", "hate incident", "racial harassment", "hate"),
        hate_related=True,
    ),
    Problem(
        "domestic-abuse",
        "Domestic abuse",
        "Abuse by a partner, ex-partner or family member. You can also call the free national helpline.",
        ("domestic abuse", "domestic violence"),
    ),
    Problem(
        "someone-at-risk",
        "A child or adult at risk of harm",
        "You are worried someone is being neglected, exploited or abused.",
        ("safeguarding", "safeguarding concern"),
    ),
    Problem(
        "drug-dealing",
        "Drug dealing",
        "Selling drugs, or people calling at a home at all hours to buy them.",
        ("drug dealing", "selling drugs", "drugs"),
    ),
    Problem(
        "drink-drugs-nuisance",
        "Drunk, drugged or rowdy behaviour",
        "People drinking or taking drugs and causing a nuisance.",
        (
            "drunken or rowdy behaviour",
            "drug related nuisance",
            "alcohol related nuisance",
            "rowdy behaviour",
            "drugs/alcohol",
            "drug taking",
        ),
    ),
    Problem(
        "damage",
        "Damage to property or graffiti",
        "Someone damaging a home, a car or shared areas, or spraying graffiti.",
        ("damage to property", "vandalism", "criminal damage", "graffiti"),
    ),
    Problem(
        "crime",
        "Burglary or other crime",
        "Break-ins, or other crime affecting the neighbourhood.",
        ("criminal behaviour", "criminal activity", "burglary", "arson"),
    ),
    Problem(
        "rubbish",
        "Rubbish, dumping or fly-tipping",
        "Rubbish dumped or left lying around, or a garden left in a state.",
        ("fly-tipping", "litter", "dumping rubbish", "garden nuisance", "untidy garden"),
    ),
    Problem(
        "vehicles",
        "Vehicles or parking",
        "Dangerous driving, cars repaired in the street, motorbikes, or parking disputes.",
        ("vehicle nuisance", "nuisance vehicles", "dangerous driving", "parking dispute"),
    ),
    Problem(
        "animals",
        "Animals or dogs",
        "Barking, dog mess, or pets let out to roam.",
        ("animal nuisance", "pet nuisance", "barking dogs", "stray dogs", "dog fouling"),
    ),
    Problem(
        "dangerous-dog",
        "A dangerous dog",
        "A dog that has attacked, or that frightens, people or other animals.",
        ("dangerous dogs", "dangerous dog"),
    ),
    Problem(
        "shared-areas",
        "Groups gathering or misuse of shared areas",
        "People gathering and causing trouble, or misusing stairways, car parks or other shared spaces.",
        ("misuse of communal areas", "groups congregating", "serious misuse of public areas", "youth disorder"),
    ),
    Problem(
        "neighbour-dispute",
        "A dispute with a neighbour",
        "An ongoing disagreement with a neighbour that you cannot sort out.",
        ("neighbour dispute", "neighbour disputes"),
    ),
)

PROBLEMS_BY_ID = {problem.id: problem for problem in PROBLEMS}

#: How a pack names a type that covers all anti-social behaviour (a policy with no types of its own).
_CATCH_ALL = {"asb", "anti-social behaviour", "antisocial behaviour", "anti social behaviour"}


@dataclass(frozen=True)
class Offered:
    """A plain problem the active pack can take, and the pack entry it is filed as."""

    problem: Problem
    entry: PackEntry

    @property
    def id(self) -> str:
        return self.problem.id


@dataclass(frozen=True)
class Chosen:
    """What a resident chose, as triage takes it: pack entry ids, whether they said it is about hate,
    and the plain words they chose (for the case's summary: staff see the resident's own choice)."""

    types: tuple[str, ...]
    hate_related: bool
    described: tuple[str, ...]


def catch_all(pack: PolicyPack) -> AsbType | None:
    """The pack's one type for all anti-social behaviour, if it has one."""
    for asb_type in pack.types:
        names = {asb_type.id.casefold(), asb_type.label.casefold(), *(s.casefold() for s in asb_type.synonyms)}
        if names & _CATCH_ALL:
            return asb_type
    return None


def entry_for(problem: Problem, pack: PolicyPack) -> PackEntry | None:
    """The pack entry a plain problem is filed as: its first keyword the pack knows, else the pack's
    catch-all type, else None (the problem is not offered under this pack)."""
    for keyword in problem.keywords:
        try:
            return match_type(pack, keyword)
        except TriageError:
            continue
    return catch_all(pack)


def offered(pack: PolicyPack) -> list[Offered]:
    """The plain problems the form offers under this pack, in catalogue order."""
    found = ((problem, entry_for(problem, pack)) for problem in PROBLEMS)
    return [Offered(problem, entry) for problem, entry in found if entry is not None]


def sentence_case(label: str) -> str:
    """A pack label as a resident reads it: some packs write their types all in lower case."""
    return label[:1].upper() + label[1:]


def pack_list(pack: PolicyPack) -> list[tuple[str, str]]:
    """(entry id, label) for every type and not-ASB entry in the pack, in the pack's order: the list a
    resident can choose from when no plain problem fits."""
    entries: list[PackEntry] = [*pack.types, *pack.not_asb]
    return [(entry.id, sentence_case(entry.label)) for entry in entries]


def chosen(pack: PolicyPack, problems: Iterable[str] = (), entries: Iterable[str] = ()) -> Chosen:
    """Turn the ids a resident ticked (plain problems, and entries from the pack's own list) into what
    triage takes. Raises ValueError naming an id this pack does not offer."""
    by_id = {item.id: item for item in offered(pack)}
    known = dict(pack_list(pack))
    types: list[str] = []
    described: list[str] = []
    hate = False
    for problem_id in problems:
        item = by_id.get(problem_id)
        if item is None:
            raise ValueError(f"{problem_id!r} is not a problem this form offers")
        types.append(item.entry.id)
        described.append(item.problem.label)
        hate = hate or item.problem.hate_related
    for entry_id in entries:
        if entry_id not in known:
            raise ValueError(f"{entry_id!r} is not in the pack {pack.id!r}")
        types.append(entry_id)
        described.append(known[entry_id])
    return Chosen(_unique(types), hate, _unique(described))


def reachable(pack: PolicyPack) -> set[str]:
    """Every pack entry id a resident can report through the form (tests hold this to every entry)."""
    return {item.entry.id for item in offered(pack)} | {entry_id for entry_id, _ in pack_list(pack)}


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
