"""The board in other formats: CSV and JSON for spreadsheets and scripts, iCalendar for to-dos.

Also reads CSV files back in: columns are matched by header name (with common synonyms), and
the result is a plan (what will be added, likely duplicates, skipped rows and why) that the
caller shows before anything is written. A CSV written here imports back without loss.
No Textual, no TinyDB: cards in, text out.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from tui import __version__, changes, dates, rules
from tui.model import (
    Application,
    Interviewer,
    InterviewFormat,
    Outcome,
    Profile,
    Stage,
    application_to_doc,
    event_from_doc,
    event_to_doc,
    is_email,
)

# ---------------------------------------------------------------------------------------------
# JSON


def card_to_json_doc(card: Application) -> dict[str, Any]:
    """The documented JSON form of a card: its stored document with its "id" first."""
    return {"id": card.doc_id, **application_to_doc(card)}


def export_json(cards: Iterable[Application]) -> str:
    """A JSON array of cards (see ``card_to_json_doc``), pretty-printed, ending in a newline."""
    return json.dumps([card_to_json_doc(card) for card in cards], ensure_ascii=False, indent=2) + (
        "\n"
    )


# ---------------------------------------------------------------------------------------------
# People


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


def _split_list(text: str) -> list[str]:
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


# ---------------------------------------------------------------------------------------------
# CSV export

# Spreadsheets run a cell starting with one of these as a formula (CSV injection). A leading
# quote is guarded too, so reading our own export back can strip exactly one quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_OUR_MARKER = "history_json"

CSV_COLUMNS = (
    "id",
    "company",
    "role",
    "stage",
    "interviewed_at",
    "round",
    "format",
    "interviewers",
    "key_points",
    "decision_by",
    "follow_up_on",
    "outcome",
    "feedback",
    "posting_url",
    "notes",
    "connected_via",
    "history",
    "interviewers_json",
    "history_json",
    "drafts_json",
)
"""The header of an exported CSV, in order. The *_json columns make the import lossless."""


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading quote if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _unguard(cell: str) -> str:
    """Undo ``spreadsheet_safe`` on a cell read from our own export."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _history_line(card: Application, tz: str) -> str:
    """'2026-11-24 14:30 Moved from Interviewed to Thanked | ...' in the user's timezone."""
    return " | ".join(
        f"{dates.datetime_field_text(event.at, tz)} {event.summary}" for event in card.history
    )


def _csv_row(card: Application, tz: str) -> list[str]:
    """One card as CSV cells, in ``CSV_COLUMNS`` order."""
    interviewed_at = card.interviewed_at.astimezone(dates.zone(tz)).isoformat(timespec="seconds")
    cells = [
        "" if card.doc_id is None else str(card.doc_id),
        card.company,
        card.role,
        card.stage.label,
        interviewed_at,
        str(card.round),
        card.format.value,
        "; ".join(format_interviewer(person) for person in card.interviewers),
        card.key_points,
        card.decision_by.isoformat() if card.decision_by else "",
        card.follow_up_on.isoformat() if card.follow_up_on else "",
        card.outcome.label,
        card.feedback,
        card.posting_url,
        card.notes,
        "; ".join(card.connected_via),
        _history_line(card, tz),
        _compact_json([person.to_dict() for person in card.interviewers]),
        _compact_json([event_to_doc(event) for event in card.history]),
        _compact_json(dict(card.drafts)),
    ]
    return [spreadsheet_safe(cell) for cell in cells]


