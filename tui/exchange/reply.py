"""The employer's reply, read from a saved email (.eml) or pasted text. No Textual, no TinyDB.

``read_reply`` reads the message with the standard library's email package: the sender, the
date, the subject and the text (the plain part, else the HTML stripped with html.parser;
attachments are ignored; a message forwarded by the user to themselves is read as the one
inside). ``match_cards`` finds the card it answers; ``reply_received`` records it, which
stops the follow-up clock until the user says what it said; ``decision_dates`` offers the
dates the text names ("by Friday", "next week", "December 18").
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from html.parser import HTMLParser

from tui import dates
from tui.model import Application, Event, EventKind, Outcome, Stage
from tui.text_safety import clean_stored

MAX_REPLY_BYTES = 10_000_000
"""A saved email larger than this is refused (an employer's reply is a few KB; 10 MB leaves
room for a forwarded attachment or two, which are ignored)."""
FIRST_LINES = 3
"""Lines of the reply kept as a note."""
MAX_NOTE = 400


class ReplyError(ValueError):
    """The message cannot be read: one line for the user; nothing is added."""


@dataclass(frozen=True)
class Reply:
    """An email, read."""

    name: str
    email: str
    subject: str
    sent_at: datetime
    """Aware, UTC (the Date: header; the time it was read when it has none)."""
    text: str
    """The body as plain text, quoted history and signatures included."""

    @property
    def sender(self) -> str:
        return self.name or self.email

    def first_lines(self) -> str:
        """The first lines of what they wrote (not the quoted message below it)."""
        kept: list[str] = []
        for line in self.text.splitlines():
            stripped = line.strip()
            if _QUOTE_START.match(stripped) or stripped.startswith(">"):
                break
            if stripped:
                kept.append(stripped)
            if len(kept) == FIRST_LINES:
                break
        note = " ".join(kept)
        return note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 1] + "…"


_QUOTE_START = re.compile(
    r"^(?:On .{4,200} wrote:|-{2,} ?(?:Original Message|Forwarded message) ?-{2,}"
    r"|From: .+|_{10,}|Sent from my \w+)$",
    re.IGNORECASE,
)


def read_reply(data: bytes, *, now: datetime | None = None) -> Reply:
    """Read a saved email; raises ReplyError with one line when it cannot be read."""
    import email
    from email import policy
    from email.utils import getaddresses, parsedate_to_datetime

    if len(data) > MAX_REPLY_BYTES:
        raise ReplyError(
            f"the message is {len(data) // 1_000_000} MB; save the reply alone as .eml "
            f"(up to {MAX_REPLY_BYTES // 1_000_000} MB)"
        )
    if b"\x00" in data[:4096]:
        raise ReplyError("not an email: the file is binary (save the message as .eml)")
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        sender = str(message.get("From", "") or "")
    except (ValueError, TypeError, IndexError, LookupError) as error:
        raise ReplyError(f"not a readable email ({_short(error)})") from error
    if not sender.strip() or (message.defects and not message.keys()):
        raise ReplyError("not an email: it has no From: header (save the message as .eml)")
    assert isinstance(message, EmailMessage)
    text = _body(message)
    subject = _clean(str(message.get("Subject", "") or ""))
    try:
        [(name, address)] = getaddresses([sender])[:1] or [("", "")]
    except ValueError:
        name, address = "", ""
    moment = now or dates.now()
    raw_date = message.get("Date")
    if raw_date:
        try:
            parsed = parsedate_to_datetime(str(raw_date))
            moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except (TypeError, ValueError, IndexError):
            pass
    reply = Reply(_clean(name), _clean(address), subject, moment.astimezone(UTC), text)
    return _forwarded(reply)


_HEADER_LINE = re.compile(r"^(?:From|Von|De|Da):\s*(?P<sender>.+)$", re.IGNORECASE | re.MULTILINE)


def reply_from_text(text: str, *, now: datetime | None = None) -> Reply:
    """A reply pasted as text: a whole message with its headers is read as an email; else the
    text is the body, and a 'From: Name <address>' line near its top (a mail client's copy
    of the headers) names the sender. Without one the sender is unknown ('' address): the
    caller asks which card it is for."""
    from email.utils import getaddresses

    text = clean_stored(text.replace("\r\n", "\n")).strip()
    if not text:
        raise ReplyError("nothing was pasted")
    if len(text) > MAX_REPLY_BYTES:
        raise ReplyError("the pasted text is too long for a reply")
    first = text.split("\n", 1)[0]
    if re.match(r"^[A-Za-z-]+:\s", first) and _HEADER_LINE.search(text[:4000]):
        with contextlib.suppress(ReplyError):
            return read_reply(text.encode("utf-8"), now=now)
    moment = (now or dates.now()).astimezone(UTC)
    reply = Reply("", "", "", moment, text)
    forwarded = _forwarded(reply)
    if forwarded.email:
        return forwarded
    head = "\n".join(text.split("\n")[:15])
    if (match := _HEADER_LINE.search(head)) is not None:
        [(name, address)] = getaddresses([match["sender"]])[:1] or [("", "")]
        body = text[match.end() :].lstrip("\n") or text
        return Reply(_clean(name), _clean(address), "", moment, body)
    return reply


def _short(error: Exception) -> str:
    return " ".join(str(error).split())[:120] or error.__class__.__name__


def _clean(text: str) -> str:
    """Header text on one line, cleaned as every text entering the app is
    (tui.text_safety): escape sequences go whole, controls go, overrides become isolates."""
    return " ".join(clean_stored(text).split())


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise ReplyError("the message has no text to read (only attachments?)")
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        raise ReplyError("the message has no text to read")
    charset = part.get_content_charset() or "us-ascii"
    try:
        text = raw.decode(charset)
    except LookupError as error:
        raise ReplyError(f"the message uses an unknown charset {charset!r}") from error
    except UnicodeDecodeError as error:
        if charset.lower() in ("us-ascii", "ascii"):
            # No charset declared but 8-bit text: mail clients read it as Windows-1252.
            text = raw.decode("cp1252", errors="replace")
        else:
            raise ReplyError(
                f"the message says its text is {charset} but it is not "
                "(wrong encoding); nothing was added"
            ) from error
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    text = clean_stored(text.replace("\r\n", "\n"))
    if not text.strip():
        raise ReplyError("the message has no text to read")
    return text


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table", "hr"}
    )
    _HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text of an HTML message, one block a line (standard library only)."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_FORWARD = re.compile(
    r"^-{5,} ?Forwarded message ?-{5,}[ \t]*\n(?P<headers>(?:[A-Za-z-]+:[^\n]*\n)+)(?P<body>.*)",
    re.MULTILINE | re.DOTALL,
)


def _forwarded(reply: Reply) -> Reply:
    """A message the user forwarded (to themselves, to save it) is read as the one inside."""
    from email.utils import getaddresses, parsedate_to_datetime

    match = _FORWARD.search(reply.text)
    if match is None:
        return reply
    headers: dict[str, str] = {}
    for line in match["headers"].splitlines():
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    if "from" not in headers:
        return reply
    [(name, address)] = getaddresses([headers["from"]])[:1] or [("", "")]
    sent = reply.sent_at
    with contextlib.suppress(TypeError, ValueError, IndexError):
        # Gmail writes 'Date: Tue, Dec 8, 2026 at 3:12 PM': not RFC 5322; keep the outer date.
        sent = parsedate_to_datetime(headers.get("date", "")).astimezone(UTC)
    return Reply(
        _clean(name) or reply.name,
        _clean(address) or reply.email,
        _clean(headers.get("subject", "")) or reply.subject,
        sent,
        match["body"],
    )


# --- which card ----------------------------------------------------------------------------


def _domain(address: str) -> str:
    return address.rpartition("@")[2].casefold().strip()


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def match_cards(reply: Reply, cards: Sequence[Application]) -> list[Application]:
    """The cards this reply may answer: those with an interviewer at the sender's address;
    else those with an interviewer at the sender's domain, or whose company the domain
    names. Cards still open (not in Networked) come first; a done card only when no open
    one matches."""
    from tui.exchange.invite import company_from_address

    address = reply.email.casefold()
    if not address:
        return []
    by_address = [
        card
        for card in cards
        if any(person.email.casefold() == address for person in card.interviewers)
    ]
    found = by_address
    if not found:
        domain = _domain(address)
        company = _loose(company_from_address(address))
        found = [
            card
            for card in cards
            if any(_domain(person.email) == domain for person in card.interviewers if person.email)
            or (company and _loose(card.company).startswith(company))
        ]
    open_cards = [card for card in found if card.stage is not Stage.NETWORKED]
    return open_cards or found


# --- what it does to the card ------------------------------------------------------------


def reply_received(card: Application, reply: Reply, now: datetime, tz: str = "") -> Application:
    """The card with 'Reply from Priya Shah, Tue 8 Dec: <subject>' in its history (the first
    lines kept as the entry's note and added to the card's notes). While it is the newest
    entry, no check-in is due (``rules.reply_waiting``)."""
    day = dates.short_day(dates.local_date(reply.sent_at, tz))
    subject = reply.subject or "(no subject)"
    note = reply.first_lines()
    details = {
        "name": reply.sender,
        "from": reply.email,
        "subject": subject,
        "sent_at": reply.sent_at.isoformat(),
        "note": note,
    }
    line = (
        f"Reply from {reply.sender}, {day}: {subject}"
        if reply.sender
        else f"Reply, {day}: {subject}"
    )
    notes = card.notes
    if note:
        notes = f"{notes}\n{line}\n{note}".strip() if notes else f"{line}\n{note}"
    event = Event(now, EventKind.REPLY, line, details)
    return replace(card, notes=notes).with_event(event)


def already_recorded(card: Application, reply: Reply) -> bool:
    """Whether this very message (same sender, subject and date) is in the card's history."""
    stamp = reply.sent_at.isoformat()
    return any(
        event.kind is EventKind.REPLY
        and event.details.get("sent_at") == stamp
        and event.details.get("from", "").casefold() == reply.email.casefold()
        for event in card.history
    )


