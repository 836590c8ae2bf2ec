"""Scenario tests for the Places for People pack (seed 004_65b14ba6f24fc822.txt).

Every expected date was worked out by hand from the source text and the England & Wales bank holidays
(2026: 1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec; 2027: 1 Jan, 26 Mar, 29 Mar,
3 May, 31 May, 30 Aug, 27 Dec, 28 Dec). "N working days after" = the N-th working day strictly
after the event's London date.

The pack's timescales: acknowledge "urgent" (high risk) reports in 1 working day and the rest in 5
(policy ¶13); RAM, initial contact and action plan within 1 working day for a Tenancy Enforcement
Manager's case, 5 for a Community Housing Manager's or Living Plus Colleague's (§5.4, §6.2, §6.3).
"""

from datetime import date

from casework.domain.packs import builtin_pack
from tests.packs.scenarios import obligation, simulate, step

PACK_ID = "places-for-people"
TEM = "tenancy-enforcement-manager"
CHM = "community-housing-manager"
LPC = "living-plus-colleague"


def run(scenario, as_of):
    return simulate(PACK_ID, scenario, as_of)


def due_and_status(result, obligation_id, occurrence=1):
    found = obligation(result, obligation_id, occurrence)
    return found["due"], found["status"]


# Every RAM question answered with its zero-scoring option (multi-select: nothing ticked).
ZERO_ANSWERS = {
    1: "Only occasionally",
    2: "No",
    3: "No",
    4: "They do not know each other",
    5: "Perpetrator or their associates have no history or reputation for harassment or intimidation",
    6: "Yes",
    7: "None",
    8: "No",
    9: "No",
    10: "Not at all",
    11: [],
    12: "No",
    13: "The complainant has a close network of people to draw on for support",
    14: [],
}


def answers(**overrides):
    chosen = dict(ZERO_ANSWERS)
    for key, value in overrides.items():
        chosen[int(key.removeprefix("q"))] = value
    return chosen


# --- the pack itself ------------------------------------------------------------------------


def test_the_pack_loads_with_its_timed_duties_and_no_case_review_threshold():
    pack = builtin_pack(PACK_ID)

    assert (pack.id, pack.pack.nation) == (PACK_ID, "england-and-wales")
    assert [o.id for o in pack.obligations] == [
        "acknowledge",
        "risk-assessment",
        "first-contact",
        "action-plan",
    ]
    # ¶33: the local relevant bodies set the ASB Case Review threshold; the source gives no number.
    assert pack.case_review is None
    # ¶30 / §8: no inactivity period is stated.
    assert pack.closure.inactivity is None
    assert [q.number for q in pack.risk_matrix.questions] == list(range(1, 15))


# --- obligations: TEM over Christmas 2026 ----------------------------------------------------


def test_tem_case_on_christmas_eve_is_due_the_tuesday_after_boxing_day():
    # Violence is a TEM category (Definitions), so high risk and 1 working day for everything.
    # Thu 24 Dec + 1 WD: 25 Fri BH, 26 Sat, 27 Sun, 28 Mon BH (Boxing Day substitute), 29 Tue(1).
    scenario = {
        "received": "2026-12-24T10:00:00",
        "report": {"types": ["Violence or Threats of Violence"], "hate_related": False, "channel": "phone"},
        "events": [
            {"kind": "acknowledged", "at": "2026-12-29T09:00:00"},
            {"kind": "risk.assessed", "at": "2026-12-29T11:00:00"},
            {"kind": "complainant.contacted", "at": "2026-12-30T10:00:00"},
        ],
    }
    result = run(scenario, as_of=date(2027, 1, 4))

    assert result["pack"]["id"] == PACK_ID
    assert result["triage"]["is_asb"] is True
    assert result["triage"]["types"] == ["violence"]
    assert result["triage"]["priority"] == "high"
    assert result["triage"]["owner_role"] == TEM
    assert due_and_status(result, "acknowledge") == ("2026-12-29", "met")
    assert due_and_status(result, "risk-assessment") == ("2026-12-29", "met")
    # Contacted Wed 30 Dec, a day after the 1-working-day KPI.
    assert due_and_status(result, "first-contact") == ("2026-12-29", "met-late")
    assert obligation(result, "first-contact")["met_at"].startswith("2026-12-30T10:00")
    # No action plan sent by Mon 4 Jan 2027.
    assert due_and_status(result, "action-plan") == ("2026-12-29", "overdue")
    assert obligation(result, "action-plan")["met_at"] is None


