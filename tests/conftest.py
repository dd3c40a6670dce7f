"""Shared fixtures: every test runs with its own config, data and cache folders."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

DEFAULT_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""The suite's frozen 'now' where a module names no NOW of its own: a Wednesday at noon, UTC."""


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
def clock(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """Freeze the app's clock at the test module's ``NOW`` (else Wed 25 Nov 2026 12:00 UTC).

    The one clock of the suite: a module asks for it with
    ``pytestmark = pytest.mark.usefixtures("clock")``; every test under tests/ui gets it.
    """
    from tui import dates

    moment = getattr(request.module, "NOW", DEFAULT_NOW)
    with dates.frozen_clock(moment) as frozen:
        yield frozen


def need_binaries(*names: str) -> None:
    """Skip when a tool is absent on a developer machine; in CI a missing tool is a failure."""
    absent = [name for name in names if shutil.which(name) is None]
    if not absent:
        return
    message = f"{', '.join(absent)} not installed (apt-get install xvfb xclip)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def xvfb(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X server; DISPLAY points at it for the test."""
    need_binaries("Xvfb", "xclip")
    # -displayfd makes Xvfb pick a free display itself and write its number once it accepts
    # connections, so parallel test runs never collide and no polling is needed.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "640x480x8"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not start within 15 seconds")
        display = f":{number}"
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        yield display
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
