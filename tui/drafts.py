"""Message templates -> draft text (subject and body), with missing fields made visible.

Templates are plain text. The whole template language is:

* ``{name}``: a field from :data:`FIELDS` (lower-case letters and ``_`` only). A field with no
  value shows as a visible placeholder from :data:`PLACEHOLDERS`, such as
  ``[interviewer's first name]``.
* ``{{`` and ``}}``: a literal brace.
* ``[[name]] ... [[/name]]``, optionally with ``[[else]]`` in between: a section kept only when
  the condition holds. Conditions are the names in :data:`CONDITIONS`: the card's outcome, its
  round, or any field name (true when that field has a value). A tag alone on its line takes the
  whole line with it, so sections leave no blank lines behind.

Substitution is done here, token by token, and values are inserted literally: nothing in a
template or in the user's text can run code, reach Python attributes or index into values
(no ``str.format``, no ``eval``). Anything else in braces is a template error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeAlias
from urllib.parse import quote

from tui import dates, letters, names, paths, rules
from tui.model import (
    Application,
    Interviewer,
    MessageKind,
    Outcome,
    Profile,
    draft_key,
    is_closing_phrase,
    split_sign_off,
)
from tui.rules import MESSAGE_KINDS
from tui.text_safety import for_clipboard

KINDS: tuple[str, ...] = MESSAGE_KINDS
"""Message kinds, in the order the draft panel cycles through them (``model.MessageKind``)."""

KIND_TITLES: dict[str, str] = {kind.value: kind.heading for kind in MessageKind}
"""The name of each kind shown to the user."""

FIELDS: dict[str, str] = {
    "company": "The employer, as written on the card.",
    "role": "The job title, as written on the card.",
    "interviewer_name": "The interviewer's full name.",
    "greeting_name": "How to greet them: 'Priya', or 'Dr. Ortiz' (title and surname).",
    "interviewer_first_name": "The interviewer's first name ('Alan' for 'Dr. Alan Ortiz').",
    "interviewer_title": "The interviewer's job title.",
    "interviewer_email": "The interviewer's email address (the draft's recipient).",
    "interviewer_linkedin": "The interviewer's LinkedIn profile URL.",
    "interviewer_twitter": "The interviewer's Twitter/X handle, with the @.",
    "interviewer_profiles": "The interviewer's known profiles: 'LinkedIn (url) or Twitter/X (@x)'.",
    "interview_weekday": "The day of the latest interview in your timezone: 'Tuesday'.",
    "interview_date": "The date of the latest interview in your timezone: '24 November'.",
    "round": "The interview round as a number: '2'.",
    "round_ordinal": "The interview round as a word: 'second'.",
    "key_points": "The card's shared key points, as a list joined in English ('a, b and c').",
    "points": "What you discussed with this person: their own points, else the card's.",
    "interview_format": "'a video interview', 'a phone interview' or 'an on-site interview'.",
    "interview_reminder": "For a reminder: 'my video interview on Tuesday 24 November'.",
    "thank_you_opening": "The thank-you's first paragraph: for the round, the person, any delay.",
    "discussed": "The sentence about your conversation (a process one for recruiters and HR).",
    "value_sentence": "What you bring, from your profile; empty when the profile has none.",
    "timeline_ask": "One sentence asking for their timeline, when no date is known (one person).",
    "their_date": "The date they gave, quoted: 'You mentioned you hoped to decide by ...'.",
    "last_check_in_day": "The day of your last check-in this round: 'Monday 7 December'.",
    "final_thanks_opening": "The final thank-you's first paragraph, for the outcome.",
    "connect_question": "Asking to stay in touch; empty when you accepted their offer.",
    "decision_by": "The date they said they would decide by: 'Friday 4 December'.",
    "follow_up_on": "The date they said you could check in: 'Monday 7 December'.",
    "your_name": "Your name, from your profile.",
    "your_email": "Your email address, from your profile.",
    "your_phone": "Your phone number, from your profile.",
    "your_linkedin": "Your LinkedIn URL, from your profile.",
    "your_twitter": "Your Twitter/X handle, from your profile.",
    "what_i_bring": "What you bring, from your profile.",
    "sign_off": "Your closing phrase, from your profile: 'Best regards,'.",
    "signature": "Your own signature text, from your profile.",
    "signature_block": "Your signature if set, otherwise your name, email, phone and LinkedIn.",
}
"""Every field a template may use, with a one-line description (for help and README)."""

PLACEHOLDERS: dict[str, str] = {
    "company": "[company]",
    "role": "[role]",
    "interviewer_name": "[interviewer's full name]",
    "greeting_name": "[interviewer's name]",
    "interviewer_first_name": "[interviewer's first name]",
    "interviewer_title": "[interviewer's title]",
    "interviewer_email": "[interviewer's email]",
    "interviewer_linkedin": "[interviewer's LinkedIn]",
    "interviewer_twitter": "[interviewer's Twitter/X handle]",
    "interviewer_profiles": "[interviewer's LinkedIn or Twitter/X]",
    "interview_weekday": "[interview day]",
    "interview_date": "[interview date]",
    "round": "[round]",
    "round_ordinal": "[which round]",
    "key_points": "[what you discussed]",
    "points": "[what you discussed with them]",
    "interview_format": "[interview format]",
    "interview_reminder": "[interview date and format]",
    "thank_you_opening": "[thank-you opening]",
    "discussed": "[what you talked about]",
    "value_sentence": "[what you bring, from your profile]",
    "timeline_ask": "[timeline question]",
    "their_date": "[the date they gave]",
    "last_check_in_day": "[your last check-in]",
    "final_thanks_opening": "[final thanks]",
    "connect_question": "[stay in touch]",
    "decision_by": "[decision date]",
    "follow_up_on": "[check-in date]",
    "your_name": "[your name]",
    "your_email": "[your email]",
    "your_phone": "[your phone]",
    "your_linkedin": "[your LinkedIn]",
    "your_twitter": "[your Twitter/X handle]",
    "what_i_bring": "[what you bring]",
    "sign_off": "[your sign-off]",
    "signature": "[your signature]",
    "signature_block": "[your name and contact details]",
}
"""The visible text a field with no value renders as."""

CONDITIONS: dict[str, str] = {
    "first_round": "The latest interview was the first round.",
    "later_round": "The latest interview was round 2 or later.",
    "met_before": "You met this person in an earlier round.",
    "first_meeting": "You met this person for the first time in the latest round.",
    "process_audience": "The person runs the process (a recruiter or HR partner).",
    "late": "The thank-you is written more than 24 hours after the interview.",
    "first_check_in": "No check-in was sent this round yet.",
    "second_check_in": "One check-in was sent this round.",
    "final_check_in": "Two or more check-ins were sent this round.",
    **{outcome.value: f"The outcome is '{outcome.label}'." for outcome in Outcome},
    "offer": "The outcome is an offer, answered or not.",
    **{name: f"The field {{{name}}} has a value." for name in FIELDS},
}
"""Names allowed in ``[[name]] ... [[/name]]`` sections, with what makes each one true."""

_ELSE = "else"
_MAX_TEMPLATE_BYTES = 100_000
MAX_DRAFT_CHARS = 200_000
"""The longest draft a template may make: a hundred times any real message. A template under
the 100 kB cap that repeats a long field (a card's 10,000-character notes, 8,000 times) would
otherwise make an 80 MB draft that freezes the app."""
_MAX_NESTING = 20
_SUBJECT_PREFIX = "subject:"
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# One pass over the template text. A tag alone on its line (group "line_tag") also swallows its
# line break, so that sections written on their own lines leave no empty line behind.
_TOKEN = re.compile(
    r"(?P<line_tag>^[ \t]*\[\[(?P<line_tag_name>/?[a-z_]+)\]\][ \t]*(?:\n|\Z))"
    r"|\[\[(?P<tag_name>/?[a-z_]+)\]\]"
    r"|(?P<open_brace>\{\{)"
    r"|(?P<close_brace>\}\})"
    r"|\{(?P<field>[^{}\n]*)\}"
    r"|(?P<stray>[{}])",
    re.MULTILINE,
)
_FIELD_NAME = re.compile(r"[a-z_]+")
PLACEHOLDER_PATTERN = re.compile(
    "|".join(re.escape(text) for text in sorted(set(PLACEHOLDERS.values()), key=len, reverse=True))
)
"""Matches any placeholder text, the longest first (for highlighting them in the UI)."""


class TemplateError(ValueError):
    """A template cannot be used; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class _Field:
    name: str


@dataclass(frozen=True)
class _Section:
    condition: str
    then: tuple[_Node, ...]
    otherwise: tuple[_Node, ...]


_Node: TypeAlias = "str | _Field | _Section"


@dataclass(frozen=True)
class _Template:
    """A parsed template: the source text and its subject and body as node trees."""

    source: str
    subject: tuple[_Node, ...]
    body: tuple[_Node, ...]


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


class TemplateSet:
    """The template for each kind: the user's override where it is valid, else the bundled one."""

    def __init__(
        self, templates: dict[str, _Template], sources: dict[str, Path], errors: list[str]
    ) -> None:
        self._templates = templates
        self.sources = sources
        """Where each kind's template was read from."""
        self.errors = errors
        """One plain-English message per template that could not be used."""

    @classmethod
    def load(cls, user_dir: Path | None = None, bundled_dir: Path | None = None) -> TemplateSet:
        """Read every kind's template; a broken user template is reported and skipped."""
        user_dir = paths.user_templates_dir() if user_dir is None else user_dir
        bundled_dir = paths.bundled_templates_dir() if bundled_dir is None else bundled_dir
        templates: dict[str, _Template] = {}
        sources: dict[str, Path] = {}
        errors: list[str] = []
        for kind in KINDS:
            user_file = user_dir / f"{kind}.md"
            if user_file.is_file():
                try:
                    templates[kind] = _read_template(user_file)
                    sources[kind] = user_file
                    errors.extend(_advice(user_file, templates[kind].source))
                    continue
                except TemplateError as error:
                    errors.append(f"{error} Using the built-in {kind}.md instead.")
            bundled_file = bundled_dir / f"{kind}.md"
            try:
                templates[kind] = _read_template(bundled_file)
            except TemplateError as error:
                # A broken installation must not stop the app: the draft says what went wrong.
                errors.append(str(error))
                templates[kind] = _broken_template(kind, bundled_file)
            sources[kind] = bundled_file
        return cls(templates, sources, errors)

    def get(self, kind: str) -> str:
        """The template text in use for a kind."""
        return self._template(kind).source

    def _template(self, kind: str) -> _Template:
        return self._templates[_check_kind(kind)]


_OLD_GREETING = re.compile(r"^\s*(?:dear|hi|hello)\s+\{interviewer_first_name\}", re.I | re.M)


def _advice(path: Path, source: str) -> list[str]:
    """What to change in a user template written for an earlier version (it still works)."""
    found = []
    if _OLD_GREETING.search(source):
        found.append(
            f"Template {path.name} ({path}): it greets with {{interviewer_first_name}}, which "
            "says 'Alan' to 'Dr. Alan Ortiz'. Write {greeting_name} instead to greet people "
            "as they expect ('Dear Dr. Ortiz', or the first name you chose for them)."
        )
    lines = source.splitlines()
    for position, line in enumerate(lines[1:], start=1):
        if "{signature_block}" in line and is_closing_phrase(lines[position - 1]):
            found.append(
                f"Template {path.name} ({path}): it writes its own sign-off "
                f"({lines[position - 1].strip()!r}) before {{signature_block}}. Write "
                "{sign_off} there to use the sign-off from your profile."
            )
            break
    return found


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r} (one of: {', '.join(KINDS)})")
    return kind


