"""Defaults for the command line from a config file and SCREENER_* environment variables.

Precedence, highest first: a flag on the command line > an environment variable > the config file >
screener's built-in default. The file is `screener.toml` in the working folder, else
`~/.config/screener/config.toml` (SCREENER_CONFIG names another file; SCREENER_CONFIG= with nothing
reads none). Its top-level keys apply to every command with that option; a `[screen]` (or any
command's) table applies to that command only. Keys are option names without the dashes (`as-of` or
`as_of`). Environment variables: SCREENER_<OPTION> for every command, SCREENER_<COMMAND>_<OPTION> for
one (SCREENER_ROLE=ml-engineer, SCREENER_SCREEN_JOBS=4).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

CONFIG_NAME = "screener.toml"  # in the working folder
USER_CONFIG = Path(".config") / "screener" / "config.toml"  # under the home folder
ENV_PREFIX = "SCREENER_"
ENV_FILE = "SCREENER_CONFIG"  # names the config file; empty: read none


class ConfigError(click.ClickException):
    """A config file screener cannot use: bad TOML, an unknown key, a table that is no command."""

    exit_code = 2


@dataclass(frozen=True)
class Setting:
    """One option's effective default and where it came from."""

    command: str
    key: str
    value: Any
    source: str  # "flag default", "file <path>", "env SCREENER_X"


def config_file(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """The config file in use, if any."""
    env = os.environ if env is None else env
    if ENV_FILE in env:
        return Path(env[ENV_FILE]) if env[ENV_FILE] else None
    for path in ((cwd or Path.cwd()) / CONFIG_NAME, Path.home() / USER_CONFIG):
        if path.is_file():
            return path
    return None


def option_key(param: click.Parameter) -> str:
    """The name a config file and an environment variable give an option: its long flag without dashes."""
    longs = [o for o in param.opts if o.startswith("--")]
    return (longs[0][2:] if longs else (param.name or "")).replace("_", "-")


def options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and p.name not in ("help", "version")]


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _norm(table: Mapping[str, Any]) -> dict[str, Any]:
    return {k.replace("_", "-"): v for k, v in table.items()}


def _check(data: dict[str, Any], commands: Mapping[str, click.Command], path: Path) -> None:
    known = {option_key(p) for c in commands.values() for p in options(c)}
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in commands:
                raise ConfigError(f"{path}: [{key}] is no screener command (use {', '.join(sorted(commands))})")
            mine = {option_key(p) for p in options(commands[key])}
            bad = sorted(set(_norm(value)) - mine)
            if bad:
                raise ConfigError(f"{path}: [{key}] has no option {', '.join(bad)}")
        elif key.replace("_", "-") not in known:
            raise ConfigError(f"{path}: {key} is no option of any screener command")


def settings(group: click.Group, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Setting]:
    """Every command's options with their effective defaults, lowest precedence first overridden."""
    env = os.environ if env is None else env
    path = config_file(env, cwd)
    data = _read(path) if path is not None else {}
    commands = dict(group.commands)
    if path is not None:
        _check(data, commands, path)
    common = _norm({k: v for k, v in data.items() if not isinstance(v, dict)})
    out = []
    for name, command in sorted(commands.items()):
        own = _norm(data.get(name, {}))
        for param in options(command):
            key = option_key(param)
            value, source = builtin(param), "built-in"
            for layer, where in ((common, f"file {path}"), (own, f"file {path} [{name}]")):
                if key in layer:
                    value, source = layer[key], where
            for var in (env_name(None, key), env_name(name, key)):
                if var in env:
                    value, source = env[var], f"env {var}"
            out.append(Setting(name, key, value, source))
    return out


def builtin(param: click.Option) -> Any:
    """The option's own default; None when it has none (click 8.3 marks that with a private sentinel)."""
    value = param.default
    if value is None or type(value).__module__.startswith("click."):
        return False if param.is_flag else None
    return value


def env_name(command: str | None, key: str) -> str:
    parts = [command] if command else []
    return ENV_PREFIX + "_".join([*parts, key]).replace("-", "_").upper()


def default_map(group: click.Group, env: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """click's default_map: what the file and the environment set, by command and parameter name."""
    names = {(c, option_key(p)): p.name for c, cmd in group.commands.items() for p in options(cmd)}
    out: dict[str, dict[str, Any]] = {}
    for s in settings(group, env):
        if s.source != "built-in":
            out.setdefault(s.command, {})[names[(s.command, s.key)]] = s.value
    return out


def render_settings(found: list[Setting], path: Path | None, as_json: bool) -> str:
    """What `screener config` prints: the file in use, then every option that has a value, with its source.

    JSON: {"file": path or null, "settings": [{"command", "option", "value", "source"}, ...]}.
    """
    if as_json:
        import json

        rows = [{"command": s.command, "option": s.key, "value": s.value, "source": s.source} for s in found]
        return json.dumps({"file": str(path) if path else None, "settings": rows}, indent=2, ensure_ascii=False) + "\n"
    lines = [f"config file: {path or 'none'} (screener.toml here, or ~/.config/screener/config.toml)"]
    lines += [f"{s.command} --{s.key} = {s.value}  ({s.source})" for s in found if s.value not in (None, False)]
    return "\n".join(lines) + "\n"
