"""The public form's plain problems, under every built-in pack: each offered one files as something the pack
knows, every entry of the pack can be reported, and what the pack says is not ASB triages as not ASB."""

from __future__ import annotations

import pytest

from casework.domain.packs.loader import builtin_pack, builtin_pack_ids
from casework.domain.residents import (
    PROBLEMS,
    PROBLEMS_BY_ID,
    catch_all,
    chosen,
    entry_for,
    offered,
    pack_list,
    reachable,
)
from casework.domain.triage import Report, triage

PACKS = builtin_pack_ids()


def test_every_built_in_pack_is_covered():
    assert len(PACKS) == 5


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_offered_problem_files_as_an_entry_of_the_pack(pack_id):
    pack = builtin_pack(pack_id)
    ids = {entry.id for entry in (*pack.types, *pack.not_asb)}

    items = offered(pack)

    assert items, "a pack offers at least one plain problem"
    for item in items:
        assert item.entry.id in ids
        assert triage(Report([item.entry.id]), pack).types  # triage takes it as it is


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_type_and_not_asb_entry_of_the_pack_can_be_reported(pack_id):
    pack = builtin_pack(pack_id)

    assert reachable(pack) == {entry.id for entry in (*pack.types, *pack.not_asb)}


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_packs_own_list_reads_in_sentence_case(pack_id):
    for _, label in pack_list(builtin_pack(pack_id)):
        assert label[:1] == label[:1].upper()


@pytest.mark.parametrize("pack_id", [p for p in PACKS if builtin_pack(p).not_asb])
def test_a_not_asb_entry_triages_as_not_asb_with_the_packs_reason_and_advice(pack_id):
    pack = builtin_pack(pack_id)
    not_asb = pack.not_asb[0]

    choice = chosen(pack, entries=[not_asb.id])
    result = triage(Report(list(choice.types), choice.hate_related), pack)

    assert not result.is_asb
    assert (result.reason, result.advice) == (not_asb.reason, not_asb.advice)


def test_a_not_asb_entry_alongside_asb_is_asb():
    pack = builtin_pack("places-for-people")

    choice = chosen(pack, problems=["noise"], entries=["footsteps"])

    assert triage(Report(list(choice.types)), pack, "medium").is_asb


def test_plain_words_file_as_the_packs_own_types():
    pfp, believe = builtin_pack("places-for-people"), builtin_pack("believe-housing")

    assert entry_for(PROBLEMS_BY_ID["noise"], pfp).id == "noise-nuisance"
    assert entry_for(PROBLEMS_BY_ID["violence"], pfp).id == "violence"
    assert entry_for(PROBLEMS_BY_ID["rubbish"], believe).id == "litter-fly-tipping"
    # A pack that does not name a problem does not offer it.
    assert entry_for(PROBLEMS_BY_ID["dangerous-dog"], builtin_pack("co-op-homes")) is None


def test_a_pack_with_one_catch_all_type_takes_every_plain_problem_as_it():
    medway = builtin_pack("medway-council")

    assert catch_all(medway).id == "anti-social-behaviour"
    assert [item.id for item in offered(medway)] == [problem.id for problem in PROBLEMS]
    assert {item.entry.id for item in offered(medway)} == {"anti-social-behaviour"}
    assert catch_all(builtin_pack("places-for-people")) is None


@pytest.mark.parametrize("pack_id", PACKS)
def test_choosing_hate_makes_the_report_hate_related_and_most_urgent(pack_id):
    pack = builtin_pack(pack_id)

    choice = chosen(pack, problems=["hate"])
    result = triage(Report(list(choice.types), choice.hate_related), pack)

    assert choice.hate_related
    assert result.hate_related
    assert result.priority == pack.most_urgent_priority


def test_chosen_keeps_the_residents_words_and_each_type_once():
    pack = builtin_pack("places-for-people")

    choice = chosen(pack, problems=["rubbish", "shared-areas"], entries=["arson"])

    assert choice.types == ("neighbourhood-nuisances", "arson")
    assert choice.described == (
        "Rubbish, dumping or fly-tipping",
        "Groups gathering or misuse of shared areas",
        "Arson",
    )
    assert not choice.hate_related


@pytest.mark.parametrize(("problems", "entries"), [(["no-such-problem"], []), ([], ["no-such-type"])])
def test_an_id_the_form_does_not_offer_is_refused(problems, entries):
    with pytest.raises(ValueError, match="no-such"):
        chosen(builtin_pack("places-for-people"), problems=problems, entries=entries)


def test_a_problem_a_pack_does_not_offer_is_refused():
    with pytest.raises(ValueError, match="dangerous-dog"):
        chosen(builtin_pack("co-op-homes"), problems=["dangerous-dog"])


def test_the_catalogue_is_plain_and_unique():
    assert len(PROBLEMS_BY_ID) == len(PROBLEMS)
    assert 10 <= len(PROBLEMS) <= 20
    for problem in PROBLEMS:
        assert problem.keywords
        assert problem.hint.endswith(".")
