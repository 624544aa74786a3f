"""The registry of ``frontdesk-cli`` subcommands: a feature declares its command next to
its code with ``@command``; ``frontdesk.cli`` imports those modules and builds the parser.
Kept apart from ``frontdesk.cli`` so that a feature module never imports the CLI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontdesk.paths import AppPaths

NBSP = "\u00a0"
Command = Callable[[argparse.Namespace, AppPaths], int]
Arguments = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[str, Command, Arguments]] = {}


def command(
    name: str, help_text: str, arguments: Arguments | None = None
) -> Callable[[Command], Command]:
    def register(func: Command) -> Command:
        COMMANDS[name] = (help_text, func, arguments or (lambda _p: None))
        return func

    return register


def fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


class InputRefused(ValueError):
    """A command's input cannot be read; the message is French (exit code 2)."""


def read_json_input(name: str, what: str = "La situation") -> Any:
    """The JSON of file ``name`` (``-``: the standard input), or ``InputRefused``:
    « La situation n'est pas du JSON valide (ligne 1) : … »."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        subject = f"{what[0].lower()}{what[1:]} «{NBSP}{name}{NBSP}»"
        raise InputRefused(f"Impossible de lire {subject}{NBSP}: {exc}.") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputRefused(
            f"{what} n'est pas du JSON valide (ligne {exc.lineno}){NBSP}: {exc.msg}."
        ) from exc
