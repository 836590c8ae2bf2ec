"""URL configuration: each interface owns its own URLs."""

from django.contrib import admin
from django.urls import include, path

from casework.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("casework.web.residents.urls")),
    path("", include("casework.web.urls")),
]

handler400 = "casework.web.views.errors.bad_request"
handler403 = "casework.web.views.errors.forbidden"
handler404 = "casework.web.views.errors.not_found"
handler500 = "casework.web.views.errors.server_error"