def _broken_template(kind: str, path: Path) -> _Template:
    text = f"The {kind}.md template could not be read from {path}."
    return _Template(source="", subject=(), body=(text,))


def _read_template(path: Path) -> _Template:
    """Read and parse one template file, raising TemplateError with a clear message."""
    label = f"Template {path.name} ({path}):"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"{label} cannot be read ({error.strerror or error}).") from None
    if len(raw) > _MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{label} is larger than {_MAX_TEMPLATE_BYTES // 1000} kB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(f"{label} is not UTF-8 text.") from None
    try:
        return _parse_template(text)
    except TemplateError as error:
        raise TemplateError(f"{label} {error}") from None


def _parse_template(text: str) -> _Template:
    """Parse template text (Subject line, blank line, body); raises TemplateError if invalid."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    first_line, _, rest = text.partition("\n")
    if not first_line.lower().startswith(_SUBJECT_PREFIX):
        raise TemplateError("the first line must start with 'Subject:'.")
    subject_text = first_line[len(_SUBJECT_PREFIX) :].strip()
    # The body starts after the blank line; count the lines skipped for error line numbers.
    body_text = rest.lstrip("\n")
    body_first_line = 2 + rest.count("\n") - body_text.count("\n")
    return _Template(
        source=text,
        subject=_parse_nodes(subject_text, first_line_number=1),
        body=_parse_nodes(body_text.rstrip(), first_line_number=body_first_line),
    )


@dataclass
class _OpenSection:
    """A section whose closing tag has not been read yet."""

    condition: str
    opened_at: int
    nodes: list[_Node] = field(default_factory=list)
    """The nodes read so far: the then-branch, or the else-branch once [[else]] is seen."""
    then: list[_Node] | None = None
    """The then-branch, set when [[else]] is read."""

    def close(self) -> _Section:
        if self.then is None:
            return _Section(self.condition, tuple(self.nodes), ())
        return _Section(self.condition, tuple(self.then), tuple(self.nodes))


def _parse_nodes(text: str, first_line_number: int) -> tuple[_Node, ...]:
    """Turn template text into a node tree, checking every field and section name."""
    root: list[_Node] = []
    stack: list[_OpenSection] = []
    position = 0

    def line_of(offset: int) -> str:
        number = first_line_number + text.count("\n", 0, offset)
        return f"line {number}"

    for match in _TOKEN.finditer(text):
        current = stack[-1].nodes if stack else root
        if match.start() > position:
            current.append(text[position : match.start()])
        position = match.end()
        where = line_of(match.start())
        tag = match.group("line_tag_name") or match.group("tag_name")
        if match.group("open_brace"):
            current.append("{")
        elif match.group("close_brace"):
            current.append("}")
        elif match.group("stray"):
            brace = match.group("stray")
            raise TemplateError(
                f"{where}: a single '{brace}' is not allowed; write '{brace * 2}' for a literal "
                "brace, or {field_name} for a field."
            )
        elif match.group("field") is not None:
            current.append(_Field(_check_field(match.group("field"), where)))
        elif tag == _ELSE:
            if not stack or stack[-1].then is not None:
                raise TemplateError(f"{where}: [[else]] outside a [[section]] ... [[/section]].")
            stack[-1].then, stack[-1].nodes = stack[-1].nodes, []
        elif tag is not None and tag.startswith("/"):
            name = tag[1:]
            if not stack or stack[-1].condition != name:
                expected = f"[[/{stack[-1].condition}]]" if stack else "no closing tag"
                raise TemplateError(f"{where}: [[/{name}]] found where {expected} was expected.")
            section = stack.pop().close()
            (stack[-1].nodes if stack else root).append(section)
        elif tag is not None:
            if len(stack) >= _MAX_NESTING:
                raise TemplateError(f"{where}: sections nested more than {_MAX_NESTING} deep.")
            stack.append(_OpenSection(_check_condition(tag, where), match.start()))
    if position < len(text):
        (stack[-1].nodes if stack else root).append(text[position:])
    if stack:
        opened = stack[-1]
        raise TemplateError(f"{line_of(opened.opened_at)}: [[{opened.condition}]] is never closed.")
    return tuple(root)


def _suggestion(name: str, known: dict[str, str], wrap: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean {wrap.format(close[0])}?" if close else ""


def _check_field(name: str, where: str) -> str:
    if not _FIELD_NAME.fullmatch(name):
        raise TemplateError(
            f"{where}: {{{name}}} is not a field; fields are lower-case names such as "
            "{company} (write {{ and }} for literal braces)."
        )
    if name not in FIELDS:
        hint = _suggestion(name, FIELDS, "{{{}}}")
        raise TemplateError(f"{where}: unknown field {{{name}}}.{hint}")
    return name


def _check_condition(name: str, where: str) -> str:
    if name not in CONDITIONS:
        hint = _suggestion(name, CONDITIONS, "[[{}]]")
        raise TemplateError(f"{where}: unknown section [[{name}]].{hint}")
    return name


def _local_time(moment: datetime, timezone_name: str) -> datetime:
    """The moment in the profile's timezone, or the system's when unset or unknown."""
    try:
        return dates.to_local(moment, timezone_name)
    except ValueError:
        # An unknown zone name must not stop a draft; the profile screen reports it.
        return dates.to_local(moment)


def _day_text(day: date | None) -> str:
    """'Friday 4 December', always in English, whatever the C locale says."""
    if day is None:
        return ""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _ordinal(number: int) -> str:
    """'second' for 2, '12th' for 12, '21st' for 21."""
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _twitter_handle(handle: str) -> str:
    handle = handle.strip()
    if not handle or "/" in handle:
        return handle
    return "@" + handle.lstrip("@")


def _profiles_text(person: Interviewer | None) -> str:
    if person is None:
        return ""
    profiles = []
    if person.linkedin.strip():
        profiles.append(f"LinkedIn ({person.linkedin.strip()})")
    if person.twitter.strip():
        profiles.append(f"Twitter/X ({_twitter_handle(person.twitter)})")
    return " or ".join(profiles)


def _sign_off_and_signature(profile: Profile) -> tuple[str, str]:
    """The closing phrase and the lines under it. A signature that itself opens with a
    closing phrase ('Cheers,' then the name) brings its own: it is used once, never twice."""
    own, rest = split_sign_off(profile.signature)
    if own:
        return own, rest.strip()
    if profile.signature.strip():
        return profile.sign_off.strip(), profile.signature.strip()
    lines = (profile.name, profile.email, profile.phone, profile.linkedin)
    return profile.sign_off.strip(), "\n".join(line.strip() for line in lines if line.strip())


def field_values(
    card: Application,
    profile: Profile,
    interviewer_index: int = 0,
    *,
    now: datetime | None = None,
) -> dict[str, str]:
    """The value of every field for one card and one interviewer; '' where unknown.

    ``now`` (default: the clock) decides the wording that depends on time: a late thank-you,
    a decision date that has passed.
    """
    person = _interviewer(card, interviewer_index)
    interviewed = _local_time(card.interviewed_at, profile.timezone)
    round_number = max(card.round, 1)
    situation = letters.Situation(
        card,
        person,
        interviewer_index,
        now if now is not None else dates.now(),
        profile.timezone,
        profile.what_i_bring,
    )
    sign_off, signature_block = _sign_off_and_signature(profile)
    greeting = names.greeting_name(person) if person else ""
    values = {
        "company": card.company.strip(),
        "role": card.role.strip(),
        "interviewer_name": person.name.strip() if person else "",
        "greeting_name": greeting,
        # Old templates greet with this: a name without a first name greets as it can.
        "interviewer_first_name": (names.first_name(person) or greeting) if person else "",
        "interviewer_title": person.title.strip() if person else "",
        "interviewer_email": person.email.strip() if person else "",
        "interviewer_linkedin": person.linkedin.strip() if person else "",
        "interviewer_twitter": _twitter_handle(person.twitter) if person else "",
        "interviewer_profiles": _profiles_text(person),
        "interview_weekday": _WEEKDAYS[interviewed.weekday()],
        "interview_date": f"{interviewed.day} {_MONTHS[interviewed.month - 1]}",
        "round": str(round_number),
        "round_ordinal": _ordinal(round_number),
        "key_points": letters.joined(card.key_points),
        "points": letters.points(situation),
        "interview_format": letters.format_phrase(card),
        "interview_reminder": letters.interview_reminder(situation),
        "thank_you_opening": letters.thank_you_opening(situation),
        "discussed": letters.discussed(situation),
        "value_sentence": letters.value_sentence(situation),
        "timeline_ask": letters.timeline_ask(situation),
        "their_date": letters.their_date(situation),
        "last_check_in_day": letters.last_check_in_day(situation),
        "final_thanks_opening": letters.final_thanks_opening(situation),
        "connect_question": letters.connect_question(situation),
        "decision_by": _day_text(card.decision_by),
        "follow_up_on": _day_text(card.follow_up_on),
        "your_name": profile.name.strip(),
        "your_email": profile.email.strip(),
        "your_phone": profile.phone.strip(),
        "your_linkedin": profile.linkedin.strip(),
        "your_twitter": _twitter_handle(profile.twitter),
        "what_i_bring": profile.what_i_bring.strip(),
        "sign_off": sign_off,
        "signature": profile.signature.strip(),
        "signature_block": signature_block,
    }
    return values


def _situation_conditions(card: Application, values: dict[str, str], index: int) -> set[str]:
    person = _interviewer(card, index)
    met = person is not None and person.met_before(max(card.round, 1))
    found = {"met_before" if met else "first_meeting"}
    if person is not None and names.audience(person) == "process":
        found.add("process_audience")
    if values["thank_you_opening"].startswith("I'm sorry not to have written sooner"):
        found.add("late")
    sent = letters.check_in_number(card) - 1
    found.add(("first_check_in", "second_check_in")[sent] if sent < 2 else "final_check_in")
    if card.outcome.is_offer:
        found.add("offer")
    return found


def _interviewer(card: Application, index: int) -> Interviewer | None:
    if 0 <= index < len(card.interviewers):
        return card.interviewers[index]
    return None


class _DraftTooLong(Exception):
    """The draft being rendered has passed MAX_DRAFT_CHARS."""


def _render_nodes(
    nodes: tuple[_Node, ...],
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
        elif isinstance(node, _Field):
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


def _true_conditions(card: Application, values: dict[str, str], index: int) -> set[str]:
    conditions = {name for name, value in values.items() if value}
    conditions.add(card.outcome.value)
    conditions.add("first_round" if card.round <= 1 else "later_round")
    return conditions | _situation_conditions(card, values, index)


def _without_doubled_sign_off(body: str) -> str:
    """Drop a closing phrase directly followed by another ('Best regards,' / 'Cheers,'): a
    template of the user's that writes its own sign-off over one from the signature."""
    lines = body.split("\n")
    kept = [
        line
        for position, line in enumerate(lines)
        if not (
            is_closing_phrase(line)
            and position + 1 < len(lines)
            and is_closing_phrase(lines[position + 1])
        )
    ]
    return "\n".join(kept)


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
    _check_kind(kind)
    now = now if now is not None else dates.now()
    recipient = _interviewer(card, interviewer_index)
    edited_text = card.drafts.get(draft_key(kind, interviewer_index))
    if edited_text is not None:
        subject, body = parse_text(edited_text)
        edited = True
    else:
        templates = templates or TemplateSet.load()
        template = templates._template(kind)
        values = field_values(card, profile, interviewer_index, now=now)
        if letters.channel(card, recipient) == "email":
            conditions = _true_conditions(card, values, interviewer_index)
            room = [MAX_DRAFT_CHARS]
            try:
                subject = _render_nodes(template.subject, values, conditions, True, room).strip()
                body = _render_nodes(template.body, values, conditions, False, room).strip("\n")
                body = _without_doubled_sign_off(body)
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


def parse_text(text: str) -> tuple[str, str]:
    """Split editor text 'Subject: ...' + blank line + body; no Subject line means no subject."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line, _, rest = text.partition("\n")
    if not first_line.strip().lower().startswith(_SUBJECT_PREFIX):
        return "", text.strip("\n")
    subject = first_line.strip()[len(_SUBJECT_PREFIX) :].strip()
    return subject, rest.strip("\n")


def find_placeholders(text: str) -> list[str]:
    """The known placeholder texts present in ``text``, each once, in order of appearance."""
    found: list[str] = []
    for match in PLACEHOLDER_PATTERN.finditer(text):
        if match.group() not in found:
            found.append(match.group())
    return found


def mailto_url(draft: Draft) -> str:
    """A mailto: link to the recipient with the subject and body, percent-encoded (RFC 6068)."""
    address = draft.recipient.email.strip() if draft.recipient else ""
    # Mail clients expect CRLF line breaks in a mailto body.
    body = for_clipboard(draft.body).replace("\n", "\r\n")  # no control characters
    return (
        f"mailto:{quote(for_clipboard(address), safe='@')}"
        f"?subject={quote(for_clipboard(draft.subject), safe='')}&body={quote(body, safe='')}"
    )
