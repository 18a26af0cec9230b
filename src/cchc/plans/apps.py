from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cchc.plans"
    verbose_name = "Kế hoạch CCHC"

    def ready(self) -> None:
        from cchc.jobs.runner import register
        from cchc.plans import confirming

        register(confirming.RUNNER)
