from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = "Hồ sơ TTHC"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.dossiers import jobs, selectors
        from cchc.jobs.runner import register
        from cchc.plans import target_measures

        register(jobs.RUNNER)
        target_measures.register("dossiers", selectors.target_measures)