def test_tem_case_before_the_due_date_is_open():
    # Same case seen on Christmas Day: every duty is due Tue 29 Dec and still open.
    scenario = {
        "received": "2026-12-24T10:00:00",
        "report": {"types": ["harassment"], "hate_related": False, "channel": "online"},
        "events": [],
    }
    result = run(scenario, as_of=date(2026, 12, 25))

    for obligation_id in ("acknowledge", "risk-assessment", "first-contact", "action-plan"):
        assert due_and_status(result, obligation_id) == ("2026-12-29", "open")


# --- obligations: CHM over Christmas and New Year ---------------------------------------------


def _chm_christmas_eve(events):
    return {
        "received": "2026-12-24T10:00:00",
        "report": {"types": ["Noise Nuisance"], "hate_related": False, "channel": "phone"},
        "priority": "low",
        "events": events,
    }


def test_chm_case_on_christmas_eve_is_due_five_working_days_later():
    # Noise Nuisance is a CHM category; the officer chose low risk ("non-urgent", ¶13).
    # Thu 24 Dec + 5 WD: 25 Fri BH, 28 Mon BH, 29 Tue(1), 30 Wed(2), 31 Thu(3), 1 Jan Fri BH,
    # 4 Mon(4), 5 Tue(5) -> Tue 5 Jan 2027.
    scenario = _chm_christmas_eve(
        [
            # Contacting the complainant meets first contact and acknowledges the report.
            {"kind": "complainant.contacted", "at": "2027-01-04T14:00:00"},
            {"kind": "risk.assessed", "at": "2027-01-05T16:30:00"},
        ]
    )
    result = run(scenario, as_of=date(2027, 1, 5))

    assert result["triage"]["priority"] == "low"
    assert result["triage"]["owner_role"] == CHM
    assert due_and_status(result, "acknowledge") == ("2027-01-05", "met")
    assert due_and_status(result, "first-contact") == ("2027-01-05", "met")
    assert due_and_status(result, "risk-assessment") == ("2027-01-05", "met")  # on the due date
    assert due_and_status(result, "action-plan") == ("2027-01-05", "due-today")


def test_chm_action_plan_not_sent_by_the_fifth_working_day_is_overdue():
    scenario = _chm_christmas_eve([{"kind": "complainant.contacted", "at": "2027-01-04T14:00:00"}])
    result = run(scenario, as_of=date(2027, 1, 6))

    assert due_and_status(result, "action-plan") == ("2027-01-05", "overdue")
    assert due_and_status(result, "risk-assessment") == ("2027-01-05", "overdue")
    assert due_and_status(result, "first-contact") == ("2027-01-05", "met")


# --- obligations: the Thursday before Easter -------------------------------------------------


def test_tem_and_chm_cases_received_on_maundy_thursday_2026():
    # Thu 2 Apr 2026. TEM + 1 WD: 3 Fri BH (Good Friday), 4 Sat, 5 Sun, 6 Mon BH (Easter Monday),
    # 7 Tue(1).
    tem = run(
        {
            "received": "2026-04-02T16:00:00",
            "report": {"types": ["Drug dealing"], "hate_related": False, "channel": "phone"},
            "events": [],
        },
        as_of=date(2026, 4, 2),
    )
    assert tem["triage"]["types"] == ["drug-dealing"]
    assert (tem["triage"]["priority"], tem["triage"]["owner_role"]) == ("high", TEM)
    for obligation_id in ("acknowledge", "risk-assessment", "first-contact", "action-plan"):
        assert due_and_status(tem, obligation_id) == ("2026-04-07", "open")

    # CHM, medium risk ("non-urgent"): + 5 WD: 7 Tue(1), 8 Wed(2), 9 Thu(3), 10 Fri(4), 13 Mon(5).
    chm = run(
        {
            "received": "2026-04-02T16:00:00",
            "report": {"types": ["Barking dogs"], "hate_related": False, "channel": "email"},
            "priority": "medium",
            "events": [],
        },
        as_of=date(2026, 4, 2),
    )
    assert chm["triage"]["types"] == ["pets-animal-nuisance"]
    assert (chm["triage"]["priority"], chm["triage"]["owner_role"]) == ("medium", CHM)
    for obligation_id in ("acknowledge", "risk-assessment", "first-contact", "action-plan"):
        assert due_and_status(chm, obligation_id) == ("2026-04-13", "open")


