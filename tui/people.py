"""Interviewers as text, in the shapes users write them.

- One person in a line of the command line or a spreadsheet cell: 'Jane Doe <jane@example.com>'.
- The form's interviewers box: one person per line, 'Name | Title | email | about: ...'.
- A new round's people, on one line: 'Dr. Alan Ortiz; Lee Okafor | Head of Data'.

All are read here and nowhere else, so the CLI, the imports, the form and the new round agree.
"""

from __future__ import annotations

import re

from tui.model import Interviewer

_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+")


def is_email(text: str) -> bool:
    """An email address as people write one: text, '@', text; no spaces or angle brackets."""
    return _EMAIL.fullmatch(text) is not None


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


# ------------------------------------------------------------- the form's box

_FIELD_BREAK = re.compile(r"(?<!\\)\|")
"""A '|' that separates fields; one written as '\\|' belongs to the text."""


def _kind_of(part: str) -> str:
    """What a field looks like: 'email', 'linkedin', 'twitter', or '' for plain text."""
    lowered = part.lower()
    if is_email(part):  # first: sam@linkedin.com is an address, not a profile
        return "email"
    if "linkedin.com" in lowered:
        return "linkedin"
    if part.startswith("@") or "twitter.com/" in lowered or "x.com/" in lowered:
        return "twitter"
    return ""


_LABELLED = re.compile(r"(?P<label>about|greet|audience)\s*:\s*(?P<value>.*)", re.IGNORECASE)
"""'about: the dbt migration', 'greet: formal', 'audience: recruiter': a letter setting."""

_GREET_WORDS = {"first": "first", "first name": "first", "formal": "formal", "title": "formal"}
_AUDIENCE_WORDS = {
    **dict.fromkeys(("process", "recruiter", "hr", "talent"), "process"),
    **dict.fromkeys(("substance", "manager", "peer", "hiring manager"), "substance"),
}


def _labelled(label: str, value: str, found: dict[str, str]) -> str | None:
    """Put a labelled part into ``found``; the problem in words when its value is unknown."""
    key = value.strip().lower()
    if label == "about":
        found["talked_about"] = value.strip()
    elif label == "greet":
        if key not in _GREET_WORDS:
            return f"greet: {value.strip()!r} is not 'first' or 'formal'"
        found["greeting"] = _GREET_WORDS[key]
    else:
        if key not in _AUDIENCE_WORDS:
            return f"audience: {value.strip()!r} is not 'recruiter' or 'manager'"
        found["audience"] = _AUDIENCE_WORDS[key]
    return None


def parse_interviewers(text: str) -> tuple[tuple[Interviewer, ...], list[str]]:
    """Read the interviewers box: one person per line, fields separated by '|'.

    Fields are placed by what they look like (an email, a LinkedIn URL, an @handle), so
    'Name | email' works; anything else takes the next free place in 'Name | Title | email |
    profile'. A field that cannot be placed is an error, never dropped: returns the people
    and one message per problem. Labelled parts set how the letters treat the person:
    'about: what you discussed with them', 'greet: first' or 'greet: formal' (Dear Dr. Ortiz),
    'audience: recruiter' or 'audience: manager' (else judged from the title).
    """
    people: list[Interviewer] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip().replace("\\|", "|") for part in _FIELD_BREAK.split(line)]
        if not any(parts):
            continue
        found = dict.fromkeys(
            ("name", "title", "email", "linkedin", "twitter", "greeting", "audience"), ""
        )
        found["talked_about"] = ""
        if _kind_of(parts[0]) == "email":
            found["email"] = parts[0]  # just an address: a person whose name is not known yet
        else:
            found["name"] = parts[0]
        for position, part in enumerate(parts[1:], start=1):
            if not part:
                continue
            labelled = _LABELLED.fullmatch(part)
            if labelled:
                problem = _labelled(labelled["label"].lower(), labelled["value"], found)
                if problem:
                    problems.append(f"Line {number}: {problem}.")
                continue
            kind = _kind_of(part) or ("title" if position == 1 else "")
            if not kind:
                expected = "an email address" if position == 2 else "a LinkedIn URL or @handle"
                problems.append(f"Line {number}: {part!r} is not {expected}.")
            elif found[kind]:
                problems.append(f"Line {number}: two of {kind} ({found[kind]!r}, {part!r}).")
            else:
                found[kind] = part
        people.append(
            Interviewer(
                name=found["name"],
                title=found["title"],
                email=found["email"],
                linkedin=found["linkedin"],
                twitter=found["twitter"],
                greeting=found["greeting"],
                audience=found["audience"],
                talked_about=found["talked_about"],
            )
        )
    return tuple(people), problems


def _field(value: str) -> str:
    return value.replace("|", "\\|")


def format_interviewers(people: tuple[Interviewer, ...]) -> str:
    """The interviewers as the form shows them; ``parse_interviewers`` reads it back as is."""
    lines = []
    for person in people:
        twitter = person.twitter
        if twitter and _kind_of(twitter) != "twitter":
            twitter = f"@{twitter}"  # a bare handle would read as a title
        parts = [person.name, person.title, person.email, person.linkedin, twitter]
        while parts and not parts[-1]:
            parts.pop()
        parts = list(map(_field, parts))
        if person.talked_about:
            parts.append(f"about: {_field(person.talked_about)}")
        if person.greeting:
            parts.append(f"greet: {person.greeting}")
        if person.audience:
            parts.append(f"audience: {'recruiter' if person.audience == 'process' else 'manager'}")
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def read_person(text: str) -> tuple[Interviewer, str | None]:
    """One person from a single line in either shape, with the problem in words or None.

    'Jane Doe <jane@example.com>' and 'Dr. Alan Ortiz | Analytics Manager | alan@x.example |
    about: dbt' both work, so a line copied out of the form means the same on the command line.
    """
    if _FIELD_BREAK.search(text):
        people, problems = parse_interviewers(text.replace("\n", " "))
        if people:
            return people[0], (
                problems[0].removeprefix("Line 1: ").rstrip(".") if problems else None
            )
    return parse_interviewer(text), interviewer_problem(text)


def people_from_text(text: str) -> tuple[Interviewer, ...]:
    """People typed on one line for a round: 'Dr. Alan Ortiz; Lee Okafor | Head of Data'.

    Each part is a name, optionally followed by '| title | email'; a person already on the
    card needs only the name (``changes.round_people`` matches them and keeps what is known).
    """
    people = []
    for part in text.split(";"):
        fields = [field.strip() for field in part.split("|")]
        if not fields[0]:
            continue
        rest = fields[1:]
        email = next((field for field in rest if is_email(field)), "")
        title = next((field for field in rest if field and not is_email(field)), "")
        people.append(Interviewer(name=fields[0], title=title, email=email))
    return tuple(people)


def people_text_problem(text: str) -> str | None:
    """Why a round's people text cannot be read; None when it can (empty means the same
    people as the last round)."""
    for part in text.split(";"):
        fields = [field.strip() for field in part.split("|")]
        if not fields[0] and any(fields[1:]):
            return f"{part.strip()!r} has no name: write the name first, then '| title'."
    return None
