from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    verbose_name = "Theo dõi thực hiện"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cchc.jobs.runner import register
        from cchc.tracking import cache, confirming, unit_order

        cache.connect()
        unit_order.connect()
        register(confirming.RUNNER)
