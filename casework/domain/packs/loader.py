"""Load a pack file: parse the TOML, validate its shape, check its consistency, locate every error."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from casework.domain.letters import KINDS_BY_ID, LETTERS_DIR, check_template
from casework.domain.packs.rules import KeyPath, check_consistency
from casework.domain.packs.schema import PolicyPack
from casework.domain.packs.toml_lines import key_lines, line_of

#: The built-in packs, one folder each with a `pack.toml` (and, later, letter templates).
BUILTIN_PACKS_DIR = Path(__file__).resolve().parents[2] / "packs"
PACK_FILE = "pack.toml"


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack, where it is, and what."""

    file: str
    line: int | None
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.key_path or '(pack)'}: {self.message}"


class PackError(ValueError):
    """A pack was refused. `problems` lists every error found, in file order."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.key_path))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def format_key_path(key_path: KeyPath) -> str:
    """`("obligations", 2, "period")` → `obligations[2].period`."""
    text = ""
    for part in key_path:
        if part == "[key]":  # pydantic's marker for "the key itself" of a table: the name says it
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_pack(text: str, filename: str) -> PolicyPack:
    """Validate pack text. Raises `PackError` naming every problem with its file, line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        # "at end of document" has no position: the last line is where the author should look.
        line = int(position.group(1)) if position else max(1, len(text.splitlines()))
        raise PackError(
            [PackProblem(filename, line, "", f"not valid TOML: {_TOML_POSITION.sub('', message).strip()}")]
        ) from None

    lines = key_lines(text)

    def problem(key_path: KeyPath, message: str) -> PackProblem:
        return PackProblem(filename, line_of(lines, key_path), format_key_path(key_path), message)

    try:
        pack = PolicyPack.model_validate(data)
    except ValidationError as error:
        raise PackError(
            problem(tuple(detail["loc"]), _plain_message(detail["type"], detail["msg"])) for detail in error.errors()
        ) from None

    problems = [problem(key_path, message) for key_path, message in check_consistency(pack)]
    if problems:
        raise PackError(problems)
    return pack


def _plain_message(error_type: str, message: str) -> str:
    if error_type == "missing":
        return "required key is missing"
    if error_type == "string_pattern_mismatch":
        return "an id must be lower-case letters, digits and hyphens, e.g. 'first-contact'"
    if error_type == "extra_forbidden":
        return "unknown key (check the spelling against docs/policy-packs.md)"
    return message.removeprefix("Value error, ")


def load_pack(path: str | Path) -> PolicyPack:
    """Load a pack from a `pack.toml` file or a folder holding one."""
    file = Path(path)
    if file.is_dir():
        file = file / PACK_FILE
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError([PackProblem(str(file), None, "", "no such pack file")]) from None
    except UnicodeDecodeError:
        raise PackError([PackProblem(str(file), None, "", "a pack file must be UTF-8 text")]) from None
    pack = parse_pack(text, str(file))
    problems = letter_problems(file.parent)
    if problems:
        raise PackError(problems)
    return pack


def letter_problems(pack_dir: Path) -> list[PackProblem]:
    """Every problem in a pack folder's letter templates (`letters/<kind>.html`), with file and line."""
    folder = pack_dir / LETTERS_DIR
    if not folder.is_dir():
        return []
    problems: list[PackProblem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")) or path.is_dir():
            continue
        key = f"letters.{path.stem}"
        if path.suffix != ".html" or path.stem not in KINDS_BY_ID:
            known = ", ".join(KINDS_BY_ID)
            problems.append(PackProblem(str(path), None, key, f"not a letter this version knows (known: {known})"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(PackProblem(str(path), None, key, "a letter template must be UTF-8 text"))
            continue
        problems += [PackProblem(str(path), p.line, key, p.message) for p in check_template(text)]
    return problems


def builtin_pack_ids() -> list[str]:
    return sorted(folder.name for folder in BUILTIN_PACKS_DIR.iterdir() if (folder / PACK_FILE).is_file())


@lru_cache(maxsize=32)
def builtin_pack(pack_id: str) -> PolicyPack:
    """A built-in pack by id, loaded once per process (packs are immutable values)."""
    if pack_id not in builtin_pack_ids():
        raise PackError(
            [
                PackProblem(
                    pack_id,
                    None,
                    "",
                    f"no built-in pack {pack_id!r} (known: {', '.join(builtin_pack_ids())})",
                )
            ]
        )
    return load_pack(BUILTIN_PACKS_DIR / pack_id)


def find_pack(id_or_path: str) -> PolicyPack:
    """A built-in pack id, or the path of a pack file or folder."""
    if "/" not in id_or_path and not id_or_path.endswith(".toml") and id_or_path in builtin_pack_ids():
        return builtin_pack(id_or_path)
    if Path(id_or_path).exists():
        return load_pack(id_or_path)
    raise PackError(
        [
            PackProblem(
                id_or_path,
                None,
                "",
                f"no such pack file or built-in pack (built-in: {', '.join(builtin_pack_ids())})",
            )
        ]
    )
