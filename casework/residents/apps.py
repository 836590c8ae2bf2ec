from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "casework.residents"
    label = "residents"
    verbose_name = "Residents online"

    def ready(self) -> None:
        # Residents following a case are emailed when its plan is sent, it closes or its officer changes.
        from django.core.checks import register
        from django.db.models.signals import post_save

        from casework.cases.models import CaseEvent
        from casework.residents.events import case_event_recorded

        post_save.connect(case_event_recorded, sender=CaseEvent, dispatch_uid="residents.case_event_recorded")

        from casework.residents.checks import public_url_is_set

        register(public_url_is_set)
