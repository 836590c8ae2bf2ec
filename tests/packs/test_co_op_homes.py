"""Scenario tests for the Co-op Homes pack (shared/seeds/001_aca266dfab9e5559.txt).

Every expected due date was counted by hand from the procedure and the England & Wales bank
holidays (2026: 25 Dec, 28 Dec; 2027: 1 Jan, 26 Mar, 29 Mar, 3 May, 31 May, ...). "N working days
after" an event is the N-th working day strictly after its Europe/London date; months clamp to the
month end. WD = working day, BH = bank holiday.
"""

from datetime import date

import pytest

from casework.domain.packs import builtin_pack
from tests.packs.scenarios import obligation as ob
from tests.packs.scenarios import occurrences, simulate, step

PACK_ID = "co-op-homes"


@pytest.fixture(scope="module")
def pack():
    return builtin_pack(PACK_ID)


def run(scenario, as_of):
    return simulate(PACK_ID, scenario, as_of)


def scenario(received, types, events=(), priority=None, hate_related=False):
    data = {
        "received": received,
        "report": {"types": list(types), "hate_related": hate_related, "channel": "phone"},
        "events": [dict(e) for e in events],
    }
    if priority is not None:
        data["priority"] = priority
    return data


# --------------------------------------------------------------------------------------------
# The pack itself
# --------------------------------------------------------------------------------------------


def test_pack_loads_with_the_three_levels_most_urgent_first(pack):
    assert pack.id == PACK_ID
    assert [p.id for p in pack.priorities] == ["high", "medium", "low"]
    assert pack.priority_label("high") == "High-Level Anti-Social Behaviour"
    assert pack.risk_matrix is None  # §1.2/§3.1: levels, but no scored risk matrix
    assert pack.case_review is None  # no ASB Case Review threshold in the procedure
    assert pack.not_asb == []  # no "not ASB" list in the procedure


def test_every_rule_cites_the_seed_file(pack):
    seed = "001_aca266dfab9e5559.txt"
    cited = [
        *(p.source for p in pack.priorities),
        *(r.source for r in pack.roles),
        *(t.source for t in pack.types),
        *(o.source for o in pack.obligations),
        *(s.source for s in pack.path.stages),
        *(t.source for t in pack.path.transitions),
        *(i.source for i in pack.interventions),
        pack.closure.source,
    ]
    assert all(seed in source for source in cited)


def test_legal_action_needs_the_housing_manager_then_the_operations_manager(pack):
    by_id = {i.id: i for i in pack.interventions}
    legal = {i.id for i in pack.interventions if i.legal}
    assert legal == {
        "injunction",
        "nosp",
        "domestic-violence-injunction",
        "demotion-order",
        "asbo",
        "eviction",
    }
    for intervention_id in legal:
        assert by_id[intervention_id].approvals == ["housing-manager", "operations-manager"]
    # §5.1: every other action is agreed with the Housing Manager.
    assert by_id["mediation"].approvals == ["housing-manager"]
    # §1.3: security measures authorised by the Housing Manager.
    assert by_id["complainant-security-support"].approvals == ["housing-manager"]
    # §1.4: a transfer is approved by the Operations Manager.
    assert by_id["transfer"].approvals == ["operations-manager"]
    # §5.1: a NOSP is the last course of action.
    assert "other-interventions-failed" in {p.id for p in by_id["nosp"].preconditions}


def test_closure_rules(pack):
    closure = pack.closure
    assert closure.agreed_by == "housing-manager"  # §8.1
    assert closure.response_window.working_days == 5  # §8.2 "at least 5 working days"
    assert closure.survey is True  # §8.6
    assert "stage one of our complaints procedure" in closure.complaints_route  # §8.4
    assert closure.inactivity is None  # the procedure is silent


