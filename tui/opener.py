"""Hand a ``mailto:`` link to the platform's opener, and say truthfully what happened.

Only the platform opener is run (xdg-open, macOS ``open``, Windows ``start``), never Python's
``webbrowser``, which without a display picks a console browser (w3m, lynx) that takes the
terminal over and freezes the app until it exits. The opener runs detached (its own session,
no terminal), with its output captured (xdg-open's complaints were drawn over the board) and a
time limit. Domain code: no Textual here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

OPENER_SECONDS = 5.0
"""How long to wait for the opener's verdict. One still running then is left to finish (it
may be the mail client itself) and the link counts as handed over."""


@dataclass(frozen=True)
class Opened:
    """What :func:`open_link` did: ``ok`` and one sentence for the user."""

    ok: bool
    message: str


def opener_command(url: str) -> list[str] | None:
    """The platform's opener for ``url``, or None when this platform has none to run."""
    if sys.platform == "darwin":
        return ["open", url]
    if sys.platform == "win32":
        return ["cmd", "/c", "start", "", url]
    found = shutil.which("xdg-open")
    return [found, url] if found else None


def _no_display() -> bool:
    """True on Linux and the BSDs without a graphical session: no mail client can open."""
    if sys.platform in ("darwin", "win32"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _last_line(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    text = next((line for line in reversed(lines) if line), "")
    return "".join(c if c.isprintable() else " " for c in text)[:160]


def open_link(url: str, *, timeout: float = OPENER_SECONDS) -> Opened:
    """Open ``url`` with the platform opener; never raises, never touches the terminal."""
    if _no_display():
        return Opened(False, "there is no graphical display to open a mail client on")
    command = opener_command(url)
    if command is None:
        return Opened(False, "xdg-open was not found (install xdg-utils)")
    environment = dict(os.environ)
    # xdg-open falls back to $BROWSER, which is often a console browser on servers.
    environment.pop("BROWSER", None)
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # no controlling terminal: it cannot draw on ours
            close_fds=True,
            env=environment,
        )
    except OSError as error:
        return Opened(
            False, f"{os.path.basename(command[0])} could not be started ({error.strerror})"
        )
    name = os.path.basename(command[0]) if command[0] != "cmd" else "start"
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Still running: the mail client is starting (or is the opener). Leave it be.
        return Opened(True, f"handed the draft to your mail client ({name})")
    if process.returncode != 0:
        why = _last_line(output) or f"it exited with status {process.returncode}"
        return Opened(False, f"{name} could not open a mail client: {why}")
    return Opened(True, f"opened your mail client ({name})")
