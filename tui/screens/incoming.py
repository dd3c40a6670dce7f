"""Invites and replies that come in: read from a saved file or pasted, matched to a card,
and offered to the user, one question at a time (the board screen's I and R)."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import changes, dates
from ..model import Application, Outcome, Stage
from ..widgets.notice import tell
from .board_host import BoardHost

if TYPE_CHECKING:
    from ..exchange import invite
    from ..exchange import reply as replies


def _load_icalendar() -> None:
    with contextlib.suppress(ImportError):
        import icalendar  # noqa: F401


class Incoming:
    """Importing an invite (.ics) and recording a reply (.eml, or its pasted text)."""

    def __init__(self, board: BoardHost) -> None:
        self.board = board
        """The board screen the cards are on."""

    def _read(self, path: Path) -> bytes | None:
        """A saved file's bytes; None when it cannot be read (the user is told why)."""
        try:
            return path.read_bytes()
        except OSError as error:
            tell(
                self.board.app,
                f"Could not read {path}: {error.strerror or error}",
                severity="error",
            )
            return None

    def _my_addresses(self) -> tuple[str, ...]:
        from ..config import my_addresses

        return my_addresses(self.board.profile, self.board.session_config)

    def import_invite(self) -> None:
        """Ask for a saved invite (.ics), the newest one filled in, and import it."""
        from .exchange import FilePromptScreen, newest_file

        if self.board.say_read_only():
            return
        # icalendar takes ~0.3-0.8 s to import (measured with -X importtime): load it while
        # the user reads the prompt, so that enter opens the form at once.
        threading.Thread(target=_load_icalendar, name="load-icalendar", daemon=True).start()
        prompt = FilePromptScreen(
            "Import an invite", "The invite (.ics) you saved:", (".ics",), newest_file(".ics")
        )
        self.board.app.push_screen(
            prompt, lambda path: self.import_invite_file(path) if path else None
        )

    def import_invite_file(self, path: Path) -> None:
        """Read an invite and offer what it means: a new card (in the form, guesses marked),
        a reschedule, a cancellation, a next round."""
        from ..exchange import invite

        if self.board.say_read_only():
            return
        tz = self.board.profile.timezone
        if (data := self._read(path)) is None:
            return
        try:
            found, problems = invite.read_invites(data, my_addresses=self._my_addresses(), tz=tz)
        except invite.InviteError as error:
            tell(self.board.app, f"{path.name}: {error}", severity="error", timeout=8)
            return
        for problem in problems:
            tell(self.board.app, f"Left out: {problem}", severity="warning", timeout=8)
        self._offer_invites(invite.plan_invites(found, list(self.board.cards.values()), tz))

    def _offer_invites(self, plans: list[invite.InvitePlan]) -> None:
        """Offer each plan in turn, the next once the one before is answered."""
        if plans:  # none (a refused invite): no worker to start
            self.board.run_worker(self._offer_each(plans), group="invites")

    async def _offer_each(self, plans: list[invite.InvitePlan]) -> None:
        from ..exchange import invite
        from .card_form import CardFormScreen
        from .dialogs import confirm_all

        app, tz = self.board.app, self.board.profile.timezone
        while plans:
            plan, rest = plans[0], plans[1:]
            if plan.action is invite.Action.ADD:
                found = plan.invite
                form = CardFormScreen(
                    self.board.profile,
                    found.card(),
                    title="New interview from an invite: check it, then ctrl+s",
                    guessed=found.guessed,
                )
                if (card := await app.push_screen_wait(form)) is not None:
                    self.board.add_card(invite.new_card(found, self.board.now(), card))
            elif plan.action is invite.Action.NEXT_ROUND:
                question = (
                    "Next round?",
                    f"{plan.words}.\nRecord it as the next round?",
                    "Next round",
                )
                if await confirm_all(app, [question]):
                    self.board.put_card(
                        invite.apply_invite(plan, self.board.now(), tz), "Next round"
                    )
            elif plan.action in invite.CHANGES:
                updated = invite.apply_invite(plan, self.board.now(), tz)
                if self.board.put_card(updated, f"Invite for {updated.company}"):
                    assert updated.doc_id is not None
                    self.board.select_card(updated.doc_id)
                    tell(app, plan.words, timeout=6)
            else:
                tell(app, plan.words, timeout=5)
            # Planned again against the cards as they are now: the one just added, say.
            plans = invite.plan_invites(
                [p.invite for p in rest], list(self.board.cards.values()), tz
            )

    def record_reply(self) -> None:
        """Ask for a saved reply (.eml), the newest one filled in, and record it."""
        from .exchange import FilePromptScreen, newest_file

        if self.board.say_read_only():
            return
        prompt = FilePromptScreen(
            "Record a reply",
            "The reply (.eml) you saved, or paste the reply's text here:",
            (".eml",),
            newest_file(".eml"),
            accept_text=True,
        )

        def given(answer: Path | str | None) -> None:
            if isinstance(answer, Path):
                self.record_reply_file(answer)
            elif answer:
                self.record_reply_text(answer)

        self.board.app.push_screen(prompt, given)

    def record_reply_text(self, text: str) -> None:
        """A reply pasted as text: recorded like a saved one (its card asked when the text
        does not name the sender)."""
        from ..exchange import reply as replies

        try:
            message = replies.reply_from_text(text, now=self.board.now())
        except replies.ReplyError as error:
            tell(self.board.app, f"The pasted reply: {error}", severity="error", timeout=8)
            return
        self._reply_to_card(message, "The pasted reply")

    def record_reply_file(self, path: Path) -> None:
        """Read a reply, find its card (asking when several match), record it and ask what
        it says."""
        from ..exchange import reply as replies

        if self.board.say_read_only():
            return
        if (data := self._read(path)) is None:
            return
        try:
            message = replies.read_reply(data)
        except replies.ReplyError as error:
            tell(self.board.app, f"{path.name}: {error}", severity="error", timeout=8)
            return
        self._reply_to_card(message, path.name)

    def _reply_to_card(self, message: replies.Reply, source: str) -> None:
        from ..exchange import reply as replies
        from .exchange import ChoiceScreen

        if message.email and message.email.casefold() in {
            a.casefold() for a in self._my_addresses()
        }:
            tell(self.board.app, f"{source} is from you: save their reply.", severity="error")
            return
        cards = list(self.board.cards.values())
        found = replies.match_cards(message, cards)
        if len(found) == 1:
            self._record_reply(found[0], message)
            return
        if not found:
            found = [card for card in cards if card.stage is not Stage.NETWORKED]
            selected = self.board.selected_card
            if selected in found:  # the card the user is on comes first
                found.remove(selected)
                found.insert(0, selected)
            who = message.email or "the sender"
            why = f"No card has {who} or their domain. Which card is it?"
        else:
            why = f"Several cards match {message.email}. Which one?"
        if not found:
            tell(self.board.app, "No open card to record the reply on.", severity="warning")
            return
        choices = [(str(card.doc_id), f"{card.company} · {card.role}") for card in found[:9]]

        def chosen(doc_id: str | None) -> None:
            card = self.board.cards.get(int(doc_id)) if doc_id else None
            if card is not None:
                self._record_reply(card, message)

        heading = f"Reply from {message.sender}" if message.sender else "A reply"
        self.board.app.push_screen(ChoiceScreen(heading, why, choices), chosen)

    def _record_reply(self, card: Application, message: replies.Reply) -> None:
        from ..exchange import reply as replies
        from .exchange import ChoiceScreen

        tz = self.board.profile.timezone
        if not replies.already_recorded(card, message):
            card = replies.reply_received(card, message, self.board.now(), tz)
            if not self.board.put_card(card, f"Reply for {card.company}"):
                return
        assert card.doc_id is not None
        self.board.select_card(card.doc_id)
        choices: list[tuple[str, str]] = []
        outcome = replies.suggested_outcome(message)
        offer = ("outcome:offer", "An offer: record it")
        rejection = ("outcome:rejected", "A rejection: record it")
        if outcome is Outcome.OFFER:
            choices.append(offer)
        elif outcome is Outcome.REJECTED:
            choices.append(rejection)
        for item in replies.decision_dates(message, tz):
            day = dates.short_day(item.day)
            choices.append(
                (f"decision:{item.day.isoformat()}", f'Decision by {day} ("{item.words}")')
            )
        choices += [c for c in (offer, rejection) if c not in choices]
        choices += [("next_round", "A next round: record its date"), ("noted", "Nothing to record")]
        note = message.first_lines()
        who = message.sender
        title = f"What does {who}'s reply say?" if who else "What does the reply say?"

        def answered(choice: str | None) -> None:
            current = self.board.cards.get(card.doc_id or 0)
            if choice is None or current is None:
                tell(
                    self.board.app,
                    "The reply is waiting: no check-in is due until you answer it (R).",
                )
                return
            self._answer_reply(current, choice)

        self.board.app.push_screen(ChoiceScreen(title, note, choices), answered)

    def _answer_reply(self, card: Application, choice: str) -> None:
        from datetime import date

        from ..exchange import reply as replies

        now = self.board.now()
        kind, _, value = choice.partition(":")
        if kind == "decision":
            new = replace(card, decision_by=date.fromisoformat(value))
            updated = changes.edited(card, new, now)
        elif kind == "outcome":
            updated = changes.edited(card, replace(card, outcome=Outcome(value)), now)
        elif kind == "next_round":
            self.board.action_new_round()
            return
        else:
            updated = replies.noted(card, now)
        if self.board.put_card(updated, f"Reply for {card.company}") and updated.doc_id is not None:
            self.board.select_card(updated.doc_id)

    def paste(self, text: str) -> bool:
        """A path pasted (or a file dragged) onto the board: an .ics is imported, an .eml
        recorded as a reply; False when the text is neither."""
        from .exchange import pasted_path

        if (path := pasted_path(text, (".ics",))) is not None:
            self.import_invite_file(path)
        elif (path := pasted_path(text, (".eml",))) is not None:
            self.record_reply_file(path)
        else:
            return False
        return True
