"""My work (web:my-work): the user's own duties, soonest first. Team (web:team): a manager's teams at a glance.

Both pages read through selectors that group and count in SQL, so their query count does not grow with
the number of cases, duties or people (tests/web/test_work.py asserts it).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from casework.accounts.roles import MANAGERS, roles_of
from casework.cases.engine import today
from casework.cases.packs import active_pack
from casework.cases.permissions import has_capability
from casework.cases.selectors import (
    approvals_waiting_for,
    managed_teams,
    pending_work_for,
    team_duties_without_owner,
    team_loads,
    team_open_cases,
    work_figures,
)
from casework.errors import NotAllowed
from casework.web.decorators import staff_view
from casework.web.forms.work import WorkFilterForm
from casework.web.views.lists import page_links

WORK_PER_PAGE = 50
TEAM_CASES_PER_PAGE = 25
#: Duties without a named owner shown on the team page; the rest are counted, not listed.
UNOWNED_DUTIES_SHOWN = 50


@staff_view("case.work", "see a work list")
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = today()
    pack = active_pack()
    everything = pending_work_for(user, as_of=day)
    # The filters offer only what is on the list: the cases and kinds of work the user has pending.
    references = everything.order_by("case__reference").values_list("case__reference", flat=True).distinct()
    kinds = dict(everything.order_by("kind", "label").values_list("kind", "label").distinct())
    form = WorkFilterForm(
        request.GET, pack=pack, references=references, kinds=sorted(kinds.items(), key=lambda kind: kind[1])
    )
    form.is_valid()
    page = Paginator(pending_work_for(user, form.filters(), as_of=day), WORK_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/work/my_work.html",
        {
            "form": form,
            "figures": work_figures(user, as_of=day),
            "page": page,
            "page_links": page_links(page),
            "approvals": approvals_waiting_for(user),
            "pack": pack,
            "today": day,
        },
    )


@staff_view(doing="see the team view")
def team(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not roles_of(user) & MANAGERS:
        raise NotAllowed("your role cannot see the team view")
    day = today()
    pack = active_pack()
    teams = managed_teams(user)
    unowned = team_duties_without_owner(user, teams, as_of=day)
    page = Paginator(team_open_cases(user, teams), TEAM_CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/work/team.html",
        {
            "teams": team_loads(user, teams, as_of=day),
            "approvals": approvals_waiting_for(user),
            "unowned": list(unowned[:UNOWNED_DUTIES_SHOWN]),
            "unowned_count": unowned.count(),
            "page": page,
            "page_links": page_links(page),
            "can_reassign": has_capability(user, "case.reassign"),
            "pack": pack,
        },
    )


urlpatterns = [path("my-work", my_work, name="my-work"), path("team", team, name="team")]
