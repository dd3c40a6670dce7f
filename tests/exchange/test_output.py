"""Export files: written atomically, through links; the exchange modules stay Textual-free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui import exporters

# --------------------------------------------------------------------------- boundaries


def test_exporters_config_and_cli_do_not_import_textual() -> None:
    code = (
        "import sys, tui.exporters, tui.config, tui.cli\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_export_writes_through_a_link_and_keeps_the_file_s_mode(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "board.csv"
    real.write_text("old\n")
    real.chmod(0o644)
    link = tmp_path / "board.csv"
    link.symlink_to(real)
    exporters.write_file(link, b"new\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o644
    fresh = tmp_path / "fresh.csv"
    exporters.write_file(fresh, b"x\n")
    # A new export holds the board's names and emails: the owner's only, like the board.
    assert fresh.stat().st_mode & 0o777 == 0o600
