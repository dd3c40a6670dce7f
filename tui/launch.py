"""Opening the board for the app, and running the app until the user quits.

Textual is imported only by ``run_tui``: opening a board (``open_board``) needs none of it.
"""

from __future__ import annotations

import contextlib
import gc
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
            return OpenedBoard(Store(path, background=True))
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


def run_tui(db_path: Path | None, *, demo: bool = False) -> int:
    """Open the board (or a temporary demo copy) and run the app until the user quits."""
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
    )
    try:
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
    return code if isinstance(code, int) else 0
