"""SIGTERM and SIGHUP (the terminal closed) end the app through its normal exit, guarded."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable

EXIT_GRACE_SECONDS = 5.0
"""After SIGTERM or SIGHUP, how long the normal exit may take before the process ends anyway."""


def exit_on_signals(
    exit_app: Callable[[], object], *, over: threading.Event, close: Callable[[], None]
) -> None:
    """On SIGTERM or SIGHUP, end the app normally (``exit_app``), with a guard.

    A closed terminal can stall Textual's shutdown forever (its output thread dies on the
    first failed write, then a full queue blocks). Unless ``over`` is set in time (the run
    returned), ``close`` lets go of the board (saving it) and the process ends.
    """
    loop = asyncio.get_running_loop()

    def exit_anyway() -> None:
        if over.wait(EXIT_GRACE_SECONDS):
            return  # run_tui saves and closes the board as usual
        close()
        os._exit(0)

    def exit_on_signal() -> None:
        threading.Thread(target=exit_anyway, name="exit-guard", daemon=True).start()
        exit_app()

    for number in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, exit_on_signal)
