from django.apps import AppConfig


class ChasingConfig(AppConfig):
    name = "cchc.chasing"
    verbose_name = "Đôn đốc, nhắc việc"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.chasing import receivers
        from cchc.jobs.signals import job_finished

        job_finished.connect(receivers.notify_job_finished, dispatch_uid="cchc.chasing.job_finished")
