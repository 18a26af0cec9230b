"""Form widgets for the hot screens.

Django renders a ``<select>`` through a template per option; the Office board's filter form
has about forty options, which cost ~2 ms of every board request. ``QuickSelect`` writes
the same HTML in Python.
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
                f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(label)}</option>'
            )
        parts.append("</select>")
        return mark_safe("".join(parts))
