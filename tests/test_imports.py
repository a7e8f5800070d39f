"""The package's import graph: no module imports, directly or through others, a module that
imports it back. Every import counts, at module level, inside functions and under
``TYPE_CHECKING`` alike, since each says that one module depends on another."""

from __future__ import annotations

import ast
import importlib
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


# --- boundaries: other stages are used through their package's exports -----------------------


def package_exports(package: str, modules: dict[str, Path]) -> set[str]:
    """The names a package's ``__init__`` lists in ``__all__``."""
    tree = ast.parse(modules[package].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return set()


def stage_of(module: str, modules: dict[str, Path]) -> str:
    """The stage a module belongs to: its package below ``analysis`` (``analysis.lexicon`` for
    ``analysis.lexicon.model``), or the module itself when it sits directly in ``analysis``."""
    parts = module.split(".")
    if len(parts) > 2:
        return ".".join(parts[:2])
    return module


def boundary_breaches(modules: dict[str, Path]) -> list[str]:
    """Imports that reach into another stage: a module of a package (not the package, unless
    the package lists that module in ``__all__``), a name a package does not export in
    ``__all__``, or a private (underscored) name."""
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    breaches = []
    for name, path in modules.items():
        here = stage_of(name, modules)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [(alias.name, None) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                targets = [(node.module, alias.name) for alias in node.names]
            else:
                continue
            for target, imported in targets:
                if not target.startswith("analysis.") or stage_of(target, modules) == here:
                    continue
                where = f"{name} (line {node.lineno}): {target}"
                stage = stage_of(target, modules)
                exported_module = stage in packages and target.count(".") > 1 and (
                    target.split(".")[2] in package_exports(stage, modules)
                )
                if target not in packages and stage in packages and not exported_module:
                    breaches.append(f"{where}: a module inside {stage}")
                elif imported is not None and imported.startswith("_"):
                    breaches.append(f"{where}: the private name {imported}")
                elif target in packages and imported is not None and (
                    f"{target}.{imported}" not in modules
                    and imported not in package_exports(target, modules)
                ):
                    breaches.append(f"{where}: {imported} is not in its __all__")
    return sorted(breaches)


def test_the_boundary_check_finds_a_reach_into_another_stage(tmp_path):
    package = tmp_path / "analysis"
    (package / "lexicon").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "lexicon" / "__init__.py").write_text('__all__ = ["Lexicon", "forms"]\n')
    (package / "lexicon" / "forms.py").write_text("def key(text): ...\n")
    (package / "lexicon" / "model.py").write_text("class Lexicon: ...\n_CACHE = {}\n")
    (package / "report.py").write_text(
        "from analysis.lexicon import Lexicon\n"  # fine
        "from analysis.lexicon.forms import key\n"  # fine: the package exports forms
        "from analysis.lexicon.model import Lexicon\n"  # a module inside the package
        "from analysis.lexicon import load_lexicon\n"  # not exported
    )
    (package / "pipeline.py").write_text("from analysis.report import _helper\n")
    modules = {
        ".".join(path.relative_to(tmp_path).with_suffix("").parts).removesuffix(".__init__"): path
        for path in package.rglob("*.py")
    }
    breaches = boundary_breaches(modules)
    assert [breach.split(": ", 2)[-1] for breach in breaches] == [
        "the private name _helper",  # analysis.pipeline
        "a module inside analysis.lexicon",  # analysis.report, line 3
        "load_lexicon is not in its __all__",  # analysis.report, line 4
    ]


def test_no_module_reaches_into_another_stage():
    breaches = boundary_breaches(package_modules())
    assert breaches == [], "imports past another stage's exports:\n" + "\n".join(breaches)


def test_every_name_a_package_exports_exists():
    modules = package_modules()
    for name, path in modules.items():
        if path.name == "__init__.py" and name != "analysis":
            package = importlib.import_module(name)
            missing = [export for export in package_exports(name, modules)
                       if not hasattr(package, export)]
            assert missing == [], f"{name}.__all__ names what it does not define: {missing}"