# --------------------------------------------------------------------------------------------
# Triage: types -> level -> owner; hate; domestic violence; officer decides
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "type_id", "level"),
    [
        ("Violence", "violence", "high"),
        ("drug dealing", "drugs", "high"),
        ("Damage to property or threat of damage", "damage-to-property", "high"),
        ("persistent verbal abuse", "persistent-threats-or-verbal-abuse", "high"),
        ("threatening behaviour", "abusive-or-threatening", "medium"),
        ("excessive noise", "excessive-noise", "medium"),
        ("neighbour dispute", "neighbour-dispute", "low"),
        ("Loud TV", "intermittent-noise", "low"),
    ],
)
def test_each_example_implies_its_level_and_the_housing_officer_owns_it(reported, type_id, level):
    triage = run(scenario("2027-01-11T09:00:00", [reported]), date(2027, 1, 11))["triage"]

    assert triage["is_asb"] is True
    assert triage["types"] == [type_id]
    assert triage["priority"] == level
    assert triage["priority_choices"] == []
    assert triage["owner_role"] == "housing-officer"


def test_plain_noise_is_left_to_the_officer_between_medium_and_low():
    undecided = run(scenario("2027-01-11T09:00:00", ["noise"]), date(2027, 1, 11))["triage"]
    decided = run(scenario("2027-01-11T09:00:00", ["noise"], priority="medium"), date(2027, 1, 11))

    assert undecided["priority"] is None
    assert undecided["priority_choices"] == ["medium", "low"]
    assert decided["triage"]["priority"] == "medium"
    # Medium: 2 WD. Mon 11 Jan 2027: 12 Tue(1), 13 Wed(2)
    assert ob(decided, "first-contact")["due"] == "2027-01-13"


def test_the_officer_cannot_pick_high_for_plain_noise():
    with pytest.raises(ValueError, match="priority"):
        run(scenario("2027-01-11T09:00:00", ["noise"], priority="high"), date(2027, 1, 11))


def test_the_most_urgent_type_sets_the_level():
    triage = run(scenario("2027-01-11T09:00:00", ["noise", "harassment"]), date(2027, 1, 11))["triage"]

    assert triage["priority"] == "high"
    assert triage["priority_choices"] == []


def test_racial_harassment_is_high_level_and_routed_to_specialist_agencies():
    triage = run(scenario("2027-01-11T09:00:00", ["racial harassment"]), date(2027, 1, 11))["triage"]

    assert triage["priority"] == "high"
    assert [r["route"] for r in triage["routes"]] == ["hate"]
    assert "specialist agencies" in triage["routes"][0]["process"]


def test_a_hate_related_report_is_always_high_whatever_its_type():
    triage = run(
        scenario("2027-01-11T09:00:00", ["neighbour dispute"], hate_related=True),
        date(2027, 1, 11),
    )["triage"]

    assert triage["priority"] == "high"
    assert [r["route"] for r in triage["routes"]] == ["hate"]


def test_domestic_violence_is_high_level_and_routed_to_specialist_agencies():
    triage = run(scenario("2027-01-11T09:00:00", ["Domestic abuse"]), date(2027, 1, 11))["triage"]

    assert triage["types"] == ["domestic-violence"]
    assert triage["priority"] == "high"
    assert [r["route"] for r in triage["routes"]] == ["domestic-abuse"]
    assert "specialist agencies" in triage["routes"][0]["process"]


def test_there_is_no_not_asb_list_so_an_unknown_behaviour_is_refused_not_dismissed():
    # The procedure has no "not ASB" list: nothing is triaged away as not ASB.
    with pytest.raises(ValueError, match="unknown type"):
        run(scenario("2027-01-11T09:00:00", ["barking dog"]), date(2027, 1, 11))


# --------------------------------------------------------------------------------------------
# Obligations on a high-level case reported on Christmas Eve 2026
# --------------------------------------------------------------------------------------------

CHRISTMAS_EVE_HIGH = scenario(
    "2026-12-24T10:00:00",
    ["violence"],
    events=[
        {"kind": "complainant.contacted", "at": "2026-12-29T09:00:00"},
        {"kind": "appointment.offered", "at": "2026-12-29T09:10:00"},
        {"kind": "interview.held", "at": "2027-01-06T11:00:00"},
    ],
)


