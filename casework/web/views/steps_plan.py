from django.urls import path

from casework.web.views.placeholder import coming

urlpatterns = [
    path(f"{slug}", coming, name=name)
    for slug, name in [
        ("risk-assessment", "risk"),
        ("action-plan", "action-plan"),
        ("interventions", "interventions"),
        ("interventions/new", "intervention-propose"),
        ("review", "review"),
        ("case-conference", "conference"),
        ("closure", "closure"),
        ("reopen", "reopen"),
    ]
]
