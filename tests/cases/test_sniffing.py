"""Evidence types come from the bytes, not from the file name or the declared type."""

import pytest

from casework.cases.sniffing import sniff


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x00\x00\x00\x18ftypqt  ", "video/quicktime"),
        (b"\x00\x00\x00\x18ftypheic", "image/heic"),
        (b"Diary: music until 3am, again.\n", "text/plain"),
        (
            b"PK\x03\x04....[Content_Types].xml....word/document.xml",
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ),
    ],
)
def test_known_files_are_recognised_by_their_first_bytes(content, expected):
    assert sniff(content) == expected


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00", b"PK\x03\x04 a zip of anything", b"\x00\x01\x02binary"],
)
def test_programs_archives_and_unknown_binaries_are_not_recognised(content):
    assert sniff(content) is None
