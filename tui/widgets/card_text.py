"""A card's text in a column's width, and how the screen's width is shared among columns.

Plain text fitting (wrapping, cutting, what a too-small card keeps): no widget here, so the
rules of what a card shows can be read, and tested, on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len

from .. import rules
from ..model import Application, Profile, Stage
from .safe_text import printable

CARD_LINES = 5
"""Lines of text on a card. Every card has the same height, so what a screen line shows
is found by arithmetic; a card with more to say than this drops its least useful lines
(see card_lines)."""

CARD_HEIGHT = CARD_LINES + 1
"""A card's lines and one of space between cards."""

STATUS_LINES = 3
"""The next action wraps onto at most this many lines, and is never cut."""

COMPANY_LINES = 2
"""A company too long for one line goes on onto a second before anything else is cut."""

MIN_COLUMN_WIDTH = 24
"""The narrowest column the board chooses by itself: cards read well from here on."""

PANEL_WIDTHS = (30, 48)
"""The draft panel's narrowest and widest share of the screen (it takes about 35%)."""


@dataclass(frozen=True, slots=True)
class CardFace:
    """What a card shows: four lines of text and the tone of its status line."""

    title: str
    subtitle: str
    person: str
    status: str
    tone: str
    """One of: overdue, warning, due, waiting, done, plain."""
    flag: str = ""
    """A warning shown on the card's first line, above everything else, in the card--flag
    style: this card is in conflict (changed both here and in another copy of the board)."""


_TONES = {
    rules.Severity.OVERDUE: "overdue",
    rules.Severity.WARNING: "warning",
    rules.Severity.DUE: "due",
    rules.Severity.WAITING: "waiting",
    rules.Severity.DONE: "done",
}


CONFLICT_FLAG = "! conflict: 2 versions"
"""The first line of a card changed both here and in another copy of the board."""


def card_face(
    card: Application, profile: Profile, now: datetime, *, in_conflict: bool = False
) -> CardFace:
    """What a card shows on the board: company, role and round, who, and its next action;
    first the conflict flag while it is ``in_conflict`` (changed in two copies)."""
    action = rules.next_action(card, profile, now)
    person = card.main_interviewer
    who = ""
    if person:
        who = person.shown_name + (f" · {person.title}" if person.title else "")
        if len(card.interviewers) > 1:
            who += f" +{len(card.interviewers) - 1}"
    round_text = f" · round {card.round}" if card.round > 1 else ""
    return CardFace(
        title=card.company,
        subtitle=card.role + round_text,
        person=who or "no interviewer yet",
        status=action.label,
        tone=_TONES.get(action.severity, "plain"),
        flag=CONFLICT_FLAG if in_conflict else "",
    )


def card_lines(face: CardFace, width: int) -> tuple[tuple[str, str], ...]:
    """A card's CARD_LINES lines of text in ``width`` cells, each with its component class.

    Shown top to bottom: the flag if there is one, company, role, interviewer, next action.
    When not everything fits, what is kept, in order: the flag (one line), the whole next
    action (up to STATUS_LINES lines, its due part always shown), the whole company (up to
    COMPANY_LINES), the role's first line, the person's, then a second line for the role and
    for the person. Unused lines are blank, at the bottom.
    """
    width = max(1, width)
    flag = _fitted(wrap_cut(face.flag, width, 1), 1, width, "card--flag") if face.flag else []
    status = wrap_keeping_end(face.status, width, STATUS_LINES - len(flag))
    company = wrap_cut(face.title, width, COMPANY_LINES)
    role = wrap_cut(face.subtitle, width, 2)
    person = wrap_cut(face.person, width, 2)
    room = max(0, CARD_LINES - len(flag) - len(status))
    # How many lines each part gets, given out one at a time in the order they matter.
    shares = [0, 0, 0]
    for part, wanted in ((0, 1), (0, 2), (1, 1), (2, 1), (1, 2), (2, 2)):
        needed = (company, role, person)[part]
        if room and shares[part] == wanted - 1 and len(needed) >= wanted:
            shares[part] = wanted
            room -= 1
    lines = [
        *flag,
        *(_fitted(company, shares[0], width, "card--title")),
        *(_fitted(role, shares[1], width, "card--subtitle")),
        *(_fitted(person, shares[2], width, "card--person")),
        *((line, f"card--{face.tone}") for line in status),
    ]
    return (*lines, *(("", "card--plain"),) * (CARD_LINES - len(lines)))


def _fitted(lines: list[str], count: int, width: int, part: str) -> list[tuple[str, str]]:
    """The first ``count`` of a part's wrapped lines, the last one marked cut if text is left."""
    shown = lines[:count]
    if 0 < count < len(lines):
        rest = " ".join(lines[count - 1 :])
        shown[-1] = truncate(rest, width - 1) + "…"
    return [(line, part) for line in shown]


