from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    verbose_name = "Báo cáo CCHC định kỳ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.jobs.runner import register
        from cchc.reporting import jobs

        register(jobs.RUNNER)
