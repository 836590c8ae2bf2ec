"""People and places: who is involved and where, kept apart from any one case so repeats can be found."""

from __future__ import annotations

import re

from django.db import models

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(raw: str) -> str:
    """`sw1a1aa` → `SW1A 1AA`; anything that is not a UK postcode shape is kept as typed, upper-cased."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else (raw or "").strip().upper()


def postcode_district(postcode: str) -> str:
    """`SW1A 1AA` → `SW1A`: the outward code, which names an area without pointing at a street."""
    match = _POSTCODE.match(re.sub(r"\s+", "", postcode or "").upper())
    return match.group(1) if match else ""


def person_match_key(name: str, address_id: int | None, email: str, phone: str, pk: int | None) -> str:
    """How the same person is recognised across cases: their name at the same address (or email, or phone).

    People are recorded afresh on each report, so repeat victims and repeat perpetrators are found by this
    key. Someone with no address, email or phone matches only themselves: a bare name is not enough.
    """
    who = " ".join((name or "").casefold().split())
    if address_id:
        return f"{who}|a{address_id}"
    if email:
        return f"{who}|e{email.strip().casefold()}"
    digits = re.sub(r"\D", "", phone or "")
    if digits:
        return f"{who}|t{digits}"
    return f"|p{pk}" if pk else ""


class Address(models.Model):
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, db_index=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True, db_index=True)
    estate = models.CharField(max_length=100, blank=True, db_index=True)
    area = models.CharField(max_length=100, blank=True, db_index=True)
    ward = models.CharField(max_length=100, blank=True, db_index=True)
    postcode_district = models.CharField(
        max_length=4, blank=True, db_index=True, editable=False, help_text="The postcode's first half, for hot spots"
    )
    tenancy_reference = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line1, self.line2, self.town, self.postcode) if part)

    def save(self, *args: object, **kwargs: object) -> None:
        self.postcode = normalise_postcode(self.postcode)
        self.postcode_district = postcode_district(self.postcode)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Person(models.Model):
    """A resident, alleged perpetrator, witness, advocate or agency contact."""

    name = models.CharField(max_length=200, db_index=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(max_length=20, blank=True, help_text="phone, email, letter or text")
    safe_contact_times = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    vulnerabilities = models.TextField(blank=True)
    support_needs = models.TextField(blank=True)
    language = models.CharField(max_length=50, blank=True)
    communication_needs = models.TextField(blank=True)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    organisation = models.CharField(max_length=200, blank=True, help_text="For agencies and advocates")
    match_key = models.CharField(
        max_length=300, blank=True, db_index=True, editable=False, help_text="person_match_key: the same person"
    )

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        adding = self._state.adding
        self.match_key = person_match_key(self.name, self.address_id, self.email, self.phone, self.pk)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if not self.match_key:
            # Nothing to match on: the key is the person's own id, known only once saved.
            self.match_key = person_match_key(self.name, None, "", "", self.pk)
            Person.objects.filter(pk=self.pk).update(match_key=self.match_key)
        # The parties carry a copy of the key for the reports (Party.person_key): a new address, email or name
        # moves this person's cases with it, and the hot spots' counts by person (cases/models/hotspots.py).
        if not adding and self.parties.exclude(person_key=self.match_key).update(person_key=self.match_key):
            from casework.cases.models.hotspots import rederive_cases_of

            rederive_cases_of(self)