def test_a_report_late_on_a_friday_counts_from_that_friday():
    # Fri 27 Nov 2026 at 23:30 London: TEM + 1 WD: 28 Sat, 29 Sun, 30 Mon(1).
    result = run(
        {
            "received": "2026-11-27T23:30:00",
            "report": {"types": ["Arson"], "hate_related": False, "channel": "online"},
            "events": [],
        },
        as_of=date(2026, 11, 30),
    )
    assert due_and_status(result, "risk-assessment") == ("2026-11-30", "due-today")


# --- obligations: who manages the case --------------------------------------------------------


def test_a_living_plus_case_has_the_chm_kpis_over_the_spring_bank_holiday():
    # Tue 25 May 2027, a CHM category moved to the Living Plus Colleague next day (§6.1).
    # + 5 WD: 26 Wed(1), 27 Thu(2), 28 Fri(3), 31 Mon BH (Spring), 1 Jun Tue(4), 2 Jun Wed(5).
    result = run(
        {
            "received": "2027-05-25T11:00:00",
            "report": {"types": ["Dumping rubbish"], "hate_related": False, "channel": "phone"},
            "priority": "medium",
            "events": [{"kind": "owner.changed", "at": "2027-05-26T09:00:00", "role": LPC}],
        },
        as_of=date(2027, 5, 26),
    )
    assert result["triage"]["types"] == ["neighbourhood-nuisances"]
    for obligation_id in ("risk-assessment", "first-contact", "action-plan"):
        found = obligation(result, obligation_id)
        assert (found["due"], found["status"]) == ("2027-06-02", "open")
        assert found["owner_role"] == LPC
    # Acknowledging goes by priority (¶13): medium is non-urgent, also 5 WD.
    assert due_and_status(result, "acknowledge") == ("2027-06-02", "open")


def test_moving_a_chm_case_to_the_tem_makes_open_kpis_due_no_earlier_than_the_move():
    # Mon 7 Dec 2026, noise, low risk, CHM: + 5 WD: 8 Tue(1), 9 Wed(2), 10 Thu(3), 11 Fri(4),
    # 14 Mon(5). The RAM is done on Wed 9 Dec at 10:00 (met under the CHM's 5 days); at 11:00
    # the priority is raised to high and at 12:00 the case is allocated to the TEM.
    # Open duties: the TEM's 1 WD from Mon 7 Dec is Tue 8 Dec, but a change never makes a duty
    # due before the change itself -> Wed 9 Dec. Acknowledge: high = 1 WD -> also Wed 9 Dec.
    scenario = {
        "received": "2026-12-07T09:00:00",
        "report": {"types": ["noise"], "hate_related": False, "channel": "phone"},
        "priority": "low",
        "events": [
            {"kind": "risk.assessed", "at": "2026-12-09T10:00:00"},
            {"kind": "priority.changed", "at": "2026-12-09T11:00:00", "priority": "high"},
            {"kind": "owner.changed", "at": "2026-12-09T12:00:00", "role": TEM},
        ],
    }
    today = run(scenario, as_of=date(2026, 12, 9))
    assert due_and_status(today, "risk-assessment") == ("2026-12-14", "met")
    assert due_and_status(today, "acknowledge") == ("2026-12-09", "due-today")
    assert due_and_status(today, "first-contact") == ("2026-12-09", "due-today")
    assert due_and_status(today, "action-plan") == ("2026-12-09", "due-today")

    next_day = run(scenario, as_of=date(2026, 12, 10))
    assert due_and_status(next_day, "first-contact") == ("2026-12-09", "overdue")
    assert due_and_status(next_day, "action-plan") == ("2026-12-09", "overdue")


def test_lowering_the_priority_gives_the_non_urgent_acknowledgement_from_the_original_start():
    # Safeguarding report (§5.1) on Thu 25 Mar 2027, officer chooses high risk: acknowledge in
    # 1 WD: 26 Fri BH (Good Friday), 29 Mon BH (Easter Monday), 30 Tue(1).
    # Lowered to low risk on Fri 26 Mar: 5 WD from Thu 25 Mar: 30 Tue(1), 31 Wed(2), 1 Apr Thu(3),
    # 2 Fri(4), 5 Mon(5).
    received = "2027-03-25T10:00:00"
    report = {"types": ["Safeguarding concern"], "hate_related": False, "channel": "phone"}
    high = run({"received": received, "report": report, "priority": "high", "events": []}, date(2027, 3, 25))
    assert due_and_status(high, "acknowledge") == ("2027-03-30", "open")

    lowered = run(
        {
            "received": received,
            "report": report,
            "priority": "high",
            "events": [{"kind": "priority.changed", "at": "2027-03-26T10:00:00", "priority": "low"}],
        },
        date(2027, 3, 31),
    )
    assert due_and_status(lowered, "acknowledge") == ("2027-04-05", "open")


