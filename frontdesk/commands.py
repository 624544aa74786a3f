"""The registry of ``frontdesk-cli`` subcommands: a feature declares its command next to
its code with ``@command``; ``frontdesk.cli`` imports those modules and builds the parser.
Kept apart from ``frontdesk.cli`` so that a feature module never imports the CLI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from frontdesk.paths import AppPaths

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
