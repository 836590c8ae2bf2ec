"""Staff pages on the demo data: the case page and my work, rendered through Django's full stack.

The staff web app issue asks for their p95 latency on the demo data (`casework demo`: 200 cases). Run by
`make bench`, which sets up its own SQLite database under var/bench/ so it never touches your data; the
query counts that keep these pages flat as data grows are asserted in tests/web, not here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import Benchmark

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class _Pages:
    client: Any
    case_url: str
    my_work_url: str
    cases_url: str


_pages: _Pages | None = None


def _django() -> None:
    """Configure Django for the benchmark run, unless something (the test suite) already has."""
    from django.conf import settings

    if settings.configured:
        return
    database = ROOT / "var" / "bench" / "pages.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # demo data is only ever loaded with DEBUG on
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(cases: int = 200) -> _Pages:
    """Demo data loaded, the housing officer signed in, and the busiest case they own chosen."""
    global _pages
    if _pages is not None:
        return _pages
    _django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from casework.cases.models import Case
    from casework.demo.generator import load_demo

    load_demo(cases=cases)
    officer = get_user_model().objects.get(username="housing.officer")
    case = (
        Case.objects.filter(owner=officer).annotate(n=Count("events")).order_by("-n", "id").first()
        or Case.objects.annotate(n=Count("events")).order_by("-n", "id").first()
    )
    assert case is not None, "the demo made no cases"
    from django.conf import settings

    # A host the settings allow: the DEBUG settings' first (localhost), or the test client's own.
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in {"*", ".localhost"}]
    client = Client(HTTP_HOST=hosts[0] if hosts else "testserver")
    client.force_login(officer if case.owner_id == officer.pk else case.owner)
    _pages = _Pages(
        client=client,
        case_url=reverse("web:case", args=[case.reference]),
        my_work_url=reverse("web:my-work"),
        cases_url=reverse("web:cases"),
    )
    return _pages


def _get(url_of: str) -> None:
    pages = prepare()
    response = pages.client.get(getattr(pages, url_of))
    assert response.status_code == 200, f"{getattr(pages, url_of)} answered {response.status_code}"


BENCHMARKS = [
    Benchmark(
        "page: case page, the demo's busiest case",
        lambda: _get("case_url"),
        target_ms=250,
        repeat=100,
        setup=prepare,
        database=True,
    ),
    Benchmark(
        "page: my work, the housing officer",
        lambda: _get("my_work_url"),
        target_ms=150,
        repeat=100,
        setup=prepare,
        database=True,
    ),
    Benchmark(
        "page: case list, first page",
        lambda: _get("cases_url"),
        target_ms=150,
        repeat=100,
        setup=prepare,
        database=True,
    ),
]
