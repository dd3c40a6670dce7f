"""The Store as a state machine: random sequences of changes against a model, checked on disk.

Hypothesis drives one real Store on a real file through adds, edits, moves, deletes, profile
saves, undos, reopens (with and without the background writer) and abandoned sessions. After
every step a fresh read-only Store opened on the same file must hold exactly what the model
holds (cards by doc_id, compared as stored documents, and the profile), and the live Store
must agree with it in memory.

The model's undo is a stack of whole-board snapshots taken before each change: whatever
``Store.undo`` reverts (an add, a put, a delete or a profile save, up to ``UNDO_DEPTH`` deep,
one session at a time) must bring the board back exactly as it was before that change. The
machine runs with an undo depth of ``MACHINE_UNDO_DEPTH`` so that 25 steps reach the limit
often, with every kind of change falling off the bottom; test_store.py checks the real 100.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import time
import weakref
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tui import changes
from tui.model import (
    Application,
    Event,
    EventKind,
    Interviewer,
    InterviewFormat,
    Outcome,
    Profile,
    Stage,
)
from tui.model_docs import application_to_doc
from tui.store import LockedError, Store, StoreError, UnknownCardError
from tui.store import store as store_module
from tui.store.documents import YEARS
from tui.text_safety import clean_document

HOSTILE_TEXT = (
    "[bold]Acme[/bold]",
    "[red]",
    "[/]",
    "\\[not markup]",
    "[link=https://example.com]x[/link]",
    ":smile: :warning:",
    "{company} {first_name}",
    "${HOME} %s %(name)s",
    "<script>alert(1)</script>",
    "Zoë Ångström-Łukasz",
    "東京株式会社",
    "شركة",
    "\u202eevil\u202c",
    "e\u0301",
    "🙂👩🏽‍💻",
    "tab\there",
    "line\nbreak\r\nand more",
    "\x00\x1b[31m",
    "",
    " ",
    '"quoted" \\ back',
)
"""Markup-like, format-like and unicode text that must be stored and read back unchanged."""

ZONES = (UTC, ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Kolkata"))

text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    # Lone surrogates are left out: they cannot be encoded as UTF-8 at all (the Store
    # refuses them, see test_text_that_cannot_be_encoded_changes_nothing below).
    st.text(st.characters(codec="utf-8"), max_size=24),
)
moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from(ZONES),
)
# Dates the store accepts (it refuses others at every entry, see tests/storage).
days = st.none() | st.dates(min_value=date(YEARS[0], 1, 1), max_value=date(YEARS[1], 12, 31))

interviewers = st.lists(
    st.builds(Interviewer, name=text, title=text, email=text, linkedin=text, twitter=text),
    max_size=3,
).map(tuple)

events = st.lists(
    st.builds(
        Event,
        at=moments,
        kind=st.sampled_from(EventKind),
        summary=text,
        details=st.dictionaries(text, text, max_size=2),
    ),
    max_size=3,
).map(tuple)

applications = st.builds(
    Application,
    company=text,
    role=text,
    interviewed_at=moments,
    stage=st.sampled_from(Stage),
    interviewers=interviewers,
    round=st.integers(1, 99),
    format=st.sampled_from(InterviewFormat),
    key_points=text,
    decision_by=days,
    follow_up_on=days,
    outcome=st.sampled_from(Outcome),
    feedback=text,
    posting_url=text,
    notes=text,
    connected_via=st.lists(text, max_size=2).map(tuple),
    history=events,
    drafts=st.dictionaries(text, text, max_size=2),
    # add() must ignore whatever id a new card carries.
    doc_id=st.none() | st.integers(1, 1_000_000),
)

profiles = st.builds(
    Profile,
    name=text,
    email=text,
    phone=text,
    linkedin=text,
    twitter=text,
    signature=text,
    timezone=st.sampled_from(("", "UTC", "Europe/Paris", "America/New_York")),
    follow_up_days=st.integers(0, 365),
)

Cards = dict[int, dict[str, Any]]

MACHINE_UNDO_DEPTH = 4
"""Store's UNDO_DEPTH while the machine runs (set by the test below)."""


def stored(document: dict[str, Any]) -> dict[str, Any]:
    """A document as the store keeps it: its text cleaned of control characters."""
    cleaned: dict[str, Any] = clean_document(document)
    return cleaned


