"""$EDITOR: the user's choice is run, a missing one is reported, and nothing else opens."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.editor import EditorError, NotUtf8Error, edit_text, editor_command


def fake_editor(folder: Path, name: str, script: str) -> Path:
    """An executable shell script called ``name``; the draft's path is its last argument."""
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    tool.chmod(0o755)
    return tool


@pytest.fixture
def only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A PATH holding only our fake tools (and sh), and no VISUAL or EDITOR."""
    folder = tmp_path / "bin"
    folder.mkdir()
    os.symlink("/bin/sh", folder / "sh")
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return folder


def test_the_chosen_editor_edits_the_text(only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The draft's path comes last, after the arguments given in $EDITOR.
    tool = fake_editor(only, "myedit", 'for last; do :; done; printf "PS. Thanks" >> "$last"')
    monkeypatch.setenv("EDITOR", f"{tool} --wait")
    assert edit_text("Dear Dana,\n") == "Dear Dana,\nPS. Thanks"


def test_an_unchanged_text_is_none(only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(only, "look", "true")))
    assert edit_text("Dear Dana,\n") is None


def test_a_missing_chosen_editor_is_reported_and_nothing_else_opens(
    only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = only / "vi-ran"
    fake_editor(only, "vi", f'touch "{marker}"')
    monkeypatch.setenv("EDITOR", "code --wait")
    with pytest.raises(EditorError, match=r"\$EDITOR is 'code --wait', and 'code' was not found"):
        edit_text("Dear Dana,\n")
    assert not marker.exists()


def test_without_a_choice_nano_then_vi(only: Path) -> None:
    fake_editor(only, "vi", "true")
    assert editor_command() == ["vi"]
    fake_editor(only, "nano", "true")
    assert editor_command() == ["nano"]


def test_no_editor_at_all_says_how_to_set_one(only: Path) -> None:
    with pytest.raises(EditorError, match=r"set \$EDITOR"):
        editor_command()


def test_an_editor_that_fails_leaves_the_text(only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor(only, "quit", 'echo x >> "$1"; exit 1')))
    with pytest.raises(EditorError, match="exited with status 1; the draft is unchanged"):
        edit_text("Dear Dana,\n")


def test_an_unreadable_editor_setting_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "vim '")
    with pytest.raises(EditorError, match="cannot be read"):
        editor_command()


def test_the_editor_gets_and_gives_back_no_control_characters(
    only: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = tmp_path / "seen.txt"
    os.symlink(shutil.which("cp") or "/bin/cp", only / "cp")
    # The editor copies what it was given, then appends an escape sequence of its own.
    script = (
        f'for last; do :; done; cp "$last" "{seen}"; printf "PS\\033]52;c;eA==\\007!" >> "$last"'
    )
    monkeypatch.setenv("EDITOR", str(fake_editor(only, "myedit", script)))
    edited = edit_text("Dear \x1b[2JDana\u202e,\x00\n")
    assert seen.read_bytes() == b"Dear Dana,\n"
    assert edited == "Dear Dana,\nPS!"


def test_a_save_that_is_not_utf8_is_kept_in_a_file_the_message_names(
    only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # vim with fileencoding=latin1: "Café" saved as one byte 0xe9.
    script = 'for last; do :; done; printf "Caf\\351 soon\\n" > "$last"'
    monkeypatch.setenv("EDITOR", str(fake_editor(only, "myedit", script)))
    with pytest.raises(NotUtf8Error, match="other than UTF-8") as raised:
        edit_text("Dear Dana,\n")
    kept = raised.value.kept
    assert kept.read_bytes() == b"Caf\xe9 soon\n"  # the user's text, exactly as saved
    assert kept.name in str(raised.value)
    assert "unsaved-edits" in str(raised.value)
