"""Files another user can aim at: a link planted in a shared folder is never followed.

Run as root in CI, the "other user" is ``nobody``: the link is created and handed to that
uid with ``lchown``, in a sticky world-writable folder like /tmp. The user's own links are
still followed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.boards import make_application
from tui.store import Store

CLI = Path(sys.executable).with_name("followup-tui")
NOBODY = 65534

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0, reason="needs root to plant another user's link"
)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)  # like /tmp
    return folder


@pytest.fixture
def board(tmp_path: Path) -> Path:
    path = tmp_path / "own" / "board.json"
    with Store(path) as store:
        store.add(make_application(company="Acme"))
    return path


def export(board: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "export", "--db", str(board), "--format", "csv", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_export_does_not_follow_a_link_another_user_planted(
    tmp_path: Path, shared: Path, board: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    planted = shared / "followup.csv"
    planted.symlink_to(victim)
    os.lchown(planted, NOBODY, NOBODY)
    result = export(board, planted)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "a link another user put in this shared folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert victim.read_text() == "precious\n"
    assert planted.is_symlink()


def test_an_export_follows_the_users_own_link(tmp_path: Path, shared: Path, board: Path) -> None:
    real = tmp_path / "synced" / "followup.csv"
    real.parent.mkdir()
    own = shared / "mine.csv"
    own.symlink_to(real)
    result = export(board, own)
    assert result.returncode == 0, result.stderr
    assert own.is_symlink()
    assert "Acme" in real.read_text(encoding="utf-8-sig")


def test_the_lock_is_not_opened_through_a_planted_link(tmp_path: Path, shared: Path) -> None:
    target = tmp_path / "elsewhere"
    planted = shared / "board.json.lock"
    planted.symlink_to(target)
    os.lchown(planted, NOBODY, NOBODY)
    result = subprocess.run(
        [str(CLI), "add", "--db", str(shared / "board.json"), "--company", "A", "--role", "B"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not target.exists()  # the link did not decide which file was created
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert "lock file board.json.lock is a symbolic link, which is not followed" in result.stderr


def test_a_board_in_a_folder_everyone_can_write_is_warned_about(shared: Path) -> None:
    with Store(shared / "board.json") as store:
        assert store.warnings == [
            f"{shared} can be written by every user: they could replace or remove the board "
            "there; keep it in a folder of your own"
        ]
