"""Interviewers as text: 'Jane Doe <jane@example.com>' read and written, lists of them split."""

from __future__ import annotations

import re

from tui.model import Interviewer, is_email

_NAME_AND_EMAIL = re.compile(r"^\s*(?P<name>.*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")


_BRACKETED = re.compile(r"<([^<>]*)>")


def parse_interviewer(text: str) -> Interviewer:
    """Read 'Jane Doe <jane@example.com>', 'Jane Doe' or 'jane@example.com' as an interviewer.

    Text that holds no email address stays the name, whole: 'Jo <notanemail>' is a name,
    never a person with the address 'notanemail' (``interviewer_problem`` says why).
    """
    match = _NAME_AND_EMAIL.match(text)
    if match and is_email(match["email"]):
        return Interviewer(name=match["name"].strip().strip('"'), email=match["email"])
    text = text.strip()
    if is_email(text):
        return Interviewer(name="", email=text)
    return Interviewer(name=text)


def interviewer_problem(text: str) -> str | None:
    """Why 'Name <address>' text gives no email address ("'notanemail' is not an email
    address"); None when it reads as it looks. The command line refuses such text."""
    bracketed = _BRACKETED.search(text)
    if bracketed is None or parse_interviewer(text).email:
        return None
    return f"{bracketed[1].strip()!r} is not an email address"


def format_interviewer(person: Interviewer) -> str:
    """'Jane Doe <jane@example.com>', or just the name or email when one is missing."""
    if person.name and person.email:
        return f"{person.name} <{person.email}>"
    return person.name or person.email


def split_list(text: str) -> list[str]:
    """Split a cell holding several people or emails.

    Semicolons, bars and line breaks always separate. Commas separate only when every part
    looks like a full name or an address, so 'Doe, Jane' stays one person.
    """
    parts = [part.strip() for part in re.split(r"[;|\n]", text)]
    if len(parts) == 1 and "," in text:
        pieces = [piece.strip() for piece in text.split(",")]
        if all(" " in piece or "@" in piece for piece in pieces if piece):
            parts = pieces
    return [part for part in parts if part]
