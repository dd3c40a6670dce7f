"""Message templates -> draft text (subject and body), with missing fields made visible.

The package, one concern a module (everything is re-exported here, so ``drafts.X`` works):

* ``language``: the template language (fields, placeholders, sections) and its parser.
* ``template_set``: the templates in use, the user's own or the bundled ones.
* ``facts``: each field's value for one card and one interviewer, and the sections that hold.
* ``draft``: ``Draft`` and ``render``: the edited text, else the template rendered, else a
  short note for LinkedIn or X.
* ``text``: the editor's text read back, placeholders found, a mailto: link.
"""

from __future__ import annotations

from tui.drafts.draft import KIND_TITLES, MAX_DRAFT_CHARS, Draft, render
from tui.drafts.facts import field_values
from tui.drafts.language import (
    CONDITIONS,
    FIELDS,
    PLACEHOLDER_PATTERN,
    PLACEHOLDERS,
    TemplateError,
)
from tui.drafts.template_set import KINDS, TemplateSet
from tui.drafts.text import find_placeholders, mailto_url, parse_text

__all__ = [
    "CONDITIONS",
    "FIELDS",
    "KINDS",
    "KIND_TITLES",
    "MAX_DRAFT_CHARS",
    "PLACEHOLDERS",
    "PLACEHOLDER_PATTERN",
    "Draft",
    "TemplateError",
    "TemplateSet",
    "field_values",
    "find_placeholders",
    "mailto_url",
    "parse_text",
    "render",
]
