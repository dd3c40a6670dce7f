"""The one thing between the UI and the Store: cards, profile, templates and the save state.

No Textual here, and no reference to the App: the UI hands the Session a change, and reads
back what happened (a ``Result``) and where the disk stands (a ``SaveState``). The Store's
writer thread reports through ``listen``; the UI queues those reports onto its own thread
and hands them back to ``handle``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Literal

from . import dates, drafts
from .config import Config, effective_profile
from .model import Application, Profile
from .store import ReadOnlyError, SaveError, Store, StoreError
from .store.sync import DiskChange


class SaveState(Enum):
    """Where the board stands with the disk, as the top bar says it."""

    READ_ONLY = "read-only"
    ALL_SAVED = "all saved"
    """Nothing changed yet since the board was opened."""
    SAVING = "saving…"
    SAVED = "saved"
    """The newest change is on disk (the top bar adds the time)."""
    NOT_SAVED = "NOT SAVED"
    """The last write failed: the change is only in memory."""


# -- changes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PutCard:
    """Save a changed card."""

    card: Application
    summary: str
    describe: str = "save the card"


@dataclass(frozen=True)
class AddCard:
    """Add a new card (it gets its id from the store)."""

    card: Application
    describe: str = "add the card"


@dataclass(frozen=True)
class DeleteCard:
    """Delete a card (undo brings it back)."""

    doc_id: int
    summary: str
    describe: str = "delete the card"


@dataclass(frozen=True)
class SaveProfile:
    """Save the user's profile."""

    profile: Profile
    describe: str = "save the profile"


@dataclass(frozen=True)
class KeepVersion:
    """Keep one version of a card changed both here and in another copy of the board."""

    doc_id: int
    keep: Literal["mine", "theirs"]
    describe: str = "keep that version"


@dataclass(frozen=True)
class Undo:
    """Revert the last change."""

    describe: str = "undo"


Change = PutCard | AddCard | DeleteCard | SaveProfile | KeepVersion | Undo


@dataclass(frozen=True)
class Result:
    """What became of a change.

    ``made``: the change is in memory (on disk soon, or NOT SAVED: see ``not_saved``).
    Not made: ``read_only`` (the user should be told), or ``error`` says why.
    """

    made: bool
    read_only: bool = False
    error: StoreError | None = None
    not_saved: SaveError | None = None
    """The change was made, but writing it failed (kept in memory until a save works)."""
    card: Application | None = None
    """The card as stored (AddCard: with its new id; PutCard, DeleteCard: before)."""
    undone: str | None = None
    """Undo: the summary of the change undone (None: there was nothing to undo)."""
    touched: int | None = None
    """Undo: the id of the card it brought back or changed (None: the profile, say)."""
    profile_changed: bool = False


# -- writer-thread events ----------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """A generation reached the disk."""

    generation: int


@dataclass(frozen=True)
class SaveFailed:
    """A write failed."""

    error: Exception


@dataclass(frozen=True)
class Warned:
    """Something beside the board went wrong (a backup that could not be written)."""

    message: str


@dataclass(frozen=True)
class CalendarFailed:
    """The calendar file (the ``calendar_file`` setting) could not be rewritten."""

    message: str


@dataclass(frozen=True)
class DiskChanged:
    """Someone else changed the board file and the store merged it in (or stopped writing)."""

    change: DiskChange


SessionEvent = Saved | SaveFailed | Warned | CalendarFailed | DiskChanged


