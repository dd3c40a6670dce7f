"""Copy a draft somewhere the user can paste it from, and say truthfully where it went.

The order is: the system clipboard through pyperclip, confirmed by reading the text back; else
the terminal clipboard through OSC 52 (a callable the caller passes, such as Textual's
``App.copy_to_clipboard``) plus a file, because an OSC 52 copy can never be confirmed; else the
file alone. :func:`copy` never raises and never blocks for much longer than its timeout.

This is the only module that imports pyperclip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import cast

from tui import files, paths
from tui.text_safety import for_clipboard

# Names for people, keyed by the name of the copy function pyperclip picked.
_MECHANISM_NAMES = {
    "copy_xclip": "xclip",
    "copy_xsel": "xsel",
    "copy_wl": "wl-copy",
    "copy_klipper": "Klipper",
    "copy_qt": "Qt",
    "copy_osx_pbcopy": "pbcopy",
    "copy_osx_pyobjc": "the macOS pasteboard",
    "copy_windows": "the Windows clipboard",
    "copy_wsl": "clip.exe",
    "copy_dev_clipboard": "/dev/clipboard",
}

_QUIET_COMMANDS = {
    "xclip": (("xclip", "-selection", "clipboard"), ("xclip", "-selection", "clipboard", "-o")),
    "xsel": (("xsel", "-b", "-i"), ("xsel", "-b", "-o")),
    "wl-copy": (("wl-copy",), ("wl-paste", "-n", "-t", "text")),
}
"""The command-line tools pyperclip would run (copy, paste), run here with their error output
kept off the terminal. pyperclip lets it through, and the app draws on that terminal: an
unreachable display put "Error: Can't open display: :57" over the board."""

_TOOL_SECONDS = 30
"""A tool still running after this is ended; the caller stops waiting long before."""


def _quietly(command: tuple[str, ...], text: str | None = None) -> str:
    """Run a clipboard tool, feeding it ``text`` or reading what it prints."""
    result = subprocess.run(
        command,
        input=None if text is None else text.encode("utf-8"),
        stdout=subprocess.PIPE if text is None else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=_TOOL_SECONDS,
        close_fds=True,
        check=False,  # a failure shows when the text cannot be read back
    )
    return result.stdout.decode("utf-8", errors="replace") if text is None else ""


# The one system-clipboard worker that may still be running after its caller gave up on it.
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


class CopyMethod(StrEnum):
    """A way the text was handed over."""

    SYSTEM = "system"
    """The system clipboard, through pyperclip (xclip, xsel, wl-copy, pbcopy, ...)."""
    OSC52 = "osc52"
    """The terminal's clipboard, through the OSC 52 escape sequence."""
    FILE = "file"
    """A file the user can open or paste from."""


@dataclass(frozen=True)
class CopyResult:
    """What :func:`copy` did."""

    methods: tuple[CopyMethod, ...]
    """Every way the text was handed over, in the order tried; empty if none worked."""
    confirmed: bool
    """True when the text was read back from the system clipboard, or handed to the browser
    of a served board (the browser tells only the page whether its clipboard took it)."""
    file: Path | None
    """The file the text was saved to, if any."""
    detail: str
    """One sentence for the user: 'copied to the system clipboard (xclip)'."""
    system_error: str | None = None
    """Why the system clipboard was not used, or None when it was."""


def busy() -> bool:
    """True while an earlier system-clipboard copy is still stuck (a hung xclip, say)."""
    with _worker_lock:
        return _worker is not None and _worker.is_alive()


def _mechanism_name(copy_function: object) -> str:
    name = getattr(copy_function, "__name__", "")
    return _MECHANISM_NAMES.get(name, name.removeprefix("copy_") or "pyperclip")


def _no_mechanism_reason() -> str:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "there is no graphical display (DISPLAY is not set)"
    return "no clipboard tool was found (install xclip, xsel or wl-clipboard)"


def _same_text(pasted: object, text: str) -> bool:
    """Compare, forgiving what clipboard tools do to line endings and a final newline."""
    if not isinstance(pasted, str):
        return False

    def normal(value: str) -> str:
        return value.replace("\r\n", "\n").rstrip("\n")

    return normal(pasted) == normal(text)