def test_high_level_deadlines_from_christmas_eve():
    result = run(CHRISTMAS_EVE_HIGH, date(2027, 1, 8))

    # §2.3 high: 1 WD. Thu 24 Dec: 25 Fri BH, 26-27 weekend, 28 Mon BH, 29 Tue(1)
    first = ob(result, "first-contact")
    assert (first["due"], first["status"]) == ("2026-12-29", "met")
    assert first["owner_role"] == "housing-officer"
    # §2.3: 5 WD. 29 Tue(1), 30 Wed(2), 31 Thu(3), 1 Jan Fri BH, 2-3 weekend, 4 Mon(4), 5 Tue(5)
    appointment = ob(result, "appointment")
    assert (appointment["due"], appointment["status"]) == ("2027-01-05", "met")
    # §2.3 personal interview, 3 to 5 WD: the 5th is Tue 5 Jan; held Wed 6 Jan
    interview = ob(result, "personal-interview")
    assert (interview["due"], interview["status"]) == ("2027-01-05", "met-late")
    # §3.2 action plan: 5 WD -> Tue 5 Jan; not produced by Fri 8 Jan
    plan = ob(result, "action-plan")
    assert (plan["due"], plan["status"]) == ("2027-01-05", "overdue")
    # §3.3 review: 10 WD. 29(1), 30(2), 31(3), 4(4), 5(5), 6(6), 7(7), 8(8), 11 Mon(9), 12 Tue(10)
    review = ob(result, "review")
    assert (review["due"], review["status"]) == ("2027-01-12", "open")
    # §3.4 Housing Manager, monthly: 24 Dec + 1 month = Sun 24 Jan 2027 (months do not skip weekends)
    manager = ob(result, "manager-review")
    assert (manager["due"], manager["status"]) == ("2027-01-24", "open")
    assert manager["owner_role"] == "housing-manager"
    # §1.2 (iii): no fixed timescale for high-level cases
    target = ob(result, "resolution-target")
    assert (target["due"], target["status"]) == (None, "not-applicable")


def test_review_is_due_today_on_its_tenth_working_day():
    assert ob(run(CHRISTMAS_EVE_HIGH, date(2027, 1, 12)), "review")["status"] == "due-today"
    assert ob(run(CHRISTMAS_EVE_HIGH, date(2027, 1, 13)), "review")["status"] == "overdue"


def test_reviews_repeat_every_ten_working_days_from_the_last_one():
    data = dict(CHRISTMAS_EVE_HIGH)
    data["events"] = [
        *CHRISTMAS_EVE_HIGH["events"],
        {"kind": "review.held", "at": "2027-01-08T11:00:00"},
    ]
    result = run(data, date(2027, 1, 22))

    assert ob(result, "review", 1)["status"] == "met"
    # Fri 8 Jan + 10 WD: 11(1), 12(2), 13(3), 14(4), 15(5), 18(6), 19(7), 20(8), 21(9), 22 Fri(10)
    second = ob(result, "review", 2)
    assert (second["due"], second["status"]) == ("2027-01-22", "due-today")


def test_first_contact_missed_then_made_late():
    data = scenario(
        "2026-12-24T10:00:00",
        ["violence"],
        events=[{"kind": "complainant.contacted", "at": "2026-12-30T10:00:00"}],
    )
    # Due Tue 29 Dec (see above).
    assert ob(run(data, date(2026, 12, 29)), "first-contact")["status"] == "due-today"
    late = ob(run(data, date(2026, 12, 30)), "first-contact")
    assert (late["status"], late["met_at"][:10]) == ("met-late", "2026-12-30")
    without = scenario("2026-12-24T10:00:00", ["violence"])
    assert ob(run(without, date(2026, 12, 30)), "first-contact")["status"] == "overdue"


def test_medium_level_deadlines_from_christmas_eve():
    data = scenario(
        "2026-12-24T10:00:00",
        ["excessive noise"],
        events=[{"kind": "complainant.contacted", "at": "2026-12-31T09:00:00"}],
    )
    result = run(data, date(2027, 1, 4))

    # §2.3 medium: 2 WD. Thu 24 Dec: 25 BH, 28 BH, 29 Tue(1), 30 Wed(2); contacted Thu 31
    first = ob(result, "first-contact")
    assert (first["due"], first["status"]) == ("2026-12-30", "met-late")
    # §1.2 (ii): 4 months from 24 Dec 2026 = 24 Apr 2027
    assert ob(result, "resolution-target")["due"] == "2027-04-24"
    # The personal interview is for high-level cases only.
    assert ob(result, "personal-interview")["status"] == "not-applicable"


