"""What a file really is, from its first bytes: an uploader's file name and declared type are not trusted."""

from __future__ import annotations

_SIGNATURES: list[tuple[int, bytes, str]] = [
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"PK\x03\x04", "application/zip"),
]
_ISO_BRANDS = {
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heic",
    b"qt  ": "video/quicktime",
    b"M4A ": "audio/mp4",
}


def sniff(content: bytes) -> str | None:
    """The content type the bytes show, or None when they match nothing Casework accepts."""
    for offset, magic, content_type in _SIGNATURES:
        if content[offset : offset + len(magic)] == magic:
            if content_type == "application/zip":
                return _office_document(content)
            return content_type
    if content[:4] == b"RIFF" and content[8:12] in {b"WEBP", b"WAVE"}:
        return "image/webp" if content[8:12] == b"WEBP" else "audio/wav"
    if content[4:8] == b"ftyp":
        return _ISO_BRANDS.get(content[8:12], "video/mp4")
    return "text/plain" if _is_text(content) else None


def _office_document(content: bytes) -> str | None:
    # A .docx is a zip whose parts include word/document.xml; any other zip is refused.
    head = content[:65536]
    if b"word/" in head or b"[Content_Types].xml" in head:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def _is_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content[:8192].decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the 8 KiB boundary is still text.
        return error.start >= 8188
    return True
