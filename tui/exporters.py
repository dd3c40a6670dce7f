"""The board in other formats (``tui.exchange``), under the name callers already use."""

from __future__ import annotations

from tui.exchange.csv_export import CSV_COLUMNS, export_csv, spreadsheet_safe
from tui.exchange.csv_import import (
    ImportFormatError,
    ImportPlan,
    PlannedCard,
    SkippedRow,
    decode_csv,
    duplicate_key,
    map_columns,
    plan_import,
)
from tui.exchange.ics import (
    Alarms,
    CalendarAction,
    CalendarExport,
    calendar_actions,
    calendar_text,
    calendar_uid,
    export_calendar,
    export_ics,
    ics_text,
)
from tui.exchange.json_export import card_to_json_doc, export_json
from tui.exchange.output import EXPORT_FORMATS, export_bytes, output_path, write_file
from tui.people import format_interviewer, interviewer_problem, parse_interviewer

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "Alarms",
    "CalendarAction",
    "CalendarExport",
    "ImportFormatError",
    "ImportPlan",
    "PlannedCard",
    "SkippedRow",
    "calendar_actions",
    "calendar_text",
    "calendar_uid",
    "card_to_json_doc",
    "decode_csv",
    "duplicate_key",
    "export_bytes",
    "export_calendar",
    "export_csv",
    "export_ics",
    "export_json",
    "format_interviewer",
    "ics_text",
    "interviewer_problem",
    "map_columns",
    "output_path",
    "parse_interviewer",
    "plan_import",
    "spreadsheet_safe",
    "write_file",
]
