"""Cases: every case the user may see, searched and filtered, 25 to a page (web:cases)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from casework.accounts.models import Team
from casework.cases.packs import active_pack
from casework.cases.selectors import case_list
from casework.web.decorators import staff_view
from casework.web.forms.lists import CaseListForm

CASES_PER_PAGE = 25


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the "…" between page numbers
    current: bool = False


def page_links(page: Page[Any]) -> list[PageLink]:
    """The GOV.UK pagination's numbers: the first, the last, and the pages either side of this one."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    links: list[PageLink] = []
    for number in wanted:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, number == page.number))
    return links


@staff_view(doing="see cases")
def cases(request: HttpRequest) -> HttpResponse:
    pack = active_pack()
    data = request.GET.copy()
    data.setdefault("status", "open")
    owners = (
        get_user_model()
        .objects.filter(staff__isnull=False, is_active=True)
        .order_by("first_name", "last_name", "username")
    )
    form = CaseListForm(data, pack=pack, owners=owners, teams=Team.objects.order_by("name"))
    form.is_valid()
    # get_page turns "abc" into page 1 and 999 into the last page: a bad or stale link still shows a list.
    page = Paginator(case_list(request.user, form.filters()), CASES_PER_PAGE).get_page(data.get("page"))
    return render(
        request,
        "web/lists/cases.html",
        {"form": form, "page": page, "page_links": page_links(page), "pack": pack},
    )


urlpatterns = [path("", cases, name="cases")]
