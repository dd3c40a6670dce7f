"""The views the board opens over itself: today's actions, the profile, the stats and the
export dialog. Each is a modal screen; what it returns comes back through the board screen."""

from __future__ import annotations

from .. import rules
from ..model import Profile
from ..session import SaveProfile
from ..widgets.notice import tell
from .board_host import BoardHost


class BoardViews:
    """Opens a view over the board; a change made in one goes through the board screen."""

    def __init__(self, board: BoardHost) -> None:
        self.board = board
        """The board screen the views open over."""

    def today(self) -> None:
        """Every action due or overdue, most urgent first; picking one jumps to its card."""
        from .today import TodayScreen

        board = self.board
        actions = rules.todays_actions(list(board.cards.values()), board.profile, board.now())

        def jump(doc_id: int | None) -> None:
            if doc_id is not None:
                board.jump_to(doc_id)

        board.app.push_screen(TodayScreen(actions, board.profile), jump)

    def profile(self) -> None:
        """Edit the user's profile."""
        from .profile import ProfileScreen

        board = self.board
        if board.say_read_only():
            return

        def saved(profile: Profile | None) -> None:
            if profile is not None and board.make_change(SaveProfile(profile)):
                board.restatus(every_card=True)
                tell(board.app, "Profile saved.", timeout=3)

        board.app.push_screen(ProfileScreen(board.profile), saved)

    def stats(self) -> None:
        """Counts, response rate and time to decision, as bar charts."""
        from ..stats import compute
        from .stats import StatsScreen

        board = self.board
        figures = compute(board.cards.values(), board.profile, board.now())
        board.app.push_screen(StatsScreen(figures))

    def export(self, fmt: str) -> None:
        """Write the board to a file the user names (ICS, CSV or JSON)."""
        from .export import ask_export

        board = self.board
        ask_export(
            board.app,
            fmt,
            cards=lambda: list(board.cards.values()),
            profile=lambda: board.profile,
            now=board.now,
            data_path=board.path,
        )
