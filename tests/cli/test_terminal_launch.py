"""The board started the ways people start it from a shell, in a real pseudo-terminal: with
standard output redirected (drawn at the terminal's size, q quits), with no terminal to read
keys from (a one-line refusal, and the board's lock never taken), and after a crash (exit
code 1, one line naming a crash log that holds the traceback)."""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tui.store import Store

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).parent / "followup-tui"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-Z\\-_=>78]")
REFUSAL = "followup-tui: the board needs a terminal; use list or export for output"

CRASHING = """
import sys
from tui.app import FollowupApp

def crash(self):
    raise RuntimeError("the board fell over")

FollowupApp.on_mount = crash  # a bug in the app, injected
from tui.cli import main
sys.exit(main())
"""


def shell(command: str, tmp_path: Path, board: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    env.update(
        TERM="xterm-256color",
        FOLLOWUP_TUI_DB=str(board),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    return pexpect.spawn(
        "bash",
        ["-c", command],
        cwd=str(tmp_path),
        env=env,
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
    )


def read_until(child: pexpect.spawn, word: str, timeout: float = 30) -> str:
    text = ""
    deadline = time.monotonic() + timeout
    while word not in ANSI.sub("", text):
        assert time.monotonic() < deadline, f"never saw {word!r}:\n{ANSI.sub('', text)[-1500:]}"
        try:
            text += child.read_nonblocking(65536, timeout=1)
        except pexpect.TIMEOUT:
            continue
    # The rest of the start-up: until the terminal has been quiet for a second. A newer
    # Textual may draw a first frame before it learns the size and redraw at once.
    quiet_by = time.monotonic() + 10
    while time.monotonic() < quiet_by:
        try:
            text += child.read_nonblocking(65536, timeout=1)
        except pexpect.TIMEOUT:
            break
    return ANSI.sub("", text)


def column_titles(screen: str) -> set[str]:
    return set(re.findall(r"╭─ ([A-Z][a-zA-Z]+)", screen))


def quit_and_wait(child: pexpect.spawn) -> int:
    child.send("q")
    child.expect(pexpect.EOF, timeout=15)
    child.close()
    assert child.exitstatus is not None
    return child.exitstatus


@pytest.mark.parametrize("redirect", ["> out.txt", "| cat > out.txt"])
def test_with_output_redirected_the_board_fills_the_terminal_and_quits(
    tmp_path: Path, redirect: str
) -> None:
    board = tmp_path / "board.json"
    plain = shell(f"{SCRIPT}", tmp_path, board)
    expected = column_titles(read_until(plain, "Welcome"))
    assert quit_and_wait(plain) == 0
    # At 120 columns: three readable stage columns and the draft (80x24 would show two).
    assert {"Interviewed", "Thanked", "Awaiting", "Draft"} <= expected

    child = shell(f"{SCRIPT} {redirect}", tmp_path, board)
    assert column_titles(read_until(child, "Welcome")) == expected
    assert quit_and_wait(child) == 0
    assert (tmp_path / "out.txt").read_text() == ""  # nothing of the board went to the file
    with Store(board) as store:  # the lock was let go
        assert store.applications() == []


@pytest.mark.parametrize("redirect", ["< /dev/null", "2> err.txt"])
def test_without_a_terminal_to_draw_on_the_board_refuses_in_one_line(
    tmp_path: Path, redirect: str
) -> None:
    board = tmp_path / "board.json"
    started = time.monotonic()
    child = shell(f"{SCRIPT} {redirect}", tmp_path, board)
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert time.monotonic() - started < 20
    assert child.exitstatus == 1
    said = child.before if redirect.startswith("<") else (tmp_path / "err.txt").read_text()
    assert said.strip() == REFUSAL
    assert not board.exists()  # never opened, so never locked


def test_a_crash_exits_1_with_one_line_and_the_traceback_in_a_log(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    child = shell(f"{sys.executable} -c '{CRASHING}'", tmp_path, board)
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    assert child.exitstatus == 1
    log = tmp_path / "state" / "followup-tui" / "log" / "crash.log"
    shown = [line for line in ANSI.sub("", child.before).splitlines() if line.strip()]
    assert shown[-1].strip().lstrip("\x07") == (
        "followup-tui: the app stopped on an unexpected error "
        f"(RuntimeError: the board fell over); the details are in {log}"
    )
    assert "Traceback" not in ANSI.sub("", child.before)
    details = log.read_text()
    assert "Traceback" in details and "in crash" in details
    # Textual may add a note after the traceback (a second error the first one caused).
    assert "RuntimeError: the board fell over" in details.splitlines()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    with Store(board) as store:  # the board was let go
        assert store.applications() == []
