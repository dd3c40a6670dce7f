"""Shared fixtures: every test runs with its own config, data and cache folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point config, data and cache at a fresh folder, so no test sees the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FOLLOWUP_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)
    return home


@pytest.fixture
def frozen_now() -> Iterator[None]:
    """Freeze the app's clock at Wed 25 Nov 2026 12:00 UTC."""
    from tui import dates

    with dates.frozen_clock("2026-11-25T12:00:00+00:00"):
        yield
