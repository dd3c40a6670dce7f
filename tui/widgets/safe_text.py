"""Make user text safe to draw: no escape sequences or control characters reach the terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the bidi overrides that can disguise text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters with a visible '�' (newlines kept only when asked)."""
    if not keep_newlines:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)
