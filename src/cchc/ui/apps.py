from django.apps import AppConfig


class UiConfig(AppConfig):
    """The low-level screen pieces every app shares (widgets, the pager, the format filters).
    An app only so Django finds its template library; it has no models."""

    name = "cchc.ui"
    label = "ui"
    verbose_name = "Giao diện dùng chung"
