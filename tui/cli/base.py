"""What every command shares: the exit codes, one-line errors, and text safe on a terminal.

Every command's error is one line on stderr, never a traceback (``tui.cli.main`` turns these
exceptions into it). Exit codes: 0 success, 1 an error, 2 bad usage or invalid input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from tui.text_safety import for_display

PROG = "followup-tui"
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


MAX_CELL = 30
"""Longest company or role shown in the table; longer ones end with '…'."""


class UsageError(Exception):
    """Bad arguments or invalid input: one line for the user, exit code 2."""


class CommandError(Exception):
    """A command could not be carried out: one line for the user, exit code 1."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (argparse prints the whole usage block otherwise)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def report_error(message: str) -> None:
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"{PROG}: warning: {one_line(message)}", file=sys.stderr)


def one_line(text: str) -> str:
    return " ".join(for_display(text).split())


def describe_os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def plain(text: str) -> str:
    """Text safe on one terminal line: newlines become spaces; escapes and controls are shown
    as a mark, bidi overrides become isolates (tui.text_safety.for_display)."""
    return for_display(text).strip()


def clip(text: str, width: int = MAX_CELL) -> str:
    text = plain(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def write_stdout(data: bytes) -> None:
    """Bytes as they are (CRLF stays CRLF on every platform), else text."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


def confirm(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def refuse_demo(args: argparse.Namespace) -> None:
    """--demo and --card open the board: a command cannot take them."""
    for option, given in (("--demo", args.demo), ("--card", args.open_card is not None)):
        if given:
            raise UsageError(f"{option} opens the board; it cannot be used with a command")


def card_id(text: str) -> int:
    """A card id as ``list`` shows it: a whole number from 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a card id such as 12, found {text!r}")
    return int(text)


def read_file(source: Path) -> bytes:
    """The bytes of a file the user named; a CommandError saying why it could not be read."""
    try:
        return source.read_bytes()
    except OSError as error:
        raise CommandError(f"could not read {source}: {error.strerror or error}") from error
