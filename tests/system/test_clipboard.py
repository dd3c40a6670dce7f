"""The clipboard: a real xclip under Xvfb, fake tools that hang or fail, and the fallbacks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need_binaries
from tui import clipboard
from tui.clipboard import CopyMethod

DRAFT = "Subject: Thank you\n\nDear Dana,\n\nCaf\u00e9 \u2013 na\u00efve 👋 [bold]Acme[/bold]\n"


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No graphical session and no clipboard tools on PATH; returns the (empty) PATH folder."""
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(empty_bin))
    return empty_bin


def _fake_tool(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(0o755)


def _fake_display_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xclip_script: str) -> None:
    """DISPLAY set and only a fake xclip on PATH, so pyperclip picks the fake."""
    fake_bin = tmp_path / "fake-bin"
    _fake_tool(fake_bin, "xclip", xclip_script)
    monkeypatch.setenv("PATH", str(fake_bin))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def test_copies_to_the_system_clipboard_and_confirms(xvfb: str, tmp_path: Path) -> None:
    sent: list[str] = []
    fallback = tmp_path / "cache" / "last-draft.txt"

    result = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=fallback)

    assert result.methods == (CopyMethod.SYSTEM,)
    assert result.confirmed
    assert result.file is None
    assert result.system_error is None
    assert result.detail == "copied to the system clipboard (xclip)"
    pasted = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard"], capture_output=True, check=True, timeout=10
    ).stdout.decode("utf-8")
    assert pasted == DRAFT
    assert sent == []  # OSC 52 is only a fallback
    assert not fallback.exists()
    assert clipboard.copy_to_system("second draft") is None


def test_display_without_x_server_is_not_taken_for_success(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The case pyperclip gets wrong: xclip exits quietly, copy() returns, nothing was copied.
    need_binaries("xclip")
    monkeypatch.setenv("DISPLAY", ":987")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    sent: list[str] = []

    result = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=tmp_path / "draft.txt")

    assert result.methods == (CopyMethod.OSC52, CopyMethod.FILE)
    assert not result.confirmed
    assert result.system_error is not None and "xclip" in result.system_error
    assert sent == [DRAFT]


def test_no_display_sends_osc52_and_also_saves_a_file(no_display: Path, tmp_path: Path) -> None:
    sent: list[str] = []
    fallback = tmp_path / "cache" / "followup-tui" / "last-draft.txt"

    result = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=fallback)

    assert sent == [DRAFT]
    assert result.methods == (CopyMethod.OSC52, CopyMethod.FILE)
    assert not result.confirmed
    assert result.file == fallback
    assert fallback.read_text(encoding="utf-8") == DRAFT
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o600
    assert result.detail == f"sent to the terminal clipboard (OSC 52); also saved to {fallback}"
    assert result.system_error == "there is no graphical display (DISPLAY is not set)"
    assert clipboard.copy_to_system(DRAFT) == result.system_error


def test_no_clipboard_at_all_saves_the_file_and_says_why(no_display: Path, tmp_path: Path) -> None:
    fallback = tmp_path / "last-draft.txt"

    result = clipboard.copy(DRAFT, fallback_file=fallback)

    assert result.methods == (CopyMethod.FILE,)
    assert result.file == fallback
    assert "DISPLAY is not set" in result.detail
    assert str(fallback) in result.detail


def test_default_file_is_in_the_user_cache_folder(
    no_display: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))

    result = clipboard.copy(DRAFT)

    expected = tmp_path / "xdg-cache" / "followup-tui" / "last-draft.txt"
    assert result.file == expected
    assert expected.read_text(encoding="utf-8") == DRAFT


def test_existing_file_is_replaced_and_made_private(no_display: Path, tmp_path: Path) -> None:
    fallback = tmp_path / "last-draft.txt"
    fallback.write_text("an older draft")
    fallback.chmod(0o644)

    clipboard.copy(DRAFT, fallback_file=fallback)

    assert fallback.read_text(encoding="utf-8") == DRAFT
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o600
    # No temporary file is left behind next to it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-bin", "last-draft.txt"]


