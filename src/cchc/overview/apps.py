from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "cchc.overview"
    verbose_name = "Tổng quan và công khai"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each capability's panels register themselves when their module is imported.
        from cchc.overview import dossier_panel, signals, work_panels  # noqa: F401

        signals.connect()
