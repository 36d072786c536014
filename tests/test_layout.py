"""The layout's rules, checked on the code itself (README, Layout):

- no import cycle between the package's modules, lazy imports inside functions included;
- only kg/engine/ creates processes or pools and holds tuning constants;
- only kg/engine/ uses the subset-store code (kg.engine.subset): stage code hands its queries
  to the engine's door (kg.engine.runner), which decides the stores.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
POOLS = ("ProcessPoolExecutor", "multiprocessing", "os.fork", "subprocess.Popen")


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imports(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = nx.DiGraph()
    for name, tree in modules.items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(tree)
                             if target in modules and target != name)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def test_only_the_engine_creates_processes_or_holds_tuning_constants() -> None:
    offenders = []
    for name, tree in _modules().items():
        if name.startswith("kg.engine"):
            continue
        text = ast.unparse(tree)
        offenders += [(name, word) for word in POOLS if word in text]
        offenders += [(name, "imports kg.engine.tuning") for target in _imports(tree)
                      if target.startswith("kg.engine.tuning")]
    assert offenders == []


def test_subset_stores_stay_in_the_engine() -> None:
    users = {name for name, tree in _modules().items() if not name.startswith("kg.engine")
             and any(t.startswith("kg.engine.subset") for t in _imports(tree))}
    assert users == set()
