from django.apps import AppConfig


class ChasingConfig(AppConfig):
    name = "cchc.chasing"
    verbose_name = "Đôn đốc, nhắc việc"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.chasing import receivers
        from cchc.jobs.signals import job_finished
        from cchc.tracking import signals as tracking

        job_finished.connect(receivers.notify_job_finished, dispatch_uid="cchc.chasing.job_finished")
        for signal, receiver in (
            (tracking.report_submitted, receivers.on_report_submitted),
            (tracking.draft_waiting, receivers.on_draft_waiting),
            (tracking.report_reviewed, receivers.on_report_reviewed),
            (tracking.extension_requested, receivers.on_extension_requested),
            (tracking.extension_decided, receivers.on_extension_decided),
        ):
            signal.connect(receiver, dispatch_uid=f"cchc.chasing.{receiver.__name__}")
