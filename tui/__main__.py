"""``followup-tui`` and ``python -m tui``: parse the command line and run (see tui.cli)."""

from __future__ import annotations

import sys

from tui.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