@pytest.fixture
def hanging_xclip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A fake xclip that hangs for 30 s; afterwards the stuck worker is released."""
    pid_file = tmp_path / "xclip-pids"
    release = tmp_path / "release"
    sleep = shutil.which("sleep") or "/bin/sleep"
    _fake_display_with(
        monkeypatch,
        tmp_path,
        f'[ -e "{release}" ] && exit 0\necho $$ >> "{pid_file}"\nexec "{sleep}" 30\n',
    )
    yield
    # Free the abandoned worker thread so later tests find the clipboard idle.
    release.touch()
    deadline = time.monotonic() + 10
    while clipboard.busy() and time.monotonic() < deadline:
        for line in pid_file.read_text().split() if pid_file.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line), signal.SIGTERM)
        time.sleep(0.05)
    assert not clipboard.busy()


def test_hanging_tool_is_abandoned_after_the_timeout(hanging_xclip: None, tmp_path: Path) -> None:
    sent: list[str] = []
    started = time.monotonic()

    result = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=tmp_path / "draft.txt")

    assert time.monotonic() - started < 2.5
    assert result.methods == (CopyMethod.OSC52, CopyMethod.FILE)
    assert result.system_error == "the system clipboard did not answer within 2 seconds"
    assert sent == [DRAFT]
    assert clipboard.busy()

    # A second copy while the first is stuck does not wait again or start another thread.
    started = time.monotonic()
    again = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=tmp_path / "draft.txt")
    assert time.monotonic() - started < 0.5
    assert again.system_error == "the system clipboard is still busy with an earlier copy"
    assert again.methods == (CopyMethod.OSC52, CopyMethod.FILE)


def test_failing_tool_falls_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _fake_display_with(monkeypatch, tmp_path, 'echo "Error: Can\'t open display" >&2\nexit 1\n')
    sent: list[str] = []

    result = clipboard.copy(DRAFT, osc52=sent.append, fallback_file=tmp_path / "draft.txt")

    assert result.methods == (CopyMethod.OSC52, CopyMethod.FILE)
    assert result.system_error == "xclip did not keep the text (it could not be read back)"
    assert sent == [DRAFT]
    # The tool's complaint stays off the terminal, where the app draws its screen.
    assert "Can't open display" not in capfd.readouterr().err


def test_copy_never_raises_even_when_everything_fails(no_display: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")

    def broken_terminal(text: str) -> None:
        raise RuntimeError("no terminal attached")

    result = clipboard.copy(DRAFT, osc52=broken_terminal, fallback_file=blocker / "draft.txt")

    assert result.methods == ()
    assert not result.confirmed
    assert result.file is None
    assert result.detail.startswith("could not copy: there is no graphical display")
    assert "no terminal attached" in result.detail
    assert "could not save it to a file" in result.detail


HOSTILE_DRAFT = "Dear \x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07Dana\u202e,\x00\r\nThanks\u009b2J!\n"
CLEAN_DRAFT = "Dear Dana,\nThanks!\n"


def test_only_clean_text_reaches_the_clipboard(xvfb: str, tmp_path: Path) -> None:
    result = clipboard.copy(HOSTILE_DRAFT, fallback_file=tmp_path / "draft.txt")
    assert result.confirmed, result.detail
    pasted = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], capture_output=True, check=True, timeout=10
    ).stdout
    assert pasted == CLEAN_DRAFT.encode()


def test_only_clean_text_reaches_the_fallback_file_and_the_terminal_clipboard(
    no_display: Path, tmp_path: Path
) -> None:
    fallback = tmp_path / "draft.txt"
    sent: list[str] = []
    clipboard.copy(HOSTILE_DRAFT, osc52=sent.append, fallback_file=fallback)
    assert fallback.read_bytes() == CLEAN_DRAFT.encode()  # `cat` replays nothing
    assert sent == [CLEAN_DRAFT]
