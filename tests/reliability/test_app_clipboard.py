"""Clipboard faults inside the app: a hanging xclip must not freeze the board.

A fake ``xclip`` first on PATH never answers (DISPLAY points at a display that does not exist).
Pressing c must return control at once: the board keeps answering keys while the copy waits
in its thread, and a notification then says where the draft went instead.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import BoardPage, notifications, running, seed_board, shown_notes, stage_of
from tui import clipboard, paths
from tui.model import Stage

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def hanging_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An xclip that records its pid and sleeps; every one started is killed afterwards."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "xclip.pids"
    fake = bin_dir / "xclip"
    fake.write_text(f'#!/bin/sh\necho $$ >> "{pids}"\nexec sleep 30\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":97")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield pids
    # Kill every fake xclip until the abandoned copy thread has finished: once the copy's
    # xclip dies, pyperclip starts another one to read the text back.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for line in pids.read_text().split() if pids.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line), signal.SIGKILL)
        if not clipboard.busy():
            break
        time.sleep(0.05)


async def test_a_hanging_xclip_does_not_freeze_the_board(
    tmp_path: Path, hanging_xclip: Path
) -> None:
    db = seed_board(tmp_path / "board.json")
    async with running(db) as (pilot, app):
        draft = BoardPage(app).draft
        assert draft is not None
        started = time.monotonic()
        await pilot.press("c")
        # The board answers keys while xclip hangs.
        await pilot.press("l")
        assert stage_of(app) is Stage.THANKED
        await pilot.press("h", "j")
        assert stage_of(app) is Stage.INTERVIEWED
        assert time.monotonic() - started < 3.0, "keys waited for the clipboard"
        assert hanging_xclip.exists(), "the fake xclip was never run"
        # Then the copy gives up on xclip and says where the text went instead.
        while not any("Copied" in note for note in notifications(app)):
            assert time.monotonic() - started < 10.0, "no notification after a hung copy"
            await pilot.pause(0.1)
        note = next(each for each in shown_notes(app) if "Copied" in str(each.message))
        assert "last-draft.txt" in str(note.message)
        assert note.severity == "warning"  # nothing confirmed the copy
        assert time.monotonic() - started < 5.0
    assert paths.fallback_clipboard_file().read_text(encoding="utf-8") == draft.body  # c: body
