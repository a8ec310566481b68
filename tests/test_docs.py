"""The README documents the command line (issue 23), in the manner of sqlite-utils' tests/test_docs.py:
every command and every option appears in it, and every `screener ...` example in it parses."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from support import ROOT

from screener.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
# screener where a command starts: a line's start (after VAR=value), a path (/bin/screener), a pipe or &&
COMMAND = re.compile(r"(?:^\s*(?:[A-Z][A-Z0-9_]*=\S*\s+)*|/|[|&;]\s*)screener (\w[^|&;>\n]*)")
EXAMPLE_BLOCKS = ("bash", "sh", "console", "cron", "ini")  # fenced blocks holding commands to run as written


def examples() -> list[str]:
    """Each `screener ...` invocation in the README's command blocks, cut at a pipe, && or redirection."""
    found = []
    for lang, body in re.findall(r"```(\w*)\n(.*?)```", README, re.S):
        if lang not in EXAMPLE_BLOCKS:
            continue
        for line in body.splitlines():
            if line.lstrip().startswith("#"):
                continue
            for m in COMMAND.finditer(line.split(" #")[0]):
                found.append("screener " + m.group(1).strip())
    return found


def long_options(command: click.Command) -> list[str]:
    return sorted(o for p in command.params if isinstance(p, click.Option) for o in p.opts if o.startswith("--"))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"screener {name}" in README


@pytest.mark.parametrize(
    ("name", "option"), [(n, o) for n, c in sorted(main.commands.items()) for o in long_options(c)]
)
def test_every_option_is_documented(name: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}\b", README), f"screener {name} {option} is not in README.md"


def test_the_readme_has_examples_of_every_command() -> None:
    used = {shlex.split(e)[1] for e in examples()}
    assert set(main.commands) <= used | {"report", "job"}  # report and job have their own sections' prose
    assert len(examples()) >= 10


@pytest.mark.parametrize("example", examples())
def test_every_readme_example_parses(example: str) -> None:
    words = shlex.split(example)[1:]
    command = main.commands.get(words[0])
    assert command is not None, f"{example}: no such command"
    try:
        command.make_context(words[0], words[1:])
    except click.BadParameter as exc:
        if "does not exist" not in str(exc):  # an example's own file need not exist here
            raise


def test_every_command_help_ends_with_examples() -> None:
    for name, command in main.commands.items():
        assert command.epilog and command.epilog.lstrip("\b\n").startswith("Examples:"), name
        for line in command.epilog.splitlines()[2:]:
            assert line.strip().startswith(("screener ", "SCREENER_", "find ")), (name, line)


def test_every_option_has_a_help_line() -> None:
    for name, command in main.commands.items():
        for p in command.params:
            if isinstance(p, click.Option):
                assert p.help, f"screener {name} {p.opts[0]} has no help"