# --- closure -----------------------------------------------------------------------------------


def test_closing_lapses_duties_not_yet_due_and_keeps_missed_ones():
    # CHM, Mon 7 Dec 2026: first contact and acknowledgement due Mon 14 Dec (5 WD). The case is
    # closed on Wed 9 Dec at the complainant's request (¶30): both lapse.
    chm = run(
        {
            "received": "2026-12-07T09:00:00",
            "report": {"types": ["Neighbour disputes"], "hate_related": False, "channel": "phone"},
            "priority": "low",
            "events": [
                {"kind": "risk.assessed", "at": "2026-12-08T10:00:00"},
                {"kind": "action-plan.sent", "at": "2026-12-08T15:00:00"},
                {"kind": "case.closed", "at": "2026-12-09T10:00:00"},
            ],
        },
        as_of=date(2026, 12, 21),
    )
    assert chm["stage"] == "closed"
    assert due_and_status(chm, "first-contact") == ("2026-12-14", "not-applicable")
    assert due_and_status(chm, "acknowledge") == ("2026-12-14", "not-applicable")
    assert due_and_status(chm, "action-plan") == ("2026-12-14", "met")

    # TEM, Mon 7 Dec 2026: first contact due Tue 8 Dec (1 WD), missed, then closed Thu 10 Dec:
    # it stays overdue.
    tem = run(
        {
            "received": "2026-12-07T09:00:00",
            "report": {"types": ["Burglary"], "hate_related": False, "channel": "phone"},
            "events": [
                {"kind": "acknowledged", "at": "2026-12-07T10:00:00"},
                {"kind": "risk.assessed", "at": "2026-12-07T11:00:00"},
                {"kind": "action-plan.sent", "at": "2026-12-07T12:00:00"},
                {"kind": "case.closed", "at": "2026-12-10T10:00:00"},
            ],
        },
        as_of=date(2026, 12, 21),
    )
    assert tem["stage"] == "closed"
    assert due_and_status(tem, "first-contact") == ("2026-12-08", "overdue")
    assert due_and_status(tem, "action-plan") == ("2026-12-08", "met")


# --- triage ------------------------------------------------------------------------------------


def _triage(types, priority=None, hate_related=False):
    scenario = {
        "received": "2026-06-01T10:00:00",
        "report": {"types": types, "hate_related": hate_related, "channel": "phone"},
        "events": [],
    }
    if priority is not None:
        scenario["priority"] = priority
    return run(scenario, as_of=date(2026, 6, 1))["triage"]


def test_not_asb_gives_the_reason_and_advice_in_the_policys_words():
    triage = _triage(["Cooking odours"])

    assert triage["is_asb"] is False
    assert "cooking odours" in triage["reason"].lower()
    assert "(policy ¶32)" in triage["reason"]
    assert "resolve this with your neighbours where it is safe and appropriate" in triage["advice"]
    assert "This does not mean we will not get involved" in triage["advice"]


def test_low_level_neighbour_disputes_are_not_asb_but_neighbour_disputes_are():
    assert _triage(["Low-level neighbour disputes"])["is_asb"] is False
    dispute = _triage(["Neighbour disputes"], priority="medium")
    assert dispute["is_asb"] is True
    assert (dispute["priority"], dispute["owner_role"]) == ("medium", CHM)


def test_parking_issues_are_not_asb_but_a_parking_dispute_is_vehicle_nuisance():
    assert _triage(["Parking issues"])["is_asb"] is False
    dispute = _triage(["parking dispute"], priority="low")
    assert dispute["is_asb"] is True
    assert dispute["types"] == ["vehicle-nuisance"]


def test_one_asb_type_among_not_asb_ones_makes_the_report_asb():
    triage = _triage(["Footsteps", "Harassment"])

    assert triage["is_asb"] is True
    assert triage["types"] == ["harassment"]
    assert (triage["priority"], triage["owner_role"]) == ("high", TEM)


