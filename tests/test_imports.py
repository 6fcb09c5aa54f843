"""The project's modules form no import cycle, not even through imports inside functions, and each imports alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "bot", "speechbot")


def project_modules() -> dict[str, Path]:
    mods = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            mods[".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")] = path
    return mods


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Imports under `if TYPE_CHECKING:` exist for the type checker only: they never run."""
    return {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for n in ast.walk(stmt)
    }


def import_graph(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in its body (functions included)."""
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = module.split(".")
                    keep = len(parts) - node.level + (1 if is_package else 0)
                    base = ".".join(parts[:keep] + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                # A submodule importing its own package's __init__ is how Python loads it anyway.
                if target and target != module and not module.startswith(target + "."):
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    graph = import_graph(project_modules())
    assert graph["index.engine"], "the graph must see the engine's imports, or this test proves nothing"
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_hidden_inside_a_function(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "__init__.py").write_text("")
    (tmp_path / "index" / "a.py").write_text("from index.b import g\n\ndef f():\n    return g()\n")
    (tmp_path / "index" / "b.py").write_text("def g():\n    from index.a import f\n    return f\n")
    mods = {f"index.{n}": tmp_path / "index" / f"{n}.py" for n in ("a", "b")}
    assert cycles(import_graph(mods)) == [["index.a", "index.b"]]


def test_index_knows_nothing_of_discord_or_the_command_line():
    graph = import_graph(project_modules())
    leaks = {m: sorted(t for t in targets if not t.startswith("index")) for m, targets in graph.items()}
    assert {m: t for m, t in leaks.items() if m.startswith("index") and t} == {}


# Run in a fresh interpreter: third-party packages are imported once, then each project module is
# imported in a forked child that has none of the project's modules loaded.
_ALONE = """
import importlib, os, sys, traceback
sys.path.insert(0, os.getcwd())
for name in sys.argv[2].split(","):
    try:
        importlib.import_module(name)
    except Exception:
        pass
failed = 0
for module in sys.argv[1].split(","):
    assert not any(m == p or m.startswith(p + ".") for m in sys.modules for p in ("index", "bot", "speechbot"))
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(module)
        except BaseException:
            sys.stderr.write(f"--- {module}\\n" + traceback.format_exc())
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    failed += status != 0
sys.exit(1 if failed else 0)
"""


def third_party_imports(mods: dict[str, Path]) -> set[str]:
    out = set()
    for path in mods.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: what importing the module costs
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                out.add(node.module)
    return {m for m in out if m.split(".")[0] not in PACKAGES and m != "__future__"}


def test_each_module_imports_alone():
    """An import-order dependency (a module that works only after another was imported) fails here."""
    mods = project_modules()
    modules = [m for m in mods if not m.endswith("__main__")]
    p = subprocess.run(
        [sys.executable, "-c", _ALONE, ",".join(modules), ",".join(sorted(third_party_imports(mods)))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-4000:]


def test_the_clis_settings_check_does_not_load_discord():
    """`speechbot ask` imports bot.settings to check every setting; discord.py must stay unloaded."""
    code = "import sys, speechbot.cli, bot.settings; print(sorted(m for m in sys.modules if m.startswith('discord')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
