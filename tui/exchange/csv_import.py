"""CSV files read back in.

Columns are matched by header name (with common synonyms), and the result is a plan (what will
be added, likely duplicates, skipped rows and why) that the caller shows before anything is
written. A CSV written by ``csv_export`` imports back without loss."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from tui import changes, dates
from tui.exchange.csv_export import OUR_MARKER, unguard
from tui.model import Application, Interviewer, InterviewFormat, Outcome, Stage, event_from_doc
from tui.people import format_interviewer, parse_interviewer, split_list
from tui.text_safety import clean_stored


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
    "connected_via_json": ("connected via json",),
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
    unknown_stages: dict[str, list[int]] = field(default_factory=dict)
    """Status words not understood, each with the rows that use it (those rows are left
    out): reported together, once, rather than row by row."""
    date_orders: dict[str, str] = field(default_factory=dict)
    """Header -> 'mdy' or 'dmy', for date columns whose order was decided from the column
    (a value such as 12/30/2026 proves it) or given (``date_order``)."""
    ambiguous_dates: list[str] = field(default_factory=list)
    """Date columns whose every numeric date reads both ways (05/06/2026): ``date_order``
    (the CLI's --dates mdy|dmy) answers them."""


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-16 after its byte-order mark (Excel's "Unicode text"), UTF-8
    (with or without a BOM), else Windows-1252 as Excel saves it."""
    return decode_csv_reporting(data)[0]


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_errors(data: bytes) -> list[int]:
    """The offsets of the bytes that are not UTF-8."""
    errors: list[int] = []
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    position = 0
    while position < len(data):
        try:
            decoder.decode(data[position:], final=True)
            break
        except UnicodeDecodeError as error:
            errors.append(position + error.start)
            position += error.end
            decoder.reset()
    return errors


def decode_csv_reporting(data: bytes) -> tuple[str, list[str]]:
    """As ``decode_csv``, and what went wrong: a file that is UTF-8 but for a few bad bytes
    (a paste from elsewhere) is read as UTF-8, each bad byte shown as U+FFFD and reported by
    row and column, instead of turning every accent in the file into Windows-1252 mojibake."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The utf-16 codec reads the BOM to pick the byte order, and drops it.
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    bad = _utf8_errors(data)
    if len(_UTF8_SEQUENCE.findall(data)) < len(bad):
        return data.decode("cp1252", errors="replace"), []  # a Windows-1252 file
    text = data.decode("utf-8-sig", errors="replace")
    return text, _where_replaced(text, len(bad))


def _where_replaced(text: str, count: int) -> list[str]:
    """'row 3, column Notes: a byte that is not UTF-8 (shown as �)', for each such cell."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(first_line)))
    except csv.Error:
        return [f"{count} bytes that are not UTF-8 (shown as \ufffd)"]
    headers = rows[0] if rows else []
    found = []
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if "\ufffd" in cell:
                column = headers[index].strip() if index < len(headers) else ""
                name = column or f"{index + 1}"
                found.append(
                    f"row {number}, column {name}: a byte that is not UTF-8 (shown as \ufffd)"
                )
    return found or [f"{count} bytes that are not UTF-8 (shown as \ufffd)"]


def _delimiter(first_line: str) -> str:
    """Comma, or semicolon/tab when the header uses those (European spreadsheets do)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


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
    date_order: str | None = None,
) -> ImportPlan:
    """Read CSV text and decide, row by row, what importing it would do.

    ``existing`` is the board (for duplicate checks); ``tz`` is how dates without an offset
    are read; ``now`` stamps the history of cards that bring none; ``date_order`` ('mdy' or
    'dmy') reads dates such as 05/06/2026 that the column itself leaves open. Raises
    ImportFormatError when the file as a whole cannot be used.
    """
    if date_order not in (None, "mdy", "dmy"):
        raise ImportFormatError(f"unknown date order {date_order!r} (mdy or dmy)")
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
    ours = OUR_MARKER in mapping
    seen: dict[tuple[str, str], str] = {
        duplicate_key(card): "already on the board" for card in existing
    }
    plan = ImportPlan(
        columns={name: headers[index] for name, index in mapping.items()},
        ignored_columns=[header for header in unused if header.strip()],
    )
    records = rows[header_index + 1 :]
    # Trailing rows with no text (',,,,,,' as spreadsheets save them) are not rows at all.
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    orders = _date_orders(records, mapping, date_order)
    plan.date_orders.update({headers[mapping[name]]: order for name, order in orders.items()})
    plan.ambiguous_dates.extend(
        headers[mapping[name]] for name, order in orders.items() if order == "?"
    )
    for header in plan.ambiguous_dates:
        del plan.date_orders[header]
    declined = _declined_means(records, mapping.get("stage"))
    # Numbered as a spreadsheet shows them: the first record is row 1.
    for number, cells in enumerate(records, start=header_index + 2):
        cells += [""] * (len(headers) - len(cells))
        # Our own export is read exactly (lossless); other files are trimmed. No cell brings
        # an escape sequence or a control character in (tui.text_safety).
        values = {
            name: clean_stored(unguard(cells[index]) if ours else cells[index].strip())
            for name, index in mapping.items()
        }
        if not any(value.strip() for value in values.values()):
            plan.skipped.append(SkippedRow(number, "empty row"))
            continue
        for name, order in orders.items():
            if order in ("mdy", "dmy") and values.get(name):
                values[name] = _in_order(values[name], order)
        if declined is not None and _loose_key(values.get("stage", "")) == "declined":
            values["stage"] = declined.value
        try:
            card = _card_from_row(values, tz=tz, now=now)
        except _UnknownStageError as error:
            plan.unknown_stages.setdefault(error.word, []).append(number)
            continue
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
        connected_via=_read_connected_via(values),
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
    "interviewed": Stage.INTERVIEWED,
    "phone screen": Stage.INTERVIEWED,
    "phone screen scheduled": Stage.INTERVIEWED,
    "phone screened": Stage.INTERVIEWED,
    "phone interview": Stage.INTERVIEWED,
    "screening": Stage.INTERVIEWED,
    "interview scheduled": Stage.INTERVIEWED,
    "technical interview": Stage.INTERVIEWED,
    "onsite": Stage.INTERVIEWED,
    "on site": Stage.INTERVIEWED,
    "onsite scheduled": Stage.INTERVIEWED,
    "final round": Stage.INTERVIEWED,
    "final interview": Stage.INTERVIEWED,
    "thank you sent": Stage.THANKED,
    "waiting": Stage.AWAITING_DECISION,
    "awaiting": Stage.AWAITING_DECISION,
    "followed up": Stage.CHECKED_IN,
    "connected": Stage.NETWORKED,
    "networking": Stage.NETWORKED,
    "offer": Outcome.OFFER,
    "offer extended": Outcome.OFFER,
    "offer received": Outcome.OFFER,
    "offered": Outcome.OFFER,
    "offer accepted": Outcome.OFFER_ACCEPTED,
    "accepted": Outcome.OFFER_ACCEPTED,
    "not selected": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "offer declined": Outcome.OFFER_DECLINED,
    "declined offer": Outcome.OFFER_DECLINED,
    "rejected": Outcome.REJECTED,
    "withdrawn": Outcome.WITHDRAWN,
    "no response": Outcome.NO_RESPONSE,
    "ghosted": Outcome.NO_RESPONSE,
}
# Words that look like a status but would be a guess.
_UNCLEAR_STATUS = {
    "declined": "could mean they turned you down or you turned them down: "
    "write rejected or withdrawn (beside 'Rejected' in the column it reads as withdrawn)",
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
    raise _UnknownStageError(stage_text)


class _UnknownStageError(_RowError):
    """A status word nobody knows; the plan lists these together."""

    def __init__(self, word: str) -> None:
        super().__init__(f"unknown stage {word!r}")
        self.word = word


def known_stage_words() -> str:
    """What a status cell may say, for the message about unknown ones."""
    stages = ", ".join(stage.label.lower() for stage in Stage)
    outcomes = ", ".join(each.label for each in Outcome if each is not Outcome.PENDING)
    return f"one of: {stages}; or an outcome: {outcomes}"


_DECLINED_CONTEXT = frozenset({"rejected", "rejection", "not selected", "turned down"})


def _declined_means(records: Sequence[Sequence[str]], column: int | None) -> Outcome | None:
    """What 'Declined' means in this status column: beside a word for the employer's no
    ('Rejected'), it is the user who declined (withdrawn); alone it stays unclear (None)."""
    if column is None:
        return None
    words = {_loose_key(row[column]) for row in records if column < len(row)}
    if "declined" in words and words & _DECLINED_CONTEXT:
        return Outcome.WITHDRAWN
    return None


_NUMERIC = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?=$|[\sT,])")


