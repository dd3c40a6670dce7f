"""Shell completion for bash, zsh and fish, generated from the command line's own parser.

``followup-tui completion SHELL`` prints the script; shtab writes it from the argparse
parser, so every command and option (and their choices) is completed as ``--help`` lists
them, and a new option needs no edit here. Options that take a file complete file names.
"""

from __future__ import annotations

import argparse
from typing import Any

SHELLS = ("bash", "zsh", "fish")

FILE_METAVARS = frozenset({"PATH", "FILE", "FILE.csv"})
"""Arguments shown with these names are files: the shell offers file names for them."""


def add_completion_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``followup-tui completion SHELL`` to the command line."""
    completion = commands.add_parser(
        "completion",
        help="print shell completion for bash, zsh or fish",
        description="Print the completion script for bash, zsh or fish.",
        epilog="to install it:\n"
        "  bash  followup-tui completion bash > ~/.local/share/bash-completion/completions/"
        "followup-tui\n"
        '  zsh   followup-tui completion zsh > "${fpath[1]}/_followup-tui"\n'
        "  fish  followup-tui completion fish > ~/.config/fish/completions/followup-tui.fish",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell")
    completion.set_defaults(handler=_run_completion)


def _run_completion(args: argparse.Namespace) -> int:
    from tui.cli.base import EXIT_OK, refuse_demo
    from tui.cli.parser import build_parser

    refuse_demo(args)
    print(completion_script(args.shell, build_parser()), end="")
    return EXIT_OK


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (one of SHELLS) for this parser (which is
    adjusted for it: build a fresh one)."""
    import shtab  # only for this command: nothing else needs it

    _prepare(parser, shtab.FILE)
    script: str = shtab.complete(parser, shell=shell)
    return script


def _prepare(parser: argparse.ArgumentParser, files: object) -> None:
    """Fit the parser and its commands for shtab: file arguments complete file names, each
    command is described by its one-line help (the shells show it beside the name), and
    no argument's name holds a double quote (zsh's script would not parse)."""
    for action in parser._actions:
        if action.metavar in FILE_METAVARS:
            action.complete = files  # type: ignore[attr-defined]
        if isinstance(action.metavar, str):
            action.metavar = action.metavar.replace('"', "")
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, command in action.choices.items():
                if helps.get(name):
                    command.description = helps[name]
                _prepare(command, files)
