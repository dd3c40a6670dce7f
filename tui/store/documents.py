"""The board's documents: the file format, its schema version and migrations, validation of
every card, and the JSON written back.

One JSON file holds the board as a TinyDB database: table ``applications`` (one document per
card, the document id is the card's ``doc_id``) and table ``meta`` (one document with the
``schema_version`` and the user's ``profile``). The file is validated completely before anything
is written next to it; a file that fails validation is never written to.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tui.collector import collector_paused
from tui.model import Application, Profile
from tui.model_docs import application_from_doc, application_to_doc
from tui.store.errors import CorruptFileError, NewerSchemaError
from tui.text_safety import clean_document, json_may_need_cleaning

SCHEMA_VERSION = 1
"""The layout this code writes; files with an older one are migrated on open."""

APPLICATIONS_TABLE = "applications"
META_TABLE = "meta"
META_DOC_ID = 1
CONFLICTS_TABLE = "conflicts"
"""Cards changed both here and in another copy of the board: the other copy's version, by id,
until the user keeps one of the two (this copy's version stays in ``applications``)."""

_DOC_ID = re.compile(r"[1-9][0-9]{0,17}")

Tables = dict[str, dict[str, Any]]
"""TinyDB's tables by name, documents by id. A document is a dict once TinyDB has touched it,
or ``JsonText``: its JSON text as read from the file (a view into the bytes read, so they are
held once, not copied) or as last written, indented for its place in the file. Keeping text
rather than dicts for unchanged cards is what keeps a large board small in memory and quick
to save (see ``_decode_by_document`` and ``file_pieces``)."""

JsonText = bytes | memoryview
"""A document kept as JSON text."""
JSON_TEXT = (bytes, memoryview)


@dataclass(slots=True)
class Board:
    """A validated board: the TinyDB tables plus the domain objects read from them."""

    tables: Tables
    cards: dict[int, Application]
    profile: Profile
    found_version: int
    """The file's schema version before migration (SCHEMA_VERSION when none was needed)."""
    meta_doc_id: int = META_DOC_ID
    damaged: dict[int, str] = dataclasses.field(default_factory=dict)
    """Cards set aside, by id, with what is wrong: their documents stay in ``tables`` (and so
    in the file, as they were) but they are not among ``cards``."""


def empty_tables(profile: Profile | None = None) -> Tables:
    meta = {"schema_version": SCHEMA_VERSION, "profile": (profile or Profile()).to_dict()}
    return {APPLICATIONS_TABLE: {}, META_TABLE: {str(META_DOC_ID): meta}}


def empty_board() -> Board:
    return Board(empty_tables(), {}, Profile(), SCHEMA_VERSION)


def _meta_document(path: Path, tables: Tables) -> tuple[int, dict[str, Any]] | None:
    """The meta document's id and body (the lowest id wins), or None for a file without one."""
    meta = tables.get(META_TABLE)
    if not meta:
        return None
    for key in meta:
        # TinyDB turns every id of a table it updates into an int: refuse what it cannot.
        if not _DOC_ID.fullmatch(key):
            raise CorruptFileError(path, f"meta id {key!r} is not a positive whole number")
    doc_id = min(int(key) for key in meta)
    document = meta[str(doc_id)]
    if not isinstance(document, dict):
        raise CorruptFileError(path, "the meta document is not an object")
    return doc_id, document


def _schema_version(path: Path, tables: Tables) -> int:
    found = _meta_document(path, tables)
    if found is None:
        return 0
    version = found[1].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise CorruptFileError(path, f"schema_version is {_shown(version)}, not a whole number")
    return version


def _migrate_v0(tables: Tables) -> Tables:
    """Version 0 had no meta table: add one with an empty profile."""
    migrated = dict(tables)
    migrated[META_TABLE] = empty_tables()[META_TABLE]
    migrated.setdefault(APPLICATIONS_TABLE, {})
    return migrated


_MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _migrate_v0}
"""From version N to N+1, on the raw tables; cards are validated after the last step."""


def _read_cards(path: Path, tables: Tables) -> dict[int, Application]:
    cards: dict[int, Application] = {}
    for key, document in tables.get(APPLICATIONS_TABLE, {}).items():
        if not _DOC_ID.fullmatch(key):
            raise CorruptFileError(path, f"card id {key!r} is not a positive whole number")
        doc_id = int(key)
        try:
            cards[doc_id] = application_from_doc(document, doc_id)
        except Exception as error:
            # Any failure to read a card (including overflow on absurd dates) means damage.
            raise CorruptFileError(path, _card_problem(document, doc_id)) from error
    return cards


