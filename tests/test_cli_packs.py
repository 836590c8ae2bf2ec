"""`casework packs ...` and `casework simulate`, run in-process as a policy author would."""

import json
from pathlib import Path

import pytest

from casework.cli import main

MINIMAL = str(Path(__file__).parent / "domain" / "packs" / "minimal.toml")


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_accepts_a_valid_pack(capsys):
    code, out, _ = run(capsys, "packs", "check", MINIMAL)

    assert code == 0
    assert out.strip() == "minimal 1: ok (4 types, 2 obligations)"


def test_check_lists_every_problem_with_file_line_and_key(capsys, tmp_path):
    broken = Path(MINIMAL).read_text().replace('owner_role = "officer"', 'owner_role = "nobody"')
    broken = broken.replace('approvals = ["manager"]', 'approvals = ["chief"]')
    pack_file = tmp_path / "pack.toml"
    pack_file.write_text(broken)
    chief_line = broken.splitlines().index('approvals = ["chief"]') + 1

    code, out, err = run(capsys, "packs", "check", str(tmp_path))

    assert code == 1
    assert f"{pack_file}:{chief_line}: interventions[1].approvals[0]: unknown role 'chief'" in out
    assert "default_owner_role: unknown role 'nobody'" in out
    assert err.strip() == "2 problems found"


def test_show_prints_the_pack_in_source_order(capsys):
    code, out, _ = run(capsys, "packs", "show", MINIMAL)

    assert code == 0
    assert out.index("Priorities") < out.index("ASB types") < out.index("Obligations") < out.index("Case path")
    assert "noise: Noise (officer decides: high / low)" in out
    assert "first-contact: Contact the complainant — high: 1 working day; low: 5 working days" in out


def test_show_json_is_the_whole_pack(capsys):
    code, out, _ = run(capsys, "packs", "show", MINIMAL, "--json")

    document = json.loads(out)
    assert code == 0
    assert [t["id"] for t in document["types"]] == ["noise", "violence", "hate-crime", "domestic-abuse"]
    assert document["routes"]["domestic-abuse"]["process"] == "Domestic Abuse Policy"


SCENARIO = {
    "received": "2026-12-24T10:00:00",
    "report": {"types": ["Loud music"], "channel": "phone"},
    "priority": "low",
    "events": [{"kind": "complainant.contacted", "at": "2027-01-04T09:30:00"}],
}


def test_simulate_json_answers_with_every_part(capsys, tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(SCENARIO))

    code, out, _ = run(
        capsys, "simulate", "--pack", MINIMAL, "--scenario", str(scenario), "--as-of", "2027-01-29", "--json"
    )

    result = json.loads(out)
    assert code == 0
    assert set(result) >= {"pack", "triage", "risk", "obligations", "stage", "next_steps", "case_review"}
    assert result["pack"] == {"id": "minimal", "version": "1"}
    assert result["triage"]["priority"] == "low"
    contact = next(o for o in result["obligations"] if o["kind"] == "first-contact")
    # Thu 24 Dec + 5 WD = Tue 5 Jan 2027 (25, 28 Dec and 1 Jan are bank holidays); contacted 4 Jan.
    assert (contact["due"], contact["status"]) == ("2027-01-05", "met")
    assert result["next_steps"] == [
        {
            "step": "close",
            "label": "Close the case",
            "to": "closed",
            "allowed": False,
            "reason": "The manager must agree closure",
        }
    ]


def test_simulate_reads_standard_input_and_prints_a_timeline(capsys, monkeypatch):
    code, out, _ = run(
        capsys,
        "simulate",
        "--pack",
        MINIMAL,
        "--scenario",
        "-",
        "--as-of",
        "2027-01-29",
        stdin=json.dumps(SCENARIO),
        monkeypatch=monkeypatch,
    )

    assert code == 0
    assert "2027-01-05   met             Contact the complainant (officer), met 2027-01-04 09:30" in out
    assert "cannot Close the case: The manager must agree closure" in out


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("{", "scenario is not valid JSON"),
        (json.dumps({"report": {"types": ["noise"]}}), "scenario: received: Field required"),
        (json.dumps({**SCENARIO, "received": "yesterday"}), "scenario: received:"),
        (json.dumps({**SCENARIO, "report": {"types": ["fireworks"]}}), "report.types: unknown type 'fireworks'"),
        (
            json.dumps({**SCENARIO, "events": [{"kind": "tea.made", "at": "2027-01-04T09:00"}]}),
            "events.0.kind: unknown event kind",
        ),
        (json.dumps({**SCENARIO, "risk": {"answers": {"7": "Daily"}}}), "risk.answers: unknown risk question '7'"),
    ],
)
def test_a_malformed_scenario_is_one_line_naming_the_field(capsys, monkeypatch, scenario, message):
    code, out, err = run(
        capsys, "simulate", "--pack", MINIMAL, "--scenario", "-", stdin=scenario, monkeypatch=monkeypatch
    )

    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_simulate_with_an_unknown_pack_is_a_usage_error(capsys):
    code, _, err = run(capsys, "simulate", "--pack", "no-such-pack", "--scenario", "-")

    assert code == 2
    assert "no such pack file or built-in pack" in err


def test_list_names_the_built_in_packs_with_version_and_organisation(capsys):
    code, out, _ = run(capsys, "packs", "list")

    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        "believe-housing",
        "co-op-homes",
        "medway-council",
        "newcastle-under-lyme",
        "places-for-people",
    ]
    assert "Co-op Homes" in out


def test_show_refuses_a_broken_pack_with_its_problems(capsys, tmp_path):
    (tmp_path / "pack.toml").write_text("[pack]\nid = 'Bad Id'\n")

    code, out, _ = run(capsys, "packs", "show", str(tmp_path))

    assert code == 1
    assert "pack.id: an id must be lower-case letters, digits and hyphens" in out


def test_a_priority_contradicting_the_types_is_named_as_the_priority_field(capsys, monkeypatch):
    scenario = json.dumps({**SCENARIO, "report": {"types": ["violence"]}, "priority": "low"})

    code, _, err = run(
        capsys, "simulate", "--pack", MINIMAL, "--scenario", "-", stdin=scenario, monkeypatch=monkeypatch
    )

    assert code == 2
    assert "scenario: priority: priority 'low' is not one the officer can choose here" in err
