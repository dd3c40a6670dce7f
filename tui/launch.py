"""Opening the board for the app, and running the app until the user quits.

Textual is imported only by ``run_tui``: opening a board (``open_board``) needs none of it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .config import load_config
from .store import NotWritableError, Store, StoreError


@contextlib.contextmanager
def _long_lived_objects() -> Iterator[None]:
    """No garbage collection while the board is read; then freeze what was read.

    A 6,000-card board is about 350,000 objects that live as long as the app. Collecting
    while they are made walks them again and again (0.2 s of a 1.1 s start), and every later
    full collection would walk them too (pauses of 100-150 ms in the middle of a move).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


NEEDS_A_TERMINAL = "followup-tui: the board needs a terminal; use list or export for output"


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # closed
        return False


def can_draw() -> bool:
    """True when the board can be drawn and used here.

    Textual reads keys from standard input and draws on standard error (standard output on
    Windows), so both must be the terminal. Standard output may be a file or a pipe on
    Linux and macOS (``followup-tui > log``). Another driver (textual-serve's web driver,
    for ``followup-tui serve``) brings its own screen and keys.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    screen = sys.__stdout__ if sys.platform == "win32" else sys.__stderr__
    return _is_terminal(sys.__stdin__) and _is_terminal(screen)


@contextlib.contextmanager
def _stdout_on_the_terminal() -> Iterator[None]:
    """While the board runs, standard output is the terminal it draws on.

    Textual sizes its screen from standard output (falling back to 80x24), so with
    ``followup-tui > log`` it drew an 80x24 board on a larger terminal, whose own size
    reports then fought it. Pointing file descriptor 1 at the terminal for the run makes
    both agree, resizes included; the file gets back its descriptor afterwards (nothing
    the board draws is output).
    """
    if os.environ.get("TEXTUAL_DRIVER") or sys.platform == "win32" or _is_terminal(sys.__stdout__):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(sys.__stderr__.fileno(), 1)  # type: ignore[union-attr]
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def crash_log_file() -> Path:
    """Where a crash's traceback is written: the per-OS log folder."""
    import platformdirs

    return platformdirs.user_log_path(paths.APP_NAME) / "crash.log"


_ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b")


def _the_error(details: str) -> str:
    """The traceback's last "SomeError: what happened" line. Textual may add its own notes
    after it ("NOTE: 1 of 2 errors shown ..."), which say nothing about the crash."""
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    errors = [line for line in lines if _ERROR_LINE.match(line)]
    if errors:
        return errors[-1]
    return lines[-1] if lines else "unknown error"


def _report_crash(details: str) -> None:
    """One line on standard error; the traceback into the crash log (mode 0600: it shows
    the values the code held, names and emails among them)."""
    what = _the_error(details)
    log = crash_log_file()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(details)
        os.chmod(log, 0o600)
        where = f"the details are in {log}"
    except OSError as error:
        where = f"and the details could not be written to {log} ({error.strerror or error})"
    print(
        f"followup-tui: the app stopped on an unexpected error ({what}); {where}", file=sys.stderr
    )


@dataclass(frozen=True)
class OpenedBoard:
    """The board as it could be opened: writable, read-only (and why), or not at all (and why)."""

    store: Store | None
    error: StoreError | None = None
    read_only_reason: str = ""


def open_board(path: Path) -> OpenedBoard:
    """Open the board for the app; fall back to read-only rather than refuse where that is safe."""
    try:
        if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
            # The user made the file read-only: respect that even where the OS would not
            # stop us (root ignores permissions).
            with _long_lived_objects():
                store = Store(path, read_only=True, background=True)
            reason = f"{path.name} is read-only (file permissions); make it writable to save."
            return OpenedBoard(store, read_only_reason=reason)
        with _long_lived_objects():
            # The writer thread looks at the file every 2 s: changes from another machine
            # (a synced folder) show up without a save; a stat costs microseconds.
            return OpenedBoard(Store(path, background=True, watch_interval=2.0))
    except NotWritableError as refused:
        # Another instance holds the lock, or the folder cannot be written: reading is safe.
        try:
            with _long_lived_objects():
                store = Store(path, read_only=True, background=True)
        except StoreError as error:
            return OpenedBoard(None, error)
        return OpenedBoard(store, read_only_reason=refused.read_only_reason)
    except StoreError as error:
        return OpenedBoard(None, error)
    except OSError as error:
        return OpenedBoard(None, StoreError(path, f"Cannot open {path}: {error.strerror or error}"))


def run_tui(db_path: Path | None, *, demo: bool = False, card: int | None = None) -> int:
    """Open the board (or a temporary demo copy) and run the app until the user quits;
    ``card``: on that card (its id), selected with its draft shown."""
    if not can_draw():
        # Before the board is opened: a process that cannot be used must not hold its lock.
        print(NEEDS_A_TERMINAL, file=sys.stderr)
        return 1
    from rich.console import Console

    from .app import FollowupApp

    config, config_errors = load_config()
    temp: tempfile.TemporaryDirectory[str] | None = None
    if demo:
        from .demo import DemoError, prepare_demo

        temp = tempfile.TemporaryDirectory(prefix="followup-tui-demo-")
        try:
            path = prepare_demo(Path(temp.name))
        except (DemoError, OSError) as error:
            temp.cleanup()
            print(f"followup-tui: cannot prepare the demo board: {error}", file=sys.stderr)
            return 1
    else:
        path = paths.data_file(db_path)
    board = open_board(path)
    app = FollowupApp(
        board.store,
        path=path,
        config=config,
        config_errors=config_errors,
        open_error=board.error,
        read_only_reason=board.read_only_reason,
        demo=demo,
        open_card=card,
    )
    # Textual prints a crash's traceback on its error console: keep it for the crash log.
    crash = io.StringIO()
    app.error_console = Console(file=crash, width=100, color_system=None, markup=False)
    try:
        with _stdout_on_the_terminal():
            code = app.run()
    finally:
        app.run_over.set()
        if app.store is not None:
            try:
                app.store.flush(timeout=10)
            except StoreError as error:
                print(f"followup-tui: your last change was NOT saved: {error}", file=sys.stderr)
            app.store.close()
        if temp is not None:
            temp.cleanup()
    failed = app.return_code or 0  # Textual sets 1 after an exception in the app
    if failed:
        _report_crash(crash.getvalue())
        return failed
    return code if isinstance(code, int) else 0
