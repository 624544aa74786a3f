"""« Fiches contacts du parcours… »: the agents' booklet of one journey as a PDF.

The services are those the counter would suggest for that journey alone (its partners'
services covering the site's commune, in the same order), each with its direct contacts
and the agents' notes: the booklet is for the agents, never for the public.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QInputDialog, QWidget

from frontdesk import moments
from frontdesk.contacts.detail import load_sheet_entries
from frontdesk.contacts.recommend import recommend_services
from frontdesk.contacts.sheet_content import SheetEntry
from frontdesk.device import current_site
from frontdesk.orientation.journeys import Journey, journeys
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def booklet_journeys() -> list[Journey]:
    """The journeys that lead to partners (the others have no service to list)."""
    return [journey for journey in journeys().all if journey.partners]


def booklet_path(folder: Path, journey_id: str, now: datetime) -> Path:
    """« fiches-contacts-chercher-emploi-2026-11-24-10h30.pdf », numbered if taken."""
    stem = f"fiches-contacts-{journey_id}-{now:%Y-%m-%d-%Hh%M}"
    path, number = folder / f"{stem}.pdf", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.pdf", number + 1
    return path


def make_booklet(session: UiSession, journey: Journey) -> Callable[[], tuple[Path, int]]:
    """The background work: find the journey's services, write the PDF; (path, services)."""
    store, folder = session.ctx.store, session.ctx.paths.data_dir / "fiches"

    def read(s: Session) -> tuple[list[SheetEntry], str]:
        site = current_site(s)
        insee, site_name = (site.insee_code, site.name) if site is not None else ("", "")
        found = recommend_services(s, [journey], None, insee)
        return load_sheet_entries(s, [r.service_id for r in found]), site_name

    def work() -> tuple[Path, int]:
        from frontdesk.contacts.sheet import render_booklet  # reportlab: loaded with the first PDF

        entries, site_name = store.read(read)
        folder.mkdir(parents=True, exist_ok=True)
        path = booklet_path(folder, journey.id, moments.now())
        render_booklet(journey.label, entries, path, site_name)
        return path, len(entries)

    return work


def choose_journey(parent: QWidget | None) -> Journey | None:
    """Ask which journey (a list of their labels); None when cancelled."""
    choices = booklet_journeys()
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Fiches contacts du parcours")
    dialog.setAccessibleName("Fiches contacts du parcours")
    dialog.setLabelText(typo("&Parcours :"))
    dialog.setComboBoxItems([journey.label for journey in choices])
    dialog.setComboBoxEditable(False)
    dialog.setOkButtonText("&Enregistrer le PDF")
    dialog.setCancelButtonText("Annu&ler")
    for combo in dialog.findChildren(QComboBox):
        combo.setAccessibleName("Parcours")
    for box in dialog.findChildren(QDialogButtonBox):
        for widget in box.buttons():
            widget.setAccessibleName(widget.text().replace("&", ""))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    label = dialog.textValue()
    return next((journey for journey in choices if journey.label == label), None)
