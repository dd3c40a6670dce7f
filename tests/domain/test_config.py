"""The settings file: defaults, validation with clear messages, and theme saving."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tui.config import (
    DEFAULT_THEME,
    Config,
    effective_profile,
    load_config,
    save_theme,
    zone_problem,
)
from tui.model import Profile


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_without_errors(tmp_path: Path) -> None:
    config, errors = load_config(tmp_path / "nope.toml")
    assert config == Config()
    assert errors == []


def test_default_path_comes_from_the_config_dir_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TUI_CONFIG_DIR", str(tmp_path))
    write(tmp_path / "config.toml", 'theme = "nord"\n')
    config, errors = load_config()
    assert (config.theme, errors) == ("nord", [])


def test_valid_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        'theme = "gruvbox"\nfollow_up_days = 5\ntimezone = "Europe/Paris"\n'
        '[keys]\nmove_right = "ctrl+l"\nhelp = "f2"\n',
    )
    config, errors = load_config(path)
    assert errors == []
    assert config == Config(
        theme="gruvbox",
        keys={"move_right": "ctrl+l", "help": "f2"},
        follow_up_days=5,
        timezone="Europe/Paris",
    )


def test_invalid_toml_gives_defaults_and_one_message(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", 'theme = "nord\nfollow_up_days = 3\n')
    config, errors = load_config(path)
    assert config == Config()
    assert len(errors) == 1
    assert str(path) in errors[0]
    assert "not valid TOML" in errors[0]
    assert "line 1" in errors[0]
    assert "\n" not in errors[0]


def test_wrong_types_keep_defaults_only_for_the_bad_parts(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        'theme = 3\nfollow_up_days = "seven"\ntimezone = "Mars/Olympus"\n'
        "unknown_thing = 1\n"
        '[keys]\nmove_right = "ctrl+l"\nhelp = 5\n',
    )
    config, errors = load_config(path)
    assert config == Config(keys={"move_right": "ctrl+l"})
    joined = "\n".join(errors)
    for name in ("theme", "follow_up_days", "timezone", "keys.help", "unknown_thing"):
        assert name in joined
    assert len(errors) == 5


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("follow_up_days = true", "whole number"),
        ("follow_up_days = 0", "1 to 365"),
        ("follow_up_days = 4.5", "whole number"),
        ('keys = "ctrl+l"', "table"),
        ('theme = ""', "theme name"),
    ],
)
def test_each_bad_value_is_named(tmp_path: Path, line: str, fragment: str) -> None:
    config, errors = load_config(write(tmp_path / "config.toml", line + "\n"))
    assert len(errors) == 1 and fragment in errors[0]
    assert config == Config()


def test_unreadable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    config, errors = load_config(path)
    assert config == Config() and len(errors) == 1


def test_effective_profile_lays_set_values_over_the_profile() -> None:
    profile = Profile(name="Ana", timezone="Asia/Tokyo", follow_up_days=7)
    assert effective_profile(profile, Config()) == profile
    merged = effective_profile(profile, Config(follow_up_days=3, timezone="Europe/Paris"))
    assert (merged.name, merged.follow_up_days, merged.timezone) == ("Ana", 3, "Europe/Paris")


def test_a_zone_unknown_here_gives_way_to_the_system_s_with_a_message() -> None:
    copied = Profile(name="Ana", timezone="Mars/Olympus_Mons")
    assert zone_problem(copied) == (
        "Unknown time zone 'Mars/Olympus_Mons' in your profile; using the system's."
    )
    assert effective_profile(copied, Config()).timezone == ""
    # A zone set in config.toml wins (load_config has checked it already).
    assert effective_profile(copied, Config(timezone="Asia/Tokyo")).timezone == "Asia/Tokyo"
    assert zone_problem(Profile(timezone="Asia/Tokyo")) is None
    assert zone_problem(Profile(timezone="")) is None


def test_save_theme_creates_the_file_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_theme("nord", path)
    assert load_config(path) == (Config(theme="nord"), [])


def test_save_theme_keeps_every_other_line(tmp_path: Path) -> None:
    original = (
        "# my settings\n"
        'theme = "gruvbox"  # the old favourite\n'
        "follow_up_days = 4\n"
        "\n"
        "[keys]\n"
        'move_right = "ctrl+l"\n'
        'theme = "not-the-top-level-one"\n'
    )
    path = write(tmp_path / "config.toml", original)
    save_theme('tokyo "night"', path)
    text = path.read_text(encoding="utf-8")
    assert text == original.replace('"gruvbox"', '"tokyo \\"night\\""')
    data = tomllib.loads(text)
    assert data["theme"] == 'tokyo "night"'
    assert data["keys"] == {"move_right": "ctrl+l", "theme": "not-the-top-level-one"}


def test_save_theme_adds_the_line_at_the_top_when_absent(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", '[keys]\nhelp = "f2"\n')
    save_theme("nord", path)
    config, errors = load_config(path)
    assert errors == []
    assert config == Config(theme="nord", keys={"help": "f2"})


def test_save_theme_keeps_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "a"\r\nfollow_up_days = 2\r\n')
    save_theme("b", path)
    assert path.read_bytes() == b'theme = "b"\r\nfollow_up_days = 2\r\n'
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_default_theme_is_a_name() -> None:
    assert Config().theme == DEFAULT_THEME != ""


# Valid settings files as people write them by hand: each must stay valid, with the theme
# changed and every other setting as it was. The line editor this replaced broke five of
# these, after which every setting silently fell back to its default.
HAND_WRITTEN = {
    "double-quoted key": '"theme" = "gruvbox"\nfollow_up_days = 4\n',
    "single-quoted key": "'theme' = 'gruvbox'  # literal string\ntimezone = 'Asia/Tokyo'\n",
    "multi-line basic string": 'theme = """\ngruvbox"""\nfollow_up_days = 4\n',
    "multi-line literal string": "theme = '''gruvbox'''\n[keys]\nhelp = 'f2'\n",
    "byte-order mark": '\ufeff# saved by Notepad\ntheme = "gruvbox"\ntimezone = "Europe/Paris"\n',
    "byte-order mark, no theme": '\ufeff[keys]\nmove_right = "ctrl+l"\n',
    "comments everywhere": (
        "# followup-tui settings\n"
        "\n"
        "# how it looks\n"
        'theme = "gruvbox" # "theme" = "not this"\n'
        "follow_up_days = 3 # checking in after three days\n"
        "\n"
        "[keys] # my keys\n"
        '# help = "f1"\n'
        'help = "f2"\n'
    ),
    "tabs and no spaces": 'theme\t=\t"gruvbox"\nfollow_up_days=5\ntimezone="UTC"\n',
    "escapes in the value": 'theme = "gruv\\u0062ox"\nfollow_up_days = 2\n',
    "inline table then theme": 'keys = { move_right = "ctrl+l", help = "f2" }\ntheme = "gruvbox"\n',
    "no final newline": '[keys]\nhelp = "f2"',
    "windows line endings, no theme": '# mine\r\n[keys]\r\nhelp = "f2"\r\n',
    "theme only inside a table": '[keys]\ntheme = "ctrl+t"\nhelp = "f2"\n',
}


@pytest.mark.parametrize("original", HAND_WRITTEN.values(), ids=HAND_WRITTEN.keys())
def test_saving_the_theme_keeps_a_hand_written_file_valid_and_whole(
    tmp_path: Path, original: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(original.encode("utf-8"))
    before, before_errors = load_config(path)
    # The corpus is valid TOML (a byte-order mark is not part of the document).
    assert tomllib.loads(original.removeprefix("\ufeff"))

    save_theme("tokyo-night", path)

    raw = path.read_bytes()
    text = raw.decode("utf-8")
    after, after_errors = load_config(path)
    assert after_errors == before_errors
    assert after == replace(before, theme="tokyo-night")
    data = tomllib.loads(text.removeprefix("\ufeff"))
    expected = tomllib.loads(original.removeprefix("\ufeff"))
    expected["theme"] = "tokyo-night"
    assert data == expected
    # The user's comments and the file's byte-order mark and line endings stay.
    for line in original.removeprefix("\ufeff").splitlines():
        if line.lstrip().startswith("#"):
            assert line in text.removeprefix("\ufeff").splitlines()
    assert text.startswith("\ufeff") == original.startswith("\ufeff")
    if "\r\n" in original:
        assert b"\n" not in raw.replace(b"\r\n", b"")
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufefftheme = "nord"\nfollow_up_days = 3\n'.encode())
    assert load_config(path) == (Config(theme="nord", follow_up_days=3), [])


def test_saving_the_theme_never_rewrites_a_file_that_is_not_toml(tmp_path: Path) -> None:
    original = b'theme = "nord\nfollow_up_days = 3\n[keys\n'
    path = tmp_path / "config.toml"
    path.write_bytes(original)
    with pytest.raises(OSError, match="not valid TOML"):
        save_theme("gruvbox", path)
    assert path.read_bytes() == original
    assert list(tmp_path.iterdir()) == [path]
