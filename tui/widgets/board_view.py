"""The board: every stage's column, drawn by one widget, line by line.

One widget for all the columns rather than one each: Textual styles, composes and draws
every widget on its own, and at 160x48 six side-by-side column widgets cost about 35 ms more
per full frame than one widget drawing the same cells. Every full frame pays that: the
first one, and each filter keystroke, which changes every column.

Each column keeps its own cards, cursor and scroll position (BoardColumn). Every card has
the same height, so what a screen line shows is found by arithmetic, and the cost of a
frame does not grow with the number of cards off screen. A card is described by a callable
the app supplies; its drawn lines are kept until the app says time has moved on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..model import Application, Stage
from .card_text import CARD_HEIGHT, CardFace, card_lines, columns_on_screen, truncate
from .card_text import CARD_LINES as CARD_LINES
from .card_text import MIN_COLUMN_WIDTH as MIN_COLUMN_WIDTH
from .card_text import fit_columns as fit_columns
from .card_text import wrap_keeping_end as wrap_keeping_end
from .focus import focus_now
from .safe_text import printable

STRIP_CACHE_SIZE = 4000
"""Drawn card lines kept by card and line: enough for every card on a tall screen many times
over (a filter keystroke brings back cards drawn a moment ago)."""

WHEEL_LINES = 3
"""Lines a column scrolls per turn of the mouse wheel."""


Describe = Callable[[Application], CardFace]


class BoardColumn:
    """One stage's column: its cards in display order, cursor and scroll position.

    Not a widget: the BoardView draws every column. Changing a column asks the board to
    redraw just that column's part of the screen.
    """

    def __init__(self, board: BoardView, stage: Stage) -> None:
        self.board = board
        self.stage = stage
        """The stage whose cards this column shows."""
        self.cards: Sequence[Application] = ()
        """The cards, in display order (sorted and filtered by the app)."""
        self.total = 0
        """How many cards the stage has before filtering."""
        self.empty_text = "no cards"
        """What the column says when it has no cards."""
        self.shown = True
        """Whether the column is on screen (a narrow terminal shows fewer)."""
        self.top = 0
        """The first line of the cards shown (the scroll position)."""
        self.x = 0
        """Where the column starts on the board, in cells (set when the board lays out)."""
        self.width = 0
        """The column's width in cells, borders included (0 while hidden)."""
        self._cursor = 0
        self._faces: dict[int, CardFace] = {}
        self._laid_out: dict[int, tuple[int, tuple[tuple[str, str], ...]]] = {}

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
        self.empty_text = empty_text
        self._faces.clear()
        self._laid_out.clear()
        target = keep if keep is not None else (previous.doc_id if previous else None)
        index = self.index_of(target) if target is not None else None
        self._set_cursor(index if index is not None else min(self._cursor, len(cards) - 1))
        self.board.refresh_column(self)

    def refresh_faces(self) -> None:
        """Forget the described cards (time moved on); only the visible ones are drawn again."""
        self._faces.clear()
        self._laid_out.clear()
        self.board.forget_lines(self)

    def index_of(self, doc_id: int | None) -> int | None:
        """Position of a card in this column, or None."""
        for index, card in enumerate(self.cards):
            if card.doc_id == doc_id:
                return index
        return None

    @property
    def highlighted_card(self) -> Application | None:
        """The card under the cursor, or None for an empty column."""
        if 0 <= self._cursor < len(self.cards):
            return self.cards[self._cursor]
        return None

    def face(self, index: int) -> CardFace:
        """What the card at ``index`` shows (described once until the cards change)."""
        face = self._faces.get(index)
        if face is None:
            face = self._faces[index] = self.board.describe(self.cards[index])
        return face

    def card_lines(self, index: int, width: int) -> tuple[tuple[str, str], ...]:
        """The card at ``index`` laid out in ``width`` cells of text (kept until it changes)."""
        kept = self._laid_out.get(index)
        if kept is not None and kept[0] == width:
            return kept[1]
        lines = card_lines(self.face(index), width)
        self._laid_out[index] = (width, lines)
        return lines

    def title(self, room: int | None = None) -> str:
        """The column's title; in less than ``room`` cells a shorter one, or a cut one."""
        shown = len(self.cards)
        count = f"{shown}" if shown == self.total else f"{shown}/{self.total}"
        # One shape for every column ("Thanked 2"), only the name shortened to fit.
        full = f"{self.stage.label} {count}"
        if room is None or cell_len(full) <= room:
            return full
        label = self.stage.label.replace(" Decision", "")
        short = f"{label} {count}"
        if cell_len(short) <= room:
            return short
        # Cut the name, not the count: "Interv… 1/3" while filtering says how many match.
        keep = room - cell_len(count) - 2
        if keep >= 2:
            return f"{truncate(label, keep)}… {count}"
        return truncate(short, room - 1) + "…"

    # -- cursor and scrolling ----------------------------------------------------------------

    def focus(self) -> None:
        """Put the user in this column: the board takes focus and the keys act here."""
        self.board.set_current(self.stage)
        focus_now(self.board)

    @property
    def cursor(self) -> int:
        """Index of the highlighted card in ``cards``."""
        return self._cursor

    @cursor.setter
    def cursor(self, index: int) -> None:
        self._set_cursor(index)

    def _set_cursor(self, index: int) -> None:
        old = self._cursor
        self._cursor = max(0, min(index, len(self.cards) - 1)) if self.cards else 0
        if self.scroll_to_cursor():
            self.board.refresh_column(self)
        else:
            self.board.refresh_card(self, old)
            self.board.refresh_card(self, self._cursor)
        self.board.post_message(BoardView.CardHighlighted(self, self.highlighted_card))

    @property
    def body_height(self) -> int:
        """Lines between the column's top and bottom borders."""
        return max(0, self.board.size.height - 2)

    @property
    def lines(self) -> int:
        """Lines the cards take, without the space under the last one."""
        return len(self.cards) * CARD_HEIGHT - 1

    def _clamp_top(self, top: int) -> int:
        return max(0, min(top, self.lines - self.body_height))

    def scroll_to_cursor(self) -> bool:
        """Bring the highlighted card into view; True when the column scrolled."""
        if self.body_height <= 0:
            return False  # not laid out yet: on_resize brings it into view
        first = self._cursor * CARD_HEIGHT
        last = first + CARD_HEIGHT - 2  # the card's last line, not the space below it
        top = self.top
        if first < top:
            top = first
        elif last >= top + self.body_height:
            top = last - self.body_height + 1
        return self.scroll_to(top)

    def scroll_to(self, top: int) -> bool:
        """Show the cards from line ``top``; True when that changed what is shown."""
        top = self._clamp_top(top)
        if top == self.top:
            return False
        self.top = top
        return True

    def page(self) -> int:
        """Cards in a screenful."""
        return max(1, self.body_height // CARD_HEIGHT)


class ColumnMessage(Message):
    """Something happened in one column of the board."""

    def __init__(self, column: BoardColumn) -> None:
        super().__init__()
        self.column = column

    @property
    def control(self) -> BoardView:
        """The board the column is on."""
        return self.column.board


class BoardView(Widget, can_focus=True):
    """The columns of the board, side by side, drawn line by line."""

    DEFAULT_CSS = """
    BoardView { width: 1fr; height: 1fr; background: $surface; }
    BoardView > .board--border { color: $panel-lighten-2; }
    BoardView > .board--border-focus { color: $accent; }
    BoardView > .board--title { color: $text-muted; text-style: bold; }
    BoardView > .board--title-focus { color: $text; text-style: bold; }
    BoardView > .board--scrollbar { background: $scrollbar-background; }
    BoardView > .board--scrollbar-thumb { background: $scrollbar; }
    BoardView > .card--title { text-style: bold; color: $text; }
    BoardView > .card--subtitle { color: $text; }
    BoardView > .card--person { color: $text-muted; }
    BoardView > .card--overdue { color: $error; text-style: bold; }
    BoardView > .card--warning { color: $warning; }
    BoardView > .card--due { color: $success; text-style: bold; }
    BoardView > .card--waiting { color: $text-muted; }
    BoardView > .card--done { color: $success; }
    BoardView > .card--plain { color: $text-muted; }
    BoardView > .card--cursor { background: $boost; }
    BoardView > .card--cursor-focus { background: $accent 45%; }
    BoardView > .card--empty { color: $text-disabled; text-style: italic; }
    BoardView > .card--flag { color: $error; text-style: bold reverse; }
    """

    COMPONENT_CLASSES = {
        "board--border",
        "board--border-focus",
        "board--title",
        "board--title-focus",
        "board--scrollbar",
        "board--scrollbar-thumb",
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
        "card--cursor-focus",
        "card--empty",
        "card--flag",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Previous card", show=False, id="board.card_up"),
        Binding("down,j", "cursor_down", "Next card", show=False, id="board.card_down"),
        Binding("g,home", "first", "First card", show=False, id="board.first_card"),
        Binding("G,end", "last", "Last card", show=False, id="board.last_card"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]

    class CardHighlighted(ColumnMessage):
        """A column's cursor moved to another card (or the column became empty)."""

        def __init__(self, column: BoardColumn, card: Application | None) -> None:
            super().__init__(column)
            self.card = card

    class CardChosen(ColumnMessage):
        """The user clicked twice on a card."""

        def __init__(self, column: BoardColumn, card: Application) -> None:
            super().__init__(column)
            self.card = card

    class ColumnClicked(ColumnMessage):
        """The user clicked in a column other than the current one."""

    def __init__(self, describe: Describe, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.describe = describe
        """How the app describes a card."""
        self.columns = {stage: BoardColumn(self, stage) for stage in Stage}
        """Every stage's column, shown or not."""
        self.current = self.columns[Stage.INTERVIEWED]
        """The column the user is in: the keys move its cursor."""
        self._strips: dict[tuple[int, int, bool, int, bool], tuple[Application, Strip]] = {}
        self._part_styles: dict[str, Style] = {}
        self._laid_out_for = (-1, -1)

    # -- what is shown ---------------------------------------------------------------------

    def show_stages(self, stages: Sequence[Stage]) -> None:
        """Show these stages' columns (in board order), the others hidden."""
        wanted = set(stages)
        changed = False
        for stage, column in self.columns.items():
            if column.shown != (stage in wanted):
                column.shown = stage in wanted
                changed = True
        if changed:
            self._laid_out_for = (-1, -1)
            self.refresh()

    def show_fitting(self, count: int, focused: Stage) -> range:
        """Show ``count`` columns, ``focused`` among them (the others stay put where they
        can); returns the positions of the stages shown."""
        shown = [column.stage.position for column in self.shown_columns]
        visible = columns_on_screen(count, focused.position, shown)
        self.show_stages([stage for stage in Stage if stage.position in visible])
        return visible

    def leave_an_empty_column(self) -> None:
        """If the current column shows no card, make the first one that does current, its
        first card under the cursor."""
        if not self.current.cards:
            first = next((column for column in self.columns.values() if column.cards), None)
            if first is not None:
                self.set_current(first.stage)
                first.cursor = 0

    def set_current(self, stage: Stage) -> None:
        """Make ``stage`` the column the keys act on (its border shows it)."""
        column = self.columns[stage]
        if column is not self.current:
            old, self.current = self.current, column
            self.refresh_column(old)
            self.refresh_column(column)

    @property
    def shown_columns(self) -> list[BoardColumn]:
        """The columns on screen, left to right."""
        return [column for column in self.columns.values() if column.shown]

    def _layout(self) -> list[BoardColumn]:
        """Share the width between the shown columns (as 1fr each would)."""
        shown = self.shown_columns
        size = (self.size.width, self.size.height)
        if self._laid_out_for != size:
            self._laid_out_for = size
            count = max(1, len(shown))
            edges = [round(self.size.width * index / count) for index in range(count + 1)]
            for index, column in enumerate(shown):
                column.x = edges[index]
                column.width = edges[index + 1] - edges[index]
            for column in self.columns.values():
                if not column.shown:
                    column.x = column.width = 0
                column.scroll_to(column.top)
        return shown

    def column_at(self, x: int) -> BoardColumn | None:
        """The column under screen column ``x`` of the board."""
        for column in self._layout():
            if column.x <= x < column.x + column.width:
                return column
        return None

    # -- redrawing -------------------------------------------------------------------------

    def refresh_column(self, column: BoardColumn) -> None:
        """Redraw one column's part of the board."""
        self._layout()
        if column.shown and column.width:
            self.refresh(Region(column.x, 0, column.width, self.size.height))
        elif column.shown:
            self.refresh()

    def refresh_card(self, column: BoardColumn, index: int) -> None:
        """Redraw one card's lines."""
        self._layout()
        if not column.shown:
            return
        if not column.width:
            self.refresh()
            return
        top = index * CARD_HEIGHT - column.top + 1
        self.refresh(Region(column.x, top, column.width, CARD_HEIGHT))

    def forget_lines(self, column: BoardColumn) -> None:
        """Drop the drawn lines of every card (time moved on) and redraw the column."""
        self._strips.clear()
        self.refresh_column(column)

    def on_resize(self, event: events.Resize) -> None:
        self._laid_out_for = (-1, -1)
        self._layout()
        for column in self.columns.values():
            column.scroll_to_cursor()
        self.refresh()

    def on_focus(self) -> None:
        # Only the borders and the current column's cursor change; drawn card lines are kept
        # by whether they show the focused cursor, so none need forgetting.
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        # The theme or focus changed the CSS: drawn lines and looked-up styles are stale.
        self._part_styles.clear()
        self._strips.clear()
        super().notify_style_update()

    # -- keys and mouse --------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """Highlight the previous card."""
        self.current.cursor -= 1

    def action_cursor_down(self) -> None:
        """Highlight the next card."""
        self.current.cursor += 1

    def action_first(self) -> None:
        """Highlight the first card."""
        self.current.cursor = 0

    def action_last(self) -> None:
        """Highlight the last card."""
        self.current.cursor = len(self.current.cards) - 1

    def action_page_up(self) -> None:
        """Move the cursor up by a screenful."""
        self.current.cursor -= self.current.page()

    def action_page_down(self) -> None:
        """Move the cursor down by a screenful."""
        self.current.cursor += self.current.page()

    async def _on_click(self, event: events.Click) -> None:
        column = self.column_at(event.x)
        if column is None:
            return
        self.focus()
        if column is not self.current:
            self.post_message(self.ColumnClicked(column))
        index = (column.top + event.y - 1) // CARD_HEIGHT
        if 1 <= event.y < self.size.height - 1 and 0 <= index < len(column.cards):
            if index == column.cursor and event.chain >= 2:
                self.post_message(self.CardChosen(column, column.cards[index]))
            column.cursor = index

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, WHEEL_LINES)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -WHEEL_LINES)

    def _wheel(self, event: events.MouseEvent, lines: int) -> None:
        column = self.column_at(event.x)
        if column is not None and column.scroll_to(column.top + lines):
            self.refresh_column(column)
        event.stop()

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        height = self.size.height  # looked up once: a widget's size is a computed property
        pieces = [self._column_line(column, y, height) for column in self._layout()]
        if not pieces:
            return Strip.blank(self.size.width, self._style(""))
        return Strip.join(pieces)

    def _column_line(self, column: BoardColumn, y: int, height: int) -> Strip:
        width = column.width
        if width < 2:
            return Strip.blank(width, self._style(""))
        current = column is self.current and self.has_focus
        border = self._style("board--border-focus" if current else "board--border")
        if y == 0:
            return self._top_border(column, border, current)
        if y == height - 1:
            return Strip([Segment("╰" + "─" * (width - 2) + "╯", border)])
        lines = column.lines
        if lines <= height - 2:  # everything fits: no scrollbar
            body = self._body_line(column, y - 1, width - 2, current)
            return Strip([Segment("│", border), *body, Segment("│", border)], width)
        return Strip(
            [
                Segment("│", border),
                *self._body_line(column, y - 1, width - 3, current),
                self._scrollbar_cell(column, y - 1, height - 2, lines),
                Segment("│", border),
            ],
            width,
        )

    def _top_border(self, column: BoardColumn, border: Style, current: bool) -> Strip:
        width = column.width
        # The corners and a line on each side take four cells, the spaces around it two;
        # a full title that needs them takes the two lines' cells ("╭ Awaiting Decision 2 ╮").
        full = column.title()
        lead = "╭─" if cell_len(full) <= width - 6 else "╭"
        room = width - 6 if lead == "╭─" else width - 4
        title = f" {column.title(max(1, room))} "
        title_style = self._style("board--title-focus" if current else "board--title")
        rest = max(0, width - len(lead) - 1 - cell_len(title))
        return Strip(
            [
                Segment(lead, border),
                Segment(title, title_style),
                Segment("─" * rest + "╮", border),
            ]
        ).crop_extend(0, width, border)

    def _scrollbar_cell(self, column: BoardColumn, line: int, body: int, total: int) -> Segment:
        """The scrollbar's cell on a line of a column with ``total`` lines, ``body`` shown."""
        thumb = max(1, round(body * body / total))
        start = round(column.top * (body - thumb) / max(1, total - body))
        part = "board--scrollbar-thumb" if start <= line < start + thumb else "board--scrollbar"
        return Segment(" ", self._style(part))

    def _body_line(self, column: BoardColumn, line: int, width: int, current: bool) -> Strip:
        """One line inside a column: a card's line, the space between cards, or nothing.

        ``current``: the user is in this column (its cursor shows in the accent colour).
        """
        cards = column.cards
        if not cards:
            if line == 0:
                return _text_strip(column.empty_text, self._style("card--empty"), width)
            return Strip.blank(width, self._style(""))
        index, row = divmod(column.top + line, CARD_HEIGHT)
        if index >= len(cards) or row == CARD_HEIGHT - 1:
            return Strip.blank(width, self._style(""))
        card = cards[index]
        on_cursor = index == column.cursor
        key = (id(card), row, on_cursor, width, on_cursor and current)
        kept = self._strips.get(key)
        if kept is not None and kept[0] is card:
            return kept[1]
        # One cell of margin on each side of the text.
        text, part = column.card_lines(index, width - 2)[row]
        style = self._style(part)
        if on_cursor:
            style += self._style("card--cursor-focus" if current else "card--cursor")
        strip = _text_strip(text, style, width)
        if len(self._strips) > STRIP_CACHE_SIZE:
            self._strips.clear()
        self._strips[key] = (card, strip)
        return strip

    def _style(self, part: str) -> Style:
        """A component's rich style over the board's own ('': the board's own), looked up once
        until the styles change."""
        style = self._part_styles.get(part)
        if style is None:
            # rich_style walks the ancestors to blend backgrounds (~70 us a call): once per
            # part, not once per blank line.
            base = self._part_styles.get("")
            if base is None:
                base = self._part_styles[""] = self.rich_style
            style = base + self.get_component_rich_style(part) if part else base
            self._part_styles[part] = style
        return style


def _text_strip(text: str, style: Style, width: int) -> Strip:
    """One line of user text, shown literally and cut to the width with an ellipsis."""
    text = " " + printable(text)
    if cell_len(text) > width:
        text = truncate(text, width - 1) + "…"
    return Strip([Segment(text, style)]).extend_cell_length(width, style)
