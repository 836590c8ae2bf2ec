"""A private file as a download, the same from every interface: evidence and letters are never shown in
the browser's own viewer from a guessed type, and never kept in a shared cache."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse


def private_download(content: Any, filename: str, content_type: str) -> FileResponse:
    """`content` is an open file (streamed, never read into memory) or a BytesIO."""
    response = FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
