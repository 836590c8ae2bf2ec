"""axe-core, run in the page, must find no accessibility violations (WCAG 2.2 A and AA, and best practice)."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import ARTEFACTS, ROOT, artefact_name

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (the UK public sector standard, and GOV.UK Frontend's), plus
# axe's best-practice rules: one main landmark, all content in landmarks, headings in order, one h1.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Rules switched off, each with the reason. Empty: GOV.UK's page template passes every rule above.
DISABLED_RULES: dict[str, str] = {}

_RUN = """async ([tags, disabled]) => {
  const rules = Object.fromEntries(disabled.map((id) => [id, {enabled: false}]));
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  }));
}"""


@functools.cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does) to install axe-core")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _inject(page: Page) -> None:
    """Put axe into the page once per document (a page that has it already keeps it)."""
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.add_script_tag(content=_axe_source())


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (needs JavaScript on: axe runs inside the page)."""
    _inject(page)
    found: list[dict[str, Any]] = page.evaluate(_RUN, [TAGS, list(DISABLED_RULES)])
    return found


def describe(found: list[dict[str, Any]], *, shown: int = 3) -> str:
    lines = []
    for violation in found:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(nodes)} element{'s' if len(nodes) != 1 else ''}] {violation['helpUrl']}"
        )
        for node in nodes[:shown]:
            html = " ".join(node["html"].split())
            lines.append(f"    at {node['target']}\n      {html[:240]}{'…' if len(html) > 240 else ''}")
        if len(nodes) > shown:
            lines.append(f"    … and {len(nodes) - shown} more")
    return "\n".join(lines)


def check_accessibility(page: Page, context_name: str = "") -> None:
    """Fail, listing each violation with where it is, if axe finds any on the page as it is now.

    `context_name` says which state of the page this is ("sign-in, empty form submitted") in the failure
    message and in the JSON of the violations kept under var/test-artifacts/axe/.
    """
    found = violations(page)
    if not found:
        return
    where = context_name or page.url
    report = ARTEFACTS / "axe" / f"{artefact_name(where)}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"url": page.url, "violations": found}, indent=2), encoding="utf-8")
    pytest.fail(
        f"axe found {len(found)} accessibility violation{'s' if len(found) != 1 else ''} on {where} "
        f"({page.url}); details in {report.relative_to(ROOT)}:\n{describe(found)}"
    )
