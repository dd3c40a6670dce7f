"""Where followup-tui keeps its files: resolved when asked, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "followup-tui"
DB_ENV = "FOLLOWUP_TUI_DB"
CONFIG_ENV = "FOLLOWUP_TUI_CONFIG_DIR"


def data_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The board file: ``--db`` first, then $FOLLOWUP_TUI_DB, then the per-user data folder."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "board.json"


def config_dir() -> Path:
    """The per-user config folder ($FOLLOWUP_TUI_CONFIG_DIR overrides it, for tests)."""
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_config_path(APP_NAME)


def config_file() -> Path:
    """The TOML settings file."""
    return config_dir() / "config.toml"


def user_templates_dir() -> Path:
    """Templates here override the bundled ones, file by file."""
    return config_dir() / "templates"


def bundled_data_dir() -> Path:
    """The shipped ``data/`` folder: inside the wheel, or at the top of a source checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_data"
    if installed.is_dir():
        return installed
    return package_dir.parent / "data"


def bundled_templates_dir() -> Path:
    """The default message templates."""
    return bundled_data_dir() / "templates"


def demo_board_file() -> Path:
    """The demo board that ``--demo`` opens a temporary copy of."""
    return bundled_data_dir() / "demo.json"


def fallback_clipboard_file() -> Path:
    """Where a draft is written when no clipboard could be reached."""
    return platformdirs.user_cache_path(APP_NAME) / "last-draft.txt"
