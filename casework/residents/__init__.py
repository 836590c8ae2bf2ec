"""Residents: the public report form, and each resident's own view of their case through an emailed link.

Residents have no accounts. A report needs none; everything after it is reached through a signed link that
expires and that staff can revoke (links.py). What a link lets the online service do is a grant on that one
case (casework.cases.permissions.ResidentGrant), so a resident's diary entry, file or request goes through
the same case services, rules and history as an officer's (docs/adr/0010-residents.md).
"""
