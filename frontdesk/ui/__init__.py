"""The Qt user interface. The only package that imports PySide6.

PySide6 hooks every import (PYSIDE-2029): it reads the source of each module loaded
after it, through ``inspect.getsource``, to look for the word « PySide6 ». That goes
through ``linecache``, which keeps every line of the ~900 modules the application loads
for as long as it runs (8 to 20 MB). The same check is done here on the file's bytes,
which are dropped once read; tracebacks still read their lines when one is printed.
"""

from __future__ import annotations

from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads shiboken's import hook and its support modules)


def _uses_pyside(module: ModuleType) -> bool:
    """PySide's test, without keeping the source: does the module's file name PySide6?"""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # builtin or compiled: PySide's own test finds no source either
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _forget_sources() -> None:
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:  # another PySide6 layout: nothing to replace
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside


_forget_sources()
