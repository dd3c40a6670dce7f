"""``followup-tui remind`` against a real notification server: dunst on a session bus started
by dbus-run-session, under Xvfb. What was shown is read back with ``dunstctl history``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.boards import make_application
from tui import changes
from tui.model import Application, Stage
from tui.store import Store

SCRIPT = Path(sys.executable).parent / "followup-tui"
TOOLS = ("Xvfb", "dbus-run-session", "dbus-send", "dunst", "dunstctl")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]


def board_with_due_follow_ups(path: Path) -> list[Application]:
    """Two follow-ups due now (a thank-you, an overdue check-in) and one not yet."""
    now = datetime.now(UTC).replace(microsecond=0)
    cards = [
        make_application(company="Acme Analytics", interviewed_at=now - timedelta(hours=3)),
        make_application(
            company="Birch <b>Labs</b> & Co\x1b[31m",
            stage=Stage.AWAITING_DECISION,
            interviewed_at=now - timedelta(days=30),
            decision_by=None,
            follow_up_on=(now - timedelta(days=10)).date(),
        ),
        make_application(company="Cobalt", interviewed_at=now + timedelta(days=2)),
    ]
    cards = [changes.created(card, now) for card in cards]
    with Store(path) as store:
        store.add_many(cards)
    return cards


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY")
    }
    env.update(
        XDG_STATE_HOME=str(home / "state"),
        FOLLOWUP_TUI_CONFIG_DIR=str(home / "config"),
        XDG_CONFIG_HOME=str(home / ".config"),
        TZ="UTC",
    )
    env.update(extra)
    return env


def remind(board: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """remind, not staying for clicks unless the test asks (the click tests do)."""
    if not any(arg.startswith("--wait") for arg in args):
        args = ("--wait", "0", *args)
    return script("remind", board, env, *args)


def script(
    command: str, board: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a shell runs it."""
    return subprocess.run(
        [str(SCRIPT), command, "--db", str(board), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Dunst:
    """dunst on its own session bus and X display."""

    def __init__(self, folder: Path) -> None:
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.xvfb.stdout is not None
        display = self.xvfb.stdout.readline().strip()
        self.display = f":{display}"
        # Notifications stay until closed (dunst's default closes a normal one after 10 s,
        # which a loaded machine can outlast before the test clicks it).
        config = folder / "dunstrc"
        config.write_text(
            "".join(f"[urgency_{level}]\ntimeout = 0\n" for level in ("low", "normal"))
        )
        # dbus-run-session starts a bus, says its address, then runs dunst on it.
        self.session = subprocess.Popen(
            [
                "dbus-run-session",
                "--",
                "sh",
                "-c",
                'echo "$DBUS_SESSION_BUS_ADDRESS"; exec dunst -config "$0"',
                str(config),
            ],
            stdout=subprocess.PIPE,
            stderr=(folder / "dunst.log").open("w"),
            env={**os.environ, "DISPLAY": self.display},
            text=True,
        )
        assert self.session.stdout is not None
        self.address = self.session.stdout.readline().strip()
        # Wait for our dunst to own the name. Asking dunst itself (dunstctl) before then
        # would make the bus start another dunst from its service file, and ours would lose.
        deadline = time.monotonic() + 30
        while "true" not in self.owned():
            assert time.monotonic() < deadline, "dunst did not start"
            time.sleep(0.1)

    def owned(self) -> str:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}
        return subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply=literal",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.Notifications",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout

    def ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address, "DISPLAY": self.display}
        return subprocess.run(
            ["dunstctl", *args], env=env, capture_output=True, text=True, timeout=10, check=False
        )

    def shown(self) -> list[dict[str, str]]:
        """Every notification shown so far (closing them moves them into the history)."""
        self.ctl("close-all")
        time.sleep(0.2)
        history = json.loads(self.ctl("history").stdout)
        return [
            {key: str(value["data"]) for key, value in entry.items()}
            for entry in history["data"][0]
        ]

    def stop(self) -> None:
        for process in (self.session, self.xvfb):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def dunst(tmp_path: Path) -> Iterator[Dunst]:
    if MISSING:
        pytest.skip(f"needs {', '.join(MISSING)} (.ci/run installs them)")
    server = Dunst(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def bus_env(home: Path, server: Dunst, **extra: str) -> dict[str, str]:
    return env_for(home, DBUS_SESSION_BUS_ADDRESS=server.address, DISPLAY=server.display, **extra)


def test_one_notification_per_due_follow_up_and_never_twice(dunst: Dunst, tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    env = bus_env(tmp_path, dunst)
    first = remind(board, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "" and first.stderr == ""
    shown = dunst.shown()
    summaries = sorted(entry["summary"] for entry in shown)
    assert len(summaries) == 2 and summaries[1] == "Thank-you due: Acme Analytics"
    # As typed, less the escape (the board itself may keep less of it).
    assert summaries[0].startswith("Check-in overdue: Birch <b>Labs</b> & Co")
    assert all(entry["appname"] == "followup-tui" for entry in shown)
    birch = next(entry for entry in shown if "Birch" in entry["summary"])
    assert not any("\x1b" in value for entry in shown for value in entry.values())
    # The markup dunst renders shows the user's text literally.
    assert "&lt;b&gt;Labs&lt;/b&gt;" in birch["message"]
    thank_you = next(entry for entry in shown if "Acme" in entry["summary"])
    assert thank_you["body"] == "Data Analyst: thank-you due in 20h"

    second = remind(board, env)
    assert second.returncode == 3  # due, already reminded of
    assert second.stdout == "" and second.stderr == ""
    assert len(dunst.shown()) == 2  # nothing new


def test_quiet_hours_hold_reminders_until_they_end(dunst: Dunst, tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    env = bus_env(tmp_path, dunst)
    hour = datetime.now(UTC).hour
    held = remind(board, env, "--quiet-hours", f"{hour}-{(hour + 1) % 24}")
    assert held.returncode == 5
    assert held.stdout.startswith("Quiet hours") and "2 reminder(s) held" in held.stdout
    assert dunst.shown() == []
    # The setting does the same; outside the quiet hours the held reminders come.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'quiet_hours = "{hour}-{(hour + 1) % 24}"\n')
    assert remind(board, env).returncode == 5
    assert dunst.shown() == []
    later = (hour + 2) % 24
    assert remind(board, env, "--quiet-hours", f"{later}-{(later + 1) % 24}").returncode == 0
    assert len(dunst.shown()) == 2


def test_without_a_bus_the_reminders_are_printed(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    env = env_for(tmp_path)
    done = remind(board, env)
    assert done.returncode == 0 and done.stderr == ""
    lines = sorted(done.stdout.splitlines())
    assert len(lines) == 2
    assert lines[0].startswith("Check-in overdue: Birch <b>Labs</b> & Co")
    assert " - Data Analyst: check-in overdue since " in lines[0] and "\x1b" not in lines[0]
    assert lines[1].startswith("Thank-you due: Acme Analytics - Data Analyst: thank-you")
    again = remind(board, env)
    assert again.returncode == 3 and again.stdout == ""


def test_a_corrupt_state_file_is_rebuilt(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    state = tmp_path / "state" / "followup-tui" / "reminders.json"
    state.parent.mkdir(parents=True)
    state.write_bytes(b'{"version": 1, "boards": {"x": {"reminded": [1, \x00')
    env = env_for(tmp_path)
    done = remind(board, env)
    assert done.returncode == 0
    assert done.stderr.count("\n") == 1 and "unreadable reminder state" in done.stderr
    assert len(done.stdout.splitlines()) == 2
    rebuilt = json.loads(state.read_text())
    assert len(next(iter(rebuilt["boards"].values()))["reminded"]) == 2
    assert remind(board, env).returncode == 3


def test_nothing_due_and_bad_usage_have_their_own_exit_codes(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add(make_application(interviewed_at=datetime.now(UTC) + timedelta(days=3)))
    env = env_for(tmp_path)
    assert remind(board, env).returncode == 4
    bad = remind(board, env, "--quiet-hours", "late")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--quiet-hours" in bad.stderr
    missing = remind(tmp_path / "none.json", env)
    assert missing.returncode == 1 and "no board yet" in missing.stderr


RECORDER = """#!/bin/sh
# A terminal that records how it was asked to run the board.
for word in "$@"; do printf '%s\\n' "$word"; done > "{out}.part"
mv "{out}.part" "{out}"
"""


def recording_terminal(folder: Path, name: str) -> tuple[Path, Path]:
    """A small real program standing for the terminal: it writes its argv to a file."""
    out = folder / f"{name}.argv"
    program = folder / name
    program.write_text(RECORDER.format(out=out))
    program.chmod(0o755)
    return program, out


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def showing_two(dunst: Dunst, board: Path, env: dict[str, str], wait: int) -> subprocess.Popen[str]:
    """remind started, staying ``wait`` seconds for clicks, once its two are shown."""
    remind = subprocess.Popen(
        [str(SCRIPT), "remind", "--db", str(board), "--wait", str(wait)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: dunst.ctl("count", "displayed").stdout.strip() == "2")
    return remind


def test_clicking_a_reminder_opens_the_board_on_its_card_in_the_terminal_setting(
    dunst: Dunst, tmp_path: Path
) -> None:
    board = tmp_path / "board.json"
    cards = board_with_due_follow_ups(board)
    clicks = tmp_path / "clicks"
    clicks.mkdir()
    terminal, _ = recording_terminal(clicks, "my term")
    (tmp_path / "config").mkdir()
    # A path with a space, quoted as a shell would take it.
    (tmp_path / "config" / "config.toml").write_text(f"terminal = \"'{terminal}'\"\n")
    env = bus_env(tmp_path, dunst)
    started = time.monotonic()
    remind = showing_two(dunst, board, env, 40)
    try:
        # A second run meanwhile shows nothing again: the state was saved before the wait.
        assert script("remind", board, {**env}, "--wait", "0").returncode == 3
        recorded = clicks / "my term.argv"
        # A click as dunst's middle button does it: the action, then the notification
        # closes.
        assert dunst.ctl("action", "0").returncode == 0
        wait_for(recorded.exists)
        assert dunst.ctl("close").returncode == 0
        first = recorded.read_text().splitlines()
        recorded.unlink()
        time.sleep(0.5)
        assert remind.poll() is None  # still there for the other notification
        assert dunst.ctl("action", "0").returncode == 0
        wait_for(recorded.exists)
        assert dunst.ctl("close").returncode == 0
        second = recorded.read_text().splitlines()
        out, err = remind.communicate(timeout=20)
    finally:
        remind.kill()
    # Both clicked: remind ends without waiting out its 40 seconds.
    assert remind.returncode == 0 and out == "" and err == ""
    assert time.monotonic() - started < 35
    opened = set()
    for argv in (first, second):
        # An unknown terminal is told the command with -e, as xterm and its kind read it.
        assert argv[:2] == ["-e", str(SCRIPT)] and argv[2:5] == ["--db", str(board), "--card"]
        opened.add(int(argv[5]))
    due = {card.doc_id for card in Store(board, read_only=True).applications()}
    assert opened == {1, 2} and opened <= due and len(cards) == 3


def test_a_click_with_tmux_as_the_terminal_shows_the_board_on_the_card(
    dunst: Dunst, tmp_path: Path
) -> None:
    """The whole way: the terminal setting is tmux (a new detached session), the click
    starts followup-tui in it, and the pane shows the board open on the clicked card."""
    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    socket = tmp_path / "tmux.sock"
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        f'terminal = "tmux -S {socket} new-session -d -x 120 -y 36 -s clicked --"\n'
    )
    env = bus_env(tmp_path, dunst, TERM="xterm-256color")

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-S", str(socket), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )

    remind = showing_two(dunst, board, env, 30)
    try:
        # dunst puts the most urgent first: the overdue check-in at Birch.
        assert dunst.ctl("action", "0").returncode == 0
        # Open on that card, its draft shown (the whole board would show Acme's thank-you).
        pane = lambda: tmux("capture-pane", "-p", "-t", "clicked").stdout  # noqa: E731
        wait_for(lambda: "Check-in to Jordan Lee" in pane(), 60)
        assert "Thank-you to" not in pane()
    finally:
        remind.kill()
        remind.wait()
        tmux("kill-server")


def test_without_a_terminal_one_line_says_so_and_the_reminders_still_show(
    dunst: Dunst, tmp_path: Path
) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    nowhere = tmp_path / "no-terminals"
    nowhere.mkdir()
    env = bus_env(tmp_path, dunst, PATH=str(nowhere))
    env.pop("TERMINAL", None)
    done = remind(board, env, "--wait", "5")
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no terminal found" in done.stderr
    assert len(dunst.shown()) == 2


def test_wait_must_be_seconds(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    bad = remind(board, env_for(tmp_path), "--wait", "soon")
    assert bad.returncode == 2 and bad.stderr.count("\n") <= 2 and "--wait" in bad.stderr
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("remind_wait_seconds = -3\n")
    done = remind(board, env_for(tmp_path))
    assert done.returncode == 0 and "remind_wait_seconds" in done.stderr


def test_on_a_terminal_remind_says_it_waits_and_ctrl_c_ends_it_cleanly(
    dunst: Dunst, tmp_path: Path
) -> None:
    import pexpect

    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    terminal, _ = recording_terminal(tmp_path, "term")
    env = bus_env(tmp_path, dunst, TERMINAL=str(terminal))
    child = pexpect.spawn(
        str(SCRIPT), ["remind", "--db", str(board), "--wait", "30"], env=env, timeout=30
    )
    child.expect(r"Click a reminder to open the board on it \(waiting 30 s; Ctrl\+C stops\)\.")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and b"Traceback" not in (child.before or b"")
    # What was shown before the wait is remembered.
    assert remind(board, env).returncode == 3
