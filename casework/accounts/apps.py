from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casework.accounts"
    label = "accounts"
    verbose_name = "Organisation, teams and staff"