def test_low_level_deadlines_from_new_years_eve_with_month_end_clamping():
    result = run(scenario("2026-12-31T16:00:00", ["loud television"]), date(2027, 1, 4))

    # §2.3 low: 2 WD. Thu 31 Dec: 1 Jan Fri BH, 2-3 weekend, 4 Mon(1), 5 Tue(2)
    assert ob(result, "first-contact")["due"] == "2027-01-05"
    # §1.2 (i): 2 months from 31 Dec 2026 = 28 Feb 2027 (February clamps)
    target = ob(result, "resolution-target")
    assert (target["due"], target["status"]) == ("2027-02-28", "open")
    # §3.4: 31 Dec + 1 month = Sun 31 Jan 2027
    assert ob(result, "manager-review")["due"] == "2027-01-31"


def test_monthly_manager_review_restarts_from_the_review_and_clamps():
    data = scenario(
        "2026-12-31T16:00:00",
        ["loud television"],
        events=[{"kind": "manager-review.held", "at": "2027-01-29T10:00:00"}],
    )
    result = run(data, date(2027, 2, 1))

    assert ob(result, "manager-review", 1)["status"] == "met"
    # 29 Jan 2027 + 1 month: there is no 29 Feb 2027 -> Sun 28 Feb
    assert ob(result, "manager-review", 2)["due"] == "2027-02-28"


def test_the_thursday_before_easter():
    result = run(scenario("2027-03-25T10:00:00", ["threatening behaviour"]), date(2027, 3, 25))

    # §2.3 medium: 2 WD. Thu 25 Mar 2027: 26 Fri BH (Good Friday), 27-28 weekend,
    # 29 Mon BH (Easter Monday), 30 Tue(1), 31 Wed(2)
    assert ob(result, "first-contact")["due"] == "2027-03-31"
    # §3.2: 5 WD. 30(1), 31(2), 1 Apr(3), 2 Apr(4), 5 Apr Mon(5)
    assert ob(result, "action-plan")["due"] == "2027-04-05"
    # §2.3: appointment offered within 5 WD -> Mon 5 Apr
    assert ob(result, "appointment")["due"] == "2027-04-05"
    # §1.2 (ii): 25 Mar + 4 months = 25 Jul 2027
    assert ob(result, "resolution-target")["due"] == "2027-07-25"


def test_personal_interview_across_the_spring_bank_holiday():
    result = run(scenario("2027-05-27T10:00:00", ["drugs"]), date(2027, 5, 27))

    # §2.3: 3 to 5 WD, deadline the 5th. Thu 27 May 2027: 28 Fri(1), 29-30 weekend,
    # 31 Mon BH (Spring bank holiday), 1 Jun Tue(2), 2 Wed(3), 3 Thu(4), 4 Fri(5)
    interview = ob(result, "personal-interview")
    assert (interview["due"], interview["status"]) == ("2027-06-04", "open")
    # §2.3 high: 1 WD -> Fri 28 May
    assert ob(result, "first-contact")["due"] == "2027-05-28"


def test_a_report_late_at_night_counts_from_its_london_date():
    # 23:30 UTC on Thu 1 Apr 2027 is 00:30 BST on Fri 2 Apr in London.
    result = run(scenario("2027-04-01T23:30:00+00:00", ["harassment"]), date(2027, 4, 2))

    # §2.3 high: 1 WD after Fri 2 Apr: 3-4 weekend, 5 Mon(1)
    assert ob(result, "first-contact")["due"] == "2027-04-05"
    # §2.3: 5 WD after Fri 2 Apr: 5(1), 6(2), 7(3), 8(4), 9 Fri(5)
    assert ob(result, "appointment")["due"] == "2027-04-09"


# --------------------------------------------------------------------------------------------
# Diary sheets, perpetrator letters and the case log: one occurrence per start
# --------------------------------------------------------------------------------------------


