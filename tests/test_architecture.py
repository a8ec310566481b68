"""The shape of the package: no import cycle, the core never reaches into the edges, small modules.

These are the promises the README's "How it is built" makes; a change that breaks one fails here
rather than silently making the next capability touch five modules again.
"""

from __future__ import annotations

import ast
from pathlib import Path

from screener.run.state import makes_results

PACKAGE = Path(__file__).resolve().parents[1] / "screener"
MAX_MODULE_LINES = 500  # the "~500": a module over it holds more than one idea
MAX_FUNCTION_LINES = 60  # longer needs a comment on the def line or the line above saying why
LONG_MARK = "long:"  # "# long: <why>" on the line above a def, or on the def line itself


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every screener module `name` imports, at any depth of the file (function-level too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for t in targets:
            # the longest known module the import names ("screener.read.base.X" -> "screener.read.base")
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] (a package importing its own submodules is no cycle)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if n.startswith(m + "."):
                continue  # a package's __init__ re-exporting its submodules
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return []

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return []


def test_no_import_cycle() -> None:
    cycle = _cycle(_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_core_never_imports_an_edge() -> None:
    """Code that makes results (read/, parse/, match, judge/, the core types) stands without the run,
    the outputs or the command line, so a web app or a test can call it alone."""
    graph = _graph()
    wrong = []
    for mod, deps in graph.items():
        rel = mod.removeprefix("screener").lstrip(".").replace(".", "/")
        path = _modules()[mod].relative_to(PACKAGE).as_posix()
        if not rel or not makes_results(path):
            continue
        for d in deps:
            dpath = _modules()[d].relative_to(PACKAGE).as_posix()
            if not makes_results(dpath):
                wrong.append(f"{mod} imports {d}")
    assert not wrong, wrong


def test_modules_are_small() -> None:
    big = {
        f.relative_to(PACKAGE).as_posix(): n
        for f in PACKAGE.rglob("*.py")
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not big, f"modules over {MAX_MODULE_LINES} lines: {big}"


def test_long_functions_say_why() -> None:
    long = []
    for f in PACKAGE.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            around = " ".join(lines[max(0, first - 2): node.lineno])
            if size > MAX_FUNCTION_LINES and LONG_MARK not in around:
                long.append(f"{f.relative_to(PACKAGE).as_posix()}:{node.lineno} {node.name} ({size} lines)")
    assert not long, "functions over 60 lines without a '# long: why' comment:\n" + "\n".join(sorted(long))


def test_the_version_hash_covers_exactly_the_result_making_folders() -> None:
    assert makes_results("parse/roles.py") and makes_results("judge/score.py") and makes_results("record.py")
    assert makes_results("read/pdfium.py") and makes_results("match.py")
    assert not makes_results("run/pool.py") and not makes_results("output/csv.py") and not makes_results("cli.py")


def test_every_data_file_ships_in_the_package() -> None:
    """A template, stylesheet, script or taxonomy file missed by package-data works in a checkout and
    fails after `pip install .` (a non-editable install, as the README's first command does)."""
    import fnmatch
    import tomllib

    root = PACKAGE.parent
    with (root / "pyproject.toml").open("rb") as fh:
        setup = tomllib.load(fh)["tool"]["setuptools"]
    include = setup["packages"]["find"]["include"]
    data = setup["package-data"]
    missing = []
    for top in ("screener", "skill_taxonomy"):
        assert any(fnmatch.fnmatch(top, pattern) for pattern in include), top
        for f in (root / top).rglob("*"):
            if not f.is_file() or f.suffix in (".py", ".pyc") or "__pycache__" in f.parts:
                continue
            if f.suffix in (".c", ".so", ".pyi"):
                # a compiled accelerator: built from ext-modules, its source shipped in the sdist
                assert any(str(f.relative_to(root).with_suffix(".c")).split(".")[0] + ".c" in m["sources"]
                           for m in setup["ext-modules"]), f
                continue
            # the nearest enclosing package that declares package data
            rel = f.relative_to(root)
            owners = [".".join(rel.parts[:i]) for i in range(len(rel.parts) - 1, 0, -1)]
            owner = next((o for o in owners if o in data), None)
            if owner is None:
                missing.append(str(rel))
                continue
            base = root / owner.replace(".", "/")
            if not any(f in set(base.glob(pattern)) for pattern in data[owner]):  # setuptools' glob: * stops at /
                missing.append(str(rel))
    assert not missing, f"not shipped by pyproject's package-data: {missing}"
