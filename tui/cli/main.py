"""The entry point: parse the command line, run the command, and turn every failure into
one line and an exit code (never a traceback)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from tui.cli.base import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    UsageError,
    describe_os_error,
    report_error,
)
from tui.cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run followup-tui with these arguments (default: the command line); returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except UsageError as error:
        report_error(str(error))
        return EXIT_USAGE
    except SystemExit as leaving:  # --help and --version
        code = leaving.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except CommandError as error:
        report_error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        report_error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`followup-tui list | head`): not an error worth a message.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        report_error(_describe_failure(error))
        return EXIT_ERROR


def _describe_failure(error: Exception) -> str:
    """One line for an error no command turned into a message: the store's, the system's,
    or (the last resort, never a traceback) anything else."""
    # The store's errors can only come from a loaded store: looking it up rather than
    # importing it keeps it off the start-up path, and cannot fail a second time here.
    store = sys.modules.get("tui.store")
    if store is not None and isinstance(error, store.SaveError):
        # The store's own message promises a retry from memory, which a command that is
        # about to exit cannot keep.
        cause = error.cause
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        return f"could not save {error.path}: {reason}"
    if store is not None and isinstance(error, store.StoreError):
        return str(error)
    if isinstance(error, OSError):
        return describe_os_error(error)
    return f"unexpected error: {error.__class__.__name__}: {error}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
