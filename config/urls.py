"""URL configuration: each interface owns its own URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("casework.web.urls")),
]