_CARD_STAND_INS = {"company": "", "role": "", "interviewed_at": "2000-01-01T00:00:00+00:00"}
"""The fields a card cannot do without, with values that read: a card of these plus one
field of a damaged card reads only if that field does."""

_MISSING_CARD_FIELDS = {
    "company": "company",
    "role": "role",
    "interviewed_at": "interview time (interviewed_at)",
}

_CARD_FIELD_PROBLEMS = {
    "company": "a company that is not text: {value}",
    "role": "a role that is not text: {value}",
    "interviewed_at": "an interview time (interviewed_at) that cannot be read: {value}",
    "stage": "an unknown stage {value}",
    "outcome": "an unknown outcome {value}",
    "format": "an unknown interview format {value}",
    "round": "a round that is not a whole number: {value}",
    "decision_by": "a decision date (decision_by) that cannot be read: {value}",
    "follow_up_on": "a follow-up date (follow_up_on) that cannot be read: {value}",
    "interviewers": "interviewers that cannot be read: {value}",
    "history": "a history that cannot be read: {value}",
    "drafts": "drafts that cannot be read: {value}",
    "connected_via": "a 'connected via' list that cannot be read: {value}",
}
"""How a field that does not read is described, after ``card N has``."""


def _card_problem(document: Any, doc_id: int) -> str:
    """What is wrong with a card that does not read, in the words of the file, not of Python.

    The model's errors name exceptions (``KeyError: 'role'``); rather than parse them, each
    field is read on its own with stand-ins for the rest, so the model stays the one judge of
    what a field may hold.
    """
    if not isinstance(document, dict):
        return f"card {doc_id} is {_kind(document)}, not an object"
    for field, label in _MISSING_CARD_FIELDS.items():
        if field not in document:
            return f"card {doc_id} has no {label}"
    for field, value in document.items():
        try:
            application_from_doc({**_CARD_STAND_INS, field: value}, doc_id)
        except Exception:
            problem = _CARD_FIELD_PROBLEMS.get(
                field, f"a field {field!r} that cannot be read: {{value}}"
            )
            return f"card {doc_id} has " + problem.format(value=_shown(value))
    return f"card {doc_id} cannot be read"


