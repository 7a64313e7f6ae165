"""The one-way layout of docs/architecture.md ("Packages and layers"), read from the code.

Every import of every module counts, including those inside functions: runtime <
compiler < host < top.  The runtime imports nothing else of deluge2py; the compiler
imports from the runtime only its catalogs; the host never imports the top.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"runtime": "deluge2py.runtime", "transpiler": "deluge2py"}
TOP = ("deluge2py.cli", "deluge2py.cmd_", "deluge2py.__main__", "deluge2py.terminal", "deluge2py.watch",
       "deluge2py.estimate_report", "deluge2py.fakezoho", "deluge2py.org")
#: What the compiler may import from the runtime: the built-ins catalog and the task/cost
#: catalog (the task specs of ``zoho/crm.py`` and the cost rules of ``credits.py``).
COMPILER_MAY_IMPORT = ("deluge2py.runtime.builtins.catalog", "deluge2py.runtime.zoho.crm",
                       "deluge2py.runtime.zoho.tasks", "deluge2py.runtime.credits")
RANK = {"runtime": 1, "compiler": 2, "host": 3, "top": 4}


def module_name(path: Path) -> tuple[str, bool]:
    """``(dotted name, is a package __init__)`` of a source file."""
    rel = path.relative_to(ROOT)
    parts = [FOLDERS[rel.parts[0]], *rel.with_suffix("").parts[1:]]
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def layer(name: str) -> str:
    if name == "deluge2py.runtime" or name.startswith("deluge2py.runtime."):
        return "runtime"
    if name == "deluge2py.host" or name.startswith("deluge2py.host."):
        return "host"
    if name.startswith(TOP):
        return "top"
    return "compiler"


def imported(path: Path) -> list[tuple[int, str]]:
    """``(line, dotted name)`` of every deluge2py import in the file; ``from m import x``
    names ``m.x`` when that is a module of the tree, else ``m``."""
    name, is_package = module_name(path)
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.append((node.lineno, candidate if candidate in MODULES else target))
    return [(line, target) for line, target in found
            if target == "deluge2py" or target.startswith("deluge2py.")]


SOURCES = sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")
                 if "__pycache__" not in p.parts)
MODULES = {module_name(p)[0] for p in SOURCES}


def allowed(source: str, target: str) -> bool:
    here, there = layer(source), layer(target)
    if here == "runtime":
        return there == "runtime"
    if here == "compiler" and there == "runtime":
        return target.startswith(COMPILER_MAY_IMPORT)
    if target == "deluge2py":  # the package itself: its __init__ imports nothing eagerly
        return True
    return RANK[there] <= RANK[here]


def test_every_module_is_classified():
    assert len(SOURCES) > 50
    assert {layer(m) for m in MODULES} >= {"runtime", "compiler", "host", "top"}


def test_imports_run_one_way_only():
    wrong = []
    for path in SOURCES:
        source = module_name(path)[0]
        for line, target in imported(path):
            if not allowed(source, target):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {layer(source)} {source} "
                             f"imports {layer(target)} {target}")
    assert wrong == []


def test_the_checker_catches_a_wrong_arrow():
    assert not allowed("deluge2py.runtime.values", "deluge2py.api")
    assert not allowed("deluge2py.runtime.errors", "deluge2py.host.tracebacks")
    assert not allowed("deluge2py.codegen", "deluge2py.runtime.values")
    assert allowed("deluge2py.codegen", "deluge2py.runtime.builtins.catalog")
    assert not allowed("deluge2py.codegen", "deluge2py.host.runner")
    assert not allowed("deluge2py.host.runner", "deluge2py.cmd_run")
    assert allowed("deluge2py.cmd_run", "deluge2py.host.runner")
    assert allowed("deluge2py.host.runner", "deluge2py.api")


#: The value core: the value classes, their operators, rendering and errors, and the method
#: mixins. They need each other, so they may import one another (docs/architecture.md).
VALUE_CORE = {f"deluge2py.runtime.{name}" for name in (
    "values", "dates", "times", "errors", "ops", "render", "builtins", "builtins.collections",
    "builtins.maps", "builtins.common", "builtins.json_xml", "builtins.number", "builtins.text",
    "builtins.dates_fn", "builtins.encoding", "builtins.xpath")}


def import_cycles(modules) -> list[set[str]]:
    """The groups of modules that import one another (strongly connected, more than one)."""
    graph = {m: set() for m in modules}
    for path in SOURCES:
        source = module_name(path)[0]
        if source in graph:
            graph[source] |= {t for _, t in imported(path) if t in graph and t != source}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_runtime_has_no_import_cycle_but_the_value_core():
    runtime = {m for m in MODULES if layer(m) == "runtime"}
    assert VALUE_CORE <= runtime
    assert [group for group in import_cycles(runtime) if not group <= VALUE_CORE] == []


def test_the_cycle_finder_finds_a_cycle():
    assert import_cycles({"deluge2py.runtime.values", "deluge2py.runtime.ops"}) == [
        {"deluge2py.runtime.values", "deluge2py.runtime.ops"}]
