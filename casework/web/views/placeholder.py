"""Temporary: a page that says it is coming, so every URL name resolves while areas are built."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.web.decorators import staff_view


@staff_view()
def coming(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return render(request, "web/placeholder.html")
