"""The residents' URLs, under `residents:`. Each area's module owns its own patterns."""

from django.urls import include, path

from casework.web.residents import case, public

app_name = "residents"
urlpatterns = [
    path("report/", include(public.urlpatterns)),
    path("", include(case.urlpatterns)),
]