def export_csv(cards: Iterable[Application], tz: str = "") -> str:
    """The cards as CSV text (header row first, CRLF line ends as RFC 4180 asks).

    Times are shown in ``tz`` (an IANA name; '' is the system's) with their offset, so the
    file reads naturally and still converts back to the exact moment.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(card, tz) for card in cards)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# iCalendar (RFC 5545), written by hand: the format is small and this keeps it dependency-free.


@dataclass(frozen=True)
class CalendarAction:
    """One thing to do by a date, as it goes into a calendar."""

    card: Application
    kind: str
    """'thank_you', 'check_in' or 'decision'."""
    title: str
    due: datetime | date
    """A moment (aware) for a thank-you; a whole day for the others."""


def calendar_actions(card: Application, profile: Profile, now: datetime) -> list[CalendarAction]:
    """Every dated action still ahead for a card, not only the next one, so a calendar can
    plan: the thank-you, the check-in (or the next one after checking in), the decision."""
    if card.stage in (Stage.OUTCOME, Stage.NETWORKED) or card.outcome is not Outcome.PENDING:
        return []
    actions: list[CalendarAction] = []
    if card.stage is Stage.INTERVIEWED:
        actions.append(
            CalendarAction(card, "thank_you", "Send thank-you", rules.thank_you_due_at(card))
        )
    if card.stage is Stage.CHECKED_IN:
        # After a check-in the rules know when the next one is polite (or that it is time
        # to record no response, which has no place in a calendar).
        action = rules.next_action(card, profile, now)
        if action.kind == "check_in" and action.due_at is not None:
            day = dates.local_date(action.due_at, profile.timezone)
            actions.append(CalendarAction(card, "check_in", "Check in again", day))
    else:
        day = rules.follow_up_date(card, profile)
        actions.append(CalendarAction(card, "check_in", "Check in", day))
    if card.decision_by is not None:
        actions.append(CalendarAction(card, "decision", "Decision expected", card.decision_by))
    return actions


def calendar_uid(action: CalendarAction) -> str:
    """Stable across exports, so re-importing updates a calendar instead of duplicating."""
    return f"{action.card.doc_id}-{action.kind.replace('_', '-')}-{action.card.round}@followup-tui"


def ics_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets with CRLF + space, never inside a UTF-8 sequence."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = "", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _ics_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _due_property(due: datetime | date) -> str:
    if isinstance(due, datetime):
        return f"DUE:{_ics_stamp(due)}"
    return f"DUE;VALUE=DATE:{due.strftime('%Y%m%d')}"


def _people(card: Application) -> str:
    return ", ".join(person.name or person.email for person in card.interviewers)


def _description(card: Application, tz: str) -> str:
    lines = [f"{card.company} - {card.role}"]
    for person in card.interviewers:
        details = ", ".join(part for part in (person.title, person.email) if part)
        lines.append(f"Interviewer: {person.name}" + (f" ({details})" if details else ""))
    lines.append(
        f"Round {card.round}, {card.format.value} interview on "
        f"{dates.short_datetime(card.interviewed_at, tz)}"
    )
    if card.decision_by:
        lines.append(f"Decision expected by {dates.short_day(card.decision_by)}")
    if card.posting_url:
        lines.append(f"Posting: {card.posting_url}")
    return "\n".join(lines)


def export_ics(cards: Iterable[Application], profile: Profile, *, now: datetime) -> str:
    """An iCalendar file with one VTODO per upcoming action (see ``calendar_actions``)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//followup-tui//followup-tui {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Interview follow-ups",
    ]
    stamp = _ics_stamp(now)
    for card in cards:
        description = _description(card, profile.timezone)
        for action in calendar_actions(card, profile, now):
            people = _people(card)
            summary = f"{action.title}: {card.company} - {card.role}" + (
                f" ({people})" if people else ""
            )
            lines += [
                "BEGIN:VTODO",
                f"UID:{calendar_uid(action)}",
                f"DTSTAMP:{stamp}",
                f"SUMMARY:{ics_text(summary)}",
                f"DESCRIPTION:{ics_text(description)}",
                _due_property(action.due),
                "STATUS:NEEDS-ACTION",
                f"CATEGORIES:{ics_text('Job search')}",
                "END:VTODO",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


# ---------------------------------------------------------------------------------------------
# CSV import


class ImportFormatError(ValueError):
    """The file as a whole cannot be imported (not CSV, no header, a required column missing)."""


# Header synonyms, compared after lower-casing and turning '_' and '-' into spaces.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "company": ("company", "employer", "organisation", "organization", "company name", "org"),
    "role": ("role", "position", "title", "job", "job title", "role title"),
    "interviewers": (
        "interviewers",
        "interviewer",
        "contact",
        "contacts",
        "interviewer name",
        "interviewer names",
        "contact name",
    ),
    "emails": (
        "email",
        "emails",
        "e mail",
        "contact email",
        "interviewer email",
        "interviewer emails",
    ),
    "interviewed_at": ("interviewed at", "date", "interview date", "interviewed", "interview"),
    "stage": ("stage", "status", "column"),
    "notes": ("notes", "comments", "note", "comment"),
    "round": ("round", "interview round"),
    "format": ("format", "interview format"),
    "key_points": ("key points", "discussed", "topics"),
    "decision_by": ("decision by", "decision date", "decision"),
    "follow_up_on": ("follow up on", "follow up date", "check in date", "check in on"),
    "outcome": ("outcome", "result"),
    "feedback": ("feedback",),
    "posting_url": ("posting url", "url", "link", "job url", "posting"),
    "connected_via": ("connected via",),
    "interviewers_json": ("interviewers json",),
    "history_json": ("history json",),
    "drafts_json": ("drafts json",),
    # Read-only columns of our own export: recognised so they are not reported as unknown.
    "id": ("id",),
    "history": ("history",),
}
_REQUIRED = {
    "company": "company (or employer, organisation)",
    "role": "role (or position, title, job)",
    "interviewed_at": "interview date (or date, interviewed at)",
}


