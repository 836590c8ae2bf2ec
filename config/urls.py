"""URL configuration: each interface owns its own URLs."""

from django.contrib import admin
from django.urls import include, path

from casework.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("casework.web.urls")),
]
