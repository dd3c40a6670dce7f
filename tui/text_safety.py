"""User text is data, never terminal control: one function per boundary it crosses.

Text from a card, a profile, an import or a template can hold escape sequences (``ESC ] 52``
sets a terminal's clipboard), C1 controls (U+009B is a one-character CSI to many terminals),
NUL, DEL, bidi overrides (U+202E makes ``txt.exe`` read as ``exe.txt``) and invisible
characters. Each boundary has its own function:

- :func:`clean_stored`: where text *enters* the app (an import, a form, a hand-edited board
  file). Escape sequences go whole, other C0 controls except tab and newline go, C1 and DEL
  go, a carriage return outside CRLF becomes a newline, bidi embeddings and overrides become
  the matching isolates (closed at the end of the text), and invisible characters with no
  use in a field (zero-width space, word joiner, byte-order mark, tag characters) go.
  Accents, emoji and right-to-left scripts are kept exactly.
- :func:`without_controls`: a whole file handed to a parser that would drop a line with a
  control in it (an .ics invite); its texts are then cleaned with :func:`clean_stored`.
- :func:`for_display`: where text is *drawn* on a terminal. As above, but a removed control
  shows as a visible U+FFFD (so that something odd is seen, not hidden), line breaks and tabs
  become spaces unless kept, and isolates, direction marks (LRM, RLM, ALM) and joiners
  outside an emoji sequence go too: text is drawn in the order it was typed.
- :func:`for_editing`: the value of an Input or a TextArea, drawn and then saved again.
- :func:`for_clipboard`: where text *leaves* for the clipboard, a file, ``$EDITOR`` or a
  ``mailto:`` link: cleaned, with no bidi or invisible formatting characters at all.
- :func:`escape_json`: JSON for scripts, where every such character is written as ``\\uXXXX``
  so that printing the JSON on a terminal is harmless and nothing is lost.

Domain code: no Textual here (tests/test_boundaries.py).
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"

# A whole control sequence, 7-bit or 8-bit: CSI with its parameters and final byte; OSC, DCS,
# SOS, PM or APC up to its terminator (BEL, ESC \ or ST) on the same line; or ESC with its
# intermediate and final bytes. An introducer without a complete sequence is left to the
# control-character pass, which removes just that character and keeps the text after it.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\x20-\x2f]*[\x30-\x4f\x51-\x57\x59\x5a\x5c\x60-\x7e]"
)
_CONTROLS = "\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f"
"""C0 except tab, newline and carriage return, DEL, and C1. A carriage return is kept only
as part of CRLF (a newline, which a lossless CSV round trip keeps); alone it becomes one."""
_EMBEDDINGS = "\u202a-\u202e"
"""LRE, RLE, PDF, LRO, RLO: turned into isolates."""
_ISOLATES = "\u2066-\u2069"
"""LRI, RLI, FSI, PDI: kept, balanced."""
_INVISIBLE = "\u200b\u2060-\u2064\u206a-\u206f\u180e\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
"""Zero-width space, word joiner, invisible operators, deprecated format characters, the
Mongolian vowel separator, the byte-order mark, interlinear annotations and tag characters."""
_SEPARATORS = "\u2028\u2029"
"""Line and paragraph separators: newlines."""
_MARKS = "\u200e\u200f\u061c"
"""LRM, RLM, ALM: kept in storage (they are meaningful in right-to-left text), not drawn."""

_EMOJI = "\u00a9\u00ae\u203c-\u3299\ufe0f\U0001f000-\U0001faff"
"""Characters an emoji sequence is made of, for telling a joiner in 👩‍💻 from a stray one."""
_STRAY_JOINER = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")

_STORED_UNSAFE = re.compile(f"[{_CONTROLS}\r{_EMBEDDINGS}{_ISOLATES}{_INVISIBLE}{_SEPARATORS}]")
_SHOWN_UNSAFE = re.compile(
    f"[{_CONTROLS}\t\n\r{_EMBEDDINGS}{_ISOLATES}{_INVISIBLE}{_SEPARATORS}{_MARKS}\u200d]"
)
_CONTROL = re.compile(f"[{_CONTROLS}]")
_DRAWN_AS_NOTHING = re.compile(f"[{_ISOLATES}{_MARKS}]")
"""Isolates and direction marks: kept in storage, not drawn. Terminals give them different
widths (tmux one cell, Rich none), which shifted every border after them."""
_INVISIBLE_CHARS = re.compile(f"[{_INVISIBLE}]")
_FORMATTING = re.compile(f"[{_EMBEDDINGS}{_ISOLATES}{_INVISIBLE}{_MARKS}]")
_TO_ISOLATE = str.maketrans(
    {
        "\u202a": "\u2066",  # LRE -> LRI
        "\u202d": "\u2066",  # LRO -> LRI
        "\u202b": "\u2067",  # RLE -> RLI
        "\u202e": "\u2067",  # RLO -> RLI
        "\u202c": "\u2069",  # PDF -> PDI
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
_LONE_CR = re.compile("\r(?!\n)")
_OPENS = frozenset("\u2066\u2067\u2068")
_CLOSE = "\u2069"


def _balanced_isolates(text: str) -> str:
    """Every isolate closed by the end of the text, and no close without an open."""
    if not any(opener in text for opener in _OPENS) and _CLOSE not in text:
        return text
    out: list[str] = []
    depth = 0
    for character in text:
        if character in _OPENS:
            depth += 1
        elif character == _CLOSE:
            if depth == 0:
                continue
            depth -= 1
        out.append(character)
    return "".join(out) + _CLOSE * depth


def _neutral(text: str, control: str) -> str:
    """Shared by storage and display: sequences and controls replaced by ``control``,
    overrides made isolates, invisible characters removed."""
    text = _LONE_CR.sub("\n", text)
    text = _SEQUENCE.sub(control, text)
    text = _CONTROL.sub(control, text)
    text = _INVISIBLE_CHARS.sub("", text.translate(_TO_ISOLATE))
    return _balanced_isolates(text)


def clean_stored(text: str) -> str:
    """Text as it may be kept: for an import, a form, a board file read from disk."""
    if _STORED_UNSAFE.search(text) is None:
        return text
    return _neutral(text, "")


def without_controls(text: str) -> str:
    """A whole file's text for a parser that refuses control characters (icalendar drops a
    line that has one, and with it an organiser or a summary): escape sequences and the
    controls of :func:`clean_stored` go, nothing else changes. Each text read from it is
    then cleaned with :func:`clean_stored` as usual."""
    if _CONTROL.search(text) is None:  # every sequence starts with ESC or a C1 control
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def for_display(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to draw on a terminal; a removed control shows as U+FFFD.

    Without ``keep_newlines`` line breaks and tabs become spaces (one line of text); with
    it, newlines stay and a tab becomes four spaces.
    """
    if _SHOWN_UNSAFE.search(text) is None:
        return text
    text = _neutral(text.replace("\r\n", "\n"), REPLACEMENT)
    text = _STRAY_JOINER.sub("", _DRAWN_AS_NOTHING.sub("", text))
    if keep_newlines:
        return text.replace("\t", "    ")
    return re.sub(r"[\t\n]+", " ", text)


