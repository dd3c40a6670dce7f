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

UI_MODULES = {"tui.app", "tui.commands", "tui.keymap"}
"""Top-level modules that are part of the Textual front end."""

UI_PACKAGES = ("tui.screens", "tui.widgets")
"""Packages whose every module is part of the Textual front end."""

DOMAIN_MODULES = (
    "tui.model",
    "tui.rules",
    "tui.dates",
    "tui.store",
    "tui.drafts",
    "tui.clipboard",
    "tui.exporters",
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
