"""Links for trying the residents' side of the demo: a complainant following an open case, and one whose
case is closed (so the survey is open). Fresh links each time `casework demo` runs, so the printed ones work."""

from __future__ import annotations

from casework.cases.choices import PartyRole
from casework.cases.models import Party
from casework.residents import links
from casework.residents.models import LinkPurpose


def resident_links() -> list[tuple[str, str]]:
    """(what it shows, the link) for a demo complainant on an open case and one on a closed case."""
    shown: list[tuple[str, str]] = []
    complainants = Party.objects.filter(role=PartyRole.COMPLAINANT).exclude(person__email="").select_related("person")
    for label, is_open in (("a complainant following an open case", True), ("a complainant whose case closed", False)):
        party = complainants.filter(case__is_open=is_open).order_by("-case__opened_at", "id").first()
        if party is not None:
            shown.append((label, links.url_for(links.issue(party=party, purpose=LinkPurpose.CASE))))
    return shown
