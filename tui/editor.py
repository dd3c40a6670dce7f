"""Edit text in the user's $EDITOR (the app suspends itself around this)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path


def edit_text(text: str) -> str | None:
    """Open text in $VISUAL or $EDITOR (else nano, else vi); None when left unchanged."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "nano"
    with tempfile.TemporaryDirectory(prefix="followup-tui-") as folder:
        draft = Path(folder) / "draft.txt"
        draft.write_text(text, encoding="utf-8")
        draft.chmod(0o600)
        try:
            subprocess.run([*shlex.split(command), str(draft)], check=True)
        except FileNotFoundError:
            subprocess.run(["vi", str(draft)], check=True)
        edited = draft.read_text(encoding="utf-8")
    return None if edited == text else edited
