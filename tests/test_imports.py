"""The package's import graph: no module imports, directly or through others, a module that
imports it back. Every import counts, at module level, inside functions and under
``TYPE_CHECKING`` alike, since each says that one module depends on another."""

from __future__ import annotations

import ast
from pathlib import Path

from support import PROJECT

PACKAGE = PROJECT / "analysis"


def module_name(path: Path) -> str:
    """``analysis/lexicon/model.py`` -> ``analysis.lexicon.model``; a package's ``__init__.py``
    is the package itself."""
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that the module ``name`` imports anywhere in its file.
    ``from analysis.lexicon import model`` names the module ``analysis.lexicon.model``;
    ``from analysis.lexicon import Lexicon`` names the package ``analysis.lexicon``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package upwards
                base = name.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = package_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of two or more modules that import each other, directly or in a ring (the
    strongly connected components of the graph, by Tarjan's algorithm)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], index[imported])
        if lowest[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_ring_of_three():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks():
    graph = import_graph()
    # analysis.cli imports the pipeline inside its command functions only
    assert "analysis.pipeline" in graph["analysis.cli"]
    # the report modules name Analysis under TYPE_CHECKING only
    assert "analysis.results" in graph["analysis.report.sections"]


def test_no_module_imports_a_module_that_imports_it_back():
    cycles = import_cycles(import_graph())
    assert cycles == [], "import circles: " + "; ".join(" <-> ".join(c) for c in cycles)
