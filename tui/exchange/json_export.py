"""The board as JSON: each card's stored document with its id, for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tui.model import Application
from tui.model_docs import application_to_doc
from tui.text_safety import escape_json


def card_to_json_doc(card: Application) -> dict[str, Any]:
    """The documented JSON form of a card: its stored document with its "id" first."""
    return {"id": card.doc_id, **application_to_doc(card)}


def export_json(cards: Iterable[Application]) -> str:
    """A JSON array of cards (see ``card_to_json_doc``), pretty-printed, ending in a newline."""
    documents = [card_to_json_doc(card) for card in cards]
    # C1, bidi and invisible characters as \u escapes: the same data, harmless on a terminal.
    return escape_json(json.dumps(documents, ensure_ascii=False, indent=2)) + "\n"
