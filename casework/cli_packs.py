"""`casework packs list | show | check` and `casework simulate`: the policy author's tools.

Exit statuses: 0 success; 1 a pack was checked and refused (every problem listed); 2 the request
itself was wrong (a malformed scenario, a missing file), as one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.domain.packs import PackError, PolicyPack, builtin_pack, builtin_pack_ids, find_pack, load_pack
from casework.domain.packs.schema import Obligation
from casework.domain.simulator import ScenarioError, Simulation, parse_scenario, simulate, to_json

if TYPE_CHECKING:
    from casework.cli import Subparsers

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A request the command cannot carry out: one line on stderr, exit status 2."""


def add_packs_commands(subparsers: Subparsers, iso_date: Any) -> None:
    packs = subparsers.add_parser("packs", help="list, show and check policy packs")
    commands = packs.add_subparsers(dest="packs_command", metavar="COMMAND", required=True)

    commands.add_parser("list", help="the built-in packs").set_defaults(handler=_packs_list)

    show = commands.add_parser("show", help="everything in a pack, in source order")
    show.add_argument("pack", help="a built-in pack id, or the path of a pack folder or pack.toml")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=_packs_show)

    check = commands.add_parser("check", help="validate a pack: exit 0, or 1 listing every problem")
    check.add_argument("path", help="a pack folder or pack.toml")
    check.set_defaults(handler=_packs_check)

    sim = subparsers.add_parser("simulate", help="what a pack does with a scenario, without a database")
    sim.add_argument("--pack", required=True, help="a built-in pack id, or a pack folder or pack.toml")
    sim.add_argument("--scenario", required=True, help="a scenario JSON file, or - for standard input")
    sim.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="the date to report status on")
    sim.add_argument("--json", action="store_true", help="machine-readable output")
    sim.set_defaults(handler=_simulate)


# --- packs -------------------------------------------------------------------------------------


def _packs_list(args: argparse.Namespace) -> int:
    for pack_id in builtin_pack_ids():
        pack = builtin_pack(pack_id)
        print(f"{pack.id:<24} {pack.version:<8} {pack.pack.organisation}")
    return EXIT_OK


def _refused(error: PackError) -> int:
    """Every problem on standard output, `file:line: key.path: message`, and the count on stderr."""
    for problem in error.problems:
        print(problem)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
    return EXIT_REFUSED


def _packs_check(args: argparse.Namespace) -> int:
    try:
        pack = load_pack(args.path)
    except PackError as error:
        return _refused(error)
    print(f"{pack.id} {pack.version}: ok ({len(pack.types)} types, {len(pack.obligations)} obligations)")
    return EXIT_OK


def _packs_show(args: argparse.Namespace) -> int:
    try:
        pack = find_pack(args.pack)
    except PackError as error:
        return _refused(error)
    if args.json:
        print(json.dumps(pack.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2))
    else:
        print("\n".join(describe_pack(pack)))
    return EXIT_OK


def _obligation_periods(obligation: Obligation) -> str:
    parts = []
    if obligation.period is not None:
        parts.append(obligation.period.describe())
    parts += [f"{key}: {value.describe()}" for key, value in obligation.period_by_priority.items()]
    parts += [f"{key}: {value.describe()}" for key, value in obligation.period_by_role.items()]
    return "; ".join(parts)


