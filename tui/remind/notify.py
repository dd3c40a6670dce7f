"""Desktop notifications through desktop-notifier (D-Bus on Linux, macOS, Windows), or lines
on standard output where there is no notification service.

desktop-notifier is asynchronous and imported only here. It logs rather than raises when a
notification cannot be shown, so a notification counts as shown only once the library has
dispatched it; the others are printed instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tui.remind.due import Reminder

APP_NAME = "followup-tui"
SEND_TIMEOUT = 10.0
"""Seconds to reach the notification service before printing instead."""


def has_session_bus() -> bool:
    """Whether a D-Bus session bus can be reached (Linux and the BSDs; True elsewhere)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        path = address.partition("unix:path=")[2].split(",")[0]
        return not path or Path(path).exists()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "bus").exists()


def notify(
    reminders: Sequence[Reminder],
    *,
    on_clicked: Callable[[Reminder], None] | None = None,
    wait_for_clicks: float = 0.0,
    after_showing: Callable[[list[Reminder]], None] | None = None,
) -> list[Reminder]:
    """Show each reminder as a desktop notification; returns those that could not be shown
    (no service, or it refused them). ``after_showing`` hears them as soon as all are sent.

    With ``on_clicked`` and ``wait_for_clicks``, stay up to that many seconds to hear a
    click on a notification (the server tells only a process still on the bus), and stop
    early once every notification shown was clicked or dismissed."""
    if not reminders:
        return []
    if not has_session_bus():
        return list(reminders)
    try:
        return asyncio.run(_notify(reminders, on_clicked, wait_for_clicks, after_showing))
    except KeyboardInterrupt:  # Ctrl+C while waiting for a click: what was shown stands
        return []
    except Exception:  # the library or the bus failed in a way it does not catch
        return list(reminders)


async def _notify(
    reminders: Sequence[Reminder],
    on_clicked: Callable[[Reminder], None] | None,
    wait_for_clicks: float,
    after_showing: Callable[[list[Reminder]], None] | None,
) -> list[Reminder]:
    # Its warnings would reach stderr through logging's last resort: the caller says it.
    logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL)
    from desktop_notifier import DesktopNotifier, Urgency

    notifier = DesktopNotifier(app_name=APP_NAME)
    shown: list[Reminder] = []
    settled: set[str] = set()
    all_settled = asyncio.Event()

    def settle(reminder: Reminder) -> None:
        settled.add(reminder.key)
        if settled >= {shown.key for shown in shown}:
            all_settled.set()

    for reminder in reminders:

        def dispatched(reminder: Reminder = reminder) -> None:
            shown.append(reminder)

        def click(reminder: Reminder = reminder) -> None:
            if on_clicked is not None:
                on_clicked(reminder)
            settle(reminder)

        def dismissed(reminder: Reminder = reminder) -> None:
            settle(reminder)

        overdue = "overdue" in reminder.title
        try:
            await asyncio.wait_for(
                notifier.send(
                    title=reminder.title,
                    # Servers read the body as markup (the FDO spec's body-markup): user
                    # text must not become bold, links or images.
                    message=html.escape(reminder.body, quote=False),
                    urgency=Urgency.Critical if overdue else Urgency.Normal,
                    on_dispatched=dispatched,
                    on_clicked=click if on_clicked is not None else None,
                    on_dismissed=dismissed,
                ),
                SEND_TIMEOUT,
            )
        except (TimeoutError, OSError):
            break
    unshown = [reminder for reminder in reminders if reminder not in shown]
    if not settled >= {reminder.key for reminder in shown}:
        all_settled.clear()  # one was settled before the next was shown
    if after_showing is not None:
        after_showing(unshown)
    if shown and wait_for_clicks > 0 and on_clicked is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_settled.wait(), wait_for_clicks)
    return unshown
