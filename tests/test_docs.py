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


def tree(command: click.Command = main, name: str = "screener") -> list[tuple[str, click.Command]]:
    """Every command under `screener`, groups and their subcommands included, with its full name."""
    found = [(name, command)]
    if isinstance(command, click.Group):
        for sub, child in sorted(command.commands.items()):
            found += tree(child, f"{name} {sub}")
    return found


COMMANDS = tree()


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command `words` name (after `screener`) and the words left for it."""
    command: click.Command = main
    while words and isinstance(command, click.Group) and words[0] in command.commands:
        command, words = command.commands[words[0]], words[1:]
    return command, words


def parses(example: str) -> None:
    words = shlex.split(example)[1:]
    command, rest = resolve(words)
    assert command is not main, f"{example}: no such command"
    try:
        command.make_context(words[0], rest)
    except click.BadParameter as exc:
        if "does not exist" not in str(exc):  # an example's own file need not exist here
            raise


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS[1:]])
def test_every_command_is_documented(name: str) -> None:
    assert name in README


@pytest.mark.parametrize(("name", "option"), [(n, o) for n, c in COMMANDS for o in long_options(c)])
def test_every_option_is_documented(name: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}\b", README), f"{name} {option} is not in README.md"


def test_the_readme_has_examples_of_every_command() -> None:
    used = {shlex.split(e)[1] for e in examples()}
    assert set(main.commands) <= used | {"report", "job"}  # report and job have their own sections' prose
    assert len(examples()) >= 10


@pytest.mark.parametrize("example", examples())
def test_every_readme_example_parses(example: str) -> None:
    parses(example)


def help_examples(command: click.Command) -> list[str]:
    """The example lines that end a command's help (options.examples writes them)."""
    epilog = command.epilog or ""
    assert epilog.lstrip("\b\n").startswith("Examples:"), epilog
    return [line.strip() for line in epilog.split("Examples:", 1)[1].splitlines() if line.strip()]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_help_ends_with_one_or_two_examples_that_parse(name: str, command: click.Command) -> None:
    lines = help_examples(command)
    assert 1 <= len(lines) <= 2, (name, lines)
    text = command.get_help(click.Context(command, info_name=name))
    assert text.rstrip().endswith(lines[-1]), name  # the examples close the help page
    for line in lines:
        assert line.startswith(("screener ", "SCREENER_", "find ")), (name, line)
        invocations = [m.group(1) for m in COMMAND.finditer(line.split(" #")[0])]
        assert invocations, (name, line)
        for invocation in invocations:
            if name != "screener" or invocation.split()[0] in main.commands:
                parses("screener " + invocation)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_has_a_help_line(name: str, command: click.Command) -> None:
    for p in command.params:
        if isinstance(p, click.Option):
            assert p.help, f"{name} {p.opts[0]} has no help"


def section(title: str) -> str:
    """The README's text from a bold paragraph title to the next one."""
    start = README.index(f"**{title}")
    end = README.find("\n**", start + 2)
    return README[start:end]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_is_documented_with_a_one_line_install_for_each_shell(shell: str) -> None:
    text = section("Shell completion")
    line = next(line for line in text.splitlines() if line.startswith(f"{shell}:"))
    assert f"_SCREENER_COMPLETE={shell}_source screener" in line
    assert {"bash": "~/.bashrc", "zsh": "~/.zshrc", "fish": "~/.config/fish/completions/screener.fish"}[shell] in line


def test_the_completion_line_prints_a_completion_script() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "_SCREENER_COMPLETE": "bash_source"}
    code = "import sys; sys.argv[0] = 'screener'; from screener.cli import main; main(prog_name='screener')"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert "_screener_completion" in out.stdout and "complete " in out.stdout


def test_exit_codes_are_documented_with_ctrl_c_and_sigterm() -> None:
    from screener import cli

    start = README.index("Exit codes:")
    text = README[start:README.index("\n\n", start)]
    codes = [v for k, v in vars(cli).items() if k.startswith("EXIT_") and isinstance(v, int)]
    assert sorted(codes) == [0, 1, 2, 3, 4, 130, 143]
    for code in codes:
        assert f"`{code}`" in text, code
    assert "`130` interrupted by Ctrl-C" in text and "`143` stopped by SIGTERM" in text


def test_every_json_and_csv_shape_is_documented() -> None:
    from screener.output import listings

    text = section("JSON and CSV output")
    for columns in (listings.HISTORY_COLUMNS, listings.DIFF_COLUMNS, listings.TAXONOMY_COLUMNS,
                    listings.SETTINGS_COLUMNS):
        for column in columns:
            assert f"`{column}`" in text, column
    for name, command in COMMANDS:
        if "as_csv" in {p.name for p in command.params}:
            assert f"`{name.split()[-1]} --csv`" in text and "as_json" in {p.name for p in command.params}, name


def test_config_and_environment_defaults_are_documented() -> None:
    text = section("Defaults: config file and environment")
    for words in ("`screener.toml`", "`~/.config/screener/config.toml`", "`SCREENER_CONFIG=path`",
                  "`SCREENER_<COMMAND>_<OPTION>` > `SCREENER_<OPTION>`", "a flag given on the command line >",
                  "built-in default", "`screener config`"):
        assert words in text or words in README, words
