"""The board in other formats, and CSV files read back in. No Textual, no TinyDB.

- ``json_export``: JSON for scripts;
- ``csv_export``: CSV for spreadsheets, lossless through its *_json columns;
- ``ics``: iCalendar for calendar apps;
- ``csv_import``: a CSV file as a plan of cards to add, shown before anything is written;
  ``csv_reading`` (encodings, rows streamed), ``csv_columns`` (headers to fields, date orders)
  and ``csv_rows`` (one row as a card) are its parts;
- ``invite``: .ics invites as cards, planned before anything changes; its parts
  ``invite_reading`` (the file read into events) and ``invite_text`` (what an event says);
- ``people``: interviewers as 'Name <email>' text;
- ``output``: an export's bytes and the file it goes to.

``tui.exporters`` re-exports all of it but ``invite``, so callers need not know the layout.
"""
