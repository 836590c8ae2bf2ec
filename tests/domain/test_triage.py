"""Triage under the minimal pack: ASB or not, priority, owner, routes."""

import pytest

from casework.domain.triage import Report, TriageError, triage


def test_types_match_by_id_label_or_synonym_ignoring_case(minimal_pack):
    for name in ("violence", "VIOLENCE OR THREATS OF VIOLENCE"):
        assert triage(Report([name]), minimal_pack).types == ("violence",)
    assert triage(Report(["Loud Music"]), minimal_pack, officer_priority="low").types == ("noise",)


def test_fixed_priority_and_owner_come_from_the_type(minimal_pack):
    result = triage(Report(["violence"]), minimal_pack)

    assert (result.is_asb, result.priority, result.priority_choices) == (True, "high", ())
    assert result.owner_role == "officer"


def test_officer_decides_between_the_types_choices(minimal_pack):
    undecided = triage(Report(["noise"]), minimal_pack)
    decided = triage(Report(["noise"]), minimal_pack, officer_priority="low")

    assert undecided.priority is None
    assert undecided.priority_choices == ("high", "low")
    assert undecided.needs_officer_decision
    assert decided.priority == "low"


def test_an_officer_cannot_pick_a_priority_the_pack_does_not_offer(minimal_pack):
    with pytest.raises(TriageError, match="'medium' is not one the officer can choose"):
        triage(Report(["noise"]), minimal_pack, officer_priority="medium")


def test_a_fixed_type_sets_the_floor_for_the_officers_choice(minimal_pack):
    result = triage(Report(["noise", "violence"]), minimal_pack)

    assert result.priority == "high"
    assert result.priority_choices == ()


def test_hate_related_is_always_the_most_urgent_priority(minimal_pack):
    by_type = triage(Report(["hate crime"]), minimal_pack)
    by_flag = triage(Report(["noise"], hate_related=True), minimal_pack)

    assert by_type.priority == "high"  # the type itself says "low": hate overrides
    assert by_flag.priority == "high"
    assert by_flag.hate_related
    assert by_flag.routes == ()  # the minimal pack names no hate process, so none is invented


def test_domestic_abuse_is_routed_to_its_own_process(minimal_pack):
    result = triage(Report(["domestic abuse"]), minimal_pack)

    assert [(r.route, r.process) for r in result.routes] == [("domestic-abuse", "Domestic Abuse Policy")]


def test_not_asb_gives_the_reason_and_the_advice(minimal_pack):
    result = triage(Report(["washing machine"]), minimal_pack)

    assert result.is_asb is False
    assert result.reason == "Normal living noise is not ASB."
    assert result.advice == "Talk to your neighbour if it is safe to do so."
    assert result.priority is None
    assert result.owner_role is None


def test_one_asb_type_among_not_asb_ones_makes_it_asb(minimal_pack):
    assert triage(Report(["washing machine", "violence"]), minimal_pack).is_asb


def test_an_unknown_type_is_named(minimal_pack):
    with pytest.raises(TriageError, match="unknown type 'fireworks'"):
        triage(Report(["fireworks"]), minimal_pack)


def test_a_report_needs_a_type(minimal_pack):
    with pytest.raises(TriageError, match="at least one type"):
        triage(Report([]), minimal_pack)


def test_an_officer_cannot_override_a_fixed_priority_at_triage(minimal_pack):
    with pytest.raises(TriageError, match="these types are 'high'"):
        triage(Report(["violence"]), minimal_pack, officer_priority="low")
    assert triage(Report(["violence"]), minimal_pack, officer_priority="high").priority == "high"
