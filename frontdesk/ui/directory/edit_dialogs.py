"""« Modifier… » a service, a new or an existing direct contact (superviseur, administrateur).

The form is read from the record in the background, shown pre-filled, and saved in the
background in one transaction (``session.ops.write``); a ``FormErrors`` puts each message
next to its field and nothing is written. Once saved, every screen showing the directory
reads it again by itself (the change is broadcast).
Fields this dialog does not show (précisions, frais…) are kept as they were. Vocabularies
(thématiques, publics, parcours) are ticked in pick lists of French labels, saved as slugs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from frontdesk.contacts.editing import (
    ContactForm,
    FormErrors,
    ServiceForm,
    save_contact,
    save_service,
)
from frontdesk.contacts.geo import somme
from frontdesk.contacts.models import DirectContact, Service
from frontdesk.contacts.sheet_content import describe_hours
from frontdesk.contacts.validation import format_phone
from frontdesk.ui.directory import vocabularies
from frontdesk.ui.directory.form_fields import FieldForm
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


HOURS_NOTE = "Par exemple : lun-ven 9h-12h, 14h-17h ; fermé le mercredi après-midi"


@dataclass(frozen=True)
class LoadedService:
    service_id: uuid.UUID | None  # None: a new service of that structure
    structure_id: uuid.UUID
    form: ServiceForm


@dataclass(frozen=True)
class LoadedContact:
    contact_id: uuid.UUID
    form: ContactForm


def _codes(values: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in values.replace(";", ",").split(",") if part.strip())


def load_service_form(s: Session, service_id: uuid.UUID) -> LoadedService | None:
    """The service as a ``ServiceForm`` (plain values), or None if it is gone."""
    record = s.get(Service, service_id)
    if record is None:
        return None
    insee = record.code_insee or ""
    form = ServiceForm(
        structure_id=record.structure_id,
        nom=record.nom,
        description=record.description or "",
        type=record.type or "",
        thematiques=tuple(record.thematiques or ()),
        publics=tuple(record.publics or ()),
        publics_precisions=record.publics_precisions or "",
        conditions_acces=record.conditions_acces or "",
        frais=record.frais or "",
        zone_eligibilite=tuple(record.zone_eligibilite or ()),
        modes_accueil=tuple(record.modes_accueil or ()),
        modes_mobilisation=tuple(record.modes_mobilisation or ()),
        lien_mobilisation=record.lien_mobilisation or "",
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
    return LoadedService(record.id, record.structure_id, form)


def load_contact_form(s: Session, contact_id: uuid.UUID) -> LoadedContact | None:
    """The direct contact as a ``ContactForm``, or None if it is gone."""
    record = s.get(DirectContact, contact_id)
    if record is None:
        return None
    form = ContactForm(
        structure_id=record.structure_id,
        service_id=record.service_id,
        name=record.name,
        role=record.role or "",
        telephone=format_phone(record.telephone) if record.telephone else "",
        courriel=record.courriel or "",
        spie_publics=tuple(record.spie_publics or ()),
        journeys=tuple(record.journeys or ()),
        agent_note=record.agent_note or "",
    )
    return LoadedContact(record.id, form)


class SavingForm(FieldForm):
    """Saves in one transaction in the background; ``saved`` (the id) then closes. A
    ``FormErrors`` goes next to its fields; any other refusal in the message on top."""

    saved = Signal(object)

    def __init__(
        self, session: UiSession, title: str, parent: QWidget | None = None, save_text: str = ""
    ) -> None:
        super().__init__(title, parent, save_text)
        self.session = session
        self.stored_hours = self.shown_hours = ""

    def address_lines(self, form: Any) -> None:
        """The street and its complement (building, floor), as a structure and a service
        both have them."""
        self.line("adresse", "&Adresse :", form.adresse, "Numéro et rue")
        self.line(
            "complement_adresse",
            "Complément d'adresse :",
            form.complement_adresse,
            "Bâtiment, étage, boîte postale…",
        )

    def hours_line(self, stored: str) -> None:
        """The opening hours, typed and shown in French (stored in OSM syntax): the stored
        hours are shown as ``describe_hours`` reads them, and kept as stored when that text
        is saved unchanged."""
        self.stored_hours = stored
        self.shown_hours = describe_hours(stored) if stored.strip() else ""
        self.line("horaires_accueil", "&Horaires :", self.shown_hours, note=typo(HOURS_NOTE))

    def run_save(self, save: Callable[[Session], uuid.UUID]) -> None:
        self.clear_errors()
        self.set_busy(True)
        self.session.ops.write(save, self._done, owner=self, failed=self._field_errors)

    def place_values(self, original: Any) -> dict[str, Any]:
        """The address and contact fields a structure and a service share, as typed;
        « outside the Somme » holds only while the INSEE code is the one confirmed."""
        insee = self.value("code_insee").strip()
        fields = "telephone courriel site_web adresse complement_adresse code_postal commune"
        hours = self.value("horaires_accueil")
        if hours.split() == self.shown_hours.split():  # left as shown: as stored
            hours = self.stored_hours
        return {name: self.value(name) for name in fields.split()} | {
            "horaires_accueil": hours,
            "code_insee": insee,
            "insee_outside_somme": original.insee_outside_somme and insee == original.code_insee,
        }

    def _done(self, record_id: uuid.UUID) -> None:
        self.set_busy(False)
        self.saved.emit(record_id)
        self.accept()

    def _field_errors(self, error: BaseException) -> bool:
        if not isinstance(error, FormErrors):
            return False  # the helper says it (``show_error``)
        self.set_busy(False)
        self.show_errors(error.errors)
        return True

    def show_error(self, text: str) -> None:
        """A refusal or a failure the helper explains: shown on top, the form kept."""
        self.set_busy(False)
        self.message.show_message(text)


class ServiceDialog(SavingForm):
    def __init__(
        self, session: UiSession, loaded: LoadedService, parent: QWidget | None = None
    ) -> None:
        form = loaded.form
        title = f"Modifier le service « {form.nom} »" if loaded.service_id else "Nouveau service"
        super().__init__(session, title, parent)
        self.loaded = loaded
        self.line("nom", "&Nom :", form.nom)
        self.text_box("description", "&Description :", form.description)
        self.line("telephone", "&Téléphone :", form.telephone, "Par exemple 03 22 12 34 56")
        self.line("courriel", "&Courriel :", form.courriel)
        self.line("site_web", "Site &web :", form.site_web)
        self.address_lines(form)
        self.line("code_postal", "Code &postal :", form.code_postal)
        self.line("commune", "Co&mmune :", form.commune)
        self.line("code_insee", "Code &INSEE :", form.code_insee)
        self.hours_line(form.horaires_accueil)
        self.line(
            "zone_eligibilite",
            "&Zone d'éligibilité (codes) :",
            ", ".join(form.zone_eligibilite),
            "Codes séparés par des virgules : commune (INSEE), EPCI, 80 ou france",
        )
        self.new_column(labels_above=True)
        self.pick(
            "thematiques",
            "Thémati&ques :",
            vocabularies.thematiques(),
            form.thematiques,
            filterable=True,
            rows=10,
        )
        self.pick("publics", "P&ublics :", vocabularies.service_publics(), form.publics, rows=7)
        self.pick(
            "modes_accueil",
            "Accueil &sur place ou à distance :",
            vocabularies.modes_accueil(),
            form.modes_accueil,
            rows=2,
        )
        width = self.fontMetrics().averageCharWidth() * 150
        self.resize(width, self.sizeHint().height())

    def form_values(self) -> ServiceForm:
        original = self.loaded.form
        return replace(
            original,
            nom=self.value("nom"),
            description=self.value("description"),
            **self.place_values(original),
            zone_eligibilite=_codes(self.value("zone_eligibilite")),
            thematiques=self.picked("thematiques"),
            publics=self.picked("publics"),
            modes_accueil=self.picked("modes_accueil"),
        )

    def submit(self) -> None:
        form, actor, service_id = self.form_values(), self.session.profile, self.loaded.service_id
        self.run_save(lambda s: save_service(s, form, actor, service_id))


class ContactDialog(SavingForm):
    """A new direct contact for the service (its structure's, tied to the service), or an
    existing contact (``loaded``) edited where it is attached."""

    def __init__(
        self,
        session: UiSession,
        structure_id: uuid.UUID,
        service_id: uuid.UUID | None,
        service_name: str,
        parent: QWidget | None = None,
        *,
        loaded: LoadedContact | None = None,
    ) -> None:
        if loaded is None:
            title = f"Nouveau contact direct pour « {service_name} »"
            form = ContactForm(structure_id=structure_id, service_id=service_id, name="")
        else:
            title, form = f"Modifier le contact « {loaded.form.name} »", loaded.form
        super().__init__(session, title, parent)
        self.original, self.contact_id = form, loaded.contact_id if loaded else None
        self.structure_id, self.service_id = form.structure_id, form.service_id
        self.line("name", "&Nom :", form.name, "« Mme Dupont » ou « Ligne directe »")
        self.line("role", "&Fonction :", form.role)
        self.line("telephone", "&Téléphone :", form.telephone, "Par exemple 03 22 12 34 56")
        self.line("courriel", "&Courriel :", form.courriel)
        self.text_box(
            "agent_note",
            "Note pour les a&gents :",
            form.agent_note,
            "Lue par les agents seulement, jamais imprimée sur la fiche du visiteur",
        )
        self.new_column(labels_above=True)
        self.pick(
            "spie_publics",
            "&Publics SPIE suivis :",
            vocabularies.spie_publics(),
            form.spie_publics,
            rows=7,
        )
        self.pick(
            "journeys",
            "&Démarches traitées :",
            vocabularies.journey_groups(),
            form.journeys,
            rows=9,
        )
        self.resize(self.fontMetrics().averageCharWidth() * 130, self.sizeHint().height())

    def form_values(self) -> ContactForm:
        return replace(
            self.original,
            name=self.value("name"),
            role=self.value("role"),
            telephone=self.value("telephone"),
            courriel=self.value("courriel"),
            agent_note=self.value("agent_note"),
            spie_publics=self.picked("spie_publics"),
            journeys=self.picked("journeys"),
        )

    def submit(self) -> None:
        form, actor, contact_id = self.form_values(), self.session.profile, self.contact_id
        self.run_save(lambda s: save_contact(s, form, actor, contact_id))
