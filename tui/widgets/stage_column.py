"""One board column: a virtual list that draws only the cards on screen.

Every card has the same height, so the line under the cursor is found by arithmetic and the
cost of a frame does not grow with the number of cards off screen. A card is described by a
callable the board supplies; its lines are cached until the board says time has moved on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..model import Application, Stage
from .safe_text import printable

CARD_HEIGHT = 6
"""Title, role, interviewer, two lines for the status, and one of space between cards."""

STRIP_CACHE_SIZE = 4000
"""Drawn card lines kept by card and line: enough for every card on a tall screen many times
over (a filter keystroke brings back cards drawn a moment ago)."""

STATUS_LINES = 2
"""A status that does not fit a narrow column wraps onto a second line."""


@dataclass(frozen=True, slots=True)
class CardFace:
    """What a card shows: four lines of text and the tone of its status line."""

    title: str
    subtitle: str
    person: str
    status: str
    tone: str
    """One of: overdue, warning, due, waiting, done, plain."""


Describe = Callable[[Application], CardFace]


class StageColumn(ScrollView, can_focus=True):
    """The cards of one stage, drawn line by line."""

    DEFAULT_CSS = """
    StageColumn {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-title-style: bold;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        min-width: 16;
    }
    StageColumn:focus {
        border: round $accent;
        border-title-color: $text;
    }
    StageColumn > .card--title { text-style: bold; color: $text; }
    StageColumn > .card--subtitle { color: $text; }
    StageColumn > .card--person { color: $text-muted; }
    StageColumn > .card--overdue { color: $error; text-style: bold; }
    StageColumn > .card--warning { color: $warning; }
    StageColumn > .card--due { color: $success; text-style: bold; }
    StageColumn > .card--waiting { color: $text-muted; }
    StageColumn > .card--done { color: $success; }
    StageColumn > .card--plain { color: $text-muted; }
    StageColumn > .card--cursor { background: $boost; }
    StageColumn:focus > .card--cursor { background: $accent 45%; }
    StageColumn > .card--empty { color: $text-disabled; text-style: italic; }
    """

    COMPONENT_CLASSES = {
        "card--title",
        "card--subtitle",
        "card--person",
        "card--overdue",
        "card--warning",
        "card--due",
        "card--waiting",
        "card--done",
        "card--plain",
        "card--cursor",
        "card--empty",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Previous card", show=False, id="board.card_up"),
        Binding("down,j", "cursor_down", "Next card", show=False, id="board.card_down"),
        Binding("g,home", "first", "First card", show=False, id="board.first_card"),
        Binding("G,end", "last", "Last card", show=False, id="board.last_card"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted card in ``cards``."""

    class CardHighlighted(Message):
        """The cursor moved to another card (or the column became empty)."""

        def __init__(self, column: StageColumn, card: Application | None) -> None:
            super().__init__()
            self.column = column
            self.card = card

        @property
        def control(self) -> StageColumn:
            """The column the card is in."""
            return self.column

    class CardChosen(Message):
        """The user pressed enter or clicked twice on a card."""

        def __init__(self, column: StageColumn, card: Application) -> None:
            super().__init__()
            self.column = column
            self.card = card

        @property
        def control(self) -> StageColumn:
            """The column the card is in."""
            return self.column

    def __init__(self, stage: Stage, describe: Describe, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage = stage
        """The stage whose cards this column shows."""
        self.cards: Sequence[Application] = ()
        """The cards, in display order (sorted and filtered by the board)."""
        self.total = 0
        """How many cards the stage has before filtering."""
        self._describe = describe
        self._faces: dict[int, CardFace] = {}
        self._strips: dict[tuple[int, int, bool, int, bool], tuple[Application, Strip]] = {}
        self._part_styles: dict[str, Style] = {}
        self._empty_text = "no cards"
        self._update_title()

    # -- data ------------------------------------------------------------------------------

    def set_cards(
        self,
        cards: Sequence[Application],
        *,
        total: int | None = None,
        keep: int | None = None,
        empty_text: str = "no cards",
    ) -> None:
        """Show these cards; keep the cursor on the card with doc_id ``keep`` if it is here."""
        previous = self.highlighted_card
        self.cards = cards
        self.total = len(cards) if total is None else total
        self._empty_text = empty_text
        self._faces.clear()
        self._set_virtual_size(Size(self.size.width, len(cards) * CARD_HEIGHT))
        target = keep if keep is not None else (previous.doc_id if previous else None)
        index = self.index_of(target) if target is not None else None
        self._set_cursor(index if index is not None else min(self.cursor, len(cards) - 1))
        self._update_title()
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Resize the scrollable area without a relayout of the screen.

        ``virtual_size`` is a layout reactive: assigning it lays out the whole screen, which
        redraws every column. The column's own box does not change, so updating the
        scrollbars and repainting this column is enough (a scrollbar that appears or goes
        still lays out, through its own reactive).
        """
        if size == self.virtual_size:
            return
        self.set_reactive(StageColumn.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def refresh_faces(self) -> None:
        """Forget the drawn cards (time moved on); only the visible ones are drawn again."""
        self._faces.clear()
        self._strips.clear()
        self.refresh()

    def index_of(self, doc_id: int | None) -> int | None:
        """Position of a card in this column, or None."""
        for index, card in enumerate(self.cards):
            if card.doc_id == doc_id:
                return index
        return None

    @property
    def highlighted_card(self) -> Application | None:
        """The card under the cursor, or None for an empty column."""
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def _update_title(self) -> None:
        shown = len(self.cards)
        count = f"{shown}" if shown == self.total else f"{shown}/{self.total}"
        title = f"{self.stage.label} ({count})"
        # Border titles lose about six cells to the corners; in a narrow column a shorter
        # title keeps the count visible.
        if self.size.width and len(title) > self.size.width - 6:
            title = f"{self.stage.label.replace(' Decision', '')} {count}"
        self.border_title = title

    # -- cursor ----------------------------------------------------------------------------

    def _set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.cards) - 1)) if self.cards else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_card(old)
        self.refresh_card(new)
        self.scroll_to_cursor()
        self.post_message(self.CardHighlighted(self, self.highlighted_card))

    def refresh_card(self, index: int) -> None:
        """Redraw one card's lines."""
        top = index * CARD_HEIGHT - round(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, CARD_HEIGHT))

    def scroll_to_cursor(self) -> None:
        """Bring the highlighted card into view."""
        if not self.cards:
            return
        self.scroll_to_region(
            Region(0, self.cursor * CARD_HEIGHT, 1, CARD_HEIGHT - 1), animate=False, force=True
        )

    def action_cursor_up(self) -> None:
        """Highlight the previous card."""
        self._set_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Highlight the next card."""
        self._set_cursor(self.cursor + 1)

    def action_first(self) -> None:
        """Highlight the first card."""
        self._set_cursor(0)

    def action_last(self) -> None:
        """Highlight the last card."""
        self._set_cursor(len(self.cards) - 1)

    def action_page_up(self) -> None:
        """Move the cursor up by a screenful."""
        self._set_cursor(self.cursor - max(1, self.size.height // CARD_HEIGHT))

    def action_page_down(self) -> None:
        """Move the cursor down by a screenful."""
        self._set_cursor(self.cursor + max(1, self.size.height // CARD_HEIGHT))

    async def _on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y + event.y) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.focus()
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.CardChosen(self, self.cards[index]))
            self._set_cursor(index)

    def _on_resize(self, event: events.Resize) -> None:
        self._set_virtual_size(Size(event.size.width, len(self.cards) * CARD_HEIGHT))
        self._update_title()
        self.scroll_to_cursor()

    # -- drawing ---------------------------------------------------------------------------

    def _face(self, index: int) -> CardFace:
        card = self.cards[index]
        face = self._faces.get(index)
        if face is None:
            face = self._describe(card)
            self._faces[index] = face
        return face

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_number = round(self.scroll_offset.y) + y
        index, line = divmod(line_number, CARD_HEIGHT)
        if not self.cards:
            if y == 1:
                return self._text_strip(self._empty_text, self._style("card--empty"), width)
            return Strip.blank(width)
        if index >= len(self.cards) or line == CARD_HEIGHT - 1:
            return Strip.blank(width)
        card = self.cards[index]
        on_cursor = index == self.cursor
        key = (id(card), line, on_cursor, width, self.has_focus)
        kept = self._strips.get(key)
        if kept is not None and kept[0] is card:
            return kept[1]
        face = self._face(index)
        if line < 3:
            text, part = (
                (face.title, "card--title"),
                (face.subtitle, "card--subtitle"),
                (face.person, "card--person"),
            )[line]
        else:
            text = _wrap(printable(face.status), width - 1, STATUS_LINES)[line - 3]
            part = f"card--{face.tone}"
        style = self._style(part)
        if on_cursor:
            style += self._style("card--cursor")
        strip = self._text_strip(text, style, width)
        if len(self._strips) > STRIP_CACHE_SIZE:
            self._strips.clear()
        self._strips[key] = (card, strip)
        return strip

    def _style(self, part: str) -> Style:
        """A component's rich style, looked up once until the styles change."""
        style = self._part_styles.get(part)
        if style is None:
            style = self._part_styles[part] = self.get_component_rich_style(part)
        return style

    def notify_style_update(self) -> None:
        # Theme or focus changed the CSS: drawn lines and looked-up styles are stale.
        self._part_styles.clear()
        self._strips.clear()
        super().notify_style_update()

    @staticmethod
    def _text_strip(text: str, style: Style, width: int) -> Strip:
        """One line of user text, shown literally and cut to the width with an ellipsis."""
        text = " " + printable(text)
        if cell_len(text) > width:
            text = _truncate(text, width - 1) + "…"
        return Strip([Segment(text, style)]).extend_cell_length(width, style)


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Split text at spaces into ``lines`` lines of ``width`` cells; the last one may overflow."""
    words = text.split(" ")
    result: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width or not current:
            current = candidate
            continue
        result.append(current)
        if len(result) == lines - 1:
            current = " ".join(words[position:])
            break
        current = word
    result.append(current)
    return result + [""] * (lines - len(result))


def _truncate(text: str, width: int) -> str:
    """Cut text to at most ``width`` terminal cells (wide characters count twice)."""
    cells = 0
    for position, character in enumerate(text):
        cells += cell_len(character)
        if cells > width:
            return text[:position]
    return text
