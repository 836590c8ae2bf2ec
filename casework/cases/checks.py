"""A last line of defence for every record the case file saves: text that the database would refuse.

Services check what they know about (required fields, choices); this catches what any caller — a form,
the API, an import — might still pass: text longer than its column, or NUL characters, which
PostgreSQL refuses with an error that would otherwise reach the user as a 500. The error names the field.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from casework.errors import InvalidInput


def check_text_fits(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        name = field.name.replace("_", " ")
        if "\x00" in value:
            raise InvalidInput(
                f"{name} contains a character that cannot be stored", fields={field.name: "invalid character"}
            )
        if field.max_length is not None and len(value) > field.max_length:
            raise InvalidInput(
                f"{name} is longer than {field.max_length} characters",
                fields={field.name: f"at most {field.max_length} characters"},
            )
