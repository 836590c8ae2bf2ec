from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casework.cases"
    label = "cases"
    verbose_name = "ASB cases"