def test_diary_sheets_each_have_ten_working_days_to_come_back():
    data = scenario(
        "2027-03-22T09:00:00",
        ["drugs"],
        events=[
            {"kind": "diary.sent", "at": "2027-03-24T12:00:00"},
            {"kind": "diary.returned", "at": "2027-04-12T10:00:00"},
            {"kind": "diary.sent", "at": "2027-04-12T12:00:00"},
        ],
    )
    result = run(data, date(2027, 4, 27))

    # §2.4: 10 WD. Wed 24 Mar 2027: 25 Thu(1), 26 Fri BH, 29 Mon BH, 30(2), 31(3), 1 Apr(4),
    # 2(5), 5(6), 6(7), 7(8), 8(9), 9 Fri(10); returned Mon 12 Apr
    first = ob(result, "diary-return", 1)
    assert (first["due"], first["status"]) == ("2027-04-09", "met-late")
    # Second set sent Mon 12 Apr: 13(1), 14(2), 15(3), 16(4), 19(5), 20(6), 21(7), 22(8),
    # 23(9), 26 Mon(10); not back by Tue 27 Apr
    second = ob(result, "diary-return", 2)
    assert (second["due"], second["status"]) == ("2027-04-26", "overdue")


def test_each_perpetrator_interview_needs_its_own_letter():
    data = scenario(
        "2027-03-22T09:00:00",
        ["drugs"],
        events=[
            {"kind": "perpetrator.interviewed", "at": "2027-03-25T14:00:00"},
            {"kind": "perpetrator.interviewed", "at": "2027-03-31T14:00:00"},
            {"kind": "perpetrator.letter-sent", "at": "2027-04-01T10:00:00"},
        ],
    )
    result = run(data, date(2027, 4, 7))

    # §3.9: 5 WD. Thu 25 Mar 2027: 26 Fri BH, 29 Mon BH, 30 Tue(1), 31(2), 1 Apr(3), 2(4), 5 Mon(5)
    first = ob(result, "perpetrator-letter", 1)
    assert (first["due"], first["status"]) == ("2027-04-05", "met")
    # Wed 31 Mar: 1 Apr(1), 2(2), 5(3), 6(4), 7 Wed(5)
    second = ob(result, "perpetrator-letter", 2)
    assert (second["due"], second["status"]) == ("2027-04-07", "due-today")


def test_the_case_log_is_updated_within_two_working_days_of_each_action():
    data = scenario(
        "2026-12-24T10:00:00",
        ["violence"],
        events=[
            {"kind": "complainant.contacted", "at": "2026-12-24T15:00:00"},
            {"kind": "case-log.updated", "at": "2026-12-30T16:00:00"},
            {"kind": "appointment.offered", "at": "2026-12-31T10:00:00"},
            {"kind": "case-log.updated", "at": "2027-01-06T09:00:00"},
            {"kind": "diary.sent", "at": "2027-01-06T12:00:00"},
        ],
    )
    result = run(data, date(2027, 1, 11))

    # §2.5: 2 WD. Contact Thu 24 Dec: 25 BH, 28 BH, 29 Tue(1), 30 Wed(2); logged Wed 30
    contact = ob(result, "case-log-update", 1)
    assert (contact["due"], contact["status"]) == ("2026-12-30", "met")
    # Appointment offered Thu 31 Dec: 1 Jan BH, 4 Mon(1), 5 Tue(2); logged Wed 6 Jan
    appointment = ob(result, "case-log-update", 2)
    assert (appointment["due"], appointment["status"]) == ("2027-01-05", "met-late")
    # Diary sheets sent Wed 6 Jan: 7 Thu(1), 8 Fri(2); not logged by Mon 11 Jan
    diary = ob(result, "case-log-update", 3)
    assert (diary["due"], diary["status"]) == ("2027-01-08", "overdue")
    assert len(occurrences(result, "case-log-update")) == 3
    # Contact on the day of the report meets §2.3 easily.
    assert ob(result, "first-contact")["status"] == "met"
    # The diary sheets themselves: 10 WD from Wed 6 Jan: 7(1), 8(2), 11(3), 12(4), 13(5),
    # 14(6), 15(7), 18(8), 19(9), 20 Wed(10)
    assert ob(result, "diary-return")["due"] == "2027-01-20"


# --------------------------------------------------------------------------------------------
# Reclassification (§3.1, §3.6): priority changes
# --------------------------------------------------------------------------------------------


