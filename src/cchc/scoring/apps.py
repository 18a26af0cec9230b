from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc.scoring"
    verbose_name = "Chấm điểm Chỉ số CCHC"

    def ready(self) -> None:
        from cchc.chasing.services import register_pass
        from cchc.jobs.runner import register
        from cchc.scoring import pack_job, reminders, sources

        sources.register_defaults()
        register(pack_job.RUNNER)
        register_pass("scoring_due", reminders.run_scoring_due)
