from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = "Hồ sơ TTHC"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.dossiers import jobs
        from cchc.jobs.runner import register

        register(jobs.RUNNER)
