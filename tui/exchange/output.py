"""Exports as files: the bytes of each format, the path the user typed, an atomic write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tui import files
from tui.exchange.csv_export import export_csv
from tui.exchange.ics import export_ics
from tui.exchange.json_export import export_json
from tui.model import Application, Profile

EXPORT_FORMATS = ("csv", "json", "ics")
"""What the board can be written as."""


def export_bytes(
    export_format: str, cards: Sequence[Application], profile: Profile, *, now: datetime
) -> bytes:
    """The board as a file of one of EXPORT_FORMATS. A CSV starts with a byte-order mark,
    which lets Excel recognise UTF-8 (accents intact); our import skips it."""
    if export_format == "csv":
        return b"\xef\xbb\xbf" + export_csv(cards, profile.timezone).encode("utf-8")
    if export_format == "json":
        return export_json(cards).encode("utf-8")
    if export_format == "ics":
        return export_ics(cards, profile, now=now).encode("utf-8")
    raise ValueError(f"unknown export format {export_format!r}")


def output_path(text: str, board: Path) -> Path:
    """A file name the user typed, ~ expanded. ValueError when ~name is nobody's home, or
    when it names the board's own file (an export there would replace the board)."""
    try:
        target = Path(text).expanduser()
    except RuntimeError as error:
        raise ValueError(f"{text}: no such home folder") from error
    try:
        same = target.exists() and board.exists() and target.samefile(board)
    except OSError:
        same = False  # unreadable: writing will say what is wrong
    if same:
        raise ValueError(f"{target} is the board's own file; choose another name")
    return target


EXPORT_MODE = 0o600
"""A new export's permissions: the owner's only."""


def write_file(target: Path, data: bytes) -> None:
    """Write beside the target, then rename, so a failed export never leaves half a file.

    A symbolic link is written through (its target is replaced, the link stays). A new file
    is 0600, like the board: an export holds the same names and emails. A file that is
    there already keeps its mode (the user chose it). An OSError names the target (not
    the temporary file).
    """
    target = files.link_target(target)  # a link another user planted is refused
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = EXPORT_MODE
    files.atomic_write(target, data, durable=True, mode=mode)