def for_editing(text: str) -> str:
    """Text to put in an Input or a TextArea, where it is both drawn and saved again:
    cleaned for storage, without the isolates, direction marks and stray joiners that a
    terminal cannot draw reliably."""
    text = clean_stored(text)
    if _DRAWN_AS_NOTHING.search(text) is None and "\u200d" not in text:
        return text
    return _STRAY_JOINER.sub("", _DRAWN_AS_NOTHING.sub("", text))


def for_clipboard(text: str) -> str:
    """Text to put on the clipboard, in a file, in ``$EDITOR`` or in a ``mailto:`` link:
    no control, bidi or invisible formatting character (not even CR: ``cat`` on a file with
    one lets text overwrite the line); newlines and tabs kept."""
    text = clean_stored(text.replace("\r\n", "\n"))
    if _FORMATTING.search(text) is None and "\u200d" not in text:
        return text
    return _STRAY_JOINER.sub("", _FORMATTING.sub("", text))


_JSON_ESCAPED = re.compile(
    f"[\x7f-\x9f{_EMBEDDINGS}{_ISOLATES}{_INVISIBLE}{_SEPARATORS}{_MARKS}\u200c\u200d]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1, bidi and
    invisible characters written as ``\\uXXXX`` escapes: the same data, safe to print.

    Correct on any JSON text: outside strings JSON is ASCII, so these only occur in strings.
    """
    return _JSON_ESCAPED.sub(_json_escape, json_text)


def clean_document(value: Any) -> Any:
    """A decoded JSON document with :func:`clean_stored` applied to every text in it (keys
    too); the same object when nothing needed cleaning."""
    if isinstance(value, str):
        return clean_stored(value)
    if isinstance(value, dict):
        changed = False
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            new_key, new_item = clean_document(key), clean_document(item)
            changed = changed or new_key is not key or new_item is not item
            cleaned[new_key] = new_item
        return cleaned if changed else value
    if isinstance(value, list):
        items = [clean_document(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


_ESCAPE_SUSPECT = re.compile(
    rb"\\(?:[bfr]|u(?:000[0-8b-f]|001[0-9a-f]|007f|00[89][0-9a-f]|200b|20[26][0-9a-f]"
    rb"|180e|feff|fff[9ab]|db40))",
    re.IGNORECASE,
)
"""A JSON escape of something :func:`clean_stored` changes."""
_RAW_SUSPECTS = (
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\x8b\xa8-\xae]|\x81[\xa0-\xaf])")),
    (b"\xe1", re.compile(rb"\xe1\xa0\x8e")),
    (b"\xef", re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xb9-\xbb])")),
    (b"\xf3", re.compile(rb"\xf3\xa0[\x80\x81]")),
)
"""The same characters written as UTF-8, by their first byte (which is quick to look for)."""


def json_may_need_cleaning(raw: bytes) -> bool:
    """A quick look at JSON bytes: False means no text in them needs :func:`clean_stored`.

    About 10 ms for a 12 MB board without such text (searches for one byte first, a regular
    expression only where that byte occurs). True may be a false alarm (an escaped
    backslash before ``u001b``); :func:`clean_document` then changes nothing.
    """
    if b"\\" in raw and _ESCAPE_SUSPECT.search(raw) is not None:
        return True
    if b"\x7f" in raw:
        return True
    if raw.isascii():
        return False
    return any(
        prefix in raw and pattern.search(raw) is not None for prefix, pattern in _RAW_SUSPECTS
    )