def describe_pack(pack: PolicyPack) -> list[str]:
    """The whole pack as readable text, section by section, each rule with its source."""
    identity = pack.pack
    lines = [
        f"{identity.name} ({identity.id} {identity.version})",
        f"Organisation: {identity.organisation}. Effective from {identity.effective_from}. "
        f"Bank holidays: {identity.nation}.",
        f"Sources: {'; '.join(f'{s.file} ({s.title})' for s in identity.sources)}",
        f"ASB definition: {identity.asb_definition}",
    ]
    if identity.closure_days:
        lines.append("Closure days: " + ", ".join(d.isoformat() for d in identity.closure_days))

    lines += ["", "Priorities (most urgent first):"]
    lines += [f"  {p.id}: {p.label}  [{p.source}]" for p in pack.priorities]
    lines += ["", "Roles:"]
    for role in pack.roles:
        owns = ", ".join(role.owns_priorities + role.owns_types)
        lines.append(f"  {role.id}: {role.label}" + (f" (owns {owns})" if owns else "") + f"  [{role.source}]")
    lines.append(f"  default owner: {pack.default_owner_role}")
    if pack.not_asb:
        lines += ["", "Not ASB:"]
        for entry in pack.not_asb:
            lines += [f"  {entry.label}: {entry.reason}", f"    advice: {entry.advice}  [{entry.source}]"]
    lines += ["", "ASB types:"]
    for asb_type in pack.types:
        priority = asb_type.priority or "officer decides: " + " / ".join(asb_type.priority_choices)
        flags = [
            f
            for f, on in (
                ("hate", asb_type.hate_related),
                ("domestic abuse", asb_type.domestic_abuse),
                ("safeguarding", asb_type.safeguarding),
            )
            if on
        ]
        owner = f", owner {asb_type.owner_role}" if asb_type.owner_role else ""
        lines.append(
            f"  {asb_type.id}: {asb_type.label} ({priority}{owner}{', ' + ', '.join(flags) if flags else ''})"
            f"  [{asb_type.source}]"
        )
    routes = [
        (name, route)
        for name, route in (
            ("domestic-abuse", pack.routes.domestic_abuse),
            ("safeguarding", pack.routes.safeguarding),
            ("hate", pack.routes.hate),
        )
        if route
    ]
    if routes:
        lines += ["", "Special routes:"]
        lines += [f"  {name}: {route.process}  [{route.source}]" for name, route in routes]
    if pack.risk_matrix is not None:
        matrix = pack.risk_matrix
        lines += ["", f"{matrix.name} ({matrix.effect})  [{matrix.source}]"]
        for question in matrix.questions:
            kind = " (choose any)" if question.multiple else ""
            lines.append(f"  {question.number}. {question.text}{kind}")
            lines += [f"       {option.score:>3}  {option.label}" for option in question.options]
        for band in matrix.bands:
            top = f"–{band.max_score}" if band.max_score is not None else " and above"
            lines.append(
                f"  band {band.label}: {band.min_score}{top}" + (f" → {band.priority}" if band.priority else "")
            )
    lines += ["", "Obligations:"]
    if not pack.obligations:
        lines.append("  none: the source sets no timescales")
    for obligation in pack.obligations:
        repeat = " (repeats)" if obligation.repeats else " (each time)" if obligation.each_start else ""
        scope = (
            f" for {', '.join(obligation.priorities + obligation.types)}"
            if obligation.priorities or obligation.types
            else ""
        )
        lines.append(
            f"  {obligation.kind}: {obligation.label} — {_obligation_periods(obligation)} after "
            f"{' / '.join(obligation.starts_on)}{repeat}{scope}; met by {' / '.join(obligation.discharged_by)}"
            f"  [{obligation.source}]"
        )
    lines += ["", f"Case path (starts at {pack.path.initial}):"]
    lines += [f"  stage {s.id}: {s.label}{' (closed)' if s.closed else ''}  [{s.source}]" for s in pack.path.stages]
    for transition in pack.path.transitions:
        scope = f" [{', '.join(transition.priorities)} only]" if transition.priorities else ""
        guards = "".join(f"; needs: {g.reason}" for g in transition.guards)
        lines.append(
            f"  step {transition.step}: {' / '.join(transition.from_stages)} → {transition.to} on {transition.event}"
            f"{scope}{guards}  [{transition.source}]"
        )
    if pack.interventions:
        lines += ["", "Interventions:"]
    for intervention in pack.interventions:
        extras = []
        if intervention.approvals:
            extras.append("approved by " + " then ".join(intervention.approvals))
        extras += [f"only if {p.label.lower()}" for p in intervention.preconditions]
        extras += [f"needs {d}" for d in intervention.documents]
        legal = " (legal)" if intervention.legal else ""
        lines.append(
            f"  {intervention.label}{legal}{': ' + '; '.join(extras) if extras else ''}  [{intervention.source}]"
        )
    closure = pack.closure
    lines += ["", f"Closure  [{closure.source}]"]
    if closure.inactivity:
        lines.append(f"  consider closing after {closure.inactivity.describe()} without contact")
    if closure.contact_attempts_required or closure.contact_methods_required:
        lines.append(
            f"  first try to reach the complainant: {closure.contact_attempts_required} attempts, "
            f"{closure.contact_methods_required} different methods"
        )
    if closure.response_window:
        lines.append(f"  complainant has {closure.response_window.describe()} to respond")
    if closure.agreed_by:
        lines.append(f"  closure agreed by {closure.agreed_by}")
    if closure.letters:
        lines.append("  letters: " + ", ".join(closure.letters))
    lines.append(f"  survey: {'yes' if closure.survey else 'no'}; complaints: {closure.complaints_route}")
    if pack.case_review is not None:
        review = pack.case_review
        override = "; a high-risk case may qualify below it" if review.high_risk_override else ""
        lines += [
            "",
            f"ASB Case Review: {review.incidents} incidents in {review.window.describe()}{override}  [{review.source}]",
        ]
    return lines


