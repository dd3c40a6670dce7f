"""remind --install/--uninstall/--status, and the files each platform's scheduler reads,
checked by that platform's own validator where this machine has it."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.remind import scheduler

SCRIPT = Path(sys.executable).parent / "followup-tui"
BOARD = Path("/tmp/a board ë%.json")


def verify(folder: Path, runtime: Path) -> subprocess.CompletedProcess[str]:
    """``systemd-analyze --user verify``: the units as the user's manager reads them. It
    needs a runtime folder, not a running manager (none runs in a container)."""
    units = sorted(str(path) for path in folder.iterdir())
    runtime.mkdir(mode=0o700, exist_ok=True)
    return subprocess.run(
        ["systemd-analyze", "--user", "verify", *units],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
    )


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not on this machine (.ci/run installs systemd)",
)
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    units = scheduler.systemd_units(scheduler.remind_command(BOARD))
    (tmp_path / "units").mkdir()
    for name, text in units.items():
        (tmp_path / "units" / name).write_text(text)
    done = verify(tmp_path / "units", tmp_path / "runtime")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    service = units["followup-tui-remind.service"]
    assert f'"{sys.executable}" "-m" "tui" "remind" "--db" "/tmp/a board ë%%.json"' in service
    assert "SuccessExitStatus=3 4 5" in service
    # The terminal a clicked reminder opened is not stopped when remind ends.
    assert "KillMode=process" in service.splitlines()
    assert "OnCalendar=*:0/30" in units["followup-tui-remind.timer"]
    # The validator does catch a broken unit.
    (tmp_path / "units" / "followup-tui-remind.timer").write_text(
        units["followup-tui-remind.timer"].replace("*:0/30", "every half hour")
    )
    assert verify(tmp_path / "units", tmp_path / "runtime").returncode != 0


def test_the_launchd_agent_is_a_valid_plist() -> None:
    agent = plistlib.loads(scheduler.launchd_plist(scheduler.remind_command(BOARD)))
    assert agent["Label"] == "io.github.followup-tui.remind"
    assert agent["ProgramArguments"] == [sys.executable, "-m", "tui", "remind", "--db", str(BOARD)]
    assert agent["StartInterval"] == 1800


def test_the_windows_task_runs_remind_every_30_minutes() -> None:
    command = scheduler.windows_task_command([r"C:\Program Files\Python\python.exe", "-m", "tui"])
    assert command[:8] == ["schtasks", "/Create", "/F", "/SC", "MINUTE", "/MO", "30", "/TN"]
    assert command[-1] == '"C:\\Program Files\\Python\\python.exe" -m tui'


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / "state"),
        "FOLLOWUP_TUI_CONFIG_DIR": str(home / "config"),
        # No systemctl: this machine's user manager is never touched by a test.
        "PATH": str(home / "bin"),
    }
    return subprocess.run(
        [str(SCRIPT), "remind", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the systemd layout")
def test_install_status_and_uninstall_in_a_temporary_config_home(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    board = tmp_path / "board.json"
    units = tmp_path / ".config" / "systemd" / "user"
    assert run(tmp_path, "--status", "--db", str(board)).stdout == (
        "Not installed.\nLast run: never\n"
    )
    done = run(tmp_path, "--install", "--db", str(board))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Wrote {units / 'followup-tui-remind.service'}",
        f"Wrote {units / 'followup-tui-remind.timer'}",
        "Could not start it (systemctl is not here); "
        "run: systemctl --user enable --now followup-tui-remind.timer",
        "Installed a systemd user timer, every 30 minutes.",
    ]
    service = (units / "followup-tui-remind.service").read_text()
    assert f'"--db" "{board}"' in service
    status = run(tmp_path, "--status", "--db", str(board))
    assert status.stdout.startswith("Installed: a systemd user timer (")
    gone = run(tmp_path, "--uninstall")
    assert gone.returncode == 0 and gone.stdout.count("Removed ") == 2
    assert list(units.iterdir()) == []
    assert run(tmp_path, "--uninstall").stdout == "Nothing to remove: remind was not installed.\n"


def test_install_takes_no_other_option(tmp_path: Path) -> None:
    done = run(tmp_path, "--install", "--uninstall")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
