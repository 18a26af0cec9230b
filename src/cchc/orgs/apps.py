from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "cchc.orgs"
    verbose_name = "Cơ quan, đơn vị và người dùng"
