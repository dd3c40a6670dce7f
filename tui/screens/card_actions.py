"""What the board's card keys open: the stage picker, the card form and details, the
delete question, the one-key dialogs (decision date, outcome, next round) and the choice
between two versions of a card in conflict."""

from __future__ import annotations

from dataclasses import replace

from .. import changes, dates, rules
from ..model import Application, Outcome, Stage
from ..session import DeleteCard, KeepVersion
from ..widgets.notice import tell
from .board_host import BoardHost


class CardActions:
    """The dialogs that change one card; each change goes through the board screen."""

    def __init__(self, board: BoardHost) -> None:
        self.board = board
        """The board screen the cards are on."""

    def _card_to_change(self) -> Application | None:
        """The selected card, when there is one and the board can be changed (else the user
        is told why: read-only)."""
        card = self.board.selected_card
        return None if card is None or self.board.say_read_only() else card

    def move_to(self) -> None:
        """Pick any stage for the selected card."""
        from .dialogs import StagePickerScreen

        card = self.board.selected_card
        if card is None:
            return

        def picked(stage: Stage | None) -> None:
            if stage is not None and stage is not card.stage:
                self.board.move_card(card, stage)

        self.board.app.push_screen(StagePickerScreen(card.stage, card.company), picked)

    def new_card(self) -> None:
        """Add an interview through the form."""
        from .card_form import CardFormScreen

        if self.board.say_read_only():
            return

        def added(card: Application | None) -> None:
            if card is not None:
                self.board.add_card(changes.created(card, self.board.now()))

        self.board.app.push_screen(CardFormScreen(self.board.profile), added)

    def edit_card(self, card: Application) -> None:
        """Edit a card through the form."""
        from .card_form import CardFormScreen

        if self.board.say_read_only():
            return

        def edited(new: Application | None) -> None:
            if new is None or new == card:
                return
            updated = changes.edited(card, new, self.board.now())
            if (
                self.board.put_card(updated, f"Edited {card.company}")
                and updated.stage is not card.stage
            ):
                assert card.doc_id is not None
                self.board.select_card(
                    card.doc_id
                )  # the card moved (an outcome, a date): follow it

        self.board.app.push_screen(CardFormScreen(self.board.profile, card), edited)

    def open_card(self) -> None:
        """Show the whole card and its history."""
        from .card_detail import CardDetailScreen

        card = self.board.selected_card
        if card is None:
            return

        def closed(choice: str | None) -> None:
            if choice == "edit":
                self.edit_card(card)

        self.board.app.push_screen(CardDetailScreen(card, self.board.profile), closed)

    def delete_card(self) -> None:
        """Delete the selected card after asking; u brings it back."""
        from .dialogs import ConfirmScreen

        card = self.board.selected_card
        if card is None or card.doc_id is None:
            return
        doc_id = card.doc_id

        def answered(confirmed: bool | None) -> None:
            summary = f"Deleted {card.company}"
            if confirmed and self.board.make_change(DeleteCard(doc_id, summary)):
                self.board.redraw([card.stage])
                tell(self.board.app, f"{summary} · u to undo", timeout=5)

        self.board.app.push_screen(
            ConfirmScreen(
                "Delete this card?",
                f"{card.company} · {card.role}\nIts history goes too (u undoes this).",
                yes="Delete",
            ),
            answered,
        )

    def _put_and_follow(self, card: Application, new: Application, summary: str) -> bool:
        """Save one quick edit ('Outcome at Acme') and keep the cursor on the card as it moves;
        False when it could not be made."""
        updated = changes.edited(card, new, self.board.now())
        if not self.board.put_card(updated, f"{summary} {card.company}"):
            return False
        self.board.focus_stage(updated.stage)
        return True

    def decision_date(self) -> None:
        """Enter the date they said they would decide by, in one key: the card moves on."""
        from .dialogs import AskScreen

        if (card := self._card_to_change()) is None:
            return
        tz, country = self.board.profile.timezone, self.board.profile.country

        def check(text: str) -> str | None:
            try:
                day = dates.parse_date(text, tz, country=country)
            except dates.DateInputError as error:
                return str(error)
            return rules.date_before_interview_problem(day, card.interviewed_at, tz)

        def answered(text: str | None) -> None:
            if text is None:
                return
            day = dates.parse_date(text, tz, country=country)
            if self._put_and_follow(card, replace(card, decision_by=day), "Decision date for"):
                # Say which day "next friday" was read as: it shows nowhere else at once.
                tell(self.board.app, f"Decision date: {dates.short_day(day)}", timeout=4)

        self.board.app.push_screen(
            AskScreen(
                f"Decision date at {card.company}",
                "When did they say they would decide?",
                value=dates.date_field_text(card.decision_by),
                placeholder="fri, 18 dec, 2026-12-18, in 2 weeks",
                validate=check,
            ),
            answered,
        )

    def record_outcome(self) -> None:
        """Record the outcome in one key: offer accepted or declined, rejected, ..."""
        from .exchange import ChoiceScreen

        if (card := self._card_to_change()) is None:
            return
        choices = [(outcome.value, outcome.label.capitalize()) for outcome in Outcome]

        def answered(value: str | None) -> None:
            if value is None or Outcome(value) is card.outcome:
                return
            self._put_and_follow(card, replace(card, outcome=Outcome(value)), "Outcome at")

        self.board.app.push_screen(
            ChoiceScreen(f"Outcome at {card.company}", "What did they decide?", choices), answered
        )

    def new_round(self) -> None:
        """Record another interview round: a new thank-you becomes due."""
        from .dialogs import AskScreen

        if (card := self._card_to_change()) is None:
            return
        tz, country = self.board.profile.timezone, self.board.profile.country

        def check(text: str) -> str | None:
            try:
                at = dates.parse_datetime(text, tz, country=country)
            except dates.DateInputError as error:
                return str(error)
            if at <= card.interviewed_at:
                when = dates.short_datetime(card.interviewed_at, tz)
                return f"Round {card.round} was on {when}: the next round comes after it."
            return None

        async def ask_all() -> None:
            app = self.board.app
            when = AskScreen(
                f"Round {card.round + 1} at {card.company}",
                "When is (or was) the next interview?",
                value="today",
                placeholder="2026-11-24 14:30, today 14:30, fri 10am",
                validate=check,
            )
            if (text := await app.push_screen_wait(when)) is None:
                return
            at = dates.parse_datetime(text, tz, country=country)
            last = [person for person in card.interviewers if person.was_at(card.round)]
            who = AskScreen(
                f"Round {card.round + 1} at {card.company}",
                "Who will you meet (or did you meet)? Separate people with ';'.",
                value="; ".join(person.shown_name for person in last if person.shown_name),
                placeholder="Dr. Alan Ortiz; Lee Okafor | Head of Data | lee@acme.example",
                validate=changes.people_text_problem,
            )
            if (people_text := await app.push_screen_wait(who)) is None:
                return
            # What the round covered: its thank-yous say it (the last round's points were
            # the last round's letters). Optional: a round still ahead is not known yet.
            ahead = at > self.board.now()
            covered = AskScreen(
                f"Round {card.round + 1} at {card.company}",
                (
                    "What will this round cover, if you know?"
                    if ahead
                    else "What did this round cover?"
                )
                + " Separate points with ';', or leave it empty (e adds them later).",
                value="",
                placeholder="the team's roadmap; a live SQL exercise",
            )
            if (points_text := await app.push_screen_wait(covered)) is None:
                return
            people = changes.people_from_text(people_text)
            updated = changes.new_round(
                card, at, self.board.now(), people or None, key_points=points_text
            )
            self.board.put_card(updated, f"Round {updated.round} at {card.company}")
            self.board.focus_stage(updated.stage)

        # The three questions one after the other, awaited in a worker.
        self.board.run_worker(ask_all(), group="new-round")

    def resolve_conflict(self) -> None:
        """Show how this card differs from the other copy's version, and keep one of them."""
        from .conflict import conflict_choice

        card, store = self.board.selected_card, self.board.store
        if card is None or card.doc_id is None or store is None or self.board.say_read_only():
            return
        theirs = store.conflicts().get(card.doc_id)
        if theirs is None:
            return
        doc_id = card.doc_id

        def chosen(keep: str | None) -> None:
            if keep not in ("mine", "theirs"):
                return
            mine = keep == "mine"
            if self.board.make_change(KeepVersion(doc_id, "mine" if mine else "theirs")):
                self.board.restatus(every_card=True)  # its conflict flag goes
                tell(
                    self.board.app,
                    "Kept " + ("this version" if mine else "the other copy's version"),
                )

        self.board.app.push_screen(conflict_choice(card, theirs), chosen)