# --- simulate ----------------------------------------------------------------------------------


def _read_scenario(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read scenario {source!r}: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"scenario is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None


def _simulate(args: argparse.Namespace) -> int:
    try:
        pack = find_pack(args.pack)
    except PackError as error:
        raise CommandError(f"pack {args.pack!r} refused: {error.problems[0]}") from None
    try:
        result = simulate(pack, parse_scenario(_read_scenario(args.scenario)), args.as_of)
    except ScenarioError as error:
        raise CommandError(f"scenario: {error}") from None
    if args.json:
        print(json.dumps(to_json(result), indent=2))
    else:
        print("\n".join(describe_simulation(result)))
    return EXIT_OK


def describe_simulation(result: Simulation) -> list[str]:
    """A readable account: triage, risk, then every obligation as a timeline."""
    triaged = result.triage
    lines = [f"{result.pack.pack.name} ({result.pack.id} {result.pack.version}), as of {result.as_of:%a %d %b %Y}", ""]
    if not triaged.is_asb:
        return [*lines, "Not ASB.", f"  Reason: {triaged.reason}", f"  Advice: {triaged.advice}"]
    if result.priority:
        priority = result.pack.priority_label(result.priority)
    else:
        priority = "officer decides between " + ", ".join(triaged.priority_choices)
    lines.append(f"ASB: {', '.join(triaged.types)}. Priority: {priority}. Owner: {triaged.owner_role}.")
    lines += [f"Route: {route.route} → {route.process}" for route in triaged.routes]
    if result.risk is not None:
        lines.append(f"Risk: score {result.risk.score}, band {result.risk.band_label}")
    lines += ["", "Obligations:"]
    if not result.obligations:
        lines.append("  none (the pack sets no timescales)")
    for obligation in result.obligations:
        due = obligation.due.isoformat() if obligation.due is not None else "no fixed date"
        met = f", met {obligation.met_at:%Y-%m-%d %H:%M}" if obligation.met_at else ""
        count = f" #{obligation.occurrence}" if obligation.occurrence > 1 else ""
        lines.append(f"  {due:<12} {obligation.status:<15} {obligation.label}{count} ({obligation.owner_role}){met}")
    lines += ["", f"Stage: {result.stage}"]
    for step in result.next_steps:
        lines.append(
            f"  {'can' if step.allowed else 'cannot'} {step.label}" + (f": {step.reason}" if step.reason else "")
        )
    eligibility = "eligible" if result.case_review_eligible else "not eligible"
    lines += ["", f"ASB Case Review: {eligibility}. {result.case_review_reason}"]
    return lines
