"""A real pseudo-terminal for the benchmark: one tmux server on a private socket.

The server is started once, before any measurement, so its start-up is never counted. Each
measured program gets its own session at a fixed size and is read back with ``capture-pane``.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

WIDTH = 160
HEIGHT = 48
POLL_SECONDS = 0.01
"""How often the screen is read while waiting for something to appear."""


class TerminalTimeout(RuntimeError):
    """What we waited for never appeared on the screen."""


class Tmux:
    """A tmux server of our own (``tmux -L <socket>``), killed on exit."""

    def __init__(self, socket: str | None = None) -> None:
        self.socket = socket or f"followup-bench-{os.getpid()}"
        self._counter = 0
        self._socket_path = ""

    def __enter__(self) -> Self:
        # A long-lived idle session keeps the server up between measured sessions.
        self.run("new-session", "-d", "-s", "keepalive", "-x", "20", "-y", "5", "sleep 86400")
        self._socket_path = self.run("display-message", "-p", "#{socket_path}").strip()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        if self._socket_path:  # tmux leaves its socket file behind
            with contextlib.suppress(OSError):
                os.unlink(self._socket_path)

    def run(self, *arguments: str) -> str:
        """Run one tmux command on our server and return what it printed."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *arguments], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {arguments[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: list[str], env: Mapping[str, str]) -> Pane:
        """Start ``command`` in a new 160x48 session; the clock starts just before this call."""
        self._counter += 1
        name = f"bench{self._counter}"
        assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # exec: the pane's process is the program itself, so its pid is the one to measure.
        shell = f"exec env {assignments} {shlex.join(command)}"
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), shell)
        pid = int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        return Pane(self, name, pid)


class Pane:
    """One measured program in its own tmux session."""

    def __init__(self, tmux: Tmux, name: str, pid: int) -> None:
        self.tmux = tmux
        self.name = name
        self.pid = pid

    def capture(self) -> str:
        """The text on the screen now."""
        return self.tmux.run("capture-pane", "-p", "-t", self.name)

    def wait_for(
        self, seen: Callable[[str], bool], timeout: float = 30.0, poll: float = POLL_SECONDS
    ) -> tuple[float, str]:
        """Poll the screen until ``seen(text)``; returns (perf_counter when seen, the text)."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.capture()
            now = time.perf_counter()
            if seen(text):
                return now, text
            if now > deadline:
                raise TerminalTimeout(f"gave up after {timeout:.0f} s; the screen shows:\n{text}")
            time.sleep(poll)

    def send_keys(self, *keys: str) -> None:
        """Type keys (tmux key names: ``L``, ``Escape``, ``/``)."""
        self.tmux.run("send-keys", "-t", self.name, *keys)

    def peak_rss_kib(self) -> int:
        """The process's peak resident memory so far (VmHWM), in KiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status (not Linux?)")

    def close(self, quit_key: str = "q", timeout: float = 10.0) -> bool:
        """Quit with ``quit_key``; if that fails, close the terminal, then SIGKILL the process.

        Returns True when the program quit on its own (False: it had to be killed).
        """
        with contextlib.suppress(RuntimeError):  # the program may already be gone
            self.send_keys(quit_key)
        if self.wait_exit(timeout):
            with contextlib.suppress(RuntimeError):
                self.tmux.run("kill-session", "-t", self.name)
            return True
        with contextlib.suppress(RuntimeError):
            self.tmux.run("kill-session", "-t", self.name)
        if not self.wait_exit(timeout):
            # Ours, and stuck: it would otherwise hold the board's lock for the next run.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait_exit(timeout)
        return False

    def wait_exit(self, timeout: float) -> bool:
        """Wait until the process has exited; False if it is still running after ``timeout``."""
        deadline = time.monotonic() + timeout
        while _is_alive(self.pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True


def _is_alive(pid: int) -> bool:
    """False for a zombie: it has exited and only waits to be reaped by tmux."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status
