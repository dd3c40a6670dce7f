"""The columns of a CSV file: headers matched to card fields (with common synonyms), and the
order its date columns write slash dates in (decided from the column as a whole)."""

from __future__ import annotations

import re
from collections.abc import Sequence

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
REQUIRED = {
    "company": "company (or employer, organisation)",
    "role": "role (or position, title, job)",
    "interviewed_at": "interview date (or date, interviewed at)",
}


def loose_key(text: str) -> str:
    """How headers and status words are compared: any case, '_' and '-' as spaces."""
    return " ".join(re.sub(r"[_\-]", " ", text.strip().lstrip("\ufeff").lower()).split())


def map_columns(headers: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Match headers to card fields: (field -> column index, headers that matched nothing)."""
    lookup = {synonym: name for name, synonyms in _SYNONYMS.items() for synonym in synonyms}
    mapping: dict[str, int] = {}
    unused: list[str] = []
    for index, header in enumerate(headers):
        name = lookup.get(loose_key(header))
        if name is None or name in mapping:
            unused.append(header)
        else:
            mapping[name] = index
    return mapping, unused


_NUMERIC = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?=$|[\sT,])")


class DateColumns:
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


def in_order(text: str, order: str) -> str:
    """A slash date written as ISO (2026-12-07 ...) in the column's order; the rest kept."""
    match = _NUMERIC.match(text)
    if match is None:
        return text
    first, second, year = match[1], match[2], match[3]
    month, day = (first, second) if order == "mdy" else (second, first)
    return f"{year}-{int(month):02d}-{int(day):02d}{text[match.end() :]}"
