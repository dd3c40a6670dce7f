"""The command line: open the board, or add, list, export and import cards from a shell.

Every command goes through the same Store (and lock) as the app. Errors are one line on
stderr, never a traceback. Exit codes: 0 success, 1 an error, 2 bad usage or invalid input.

One module per command, and the parts they share:

- ``main``: the entry point (``followup-tui``, ``python -m tui``); every failure one line.
- ``parser``: the top-level options (open the board) and each command's parser, which the
  command's module adds (``register``).
- ``base``: exit codes, the two errors, messages, text made safe for a terminal.
- ``board``: the board a command works on (the lock wait, warnings, the calendar file kept
  current after a change) and the settings laid over its profile.
- ``options``: reading stages, interviewers, moments and days typed into options.
- ``add``, ``listing`` (list), ``export``, ``importing`` (import, CSV), ``invites``
  (import, .ics), ``reply``; ``remind`` and ``status`` are in tui/remind/commands.py,
  ``completion`` in tui/completion.py and ``serve`` in tui/serve.py.

Each command imports the parts of followup-tui it uses when it runs (the standard-library
modules are loaded by Textual anyway): opening the board, the usual start, loads only the
app and what the app needs, and no command but that one loads Textual.
"""

from __future__ import annotations

from tui.cli.base import EXIT_ERROR, EXIT_OK, EXIT_USAGE, PROG, CommandError, UsageError
from tui.cli.board import card_summary, open_store
from tui.cli.main import main
from tui.cli.parser import build_parser

__all__ = [
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "CommandError",
    "UsageError",
    "build_parser",
    "card_summary",
    "main",
    "open_store",
]
