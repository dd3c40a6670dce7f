"""The command palette: every action by name, and every card by company, role or interviewer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from .drafts import KIND_TITLES, KINDS
from .model import Application, Stage
from .widgets.safe_text import printable

MAX_CARD_HITS = 40
"""Card jumps offered at once: enough to find any card by typing more of its name."""


def _highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight`` for plain text: it reads its text as markup, and a company
    called "[/]Evil" must show as written, not end the app with a markup error."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@runtime_checkable
class Board(Protocol):
    """What the palette acts on: the board's cards and actions (the board screen)."""

    @property
    def cards(self) -> Mapping[int, Application]: ...
    @property
    def selected_card(self) -> Application | None: ...
    def move_card(self, card: Application, stage: Stage) -> None: ...
    def edit_card(self, card: Application) -> None: ...
    def copy_kind(self, kind: str) -> None: ...
    def export(self, fmt: str) -> None: ...
    def jump_to(self, doc_id: int) -> bool: ...
    def action_new_card(self) -> None: ...
    def action_open_card(self) -> None: ...
    def action_new_round(self) -> None: ...
    def action_decision_date(self) -> None: ...
    def action_record_outcome(self) -> None: ...
    def action_delete_card(self) -> None: ...
    def action_mark_sent(self) -> None: ...
    def action_open_mail(self) -> None: ...
    def action_undo(self) -> None: ...
    def action_filter(self) -> None: ...
    def action_today(self) -> None: ...
    def action_stats(self) -> None: ...
    def action_profile(self) -> None: ...


class BoardCommands(Provider):
    """Actions on the board, the selected card and its draft, plus jumps to cards."""

    @property
    def board(self) -> Board:
        """What the commands act on: the screen the palette was opened over, or the app."""
        screen = self.screen
        if not isinstance(screen, Board):
            raise LookupError("the palette was opened away from the board")
        return screen

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.board
        card = app.selected_card
        yield "card: New", app.action_new_card, "Add an interview"
        if card is not None:
            for stage in Stage:
                if stage is not card.stage:
                    yield (
                        f"card: Move to {stage.label}",
                        partial(app.move_card, card, stage),
                        f"Move {printable(card.company)} to {stage.label}",
                    )
            yield "card: Open", app.action_open_card, "Details and history"
            yield "card: Edit", partial(app.edit_card, card), "Change any field"
            yield "card: Next round", app.action_new_round, "Another interview: a new thank-you"
            yield "card: Decision date", app.action_decision_date, "When they will decide (D)"
            yield "card: Outcome", app.action_record_outcome, "Offer, rejection, no response (O)"
            yield "card: Delete", app.action_delete_card, "Asks first; undo brings it back"
            for kind in KINDS:
                title = KIND_TITLES[kind]
                yield (
                    f"draft: Copy {title.lower()}",
                    partial(app.copy_kind, kind),
                    f"Copy the {title.lower()} for {printable(card.company)}",
                )
            yield "draft: Mark sent", app.action_mark_sent, "Log it and move the card on"
            yield "draft: Open in mail client", app.action_open_mail, "A mailto: link"
        yield "board: Undo", app.action_undo, "Undo the last change"
        yield "board: Filter", app.action_filter, "Show only matching cards"
        yield "view: Today", app.action_today, "Everything due or overdue"
        yield "view: Stats", app.action_stats, "Counts, response rate, time to decision"
        yield "view: Profile", app.action_profile, "Your name, email, signature, timezone"
        yield "view: Help", partial(self.app.run_action, "help"), "Keys and files"
        for label, fmt in (
            ("Calendar (ICS)", "ics"),
            ("Spreadsheet (CSV)", "csv"),
            ("JSON", "json"),
        ):
            yield f"export: {label}", partial(app.export, fmt), "Write a file of the board"

    def _card_hits(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        for card in self.board.cards.values():
            people = ", ".join(person.name for person in card.interviewers)
            assert card.doc_id is not None
            yield (
                f"go: {printable(card.company)} · {printable(card.role)}",
                partial(self.board.jump_to, card.doc_id),
                f"{card.stage.label}" + (f" · {printable(people)}" if people else ""),
            )

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            # The palette reads a str prompt and the help as markup: give it Content and
            # escaped text, since both may hold a card's company or role.
            yield DiscoveryHit(Content(name), action, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), action, name, escape(help_text))
        needle = query.strip().lower()
        found = 0
        for name, action, help_text in self._card_hits():
            if found >= MAX_CARD_HITS:
                break
            haystack = f"{name} {help_text}".lower()
            if needle and needle in haystack:
                found += 1
                yield Hit(0.9, _highlight(matcher, name), action, name, escape(help_text))
