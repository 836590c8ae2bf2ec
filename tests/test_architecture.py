"""The house plan, enforced: the domain layer never imports Django (ARCHITECTURE.md, "Layers")."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "casework" / "domain"
ALLOWED_THIRD_PARTY = {
    "pydantic",
    "pydantic_core",
    "holidays",
    "jinja2",  # letter templates: a sandboxed template language with no I/O of its own
    "annotated_types",
    "typing_extensions",
}


def _imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_only_the_standard_library_pydantic_holidays_and_jinja():
    import sys

    offenders = {}
    for path in sorted(DOMAIN.rglob("*.py")):
        foreign = {
            name
            for name in _imported_top_level_modules(path)
            if name not in sys.stdlib_module_names and name not in ALLOWED_THIRD_PARTY and name != "casework"
        }
        if foreign:
            offenders[str(path.relative_to(DOMAIN.parent.parent))] = sorted(foreign)

    assert offenders == {}, f"casework/domain must stay pure; these import other packages: {offenders}"


def test_domain_imports_nothing_from_the_django_layers_of_casework():
    for path in sorted(DOMAIN.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("casework."):
                assert node.module.startswith("casework.domain"), f"{path}: imports {node.module}"


def test_the_suite_cannot_reach_the_network():
    import socket

    import pytest

    with pytest.raises(OSError, match="may not reach the network"), socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routable
