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
    array_counts: dict[tuple[str, ...], int] = {}
    prefix: KeyPath = ()
    open_array: KeyPath | None = None  # a `key = [` whose items continue on later lines
    item_index = -1
    depth = 0

    def place(key_path: KeyPath, number: int) -> None:
        lines.setdefault(key_path, number)

    def resolve(names: list[str]) -> KeyPath:
        # Insert the current index after every name that is an array of tables.
        resolved: list[str | int] = []
        for position in range(len(names)):
            resolved.append(names[position])
            plain = tuple(names[: position + 1])
            if plain in array_counts and position < len(names) - 1:
                resolved.append(array_counts[plain] - 1)
        return tuple(resolved)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #")[0] if '"' not in raw else raw
        if open_array is not None:
            if depth == 1 and line.lstrip().startswith("{"):
                item_index += 1
                place((*open_array, item_index), number)
                for match in _INLINE_KEY.finditer(line):
                    place((*open_array, item_index, match.group(1).strip('"')), number)
            elif depth == 1 and line.strip() and not line.strip().startswith(("]", "#")):
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
                array_counts[tuple(names)] = array_counts.get(tuple(names), 0) + 1
                prefix = (*resolve(names), array_counts[tuple(names)] - 1)
            else:
                prefix = resolve(names)
            place(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            key_path = (*prefix, *_split_key(key.group(1)))
            place(key_path, number)
            value = line[key.end() :]
            for match in _INLINE_KEY.finditer(value):
                place((*key_path, match.group(1).strip('"')), number)
            opened = value.count("[") - value.count("]")
            if value.strip().startswith("[") and opened > 0:
                open_array, item_index, depth = key_path, -1, opened
    return lines


def line_of(lines: dict[KeyPath, int], key_path: KeyPath) -> int | None:
    """The line of `key_path`, or of its nearest ancestor that has one."""
    for length in range(len(key_path), 0, -1):
        found = lines.get(key_path[:length])
        if found is not None:
            return found
    return None