def test_chm_categories_leave_low_or_medium_to_the_officer():
    triage = _triage(["Vandalism and graffiti"])

    assert triage["priority"] is None
    assert triage["priority_choices"] == ["medium", "low"]


def test_a_tem_category_among_chm_ones_makes_the_case_high_risk_and_the_tems():
    triage = _triage(["noise", "selling drugs"])

    assert set(triage["types"]) == {"noise-nuisance", "drug-dealing"}
    assert (triage["priority"], triage["owner_role"]) == ("high", TEM)


def test_hate_crime_is_high_risk_for_the_tem_and_routed_to_the_hate_crime_policy():
    triage = _triage(["Hate incident"])

    assert triage["types"] == ["hate-crime"]
    assert (triage["priority"], triage["owner_role"]) == ("high", TEM)
    assert {"route": "hate", "process": "Hate Crime Policy"} in triage["routes"]


def test_a_hate_related_report_of_any_type_is_the_most_urgent_priority():
    triage = _triage(["Noise Nuisance"], hate_related=True)

    assert triage["priority"] == "high"
    assert [r["route"] for r in triage["routes"]] == ["hate"]


def test_domestic_abuse_goes_to_the_tem_and_the_domestic_abuse_policy():
    triage = _triage(["Domestic violence"])

    assert (triage["priority"], triage["owner_role"]) == ("high", TEM)
    assert triage["routes"] == [
        {
            "route": "domestic-abuse",
            "process": "Domestic Abuse Policy; immediately refer the matter to the Tenancy Enforcement Mailbox",
        }
    ]


def test_safeguarding_is_routed_and_owned_by_whoever_owns_the_chosen_priority():
    high = _triage(["Safeguarding"], priority="high")
    low = _triage(["Safeguarding"], priority="low")

    assert high["routes"] == [{"route": "safeguarding", "process": "Safeguarding Policy"}]
    assert high["owner_role"] == TEM  # TEM: "initial reports of high risk ASB"
    assert low["owner_role"] == CHM  # CHM: "initial reports of low and medium risk ASB"


# --- risk assessment matrix ----------------------------------------------------------------------


def _risk(risk_answers, types=("noise",), priority="low"):
    return run(
        {
            "received": "2026-06-01T10:00:00",
            "report": {"types": list(types), "hate_related": False, "channel": "phone"},
            "priority": priority,
            "risk": {"answers": risk_answers},
            "events": [],
        },
        as_of=date(2026, 6, 1),
    )


def test_every_question_at_its_highest_scores_47_high():
    # History: Q1 5, Q2 2, Q3 2, Q4 2, Q5 6, Q6 "No" 1 (18); Vulnerability: Q7 4, Q8 3, Q9 3,
    # Q10 5 (33); Support: Q11 3 + 3, Q12 "Yes" 1, Q13 3, Q14 1 + 3 (47). 47 >= 24: HIGH.
    result = _risk(
        {
            1: "Daily",
            2: "Yes",
            3: "Yes",
            4: "They know each other well",
            5: "Perpetrator or their associates are currently harassing the complainant",
            6: "No",
            7: "You",
            8: "Yes",
            9: "Yes",
            10: "Extremely affected",
            11: ["Physical health", "Mental health"],
            12: "Yes",
            13: "Complainant lives alone and is isolated",
            14: ["Your family", "Local community"],
        }
    )
    assert result["risk"]["score"] == 47
    assert result["risk"]["band"] == "high"


def test_all_zero_answers_score_0_low():
    result = _risk(answers())
    assert (result["risk"]["score"], result["risk"]["band"]) == (0, "low")


