"""CSV files read back in.

Columns are matched by header name (with common synonyms), and the result is a plan (what will
be added, likely duplicates, skipped rows and why) that the caller shows before anything is
written. A CSV written by ``csv_export`` imports back without loss."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from tui.exchange.csv_columns import REQUIRED, DateColumns, in_order, loose_key, map_columns
from tui.exchange.csv_export import OUR_MARKER, unguard
from tui.exchange.csv_reading import CsvSource, decode_csv, decode_csv_reporting, file_encoding
from tui.exchange.csv_rows import (
    DECLINED_CONTEXT,
    RowError,
    UnknownStageError,
    card_from_row,
    known_stage_words,
)
from tui.model import Application, Outcome, duplicate_key
from tui.text_safety import clean_stored

__all__ = [
    "LISTED",
    "CsvSource",
    "ImportFormatError",
    "ImportPlan",
    "PlannedCard",
    "SkippedRow",
    "decode_csv",
    "decode_csv_reporting",
    "duplicate_key",
    "file_encoding",
    "known_stage_words",
    "map_columns",
    "plan_file",
    "plan_import",
]


class ImportFormatError(ValueError):
    """The file as a whole cannot be imported (not CSV, no header, a required column missing)."""


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


_T = TypeVar("_T")


LISTED = 100
"""A streamed plan (``plan_file``) lists this many rows of each kind; the rest are counted."""


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
    missing = [label for name, label in REQUIRED.items() if name not in mapping]
    if missing:
        found = ", ".join(repr(header) for header in headers if header.strip()) or "none"
        raise ImportFormatError(f"no {' or '.join(missing)} column (columns found: {found})")
    dated = DateColumns(mapping)
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
            word = loose_key(record[stage])
            if word == "declined" or word in DECLINED_CONTEXT:
                words.add(word)
    # Beside a word for the employer's no ('Rejected'), 'Declined' is the user's own no
    # (withdrawn); alone it stays unclear.
    declined = Outcome.WITHDRAWN if "declined" in words and words & DECLINED_CONTEXT else None
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
                values[name] = in_order(values[name], order)
        if sheet.declined is not None and loose_key(values.get("stage", "")) == "declined":
            values["stage"] = sheet.declined.value
        try:
            card = card_from_row(values, tz=tz, now=now)
        except UnknownStageError as error:
            plan.unknown_stages.setdefault(error.word, []).append(number)
            continue
        except RowError as error:
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
