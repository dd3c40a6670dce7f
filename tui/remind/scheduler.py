"""``remind --install/--uninstall/--status``: run ``remind`` every 30 minutes with the
platform's own scheduler. Nothing is installed without ``--install``.

- Linux: a systemd user service and timer in $XDG_CONFIG_HOME/systemd/user, enabled with
  ``systemctl --user`` when a user manager runs (else the command to run is printed);
- macOS: a launchd agent in ~/Library/LaunchAgents, loaded with ``launchctl``;
- Windows: a Task Scheduler task made with ``schtasks``.
"""

from __future__ import annotations

import argparse
import os
import plistlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

INTERVAL_MINUTES = 30
UNIT = "followup-tui-remind"
LAUNCHD_LABEL = "io.github.followup-tui.remind"
WINDOWS_TASK = "followup-tui remind"
QUIET_EXITS = (3, 4, 5)
"""remind's exit codes that are not failures (see tui.remind.commands)."""


def remind_command(board: Path | None) -> list[str]:
    """The command the scheduler runs: this Python, this followup-tui, this board."""
    command = [sys.executable, "-m", "tui", "remind"]
    if board is not None:
        command += ["--db", str(board.expanduser().resolve())]
    return command


def _systemd_quote(argument: str) -> str:
    """One ExecStart word, quoted as systemd reads it (and % doubled: it is a specifier)."""
    escaped = argument.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def systemd_units(command: list[str]) -> dict[str, str]:
    """The service and timer, by file name."""
    exec_start = " ".join(_systemd_quote(word) for word in command)
    service = (
        "[Unit]\n"
        "Description=followup-tui: remind of interview follow-ups that are due\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
        # 3 nothing new, 4 nothing due, 5 quiet hours: none of them a failure.
        f"SuccessExitStatus={' '.join(str(code) for code in QUIET_EXITS)}\n"
        # A terminal opened by a click on a reminder outlives the service: when remind
        # ends, only remind itself is stopped.
        "KillMode=process\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=Run followup-tui remind every {INTERVAL_MINUTES} minutes\n\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{INTERVAL_MINUTES}\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def launchd_plist(command: list[str]) -> bytes:
    """The launchd agent, as plist XML."""
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "StartInterval": INTERVAL_MINUTES * 60,
        "RunAtLoad": True,
        "ProcessType": "Background",
    }
    return plistlib.dumps(agent)


def windows_task_command(command: list[str]) -> list[str]:
    """The schtasks command that creates the task."""
    action = subprocess.list2cmdline(command)
    return [
        "schtasks",
        "/Create",
        "/F",
        "/SC",
        "MINUTE",
        "/MO",
        str(INTERVAL_MINUTES),
        "/TN",
        WINDOWS_TASK,
        "/TR",
        action,
    ]


@dataclass(frozen=True)
class Platform:
    name: str
    files: list[Path]


def _config_home() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if configured else Path.home() / ".config"


def platform() -> Platform:
    if sys.platform == "darwin":
        agents = Path.home() / "Library" / "LaunchAgents"
        return Platform("a launchd agent", [agents / f"{LAUNCHD_LABEL}.plist"])
    if sys.platform == "win32":
        return Platform("a Task Scheduler task", [])
    units = _config_home() / "systemd" / "user"
    return Platform("a systemd user timer", [units / name for name in systemd_units([])])


def _run(command: list[str]) -> str:
    """Run a scheduler tool; '' on success, else one line saying why."""
    if shutil.which(command[0]) is None:
        return f"{command[0]} is not here"
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if done.returncode != 0:
        return " ".join((done.stderr or done.stdout).split()) or f"exit code {done.returncode}"
    return ""


def install(board: Path | None) -> list[str]:
    """Install the scheduler entry; returns what to tell the user, line by line."""
    command = remind_command(board)
    where = platform()
    if sys.platform == "win32":
        problem = _run(windows_task_command(command))
        if problem:
            raise OSError(f"schtasks could not create the task: {problem}")
        return [f"Installed {where.name} '{WINDOWS_TASK}', every {INTERVAL_MINUTES} minutes."]
    from tui.exchange.output import write_file

    if sys.platform == "darwin":
        (path,) = where.files
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, launchd_plist(command))
        problem = _run(["launchctl", "load", "-w", str(path)])
        lines = [f"Wrote {path}"]
        if problem:
            lines.append(f"Could not load it ({problem}); run: launchctl load -w {path}")
        return [*lines, f"Installed {where.name}, every {INTERVAL_MINUTES} minutes."]
    units = systemd_units(command)
    lines = []
    for path in where.files:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, units[path.name].encode("utf-8"))
        lines.append(f"Wrote {path}")
    enable = ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]
    problem = _run(["systemctl", "--user", "daemon-reload"]) or _run(enable)
    if problem:
        lines.append(f"Could not start it ({problem}); run: {' '.join(enable)}")
    return [*lines, f"Installed {where.name}, every {INTERVAL_MINUTES} minutes."]


def uninstall() -> list[str]:
    where = platform()
    if sys.platform == "win32":
        problem = _run(["schtasks", "/Delete", "/F", "/TN", WINDOWS_TASK])
        return [f"Removed the task '{WINDOWS_TASK}'." if not problem else "Nothing to remove."]
    present = [path for path in where.files if path.exists()]
    if not present:
        return ["Nothing to remove: remind was not installed."]
    if sys.platform == "darwin":
        _run(["launchctl", "unload", "-w", str(present[0])])
    else:
        _run(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
    for path in present:
        path.unlink()
    if sys.platform != "darwin":
        _run(["systemctl", "--user", "daemon-reload"])
    return [f"Removed {path}" for path in present]


def installed() -> str:
    """'' when not installed, else where."""
    where = platform()
    if sys.platform == "win32":
        return "" if _run(["schtasks", "/Query", "/TN", WINDOWS_TASK]) else WINDOWS_TASK
    present = [str(path) for path in where.files if path.exists()]
    return ", ".join(present) if len(present) == len(where.files) else ""


def run(args: argparse.Namespace) -> int:
    from tui import dates
    from tui.cli.base import EXIT_OK, CommandError
    from tui.cli.board import board_path

    try:
        if args.install:
            lines = install(Path(args.db) if args.db else None)
        elif args.uninstall:
            lines = uninstall()
        else:
            from tui.remind.due import ReminderState, state_file

            found = installed()
            where = platform().name
            lines = [f"Installed: {where} ({found})" if found else "Not installed."]
            last = ReminderState(state_file()).board(board_path(args)).last_run
            when = "never"
            if last:
                from datetime import datetime

                moment = datetime.fromisoformat(last)
                when = dates.short_datetime(moment)
            lines.append(f"Last run: {when}")
    except OSError as error:
        raise CommandError(str(error)) from error
    for line in lines:
        print(line)
    return EXIT_OK
