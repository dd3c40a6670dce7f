"""Which terminal a clicked reminder opens, and how each is told what to run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui.remind.open_board import board_command, find_terminal

RUN = ["followup-tui", "--db", "/b.json", "--card", "7"]


def on_path(folder: Path, *names: str) -> dict[str, str]:
    for name in names:
        program = folder / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    return {"PATH": str(folder)}


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("gnome-terminal", ["--"]),
        ("konsole", ["-e"]),
        ("xfce4-terminal", ["-x"]),
        ("alacritty", ["-e"]),
        ("kitty", []),
        ("wezterm", ["start", "--"]),
        ("xterm", ["-e"]),
    ],
)
def test_a_common_terminal_on_path_is_told_the_command_its_own_way(
    tmp_path: Path, name: str, flags: list[str]
) -> None:
    terminal = find_terminal("", on_path(tmp_path, name))
    assert terminal is not None and terminal.source == name
    assert terminal.command(RUN) == [str(tmp_path / name), *flags, *RUN]


def test_the_setting_then_terminal_then_debians_choice_come_first(tmp_path: Path) -> None:
    environ = on_path(tmp_path, "xterm", "x-terminal-emulator")
    chosen = find_terminal("", environ)
    assert chosen is not None and chosen.source == "x-terminal-emulator"
    environ["TERMINAL"] = "foot"
    chosen = find_terminal("", environ)
    assert chosen is not None and chosen.command(RUN) == ["foot", *RUN]
    chosen = find_terminal("'/opt/my term/run' --title x -x", environ)
    assert chosen is not None and chosen.source == "the terminal setting"
    # Ends with its own flag: used as written.
    assert chosen.command(RUN) == ["/opt/my term/run", "--title", "x", "-x", *RUN]


def test_no_terminal_anywhere_is_none(tmp_path: Path) -> None:
    assert find_terminal("  ", {"PATH": str(tmp_path)}) is None


def test_the_board_command_is_this_installations_followup_tui() -> None:
    script = Path(sys.executable).parent / "followup-tui"  # beside this Python (the venv)
    assert script.exists()
    assert board_command(Path("/b.json"), 7) == [str(script), "--db", "/b.json", "--card", "7"]