def test_raising_a_low_case_to_high_is_never_due_before_the_change():
    received = "2027-01-11T09:00:00"  # Monday
    events = [{"kind": "priority.changed", "at": "2027-01-12T10:00:00", "priority": "high"}]
    before = run(scenario(received, ["noise"], priority="low", events=events), date(2027, 1, 11))
    after = run(scenario(received, ["noise"], priority="low", events=events), date(2027, 1, 12))

    # Low: 2 WD from Mon 11 Jan -> Wed 13 Jan; 2 months -> 11 Mar 2027
    assert ob(before, "first-contact")["due"] == "2027-01-13"
    assert ob(before, "resolution-target")["due"] == "2027-03-11"
    assert ob(before, "personal-interview")["status"] == "not-applicable"
    # High from Tue 12 Jan: 1 WD from Mon 11 Jan -> Tue 12 Jan (not before the change: 12 Jan)
    first = ob(after, "first-contact")
    assert (first["due"], first["status"]) == ("2027-01-12", "due-today")
    # The personal interview now applies: 5 WD from Mon 11 Jan: 12, 13, 14, 15, 18 Mon(5)
    interview = ob(after, "personal-interview")
    assert (interview["due"], interview["status"]) == ("2027-01-18", "open")
    # High-level cases have no resolution target.
    assert ob(after, "resolution-target")["status"] == "not-applicable"
    assert after["triage"]["priority"] == "high"


def test_lowering_a_high_case_gives_the_longer_period_from_the_original_start():
    events = [{"kind": "priority.changed", "at": "2027-01-11T12:00:00", "priority": "low"}]
    result = run(scenario("2027-01-11T09:00:00", ["violence"], events=events), date(2027, 1, 12))

    # Low: 2 WD from Mon 11 Jan: 12 Tue(1), 13 Wed(2)
    first = ob(result, "first-contact")
    assert (first["due"], first["status"]) == ("2027-01-13", "open")
    assert ob(result, "personal-interview")["status"] == "not-applicable"
    # 11 Jan + 2 months = 11 Mar 2027
    assert ob(result, "resolution-target")["due"] == "2027-03-11"


# --------------------------------------------------------------------------------------------
# Path and closure (§5.1, §8)
# --------------------------------------------------------------------------------------------


def test_a_new_case_moves_to_investigation_on_initial_contact():
    data = scenario(
        "2027-01-11T09:00:00",
        ["harassment"],
        events=[{"kind": "complainant.contacted", "at": "2027-01-11T11:00:00"}],
    )
    assert run(scenario("2027-01-11T09:00:00", ["harassment"]), date(2027, 1, 11))["stage"] == "reported"
    assert run(data, date(2027, 1, 11))["stage"] == "investigation"


def test_action_must_be_agreed_with_the_housing_manager_first():
    contacted = [{"kind": "complainant.contacted", "at": "2027-01-11T11:00:00"}]
    blocked = run(scenario("2027-01-11T09:00:00", ["harassment"], events=contacted), date(2027, 1, 12))

    take_action = step(blocked, "take-action")
    assert take_action["allowed"] is False
    assert "agreed with the Housing Manager" in take_action["reason"]
    assert step(blocked, "agree-closure")["allowed"] is True

    approved = [
        *contacted,
        {"kind": "intervention.approved", "at": "2027-01-12T10:00:00"},
    ]
    allowed = run(scenario("2027-01-11T09:00:00", ["harassment"], events=approved), date(2027, 1, 12))
    assert step(allowed, "take-action")["allowed"] is True

    started = [*approved, {"kind": "intervention.started", "at": "2027-01-13T10:00:00"}]
    acting = run(scenario("2027-01-11T09:00:00", ["harassment"], events=started), date(2027, 1, 13))
    assert acting["stage"] == "action"


