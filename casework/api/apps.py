from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casework.api"
    label = "casework_api"
    verbose_name = "REST API"
