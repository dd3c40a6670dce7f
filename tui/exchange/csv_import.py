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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

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


@dataclass
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
    to_add_total: int = 0
    duplicates_total: int = 0
    skipped_total: int = 0
    """How many rows of each kind (a streamed plan lists only the first of each)."""
    cards: list[Application] = field(default_factory=list)
    duplicate_cards: list[Application] = field(default_factory=list)
    """The cards to add and the duplicates, when the plan keeps them (``keep_cards``)."""


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


def file_encoding(path: Path) -> str | None:
    """The encoding to stream ``path`` with: 'utf-16' after its byte-order mark, 'utf-8-sig'
    when every byte is UTF-8 (read in chunks, never whole); None when some byte is not,
    and ``decode_csv_reporting`` must look at the whole file to say which and where."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    with path.open("rb") as stream:
        chunk = stream.read(1 << 20)
        if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = stream.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8-sig"


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


LISTED = 100
"""A streamed plan (``plan_file``) lists this many rows of each kind; the rest are counted."""


class CsvSource:
    """CSV text read row by row, as many times as the import needs (each pass opens it
    again), so a large file is never whole in memory.

    ``read`` counts the characters read so far, for a progress bar."""

    def __init__(self, open_text: Callable[[], TextIO], size: int) -> None:
        self._open = open_text
        self.size = size
        """About how many characters a pass reads (the file's size in bytes)."""
        self.read = 0

    @classmethod
    def from_text(cls, text: str) -> CsvSource:
        return cls(lambda: io.StringIO(text), len(text))

    @classmethod
    def from_file(cls, path: Path, encoding: str) -> CsvSource:
        """The file as ``encoding`` (bytes it cannot read become U+FFFD)."""

        def open_text() -> TextIO:
            return path.open(encoding=encoding, errors="replace", newline="")

        return cls(open_text, path.stat().st_size)

    def rows(self) -> Iterator[list[str]]:
        """Every row; csv.Error for a file that is not CSV (a runaway quoted field)."""
        self.read = 0
        with self._open() as stream:
            first_line = next((line for line in stream if line.strip()), "")
        with self._open() as stream:
            yield from csv.reader(self._counted(stream), delimiter=_delimiter(first_line))

    def _counted(self, stream: TextIO) -> Iterator[str]:
        for line in stream:
            self.read += len(line)
            yield line

    def is_blank(self) -> bool:
        with self._open() as stream:
            return not any(line.strip() for line in stream)


@dataclass
class _Sheet:
    """What the first pass over a file learns: its header, columns, and what its columns
    say as a whole (the order of its dates, what 'Declined' means)."""

    header_row: int
    headers: list[str]
    mapping: dict[str, int]
    unused: list[str]
    last_record: int
    """The index of the last record with any text: blank rows after it are not rows."""
    orders: dict[str, str]
    declined: Outcome | None


def _scan(source: CsvSource, date_order: str | None, progress: Callable[[], None]) -> _Sheet:
    """The first pass: raises ImportFormatError when the file as a whole cannot be used."""
    if date_order not in (None, "mdy", "dmy"):
        raise ImportFormatError(f"unknown date order {date_order!r} (mdy or dmy)")
    if source.is_blank():
        raise ImportFormatError("the file is empty")
    rows = _readable(source.rows())
    # A line of blank quoted cells ('"",""') is not blank text but holds no header either.
    header_row = 0
    for header_row, headers in enumerate(rows):  # noqa: B007 - the header's index is kept
        if any(cell.strip() for cell in headers):
            break
    else:
        raise ImportFormatError("no header row (every cell in the file is blank)")
    mapping, unused = map_columns(headers)
    missing = [label for name, label in _REQUIRED.items() if name not in mapping]
    if missing:
        found = ", ".join(repr(header) for header in headers if header.strip()) or "none"
        raise ImportFormatError(f"no {' or '.join(missing)} column (columns found: {found})")
    dated = _DateColumns(mapping)
    stage = mapping.get("stage")
    words: set[str] = set()
    last_record = -1
    for index, record in enumerate(rows):
        if index % 500 == 0:
            progress()
        if any(cell.strip() for cell in record):
            last_record = index
        dated.count(record)
        if stage is not None and stage < len(record):
            word = _loose_key(record[stage])
            if word == "declined" or word in _DECLINED_CONTEXT:
                words.add(word)
    # Beside a word for the employer's no ('Rejected'), 'Declined' is the user's own no
    # (withdrawn); alone it stays unclear.
    declined = Outcome.WITHDRAWN if "declined" in words and words & _DECLINED_CONTEXT else None
    return _Sheet(
        header_row, headers, mapping, unused, last_record, dated.orders(date_order), declined
    )


def _readable(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from rows
    except csv.Error as error:  # e.g. a runaway quoted field: not a spreadsheet export
        raise ImportFormatError(f"not a readable CSV file ({error})") from error


def plan_import(text: str, existing: Sequence[Application], **options: Any) -> ImportPlan:
    """Read CSV text and decide, row by row, what importing it would do (``plan_file``'s
    options: ``now``, ``tz``, ``date_order``), every row listed."""
    return plan_file(CsvSource.from_text(text), existing, listed=None, **options)


def plan_file(
    source: CsvSource,
    existing: Sequence[Application],
    *,
    tz: str = "",
    now: datetime,
    date_order: str | None = None,
    listed: int | None = LISTED,
    keep_cards: bool = False,
    progress: Callable[[float], None] | None = None,
) -> ImportPlan:
    """Read CSV rows and decide, row by row, what importing them would do.

    ``existing`` is the board (for duplicate checks); ``tz`` is how dates without an offset
    are read; ``now`` stamps the history of cards that bring none; ``date_order`` ('mdy' or
    'dmy') reads dates such as 05/06/2026 that the column itself leaves open. Raises
    ImportFormatError when the file as a whole cannot be used.

    The file is streamed twice (a first pass for the columns as a whole, a second for the
    cards): of each kind of row only ``listed`` are kept (None:
    all), and the cards themselves only with ``keep_cards`` (in ``cards`` and
    ``duplicate_cards``), so a file's size costs no memory but the board's own growth.
    ``progress`` hears how far both passes are (0 to 1) every few hundred rows."""

    def step(done: int) -> None:
        # The first pass only splits rows (a fifth of the time); the second makes cards.
        if progress is not None:
            part = min(source.read / max(source.size, 1), 1.0)
            progress(0.2 + 0.8 * part if done else 0.2 * part)

    sheet = _scan(source, date_order, lambda: step(0))
    headers, mapping = sheet.headers, sheet.mapping
    ours = OUR_MARKER in mapping
    seen: dict[tuple[str, str], str] = {
        duplicate_key(card): "already on the board" for card in existing
    }
    plan = ImportPlan(
        columns={name: headers[index] for name, index in mapping.items()},
        ignored_columns=[header for header in sheet.unused if header.strip()],
    )
    plan.date_orders.update({headers[mapping[name]]: order for name, order in sheet.orders.items()})
    plan.ambiguous_dates.extend(
        headers[mapping[name]] for name, order in sheet.orders.items() if order == "?"
    )
    for header in plan.ambiguous_dates:
        del plan.date_orders[header]

    def listing(items: list[_T], item: _T) -> None:
        if listed is None or len(items) < listed:
            items.append(item)

    rows = _readable(source.rows())
    for _ in zip(range(sheet.header_row + 1), rows, strict=False):
        pass  # up to and including the header
    # Numbered as a spreadsheet shows them: the first record is row 1.
    first = sheet.header_row + 2
    for index, cells in enumerate(rows):
        if index > sheet.last_record:
            break
        if index % 500 == 0:
            step(1)
        number = first + index
        cells += [""] * (len(headers) - len(cells))
        # Our own export is read exactly (lossless); other files are trimmed. No cell brings
        # an escape sequence or a control character in (tui.text_safety).
        values = {
            name: clean_stored(unguard(cells[column]) if ours else cells[column].strip())
            for name, column in mapping.items()
        }
        if not any(value.strip() for value in values.values()):
            plan.skipped_total += 1
            listing(plan.skipped, SkippedRow(number, "empty row"))
            continue
        for name, order in sheet.orders.items():
            if order in ("mdy", "dmy") and values.get(name):
                values[name] = _in_order(values[name], order)
        if sheet.declined is not None and _loose_key(values.get("stage", "")) == "declined":
            values["stage"] = sheet.declined.value
        try:
            card = _card_from_row(values, tz=tz, now=now)
        except _UnknownStageError as error:
            plan.unknown_stages.setdefault(error.word, []).append(number)
            continue
        except _RowError as error:
            plan.skipped_total += 1
            listing(plan.skipped, SkippedRow(number, str(error)))
            continue
        key = duplicate_key(card)
        if key in seen:
            plan.duplicates_total += 1
            listing(plan.duplicates, PlannedCard(number, card, seen[key]))
            if keep_cards:
                plan.duplicate_cards.append(card)
        else:
            seen[key] = f"same as row {number}"
            plan.to_add_total += 1
            listing(plan.to_add, PlannedCard(number, card))
            if keep_cards:
                plan.cards.append(card)
    if progress is not None:
        progress(1.0)
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


_NUMERIC = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?=$|[\sT,])")


class _DateColumns:
    """Counts, for each date column with slash dates, the values that only one order reads
    (12/30/2026 is month first) and those that read both ways (05/06/2026)."""

    NAMES = ("interviewed_at", "decision_by", "follow_up_on")

    def __init__(self, mapping: dict[str, int]) -> None:
        self._columns = {name: mapping[name] for name in self.NAMES if name in mapping}
        self._counts = {name: [0, 0, 0] for name in self._columns}  # month, day first, either

    def count(self, row: Sequence[str]) -> None:
        for name, column in self._columns.items():
            match = _NUMERIC.match(row[column]) if column < len(row) else None
            if match is None:
                continue
            first, second = int(match[1]), int(match[2])
            counts = self._counts[name]
            if first > 12 >= second:
                counts[1] += 1
            elif second > 12 >= first:
                counts[0] += 1
            elif first != second:
                counts[2] += 1

    def orders(self, given: str | None) -> dict[str, str]:
        """'mdy' or 'dmy' when the column proves one (a value only one order reads, and
        none against it) or ``given`` says; '?' when every value reads both ways and nothing
        says; columns whose values disagree are left out (each value is then read on its
        own)."""
        orders: dict[str, str] = {}
        for name, (month_first, day_first, either) in self._counts.items():
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
