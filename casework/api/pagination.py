"""Every list is paginated: `?page=1&page_size=25` (at most 100), answered as items, count, page, pages.

Two queries whatever the size of the data: one count, one page (plus any prefetches the query names).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

Item = TypeVar("Item")

MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Which page, from 1")
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE, description="Items per page, at most 100")


class Page(Schema, Generic[Item]):
    items: list[Item]
    count: int = Field(description="How many items there are on every page together")
    page: int
    pages: int


def page_of(queryset: QuerySet[Any], params: PageParams, render: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows: Iterable[Any] = queryset[start : start + params.page_size] if start < count else []
    return {
        "items": [render(row) for row in rows] if render else list(rows),
        "count": count,
        "page": params.page,
        "pages": max(1, math.ceil(count / params.page_size)),
    }
