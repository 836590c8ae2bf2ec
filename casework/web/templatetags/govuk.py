"""GOV.UK Frontend form fields and helpers for Django templates.

{% load govuk %}
{% error_summary form %}                     the red box at the top, linking to each field
{% field form.summary %}                     label, hint (help_text), error and the right control
{% field form.summary label_class="govuk-label--m" classes="govuk-input--width-10" %}
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CONTROL_CLASS = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


@register.inclusion_tag("web/includes/field.html")
def field(
    bound: BoundField,
    label_class: str = "",
    classes: str = "",
    legend_class: str = "",
    inline: bool = False,
    optional_suffix: bool = True,
) -> dict[str, Any]:
    kind = _kind(bound.field.widget)
    errors = list(bound.errors)[:1]  # one message per field, the first that applies (GOV.UK)
    described = []
    hint_id = f"{bound.auto_id}-hint"
    error_id = f"{bound.auto_id}-error"
    if bound.help_text:
        described.append(hint_id)
    if errors:
        described.append(error_id)
    control = ""
    if kind in _CONTROL_CLASS:
        css = _CONTROL_CLASS[kind]
        if errors:
            css += f" {css}--error"
        attrs: dict[str, str | bool] = {"class": f"{css} {classes}".strip()}
        if described:
            attrs["aria-describedby"] = " ".join(described)
        control = bound.as_widget(attrs=attrs)
    elif kind == "hidden":
        control = bound.as_widget()
    value = bound.value()
    if isinstance(value, list | tuple):
        chosen = {str(v) for v in value}
    else:
        chosen = {str(value)} if value is not None else set()
    options = []
    if kind in {"radios", "checkboxes"}:
        for index, (option_value, option_label) in enumerate(bound.field.choices):  # type: ignore[attr-defined]
            if option_value in ("", None):
                continue
            options.append(
                {
                    "id": f"{bound.auto_id}-{index}",
                    "value": option_value,
                    "label": option_label,
                    "checked": str(option_value) in chosen,
                }
            )
        if options:
            options[0]["id"] = bound.auto_id  # the error summary links to the field's own id
    return {
        "bound": bound,
        "kind": kind,
        "errors": errors,
        "control": control,
        "options": options,
        "checked": bool(value) if kind == "checkbox" else False,
        "hint_id": hint_id,
        "error_id": error_id,
        "described": " ".join(described),
        "label_class": label_class,
        "legend_class": legend_class or label_class.replace("govuk-label", "govuk-fieldset__legend"),
        "inline": inline,
        "required": bound.field.required,
        # Filter forms are all optional, so "(optional)" on each would be noise there.
        "optional_suffix": optional_suffix,
    }


@register.inclusion_tag("web/includes/error_summary.html")
def error_summary(*forms_: Any) -> dict[str, Any]:
    entries: list[tuple[str, str]] = []
    for form in forms_:
        if form is not None and getattr(form, "is_bound", False) and hasattr(form, "error_summary"):
            entries.extend(form.error_summary())
    return {"entries": entries}
