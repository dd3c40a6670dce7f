"""CSV bytes as text, and text as rows: the encodings spreadsheets save in, the delimiter,
and a file streamed row by row (``CsvSource``) so that it is never whole in memory."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO


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
