"""``followup-tui status`` on the shell prompt's path: the standard library's cheapest parts
only (no pathlib, typing, re, json or datetime, each of which costs more to import than the
answer), reading what ``status_cache`` wrote. A miss, or anything unusual, returns None and
the caller works it out properly (``tui.remind.status``)."""

from __future__ import annotations

import os
import sys

MAGIC = "followup-tui status cache 2"
JUST_AFTER = 0.001
"""Seconds: the rules compare with < and >, so a change shows just after its moment."""


def _home(variable: str, fallback: str) -> str:
    return os.environ.get(variable) or os.path.join(os.path.expanduser("~"), fallback)


def _linux() -> bool:
    return sys.platform.startswith("linux")


def board_path(option: str | None) -> str:
    """The board file as ``tui.paths.data_file`` finds it (without platformdirs on Linux)."""
    if option:
        return os.path.expanduser(option)
    if os.environ.get("FOLLOWUP_TUI_DB"):
        return os.path.expanduser(os.environ["FOLLOWUP_TUI_DB"])
    if _linux():
        return os.path.join(_home("XDG_DATA_HOME", ".local/share"), "followup-tui", "board.json")
    from tui import paths

    return str(paths.data_file())


def config_path() -> str:
    """The settings file as ``tui.paths.config_file`` finds it."""
    folder = os.environ.get("FOLLOWUP_TUI_CONFIG_DIR")
    if folder:
        return os.path.join(os.path.expanduser(folder), "config.toml")
    if _linux():
        return os.path.join(_home("XDG_CONFIG_HOME", ".config"), "followup-tui", "config.toml")
    from tui import paths

    return str(paths.config_file())


def cache_file(board: str) -> str:
    import zlib

    name = f"{zlib.crc32(os.path.abspath(board).encode('utf-8', 'surrogateescape')):08x}"
    if _linux():
        folder = os.path.join(_home("XDG_CACHE_HOME", ".cache"), "followup-tui")
    else:
        import platformdirs

        folder = str(platformdirs.user_cache_path("followup-tui"))
    return os.path.join(folder, f"status-{name}.txt")


def _stamp(path: str) -> str:
    try:
        found = os.stat(path)
    except OSError:
        return "-"
    return f"{found.st_mtime_ns}:{found.st_size}"


def cache_key(board: str) -> str:
    """What the cached counts were made from: the board, the settings, $TZ (one line)."""
    parts = [os.path.abspath(board), _stamp(board), _stamp(config_path()), os.environ.get("TZ")]
    return "\x1f".join(str(part) for part in parts).replace("\n", "\\n")


def lookup(board: str, now: float) -> tuple[int, int] | None:
    """(due, overdue) at ``now`` (seconds since the epoch) from the cache; None on a miss."""
    import bisect

    try:
        with open(cache_file(board), encoding="utf-8", errors="surrogateescape") as stream:
            lines = stream.read().split("\n")
        if lines[0] != MAGIC or lines[1] != cache_key(board):
            return None
        start, until = (float(part) for part in lines[2].split())
        if not start <= now < until:
            return None
        steps = [line.split() for line in lines[3:] if line]
        index = bisect.bisect_right([float(step[0]) for step in steps], now) - 1
        return int(steps[index][1]), int(steps[index][2])
    except (OSError, ValueError, IndexError):
        return None


def parse(argv: list[str]) -> dict[str, str | None] | None:
    """``status [--db PATH] [--format FORMAT]`` (either as NAME VALUE or NAME=VALUE); None
    for anything else (help, --demo, a repeated option), which the full command line reads."""
    options: dict[str, str | None] = {"--db": None, "--format": None}
    rest = argv[1:]
    while rest:
        name, equals, value = rest[0].partition("=")
        if name not in options or options[name] is not None:
            return None
        if not equals:
            if len(rest) < 2:
                return None
            value, rest = rest[1], rest[1:]
        options[name] = value
        rest = rest[1:]
    return options


def main(argv: list[str]) -> int | None:
    """Print the status line from the cache; None when the cache cannot answer."""
    import time

    options = parse(argv)
    if options is None:
        return None
    board = board_path(options["--db"])
    found = lookup(board, time.time())
    if found is None:
        from tui.remind.status import fast_main  # works it out, and caches it

        return fast_main(board, options["--format"])
    return show(*found, options["--format"])


def line(due: int, overdue: int, shape: str | None) -> str:
    """The status line: the default leaves out a zero part ('1 overdue'); nothing when
    nothing is due. ValueError for a --format shape that does not fill in."""
    if shape is None:
        parts = ([f"{due} due"] if due else []) + ([f"{overdue} overdue"] if overdue else [])
        text = " · ".join(parts)
    elif due or overdue:
        try:
            text = shape.format(due=due, overdue=overdue, total=due + overdue)
        except (KeyError, IndexError, AttributeError) as error:
            raise ValueError(f"{error!s}") from error
    else:
        text = ""
    # One line, no control characters: a --format is the user's, and so is a prompt.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def show(due: int, overdue: int, shape: str | None) -> int | None:
    """Write the line; None for a --format that does not fill in (the CLI says why)."""
    try:
        text = line(due, overdue, shape)
    except ValueError:
        return None
    if text:
        os.write(1, (text + "\n").encode("utf-8", "replace"))
    return 0
