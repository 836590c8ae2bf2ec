"""Forms the GOV.UK way: an error summary linking to each field, the message at the field, and what the
user typed kept (a bound form re-renders its own data).

Services, not forms, decide what is valid (ARCHITECTURE.md); a form only parses text into the types a
service takes. `GovForm.take` puts a service's refusal back on the form, beside the field it names.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from casework.errors import CaseworkError

#: How a browser's own date-and-time control (datetime-local) sends a time, and how one is shown again.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def datetime_local() -> forms.DateTimeInput:
    """The browser's own date-and-time picker: no JavaScript needed, and keyboard-operable."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


class GovForm(forms.Form):
    #: A service's field name -> this form's field name, where they differ.
    service_fields: ClassVar[dict[str, str]] = {}

    # Django's default "This field is required." reads badly in an error summary; say which field.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "this").rstrip("?").lower()
            # Replace only Django's generic wording: a message a form set on purpose stays.
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                choosing = isinstance(field, forms.ChoiceField | forms.MultipleChoiceField | forms.FileField)
                field.error_messages["required"] = f"{'Choose' if choosing else 'Enter'} {label}"
            if "invalid" in field.error_messages and str(field.error_messages["invalid"]).startswith("Enter a valid"):
                field.error_messages["invalid"] = f"Enter a real {label}"

    def take(self, error: CaseworkError) -> None:
        """Show a service's refusal on the form: at the first field it names that the form has, else on top."""
        message = error.message[:1].upper() + error.message[1:]
        for name in error.fields:
            target = self.service_fields.get(name, name)
            if target in self.fields:
                self.add_error(target, message)
                return
        self.add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(link target, message) for every error, in the order the fields appear on the page."""
        found: list[tuple[str, str]] = [("", str(m)) for m in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                found.append((f"#{self[name].auto_id or 'id_' + name}", str(message)))
        return found


def join_summaries(*forms_: GovForm | None) -> list[tuple[str, str]]:
    return [entry for form in forms_ if form is not None and form.is_bound for entry in form.error_summary()]