def _copy_and_confirm(text: str, report: list[tuple[str | None, str]]) -> None:
    """Runs in the worker thread: copy with pyperclip, then read the text back."""
    # Imported here, in the copy's own thread: it is not needed until the first copy.
    import pyperclip

    try:
        # Chosen afresh every time (pyperclip caches its choice in module globals otherwise),
        # so a changed DISPLAY or a newly installed tool is honoured.
        copy_function, paste_function = pyperclip.determine_clipboard()
        mechanism = _mechanism_name(copy_function)
        # pyperclip returns falsy stand-ins when it finds no mechanism (its stubs say otherwise).
        if not cast(object, copy_function):
            report.append((_no_mechanism_reason(), ""))
            return
        quiet = _QUIET_COMMANDS.get(mechanism)
        if quiet is not None:
            _quietly(quiet[0], text)
            pasted: object = _quietly(quiet[1])
        else:
            copy_function(text)
            pasted = paste_function()
        if _same_text(pasted, text):
            report.append((None, mechanism))
        else:
            # A tool that failed without saying so (the error output is not shown).
            report.append((f"{mechanism} did not keep the text (it could not be read back)", ""))
    except Exception as error:  # pyperclip and the tools it runs raise anything at all
        report.append((f"the system clipboard failed ({error})", ""))


def _system_copy(text: str, timeout: float) -> tuple[str | None, str]:
    """(None, mechanism) on a confirmed copy, else (reason, '')."""
    global _worker
    report: list[tuple[str | None, str]] = []
    with _worker_lock:
        if _worker is not None and _worker.is_alive():
            # Never pile up threads behind a tool that hangs.
            return "the system clipboard is still busy with an earlier copy", ""
        # A daemon thread because pyperclip has no timeout and xclip or wl-copy can hang;
        # abandoning the thread is the only way to keep the app responsive.
        worker = threading.Thread(
            target=_copy_and_confirm, args=(text, report), name="clipboard-copy", daemon=True
        )
        _worker = worker
        worker.start()
    worker.join(timeout)
    if worker.is_alive() or not report:
        return f"the system clipboard did not answer within {timeout:g} seconds", ""
    return report[0]


def copy_to_system(text: str, timeout: float = 2.0) -> str | None:
    """Copy with pyperclip and read it back: None when confirmed, else the reason it failed."""
    reason, _ = _system_copy(for_clipboard(text), timeout)
    return reason


def _display_path(path: Path) -> str:
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


def _save(text: str, target: Path) -> None:
    """Write the text readable by the user only (0600), replacing the file in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A scratch copy of a draft the board already holds: not worth an fsync.
    files.atomic_write(target, text, durable=False)


def copy_in_browser(text: str, osc52: Callable[[str], None]) -> CopyResult:
    """Copy in a board served to a browser (``followup-tui serve``): the server's clipboard
    is not the user's, so the text goes to the browser's, through the terminal in the page."""
    try:
        osc52(text)
    except Exception as error:  # whatever the driver raises: say so, never crash
        return CopyResult(methods=(), confirmed=False, file=None, detail=f"could not copy: {error}")
    return CopyResult(
        methods=(CopyMethod.OSC52,),
        confirmed=True,
        file=None,
        detail="copied to your browser's clipboard",
    )


def copy(
    text: str,
    *,
    osc52: Callable[[str], None] | None = None,
    timeout: float = 2.0,
    fallback_file: Path | None = None,
) -> CopyResult:
    """Copy ``text`` by the best way available and report how; never raises.

    Only clean text is handed over: no control, bidi or invisible formatting character
    (tui.text_safety.for_clipboard), so pasting it or printing the fallback file is harmless.
    """
    text = for_clipboard(text)
    system_error, mechanism = _system_copy(text, timeout)
    if system_error is None:
        return CopyResult(
            methods=(CopyMethod.SYSTEM,),
            confirmed=True,
            file=None,
            detail=f"copied to the system clipboard ({mechanism})",
        )
    methods: list[CopyMethod] = []
    osc52_error = "no terminal clipboard was offered"
    if osc52 is not None:
        try:
            osc52(text)
            methods.append(CopyMethod.OSC52)
        except Exception as error:  # whatever the terminal layer raises, fall back to the file
            osc52_error = f"the terminal clipboard failed ({error})"
    saved: Path | None = None
    file_error = ""
    try:
        target = fallback_file if fallback_file is not None else paths.fallback_clipboard_file()
        _save(text, target)
        saved = target
        methods.append(CopyMethod.FILE)
    except Exception as error:  # a full disk or a read-only home must not crash the app
        file_error = f"could not save it to a file either ({error})"
    if saved is not None and CopyMethod.OSC52 in methods:
        detail = f"sent to the terminal clipboard (OSC 52); also saved to {_display_path(saved)}"
    elif saved is not None:
        detail = f"no clipboard was reachable ({system_error}); saved to {_display_path(saved)}"
    elif CopyMethod.OSC52 in methods:
        detail = f"sent to the terminal clipboard (OSC 52), which cannot be confirmed; {file_error}"
    else:
        detail = f"could not copy: {system_error}; {osc52_error}; {file_error}"
    return CopyResult(
        methods=tuple(methods),
        confirmed=False,
        file=saved,
        detail=detail,
        system_error=system_error,
    )
