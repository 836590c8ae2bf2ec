"""Pack loading: each test breaks a copy of minimal.toml in one precise way and checks the exact errors.

Line numbers are computed from the broken text (the line that was changed), never hard-coded, so
editing minimal.toml does not silently change what a test checks.
"""

from pathlib import Path

import pytest

from casework.domain.packs import (
    PackError,
    PackProblem,
    builtin_pack,
    builtin_pack_ids,
    find_pack,
    load_pack,
    parse_pack,
)

MINIMAL = Path(__file__).with_name("minimal.toml").read_text(encoding="utf-8")


# -- helpers ------------------------------------------------------------------------------------


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    """Replace `old`, which must occur exactly once, by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_no(text: str, fragment: str, occurrence: int | None = None) -> int:
    """1-based line where `fragment` starts: its only occurrence, or its n-th (1-based)."""
    if occurrence is None:
        assert text.count(fragment) == 1, f"{fragment!r} occurs {text.count(fragment)} times"
        occurrence = 1
    position = -1
    for _ in range(occurrence):
        position = text.index(fragment, position + 1)
    return text[:position].count("\n") + 1


def header_line(text: str, fragment: str) -> int:
    """Line of the table header (`[x]` or `[[x]]`) that `fragment` sits under."""
    lines = text.splitlines()
    for number in range(line_no(text, fragment), 0, -1):
        if lines[number - 1].startswith("["):
            return number
    raise AssertionError(f"no table header above {fragment!r}")


def problems_of(text: str) -> list[PackProblem]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, "pack.toml")
    return caught.value.problems


def only_problem(text: str) -> PackProblem:
    found = problems_of(text)
    assert len(found) == 1, [str(problem) for problem in found]
    return found[0]


def check(problem: PackProblem, line: int | None, key_path: str, fragment: str) -> None:
    assert (problem.file, problem.line, problem.key_path) == ("pack.toml", line, key_path), str(problem)
    assert fragment in problem.message, str(problem)


# -- a valid pack -------------------------------------------------------------------------------


def test_minimal_pack_loads():
    pack = parse_pack(MINIMAL, "pack.toml")
    assert pack.id == "minimal"
    assert pack.version == "1"
    assert [p.id for p in pack.priorities] == ["high", "low"]
    assert pack.most_urgent_priority == "high"
    assert pack.priority_rank("low") == 1
    assert [r.id for r in pack.roles] == ["officer", "manager"]
    assert pack.default_owner_role == "officer"
    assert [t.id for t in pack.types] == ["noise", "violence", "hate-crime", "domestic-abuse"]
    assert [o.id for o in pack.obligations] == ["first-contact", "review"]
    assert pack.obligations[0].period_by_priority["low"].describe() == "5 working days"
    assert pack.routes.domestic_abuse is not None
    assert pack.routes.domestic_abuse.process == "Domestic Abuse Policy"
    assert pack.risk_matrix is not None
    assert [b.id for b in pack.risk_matrix.bands] == ["low", "high"]
    assert pack.path.initial == "open"
    assert [s.id for s in pack.path.stages] == ["open", "closed"]


def test_problem_text_is_file_line_key_path_message():
    problem = PackProblem("pack.toml", 12, "types[0].owner_role", "unknown role 'x'")
    assert str(problem) == "pack.toml:12: types[0].owner_role: unknown role 'x'"
    assert str(PackProblem("pack.toml", None, "", "no such pack file")) == ("pack.toml: (pack): no such pack file")


# -- TOML and shape -----------------------------------------------------------------------------


def test_toml_syntax_error_gives_one_problem_with_its_line():
    broken = edit('label = "High"', 'label "High"')
    problem = only_problem(broken)
    check(problem, line_no(broken, 'label "High"'), "", "not valid TOML")
    assert "(at line" not in problem.message
    assert str(problem).startswith(f"pack.toml:{problem.line}: (pack): not valid TOML: ")


def test_toml_error_at_end_of_document_is_still_one_problem():
    problem = only_problem(MINIMAL + "\nunfinished = [\n")
    assert problem.key_path == ""
    assert "not valid TOML" in problem.message


def test_missing_pack_key_points_at_the_pack_table():
    broken = edit('asb_definition = "Conduct capable of causing nuisance or annoyance."\n', "")
    check(
        only_problem(broken),
        line_no(broken, "[pack]"),
        "pack.asb_definition",
        "required key is missing",
    )


def test_missing_type_source_points_at_that_types_header():
    broken = edit(
        'label = "Violence or threats of violence"\npriority = "high"\nsource = "test"\n',
        'label = "Violence or threats of violence"\npriority = "high"\n',
    )
    check(
        only_problem(broken),
        header_line(broken, 'id = "violence"'),
        "types[1].source",
        "required key is missing",
    )


def test_missing_table_has_no_line():
    broken = edit(
        '[closure]\ncomplaints_route = "Our complaints procedure"\nagreed_by = "manager"\nsource = "test"\n',
        "",
    )
    problem = only_problem(broken)
    check(problem, None, "closure", "required key is missing")
    assert str(problem) == "pack.toml: closure: required key is missing"


def test_misspelt_key_is_an_unknown_key_and_the_real_one_is_missing():
    broken = edit('discharged_by = ["review.held"]', 'discharged_bi = ["review.held"]')
    missing, unknown = problems_of(broken)
    check(
        missing,
        header_line(broken, 'id = "review"'),
        "obligations[1].discharged_by",
        "required key is missing",
    )
    check(unknown, line_no(broken, "discharged_bi"), "obligations[1].discharged_bi", "unknown key")
    assert "docs/policy-packs.md" in unknown.message


def test_misspelt_route_table_is_an_unknown_key():
    broken = edit("[routes.domestic-abuse]", "[routes.domestic_abuse]")
    # Consistency rules (the domestic abuse type needing its route) run only on a well-shaped pack.
    check(
        only_problem(broken),
        line_no(broken, "[routes.domestic_abuse]"),
        "routes.domestic_abuse",
        "unknown key",
    )


# -- references to unknown ids ------------------------------------------------------------------

VIOLENCE_LABEL = 'label = "Violence or threats of violence"\n'


@pytest.mark.parametrize(
    ("old", "new", "changed", "key_path", "message"),
    [
        pytest.param(
            VIOLENCE_LABEL,
            VIOLENCE_LABEL + 'owner_role = "tem"\n',
            'owner_role = "tem"',
            "types[1].owner_role",
            "unknown role 'tem' (known: manager, officer)",
            id="type-owner-role",
        ),
        pytest.param(
            'approvals = ["manager"]',
            'approvals = ["manager", "judge"]',
            "approvals = ",
            "interventions[1].approvals[1]",
            "unknown role 'judge' (known: manager, officer)",
            id="intervention-approval",
        ),
        pytest.param(
            'agreed_by = "manager"',
            'agreed_by = "boss"',
            "agreed_by = ",
            "closure.agreed_by",
            "unknown role 'boss' (known: manager, officer)",
            id="closure-agreed-by",
        ),
        pytest.param(
            'default_owner_role = "officer"',
            'default_owner_role = "nobody"',
            "default_owner_role",
            "default_owner_role",
            "unknown role 'nobody' (known: manager, officer)",
            id="default-owner-role",
        ),
        pytest.param(
            'owns_priorities = ["high", "low"]',
            'owns_priorities = ["high", "lo"]',
            "owns_priorities",
            "roles[0].owns_priorities[1]",
            "unknown priority 'lo' (known: high, low)",
            id="role-owns-priorities",
        ),
        pytest.param(
            'priority = "low"\nhate_related',
            'priority = "urgent"\nhate_related',
            'priority = "urgent"',
            "types[2].priority",
            "unknown priority 'urgent' (known: high, low)",
            id="type-priority",
        ),
        pytest.param(
            'kind = "review"',
            'kind = "phone-call"',
            'kind = "phone-call"',
            "obligations[1].kind",
            "unknown obligation kind 'phone-call'",
            id="obligation-kind",
        ),
        pytest.param(
            'starts_on = ["case.opened"]\ndischarged_by = ["complainant.contacted"]',
            'starts_on = ["case.begun"]\ndischarged_by = ["complainant.contacted"]',
            'starts_on = ["case.begun"]',
            "obligations[0].starts_on[0]",
            "unknown event kind 'case.begun'",
            id="starts-on",
        ),
        pytest.param(
            'discharged_by = ["review.held"]',
            'discharged_by = ["review.held", "review.done"]',
            '"review.done"',
            "obligations[1].discharged_by[1]",
            "unknown event kind 'review.done'",
            id="discharged-by",
        ),
        pytest.param(
            "low = { working_days = 5 }",
            "urgent = { working_days = 5 }",
            "period_by_priority",
            "obligations[0].period_by_priority.urgent",
            "unknown priority 'urgent' (known: high, low)",
            id="period-by-priority",
        ),
        pytest.param(
            'event = "case.closed"',
            'event = "case.shut"',
            'event = "case.shut"',
            "path.transitions[0].event",
            "unknown event kind 'case.shut'",
            id="transition-event",
        ),
        pytest.param(
            '{ event = "closure.agreed"',
            '{ event = "closure.agrede"',
            "guards = ",
            "path.transitions[0].guards[0].event",
            "unknown event kind 'closure.agrede'",
            id="guard-event",
        ),
    ],
)
def test_unknown_reference(old, new, changed, key_path, message):
    broken = edit(old, new)
    check(only_problem(broken), line_no(broken, changed), key_path, message)


def test_custom_kinds_make_unknown_kinds_known():
    broken = edit('kind = "review"', 'kind = "phone-call"')
    broken = edit(
        'source = "test fixture"\n',
        'source = "test fixture"\ncustom_obligation_kinds = ["phone-call"]\n',
        broken,
    )
    assert parse_pack(broken, "pack.toml").obligations[1].kind == "phone-call"


# -- periods ------------------------------------------------------------------------------------

REVIEW_PERIOD = "period = { working_days = 10 }"


def test_negative_period():
    broken = edit(REVIEW_PERIOD, "period = { working_days = -1 }")
    check(
        only_problem(broken),
        line_no(broken, "working_days = -1"),
        "obligations[1].period.working_days",
        "greater than or equal to 0",
    )


def test_period_with_two_units():
    broken = edit(REVIEW_PERIOD, "period = { working_days = 10, months = 1 }")
    check(
        only_problem(broken),
        line_no(broken, "months = 1 }"),
        "obligations[1].period",
        "a period needs exactly one of working_days, calendar_days, months or hours (got working_days, months)",
    )


def test_period_with_no_unit():
    broken = edit(REVIEW_PERIOD, "period = {}")
    problem = only_problem(broken)
    check(
        problem,
        line_no(broken, "period = {}"),
        "obligations[1].period",
        "a period needs exactly one of working_days, calendar_days, months or hours",
    )
    assert "got" not in problem.message


def test_negative_period_by_priority():
    broken = edit("high = { working_days = 1 }", "high = { working_days = -1 }")
    check(
        only_problem(broken),
        line_no(broken, "period_by_priority"),
        "obligations[0].period_by_priority.high.working_days",
        "greater than or equal to 0",
    )


def test_obligation_without_any_period():
    broken = edit(REVIEW_PERIOD + "\n", "")
    check(
        only_problem(broken),
        header_line(broken, 'id = "review"'),
        "obligations[1]",
        "an obligation needs period, period_by_priority or period_by_role",
    )


def test_period_with_an_unknown_unit():
    broken = edit("window = { months = 6 }", "window = { weeks = 6 }")
    check(
        only_problem(broken),
        line_no(broken, "window = "),
        "case_review.window.weeks",
        "unknown key",
    )


# -- risk matrix --------------------------------------------------------------------------------
# Possible scores: question 1 (single) 0..5, question 2 (multiple, 3 + 3) 0..6: 0..11 in all.


def test_risk_bands_overlapping():
    broken = edit("min_score = 6", "min_score = 5")
    check(
        only_problem(broken),
        line_no(broken, "min_score = 5"),
        "risk_matrix.bands[1].min_score",
        "band 'high' overlaps 'low' (scores 5–5)",
    )


def test_risk_bands_with_a_gap():
    broken = edit("min_score = 6", "min_score = 8")
    check(
        only_problem(broken),
        line_no(broken, "min_score = 8"),
        "risk_matrix.bands[1].min_score",
        "scores 6–7 fall in no band (gap after 'low')",
    )


def test_risk_bands_not_reaching_the_lowest_score():
    broken = edit("min_score = 0", "min_score = 1")
    check(
        only_problem(broken),
        line_no(broken, "min_score = 1"),
        "risk_matrix.bands[0].min_score",
        "scores from 0 to 0 fall in no band (lowest possible score is 0)",
    )


def test_top_risk_band_stopping_below_the_highest_score():
    broken = edit("min_score = 6\n", "min_score = 6\nmax_score = 10\n")
    check(
        only_problem(broken),
        line_no(broken, "max_score = 10"),
        "risk_matrix.bands[1].max_score",
        "scores above 10 fall in no band (highest possible score is 11)",
    )


def test_top_risk_band_reaching_the_highest_score_is_fine():
    broken = edit("min_score = 6\n", "min_score = 6\nmax_score = 11\n")
    assert parse_pack(broken, "pack.toml").risk_matrix.bands[1].max_score == 11


def test_band_without_priority_when_the_matrix_sets_priority():
    broken = edit('min_score = 6\npriority = "high"\n', "min_score = 6\n")
    check(
        only_problem(broken),
        header_line(broken, 'label = "HIGH"'),
        "risk_matrix.bands[1]",
        "band 'high' needs a priority because the matrix sets the priority",
    )


def test_band_without_priority_is_fine_when_the_matrix_only_informs():
    broken = edit('min_score = 6\npriority = "high"\n', "min_score = 6\n")
    broken = edit('effect = "sets-priority"', 'effect = "informs-priority"', broken)
    assert parse_pack(broken, "pack.toml").risk_matrix.bands[1].priority is None


def test_band_with_unknown_priority():
    broken = edit('min_score = 6\npriority = "high"\n', 'min_score = 6\npriority = "top"\n')
    check(
        only_problem(broken),
        line_no(broken, 'priority = "top"'),
        "risk_matrix.bands[1].priority",
        "unknown priority 'top'",
    )


def test_risk_option_score_of_the_wrong_type():
    broken = edit('{ label = "Rarely", score = 0 }', '{ label = "Rarely", score = "none" }')
    check(
        only_problem(broken),
        line_no(broken, '"Rarely"'),
        "risk_matrix.questions[0].options[1].score",
        "valid integer",
    )


# -- case path ----------------------------------------------------------------------------------

LIMBO = '\n[[path.stages]]\nid = "limbo"\nlabel = "Limbo"\nsource = "test"\n'


def test_unreachable_stage():
    broken = MINIMAL + LIMBO
    check(
        only_problem(broken),
        header_line(broken, 'id = "limbo"'),
        "path.stages[2]",
        "stage 'limbo' cannot be reached from 'open' by any transition",
    )


def test_transition_to_unknown_stage_also_strands_the_stage_it_used_to_reach():
    broken = edit('to = "closed"', 'to = "shut"')
    stranded, unknown = problems_of(broken)
    check(
        stranded,
        header_line(broken, 'id = "closed"'),
        "path.stages[1]",
        "stage 'closed' cannot be reached from 'open'",
    )
    check(
        unknown,
        line_no(broken, 'to = "shut"'),
        "path.transitions[0].to",
        "unknown stage 'shut' (known: closed, open)",
    )


def test_transition_from_unknown_stage():
    broken = edit('from = ["open"]', 'from = ["opne"]')
    stranded, unknown = problems_of(broken)
    check(stranded, header_line(broken, 'id = "closed"'), "path.stages[1]", "cannot be reached")
    check(unknown, line_no(broken, 'from = ["opne"]'), "path.transitions[0].from[0]", "unknown stage 'opne'")


def test_unknown_initial_stage():
    broken = edit('initial = "open"', 'initial = "new"')
    check(
        only_problem(broken),
        line_no(broken, 'initial = "new"'),
        "path.initial",
        "unknown stage 'new' (known: closed, open)",
    )


# -- ids and types ------------------------------------------------------------------------------


def test_duplicate_type_id():
    broken = edit('id = "violence"', 'id = "noise"')
    check(
        only_problem(broken),
        line_no(broken, 'id = "noise"', occurrence=2),
        "types[1].id",
        "duplicate id 'noise'",
    )


def test_duplicate_obligation_id():
    broken = edit('id = "review"', 'id = "first-contact"')
    check(
        only_problem(broken),
        line_no(broken, 'id = "first-contact"', occurrence=2),
        "obligations[1].id",
        "duplicate id 'first-contact'",
    )


def test_duplicate_stage_id():
    broken = MINIMAL + LIMBO.replace('"limbo"', '"open"')
    check(
        only_problem(broken),
        line_no(broken, 'id = "open"', occurrence=2),
        "path.stages[2].id",
        "duplicate stage id 'open'",
    )


def test_type_with_both_priority_and_priority_choices():
    broken = edit(
        'priority_choices = ["high", "low"]\n',
        'priority_choices = ["high", "low"]\npriority = "high"\n',
    )
    check(
        only_problem(broken),
        header_line(broken, 'id = "noise"'),
        "types[0]",
        "give either priority or priority_choices (officer decides), not both",
    )


def test_type_with_neither_priority_nor_priority_choices():
    broken = edit(VIOLENCE_LABEL + 'priority = "high"\n', VIOLENCE_LABEL)
    check(
        only_problem(broken),
        header_line(broken, 'id = "violence"'),
        "types[1]",
        "type 'violence' needs a priority or priority_choices (officer decides)",
    )


def test_type_with_a_single_priority_choice():
    broken = edit('priority_choices = ["high", "low"]', 'priority_choices = ["high"]')
    check(
        only_problem(broken),
        header_line(broken, 'id = "noise"'),
        "types[0]",
        "priority_choices needs two or more priorities",
    )


def test_domestic_abuse_type_without_its_route():
    broken = edit('[routes.domestic-abuse]\nprocess = "Domestic Abuse Policy"\nsource = "test"\n\n', "")
    check(
        only_problem(broken),
        header_line(broken, 'id = "domestic-abuse"'),
        "types[3]",
        "a domestic abuse type needs [routes.domestic-abuse] naming that process",
    )


def test_safeguarding_type_without_its_route():
    broken = edit(VIOLENCE_LABEL, VIOLENCE_LABEL + "safeguarding = true\n")
    check(
        only_problem(broken),
        header_line(broken, 'id = "violence"'),
        "types[1]",
        "a safeguarding type needs [routes.safeguarding]",
    )


# -- every problem at once ----------------------------------------------------------------------


def test_every_consistency_problem_is_reported_sorted_by_line():
    # Broken in an order unlike both the file's and the rules' order, to check the sorting.
    broken = edit('initial = "open"', 'initial = "new"')
    broken = edit('id = "review"', 'id = "first-contact"', broken)
    broken = edit(VIOLENCE_LABEL, VIOLENCE_LABEL + 'owner_role = "tem"\n', broken)
    broken = edit('default_owner_role = "officer"', 'default_owner_role = "nobody"', broken)
    found = problems_of(broken)
    assert [(p.line, p.key_path) for p in found] == [
        (line_no(broken, "default_owner_role"), "default_owner_role"),
        (line_no(broken, 'owner_role = "tem"'), "types[1].owner_role"),
        (line_no(broken, 'id = "first-contact"', occurrence=2), "obligations[1].id"),
        (line_no(broken, 'initial = "new"'), "path.initial"),
    ]
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert "unknown role 'nobody'" in found[0].message
    assert "unknown role 'tem'" in found[1].message
    assert "duplicate id 'first-contact'" in found[2].message
    assert "unknown stage 'new'" in found[3].message


def test_every_shape_problem_is_reported_and_the_error_text_lists_them():
    broken = edit("window = { months = 6 }", "window = { months = -6 }")
    broken = edit('label = "Low"', 'label = ""', broken)
    broken = edit(
        VIOLENCE_LABEL + 'priority = "high"\nsource = "test"\n',
        VIOLENCE_LABEL + 'priority = "high"\n',
        broken,
    )
    with pytest.raises(PackError) as caught:
        parse_pack(broken, "pack.toml")
    found = caught.value.problems
    assert [(p.line, p.key_path) for p in found] == [
        (line_no(broken, 'label = ""'), "priorities[1].label"),
        (header_line(broken, 'id = "violence"'), "types[1].source"),
        (line_no(broken, "months = -6"), "case_review.window.months"),
    ]
    assert "at least 1 character" in found[0].message
    assert found[1].message == "required key is missing"
    assert "greater than or equal to 0" in found[2].message
    assert str(caught.value) == "\n".join(str(p) for p in found)


# -- loading files ------------------------------------------------------------------------------


def test_load_pack_on_a_missing_path(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(PackError) as caught:
        load_pack(missing)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.message) == (str(missing), None, "no such pack file")


def test_load_pack_on_a_folder_without_pack_toml(tmp_path):
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file == str(tmp_path / "pack.toml")
    assert problem.message == "no such pack file"


def test_load_pack_on_a_folder_holding_pack_toml(tmp_path):
    (tmp_path / "pack.toml").write_text(MINIMAL, encoding="utf-8")
    assert load_pack(tmp_path).id == "minimal"
    assert load_pack(str(tmp_path)).id == "minimal"


def test_load_pack_on_the_file_itself(tmp_path):
    (tmp_path / "my-pack.toml").write_text(MINIMAL, encoding="utf-8")
    assert load_pack(tmp_path / "my-pack.toml").id == "minimal"


def test_load_pack_names_the_file_in_its_problems(tmp_path):
    broken = edit('agreed_by = "manager"', 'agreed_by = "boss"')
    (tmp_path / "pack.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"{tmp_path / 'pack.toml'}:{line_no(broken, 'agreed_by')}: closure.agreed_by: "
        "unknown role 'boss' (known: manager, officer)"
    )


def test_load_pack_refuses_text_that_is_not_utf8(tmp_path):
    (tmp_path / "pack.toml").write_bytes(MINIMAL.encode("utf-8") + b'\nnotes = "\xff"\n')
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    (problem,) = caught.value.problems
    assert problem.message == "a pack file must be UTF-8 text"


def test_find_pack_with_an_unknown_id_names_the_built_in_packs():
    with pytest.raises(PackError) as caught:
        find_pack("no-such-pack")
    (problem,) = caught.value.problems
    assert problem.file == "no-such-pack"
    assert problem.message == (f"no such pack file or built-in pack (built-in: {', '.join(builtin_pack_ids())})")


def test_find_pack_with_a_path(tmp_path):
    (tmp_path / "pack.toml").write_text(MINIMAL, encoding="utf-8")
    assert find_pack(str(tmp_path)).id == "minimal"
    assert find_pack(str(tmp_path / "pack.toml")).id == "minimal"


def test_builtin_pack_with_an_unknown_id():
    with pytest.raises(PackError) as caught:
        builtin_pack("no-such-pack")
    assert "no built-in pack 'no-such-pack'" in str(caught.value)
