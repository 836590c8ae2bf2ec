"""All five built-in packs: they load, cite their sources, show, and run a scenario."""

import json
from datetime import date

import pytest

from casework.cli import main
from casework.domain.packs import builtin_pack, builtin_pack_ids
from casework.domain.packs.loader import BUILTIN_PACKS_DIR, load_pack
from casework.domain.simulator import run_scenario

SEEDS = {
    "medway-council": "000_4064656ae0a8c4bb.txt",
    "co-op-homes": "001_aca266dfab9e5559.txt",
    "newcastle-under-lyme": "002_0f68a8315686e75c.txt",
    "believe-housing": "003_2ba9fca61697b028.txt",
    "places-for-people": "004_65b14ba6f24fc822.txt",
}


def test_the_five_published_procedures_ship_as_built_in_packs():
    assert builtin_pack_ids() == sorted(SEEDS)


@pytest.mark.parametrize("pack_id", sorted(SEEDS))
def test_each_pack_passes_check(capsys, pack_id):
    assert main(["packs", "check", str(BUILTIN_PACKS_DIR / pack_id)]) == 0
    assert capsys.readouterr().out.startswith(f"{pack_id} ")


@pytest.mark.parametrize("pack_id", sorted(SEEDS))
def test_each_pack_names_its_source_document(pack_id):
    pack = load_pack(BUILTIN_PACKS_DIR / pack_id)

    assert pack.id == pack_id
    assert [source.file for source in pack.pack.sources] == [SEEDS[pack_id]]


def _sources(value, found):
    """Every `source` string anywhere in the pack."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "source" and isinstance(inner, str):
                found.append(inner)
            else:
                _sources(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _sources(inner, found)
    return found


@pytest.mark.parametrize("pack_id", sorted(SEEDS))
def test_every_rule_is_traceable_to_the_source_document(pack_id):
    """A citation names the seed file (and section) or quotes it: nothing is invented."""
    sources = _sources(builtin_pack(pack_id).model_dump(mode="json", by_alias=True), [])

    untraceable = [s for s in sources if SEEDS[pack_id] not in s and not any(q in s for q in "\"'‘’“”")]
    assert sources
    assert untraceable == []


@pytest.mark.parametrize("pack_id", sorted(SEEDS))
def test_each_pack_shows_in_full(capsys, pack_id):
    pack = builtin_pack(pack_id)

    assert main(["packs", "show", pack_id]) == 0
    out = capsys.readouterr().out
    assert pack.pack.organisation in out
    assert all(t.label in out for t in pack.types)
    assert all(o.label in out for o in pack.obligations)

    assert main(["packs", "show", pack_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pack"]["id"] == pack_id


@pytest.mark.parametrize("pack_id", sorted(SEEDS))
def test_each_pack_runs_a_scenario(pack_id):
    pack = builtin_pack(pack_id)
    first_type = pack.types[0]
    scenario = {
        "received": "2026-11-23T09:00:00",
        "report": {"types": [first_type.label], "channel": "phone"},
        "priority": first_type.priority_choices[0] if first_type.priority_choices else None,
    }

    result = run_scenario(pack, scenario, as_of=date(2026, 12, 31))

    assert result["pack"] == {"id": pack_id, "version": pack.version}
    assert result["triage"]["is_asb"] is True
    assert result["stage"] in {s.id for s in pack.path.stages}
    assert all(
        o["status"] in {"open", "due-today", "overdue", "met", "met-late", "not-applicable"}
        for o in result["obligations"]
    )
