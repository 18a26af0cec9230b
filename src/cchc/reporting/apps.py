from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    verbose_name = "Báo cáo CCHC định kỳ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.chasing.services import register_pass
        from cchc.jobs.runner import register
        from cchc.reporting import jobs, reminders

        register(jobs.RUNNER)
        register_pass("report_due", reminders.run_report_due)
