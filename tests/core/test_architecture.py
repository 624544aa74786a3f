"""The core never depends on Qt: only frontdesk/ui imports PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "frontdesk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def core_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def test_no_qt_import_outside_ui() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.startswith(QT_MODULES)
        )
        for path in core_files()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_scan_sees_the_ui_imports() -> None:
    """Guard against a scan that finds nothing: the UI does import PySide6."""
    assert any(m.startswith("PySide6") for m in imported_modules(PACKAGE / "ui" / "app.py"))
    assert len(core_files()) > 10


def test_core_imports_with_qt_unavailable() -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in core_files()
        if p.name != "__main__.py" and "migrations" not in p.parts
    )
    script = (
        "import sys\n"
        "for name in ('PySide6', 'shiboken6'): sys.modules[name] = None\n"
        f"import importlib\nfor m in {modules!r}: importlib.import_module(m)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# The UI packages behind a section; shared pieces live at the top of frontdesk/ui (ops,
# widgets, text, titles, keys…) or in a shared package (satisfaction, sheets).
SECTION_PACKAGES = ("visit", "directory", "journal", "stats", "sync", "settings")
SHELLS = {  # the section's shell in ui/sections/ and the package behind it
    "accueil": "visit",
    "annuaire": "directory",
    "journal": "journal",
    "statistiques": "stats",
    "synchronisation": "sync",
    "parametres": "settings",
}


def test_no_section_imports_another_section() -> None:
    ui = PACKAGE / "ui"
    crossings: dict[str, list[str]] = {}
    for path in ui.rglob("*.py"):
        parts = path.relative_to(ui).parts
        if len(parts) == 1:
            continue  # the app's wiring (main window, workspace, session) knows them all
        here = parts[0]
        if here == "sections":
            here = SHELLS.get(path.stem, "sections")
        for module in imported_modules(path):
            pieces = module.split(".")
            if pieces[:2] != ["frontdesk", "ui"] or len(pieces) < 4:
                continue
            there = pieces[2]
            if there == "sections" and path.parent.name == "sections":
                continue  # the shells' own base class and list
            if there in (*SECTION_PACKAGES, "sections") and there != here:
                crossings.setdefault(str(path.relative_to(ui)), []).append(module)
    assert crossings == {}
