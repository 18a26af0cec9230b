"""Form widgets for the hot screens.

Django renders every widget through the form renderer's templates (a ``<select>`` through
a template per option), a cost the Office board's filter form paid on every request
(see benchmarks/README.md). ``QuickSelect`` and ``QuickInput`` write the same HTML in Python.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A single ``<select>`` with flat choices, rendered without the widget templates."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(label)}</option>'  # type: ignore[arg-type]  # text: no option groups here
            )
        parts.append("</select>")
        return mark_safe("".join(parts))


class QuickInput(forms.widgets.Input):
    """Mixin-free quick rendering of any ``<input>`` widget (text, number, date): the same
    attributes and formatted value as the template would write."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        final = {"type": widget["type"], "name": name, **widget["attrs"]}
        if widget["value"] is not None:
            final["value"] = widget["value"]
        return mark_safe(f"<input{flatatt(final)}>")


class QuickDateInput(QuickInput, forms.DateInput):
    pass


class QuickNumberInput(QuickInput, forms.NumberInput):
    pass
