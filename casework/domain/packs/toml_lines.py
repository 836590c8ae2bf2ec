"""Find the line of a key in a TOML file, so pack errors can say `file:line: key.path: message`.

`tomllib` keeps no positions, so this reads the text once more, tracking table headers, arrays of
tables and inline tables in multi-line arrays: enough for the way pack files are written. A key
that cannot be placed falls back to its nearest placed ancestor.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_INLINE_KEY = re.compile(r"""(?:^|[{,])\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=""")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r""""[^"]*"|'[^']*'|[A-Za-z0-9_-]+""", dotted)
    return [part.strip("\"'") for part in parts]


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each key path (names and array indexes, as in pydantic's `loc`) to its 1-based line."""
    lines: dict[KeyPath, int] = {}
    # Arrays of tables seen so far, keyed by their resolved path (parents' indexes included), so a
    # nested `[[a.b]]` counts from 0 again under each `[[a]]`.
    array_counts: dict[KeyPath, int] = {}
    prefix: KeyPath = ()
    open_array: KeyPath | None = None  # a `key = [` whose items continue on later lines
    item_index = -1
    depth = 0
    string_delimiter: str | None = None  # inside a multi-line string: nothing is a key

    def place(key_path: KeyPath, number: int) -> None:
        lines.setdefault(key_path, number)

    def resolve(names: list[str]) -> KeyPath:
        resolved: KeyPath = ()
        for name in names:
            resolved = (*resolved, name)
            if resolved in array_counts:
                resolved = (*resolved, array_counts[resolved] - 1)
        return resolved

    def place_items(key_path: KeyPath, fragment: str, number: int) -> None:
        nonlocal item_index
        for item in fragment.split("{")[1:]:
            item_index += 1
            place((*key_path, item_index), number)
            for match in _INLINE_KEY.finditer("{" + item):
                place((*key_path, item_index, match.group(1).strip('"')), number)

    for number, raw in enumerate(text.splitlines(), start=1):
        if string_delimiter is not None:
            if raw.count(string_delimiter) % 2 == 1:
                string_delimiter = None
            continue
        line = raw.split(" #")[0] if '"' not in raw else raw
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2 == 1:
                string_delimiter = delimiter
        if open_array is not None:
            stripped = line.strip()
            if depth == 1 and "{" in line:
                place_items(open_array, line, number)
            elif depth == 1 and stripped and not stripped.startswith(("]", "#")):
                item_index += 1
                place((*open_array, item_index), number)
            depth += line.count("[") - line.count("]")
            if depth <= 0:
                open_array = None
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            if header.group(1) == "[[":
                array_path = (*resolve(names[:-1]), names[-1])
                array_counts[array_path] = array_counts.get(array_path, 0) + 1
                prefix = (*array_path, array_counts[array_path] - 1)
            else:
                prefix = resolve(names)
            place(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            key_path = (*prefix, *_split_key(key.group(1)))
            place(key_path, number)
            value = line[key.end() :]
            opened = value.count("[") - value.count("]")
            if value.strip().startswith("[") and opened > 0:
                open_array, item_index, depth = key_path, -1, opened
                place_items(key_path, value, number)
            else:
                for match in _INLINE_KEY.finditer(value):
                    place((*key_path, match.group(1).strip('"')), number)
    return lines


def line_of(lines: dict[KeyPath, int], key_path: KeyPath) -> int | None:
    """The line of `key_path`, or of its nearest ancestor that has one."""
    for length in range(len(key_path), 0, -1):
        found = lines.get(key_path[:length])
        if found is not None:
            return found
    return None
