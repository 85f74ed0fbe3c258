"""The house in layers: each layer imports only the layers before it (README, "How the code is laid out")."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lkip_xls"
# A module may import its own layer and every layer with a lower rank; mail sits beside outputs.
RANKS = {"core": 0, "read": 1, "rules": 2, "text": 3, "outputs": 4, "mail": 4, "batch": 5, "api": 6, "cli": 7,
         "__main__": 8, "__init__": -1}
ALLOWED_SIDEWAYS: set[tuple[str, str]] = {("mail", "outputs")}  # replies attach what outputs wrote


def layer_of(module: str) -> str:
    return module.split(".")[0]


def imports_of(path: Path) -> list[tuple[str, int]]:
    """The lkip_xls modules a file imports (dotted, relative to the package), with line numbers."""
    module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("lkip_xls"):
                target = node.module.removeprefix("lkip_xls").lstrip(".")
            else:
                continue
            if target:
                found.append((target, node.lineno))
            else:  # from . import a, b (the package itself)
                found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((a.name.removeprefix("lkip_xls.") , node.lineno) for a in node.names
                         if a.name.startswith("lkip_xls."))
    return found


def test_no_module_imports_a_later_layer():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        here = layer_of(module)
        for target, line in imports_of(path):
            there = layer_of(target)
            if there == "__version__" or here == there or (here, there) in ALLOWED_SIDEWAYS:
                continue
            if RANKS.get(there, 99) >= RANKS.get(here, 99):
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_the_core_imports_nothing_of_the_package_but_itself():
    for path in (PACKAGE / "core").rglob("*.py"):
        assert all(layer_of(t) == "core" for t, _ in imports_of(path)), path


def test_every_folder_is_a_known_layer():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders <= set(RANKS) | {"text"}, folders
