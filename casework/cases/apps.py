from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casework.cases"
    label = "cases"
    verbose_name = "ASB cases"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import pre_save

        from casework.cases.checks import check_text_fits

        for label in ("cases", "accounts"):
            for model in apps.get_app_config(label).get_models():
                pre_save.connect(check_text_fits, sender=model, dispatch_uid=f"text-fits-{model.__name__}")
