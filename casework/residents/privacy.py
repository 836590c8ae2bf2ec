"""What a resident may be shown: their own case in their own words, never another party's identity.

Everything a resident's page or email shows that staff wrote (actions in the plan, an officer's update) is
passed through `shown_to`, which withholds every other party's names, phone numbers, emails and addresses,
as letters to an alleged perpetrator do (casework/cases/disclosure.py). The resident's own details, and
those of the advocate they nominated (or the resident an advocate acts for), are theirs to see.
"""

from __future__ import annotations

from casework.cases.models import Party


def others_of(viewer: Party) -> list[Party]:
    """The parties on the viewer's case whose identity the viewer must not be shown."""
    own = {viewer.pk}
    if viewer.advocate_id:
        own.add(viewer.advocate_id)
    own.update(Party.objects.filter(case_id=viewer.case_id, advocate=viewer).values_list("pk", flat=True))
    parties = Party.objects.filter(case_id=viewer.case_id).select_related("person__address", "guardian__address")
    return [party for party in parties if party.pk not in own]


class Privacy:
    """The strings to withhold from one viewer, worked out once per page or email."""

    def __init__(self, viewer: Party) -> None:
        # Imported here: casework.cases.disclosure imports the case services, which must not be loaded while
        # the apps are (this module is imported when the residents app connects its signal handlers).
        from casework.cases.disclosure import identities

        mine = {viewer.person.name.casefold(), (viewer.person.email or "").casefold()}
        # A part of the viewer's own name that another party shares (a surname in the household) is still
        # withheld in full names; only strings that are exactly the viewer's own are let through.
        self.withheld = [value for value in identities(others_of(viewer)) if value.casefold() not in mine]

    def __call__(self, text: str) -> str:
        from casework.cases.disclosure import redact

        return redact(text or "", self.withheld)