def noted(card: Application, now: datetime) -> Application:
    """The user read the reply and it needs nothing: the follow-up clock runs again."""
    return card.with_event(Event(now, EventKind.EDITED, "Noted the reply", {"reply": "noted"}))


@dataclass(frozen=True)
class FoundDate:
    """A date the reply names, with the words that name it."""

    day: date
    words: str


_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|mon|tue|tues|wed|thu|thurs|fri"
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_DATE_PHRASES = re.compile(
    rf"\b(?:(?:{_WEEKDAY_NAMES}),?\s+)?(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES}))\b(?:,?\s+\d{{4}})?"
    rf"|\b(?:next|this|by|on|until)\s+(?:{_WEEKDAY_NAMES}|week|weekend)\b"
    r"|\bend of (?:the |this |next )?(?:week|month)\b"
    r"|\bwithin (?:a|one|two|three|\d) (?:business )?(?:days?|weeks?)\b",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}


def decision_dates(reply: Reply, tz: str = "") -> list[FoundDate]:
    """The dates the reply's own text names, each once, in the order it names them: 'by
    Friday' (the Friday after it was sent), 'next week' (that week's Friday), 'December 18',
    'end of the month', 'within two weeks'. The quoted message below it is not read."""
    sent_day = dates.local_date(reply.sent_at, tz)
    text = _own_text(reply.text)
    found: list[FoundDate] = []
    for match in _DATE_PHRASES.finditer(text):
        words = " ".join(match[0].split())
        day = _phrase_day(words.lower(), sent_day, reply.sent_at, tz)
        if day is None or day < sent_day:
            continue
        same = [index for index, item in enumerate(found) if item.day == day]
        if not same:
            found.append(FoundDate(day, words))
        elif _VAGUE.search(found[same[0]].words) and not _VAGUE.search(words):
            found[same[0]] = FoundDate(day, words)  # 'by Friday' says it better than 'this week'
    return found


