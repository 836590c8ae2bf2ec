from django.urls import path

from casework.web.views.placeholder import coming

urlpatterns = [path("", coming, name="case")]
