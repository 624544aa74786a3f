"""« Modifier la structure… » of the service shown, and « Nouvelle structure… ».

Read in the background, shown pre-filled, saved in the background through
``save_structure``; each ``FormErrors`` message goes next to its field. The street address
(adresse, complément, code postal, commune) is the one the detail and the visitor's sheet
show for its services; opening hours are typed in French (``SavingForm.hours_line``). A
field the dialog does not show (lien source) is kept as it was. A source note
written for the data files' maintainers (repository paths) is not shown: the box starts
empty, and left empty it keeps that note.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from frontdesk.contacts.editing import StructureForm, save_structure
from frontdesk.contacts.geo import somme
from frontdesk.contacts.models import Service, Structure
from frontdesk.contacts.validation import format_phone
from frontdesk.ui.directory import vocabularies
from frontdesk.ui.directory.edit_dialogs import SavingForm
from frontdesk.ui.directory.sources import is_technical
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SOURCE_HINT = (
    "D'où viennent ces informations (appel au partenaire, site officiel…) ;"
    " laissée vide, la référence d'origine de l'annuaire est gardée"
)


@dataclass(frozen=True)
class LoadedStructure:
    structure_id: uuid.UUID | None  # None: a new structure
    form: StructureForm


def structure_form(record: Structure) -> StructureForm:
    insee = record.code_insee or ""
    return StructureForm(
        nom=record.nom,
        description=record.description or "",
        siret=record.siret or "",
        reseaux_porteurs=tuple(record.reseaux_porteurs or ()),
        lien_source=record.lien_source or "",
        spie_partner=record.spie_partner or "",
        telephone=format_phone(record.telephone) if record.telephone else "",
        courriel=record.courriel or "",
        site_web=record.site_web or "",
        adresse=record.adresse or "",
        complement_adresse=record.complement_adresse or "",
        code_postal=record.code_postal or "",
        commune=record.commune or "",
        code_insee=insee,
        insee_outside_somme=bool(insee) and somme().commune(insee) is None,
        horaires_accueil=record.horaires_accueil or "",
        source_note=record.source_note or "",
    )


def load_structure(s: Session, structure_id: uuid.UUID) -> LoadedStructure | None:
    """The structure as a ``StructureForm``, or None if it is gone."""
    record = s.get(Structure, structure_id)
    return None if record is None else LoadedStructure(record.id, structure_form(record))


def load_structure_of(s: Session, service_id: uuid.UUID) -> LoadedStructure | None:
    """The structure of that service as a ``StructureForm``, or None if either is gone."""
    service = s.get(Service, service_id)
    return None if service is None else load_structure(s, service.structure_id)


class StructureDialog(SavingForm):
    def __init__(
        self, session: UiSession, loaded: LoadedStructure, parent: QWidget | None = None
    ) -> None:
        form = loaded.form
        new = loaded.structure_id is None
        title = "Nouvelle structure" if new else f"Modifier la structure « {form.nom} »"
        super().__init__(session, title, parent)
        self.loaded = loaded
        self.line("nom", "&Nom :", form.nom)
        self.text_box("description", "&Description :", form.description)
        self.line("siret", "&SIRET :", form.siret, "14 chiffres, sans espace")
        self.line("telephone", "&Téléphone :", form.telephone, "Par exemple 03 22 12 34 56")
        self.line("courriel", "&Courriel :", form.courriel)
        self.line("site_web", "Site &web :", form.site_web)
        self.address_lines(form)
        self.line("code_postal", "C&ode postal :", form.code_postal)
        self.line("commune", "Co&mmune :", form.commune)
        self.line("code_insee", "Code &INSEE :", form.code_insee)
        self.hours_line(form.horaires_accueil)
        self.new_column(labels_above=True)
        partner = self.combo("spie_partner", "Partenaire S&PIE :", vocabularies.partners())
        partner.setCurrentIndex(max(partner.findData(form.spie_partner), 0))
        self.pick(
            "reseaux_porteurs",
            "&Réseaux porteurs :",
            vocabularies.reseaux(),
            form.reseaux_porteurs,
            filterable=True,
            rows=8,
        )
        technical = is_technical(form.source_note)  # for the data files' maintainers
        note = self.text_box(
            "source_note",
            "So&urce des informations :",
            "" if technical else form.source_note,
            typo(SOURCE_HINT) if technical else "",
        )
        if technical:
            note.setPlaceholderText("Annuaire fourni avec Frontdesk")
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.sizeHint().height())

    def form_values(self) -> StructureForm:
        original = self.loaded.form
        return replace(
            original,
            nom=self.value("nom"),
            description=self.value("description"),
            siret=self.value("siret"),
            **self.place_values(original),
            spie_partner=self.value("spie_partner"),
            reseaux_porteurs=self.picked("reseaux_porteurs"),
            source_note=self._source_note(original.source_note),
        )

    def _source_note(self, original: str) -> str:
        typed = self.value("source_note")
        return original if is_technical(original) and not typed.strip() else typed

    def submit(self) -> None:
        form, actor = self.form_values(), self.session.profile
        structure_id = self.loaded.structure_id
        self.run_save(lambda s: save_structure(s, form, actor, structure_id))