_VAGUE = re.compile(r"\b(?:week|month|within)\b", re.IGNORECASE)
_OFFER = re.compile(
    r"\b(?:(?:make|extend|send)(?:ing)? you an? (?:formal |written )?offer|offer letter"
    r"|pleased to offer|happy to offer|like to offer you)\b",
    re.IGNORECASE,
)
_REJECTION = re.compile(
    r"\b(?:another candidate|other candidates|not (?:to )?(?:move|moving) forward|not be moving"
    r" forward|decided to pursue|position has been filled|unfortunately|regret to inform)\b",
    re.IGNORECASE,
)


def suggested_outcome(reply: Reply) -> Outcome | None:
    """An offer or a rejection, when the reply's own text says one plainly; else None."""
    text = _own_text(reply.text)
    if _OFFER.search(text):
        return Outcome.OFFER
    if _REJECTION.search(text):
        return Outcome.REJECTED
    return None


def _own_text(text: str) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        if _QUOTE_START.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            lines.append(line)
    return "\n".join(lines)


def _friday_of(day: date) -> date:
    return day + timedelta(days=4 - day.weekday())


def _phrase_day(words: str, sent_day: date, sent_at: datetime, tz: str) -> date | None:
    if words.startswith("within"):
        _, number, *rest = words.split()
        count = _NUMBERS.get(number) or int(number)
        unit = rest[-1]
        if unit.startswith("week"):
            return sent_day + timedelta(weeks=count)
        if "business" in rest:
            return dates.add_business_days(sent_day, count)
        return sent_day + timedelta(days=count)
    if words.startswith("end of"):
        if words.endswith("month"):
            following = (sent_day.replace(day=28) + timedelta(days=4)).replace(day=1)
            return following - timedelta(days=1)
        return _friday_of(sent_day + timedelta(weeks="next" in words))
    if words.endswith("week"):
        return _friday_of(sent_day + timedelta(weeks=words.startswith("next")))
    if words.endswith("weekend"):
        return None
    words = re.sub(r"^(?:by|on|until|this)\s+", "", words)
    words = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", words).replace(" of ", " ")
    try:
        return dates.parse_date(words, tz, now=sent_at)
    except dates.DateInputError:
        return None
