"""A person's name, family name first: the one definition is ``cchc.ui.names.full_name``
(low enough for the base template's filters); the apps above import it from here or there."""

from __future__ import annotations

from cchc.ui.names import full_name

__all__ = ["full_name"]
