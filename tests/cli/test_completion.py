"""Shell completion: the real console script prints each script, and the real shells load
it and complete commands, options and their choices (bash and fish ask the completion
itself; zsh, which can only complete at a prompt, loads it the way compinit does)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser

SCRIPT = Path(sys.executable).parent / "followup-tui"


def completion(shell: str) -> str:
    result = subprocess.run(
        [str(SCRIPT), "completion", shell], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def shell_or_skip(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return path


def run_shell(command: list[str], home: Path) -> str:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
        cwd=home,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def commands() -> set[str]:
    parser = build_parser()
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(subparsers.choices)


BASH_COMPLETE = """
source "$1"
complete -p followup-tui
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
function=$(complete -p followup-tui | sed -E 's/.* -F ([^ ]+) .*/\\1/')
"$function" followup-tui "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
printf '%s\\n' "${COMPREPLY[@]}"
"""


def bash_complete(script: Path, home: Path, *words: str) -> list[str]:
    bash = shell_or_skip("bash")
    lines = run_shell([bash, "-c", BASH_COMPLETE, "bash", str(script), *words], home)
    registered, *offered = lines.splitlines()
    assert registered.startswith("complete ") and registered.endswith(" followup-tui")
    return offered


def test_bash_loads_the_script_and_completes_commands_options_and_choices(
    tmp_path: Path,
) -> None:
    script = tmp_path / "followup-tui.bash"
    script.write_text(completion("bash"))
    assert set(bash_complete(script, tmp_path, "followup-tui", "")) >= commands()
    assert commands() >= {"add", "list", "export", "import", "completion"}
    assert bash_complete(script, tmp_path, "followup-tui", "exp") == ["export"]
    assert bash_complete(script, tmp_path, "followup-tui", "export", "--format", "") == [
        "csv",
        "json",
        "ics",
    ]
    assert "--due" in bash_complete(script, tmp_path, "followup-tui", "list", "--")
    assert bash_complete(script, tmp_path, "followup-tui", "completion", "") == [
        "bash",
        "zsh",
        "fish",
    ]
    # A file argument offers the files in the folder.
    (tmp_path / "tracker.csv").write_text("company,role\n")
    assert "tracker.csv" in bash_complete(script, tmp_path, "followup-tui", "import", "tra")


def test_fish_loads_the_script_and_completes_commands_and_choices(tmp_path: Path) -> None:
    fish = shell_or_skip("fish")
    script = tmp_path / "followup-tui.fish"
    script.write_text(completion("fish"))

    def complete(line: str) -> list[str]:
        output = run_shell([fish, "-c", f"source {script}; complete -C '{line}'"], tmp_path)
        return [entry.split("\t")[0] for entry in output.splitlines()]

    assert set(complete("followup-tui ")) >= commands()
    assert complete("followup-tui exp") == ["export"]
    assert complete("followup-tui export --format ") == ["csv", "json", "ics"]
    assert "--follow-up-on" in complete("followup-tui add --f")


def test_zsh_parses_the_script_and_compinit_registers_it(tmp_path: Path) -> None:
    zsh = shell_or_skip("zsh")
    functions = tmp_path / "completions"
    functions.mkdir()
    text = completion("zsh")
    assert text.startswith("#compdef followup-tui\n")
    (functions / "_followup-tui").write_text(text)
    run_shell([zsh, "-n", str(functions / "_followup-tui")], tmp_path)
    output = run_shell(
        [
            zsh,
            "-f",
            "-c",
            f"fpath=({functions} $fpath); autoload -Uz compinit; compinit -u -D; "
            'print -r -- "${_comps[followup-tui]}"; autoload -Uz +X _followup-tui; '
            "whence -w _followup-tui",
        ],
        tmp_path,
    )
    assert output.splitlines() == [
        "_followup-tui",
        "_followup-tui: function",
    ]
    for command in commands():
        assert f"\n    {command}:" in text


def test_an_unknown_shell_is_one_line_of_usage() -> None:
    result = subprocess.run(
        [str(SCRIPT), "completion", "powershell"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "invalid choice: 'powershell'" in result.stderr
