"""The staff web app's URLs. Each area's module owns its own patterns (and their names, under `web:`)."""

from django.urls import include, path

from casework.web.views import (
    auth,
    case,
    feedback,
    intake,
    letters,
    lists,
    reports,
    residents_staff,
    site,
    steps_plan,
    steps_records,
    work,
)

app_name = "web"
urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("sign-in", auth.SignIn.as_view(), name="sign-in"),
    path("sign-out", auth.SignOut.as_view(), name="sign-out"),
    path("intake/", include(intake.urlpatterns)),
    path("", include(work.urlpatterns)),
    path("cases/", include(lists.urlpatterns)),
    path("reports/", include(reports.urlpatterns)),
    path("cases/<str:reference>/", include(case.urlpatterns)),
    path("cases/<str:reference>/", include(steps_plan.urlpatterns)),
    path("cases/<str:reference>/", include(steps_records.urlpatterns)),
    path("cases/<str:reference>/", include(letters.urlpatterns)),
    path("cases/<str:reference>/", include(feedback.urlpatterns)),
    path("cases/<str:reference>/", include(residents_staff.urlpatterns)),
]
