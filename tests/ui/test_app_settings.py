"""Settings reach the app: key overrides by binding id, the remembered theme, config errors,
the stats screen and the palette's named commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from tests.boards import make_application
from tests.ui.conftest import screen_strips, shown_notes
from tui import dates, paths
from tui.app import FollowupApp, remapped_keys
from tui.config import load_config
from tui.model import Application, EventKind, Outcome, Stage
from tui.screens.card_form import CardFormScreen
from tui.screens.stats import StatsScreen
from tui.store import Store
from tui.widgets.draft_panel import (
    BOARD_KEYS,
    DEFAULT_KEY_NAMES,
    EDITOR_KEYS,
    board_keys,
    editor_keys,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def open_app(board: Path) -> tuple[FollowupApp, Store]:
    config, errors = load_config()
    store = Store(board, background=True)
    return FollowupApp(store, path=board, config=config, config_errors=errors), store


async def test_a_key_remapped_in_the_config_file_works(tmp_path: Path) -> None:
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text('[keys]\n"board.new" = "a"\n', encoding="utf-8")
    app, store = open_app(tmp_path / "board.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, CardFormScreen)
    store.close()


async def test_remapped_keys_are_named_in_the_panel_and_mistakes_reported(
    tmp_path: Path,
) -> None:
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(
        '[keys]\n"draft.copy" = "y"\n"draft.reset" = "ctrl+t"\n'
        '"board.bogus" = "z"\n"board.new" = "q"\n',
        encoding="utf-8",
    )
    board = tmp_path / "board.json"
    with Store(board) as seeding:
        seeding.add(make_application())
    app, store = open_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        keys = app.query_one("#draft-keys", Static)
        assert str(keys.render()).startswith("y copy  C subject  o mail\ns sent  [ ] kind")
        messages = " ".join(str(n.message) for n in shown_notes(app))
        assert "'board.bogus' is not a binding id" in messages
        assert "'q' is set for board.new and app.quit" in messages
        await pilot.press("tab")  # the editor's keys, renamed too
        await pilot.pause()
        assert str(keys.render()) == "ctrl+y copy  ctrl+t reset\nesc or tab: back to board"
    store.close()


def test_the_default_panel_keys_are_the_bindings_keys() -> None:
    keymap = remapped_keys({})
    assert keymap.problems == []

    def name(binding_id: str) -> str:
        return keymap.name(binding_id, lambda key: App().get_key_display(Binding(key, "")))

    assert board_keys(name) == BOARD_KEYS
    assert editor_keys(name) == EDITOR_KEYS
    assert {binding_id: name(binding_id) for binding_id in DEFAULT_KEY_NAMES} == DEFAULT_KEY_NAMES


async def test_a_broken_config_is_reported_and_the_board_still_opens(tmp_path: Path) -> None:
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("theme = [unclosed\n", encoding="utf-8")
    app, store = open_app(tmp_path / "board.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in shown_notes(app)]
        assert any("config" in m.lower() for m in messages), messages
        assert app.query_one("#welcome").display
    store.close()


async def test_a_theme_chosen_in_the_app_is_remembered(tmp_path: Path) -> None:
    app, store = open_app(tmp_path / "board.json")
    async with app.run_test(size=(120, 36)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    store.close()
    config, errors = load_config()
    assert errors == []
    assert config.theme == "nord"


async def test_the_board_takes_the_new_theme_colours(tmp_path: Path) -> None:
    # The board keeps drawn lines and looked-up styles; a theme change must drop them.
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add(make_application(company="Acme Analytics", stage=Stage.INTERVIEWED))
    app, store = open_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        card_line = 1  # the first card's company, under the column's top border

        def styles() -> list[str]:
            return [str(segment.style) for segment in app.board_screen.board.render_line(card_line)]

        dark = styles()
        assert "Acme Analytics" in app.board_screen.board.render_line(card_line).text
        app.theme = "textual-light"
        await pilot.pause()
        light = styles()
        assert light != dark
        app.theme = "textual-dark"
        await pilot.pause()
        assert styles() == dark
    store.close()


def solo(**fields: object) -> Application:
    """A test card with one interviewer."""
    card = make_application(**fields)
    return replace(card, interviewers=card.interviewers[:1])


async def stats_text(board: Path) -> str:
    """The stats screen (i) over the board, as drawn."""
    app, store = open_app(board)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("i")
            assert isinstance(app.screen, StatsScreen)
            return "\n".join(strip.text for strip in screen_strips(app))
    finally:
        store.close()


async def test_stats_show_bars_for_stages_and_the_thank_you_habit(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    with dates.frozen_clock(NOW), Store(board) as store:
        from tui import changes

        # One interviewer each: the thank-you logged is the card's one (with two, the board
        # would still ask for the second, and the stats count it as missed).
        on_time = changes.message_sent(
            solo(company="Prompt Co", interviewed_at=NOW - timedelta(hours=30)),
            "thank_you",
            None,
            NOW - timedelta(hours=20),
        )
        store.add(on_time)
        late = changes.message_sent(
            solo(company="Late Co", interviewed_at=NOW - timedelta(hours=50)),
            "thank_you",
            None,
            NOW - timedelta(hours=2),
        )
        store.add(late)
        store.add(make_application(company="No Co", stage=Stage.OUTCOME, outcome=Outcome.REJECTED))
    text = await stats_text(board)
    assert "Thank-you in 24h" in text
    # One thank-you sent after 10 hours, one after 48: half on time.
    assert "50%" in text
    assert "1 of 2 thank-yous" in text
    assert "█" in text
    assert any(e.kind is EventKind.MESSAGE_SENT for e in on_time.history)


async def test_stats_count_a_thank_you_overdue_and_unsent_as_not_on_time(tmp_path: Path) -> None:
    # The new user's board: one thank-you sent in time, and Birch Labs, whose thank-you is
    # 10 days overdue and was never sent. It is a miss, not left out of "4 of 4, 100%".
    board = tmp_path / "board.json"
    with dates.frozen_clock(NOW), Store(board) as store:
        from tui import changes

        store.add(
            changes.message_sent(
                solo(company="Prompt Co", interviewed_at=NOW - timedelta(hours=30)),
                "thank_you",
                None,
                NOW - timedelta(hours=20),
            )
        )
        store.add(
            solo(
                company="Birch Labs",
                stage=Stage.INTERVIEWED,
                interviewed_at=NOW - timedelta(days=11),
            )
        )
    text = await stats_text(board)
    assert "50%" in text
    assert "1 of 2 thank-yous (1 overdue)," in text
