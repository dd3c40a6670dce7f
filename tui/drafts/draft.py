"""A draft of one kind for one interviewer: the card's edited text, else the template
rendered for them (a short note where the letter goes by LinkedIn or X)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tui import dates, letters, rules
from tui.drafts.facts import field_values, interviewer, true_conditions
from tui.drafts.language import PLACEHOLDERS, Field, Node
from tui.drafts.template_set import TemplateSet, check_kind
from tui.drafts.text import find_placeholders, parse_text, without_doubled_sign_off
from tui.model import Application, Interviewer, MessageKind, Profile, draft_key

KIND_TITLES: dict[str, str] = {kind.value: kind.heading for kind in MessageKind}
"""The name of each kind shown to the user."""
MAX_DRAFT_CHARS = 200_000
"""The longest draft a template may make: a hundred times any real message. A template under
the 100 kB cap that repeats a long field (a card's 10,000-character notes, 8,000 times) would
otherwise make an 80 MB draft that freezes the app."""


@dataclass(frozen=True)
class Draft:
    """One message, ready to show, edit, copy or send."""

    kind: str
    interviewer_index: int
    recipient: Interviewer | None
    subject: str
    body: str
    missing: tuple[str, ...]
    """Placeholder texts still in the draft, in order of first appearance."""
    edited: bool
    """True when the text comes from the card's edited drafts rather than the template."""
    channel: str = "email"
    """Where it goes: 'email', 'linkedin_note' (a connection request), 'linkedin' or 'x'."""
    destination: str = ""
    """Where it goes, in words: 'To alan@lumina.example', 'X message to @sam'."""
    not_before: date | None = None
    """The first day it is right to send, when that is after today (``rules.not_before``)."""

    @property
    def recipient_name(self) -> str:
        """Who the draft is for, as shown: a name, else an email, else ''."""
        return self.recipient.shown_name if self.recipient else ""

    @property
    def text(self) -> str:
        """The editor form: a Subject line, a blank line, then the body; just the body when
        there is no subject (an edit that removed the Subject line reads as it was typed)."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body

    @property
    def title(self) -> str:
        """The kind's name for people: 'Thank-you'."""
        return KIND_TITLES.get(self.kind, self.kind.replace("_", " ").capitalize())


class _DraftTooLong(Exception):
    """The draft being rendered has passed MAX_DRAFT_CHARS."""


def _render_nodes(
    nodes: tuple[Node, ...],
    values: dict[str, str],
    conditions: set[str],
    one_line: bool,
    room: list[int],
) -> str:
    """The text of ``nodes``; ``room`` holds how many characters may still be written, and
    _DraftTooLong stops the rendering as soon as there are more (before they are joined)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            text = node
        elif isinstance(node, Field):
            value = values[node.name] or PLACEHOLDERS[node.name]
            # A subject is one line, whatever the user typed into a field.
            text = " ".join(value.split()) if one_line else value
        else:
            branch = node.then if node.condition in conditions else node.otherwise
            parts.append(_render_nodes(branch, values, conditions, one_line, room))
            continue
        room[0] -= len(text)
        if room[0] < 0:
            raise _DraftTooLong
        parts.append(text)
    return "".join(parts)


def _too_long_message(kind: str, source: Path | None) -> str:
    where = f" ({source})" if source else ""
    return (
        f"This draft would be longer than {MAX_DRAFT_CHARS:,} characters, so it is not shown: "
        f"the {kind}.md template{where} repeats a field too often for this card's text. "
        "Shorten the template."
    )


def render(
    card: Application,
    profile: Profile,
    kind: str,
    interviewer_index: int = 0,
    templates: TemplateSet | None = None,
    *,
    now: datetime | None = None,
) -> Draft:
    """The draft of one kind for one interviewer: the card's edited text, else the template.

    An ``interviewer_index`` outside the card's interviewers gives no recipient, and the
    interviewer's fields render as placeholders.
    """
    check_kind(kind)
    now = now if now is not None else dates.now()
    recipient = interviewer(card, interviewer_index)
    edited_text = card.drafts.get(draft_key(kind, interviewer_index))
    if edited_text is not None:
        subject, body = parse_text(edited_text)
        edited = True
    else:
        templates = templates or TemplateSet.load()
        template = templates.parsed(kind)
        values = field_values(card, profile, interviewer_index, now=now)
        if letters.channel(card, recipient) == "email":
            conditions = true_conditions(card, values, interviewer_index)
            room = [MAX_DRAFT_CHARS]
            try:
                subject = _render_nodes(template.subject, values, conditions, True, room).strip()
                body = _render_nodes(template.body, values, conditions, False, room).strip("\n")
                body = without_doubled_sign_off(body)
            except _DraftTooLong:
                subject, body = "", _too_long_message(kind, templates.sources.get(kind))
        else:
            # LinkedIn and X have no subject, and a connection note holds 300 characters.
            situation = letters.Situation(
                card, recipient, interviewer_index, now, profile.timezone, profile.what_i_bring
            )
            subject = ""
            greeting = values["greeting_name"] or PLACEHOLDERS["greeting_name"]
            body = letters.short_note(kind, situation, greeting, values["your_name"])
        edited = False
    missing = tuple(find_placeholders(f"{subject}\n{body}"))
    return Draft(
        kind,
        interviewer_index,
        recipient,
        subject,
        body,
        missing,
        edited,
        letters.channel(card, recipient),
        letters.destination(card, recipient),
        _not_before(card, profile, kind, now, interviewer_index),
    )


def _not_before(
    card: Application, profile: Profile, kind: str, now: datetime, index: int
) -> date | None:
    try:
        return rules.not_before(card, profile, kind, now, index)
    except ValueError:  # an unknown zone name: the profile screen reports it
        return None