def _date_orders(
    records: Sequence[Sequence[str]], mapping: dict[str, int], given: str | None
) -> dict[str, str]:
    """For each date column with slash dates: 'mdy' or 'dmy' when the column proves one (a
    value only one order reads, such as 12/30/2026, and none against it) or ``given`` says;
    '?' when every value reads both ways and nothing says; columns whose values disagree
    are left out (each value is then read on its own, as before)."""
    orders: dict[str, str] = {}
    for name in ("interviewed_at", "decision_by", "follow_up_on"):
        column = mapping.get(name)
        if column is None:
            continue
        month_first = day_first = either = 0
        for row in records:
            match = _NUMERIC.match(row[column]) if column < len(row) else None
            if match is None:
                continue
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                day_first += 1
            elif second > 12 >= first:
                month_first += 1
            elif first != second:
                either += 1
        if month_first and day_first:
            continue
        if month_first or day_first:
            orders[name] = "mdy" if month_first else "dmy"
        elif either:
            orders[name] = given or "?"
    return orders


def _in_order(text: str, order: str) -> str:
    """A slash date written as ISO (2026-12-07 ...) in the column's order; the rest kept."""
    match = _NUMERIC.match(text)
    if match is None:
        return text
    first, second, year = match[1], match[2], match[3]
    month, day = (first, second) if order == "mdy" else (second, first)
    return f"{year}-{int(month):02d}-{int(day):02d}{text[match.end() :]}"


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


def _read_connected_via(values: dict[str, str]) -> tuple[str, ...]:
    """The places from connected_via_json (our own export: an entry may hold ';' or '|')
    while it agrees with the readable column, else the readable column split."""
    readable = values.get("connected_via", "")
    exact = _read_json(values.get("connected_via_json", ""), list, "connected_via_json")
    agrees = not readable or readable == "; ".join(map(str, exact))
    if exact and agrees and all(isinstance(place, str) for place in exact):
        return tuple(clean_stored(place) for place in exact)
    return tuple(split_list(readable))


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
    people_list = [parse_interviewer(part) for part in split_list(readable)]
    emails = split_list(values.get("emails", ""))
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
