from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cchc.jobs"
    verbose_name = "Việc chạy nền"
    default_auto_field = "django.db.models.BigAutoField"
