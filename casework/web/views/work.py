from django.urls import path

from casework.web.decorators import staff_view
from casework.web.views.placeholder import coming

work_only = staff_view("case.work", "see a work list")(coming.__wrapped__)  # type: ignore[attr-defined]
urlpatterns = [path("my-work", work_only, name="my-work"), path("team", work_only, name="team")]
