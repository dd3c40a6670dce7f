"""The board: its columns, the draft panel beside them, and every key that acts on a card.

The screen owns the board's bindings (``board.*`` and ``draft.*``: users remap them by these
ids), and is the only caller of ``Session.apply``. Under a dialog its keys stop by
themselves, because a screen's bindings apply only while it is the screen on top.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget

from .. import changes, dates, drafts, rules
from ..board_index import BoardIndex, needle
from ..commands import BoardCommands
from ..config import Config, save_setting
from ..model import Application, Profile, Stage
from ..session import (
    AddCard,
    Change,
    DiskChanged,
    PutCard,
    Result,
    SaveState,
    Session,
    Undo,
)
from ..store import Store
from ..store.sync import DiskChange
from ..widgets.board_view import BoardColumn, BoardView
from ..widgets.card_text import CardFace, card_face, fit_columns
from ..widgets.draft_panel import DraftPanel, Question
from ..widgets.filter_bar import FilterBar
from ..widgets.footer import BoardFooter
from ..widgets.notice import place_toasts, tell, tell_not_saved, tell_read_only
from ..widgets.stage_tabs import StageTabs
from ..widgets.top_bar import Banner, TopBar
from ..widgets.welcome import Welcome
from .board_keys import BOARD_ACTIONS, BOARD_BINDINGS, CARD_ACTIONS, DRAFT_ACTIONS, BoardKeyActions
from .board_views import BoardViews
from .card_actions import CardActions
from .incoming import Incoming

if TYPE_CHECKING:
    from ..widgets.draft_editor import DraftEditor


class BoardScreen(BoardKeyActions, Screen[None]):
    """The app's base screen, under every dialog: the columns, the draft panel, their keys."""

    COMMANDS = {BoardCommands}

    BINDINGS: ClassVar[list[BindingType]] = BOARD_BINDINGS

    # repaint=False: Textual repaints the whole screen when focus moves, although the two
    # widgets whose focus changed restyle and redraw themselves. On the board focus follows
    # a moved card to its new column, so that full repaint (about 80 ms at 160x48 on two
    # cores) would come on every move.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    # init=False: the board is drawn once by load; a watcher call at start drew it again.
    filter_text: reactive[str] = reactive("", repaint=False, init=False)
    """Cards must contain this text (case-insensitive) to be shown."""

    def __init__(
        self,
        session: Session | None,
        *,
        path: Path,
        title: str,
        banner: str = "",
    ) -> None:
        super().__init__(id="_default")
        self.session = session
        """The open board; None until it could be opened."""
        self.path = path
        """The data file, shown to the user."""
        self._banner = banner
        self.index = BoardIndex(lambda: self.cards, lambda: self.profile, self.now)
        """The board's order, filter and counts."""
        self._filter_box: FilterBar | None = None
        self._welcome: Welcome | None = None
        self.top_bar = TopBar(title)
        """The title, today's summary and the save state."""
        self.banner = Banner()
        """The demo's notice, a read-only board's reason, what came in from the disk."""
        self.footer = BoardFooter()
        """The keys that apply, as many as fit."""
        self.stage_tabs = StageTabs()
        """Every stage with its count, while not all columns fit."""
        self.card_actions = CardActions(self)
        """The dialogs that change the selected card."""
        self.incoming = Incoming(self)
        """Invites and replies coming in."""
        self.views = BoardViews(self)
        """Today's actions, the profile and the stats, opened over the board."""
        self.board = BoardView(self.describe, id="board")
        """Every column of the board, drawn by one widget."""
        self.draft_panel = DraftPanel(
            selected=lambda: self.selected_card,
            profile=lambda: self.profile,
            templates=lambda: self.templates,
            now=self.now,
            id="draft-panel",
        )
        """The side panel (kept: a DOM query per key press adds up, and dialogs hide it)."""

    def compose(self) -> ComposeResult:
        yield self.top_bar
        yield self.banner
        yield self.stage_tabs
        with Horizontal(id="main"):
            yield self.board
            yield self.draft_panel
        yield self.footer

    class Ready(Message):
        """The board is drawn for the first time."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self.show_save_state, init=False)
        if self.session is None:
            self.query_one("#main").display = False  # the app shows why, over the board
            return
        self.load(self.session)
        self.post_message(self.Ready())

    def load(self, session: Session) -> None:
        """Show an open board: read it, draw it, and keep its statuses current."""
        self.session = session
        self.query_one("#main").display = True
        self.banner.say(self._banner)
        self.index.everything_changed()
        self.redraw()
        self.focus_stage(self.index.first_stage_with_cards())
        self.set_interval(30, self._tick)
        self.show_save_state()

    def now(self) -> datetime:
        """The current time (frozen in tests)."""
        return dates.now()

    @property
    def store(self) -> Store | None:
        """The board on disk; None when it could not be opened."""
        return self.session.store if self.session is not None else None

    @property
    def cards(self) -> dict[int, Application]:
        """Every card by its storage id: the state the board draws."""
        return self.session.cards if self.session is not None else {}

    @property
    def profile(self) -> Profile:
        """The user's profile, with config overrides applied."""
        return self.session.profile if self.session is not None else Profile()

    @property
    def session_config(self) -> Config:
        """Settings from config.toml."""
        return self.session.config if self.session is not None else Config()

    @property
    def templates(self) -> drafts.TemplateSet:
        """The message templates."""
        assert self.session is not None
        return self.session.templates

    @property
    def not_saved(self) -> bool:
        """True while the last change could not be written."""
        return self.session is not None and self.session.save_state is SaveState.NOT_SAVED

    @property
    def typing(self) -> bool:
        """True while letters go into a text box: the filter, or the draft editor."""
        return isinstance(self.focused, FilterBar) or self.draft_panel.editing

    def show_save_state(self) -> None:
        """Paint what the session says about the disk into the top bar."""
        if self.session is None:
            return
        # NoMatches: the app is closing, and a late draft edit was saved after the board went.
        with contextlib.suppress(NoMatches):
            self.top_bar.show_save_state(self.session.save_text(), error=self.not_saved)
            self.footer.fit(self.size.width, save_again=self.not_saved)
            self.refresh_bindings()

    def show_keys(self, name: Callable[[str], str]) -> None:
        """Name the keys the user chose (``name`` maps a binding id to its key)."""
        self.draft_panel.show_keys(name)

    def opened(self, card: int | None) -> None:
        """The board is on screen: open it on ``card`` (``--card``, a reminder's click) and
        offer each sync tool's conflict copy beside the file for merging."""
        if card is not None and not self.jump_to(card):
            tell(
                self.app,
                f"There is no card {card} on this board (deleted?); here is the whole board.",
                title="--card",
                severity="warning",
                timeout=10,
            )
        if self.session is not None:
            from .conflict import offer_copies

            def merged(change: DiskChange) -> None:
                self.disk_changed(DiskChanged(change))

            offer_copies(self.app, self.session.store, merged, self.session.profile.timezone)

    def disk_changed(self, event: DiskChanged) -> None:
        """Someone else changed the board file (or a conflict copy was merged in): take in
        what came, draw it, and say what it was."""
        assert self.session is not None  # the app hands on changes only of an open board
        self.session.handle(event)
        self.restatus(every_card=True)  # a card's conflict flag is drawn afresh too
        reason = event.change.read_only_reason
        self.banner.say(f"Read-only: {reason}" if reason else event.change.message)

    def describe(self, card: Application) -> CardFace:
        """What a card shows on the board."""
        conflict = self.store is not None and self.store.in_conflict(card.doc_id)
        return card_face(card, self.profile, self.now(), in_conflict=conflict)

    # -- drawing ---------------------------------------------------------------------------

    def redraw(
        self,
        stages: Iterable[Stage] | None = None,
        *,
        keep: int | None = None,
        changed: bool = True,
    ) -> None:
        """Show some columns (all by default) again, sorted by urgency and filtered.

        ``changed=False`` says only the filter changed: each column's sorted order is kept
        and just filtered again, so a keystroke never sorts.
        """
        wanted = set(stages) if stages is not None else set(Stage)
        if changed:
            self.index.stages_changed(wanted)
        empty = "no matches" if needle(self.filter_text) else "no cards"
        for stage, (shown, total) in self.index.columns(wanted, self.filter_text).items():
            self.column(stage).set_cards(shown, total=total, keep=keep, empty_text=empty)
        if not changed and empty == "no matches":
            # A column left with no match hands the cursor to the first match, so the panel
            # shows its draft, not "No card selected"; the focus stays in the filter box.
            self.board.leave_an_empty_column()
        self._update_header()
        self._update_layout()
        self._update_welcome()
        self.draft_panel.refresh_draft()

    def _update_header(self) -> None:
        # Due times are relative ("in 9 days"): the top bar says what today is.
        today = dates.short_day(dates.local_date(self.now(), self.profile.timezone))
        summary = f"{today} · {self.index.summary()}"
        self.top_bar.show_summary(summary)  # the stage tabs follow in _update_layout

    def _update_welcome(self) -> None:
        """Over an empty board: how to add the first card (mounted only when needed)."""
        empty = not self.cards and self.store is not None
        if self._welcome is None:
            if not empty:
                return
            self._welcome = Welcome(self.path)
            self.mount(self._welcome)
        self._welcome.display = empty

    def column(self, stage: Stage) -> BoardColumn:
        """The column of a stage: its cards, cursor and scroll position."""
        return self.board.columns[stage]

    def on_resize(self) -> None:
        # Later, not now: this handler runs before App._on_resize records the new size.
        self.call_later(self._update_layout)

    def _update_layout(self) -> None:
        """Show as many columns as fit at a useful width, the focused one among them."""
        width = self.size.width
        every_stage = self.session_config.board_columns == "all"
        fitted = fit_columns(width, every_stage=every_stage, panel=bool(self.draft_panel.display))
        self.draft_panel.fit_width(fitted.panel)
        visible = self.board.show_fitting(fitted.columns, self.focused_stage)
        # Toasts: never over the draft panel they often talk about, away from the focus.
        focus_on_right = self.focused_stage.position - visible.start >= fitted.columns / 2
        place_toasts(self, right=fitted.panel, on_left=focus_on_right)
        self.footer.fit(width, save_again=self.not_saved)
        self.top_bar.fit(width)
        self._update_tabs()

    def _update_tabs(self) -> None:
        self.stage_tabs.show_stages(
            {stage: self.column(stage).total for stage in Stage},
            focused=self.focused_stage,
            on_screen={stage for stage in Stage if self.column(stage).shown},
            compact=self.size.width < 100,
        )

    def action_toggle_columns(self) -> None:
        """Switch between all six columns and as many readable ones as fit; remembered."""
        columns = "readable" if self.session_config.board_columns == "all" else "all"
        if self.session is not None:
            self.session.config = replace(self.session.config, board_columns=columns)
        self._update_layout()
        self.board.refresh()
        message = (
            "All six columns (v: readable cards)"
            if columns == "all"
            else "Readable cards: the columns that fit (v: all six)"
        )
        try:
            save_setting("board_columns", columns)
        except OSError as error:
            message += f"; not remembered: {error}"
        tell(self, message, title="Board", timeout=4)

    def _tick(self) -> None:
        """Time moves on: statuses change, and so may the order of cards."""
        self.restatus(every_card=True)

    def restatus(self, *, every_card: bool) -> None:
        """Sort the columns again, keeping the selection; with ``every_card``, describe every
        card afresh too (time moved on, or another zone or follow-up delay applies)."""
        self.index.everything_changed()
        keep = self.selected_card.doc_id if self.selected_card else None
        self.redraw(keep=keep)
        if every_card:
            for stage in Stage:
                self.column(stage).refresh_faces()

    # -- focus and selection ---------------------------------------------------------------

    @property
    def selected_card(self) -> Application | None:
        """The card under the cursor of the focused column."""
        return self.column(self.focused_stage).highlighted_card

    @property
    def focused_stage(self) -> Stage:
        """The column the user is in: the board's current column."""
        return self.board.current.stage

    def focus_stage(self, stage: Stage) -> None:
        """Put the user in a stage's column: the board shows it, the panel its draft."""
        self.column(stage).focus()
        self._update_layout()
        self.draft_panel.refresh_draft()
        self.refresh_bindings()

    def focus_board(self) -> None:
        """Give the keys back to the board, in the column the user was in."""
        self.board.current.focus()

    def action_focus_column(self, step: int) -> None:
        """Focus the previous or next column."""
        index = max(0, min(len(Stage) - 1, self.focused_stage.position + step))
        self.focus_stage(list(Stage)[index])

    def jump_to(self, doc_id: int) -> bool:
        """Select a card on the board, clearing a filter that hides it; False if none has
        that id."""
        card = self.cards.get(doc_id)
        if card is None:
            return False
        if not self.index.matches(card, self.filter_text):
            self.action_clear_filter()
        self.select_card(doc_id)
        return True

    def select_card(self, doc_id: int) -> None:
        """Focus a card's column and put the cursor on it."""
        card = self.cards.get(doc_id)
        if card is None:
            return
        self.focus_stage(card.stage)
        column = self.column(card.stage)
        index = column.index_of(doc_id)
        if index is not None:
            column.cursor = index

    @on(BoardView.CardHighlighted)
    def _card_highlighted(self, event: BoardView.CardHighlighted) -> None:
        if event.column.stage is self.focused_stage:
            self.draft_panel.refresh_draft()
            self.refresh_bindings()

    @on(BoardView.CardChosen)
    def _card_chosen(self, event: BoardView.CardChosen) -> None:
        self.action_open_card()

    @on(BoardView.ColumnClicked)
    def _column_clicked(self, event: BoardView.ColumnClicked) -> None:
        self.focus_stage(event.column.stage)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and disable what does not apply: a move at the edge, card keys with no card.

        Under a dialog none of this is asked: a screen's bindings stop there by themselves.
        """
        if self.typing:
            # Letters are being typed: only the keys of the box itself apply.
            return action not in BOARD_ACTIONS or action in {"clear_filter", "copy_draft"}
        if action == "retry_save":
            return self.not_saved
        if self.store is None:
            return False
        card = self.selected_card
        if action in CARD_ACTIONS and card is None:
            return None if action == "move_card" else False
        if action in DRAFT_ACTIONS and card and self.draft_panel.current_kind(card) is None:
            # Nothing to send: dimmed, as a move at the edge is (restyled in place, where
            # hiding them would rebuild the footer as the cursor moves; footer.py).
            return None
        if action == "move_card" and card is not None:
            step = parameters[0] if parameters else 1
            target = card.stage.next if step == 1 else card.stage.previous
            return None if target is None else True
        if action == "clear_filter":
            return bool(self.filter_text) or bool(self._filter_box and self._filter_box.display)
        if action == "resolve_conflict":
            # Offered only on a card changed both here and in another copy of the board.
            return bool(card and self.store and card.doc_id in self.store.conflicts())
        return True

    # -- saving ----------------------------------------------------------------------------

    def make_change(self, change: Change) -> Result | None:
        """Make one change through the session; None (the user told why) when it was not made."""
        if self.session is None:
            return None
        result = self.session.apply(change)
        if result.read_only:
            self.say_read_only()
            return None
        if result.error is not None:
            tell(self, str(result.error), title=f"Could not {change.describe}", severity="error")
            return None
        if result.not_saved is not None:
            tell_not_saved(self, result.not_saved)  # kept in memory until a save works
        return result

    def say_read_only(self) -> bool:
        """Tell the user nothing can be changed, if so; True when the board is read-only.

        Forms check this before they open, so that nobody types a card only to lose it.
        """
        read_only = self.store is not None and self.store.read_only
        if read_only:
            tell_read_only(self)
        return read_only

    def action_retry_save(self) -> None:
        """Try again to write what the last save could not."""
        if self.session is not None and (error := self.session.retry()) is not None:
            tell_not_saved(self, error)

    def put_card(self, card: Application, summary: str) -> bool:
        """Save one changed card and redraw the columns it touches; False when the change
        could not be made (a read-only board, say: the user has been told)."""
        assert card.doc_id is not None
        result = self.make_change(PutCard(card, summary))
        if result is None:
            return False
        old = result.card
        self.index.card_changed(card.doc_id)
        if not self.board.is_attached:
            return True  # the app is closing: a late draft edit is saved, nothing is drawn
        self.draft_panel.card_changed(old, card)
        stages = {card.stage} | ({old.stage} if old else set())
        # The cursor stays where the user is (a late draft edit may be for another card).
        selected = self.selected_card
        self.redraw(stages, keep=selected.doc_id if selected else card.doc_id)
        return True

    # -- card actions ----------------------------------------------------------------------

    def action_move_card(self, step: int) -> None:
        """Move the selected card to the next or previous stage."""
        card = self.selected_card
        if card is None:
            return
        target = card.stage.next if step == 1 else card.stage.previous
        if target is not None:
            self.move_card(card, target)

    def move_card(self, card: Application, stage: Stage, *, follow: bool = True) -> None:
        """Move a card; checking in early asks first."""

        def go() -> None:
            moved = changes.moved(card, stage, self.now())
            self.put_card(moved, f"Moved {card.company} to {stage.label}")
            if follow and card.doc_id is not None:
                self.select_card(card.doc_id)
            # No notification: the card visibly moves and the cursor follows it; a toast on
            # every move would add a layout pass to the fastest, most repeated action.

        # A move into Checked In is a check-in; a move back from Outcome reopens the card,
        # so the rules judge the pending card it is about to become.
        warning = rules.move_warning(card, stage, self.profile, self.now())
        questions = [("Too early to check in?", warning, "Check in anyway")] if warning else []
        self._asking(questions, go)

    def _asking(self, questions: list[Question], then: Callable[[], object]) -> None:
        """Run ``then`` now, or once each (title, question, yes) is answered yes in turn."""
        if questions:
            self._ask_then(questions, then)
        else:
            then()  # at once: a move must not wait for a worker to start

    @work(group="ask")
    async def _ask_then(self, questions: list[Question], then: Callable[[], object]) -> None:
        from .dialogs import confirm_all

        if await confirm_all(self.app, questions):
            then()

    def add_card(self, created: Application) -> None:
        """Save a new card (its first history entry made), show it and select it."""
        result = self.make_change(AddCard(created))
        if result is not None and (new := result.card) is not None:
            assert new.doc_id is not None
            self.redraw([new.stage], keep=new.doc_id)
            if not self.index.matches(new, self.filter_text):
                self.action_clear_filter()  # a card just added should be seen
            self.select_card(new.doc_id)
            tell(self, f"Added {new.company}", timeout=3)

    def action_undo(self) -> None:
        """Undo the last change: a move, an edit, a delete, a message marked sent."""
        result = self.make_change(Undo())
        if result is None:
            return
        if result.undone is None:
            if result.not_saved is None:
                tell(self, "Nothing to undo.", timeout=3)
            else:
                self.restatus(every_card=False)
            return
        self.restatus(every_card=result.profile_changed)
        if result.touched is not None:
            self.draft_panel.forget_choice(result.touched)
            self.select_card(result.touched)
        tell(self, f"Undone: {result.undone}", timeout=4)

    # -- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter box."""
        if self._filter_box is None:
            # Mounted on first use: one widget fewer to style before the first frame.
            self._filter_box = FilterBar()
            self.mount(self._filter_box, after="#banner")
        self._filter_box.open()
        self.refresh_bindings()
        # While the box appears and the user starts typing: the first letter would otherwise
        # build every card's search text (about 25 ms at 6,000 cards) before it could redraw.
        self.call_after_refresh(self.index.prepare_search_texts)

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        if self._filter_box is not None:
            self._filter_box.close()
        self.filter_text = ""
        self.focus_board()
        self.refresh_bindings()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter_text = event.value

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.focus_board()

    def watch_filter_text(self) -> None:
        if self.is_mounted and self.store is not None:
            self.redraw(changed=False)

    # -- the draft panel: what its changes do to the card ----------------------------------

    def action_mark_sent(self) -> None:
        """Log the message as sent and move the card on."""
        panel = self.draft_panel
        if self.selected_card is None or panel.current_draft() is None:
            return
        if not self.say_read_only():  # asked first: nobody answers questions in vain
            panel.mark_sent()

    def action_toggle_panel(self, step: int = 1) -> None:
        """Move between the board and the draft editor."""
        panel = self.draft_panel
        if panel.editing:
            panel.stop_editing()
            self.focus_board()
        else:
            panel.start_editing()

    def on_draft_editor_left(self, event: DraftEditor.Left) -> None:
        # Handled by name: a decorator would need the editor (and TextArea) imported.
        self.draft_panel.stop_editing()
        self.focus_board()

    @on(DraftPanel.Ask)
    def _draft_asks(self, event: DraftPanel.Ask) -> None:
        self._asking(event.questions, event.then)

    @on(DraftPanel.DraftEdited)
    def _draft_edited(self, event: DraftPanel.DraftEdited) -> None:
        """Keep an edited draft on its card (text None: back to the template)."""
        card = self.cards.get(event.doc_id)
        if card is not None:  # else deleted meanwhile
            updated = changes.with_draft_text(
                card, event.kind, event.person, event.text, self.profile, self.templates
            )
            if updated != card:
                self.put_card(updated, f"Edited the draft for {card.company}")
        if event.text is None:
            self.draft_panel.reset_done()

    @on(DraftPanel.MarkSent)
    def _draft_sent(self, event: DraftPanel.MarkSent) -> None:
        """Log a sent message on its card, move the card on, and say what comes next."""
        card, draft = event.card, event.draft
        updated = changes.message_sent(
            card, draft.kind, draft.recipient, self.now(), interviewer_index=draft.interviewer_index
        )
        assert card.doc_id is not None
        summary = f"Marked the {draft.title.lower()} to {card.company} as sent"
        if not self.put_card(updated, summary):
            return
        if updated.stage is not card.stage:
            self.select_card(card.doc_id)
        self.draft_panel.logged(card, updated, draft)