def _shown(value: Any, limit: int = 40) -> str:
    """A stored value for a message: text quoted, anything else as JSON, cut short."""
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = orjson.dumps(value).decode()
        except orjson.JSONEncodeError:
            text = _kind(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_profile(path: Path, tables: Tables) -> Profile:
    found = _meta_document(path, tables)
    data = found[1].get("profile", {}) if found else {}
    if not isinstance(data, dict):
        raise CorruptFileError(path, "the profile is not an object")
    try:
        return Profile.from_dict(data)
    except Exception as error:
        raise CorruptFileError(path, f"the profile cannot be read ({error})") from error


# The plain shape of a board file, seen from outside its documents: an object of tables, each
# an object of documents keyed by id. _split_documents reads a file by these patterns, so that
# each document is parsed (and checked) on its own; the text between documents must match them
# exactly, with nothing but JSON whitespace, punctuation and simple table names.
_WS = rb"[ \t\n\r]*"
_NAME = rb'"[A-Za-z0-9_-]{1,64}"'
_EMPTY_TABLES = (
    rb"(?:" + _NAME + _WS + rb":" + _WS + rb"\{" + _WS + rb"\}" + _WS + rb"," + _WS + rb")*"
)
_TABLE_OPENING = _EMPTY_TABLES + _NAME + _WS + rb":" + _WS + rb"\{" + _WS
_DOCUMENT_KEY_BACKWARDS = re.compile(rb"\{" + _WS + rb":" + _WS + rb'"([0-9]{0,17}[1-9])"')
"""``"<id>": {`` read backwards: an id whose value is an object. In valid JSON this is always a
real key (a quote right after digits cannot close a string that way), though maybe deeper than
a document: such a split leaves a piece that does not parse, and the whole file is then read
the ordinary way. See ``_document_keys`` for why backwards."""
_FIRST_GAP = re.compile(_WS + rb"\{" + _WS + _TABLE_OPENING)
_SAME_TABLE_GAP = re.compile(_WS + rb"," + _WS)
_NEXT_TABLE_GAP = re.compile(_WS + rb"\}" + _WS + rb"," + _WS + _TABLE_OPENING)
_LAST_GAP = re.compile(
    _WS
    + rb"\}"
    + _WS
    + rb"(?:,"
    + _WS
    + _NAME
    + _WS
    + rb":"
    + _WS
    + rb"\{"
    + _WS
    + rb"\})*"
    + _WS
    + rb"\}"
    + _WS
)
_QUOTED_NAME = re.compile(rb'"([A-Za-z0-9_-]*)"')
_MAX_EMPTY_TABLES = 32


def _gap_end(raw: bytes, start: int, limit: int, gap: re.Pattern[bytes]) -> int:
    """Where the document starting at ``start`` ends: after the ``}`` that leaves a text up to
    ``limit`` matching ``gap`` (-1 when none does). A gap between tables holds one ``}`` more
    than each empty table it names, and ``}`` never follows ``}`` in it, so at most one
    candidate can match."""
    end = limit
    for _ in range(_MAX_EMPTY_TABLES + 2):
        end = raw.rfind(b"}", start, end)
        if end < 0:
            return -1
        if gap.fullmatch(raw, end + 1, limit):
            return end + 1
    return -1


def _document_keys(raw: bytes) -> list[tuple[int, int, bytes]]:
    """``(start, end, id)`` of every ``"<id>":`` whose value is an object, in file order; the
    end is where the value begins.

    The search runs over the reversed text: there every match begins with ``{`` (about 20 per
    card) rather than ``"`` (about 270 per card), which halves the time at 6,000 cards
    (21 -> 10 ms, the reversed copy included). The matches are the same ones either way.
    """
    size = len(raw)
    found = [
        (size - match.end(), size - match.start() - 1, match.group(1)[::-1])
        for match in _DOCUMENT_KEY_BACKWARDS.finditer(raw[::-1])
    ]
    found.reverse()
    return found


def _split_documents(raw: bytes) -> tuple[list[str], list[tuple[str, str, int, int]]] | None:
    """The table names in file order and (table, id, start, end) of every document, for a file
    in the plain shape; else None.

    None for anything unusual (no documents, odd table names, a table given twice, ids
    nested in documents); the caller then parses the whole file, which also words the errors.
    """
    keys = _document_keys(raw)
    if not keys or _FIRST_GAP.fullmatch(raw, 0, keys[0][0]) is None:
        return None
    tables = [name.decode() for name in _QUOTED_NAME.findall(raw, 0, keys[0][0])]
    documents: list[tuple[str, str, int, int]] = []
    table = tables[-1]
    for index, (_, start, doc_id) in enumerate(keys):
        if index + 1 < len(keys):
            limit = keys[index + 1][0]
            # Most gaps are a comma between two documents of one table: check that first.
            end = raw.rfind(b"}", start, limit) + 1
            if end and _SAME_TABLE_GAP.fullmatch(raw, end, limit):
                documents.append((table, doc_id.decode(), start, end))
                continue
            end = _gap_end(raw, start, limit, _NEXT_TABLE_GAP)
        else:
            limit = len(raw)
            end = _gap_end(raw, start, limit, _LAST_GAP)
        if end < 0:
            return None
        documents.append((table, doc_id.decode(), start, end))
        tables.extend(name.decode() for name in _QUOTED_NAME.findall(raw, end, limit))
        table = tables[-1]
    if len(set(tables)) != len(tables):
        return None
    return tables, documents


def _decode_by_document(path: Path, raw: bytes) -> Board | None:
    """Read a board document by document: the fast, small way for files in the plain shape.

    Parsing the whole file at once holds the file, orjson's own tree of it and every document
    as Python dicts at the same moment (~90 MB for 6,000 cards). Here each card is parsed on
    its own, read into an Application, and kept only as its JSON text for saving. Returns
    None (read the whole file instead) for any file this way cannot vouch for: an unusual
    shape, a document that does not parse or does not read as a card, an older or newer
    schema. A board returned is the same as the whole-file reading would give.
    """
    split = _split_documents(raw)
    if split is None:
        return None
    names, documents = split
    tables: Tables = {name: {} for name in names}
    cards: dict[int, Application] = {}
    view = memoryview(raw)
    try:
        for table, doc_id, start, end in documents:
            text = view[start:end]
            document = orjson.loads(text)
            if not isinstance(document, dict):
                return None
            if table == APPLICATIONS_TABLE:
                cards[int(doc_id)] = application_from_doc(document, int(doc_id))
                tables[table][doc_id] = text
            else:
                tables[table][doc_id] = document
        found = _meta_document(path, tables)
        if found is None or _schema_version(path, tables) != SCHEMA_VERSION:
            return None
        profile = _read_profile(path, tables)
    except Exception:
        return None
    return Board(tables, cards, profile, SCHEMA_VERSION, found[0])


def decode(path: Path, raw: bytes) -> Board:
    """Parse, check, and migrate in memory; raises CorruptFileError or NewerSchemaError."""
    with collector_paused():  # a million objects, none in a cycle
        board = _decode_by_document(path, raw) or _decode_whole(path, raw)
    board = _without_controls(board) if json_may_need_cleaning(raw) else board
    for doc_id, card in list(board.cards.items()):
        problem = date_problem(card)
        if problem is not None:
            del board.cards[doc_id]
            board.damaged[doc_id] = f"card {doc_id} ({card.company!r}) has {problem}"
    return board


YEARS = (1900, 2999)
"""The years a card's dates may fall in. Python's dates end at 9999 and begin at year 1, so a
date near either end overflows as soon as the rules add a week or a zone's offset to it."""


def date_problem(card: Application) -> str | None:
    """What is wrong with the card's dates (``an interview time in the year 9999``), or None."""
    first, last = YEARS
    year = card.interviewed_at.year
    if not first <= year <= last:
        return f"an interview time in the year {year}"
    for label, day in (
        ("a decision date", card.decision_by),
        ("a follow-up date", card.follow_up_on),
    ):
        if day is not None and not first <= day.year <= last:
            return f"{label} in the year {day.year}"
    for event in card.history:
        if not first <= event.at.year <= last:
            return f"a history entry in the year {event.at.year}"
    return None


def _without_controls(board: Board) -> Board:
    """Text from a hand-edited (or hostile) file, cleaned as any text entering the app is:
    no escape sequence, control character or bidi override (tui.text_safety). The file keeps
    its bytes until a card is changed."""
    for doc_id, card in board.cards.items():
        board.cards[doc_id] = application_from_doc(clean_document(application_to_doc(card)), doc_id)
    board.profile = Profile.from_dict(clean_document(board.profile.to_dict()))
    return board


def _decode_whole(path: Path, raw: bytes) -> Board:
    """Parse the whole file at once: any shape of JSON, and the error messages for bad ones."""
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(
            path, f"not valid JSON ({error.msg})", error.lineno, error.colno
        ) from error
    if not isinstance(tables, dict):
        raise CorruptFileError(path, f"expected an object at the top, found {_kind(tables)}")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, f"table {name!r} is {_kind(table)}, not an object")
    found_version = _schema_version(path, tables)
    if found_version > SCHEMA_VERSION:
        raise NewerSchemaError(path, found_version, SCHEMA_VERSION)
    for version in range(found_version, SCHEMA_VERSION):
        try:
            tables = _MIGRATIONS[version](tables)
        except Exception as error:
            raise CorruptFileError(
                path, f"cannot upgrade from format {version} ({error})"
            ) from error
    cards = _read_cards(path, tables)
    profile = _read_profile(path, tables)
    found = _meta_document(path, tables)
    meta_doc_id = found[0] if found else META_DOC_ID
    return Board(tables, cards, profile, found_version, meta_doc_id)