def _loose_key(text: str) -> str:
    """How headers and status words are compared: any case, '_' and '-' as spaces."""
    return " ".join(re.sub(r"[_\-]", " ", text.strip().lstrip("\ufeff").lower()).split())


def map_columns(headers: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Match headers to card fields: (field -> column index, headers that matched nothing)."""
    lookup = {synonym: name for name, synonyms in _SYNONYMS.items() for synonym in synonyms}
    mapping: dict[str, int] = {}
    unused: list[str] = []
    for index, header in enumerate(headers):
        name = lookup.get(_loose_key(header))
        if name is None or name in mapping:
            unused.append(header)
        else:
            mapping[name] = index
    return mapping, unused


@dataclass(frozen=True)
class PlannedCard:
    """A row that becomes a card."""

    row: int
    """The row number as a spreadsheet shows it (the header is row 1)."""
    card: Application
    duplicate_of: str = ""
    """Why it looks like a duplicate ('already on the board', 'same as row 3'), or ''."""


@dataclass(frozen=True)
class SkippedRow:
    """A row that cannot become a card, and why."""

    row: int
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would do; nothing has been written yet."""

    to_add: list[PlannedCard] = field(default_factory=list)
    """New cards, in file order."""
    duplicates: list[PlannedCard] = field(default_factory=list)
    """Cards with the same company and role as one on the board or earlier in the file."""
    skipped: list[SkippedRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """Card field -> the header it was read from."""
    ignored_columns: list[str] = field(default_factory=list)
    """Headers that matched no field."""


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-16 after its byte-order mark (Excel's "Unicode text"), UTF-8
    (with or without a BOM), else Windows-1252 as Excel saves it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The utf-16 codec reads the BOM to pick the byte order, and drops it.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    """Comma, or semicolon/tab when the header uses those (European spreadsheets do)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


EXPORT_FORMATS = ("csv", "json", "ics")
"""What the board can be written as."""


def export_bytes(
    export_format: str, cards: Sequence[Application], profile: Profile, *, now: datetime
) -> bytes:
    """The board as a file of one of EXPORT_FORMATS. A CSV starts with a byte-order mark,
    which lets Excel recognise UTF-8 (accents intact); our import skips it."""
    if export_format == "csv":
        return b"\xef\xbb\xbf" + export_csv(cards, profile.timezone).encode("utf-8")
    if export_format == "json":
        return export_json(cards).encode("utf-8")
    if export_format == "ics":
        return export_ics(cards, profile, now=now).encode("utf-8")
    raise ValueError(f"unknown export format {export_format!r}")


def output_path(text: str, board: Path) -> Path:
    """A file name the user typed, ~ expanded. ValueError when ~name is nobody's home, or
    when it names the board's own file (an export there would replace the board)."""
    try:
        target = Path(text).expanduser()
    except RuntimeError as error:
        raise ValueError(f"{text}: no such home folder") from error
    try:
        same = target.exists() and board.exists() and target.samefile(board)
    except OSError:
        same = False  # unreadable: writing will say what is wrong
    if same:
        raise ValueError(f"{target} is the board's own file; choose another name")
    return target


def _default_mode() -> int:
    """The mode a new file gets here (0o666 less the umask), as open() would give it."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_file(target: Path, data: bytes) -> None:
    """Write beside the target, then rename, so a failed export never leaves half a file.

    A symbolic link is written through (its target is replaced, the link stays), and the
    file keeps its mode, or gets the usual one for a new file (not the temporary file's
    0600). An OSError names the target (not the temporary file).
    """
    if target.is_symlink():
        target = target.resolve()
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode()
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(target)) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def duplicate_key(card: Application) -> tuple[str, str]:
    """Cards with equal keys are the same process: same company and role, any case."""
    return (" ".join(card.company.casefold().split()), " ".join(card.role.casefold().split()))


_T = TypeVar("_T")


class _RowError(ValueError):
    """A row cannot be imported; the message says why."""


def plan_import(
    text: str,
    existing: Sequence[Application],
    *,
    tz: str = "",
    now: datetime,
) -> ImportPlan:
    """Read CSV text and decide, row by row, what importing it would do.

    ``existing`` is the board (for duplicate checks); ``tz`` is how dates without an offset
    are read; ``now`` stamps the history of cards that bring none. Raises ImportFormatError
    when the file as a whole cannot be used.
    """
    if not text.strip():
        raise ImportFormatError("the file is empty")
    first_line = next(line for line in text.splitlines() if line.strip())
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(first_line)))
    except csv.Error as error:  # e.g. a runaway quoted field: not a spreadsheet export
        raise ImportFormatError(f"not a readable CSV file ({error})") from error
    # A line of blank quoted cells ('"",""') is not blank text but holds no header either.
    header_index = next(
        (index for index, row in enumerate(rows) if any(c.strip() for c in row)), None
    )
    if header_index is None:
        raise ImportFormatError("no header row (every cell in the file is blank)")
    headers = rows[header_index]
    mapping, unused = map_columns(headers)
    missing = [label for name, label in _REQUIRED.items() if name not in mapping]
    if missing:
        found = ", ".join(repr(header) for header in headers if header.strip()) or "none"
        raise ImportFormatError(f"no {' or '.join(missing)} column (columns found: {found})")
    ours = _OUR_MARKER in mapping
    seen: dict[tuple[str, str], str] = {
        duplicate_key(card): "already on the board" for card in existing
    }
    plan = ImportPlan(
        columns={name: headers[index] for name, index in mapping.items()},
        ignored_columns=[header for header in unused if header.strip()],
    )
    # Numbered as a spreadsheet shows them: the first record is row 1.
    for number, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells += [""] * (len(headers) - len(cells))
        # Our own export is read exactly (lossless); other files are trimmed.
        values = {
            name: _unguard(cells[index]) if ours else cells[index].strip()
            for name, index in mapping.items()
        }
        if not any(value.strip() for value in values.values()):
            plan.skipped.append(SkippedRow(number, "empty row"))
            continue
        try:
            card = _card_from_row(values, tz=tz, now=now)
        except _RowError as error:
            plan.skipped.append(SkippedRow(number, str(error)))
            continue
        key = duplicate_key(card)
        if key in seen:
            plan.duplicates.append(PlannedCard(number, card, seen[key]))
        else:
            seen[key] = f"same as row {number}"
            plan.to_add.append(PlannedCard(number, card))
    return plan


def _card_from_row(values: dict[str, str], *, tz: str, now: datetime) -> Application:
    """Build a card from one row's cells (field -> text); raises _RowError with a reason."""
    company, role = values.get("company", ""), values.get("role", "")
    if not company.strip():
        raise _RowError("empty company")
    if not role.strip():
        raise _RowError("empty role")
    stage, outcome = _read_stage(values.get("stage", ""), values.get("outcome", ""))
    card = Application(
        company=company,
        role=role,
        interviewed_at=_read_moment(values.get("interviewed_at", ""), tz, now),
        stage=stage,
        interviewers=_read_interviewers(values),
        round=_read_round(values.get("round", "")),
        format=_parsed(InterviewFormat.parse, values.get("format", ""), InterviewFormat.VIDEO),
        key_points=values.get("key_points", ""),
        decision_by=_read_day(values.get("decision_by", ""), "decision date", tz, now),
        follow_up_on=_read_day(values.get("follow_up_on", ""), "check-in date", tz, now),
        outcome=outcome,
        feedback=values.get("feedback", ""),
        posting_url=values.get("posting_url", ""),
        notes=values.get("notes", ""),
        connected_via=tuple(_split_list(values.get("connected_via", ""))),
        drafts={
            str(key): str(value)
            for key, value in _read_json(values.get("drafts_json", ""), dict, "drafts_json").items()
        },
    )
    history = _read_json(values.get("history_json", ""), list, "history_json")
    if history:
        try:
            return replace(card, history=tuple(event_from_doc(event) for event in history))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise _RowError(f"unreadable history_json ({error})") from error
    return changes.created(card, now)


def _parsed(parse: Any, text: str, default: _T) -> _T:
    """Run an enum's forgiving ``parse``; '' gives the default, an unknown name a reason."""
    if not text:
        return default
    try:
        result: _T = parse(text)
    except ValueError as error:
        raise _RowError(str(error)) from error
    return result


# Words spreadsheets use in a status column, beyond the stage names Stage.parse reads. An
# outcome word means the Outcome stage with that outcome. Keys as _loose_key makes them.
_STATUS_WORDS: dict[str, Stage | Outcome] = {
    "interviewing": Stage.INTERVIEWED,
    "thank you sent": Stage.THANKED,
    "waiting": Stage.AWAITING_DECISION,
    "awaiting": Stage.AWAITING_DECISION,
    "followed up": Stage.CHECKED_IN,
    "connected": Stage.NETWORKED,
    "networking": Stage.NETWORKED,
    "offer": Outcome.OFFER,
    "rejected": Outcome.REJECTED,
    "withdrawn": Outcome.WITHDRAWN,
    "no response": Outcome.NO_RESPONSE,
    "ghosted": Outcome.NO_RESPONSE,
}
# Words that look like a status but would be a guess.
_UNCLEAR_STATUS = {
    "declined": "could mean they turned you down or you turned them down: "
    "write rejected or withdrawn",
    "applied": "is before an interview, and a card starts at the interview",
}


def _read_stage(stage_text: str, outcome_text: str) -> tuple[Stage, Outcome]:
    """The stage and outcome from a row's stage (or status) and outcome cells."""
    outcome = _parsed(Outcome.parse, outcome_text, Outcome.PENDING)
    if not stage_text:
        return Stage.INTERVIEWED, outcome
    key = _loose_key(stage_text)
    try:
        return Stage.parse(key), outcome
    except ValueError:
        pass
    meaning = _STATUS_WORDS.get(key)
    if isinstance(meaning, Stage):
        return meaning, outcome
    if isinstance(meaning, Outcome):
        if outcome not in (Outcome.PENDING, meaning):
            raise _RowError(f"stage {stage_text!r} and outcome {outcome_text!r} disagree")
        return Stage.OUTCOME, meaning
    if key in _UNCLEAR_STATUS:
        raise _RowError(f"stage {stage_text!r} {_UNCLEAR_STATUS[key]}")
    stages = ", ".join(stage.label.lower() for stage in Stage)
    outcomes = ", ".join(each.label for each in Outcome if each is not Outcome.PENDING)
    raise _RowError(f"unknown stage {stage_text!r} (one of: {stages}; or an outcome: {outcomes})")


def _read_moment(text: str, tz: str, now: datetime) -> datetime:
    if not text:
        raise _RowError("no interview date")
    try:
        # Our own export writes ISO 8601 with an offset: read that exactly, to the second.
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)
    except ValueError:
        pass
    try:
        return dates.parse_datetime(text, tz, now=now, past=True, spreadsheet=True)
    except dates.DateInputError as error:
        raise _RowError(f"unreadable date {text!r} ({error.problem})") from error


def _read_day(text: str, what: str, tz: str, now: datetime) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dates.parse_date(text, tz, now=now, spreadsheet=True)
    except dates.DateInputError as error:
        raise _RowError(f"unreadable {what} {text!r} ({error.problem})") from error


def _read_round(text: str) -> int:
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise _RowError(f"round must be a whole number from 1, found {text!r}")
    return int(text)


def _read_json(text: str, kind: type[_T], column: str) -> _T:
    if not text:
        return kind()
    try:
        value = json.loads(text)
    except ValueError as error:
        raise _RowError(f"unreadable {column} ({error})") from error
    if not isinstance(value, kind):
        raise _RowError(f"unreadable {column} (expected a {kind.__name__})")
    return value


def _read_interviewers(values: dict[str, str]) -> tuple[Interviewer, ...]:
    """People from the readable columns, or the exact ones from interviewers_json.

    The JSON column (our own export) keeps titles and links; it is used only while it still
    agrees with the readable column, so an edit made in a spreadsheet wins.
    """
    readable = values.get("interviewers", "")
    from_json = _read_json(values.get("interviewers_json", ""), list, "interviewers_json")
    if from_json:
        try:
            people = tuple(Interviewer.from_dict(person) for person in from_json)
        except AttributeError as error:
            raise _RowError("unreadable interviewers_json (expected objects)") from error
        if not readable or readable == "; ".join(format_interviewer(p) for p in people):
            return people
    people_list = [parse_interviewer(part) for part in _split_list(readable)]
    emails = _split_list(values.get("emails", ""))
    if len(emails) == len(people_list):
        # One email per person: pair them by position, keeping any 'Name <email>' given.
        people_list = [
            person if person.email else replace(person, email=email)
            for person, email in zip(people_list, emails, strict=True)
        ]
        emails = []
    # Otherwise emails fill in, in order, the people who have none; the rest become people.
    for index, person in enumerate(people_list):
        if not person.email and emails:
            people_list[index] = replace(person, email=emails.pop(0))
    people_list += [Interviewer(name="", email=email) for email in emails]
    return tuple(people_list)
