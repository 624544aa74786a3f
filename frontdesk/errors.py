"""The one base of the errors the core explains to the person, in French.

An error deriving from ``UserError`` carries a message written for the agent or the
superviseur (« Le motif est obligatoire. »): the UI shows it as it is. Any other
exception is a bug or an environment failure: the UI logs it with its traceback and
shows one standard text. Either way, the operation wrote nothing: each one runs in a
single transaction.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal or a failure whose message is meant for the person, in French."""
