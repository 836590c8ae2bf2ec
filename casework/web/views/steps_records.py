from django.urls import path

from casework.web.views.placeholder import coming

urlpatterns = [
    *[
        path(f"{slug}", coming, name=name)
        for slug, name in [
            ("acknowledge", "acknowledge"),
            ("contact", "contact"),
            ("incident", "incident"),
            ("evidence/new", "evidence-add"),
            ("parties/new", "party-add"),
            ("priority", "priority"),
            ("types", "types"),
            ("reassign", "reassign"),
            ("link", "link"),
            ("police-disclosures", "police"),
        ]
    ],
    path("step/<str:kind>", coming, name="step"),
]
