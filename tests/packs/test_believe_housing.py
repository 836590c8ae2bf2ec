"""Scenario tests for the believe housing pack (shared/seeds/003_2ba9fca61697b028.txt).

Every due date below was worked out by hand from the policy and the England & Wales bank holidays
(2026: 3 Apr Good Friday, 6 Apr Easter Monday, 25 Dec, 28 Dec Boxing Day substitute; 2027: 1 Jan).
"N working days after an event" is the N-th working day strictly after the event's London date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.packs import builtin_pack
from tests.packs.scenarios import obligation, simulate, step

PACK = "believe-housing"
ONE = "one-working-day"
FIVE = "five-working-days"


def run(scenario: dict[str, Any], as_of: date) -> dict[str, Any]:
    return simulate(PACK, scenario, as_of)


def report(*types: str, hate_related: bool = False) -> dict[str, Any]:
    return {"types": list(types), "hate_related": hate_related, "channel": "phone"}


# -- the pack itself -------------------------------------------------------------------------------


def test_pack_loads_with_its_only_timescale_and_closure_rules() -> None:
    pack = builtin_pack(PACK)
    assert [p.id for p in pack.priorities] == [ONE, FIVE]
    assert pack.priority_label(ONE) == "One working day priority"
    # Only one timed duty in the policy: the first contact attempt (§9.1).
    assert [o.id for o in pack.obligations] == ["first-contact"]
    # §15.3: 28 days without contact; §15.4: "a variety of methods" read as two attempts by two methods.
    assert pack.closure.inactivity is not None
    assert pack.closure.inactivity.calendar_days == 28
    assert pack.closure.contact_attempts_required == 2
    assert pack.closure.contact_methods_required == 2
    assert pack.closure.survey is True
    assert "Housing Ombudsman" in pack.closure.complaints_route
    # §13.14 mediation preconditions.
    mediation = next(i for i in pack.interventions if i.id == "mediation")
    assert [p.id for p in mediation.preconditions] == [
        "both-parties-agree",
        "no-serious-criminality",
        "no-imbalance-of-power",
    ]
    assert pack.risk_matrix is None


# -- triage ------------------------------------------------------------------------------------------


def test_one_working_day_types_and_owner() -> None:
    result = run({"received": "2027-01-11T09:00:00", "report": report("Intimidation/harassment")}, date(2027, 1, 11))
    triage = result["triage"]
    assert triage["is_asb"] is True
    assert triage["types"] == ["intimidation-harassment"]
    assert triage["priority"] == ONE
    assert triage["priority_choices"] == []
    assert triage["owner_role"] == "investigating-officer"
    assert result["risk"] is None


def test_five_working_day_type_by_synonym() -> None:
    result = run({"received": "2027-01-11T09:00:00", "report": report("fly-tipping")}, date(2027, 1, 11))
    assert result["triage"]["types"] == ["litter-fly-tipping"]
    assert result["triage"]["priority"] == FIVE


def test_most_urgent_type_wins() -> None:
    result = run({"received": "2027-01-11T09:00:00", "report": report("Vehicle nuisance", "drugs")}, date(2027, 1, 11))
    assert result["triage"]["types"] == ["vehicle-nuisance", "drugs-alcohol"]
    assert result["triage"]["priority"] == ONE


def test_starred_types_are_the_officers_decision() -> None:
    for reported in ("Noise", "Verbal abuse", "Dangerous dogs", "Youth disorder"):
        result = run({"received": "2027-01-11T09:00:00", "report": report(reported)}, date(2027, 1, 11))
        assert result["triage"]["priority"] is None, reported
        assert result["triage"]["priority_choices"] == [ONE, FIVE], reported
        # No deadline until the officer has chosen the priority.
        first = obligation(result, "first-contact")
        assert first["due"] is None
        assert first["status"] == "not-applicable"


def test_serious_and_minor_youth_disorder_are_in_the_two_lists() -> None:
    serious = run({"received": "2027-01-11T09:00:00", "report": report("Serious youth disorder")}, date(2027, 1, 11))
    minor = run({"received": "2027-01-11T09:00:00", "report": report("Minor youth disorder")}, date(2027, 1, 11))
    assert serious["triage"]["priority"] == ONE
    assert minor["triage"]["priority"] == FIVE


def test_types_section_2_9_lists_but_section_9_1_does_not_classify_are_officers_decision() -> None:
    result = run({"received": "2027-01-11T09:00:00", "report": report("criminal damage")}, date(2027, 1, 11))
    assert result["triage"]["types"] == ["damage-to-property"]
    assert result["triage"]["priority_choices"] == [ONE, FIVE]


def test_hate_crime_is_always_one_working_day() -> None:
    # §2.14: hate crime/incidents are high-priority cases; a starred type reported as hate-related too.
    result = run(
        {"received": "2027-01-11T09:00:00", "report": report("Verbal abuse", hate_related=True)}, date(2027, 1, 11)
    )
    assert result["triage"]["priority"] == ONE
    assert result["triage"]["priority_choices"] == []
    by_type = run({"received": "2027-01-11T09:00:00", "report": report("hate incident")}, date(2027, 1, 11))
    assert by_type["triage"]["types"] == ["hate-crime"]
    assert by_type["triage"]["priority"] == ONE
    assert "domestic-abuse" not in [r["route"] for r in by_type["triage"]["routes"]]


def test_domestic_abuse_is_routed_to_the_separate_policy_and_still_contacted_in_one_working_day() -> None:
    # Thu 31 Dec 2026 + 1 WD: Fri 1 Jan BH, Mon 4 Jan (1).
    result = run({"received": "2026-12-31T15:00:00", "report": report("Domestic abuse")}, date(2027, 1, 4))
    routes = {r["route"]: r["process"] for r in result["triage"]["routes"]}
    assert "separate domestic abuse policy" in routes["domestic-abuse"]
    assert result["triage"]["priority"] == ONE
    first = obligation(result, "first-contact")
    assert first["due"] == "2027-01-04"
    assert first["status"] == "due-today"


def test_everyday_household_noise_is_not_asb() -> None:
    result = run({"received": "2027-01-11T09:00:00", "report": report("washing machine")}, date(2027, 1, 11))
    triage = result["triage"]
    assert triage["is_asb"] is False
    assert triage["types"] == ["everyday-household-noise"]
    assert "washing machine at a reasonable time of the day" in triage["reason"]
    assert "signpost" in triage["advice"]
    assert "mediation" in triage["advice"]
    assert result["obligations"] == []


# -- first contact (§9.1): one or five working days, an attempt is enough ----------------------------


def test_hate_crime_on_christmas_eve_attempt_on_the_due_day_is_met() -> None:
    # Thu 24 Dec 2026 + 1 WD: Fri 25 BH, Sat 26, Sun 27, Mon 28 BH (Boxing Day substitute), Tue 29 (1).
    result = run(
        {
            "received": "2026-12-24T10:00:00",
            "report": report("Hate crime"),
            "events": [{"kind": "complainant.contact-attempted", "at": "2026-12-29T16:00:00"}],
        },
        date(2027, 1, 29),
    )
    first = obligation(result, "first-contact")
    assert first["due"] == "2026-12-29"
    assert first["status"] == "met"
    assert first["met_at"].startswith("2026-12-29T16:00:00")
    assert first["owner_role"] == "investigating-officer"


def test_one_working_day_contact_a_day_late_is_met_late() -> None:
    # Thu 24 Dec 2026 + 1 WD = Tue 29 Dec (as above); contacted Wed 30 Dec.
    result = run(
        {
            "received": "2026-12-24T10:00:00",
            "report": report("Threats of violence"),
            "events": [{"kind": "complainant.contacted", "at": "2026-12-30T09:00:00"}],
        },
        date(2027, 1, 29),
    )
    first = obligation(result, "first-contact")
    assert first["due"] == "2026-12-29"
    assert first["status"] == "met-late"


def test_five_working_days_over_easter() -> None:
    # Thu 2 Apr 2026 + 5 WD: Fri 3 Good Friday, Sat 4, Sun 5, Mon 6 Easter Monday,
    # Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4), Mon 13 (5).
    on_time = run(
        {
            "received": "2026-04-02T14:00:00",
            "report": report("Vehicle nuisance"),
            "events": [{"kind": "complainant.contacted", "at": "2026-04-13T17:30:00"}],
        },
        date(2026, 4, 30),
    )
    first = obligation(on_time, "first-contact")
    assert first["due"] == "2026-04-13"
    assert first["status"] == "met"

    late = run(
        {
            "received": "2026-04-02T14:00:00",
            "report": report("Vehicle nuisance"),
            "events": [{"kind": "complainant.contact-attempted", "at": "2026-04-14T09:00:00"}],
        },
        date(2026, 4, 30),
    )
    assert obligation(late, "first-contact")["status"] == "met-late"


def test_officer_chooses_five_working_days_for_noise_over_christmas() -> None:
    # Thu 24 Dec 2026 + 5 WD: Fri 25 BH, Mon 28 BH, Tue 29 (1), Wed 30 (2), Thu 31 (3),
    # Fri 1 Jan BH, Mon 4 (4), Tue 5 (5).
    scenario = {"received": "2026-12-24T10:00:00", "report": report("loud music"), "priority": FIVE}
    assert obligation(run(scenario, date(2027, 1, 4)), "first-contact")["status"] == "open"
    assert obligation(run(scenario, date(2027, 1, 5)), "first-contact")["status"] == "due-today"
    overdue = obligation(run(scenario, date(2027, 1, 6)), "first-contact")
    assert overdue["due"] == "2027-01-05"
    assert overdue["status"] == "overdue"
    assert overdue["met_at"] is None


def test_the_deadline_counts_from_the_london_date() -> None:
    # 23:30 UTC on Thu 4 Jun 2026 is 00:30 BST on Fri 5 Jun in London.
    # Fri 5 Jun + 1 WD: Sat 6, Sun 7, Mon 8 (1). (Counting from the UTC date would give Fri 5 Jun.)
    result = run(
        {"received": "2026-06-04T23:30:00+00:00", "report": report("Noise"), "priority": ONE},
        date(2026, 6, 5),
    )
    first = obligation(result, "first-contact")
    assert first["due"] == "2026-06-08"
    assert first["status"] == "open"


def test_friday_late_report_is_due_monday() -> None:
    # Fri 29 Jan 2027 23:30 GMT is still Fri 29 Jan in London. + 1 WD: Sat 30, Sun 31, Mon 1 Feb (1).
    scenario = {"received": "2027-01-29T23:30:00", "report": report("Criminal behaviour")}
    assert obligation(run(scenario, date(2027, 2, 1)), "first-contact")["due"] == "2027-02-01"
    assert obligation(run(scenario, date(2027, 2, 2)), "first-contact")["status"] == "overdue"


def test_raising_to_one_working_day_is_due_no_earlier_than_the_day_of_the_change() -> None:
    # Mon 11 Jan 2027, officer chooses five working days: due Mon 18 Jan.
    # Raised to one working day on Wed 13 Jan: one WD from Mon 11 is Tue 12, but a change never makes a
    # duty due before the day of the change, so it is due Wed 13 Jan.
    scenario = {
        "received": "2027-01-11T09:00:00",
        "report": report("Dangerous dogs"),
        "priority": FIVE,
        "events": [{"kind": "priority.changed", "at": "2027-01-13T11:00:00", "priority": ONE}],
    }
    before = obligation(run(scenario, date(2027, 1, 12)), "first-contact")
    assert before["due"] == "2027-01-18"
    after = obligation(run(scenario, date(2027, 1, 13)), "first-contact")
    assert after["due"] == "2027-01-13"
    assert after["status"] == "due-today"
    met = {
        **scenario,
        "events": [*scenario["events"], {"kind": "complainant.contact-attempted", "at": "2027-01-13T15:00:00"}],
    }
    assert obligation(run(met, date(2027, 1, 29)), "first-contact")["status"] == "met"


def test_lowering_to_five_working_days_counts_from_the_original_report() -> None:
    # Serious youth disorder on Thu 2 Apr 2026: 1 WD = Tue 7 Apr (Fri 3 and Mon 6 are bank holidays).
    # Assessed as minor and lowered to five working days on Tue 7 Apr: Thu 2 Apr + 5 WD = Mon 13 Apr.
    result = run(
        {
            "received": "2026-04-02T10:00:00",
            "report": report("Serious youth disorder"),
            "events": [{"kind": "priority.changed", "at": "2026-04-07T09:00:00", "priority": FIVE}],
        },
        date(2026, 4, 8),
    )
    first = obligation(result, "first-contact")
    assert first["due"] == "2026-04-13"
    assert first["status"] == "open"
    assert result["triage"]["priority"] == FIVE


def test_closing_before_the_deadline_lapses_the_duty() -> None:
    # Mon 11 Jan 2027 + 5 WD = Mon 18 Jan; closed on Tue 12 Jan, before it was due.
    result = run(
        {
            "received": "2027-01-11T09:00:00",
            "report": report("Garden nuisance"),
            "events": [{"kind": "case.closed", "at": "2027-01-12T10:00:00"}],
        },
        date(2027, 1, 29),
    )
    first = obligation(result, "first-contact")
    assert first["due"] == "2027-01-18"
    assert first["status"] == "not-applicable"


# -- path ------------------------------------------------------------------------------------------------


def test_formal_action_needs_direct_communication_with_the_customer() -> None:
    opened = run({"received": "2027-01-11T09:00:00", "report": report("Harassment")}, date(2027, 1, 11))
    assert opened["stage"] == "open"
    blocked = step(opened, "consider-formal-action")
    assert blocked["allowed"] is False
    assert "direct communication with the customer" in blocked["reason"]
    assert step(opened, "close")["allowed"] is True

    contacted = run(
        {
            "received": "2027-01-11T09:00:00",
            "report": report("Harassment"),
            "events": [
                {"kind": "complainant.contacted", "at": "2027-01-11T15:00:00"},
                {"kind": "intervention.proposed", "at": "2027-01-20T10:00:00", "intervention": "injunction"},
            ],
        },
        date(2027, 1, 20),
    )
    assert contacted["stage"] == "formal-action"
    assert obligation(contacted, "first-contact")["status"] == "met"


def test_closed_case() -> None:
    result = run(
        {
            "received": "2027-01-11T09:00:00",
            "report": report("Misuse of communal areas"),
            "events": [
                {"kind": "complainant.contacted", "at": "2027-01-12T10:00:00"},
                {"kind": "case.closed", "at": "2027-02-15T10:00:00"},
            ],
        },
        date(2027, 2, 15),
    )
    assert result["stage"] == "closed"
    assert result["next_steps"] == []


# -- ASB Case Review (§16.2): three incidents in the last six months ---------------------------------------


def test_case_review_three_incidents_in_six_months() -> None:
    # As of Fri 29 Jan 2027 the six months run from 30 Jul 2026: the report (Tue 1 Dec 2026) and two more
    # incidents (Tue 5 Jan, Wed 20 Jan 2027) make three.
    result = run(
        {
            "received": "2026-12-01T10:00:00",
            "report": report("Vehicle nuisance"),
            "events": [
                {"kind": "incident.reported", "at": "2027-01-05T10:00:00"},
                {"kind": "incident.reported", "at": "2027-01-20T10:00:00"},
            ],
        },
        date(2027, 1, 29),
    )
    assert result["case_review"]["eligible"] is True


def test_case_review_two_incidents_in_the_window_is_not_enough() -> None:
    # The report of Mon 1 Jun 2026 is before 30 Jul 2026, outside the six months to Fri 29 Jan 2027;
    # Thu 10 Dec 2026 and Fri 15 Jan 2027 make two of three. A five-working-days case is not high risk.
    result = run(
        {
            "received": "2026-06-01T10:00:00",
            "report": report("Animal nuisance"),
            "events": [
                {"kind": "incident.reported", "at": "2026-12-10T10:00:00"},
                {"kind": "incident.reported", "at": "2027-01-15T10:00:00"},
            ],
        },
        date(2027, 1, 29),
    )
    assert result["case_review"]["eligible"] is False
    assert "2 of 3" in result["case_review"]["reason"]


def test_case_review_high_risk_case_may_qualify_below_the_threshold() -> None:
    # §16.2: "If your case is considered high risk, you may also qualify." The officer judges the case high
    # risk (believe housing has no scored matrix); one incident only.
    scenario = {"received": "2027-01-11T09:00:00", "report": report("Hate crime"), "high_risk": True}
    result = run(scenario, date(2027, 1, 29))
    assert result["case_review"]["eligible"] is True
    assert "high risk" in result["case_review"]["reason"]


def test_case_review_a_one_working_day_priority_alone_is_not_high_risk() -> None:
    # The response priority says how fast to make contact, not how much harm: one incident does not qualify.
    result = run({"received": "2027-01-11T09:00:00", "report": report("Hate crime")}, date(2027, 1, 29))
    assert result["case_review"]["eligible"] is False
