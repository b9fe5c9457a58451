"""The layers of docs/architecture.md, checked on the source: imports go one way, no cycles.

Every ``import`` of a collabdb module counts, at module level or inside a function (a deferred
import is still a dependency).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "collabdb"

#: What a module of each layer may not import (by module-name prefix).
FORBIDDEN = {
    "collabdb.tables": ("collabdb.repositories", "collabdb.services", "collabdb.cli",
                        "collabdb.models", "collabdb.schemas", "collabdb.unit_of_work"),
    "collabdb.repositories": ("collabdb.services", "collabdb.cli", "collabdb.models",
                              "collabdb.unit_of_work"),
    "collabdb.unit_of_work": ("collabdb.repositories", "collabdb.services", "collabdb.cli"),
    "collabdb.services": ("collabdb.cli", "collabdb.models"),
    "collabdb.schemas": ("collabdb.repositories", "collabdb.services", "collabdb.cli",
                         "collabdb.unit_of_work"),
    "collabdb.kinds": ("collabdb.repositories", "collabdb.services", "collabdb.cli",
                       "collabdb.schemas", "collabdb.unit_of_work"),
    "collabdb.models": ("collabdb.repositories", "collabdb.services", "collabdb.cli"),
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _graph() -> dict[str, frozenset[str]]:
    """Module -> the collabdb modules it imports."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith("collabdb"):
                    for alias in node.names:
                        submodule = f"{node.module}.{alias.name}"
                        found.add(submodule if submodule in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("collabdb"))
        graph[name] = frozenset(found & set(modules) - {name})
    return graph


def _layer_rules() -> list[tuple[str, str]]:
    return [(module, layer) for module in sorted(_graph()) for layer in FORBIDDEN
            if module == layer or module.startswith(f"{layer}.")]  # fmt: skip


@pytest.mark.parametrize(("module", "layer"), _layer_rules(), ids=lambda value: value)
def test_no_module_imports_a_layer_above_its_own(module: str, layer: str) -> None:
    wrong = sorted(
        imported
        for imported in _graph()[module]
        for forbidden in FORBIDDEN[layer]
        if imported == forbidden or imported.startswith(f"{forbidden}.")
    )
    assert not wrong, f"{module} imports {wrong}"


def test_only_the_cli_imports_the_cli() -> None:
    outside = {
        module: sorted(i for i in imported if i.startswith("collabdb.cli"))
        for module, imported in _graph().items()
        if not module.startswith("collabdb.cli") and module != "collabdb.__main__"
    }
    assert {module: found for module, found in outside.items() if found} == {}


def _cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_there_is_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset()}
    assert _cycles(graph) == [["a", "b", "c"]]
