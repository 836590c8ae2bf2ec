"""Letters: the kinds the procedures call for, the placeholders a template may use, and the templates.

A pack's letter templates live beside its `pack.toml` in `letters/<kind>.html`: the letter's body in
HTML (headings, paragraphs, lists, tables), with Jinja placeholders such as `{{ recipient.name }}`. The
letterhead, date, address block and page numbers are added around the body by whoever renders it.

Templates run in Jinja's sandbox. Every placeholder is checked against `PLACEHOLDERS` before a template is
used (`check_template`, run by `casework packs check`), so a misspelt one is refused with its file and line
rather than printing a blank. At render time a value that is missing (None or empty) is an error naming
it (`MissingValueError`), never a blank in a sent letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

LETTERS_DIR = "letters"


@dataclass(frozen=True)
class LetterKind:
    id: str
    label: str
    #: Who it is addressed to: a party role ("complainant", "alleged-perpetrator"), or "any" party.
    recipient: str
    #: Events that sending it records, where the case's pack knows them (they discharge its duties).
    records: tuple[str, ...] = ()
    #: What the officer adds when producing it (a placeholder's name -> what to ask for).
    asks: tuple[tuple[str, str], ...] = ()


LETTER_KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        "acknowledgement",
        "Acknowledgement of the report",
        "complainant",
        ("acknowledged",),
        (("appointment.at", "Appointment date and time (if one is arranged)"),),
    ),
    LetterKind(
        "action-plan",
        "Action plan",
        "complainant",
        ("action-plan.sent",),
        (("plan.contact_frequency", "How often we agreed to be in touch"),),
    ),
    LetterKind(
        "appointment",
        "Appointment",
        "any",
        ("appointment.offered",),
        (("appointment.at", "Appointment date and time"), ("appointment.place", "Where")),
    ),
    LetterKind(
        "verbal-warning",
        "Record of a verbal warning",
        "alleged-perpetrator",
        (),
        (("warning.given_on", "When the warning was given"), ("warning.behaviour", "The behaviour")),
    ),
    LetterKind(
        "written-warning",
        "Written warning",
        "alleged-perpetrator",
        (),
        (
            ("warning.behaviour", "The behaviour"),
            ("warning.effect", "Its effect on others"),
            ("warning.tenancy_clauses", "The tenancy clauses it may breach"),
        ),
    ),
    LetterKind(
        "interview-confirmation",
        "Confirmation of the interview (to the alleged perpetrator)",
        "alleged-perpetrator",
        ("perpetrator.letter-sent",),
        (
            ("interview.held_on", "When the interview was held"),
            ("interview.points", "The main points discussed"),
            ("interview.intended_action", "The action we intend to take"),
        ),
    ),
    LetterKind(
        "mediation-invitation",
        "Invitation to mediation",
        "any",
        (),
        (("mediation.provider", "Who provides the mediation"),),
    ),
    LetterKind(
        "acceptable-behaviour-agreement",
        "Acceptable behaviour agreement",
        "alleged-perpetrator",
        (),
        (("agreement.terms", "What the person agrees to do and not do"), ("agreement.length", "How long it lasts")),
    ),
    LetterKind(
        "closure-complainant",
        "Closure letter to the complainant",
        "complainant",
        ("closure.letter-sent",),
        (("closure.actions_taken", "What was done"), ("closure.why", "Why the case is closing")),
    ),
    LetterKind(
        "closure-perpetrator",
        "Closure letter to the alleged perpetrator",
        "alleged-perpetrator",
        ("closure.perpetrator-letter-sent",),
        (
            ("closure.actions_taken", "What was done (written for the person this letter goes to)"),
            ("closure.future_conduct", "What they should do from now on"),
        ),
    ),
    LetterKind("satisfaction-survey", "Satisfaction survey", "complainant", ()),
    LetterKind("diary-sheet", "Blank diary sheet", "complainant", ("diary.sent",)),
)

KINDS_BY_ID = {kind.id: kind for kind in LETTER_KINDS}

#: Every placeholder a template may use: a name, its attributes, and (for lists) the attributes of each item.
#: `"*"` marks a list whose items have the attributes given under the same key with "[]" appended.
PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "organisation": frozenset({"name", "address", "phone", "email", "website"}),
    "today": frozenset(),
    "recipient": frozenset({"name", "address", "salutation", "role"}),
    "officer": frozenset({"name", "job_title", "phone", "email"}),
    "case": frozenset({"reference", "opened_on", "types", "priority", "where", "summary"}),
    "pack": frozenset({"name", "complaints_route", "response_window", "case_review_threshold"}),
    "plan": frozenset({"resident_actions", "landlord_actions", "contact_frequency"}),
    "plan.resident_actions[]": frozenset({"action", "due"}),
    "plan.landlord_actions[]": frozenset({"action", "due"}),
    "appointment": frozenset({"at", "place"}),
    "warning": frozenset({"given_on", "behaviour", "effect", "tenancy_clauses"}),
    "interview": frozenset({"held_on", "points", "intended_action"}),
    "mediation": frozenset({"provider"}),
    "agreement": frozenset({"terms", "length"}),
    "closure": frozenset({"reason", "actions_taken", "why", "closed_on", "future_conduct"}),
}

#: Jinja filters a template may use (besides these, only plain placeholders).
FILTERS = frozenset({"default", "join", "upper", "lower", "title", "length", "first", "date"})


class MissingValueError(ValueError):
    """A placeholder the letter needs has no value for this case: `name` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(f"the letter needs {name}, which has no value on this case")
        self.name = name


