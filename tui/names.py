"""People's names in letters: how to greet someone, read with nameparser.

nameparser knows titles (Dr., Prof., Ms., Mx., Rev. Dr.), suffixes (Jr., III, PhD), compound
surnames ('de la Vega', 'van der Berg') and the 'Last, First' order, which ``split()[0]`` does
not. It is imported on first use, and only for a name that is not plainly 'First Last': its
import costs tens of milliseconds (it builds its word sets), and the first draft is drawn
with the first frame.

How a person is greeted is the user's choice, per interviewer (``Interviewer.greeting``):
'first' greets by first name ('Priya'), 'formal' by title and surname ('Dr. Ortiz'), and ''
decides from the name: a title means the person signs with it, so the greeting uses it.
A greeting is never a bare title: 'Dr.' alone is no name, and the draft shows a placeholder.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from tui.model import Application, Interviewer


class NameParts(NamedTuple):
    """A name in its parts, as typed (case kept); '' for a part that is not there."""

    title: str
    first: str
    last: str
    suffix: str


_AUDIENCE_PROCESS = re.compile(
    r"\b(?:recruit\w*|talent|sourc\w*|hr|h\.r\.|human resources|people (?:partner|operations|"
    r"ops|team)|hiring (?:coordinator|partner|specialist)|coordinator|staffing|ta partner)\b",
    re.IGNORECASE,
)
"""Titles of people who run the process rather than do the work: they get a letter about it."""


_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
"""A word of letters, maybe hyphenated or with an apostrophe: 'Anna-Lena', "O'Brien"."""

_MAYBE_TITLES = frozenset(
    [
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "lady",
        "lord",
        "rev",
        "fr",
        "hon",
        "judge",
        "pastor",
        "bishop",
        "doctor",
        "professor",
        "madam",
        "madame",
        "mister",
        "sr",
        "jr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
    ]
)
"""Words that nameparser may read as a title or suffix: a name holding one takes the slow path."""


@functools.lru_cache(maxsize=4096)
def parts(name: str) -> NameParts:
    """The parts of a name: 'Dr. Alan Ortiz' -> ('Dr.', 'Alan', 'Ortiz', '')."""
    text = " ".join(name.split())
    if not text:
        return NameParts("", "", "", "")
    words = text.split()
    if len(words) <= 2 and all(
        _PLAIN_WORD.fullmatch(word) and word.casefold() not in _MAYBE_TITLES for word in words
    ):
        # 'Sam Park', 'Priya': what nameparser says too (tests/domain/test_letters.py checks),
        # without importing it, so the first draft on screen does not wait for it.
        return NameParts("", words[0], words[1] if len(words) == 2 else "", "")
    from nameparser import HumanName  # ~35 ms (idle machine): only unusual names need it

    parsed = HumanName(text)
    title, first, last, suffix = parsed.title, parsed.first, parsed.last, parsed.suffix
    if not last and first and parsed.middle:
        last = parsed.middle
    return NameParts(_capitalised(title), first, last, suffix)


def _capitalised(title: str) -> str:
    """'ms.' -> 'Ms.': a title typed in lower case still opens the greeting properly."""
    return " ".join(word[:1].upper() + word[1:] for word in title.split())


def greeting_name(person: Interviewer) -> str:
    """How the letter greets them: 'Priya', 'Dr. Ortiz', 'Prof. García-López'; '' when the
    name gives nothing to greet (empty, or a title alone)."""
    name = parts(person.name)
    style = person.greeting or ("formal" if name.title else "first")
    formal = f"{name.title} {name.last}".strip() if name.last else ""
    if style == "formal":
        if name.title and name.last:
            return formal
        # No title to use: the full name is the formal form ('Dear Alan Ortiz').
        return " ".join(part for part in (name.first, name.last) if part)
    if name.first:
        return name.first
    # Only a surname ('Ms. Chen'): with a title it is the formal greeting, else the surname.
    return formal if name.title else name.last


def first_name(person: Interviewer) -> str:
    """The first name ('Alan' for 'Dr. Alan Ortiz', 'Anna' for 'van der Berg, Anna')."""
    return parts(person.name).first


def audience(person: Interviewer) -> str:
    """'process' for a recruiter or HR partner, 'substance' for anyone else (the person's
    own ``audience`` choice wins)."""
    if person.audience:
        return person.audience
    return "process" if _AUDIENCE_PROCESS.search(person.title) else "substance"


def main_contact(card: Application) -> int:
    """Whom a message sent once goes to (the timeline question, a check-in): the recruiter or
    HR partner of the latest round, else its first person; 0 for a card without people."""
    number = max(card.round, 1)
    present = [index for index, person in enumerate(card.interviewers) if person.was_at(number)]
    recruiters = [index for index in present if audience(card.interviewers[index]) == "process"]
    return (recruiters or present or [0])[0]
