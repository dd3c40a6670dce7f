"""The template language: the fields, placeholders and sections a template may use, and its
parser.

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
from typing import TypeAlias

from tui.model import Outcome

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
    "told_the_decision": "This person told you the decision (the one a feedback request asks).",
    "linkedin_not_signed": "Your profile has a LinkedIn URL that your signature does not show.",
    **{name: f"The field {{{name}}} has a value." for name in FIELDS},
}
"""Names allowed in ``[[name]] ... [[/name]]`` sections, with what makes each one true."""

_ELSE = "else"
_MAX_NESTING = 20
SUBJECT_PREFIX = "subject:"
"""How the first line of a template (and of an edited draft) starts, in any case."""

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
class Field:
    """``{name}`` in a template: the field's value, or its placeholder when it has none."""

    name: str


@dataclass(frozen=True)
class Section:
    """``[[condition]] then [[else]] otherwise [[/condition]]`` in a template."""

    condition: str
    then: tuple[Node, ...]
    otherwise: tuple[Node, ...]


Node: TypeAlias = "str | Field | Section"


@dataclass(frozen=True)
class Template:
    """A parsed template: the source text and its subject and body as node trees."""

    source: str
    subject: tuple[Node, ...]
    body: tuple[Node, ...]


def parse_template(text: str) -> Template:
    """Parse template text (Subject line, blank line, body); raises TemplateError if invalid."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    first_line, _, rest = text.partition("\n")
    if not first_line.lower().startswith(SUBJECT_PREFIX):
        raise TemplateError("the first line must start with 'Subject:'.")
    subject_text = first_line[len(SUBJECT_PREFIX) :].strip()
    # The body starts after the blank line; count the lines skipped for error line numbers.
    body_text = rest.lstrip("\n")
    body_first_line = 2 + rest.count("\n") - body_text.count("\n")
    return Template(
        source=text,
        subject=_parse_nodes(subject_text, first_line_number=1),
        body=_parse_nodes(body_text.rstrip(), first_line_number=body_first_line),
    )


@dataclass
class _OpenSection:
    """A section whose closing tag has not been read yet."""

    condition: str
    opened_at: int
    nodes: list[Node] = field(default_factory=list)
    """The nodes read so far: the then-branch, or the else-branch once [[else]] is seen."""
    then: list[Node] | None = None
    """The then-branch, set when [[else]] is read."""

    def close(self) -> Section:
        if self.then is None:
            return Section(self.condition, tuple(self.nodes), ())
        return Section(self.condition, tuple(self.then), tuple(self.nodes))


def _parse_nodes(text: str, first_line_number: int) -> tuple[Node, ...]:
    """Turn template text into a node tree, checking every field and section name."""
    root: list[Node] = []
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
            current.append(Field(_check_field(match.group("field"), where)))
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