_DOCUMENT_INDENT = b"\n    "
"""Documents sit at depth 2 of the file (tables, then ids): four spaces in orjson's layout."""


def document_text(document: Any) -> bytes:
    """A document's JSON, indented for its place in the file (as ``serialize`` would write it).

    JSON text never holds a raw newline inside a string, so every newline is indentation.
    """
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).replace(b"\n", _DOCUMENT_INDENT)


def file_pieces(tables: Tables) -> list[JsonText]:
    """The file as pieces to write in order: the same bytes as indented ``orjson.dumps``.

    Documents kept as text are written as they are, so a save re-serialises only the documents
    TinyDB changed (they are dicts); the file is never joined into one copy in memory.
    """
    if not tables:
        return [b"{}\n"]
    pieces: list[JsonText] = [b"{"]
    for table_index, (name, documents) in enumerate(tables.items()):
        pieces.append(b"\n  " if table_index == 0 else b",\n  ")
        pieces.append(orjson.dumps(name))
        if not documents:
            pieces.append(b": {}")
            continue
        pieces.append(b": {")
        for doc_index, (doc_id, document) in enumerate(documents.items()):
            key = orjson.dumps(doc_id)
            lead = _DOCUMENT_INDENT if doc_index == 0 else b"," + _DOCUMENT_INDENT
            pieces.append(lead + key + b": ")
            text = document if isinstance(document, JSON_TEXT) else document_text(document)
            pieces.append(text)
        pieces.append(b"\n  }")
    pieces.append(b"\n}\n")
    return pieces


def serialize(tables: Tables) -> bytes:
    """Indented JSON, so people can read and diff the file."""
    return b"".join(file_pieces(tables))


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)