@dataclass(frozen=True)
class TemplateProblem:
    line: int | None
    message: str


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=_LeftOut, keep_trailing_newline=True)
    env.filters["date"] = lambda value, fmt="%-d %B %Y": value.strftime(fmt) if value else value
    return env


def _dotted(node: nodes.Node) -> str | None:
    """`recipient.name` for Getattr(Name('recipient'), 'name'); None for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _dotted(node.node)
        return f"{parent}.{node.attr}" if parent else None
    return None


def _known(path: str, loop_items: Mapping[str, str]) -> bool:
    head, _, rest = path.partition(".")
    if head in loop_items:  # a loop variable: its attributes are the list's item attributes
        return not rest or rest in PLACEHOLDERS.get(loop_items[head] + "[]", frozenset())
    if head not in PLACEHOLDERS:
        return False
    if not rest:
        return True
    attr, _, deeper = rest.partition(".")
    return attr in PLACEHOLDERS[head] and not deeper


def check_template(text: str) -> list[TemplateProblem]:
    """Every problem in a letter template: syntax, unknown placeholders and filters, each with its line."""
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as error:
        return [TemplateProblem(error.lineno, f"template syntax: {error.message}")]
    problems: list[TemplateProblem] = []
    loop_items: dict[str, str] = {}
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name):
            source = _dotted(loop.iter)
            if source is not None:
                loop_items[loop.target.name] = source
    # Only the whole of a dotted placeholder: `recipent.name` is one problem, not also `recipent`.
    inner = {id(node.node) for node in tree.find_all(nodes.Getattr)}
    for node in tree.find_all((nodes.Name, nodes.Getattr)):
        path = _dotted(node)
        if id(node) in inner or path is None or (isinstance(node, nodes.Name) and node.ctx != "load"):
            continue
        if not _known(path, loop_items):
            problems.append(TemplateProblem(node.lineno, f"unknown placeholder {{{{ {path} }}}}"))
    for node in tree.find_all(nodes.Filter):
        if node.name not in FILTERS:
            problems.append(TemplateProblem(node.lineno, f"unknown filter |{node.name}"))
    unique = {(p.line, p.message): p for p in problems}  # the same mistake twice on a line is one problem
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.message))


def _require(value: Any, name: str) -> Any:
    if value is None or value == "" or value == [] or value == ():
        raise MissingValueError(name)
    return value


class _LeftOut(StrictUndefined):
    """A value left out of the data: `is defined` is false, and using it anyway raises MissingValueError
    naming the whole placeholder ("pack.response_window"), never a blank."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise MissingValueError(self._undefined_name or "a value")

    __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = __contains__ = _fail_with_undefined_error


class _Strict(dict[str, Any]):
    """A placeholder's values. One given as None or empty raises MissingValueError naming it when used;
    one left out altogether is undefined, so a template can ask `{% if pack.response_window is defined %}`
    for what only some cases or packs have."""

    def __init__(self, name: str, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        if attr not in self:
            return _LeftOut(name=f"{self._name}.{attr}")
        value = self[attr]
        if isinstance(value, list):
            return [_Strict(f"{self._name}.{attr}", v) if isinstance(v, Mapping) else v for v in value]
        return _require(value, f"{self._name}.{attr}")


_ENV = _environment()


def render_body(text: str, data: Mapping[str, Any]) -> str:
    """The letter's body as HTML. Raises MissingValueError for a placeholder with no value."""
    context = {name: _Strict(name, value) if isinstance(value, Mapping) else value for name, value in data.items()}
    try:
        return _ENV.from_string(text).render(context)
    except MissingValueError:
        raise
    except Exception as error:  # an undefined name slipped past the check: still never a blank
        raise MissingValueError(str(error)) from error


def template_path(pack_dir: Path, kind: str) -> Path:
    return pack_dir / LETTERS_DIR / f"{kind}.html"
