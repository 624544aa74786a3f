"""Access to the data files shipped in ``resources/``.

In a wheel they live in ``frontdesk/resources``; in a source checkout they sit at the
top of the repository, next to the package. Both are looked up, wheel first.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


class ResourceError(Exception):
    """A bundled data file is missing or invalid (message in French)."""


@cache
def resource_dir() -> Path:
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "resources", package_dir.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise ResourceError(
        "Les fichiers de données de Frontdesk sont introuvables : l'installation est incomplète."
    )


def resource_path(name: str) -> Path:
    path = resource_dir() / name
    if not path.is_file():
        raise ResourceError(f"Fichier de données introuvable : « {name} ».")
    return path


def validation_problems(exc: Any) -> str:
    """A pydantic ``ValidationError`` told in French, field by field (« champ « x » manquant »)."""
    words = {"missing": "manquant", "extra_forbidden": "inconnu"}
    return " ; ".join(
        f"champ « {'.'.join(str(p) for p in error['loc']) or 'entrée'} » "
        + words.get(error["type"], f": {error['msg']}")
        for error in exc.errors()
    )


def load_json(name: str) -> Any:
    path = resource_path(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResourceError(f"Le fichier de données « {name} » est illisible : {exc}.") from exc