def test_band_edges_15_16_23_24():
    # 15: Q5 currently harassing 6 + Q10 extremely 5 + Q7 "You" 4.
    fifteen = _risk(
        answers(
            q5="Perpetrator or their associates are currently harassing the complainant",
            q10="Extremely affected",
            q7="You",
        )
    )
    assert (fifteen["risk"]["score"], fifteen["risk"]["band"]) == (15, "low")

    # 16: Q5 6 + Q10 5 + Q1 daily 5.
    sixteen = _risk(
        answers(
            q5="Perpetrator or their associates are currently harassing the complainant",
            q10="Extremely affected",
            q1="Daily",
        )
    )
    assert (sixteen["risk"]["score"], sixteen["risk"]["band"]) == (16, "medium")

    # 23: 16 + Q11 both (3 + 3) + Q6 "No" 1.
    twenty_three = _risk(
        answers(
            q5="Perpetrator or their associates are currently harassing the complainant",
            q10="Extremely affected",
            q1="Daily",
            q11=["Physical health", "Mental health"],
            q6="No",
        )
    )
    assert (twenty_three["risk"]["score"], twenty_three["risk"]["band"]) == (23, "medium")

    # 24: 23 + Q12 "Yes" 1.
    twenty_four = _risk(
        answers(
            q5="Perpetrator or their associates are currently harassing the complainant",
            q10="Extremely affected",
            q1="Daily",
            q11=["Physical health", "Mental health"],
            q6="No",
            q12="Yes",
        )
    )
    assert (twenty_four["risk"]["score"], twenty_four["risk"]["band"]) == (24, "high")


def test_question_14_other_is_recorded_but_has_no_score():
    # Q14: "Your family" 1 + "Other" (no score printed: 0) = 1; Q13 "a few people" 1. Total 2.
    result = _risk(answers(q14=["Your family", "Other"], q13="The complainant has a few people to draw on for support"))
    assert result["risk"]["score"] == 2


def test_the_matrix_informs_but_does_not_set_the_priority():
    # ¶15 "use it to prioritise cases", but the scorecard is "a guide, and in combination with your
    # own judgement": a HIGH score on a low-risk noise case is shown, the priority stays the officer's.
    result = _risk(
        answers(
            q5="Perpetrator or their associates are currently harassing the complainant",
            q10="Extremely affected",
            q1="Daily",
            q11=["Physical health", "Mental health"],
            q6="No",
            q12="Yes",
        ),
        priority="low",
    )
    assert result["risk"]["band"] == "high"
    assert result["triage"]["priority"] == "low"
    assert result["triage"]["owner_role"] == CHM


# --- case path ---------------------------------------------------------------------------------


def _path(events, types=("Harassment",)):
    return run(
        {
            "received": "2026-06-01T09:00:00",
            "report": {"types": list(types), "hate_related": False, "channel": "phone"},
            "events": events,
        },
        as_of=date(2026, 6, 30),
    )


def test_a_new_case_needs_the_ram_before_the_action_plan_and_an_action_plan_before_closing():
    result = _path([])

    assert result["stage"] == "report-received"
    assert step(result, "complete-ram")["allowed"] is True
    plan = step(result, "send-action-plan")
    assert plan["allowed"] is False
    assert "RAM" in plan["reason"]
    close = step(result, "close-case")
    assert close["allowed"] is False
    assert "action plan" in close["reason"]


def test_legal_action_needs_a_case_conference():
    result = _path([{"kind": "risk.assessed", "at": "2026-06-01T11:00:00"}])

    assert result["stage"] == "case-management"
    legal = step(result, "start-legal-action")
    assert legal["allowed"] is False
    assert "case conference" in legal["reason"]
    assert step(result, "send-action-plan")["allowed"] is True


def test_the_path_through_legal_action_to_closure():
    events = [
        {"kind": "risk.assessed", "at": "2026-06-01T11:00:00"},
        {"kind": "complainant.contacted", "at": "2026-06-01T11:00:00"},
        {"kind": "action-plan.sent", "at": "2026-06-01T15:00:00"},
        {"kind": "case-conference.held", "at": "2026-06-10T10:00:00"},
        {"kind": "intervention.approved", "at": "2026-06-12T10:00:00", "intervention": "civil-injunction"},
    ]
    in_legal = _path(events)
    assert in_legal["stage"] == "legal-action"
    assert step(in_legal, "close-case")["allowed"] is True

    closed = _path([*events, {"kind": "case.closed", "at": "2026-06-29T10:00:00"}])
    assert closed["stage"] == "closed"


# --- ASB Case Review ---------------------------------------------------------------------------


def test_no_case_review_threshold_is_invented():
    # ¶33: "They set the review threshold" (the local relevant bodies). The pack has none, so even
    # six incidents in three weeks do not make the pack call the case eligible.
    incidents = [{"kind": "incident.reported", "at": f"2026-06-{day:02d}T20:00:00"} for day in (2, 5, 9, 12, 16, 19)]
    result = _path(incidents, types=("noise", "harassment"))

    assert result["case_review"]["eligible"] is not True
    assert result["case_review"]["reason"]
