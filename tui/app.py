"""FollowupApp: the session, the settings, the board screen, and a safe way out."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input

from . import drafts
from .config import Config, save_theme, zone_problem
from .exit_guard import EXIT_GRACE_SECONDS as EXIT_GRACE_SECONDS
from .exit_guard import exit_on_signals
from .screens.board import BoardScreen
from .session import (
    CalendarFailed,
    DiskChanged,
    SaveFailed,
    SaveState,
    Session,
    SessionEvent,
    Warned,
)
from .store import Store, StoreError
from .widgets.board_view import BoardView
from .widgets.focus import hand_to_text_box
from .widgets.notice import tell, tell_not_saved
from .widgets.top_bar import opening_notice

if TYPE_CHECKING:
    from .keymap import Keymap

NOT_SAVED = SaveState.NOT_SAVED.value
"""The top bar's word for a change that is only in memory."""


class FollowupApp(App[int]):
    """A keyboard-driven board of interview follow-ups."""

    TITLE = "followup-tui"
    CSS_PATH = "app.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # In dialogs, tab moves to the next field at once, as the app reads it: letters read
        # in the same go ("Birch Labs<tab>Engineer") are handed to the field focused by then.
        # A screen's own tab binding would run only after those letters had been handed out.
        # On the board, the board screen's tab (the draft editor) applies instead.
        Binding("tab", "next_field(1)", show=False, priority=True),
        Binding("shift+tab", "next_field(-1)", show=False, priority=True),
    ]

    # repaint=False: a reactive on the App repaints the whole screen when it changes (60-70 ms
    # at 160x48); the board screen repaints just the top bar's label.
    save_state: reactive[SaveState] = reactive(
        SaveState.ALL_SAVED, repaint=False, init=False, always_update=True
    )
    """Where the board stands with the disk (the top bar shows ``save_status``)."""

    def __init__(
        self,
        store: Store | None,
        *,
        path: Path,
        config: Config | None = None,
        config_errors: Iterable[str] = (),
        open_error: StoreError | None = None,
        read_only_reason: str = "",
        demo: bool = False,
        open_card: int | None = None,
        on_ready: Callable[[FollowupApp], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        """The data file, shown to the user."""
        self._config = config or Config()
        self.config_errors = list(config_errors)
        """Problems found in config.toml, shown once at start."""
        self.open_error = open_error
        """Why the board could not be opened, if it could not."""
        self.read_only_reason = read_only_reason
        """Why the board is read-only, or '' when it is writable."""
        self.demo = demo
        """True when showing a temporary copy of the demo board."""
        self.templates = drafts.TemplateSet.load()
        """Message templates: the user's own where they exist, else the bundled ones."""
        self.session = self._session(store) if store else None
        """The open board; None when it could not be opened."""
        self.board_screen = BoardScreen(
            self.session,
            path=path,
            title="followup-tui" + (" · demo" if demo else ""),
            banner=opening_notice(read_only_reason, demo=demo),
        )
        """The board: the base screen, under every dialog."""
        self._shown_warnings: set[str] = set()
        self._quit_question: Screen[bool] | None = None
        self._on_ready = on_ready
        self._open_card = open_card
        self.run_over = threading.Event()
        """Set by run_tui once App.run has returned (the exit did not hang)."""
        if self.config.theme:
            self.theme = self.config.theme

    def _session(self, store: Store) -> Session:
        session = Session(store, self._config, self.templates)
        session.save_state = SaveState.READ_ONLY if self.read_only_reason else SaveState.ALL_SAVED
        return session

    def get_default_screen(self) -> Screen[None]:
        return self.board_screen

    def on_mount(self) -> None:
        exit_on_signals(self.exit, over=self.run_over, close=self._close_store)
        if self.config.keys:
            self.set_keymap(self.config.keys)
            self.call_after_refresh(self._check_keymap)
        if self.session is None:
            from .screens.error import OpenErrorScreen

            self.push_screen(OpenErrorScreen(self.path, self.open_error), self._after_error)
            return
        self._open(self.session)  # the board screen draws it as it mounts

    def on_board_screen_ready(self) -> None:
        for problem in self.config_errors + self.templates.errors:
            tell(self, problem, title="Settings", severity="warning", timeout=10)
        self.board_screen.opened(self._open_card)
        self._open_card = None
        if self._on_ready:
            self._on_ready(self)

    def _after_error(self, store: Store | None) -> None:
        if store is None:
            self.exit(1)
            return
        self.session = self._session(store)
        self.open_error = None
        self._open(self.session)
        self.board_screen.load(self.session)

    def _open(self, session: Session) -> None:
        """Listen to the store's writer thread and read the board."""
        # The writer thread must never wait for the UI (close() waits for the writer),
        # so its reports are queued on the event loop rather than called through.
        loop = asyncio.get_running_loop()

        def queue(event: SessionEvent) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._session_event, event)

        # The user's calendar is theirs: never from the demo or a read-only board.
        keep_calendar = bool(self.config.calendar_file) and not self.read_only_reason
        session.listen(queue, calendar=keep_calendar and not self.demo)
        for message in list(session.store.warnings):
            self._store_warning(message)
        session.load()
        if not self.config.timezone and (problem := zone_problem(session.stored_profile)):
            tell(self, f"{problem} p sets another.", title="Profile", severity="warning")
        session.on_save_state = self._save_state_changed

    def _check_keymap(self) -> None:
        """Report remapped keys that cannot work, and name the new keys in the draft panel."""
        keymap = remapped_keys(self.config.keys)
        for problem in keymap.problems:
            tell(self, problem, title="Settings", severity="warning", timeout=10)

        def name(binding_id: str) -> str:
            return keymap.name(binding_id, lambda key: self.get_key_display(Binding(key, "")))

        self.board_screen.show_keys(name)

    # -- saving ----------------------------------------------------------------------------

    def _session_event(self, event: SessionEvent) -> None:
        """A report from the store's writer thread, now on the UI thread."""
        if self.session is None:
            return
        if isinstance(event, Warned):
            self._store_warning(event.message)
            return
        if isinstance(event, CalendarFailed):
            tell(self, event.message, title="Calendar file", severity="warning", timeout=10)
            return
        if isinstance(event, DiskChanged):
            self.board_screen.disk_changed(event)
            return
        self.session.handle(event)
        if isinstance(event, SaveFailed):
            tell_not_saved(self, event.error)

    def _save_state_changed(self, state: SaveState) -> None:
        self.save_state = state

    @property
    def save_status(self) -> str:
        """What the top bar says about the disk: 'saved 14:02:10', 'saving…', or NOT SAVED."""
        return self.session.save_text() if self.session is not None else ""

    async def action_quit(self) -> None:
        """Quit; if the last change could not be written, ask before it is lost."""
        from .screens.dialogs import quit_unsaved_question

        error = self.store.last_save_error if self.store is not None else None
        if self.save_state is not SaveState.NOT_SAVED or error is None:
            self.exit()
            return
        if self._quit_question in self.screen_stack:
            return  # q again while asked: the question stands (a double press loses nothing)

        def answered(quit_anyway: bool | None) -> None:
            self._quit_question = None
            if quit_anyway:
                self.exit()

        self._quit_question = quit_unsaved_question(error)
        self.push_screen(self._quit_question, answered)

    def action_next_field(self, step: int) -> None:
        """Focus the next (or previous) field of a dialog."""
        complete = getattr(self.screen, "action_complete", None)
        if step > 0 and callable(complete):
            complete()  # a file prompt: tab completes the name, as in a shell
        elif step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app's own keys: none while letters are typed, no palette over a dialog."""
        if action == "next_field":
            return self.screen is not self.board_screen
        if action in {"quit", "help"} and self._typing():
            return False  # the letter goes into the box, so the footer should not offer it
        # No palette over a dialog: its commands act on the board, and a form saved after a
        # palette move would write back the card as it was before the move.
        return action != "command_palette" or self.screen is self.screen_stack[0]

    def _typing(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input) or (focused is not None and focused.id == "draft-editor")

    @property
    def store(self) -> Store | None:
        """The board on disk; None when it could not be opened."""
        return self.session.store if self.session is not None else None

    @property
    def config(self) -> Config:
        """Settings from config.toml as changed since (theme, columns): the open board's."""
        return self.session.config if self.session is not None else self._config

    # -- signals, notices, keys ------------------------------------------------------------

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.close()

    def _store_warning(self, message: str) -> None:
        """Say what went wrong beside the board (a backup that could not be written), once."""
        if message not in self._shown_warnings:
            self._shown_warnings.add(message)
            tell(self, message, title="Backup", severity="warning", timeout=10)

    def on_key(self, event: events.Key) -> None:
        """A letter typed behind a text box goes into it (see ``hand_to_text_box``); this
        runs before the app's key bindings."""
        hand_to_text_box(self.focused, event)

    def action_help(self) -> None:
        """Keys, files and where templates live."""
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.path))

    # -- palette ---------------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.config.theme:
            self._config = replace(self.config, theme=theme)
            if self.session is not None:
                self.session.config = self._config
            with contextlib.suppress(OSError):
                save_theme(theme)


def remapped_keys(remapped: Mapping[str, str]) -> Keymap:
    """The keys after the user's remapping, checked against every binding.

    Called only when config.toml has a [keys] table: looking at every screen's bindings
    means importing every screen, which nobody else should pay for at start-up.
    """
    from .keymap import Keymap
    from .screens.card_detail import CardDetailScreen
    from .screens.card_form import CardFormScreen
    from .screens.dialogs import AskScreen, ConfirmScreen, StagePickerScreen
    from .screens.error import OpenErrorScreen
    from .screens.help import HelpScreen
    from .screens.profile import ProfileScreen
    from .screens.stats import StatsScreen
    from .screens.today import TodayScreen
    from .widgets.draft_editor import DraftEditor

    others = (
        DraftEditor,
        CardDetailScreen,
        CardFormScreen,
        AskScreen,
        ConfirmScreen,
        StagePickerScreen,
        OpenErrorScreen,
        HelpScreen,
        ProfileScreen,
        StatsScreen,
        TodayScreen,
    )
    return Keymap(
        remapped,
        board=[*BoardScreen.BINDINGS, *FollowupApp.BINDINGS, *BoardView.BINDINGS],
        others=[binding for owner in others for binding in owner.BINDINGS],
    )
