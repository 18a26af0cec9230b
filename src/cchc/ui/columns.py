"""What a model's column allows, read from its field: the length of a text column, the folder
of a file column (a typed read: ``_meta.get_field`` may return a relation)."""

from __future__ import annotations

from django.db.models import Field, FileField, Model

__all__ = ["max_length", "upload_to"]


def max_length(model: type[Model], name: str) -> int:
    """The ``max_length`` of the column ``name`` (a CharField or a FileField)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return field.max_length


def upload_to(model: type[Model], name: str) -> str:
    """The ``upload_to`` folder (a strftime pattern) of the file column ``name``."""
    field = model._meta.get_field(name)
    if not isinstance(field, FileField):
        raise TypeError(f"{model.__name__}.{name} is not a file column")
    return str(field.upload_to)
