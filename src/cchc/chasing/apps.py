from django.apps import AppConfig


class ChasingConfig(AppConfig):
    name = "cchc.chasing"
    verbose_name = "Đôn đốc, nhắc việc"
    default_auto_field = "django.db.models.BigAutoField"
