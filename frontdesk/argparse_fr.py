"""argparse's own words in French (« utilisation : », « afficher cette aide… »).

argparse looks its texts up through ``gettext`` at the moment it prints them; the
commands of Frontdesk are read by superviseurs and IT staff in French, so both CLIs
install these translations before they build their parser.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

FRENCH = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "expected one argument": "une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
}


def _french(original: Callable[[str], str]) -> Callable[[str], str]:
    def translate(text: str) -> str:
        return FRENCH.get(text) or original(text)

    return translate


def install() -> None:
    """Once per process; argparse's later messages are in French."""
    current = argparse._  # type: ignore[attr-defined]  # argparse's module-level gettext
    if getattr(current, "__name__", "") != "translate":
        argparse._ = _french(current)  # type: ignore[attr-defined]
