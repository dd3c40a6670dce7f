"""Architecture boundaries: the domain never imports Textual, and each library has one home.

Imports are checked twice: by importing the modules in a fresh interpreter (what really gets
loaded, transitively) and by reading every source file's import statements with ``ast`` (which
also sees imports inside functions, that a plain import would not run).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"

UI_MODULES = {"tui.app", "tui.commands", "tui.keymap", "tui.launch", "tui.progress"}
"""Top-level modules that are part of the Textual front end."""

UI_PACKAGES = ("tui.screens", "tui.widgets")
"""Packages whose every module is part of the Textual front end."""

DOMAIN_MODULES = (
    "tui.model",
    "tui.model_docs",
    "tui.rules",
    "tui.dates",
    "tui.store",
    "tui.drafts",
    "tui.clipboard",
    "tui.exporters",
    "tui.people",
    "tui.config",
    "tui.cli",
)
"""The modules the project promises never load Textual (the CLI works without it)."""

UI_LIBRARIES = ("textual", "rich")
"""Rich comes with Textual; the domain formats text itself."""

ONLY_HOME = {"tinydb": "tui.store.store", "arrow": "tui.dates", "pyperclip": "tui.clipboard"}
"""Libraries that exactly one module may import."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_ui(module: str) -> bool:
    return module in UI_MODULES or any(
        module == package or module.startswith(f"{package}.") for package in UI_PACKAGES
    )


@cache
def _imported_libraries() -> dict[str, set[str]]:
    """Each tui module -> the top-level names of the absolute imports anywhere in its source."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[_module_name(path)] = names
    return found


def _non_ui_modules() -> list[str]:
    return sorted(module for module in _imported_libraries() if not _is_ui(module))


def _newly_loaded(modules: list[str], watched: tuple[str, ...]) -> dict[str, list[str]]:
    """Import ``modules`` in order in a fresh interpreter; what each one added from ``watched``."""
    script = f"""
import importlib, json, sys
watched = {watched!r}
def loaded():
    return {{name for name in sys.modules if name.split(".")[0] in watched}}
added = {{}}
for module in {modules!r}:
    before = loaded()
    importlib.import_module(module)
    added[module] = sorted(loaded() - before)
print(json.dumps(added))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    added: dict[str, list[str]] = json.loads(result.stdout)
    return added


def test_the_scan_sees_the_whole_package() -> None:
    modules = set(_imported_libraries())
    assert set(DOMAIN_MODULES) <= modules
    assert modules >= UI_MODULES
    assert any(module.startswith("tui.screens.") for module in modules)
    assert any(module.startswith("tui.widgets.") for module in modules)


def test_domain_modules_do_not_load_textual_when_imported() -> None:
    modules = list(DOMAIN_MODULES) + [m for m in _non_ui_modules() if m not in DOMAIN_MODULES]
    added = _newly_loaded(modules, UI_LIBRARIES)
    # Report the first module that pulled Textual in, not every one imported after it.
    culprits = {module: names[:3] for module, names in added.items() if names}
    assert culprits == {}


def test_importing_the_package_alone_stays_cheap() -> None:
    added = _newly_loaded(["tui"], ("textual", "rich", "tinydb", "arrow", "pyperclip", "orjson"))
    assert added == {"tui": []}


@pytest.mark.parametrize("library", UI_LIBRARIES)
def test_only_the_front_end_imports_ui_libraries(library: str) -> None:
    offenders = [m for m in _non_ui_modules() if library in _imported_libraries()[m]]
    assert offenders == []


@pytest.mark.parametrize(("library", "home"), sorted(ONLY_HOME.items()))
def test_each_library_is_imported_by_its_one_module(library: str, home: str) -> None:
    importers = sorted(m for m, names in _imported_libraries().items() if library in names)
    assert importers == [home]


LAYERS = {"tui.widgets": ("tui.screens", "tui.app"), "tui.screens": ("tui.app",)}
"""Imports only go down: widgets never import screens or the app, screens never the app.
They post messages or return through dismiss instead."""

PURE_UI_MODULES = ("tui.keymap", "tui.commands")
"""UI modules that are handed what they act on, so they import no screen and not the app."""


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _tui_imports(path: Path) -> set[str]:
    """Every tui module a source file imports, anywhere in it (inside functions and
    ``TYPE_CHECKING`` blocks too), with relative imports made absolute."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if _within(alias.name, "tui"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if _within(target, "tui"):
                found.add(target)
                # "from . import app" and "from .screens import board" name modules too.
                found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _layer_violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        for layer, forbidden in LAYERS.items():
            if not _within(module, layer):
                continue
            for imported in sorted(_tui_imports(path)):
                if any(_within(imported, above) for above in forbidden):
                    found.append(f"{module} imports {imported}")
    return found


def test_the_layer_scan_resolves_relative_and_function_level_imports() -> None:
    source = PACKAGE / "widgets" / "board_view.py"
    assert "tui.model" in _tui_imports(source)
    detail = _tui_imports(PACKAGE / "screens" / "card_detail.py")
    assert {"tui.rules", "tui.model", "tui.widgets.safe_text"} <= detail


def test_widgets_and_screens_never_import_upward() -> None:
    assert _layer_violations() == []


@pytest.mark.parametrize("module", PURE_UI_MODULES)
def test_keymap_and_commands_import_no_screen_and_not_the_app(module: str) -> None:
    path = PACKAGE / f"{module.removeprefix('tui.')}.py"
    upward = [m for m in _tui_imports(path) if _within(m, "tui.app") or _within(m, "tui.screens")]
    assert upward == []


def test_no_import_cycle_among_widgets_and_screens() -> None:
    graph = {
        _module_name(path): _tui_imports(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if _within(_module_name(path), "tui.widgets") or _within(_module_name(path), "tui.screens")
    }
    cycles = sorted(
        f"{module} <-> {other}"
        for module, imported in graph.items()
        for other in imported
        if other in graph and other != module and module in graph[other] and module < other
    )
    assert cycles == []
