"""The sections of the main window, in navigation order, with their shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.ui.sections.accueil import AccueilSection
from frontdesk.ui.sections.annuaire import AnnuaireSection
from frontdesk.ui.sections.base import Section
from frontdesk.ui.sections.journal import JournalSection
from frontdesk.ui.sections.parametres import ParametresSection
from frontdesk.ui.sections.statistiques import StatistiquesSection
from frontdesk.ui.sections.synchronisation import SynchronisationSection


@dataclass(frozen=True)
class SectionSpec:
    section_id: str
    label: str
    shortcut: str
    widget: type[Section]


SECTIONS = tuple(
    SectionSpec(cls.section_id, cls.title, f"Ctrl+{index}", cls)
    for index, cls in enumerate(
        (
            AccueilSection,
            AnnuaireSection,
            JournalSection,
            StatistiquesSection,
            SynchronisationSection,
            ParametresSection,
        ),
        start=1,
    )
)
