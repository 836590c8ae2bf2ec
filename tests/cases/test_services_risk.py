"""Risk assessment (casework/cases/services/risk.py)."""

from __future__ import annotations

import pytest

from casework.cases import packs, services
from casework.cases.models import RiskAssessment
from casework.domain.packs import loader
from casework.errors import InvalidInput
from tests.cases.helpers import footprint, obligation, open_case, ram_answers, reload

#: Places for People's RAM as written, but with `effect = "sets-priority"`: no built-in pack lets the
#: band set the priority, so the tests load this copy as if it were built in.
SETS_PRIORITY = "ram-sets-priority"


@pytest.fixture
def sets_priority_pack(tmp_path, monkeypatch):
    for pack in loader.BUILTIN_PACKS_DIR.iterdir():
        (tmp_path / pack.name).symlink_to(pack)
    text = (loader.BUILTIN_PACKS_DIR / "places-for-people" / "pack.toml").read_text(encoding="utf-8")
    assert 'effect = "informs-priority"' in text
    text = text.replace('id = "places-for-people"', f'id = "{SETS_PRIORITY}"', 1)
    text = text.replace('effect = "informs-priority"', 'effect = "sets-priority"', 1)
    (tmp_path / SETS_PRIORITY).mkdir()
    (tmp_path / SETS_PRIORITY / "pack.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "BUILTIN_PACKS_DIR", tmp_path)
    packs._builtin_ids.cache_clear()
    yield SETS_PRIORITY
    packs._builtin_ids.cache_clear()


@pytest.fixture
def case(people):
    return open_case(people.contact_centre, owner=people.officer)


def test_an_assessment_is_scored_and_banded_by_the_packs_matrix(people, case):
    assessment = services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers())

    # Highest answer to every question, both multi-selects ticked in full: 5+2+2+2+6+1+4+3+3+5+6+1+3+4.
    assert (assessment.score, assessment.band) == (47, "high")
    assert assessment.assessed_by == people.officer
    assert [row["number"] for row in assessment.breakdown] == list(range(1, 15))
    assert reload(case).risk_band == "high"
    event = case.events.get(verb="risk.assessed")
    assert (event.actor, event.target_id) == (people.officer, assessment.pk)
    assert event.payload == {"score": 47, "band": "high", "unanswered": []}
    assert obligation(case, "risk-assessment").state == "met"


def test_unanswered_questions_score_nothing_and_are_listed(people, case):
    assessment = services.risk_assessment_record(
        actor=people.officer, case=case.reference, answers={"1": "Daily", "q11-health-affected": ["Mental health"]}
    )

    assert (assessment.score, assessment.band) == (8, "low")
    assert case.events.get(verb="risk.assessed").payload["unanswered"] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]


def test_where_the_matrix_only_informs_priority_the_priority_stays(people, case):
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers())

    case = reload(case)
    assert case.priority == "medium"
    assert case.risk_band == "high"
    assert not case.events.filter(verb="priority.changed").exists()


def test_where_the_matrix_sets_priority_the_band_changes_it(people, sets_priority_pack):
    case = open_case(people.contact_centre, pack_id=sets_priority_pack, owner=people.officer)
    assert case.priority == "medium"

    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers())

    case = reload(case)
    assert case.priority == "high"
    change = case.events.get(verb="priority.changed")
    assert change.payload == {"priority": "high", "reason": "risk assessment: HIGH (47)"}
    assert change.actor == people.officer
    assert obligation(case, "acknowledge").owner_role == case.owner_role


def test_a_band_matching_the_priority_records_no_change(people, sets_priority_pack):
    case = open_case(people.contact_centre, pack_id=sets_priority_pack, owner=people.officer, priority="low")

    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))

    assert reload(case).priority == "low"
    assert not case.events.filter(verb="priority.changed").exists()


def test_a_hate_related_case_stays_most_urgent_whatever_the_band(people, sets_priority_pack):
    case = open_case(people.contact_centre, pack_id=sets_priority_pack, owner=people.officer, hate_related=True)
    assert case.priority == "high"

    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))

    case = reload(case)
    assert (case.priority, case.risk_band) == ("high", "low")
    assert not case.events.filter(verb="priority.changed").exists()


def test_reassessments_are_kept_and_the_latest_is_the_band(people, case):
    first = services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers())
    second = services.risk_assessment_record(actor=people.manager, case=case.reference, answers=ram_answers("lowest"))

    assert list(RiskAssessment.objects.filter(case=case)) == [second, first]
    assert reload(case).risk_band == "low"
    assert list(case.events.filter(verb="risk.assessed").values_list("actor", flat=True)) == [
        people.officer.pk,
        people.manager.pk,
    ]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "answer the risk assessment"),
        ({"99": "Daily"}, "unknown risk question"),
        ({"1": "Hourly"}, "unknown option"),
        ({"1": ["Daily", "Most days"]}, "takes one answer"),
        ({"1": "Daily", "q1-how-often": "Daily"}, "answered twice"),
        ({"q11-health-affected": ["Physical health", "Broken heart"]}, "unknown option"),
    ],
)
def test_answers_that_do_not_fit_the_matrix_are_refused_and_nothing_is_written(people, case, answers, message):
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.risk_assessment_record(actor=people.officer, case=case.reference, answers=answers)

    assert message in refused.value.message
    assert list(refused.value.fields) == ["answers"]
    assert footprint(case) == before


def test_a_pack_without_a_matrix_refuses_scored_answers(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.risk_assessment_record(actor=people.officer, case=case.reference, answers={"1": "Daily"})

    assert refused.value.fields == {"answers": "no matrix"}
    assert footprint(case) == before