class StoreMachine(RuleBasedStateMachine):
    """One board file, one live Store, and the model of what the file must hold."""

    def __init__(self) -> None:
        super().__init__()
        # pytest's tmp_path does not reach a state machine; each run gets its own folder.
        self.folder = Path(tempfile.mkdtemp(prefix="store-machine-"))
        self.path = self.folder / "board.json"
        self.store: Store = Store(self.path)
        self.background = False
        self.cards: Cards = {}
        self.profile = Profile().to_dict()
        self.next_id = 1
        self.undo_stack: list[tuple[str, Cards, dict[str, Any]]] = []
        self.changes_made = 0

    def teardown(self) -> None:
        """Close the Store and remove the folder, whatever happened."""
        try:
            self.store.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ model helpers

    def _record(self) -> str:
        """Push the board as it is before a change; returns the summary the change will use."""
        self.changes_made += 1
        summary = f"change {self.changes_made}"
        self.undo_stack.append((summary, dict(self.cards), dict(self.profile)))
        del self.undo_stack[: -store_module.UNDO_DEPTH]
        return summary

    def _after_open(self) -> None:
        """A new session: undo starts empty, new ids continue after the highest one on disk."""
        self.undo_stack.clear()
        self.next_id = max(self.cards, default=0) + 1

    def _open(self, background: bool) -> None:
        self.store = Store(self.path, background=background)
        self.background = background
        self._after_open()

    # ------------------------------------------------------------------ rules

    @rule(card=applications)
    def add(self, card: Application) -> None:
        """A new card gets the next id, whatever doc_id it came with."""
        summary = self._record()
        saved = self.store.add(card, summary=summary)
        assert saved.doc_id == self.next_id
        self.cards[self.next_id] = stored(application_to_doc(card))
        self.next_id += 1

    @rule(cards=st.lists(applications, max_size=4))
    def add_many(self, cards: list[Application]) -> None:
        """Several cards in one write and one undo step; none at all is no change."""
        if not cards:
            assert self.store.add_many(cards) == []
            return
        summary = self._record()
        saved = self.store.add_many(cards, summary=summary)
        assert [card.doc_id for card in saved] == list(
            range(self.next_id, self.next_id + len(cards))
        )
        for card in saved:
            assert card.doc_id is not None
            self.cards[card.doc_id] = stored(application_to_doc(card))
        self.next_id += len(cards)

    @precondition(lambda self: bool(self.cards))
    @rule(data=st.data(), new=applications, now=moments)
    def edit(self, data: st.DataObject, new: Application, now: datetime) -> None:
        """Replace a card's fields as the form does (history logged by changes.edited)."""
        doc_id = data.draw(st.sampled_from(sorted(self.cards)), label="doc_id")
        old = self.store.get(doc_id)
        edited = changes.edited(old, replace(new, history=old.history, doc_id=doc_id), now)
        summary = self._record()
        kept = self.store.put(edited, summary=summary)  # the card as kept: its text cleaned
        self.cards[doc_id] = stored(application_to_doc(edited))
        assert application_to_doc(kept) == self.cards[doc_id]

    @precondition(lambda self: bool(self.cards))
    @rule(data=st.data(), stage=st.sampled_from(Stage), now=moments)
    def move(self, data: st.DataObject, stage: Stage, now: datetime) -> None:
        """Move a card to a column (the same column too: a put that changes nothing)."""
        doc_id = data.draw(st.sampled_from(sorted(self.cards)), label="doc_id")
        moved = changes.moved(self.store.get(doc_id), stage, now)
        summary = self._record()
        self.store.put(moved, summary=summary)
        self.cards[doc_id] = stored(application_to_doc(moved))

    @precondition(lambda self: bool(self.cards))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        """Remove a card; it comes back with the same id on undo."""
        doc_id = data.draw(st.sampled_from(sorted(self.cards)), label="doc_id")
        summary = self._record()
        removed = self.store.delete(doc_id, summary=summary)
        assert application_to_doc(removed) == self.cards.pop(doc_id)

    @rule(card=applications, doc_id=st.integers(1, 60))
    def refused_change(self, card: Application, doc_id: int) -> None:
        """A put or delete of an id the board does not hold changes nothing, undo included."""
        if doc_id in self.cards:
            return
        generation = self.store.generation
        with pytest.raises(UnknownCardError):
            self.store.put(replace(card, doc_id=doc_id))
        with pytest.raises(UnknownCardError):
            self.store.delete(doc_id)
        assert self.store.generation == generation

    def _save_profile(self, profile: Profile) -> None:
        summary = self._record()
        self.store.save_profile(profile, summary=summary)
        self.profile = stored(profile.to_dict())

    @rule(profile=profiles)
    def save_profile(self, profile: Profile) -> None:
        """Replace the profile."""
        self._save_profile(profile)

    @rule()
    def undo(self) -> None:
        """Revert the newest change of this session, or report that there is none."""
        undone = self.store.undo()
        if not self.undo_stack:
            assert undone is None
            return
        summary, self.cards, self.profile = self.undo_stack.pop()
        assert undone == summary

    @rule(count=st.integers(1, 2 * MACHINE_UNDO_DEPTH), profile=profiles)
    def burst_of_changes(self, count: int, profile: Profile) -> None:
        """Several profile saves in a row, often enough to pass the undo depth at once."""
        for number in range(count):
            self._save_profile(replace(profile, name=f"{profile.name} {number}"))

    @rule()
    def undo_everything(self) -> None:
        """Undo until nothing is left: at most UNDO_DEPTH steps, each the expected one."""
        undone = 0
        while (summary := self.store.undo()) is not None:
            assert self.undo_stack, "undo reverted more changes than were made"
            expected, self.cards, self.profile = self.undo_stack.pop()
            assert summary == expected
            undone += 1
        assert not self.undo_stack
        assert undone <= store_module.UNDO_DEPTH

    @rule(background=st.booleans())
    def reopen(self, background: bool) -> None:
        """Close and open a new Store on the same file, with or without the writer thread."""
        self.store.close()
        self._open(background)

    @precondition(lambda self: not self.background)
    @rule()
    def abandon_without_closing(self) -> None:
        """Drop the Store without close(), as a crash would, and open the file again.

        In the foreground every change is on disk when the call returns, so nothing may
        depend on close(). While the abandoned object lives its lock still holds. A real
        crash frees the flock because the kernel closes the dead process's descriptors
        (test_kill_store.py does that with SIGKILL); in-process, the lock's finalizer closes
        the descriptor when the object is collected, and that is the stand-in used here.
        Nothing is written on that path: the file's bytes stay the same.
        """
        abandoned = self.store
        with pytest.raises(LockedError):
            Store(self.path)
        before = self.path.read_bytes()
        gone = weakref.ref(abandoned)
        del abandoned
        del self.store
        gc.collect()
        assert gone() is None, "something still holds the abandoned Store"
        assert self.path.read_bytes() == before
        self._open(background=False)

    # ------------------------------------------------------------------ the invariant

    @invariant()
    def file_matches_model(self) -> None:
        """A fresh read-only Store sees the model; the live Store agrees in memory."""
        if self.background:
            self.store.flush(timeout=10)
        with Store(self.path, read_only=True) as reader:
            on_disk = {card.doc_id: application_to_doc(card) for card in reader.applications()}
            assert on_disk == self.cards
            assert reader.profile().to_dict() == self.profile
        in_memory = {card.doc_id: application_to_doc(card) for card in self.store.applications()}
        assert in_memory == self.cards
        assert self.store.profile().to_dict() == self.profile
        assert self.store.can_undo() == bool(self.undo_stack)


