"""The package's folders are its layers, and every import goes downward (or stays within its folder).

messages  <  errors  <  inputs  <  compute  <  present  <  run  <  cli  <  launch

messages (the catalogue of every sentence a user reads) is below everything: every layer words through it.
"""

from __future__ import annotations

import ast

from conftest import REPO

PACKAGE = REPO / "govreport"
ORDER = {"messages": 0, "errors": 1, "inputs": 2, "compute": 3, "present": 4, "run": 5, "cli": 6, "launch": 7}
FOLDERS = ("messages", "inputs", "compute", "present", "run")


def layer(module: str) -> str | None:
    """The layer of `govreport.x.y` (None for the package's facade, `govreport` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports(path) -> set[str]:
    """Every govreport module `path` imports, at any depth of the file (lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govreport"):
            found |= {
                f"{node.module}.{a.name}" if node.module in [f"govreport.{f}" for f in FOLDERS] else node.module
                for a in node.names
            }
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("govreport")}
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        yield name, path


def test_every_module_lives_in_a_layer():
    loose = [name for name, _ in modules() if layer(name) not in ORDER and name != "govreport"]
    assert loose == []


def test_imports_go_only_downward():
    upward = []
    for name, path in modules():
        if name == "govreport":
            continue  # the facade re-exports the public API from whatever layer holds it
        for target in imports(path):
            if layer(target) is None:
                upward.append(f"{name} imports the facade {target}")
            elif ORDER[layer(target)] > ORDER[layer(name)]:
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_the_layers_are_the_folders():
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")) == sorted(FOLDERS)
