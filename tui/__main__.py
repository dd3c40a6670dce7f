"""``followup-tui`` and ``python -m tui``: parse the command line and run (see tui.cli)."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run followup-tui; ``status`` (run on every shell prompt) skips the full command line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["status"]:
        from tui.remind.prompt import main as status

        code = status(arguments)
        if code is not None:
            return code
    from tui.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
