"""Helpers shared by the built-in packs' scenario tests: run a scenario, pick what a test asserts on."""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.packs import builtin_pack
from casework.domain.simulator import run_scenario


def simulate(pack_id: str, scenario: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The `casework simulate --json` answer for a built-in pack."""
    return run_scenario(builtin_pack(pack_id), scenario, as_of=as_of)


def obligation(result: dict[str, Any], obligation_id: str, occurrence: int = 1) -> dict[str, Any]:
    """The one occurrence of a pack obligation in a simulation result."""
    found = [o for o in result["obligations"] if o["id"] == obligation_id and o["occurrence"] == occurrence]
    assert len(found) == 1, f"expected one {obligation_id} #{occurrence}, got {result['obligations']}"
    return found[0]


def occurrences(result: dict[str, Any], obligation_id: str) -> list[dict[str, Any]]:
    return [o for o in result["obligations"] if o["id"] == obligation_id]


def step(result: dict[str, Any], step_id: str) -> dict[str, Any]:
    """The one next step with this id."""
    found = [s for s in result["next_steps"] if s["step"] == step_id]
    assert len(found) == 1, f"expected step {step_id}, got {result['next_steps']}"
    return found[0]


def steps(result: dict[str, Any]) -> list[str]:
    return [s["step"] for s in result["next_steps"]]