def wrap_keeping_end(text: str, width: int, lines: int = STATUS_LINES) -> list[str]:
    """User text wrapped at spaces into at most ``lines`` lines of ``width`` cells.

    Text too long even for that loses words from the middle ("…"), never from the end: a
    status ends with when it is due ("overdue by 2h", "(in 9 days)").
    """
    wrapped = [line.replace(_BOUND, " ") for line in _wrap_words(_bind(text).split(" "), width)]
    if len(wrapped) <= lines:
        return wrapped or [""]
    # The end on the last line, whole if it fits, after "…".
    words = " ".join(wrapped).split(" ")
    tail = words[-1]
    for word in reversed(words[:-1]):
        candidate = f"{word} {tail}"
        if cell_len(candidate) + 2 > width:
            break
        tail = candidate
    if cell_len(tail) + 2 > width:  # one word longer than the line: its end
        tail = _truncate_start(tail, width - 1)
        return [*wrapped[: lines - 1], f"…{tail}"]
    return [*wrapped[: lines - 1], f"… {tail}"]


_BOUND = "\u00a0"
"""Joins the words of a phrase that must not be split over two lines while wrapping."""

_PHRASES = re.compile(
    r"\((?:in|for) [^()]{1,12}\)"  # "(in 9 days)"
    r"|\b(?:by|in|since) \d+\w*$"  # "overdue by 2h", "due in 12m"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"  # "4 Dec"
)


def _bind(text: str) -> str:
    """User text with the spaces inside a due phrase bound, so a wrap keeps it whole."""
    text = printable(text).replace(_BOUND, " ")
    return _PHRASES.sub(lambda match: match.group().replace(" ", _BOUND), text)


def wrap_cut(text: str, width: int, lines: int) -> list[str]:
    """User text wrapped at spaces into at most ``lines`` lines, the last one cut ('…')."""
    # A " · " stays with the word before it: no line starts with a dot.
    bound = printable(text).replace(_BOUND, " ").replace(" · ", f"{_BOUND}· ")
    wrapped = [line.replace(_BOUND, " ") for line in _wrap_words(bound.split(" "), width)]
    wrapped = wrapped or [""]
    if len(wrapped) <= lines:
        return wrapped
    rest = " ".join(wrapped[lines - 1 :])
    return [*wrapped[: lines - 1], truncate(rest, width - 1) + "…"]


def _wrap_words(words: list[str], width: int) -> list[str]:
    """Words into lines of at most ``width`` cells; a word longer than a line is split."""
    result: list[str] = []
    current = ""
    for word in words:
        if not word:
            continue  # two spaces in a row
        while cell_len(word) > width:  # a long word (an address, a name without spaces)
            if current:
                result.append(current)
                current = ""
            head = truncate(word, width) or word[0]
            result.append(head)
            word = word[len(head) :]
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    return result


def _truncate_start(text: str, width: int) -> str:
    """The end of text in at most ``width`` cells."""
    cells = 0
    for position in range(len(text) - 1, -1, -1):
        cells += cell_len(text[position])
        if cells > width:
            return text[position + 1 :]
    return text


@dataclass(frozen=True, slots=True)
class BoardFit:
    """How the screen's width is shared: how many columns, and the draft panel's width."""

    columns: int
    panel: int


def fit_columns(width: int, *, every_stage: bool = False, panel: bool = True) -> BoardFit:
    """Share ``width`` cells between the board's columns and the draft panel.

    Readable cards (the default): the panel takes about 35% of the screen (30 to 48 cells),
    and the board shows as many columns as fit at MIN_COLUMN_WIDTH or wider (the stage
    strip names the others). ``every_stage``: all six columns, however narrow, beside the
    narrowest panel. ``panel``: False when the draft panel is hidden. The panel never
    leaves the board less than one column.
    """
    stages = len(Stage)
    low, high = PANEL_WIDTHS
    wanted = low if every_stage else min(high, max(low, round(width * 0.35)))
    panel_width = max(0, min(wanted, width - MIN_COLUMN_WIDTH)) if panel else 0
    if every_stage:
        return BoardFit(stages, panel_width)
    count = max(1, min(stages, (width - panel_width) // MIN_COLUMN_WIDTH))
    return BoardFit(count, panel_width)


def columns_on_screen(fit: int, focus: int, shown: list[int]) -> range:
    """The positions of the ``fit`` stages to show, the focused one (``focus``) among them;
    ``shown`` holds the positions on screen now."""
    if len(shown) != fit:
        start = focus - (fit - 1) // 2  # a new width: centre the focused column
    else:
        # The columns stay put while the focused one is among them, and move by as few
        # as needed when it is not: a click must not slide a card from under the pointer
        # (the second click of a double-click landed on another card).
        start = min(shown[0], focus)
        start = max(start, focus - fit + 1)
    start = max(0, min(start, len(Stage) - fit))
    return range(start, start + fit)


def truncate(text: str, width: int) -> str:
    """Cut text to at most ``width`` terminal cells (wide characters count twice)."""
    cells = 0
    for position, character in enumerate(text):
        cells += cell_len(character)
        if cells > width:
            return text[:position]
    return text
