"""o (mail): only the platform opener runs, detached and quiet, with a time limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui.opener import open_link

URL = "mailto:jo@example.com?subject=Thanks&body=Dear%20Jo"


@pytest.fixture
def bin_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A PATH of our fake xdg-open (and sh), a display, and a console browser in $BROWSER."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("sh", "sleep", "touch"):
        os.symlink(
            f"/bin/{tool}" if Path(f"/bin/{tool}").exists() else f"/usr/bin/{tool}", folder / tool
        )
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "w3m")
    return folder


def opener(folder: Path, script: str) -> None:
    tool = folder / "xdg-open"
    tool.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    tool.chmod(0o755)


def test_a_failing_opener_is_reported_and_its_output_kept_off_the_terminal(
    bin_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    opener(bin_dir, "echo \"xdg-open: no method available for opening '$1'\" >&2; exit 3")
    opened = open_link(URL)
    assert not opened.ok
    assert opened.message.startswith("xdg-open could not open a mail client: xdg-open: no method")
    assert capfd.readouterr() == ("", "")


def test_the_opener_runs_detached_without_the_terminal_or_browser(
    bin_dir: Path, tmp_path: Path
) -> None:
    seen = tmp_path / "seen"
    # No terminal to draw on (its own session), and $BROWSER is not passed on.
    opener(
        bin_dir, f'(exec 3</dev/tty) 2>/dev/null && touch "{seen}-tty"; touch "{seen}-$BROWSER-$1"'
    )
    opened = open_link(URL)
    assert opened.ok and opened.message == "opened your mail client (xdg-open)"
    assert (tmp_path / f"seen--{URL}").exists()
    assert not (tmp_path / "seen-tty").exists()


def test_an_opener_that_does_not_finish_gives_control_back_in_time(bin_dir: Path) -> None:
    opener(bin_dir, "sleep 30")
    started = time.monotonic()
    opened = open_link(URL, timeout=1.0)
    assert time.monotonic() - started < 3
    assert opened.ok and "handed the draft" in opened.message


def test_without_a_display_nothing_is_run(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opener(bin_dir, f'touch "{tmp_path}/ran"')
    opened = open_link(URL)
    assert not opened.ok and "no graphical display" in opened.message
    assert not (tmp_path / "ran").exists()


def test_no_opener_installed(bin_dir: Path) -> None:
    opened = open_link(URL)
    assert not opened.ok and "xdg-open was not found" in opened.message
