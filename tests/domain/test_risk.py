"""Risk matrix scoring under the minimal pack."""

import pytest

from casework.domain.risk import RiskError, score_risk


def test_score_band_and_breakdown(minimal_pack):
    result = score_risk(minimal_pack.risk_matrix, {"1": "Daily", "health": ["Physical health", "Mental health"]})

    assert (result.score, result.band, result.band_label, result.priority) == (
        11,
        "high",
        "HIGH",
        "high",
    )
    assert [(q.number, q.score) for q in result.breakdown] == [(1, 5), (2, 6)]
    assert result.unanswered == ()


def test_band_edges(minimal_pack):
    matrix = minimal_pack.risk_matrix
    assert score_risk(matrix, {1: "Daily"}).band == "low"  # 5 is the top of LOW
    assert score_risk(matrix, {1: "Daily", 2: ["Mental health"]}).band == "high"  # 8


def test_labels_match_ignoring_case_and_unanswered_questions_are_listed(minimal_pack):
    result = score_risk(minimal_pack.risk_matrix, {"frequency": "daily"})

    assert result.breakdown[0].answers == ("Daily",)
    assert result.unanswered == (2,)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"9": "Daily"}, "unknown risk question '9'"),
        ({"1": "Weekly"}, r"question 1 \(frequency\): unknown option 'Weekly'"),
        ({"1": ["Daily", "Rarely"]}, "takes one answer, got 2"),
        ({"1": "Daily", "frequency": "Daily"}, "answered twice"),
    ],
)
def test_bad_answers_name_the_question_and_option(minimal_pack, answers, message):
    with pytest.raises(RiskError, match=message):
        score_risk(minimal_pack.risk_matrix, answers)
