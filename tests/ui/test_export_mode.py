"""Exports hold the board's names and emails: a new export file is 0600, like the board, from
the palette (its suggested ~/followup-tui.csv) and from the command line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.conftest import notifications, running, seed_board, wait_for
from tui.screens.dialogs import AskScreen

SCRIPT = Path(sys.executable).parent / "followup-tui"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_palette_s_suggested_csv_in_the_home_folder_is_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    old = os.umask(0o022)  # the usual umask, under which a new file would be 0644
    try:
        async with running(seed_board(tmp_path / "board.json")) as (pilot, app):
            app.board_screen.export("csv")
            await wait_for(
                pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted
            )
            box = app.screen.query_one("#ask-input", Input)
            assert box.value == str(home / "followup-tui.csv")  # as suggested
            await pilot.press("enter")
            await wait_for(pilot, lambda: "Exported 7 cards" in " ".join(notifications(app)))
    finally:
        os.umask(old)
    written = home / "followup-tui.csv"
    assert b"Birch Labs" in written.read_bytes()
    assert mode_of(written) == 0o600


@pytest.mark.parametrize("suffix", ["csv", "json", "ics"])
def test_the_command_line_s_export_file_is_0600(tmp_path: Path, suffix: str) -> None:
    board = seed_board(tmp_path / "board.json")
    target = tmp_path / f"out.{suffix}"
    result = subprocess.run(
        [str(SCRIPT), "--db", str(board), "export", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    assert mode_of(target) == 0o600
