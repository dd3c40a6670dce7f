"""``followup-tui remind`` against a real notification server: dunst on a session bus started
by dbus-run-session, under Xvfb. What was shown is read back with ``dunstctl history``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
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
        # dbus-run-session starts a bus, says its address, then runs dunst on it.
        self.session = subprocess.Popen(
            ["dbus-run-session", "--", "sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec dunst'],
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


def bus_env(home: Path, server: Dunst) -> dict[str, str]:
    return env_for(home, DBUS_SESSION_BUS_ADDRESS=server.address, DISPLAY=server.display)


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
