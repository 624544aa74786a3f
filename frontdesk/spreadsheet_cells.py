"""Spreadsheet cells that never run as formulas (CSV injection, OWASP guidance).

Every CSV and XLSX writer passes its text cells through ``neutral_cell`` (or
``neutral_text``): a text an agent typed, a file imported or the sync brought in, that
starts with « = », « + », « - », « @ », a tab or a carriage return, gets a leading
apostrophe, so Excel and LibreOffice show it as text instead of evaluating it. Numbers
written as numbers are kept as they are (a negative count stays a number). The CSV
import calls ``restore_text`` to take that apostrophe off again, so an export imported
back changes nothing.
"""

from __future__ import annotations

import re
from numbers import Number
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A text that gets one more apostrophe: a trigger, possibly behind apostrophes already
# (« '=x » becomes « ''=x »), so that ``restore_text`` is the exact inverse.
_NEEDS_APOSTROPHE = re.compile(r"'*[=+\-@\t\r]")
_FIRST = frozenset("'=+-@\t\r")  # a cheap test before the pattern: most cells pass here


def neutral_text(text: str) -> str:
    """``text`` as a spreadsheet must show it: an apostrophe before a formula trigger."""
    if text[:1] in _FIRST and _NEEDS_APOSTROPHE.match(text):
        return "'" + text
    return text


def neutral_cell(value: Any) -> Any:
    """One cell for a CSV or XLSX writer: numbers unchanged, None empty, anything else
    as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return value
    return neutral_text(str(value))


def neutral_row(values: Any) -> list[Any]:
    """``neutral_cell`` of every value of a row."""
    return [neutral_cell(value) for value in values]


def restore_text(text: str) -> str:
    """The text ``neutral_text`` was given: exactly the apostrophe it added comes off (one,
    before a trigger); any other text is returned as it is."""
    if text[:1] == "'" and _NEEDS_APOSTROPHE.match(text, 1):
        return text[1:]
    return text