STEPS_PER_RUN = 25
RUNS = 60


def test_store_matches_a_model_through_random_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random sessions of changes, undos, reopens and abandons; the file always holds the model."""
    monkeypatch.setattr(store_module, "UNDO_DEPTH", MACHINE_UNDO_DEPTH)
    started = time.monotonic()
    # Abandoning a Store collects garbage; with pytest's objects frozen out of the way each
    # collection scans only what this test made (30 ms -> 1 ms, a third of the run).
    gc.collect()
    gc.freeze()
    try:
        run_state_machine_as_test(
            StoreMachine,
            settings=settings(
                max_examples=RUNS,
                stateful_step_count=STEPS_PER_RUN,
                deadline=None,
                derandomize=True,
                database=None,
                # One bug shrunk fast rather than several shrunk for minutes.
                report_multiple_bugs=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            ),
        )
    finally:
        gc.unfreeze()
    # A guard for CI time: this test is meant to stay well under half a minute.
    assert time.monotonic() - started < 120


def test_text_that_cannot_be_encoded_changes_nothing(tmp_path: Path) -> None:
    """A lone surrogate (from undecodable bytes, say) is refused and does not block later saves.

    The JSON encoder refuses such text; were it found only when the whole board is written,
    the card would stay in memory and every later save would fail.
    """
    unencodable = "Acme \udcff"
    good = Application("Acme", "Analyst", datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    with Store(tmp_path / "board.json") as store:
        saved = store.add(good)
        for refused in (
            lambda: store.add(replace(good, company=unencodable)),
            lambda: store.add_many([good, replace(good, notes=unencodable)]),
            lambda: store.put(replace(saved, role=unencodable)),
            lambda: store.save_profile(Profile(name=unencodable)),
        ):
            generation = store.generation
            with pytest.raises(StoreError, match="cannot be saved"):
                refused()
            assert store.generation == generation
            assert store.applications() == [saved]
        store.save_profile(Profile(name="Alex"))
        assert store.undo() == "Edited profile"
        assert store.undo() == "Added card"
        assert not store.can_undo()
        store.add(replace(good, company="Birch"))
    with Store(tmp_path / "board.json", read_only=True) as reader:
        assert [card.company for card in reader.applications()] == ["Birch"]
        assert reader.profile() == Profile()