@dataclass
class Session:
    """The open board: every card by id, the profile, the templates, the save state."""

    store: Store
    config: Config = field(default_factory=Config)
    templates: drafts.TemplateSet = field(default_factory=drafts.TemplateSet.load)
    cards: dict[int, Application] = field(default_factory=dict)
    """Every card by its storage id: what the board draws."""
    profile: Profile = field(default_factory=Profile)
    """The user's profile, with config overrides applied."""
    save_state: SaveState = SaveState.ALL_SAVED
    saved_at: datetime | None = None
    """When the newest change reached the disk (SaveState.SAVED)."""
    on_save_state: Callable[[SaveState], None] | None = None
    """Called on the UI thread whenever ``save_state`` (or ``saved_at``) changes."""

    def set_save_state(self, state: SaveState, saved_at: datetime | None = None) -> None:
        """Change the save state and tell ``on_save_state``."""
        self.save_state = state
        if saved_at is not None:
            self.saved_at = saved_at
        if self.on_save_state is not None:
            self.on_save_state(state)

    def save_text(self) -> str:
        """What the top bar says: 'saved 14:02:10' (local time), 'saving…', 'NOT SAVED'."""
        if self.save_state is SaveState.SAVED and self.saved_at is not None:
            return f"saved {dates.to_local(self.saved_at, self.profile.timezone):%H:%M:%S}"
        return self.save_state.value

    @property
    def stored_profile(self) -> Profile:
        """The profile as stored, before config overrides."""
        return self.store.profile()

    def load(self) -> None:
        """Read every card and the profile from the store."""
        self.profile = effective_profile(self.store.profile(), self.config)
        self.cards = {card.doc_id: card for card in self.store.applications() if card.doc_id}

    def listen(self, callback: Callable[[SessionEvent], None], *, calendar: bool = False) -> None:
        """Have ``callback`` called with each writer-thread event, from that thread, and with
        ``calendar`` keep the ``calendar_file`` setting's file current after each save.

        The writer must never wait for the UI (close() waits for the writer), so the
        callback should only queue the event for the UI thread.
        """
        self.store.on_saved = lambda generation: callback(Saved(generation))
        self.store.on_save_failed = lambda error: callback(SaveFailed(error))
        self.store.on_warning = lambda message: callback(Warned(message))
        if calendar:
            # Rewritten by a child process after each save, never on the caller's thread
            # (tui/remind); chained to store.on_saved, so after it is set.
            from .remind.calendar_file import keep_calendar_current

            keep_calendar_current(
                self.store,
                self.config,
                lambda: self.profile,
                lambda message: callback(CalendarFailed(message)),
            )
        self.store.on_disk_change = lambda change: callback(DiskChanged(change))

    def handle(self, event: SessionEvent) -> None:
        """Take in an event on the UI thread: a save's outcome (the save state), or what
        came in from the disk (the cards read again)."""
        if isinstance(event, Saved):
            if event.generation >= self.store.generation:
                self.set_save_state(SaveState.SAVED, dates.now())
        elif isinstance(event, SaveFailed):
            self.set_save_state(SaveState.NOT_SAVED)
        elif isinstance(event, DiskChanged):
            self.load()  # the store's cards now hold what came in
            if self.store.read_only:
                self.set_save_state(SaveState.READ_ONLY)

    def apply(self, change: Change) -> Result:
        """Make one change through the store."""
        generation = self.store.generation
        try:
            result = self._apply(change)
        except ReadOnlyError:
            return Result(made=False, read_only=True)
        except SaveError as error:
            self.set_save_state(SaveState.NOT_SAVED)  # kept in memory until a save works
            return Result(made=True, not_saved=error, card=self._after_failed_save(change))
        except StoreError as error:
            return Result(made=False, error=error)
        if self.store.generation != generation:
            # Only a change that will be written: "nothing to undo" must not hide NOT SAVED.
            self.set_save_state(SaveState.SAVING)
        return result

    def retry(self) -> SaveError | None:
        """Try again to write what the last save could not; the error if it fails at once."""
        self.set_save_state(SaveState.SAVING)
        try:
            self.store.retry()
        except SaveError as error:
            self.set_save_state(SaveState.NOT_SAVED)
            return error
        return None

    def _apply(self, change: Change) -> Result:
        if isinstance(change, PutCard):
            card = change.card
            assert card.doc_id is not None
            old = self.cards.get(card.doc_id)
            self.store.put(card, summary=change.summary)
            self.cards[card.doc_id] = card
            return Result(made=True, card=old)
        if isinstance(change, AddCard):
            new = self.store.add(change.card)
            assert new.doc_id is not None
            self.cards[new.doc_id] = new
            return Result(made=True, card=new)
        if isinstance(change, DeleteCard):
            self.store.delete(change.doc_id, summary=change.summary)
            return Result(made=True, card=self.cards.pop(change.doc_id, None))
        if isinstance(change, SaveProfile):
            self.store.save_profile(change.profile)
            self.profile = effective_profile(change.profile, self.config)
            return Result(made=True, profile_changed=True)
        if isinstance(change, KeepVersion):
            self.store.resolve_conflict(change.doc_id, change.keep)
            self.load()
            return Result(made=True)
        return self._undo()

    def _undo(self) -> Result:
        undone = self.store.undo()
        if undone is None:
            return Result(made=True)
        before, profile = self.cards, self.profile
        self.load()
        # Follow the card the undo touched (a move goes back, a delete comes back). The
        # store hands back the same objects for untouched cards, so most compare by identity.
        touched = next(
            (
                doc_id
                for doc_id, card in self.cards.items()
                if (old := before.get(doc_id)) is not card and old != card
            ),
            None,
        )
        return Result(
            made=True, undone=undone, touched=touched, profile_changed=self.profile != profile
        )

    def _after_failed_save(self, change: Change) -> Application | None:
        """A SaveError comes after the change was made in memory: keep the session in step."""
        if isinstance(change, PutCard):
            assert change.card.doc_id is not None
            old = self.cards.get(change.card.doc_id)
            self.cards[change.card.doc_id] = change.card
            return old
        if isinstance(change, DeleteCard):
            return self.cards.pop(change.doc_id, None)
        if isinstance(change, SaveProfile):
            self.profile = effective_profile(change.profile, self.config)
        elif isinstance(change, AddCard | KeepVersion | Undo):
            before = set(self.cards)
            self.load()
            if isinstance(change, AddCard):
                new = [doc_id for doc_id in self.cards if doc_id not in before]
                return self.cards[new[0]] if new else None
        return None
