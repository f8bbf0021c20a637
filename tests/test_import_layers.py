"""Apps stand in layers (docs/architecture.md): a lower app never imports a higher
one. Tests and migrations are outside the rule; everything else is read with
``ast`` and every ``import jiyue.<app>…`` is checked against the order below."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jiyue"
LAYERS = (
    ("workdays", "quality"),
    ("cluster",),
    ("content",),
    ("editorial", "accounts", "publishing", "interaction", "services", "disclosure",
     "search", "linkage", "monitor"),
    ("assessment", "analytics"),
    ("worker", "demo"),
)  # fmt: skip
LAYER = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "jiyue" and len(parts) > 1 and parts[1] in LAYER:
                found.add(parts[1])
    return found


def upward_imports() -> dict[str, set[str]]:
    upward = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] not in LAYER:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        higher = {app for app in imported_apps(path) if LAYER[app] > LAYER[parts[0]]}
        if higher:
            upward["/".join(parts)] = higher
    return upward


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps - set(LAYER) == set()


# Upward imports still to be removed, each with how (the test fails when one is
# gone, so that the list only shrinks).
KNOWN_UPWARD: dict[str, set[str]] = {}


def test_no_app_imports_a_higher_one():
    upward = upward_imports()
    unexpected = {
        path: apps - KNOWN_UPWARD.get(path, set())
        for path, apps in upward.items()
        if apps - KNOWN_UPWARD.get(path, set())
    }
    assert unexpected == {}
    assert upward == KNOWN_UPWARD, "a known upward import is gone: take it off"


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from jiyue.demo import load_demo_cluster\nimport jiyue.cluster\n"
    )
    assert imported_apps(module) == {"demo", "cluster"}