CLOSURE = scenario(
    "2026-11-30T09:00:00",  # Monday
    ["neighbour dispute"],
    events=[
        {"kind": "complainant.contacted", "at": "2026-12-01T10:00:00"},
        {"kind": "manager-review.held", "at": "2026-12-15T10:00:00"},
        {"kind": "closure.agreed", "at": "2026-12-16T10:00:00"},
        {"kind": "closure.discussed", "at": "2026-12-18T11:00:00"},
        {"kind": "closure.accepted", "at": "2026-12-18T11:00:00"},
        {"kind": "closure.letter-sent", "at": "2026-12-29T15:00:00"},
        {"kind": "closure.perpetrator-letter-sent", "at": "2026-12-30T10:00:00"},
        {"kind": "case.closed", "at": "2027-01-11T10:00:00"},
        {"kind": "survey.sent", "at": "2027-01-12T10:00:00"},
    ],
)


def test_closure_cannot_complete_until_the_outcome_is_confirmed_in_writing():
    result = run(CLOSURE, date(2026, 12, 28))

    assert result["stage"] == "closing"
    close = step(result, "close")
    assert close["allowed"] is False
    assert "in writing" in close["reason"]
    # §8.2: 5 WD from the discussion on Fri 18 Dec: 21 Mon(1), 22(2), 23(3), 24 Thu(4),
    # 25 BH, 28 BH, 29 Tue(5)
    assert ob(result, "closure-letter")["due"] == "2026-12-29"
    assert ob(result, "closure-letter")["status"] == "open"


def test_closure_letters_and_what_happens_to_open_duties_at_closure():
    result = run(CLOSURE, date(2027, 1, 12))

    assert result["stage"] == "closed"
    assert result["next_steps"] == []  # no reopening in this procedure
    # §8.2: due Tue 29 Dec, sent Tue 29 Dec
    letter = ob(result, "closure-letter")
    assert (letter["due"], letter["status"]) == ("2026-12-29", "met")
    # §8.3: 5 WD from the discussion with the complainant (Fri 18 Dec) -> Tue 29 Dec; sent Wed 30
    perpetrator = ob(result, "closure-perpetrator-letter")
    assert (perpetrator["due"], perpetrator["status"]) == ("2026-12-29", "met-late")
    # §1.2 (i): 2 months from Mon 30 Nov 2026 = 30 Jan 2027; closed 11 Jan
    target = ob(result, "resolution-target")
    assert (target["due"], target["status"]) == ("2027-01-30", "met")
    # §3.3: never reviewed. 10 WD from Mon 30 Nov: 1(1), 2(2), 3(3), 4(4), 7(5), 8(6), 9(7),
    # 10(8), 11(9), 14 Mon(10) -> missed before closure, so it stays overdue
    review = ob(result, "review")
    assert (review["due"], review["status"]) == ("2026-12-14", "overdue")
    # §3.4: due 30 Dec (30 Nov + 1 month), met 15 Dec; the next, 15 Jan, lapses at closure
    assert ob(result, "manager-review", 1)["due"] == "2026-12-30"
    assert ob(result, "manager-review", 1)["status"] == "met"
    next_review = ob(result, "manager-review", 2)
    assert (next_review["due"], next_review["status"]) == ("2027-01-15", "not-applicable")


def test_no_perpetrator_closure_letter_unless_the_complainant_accepts():
    data = scenario(
        "2026-11-30T09:00:00",
        ["neighbour dispute"],
        events=[
            {"kind": "complainant.contacted", "at": "2026-12-01T10:00:00"},
            {"kind": "closure.agreed", "at": "2026-12-16T10:00:00"},
            {"kind": "closure.discussed", "at": "2026-12-18T11:00:00"},
        ],
    )
    result = run(data, date(2026, 12, 30))

    assert occurrences(result, "closure-perpetrator-letter") == []
    assert ob(result, "closure-letter")["status"] == "overdue"  # due Tue 29 Dec


# --------------------------------------------------------------------------------------------
# ASB Case Review
# --------------------------------------------------------------------------------------------


def test_the_procedure_sets_no_case_review_threshold():
    data = scenario(
        "2027-01-04T09:00:00",
        ["harassment"],
        events=[
            {"kind": "incident.reported", "at": "2027-01-05T09:00:00"},
            {"kind": "incident.reported", "at": "2027-01-06T09:00:00"},
            {"kind": "incident.reported", "at": "2027-01-07T09:00:00"},
        ],
    )
    review = run(data, date(2027, 1, 8))["case_review"]

    assert review["eligible"] is False
    assert review["reason"]
