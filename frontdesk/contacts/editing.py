"""Editing the directory (superviseur): every field of a form is checked before the record
is touched, all problems together in one ``FormErrors``. A save confirms the entry
(``date_maj`` today, « à vérifier » cleared), once the package's data·inclusion v1 model
accepts it too (``contacts.schema``); the outbox queues it in the same flush. The
audit log is for security events (its labels live with the settings screen), so saves and
deletions are logged (ids only) with ``logging``; a deletion is queued as a « delete »
outbox row by the ORM listener, like any other change."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk import audit, moments
from frontdesk.accounts import ProfileInfo
from frontdesk.config import roles
from frontdesk.contacts import validation
from frontdesk.contacts.models import DirectContact, Service, Structure
from frontdesk.contacts.schema import form_problems, slugs
from frontdesk.errors import UserError
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.store.models import Profile

log = logging.getLogger(__name__)
SOURCE = "frontdesk-saisie"  # entries created on a PC (defaults are « frontdesk-defaut »)
_Entry = Structure | Service | DirectContact
_E = TypeVar("_E", bound=_Entry)


class DirectoryEditError(UserError, ValueError):
    """A directory change was refused (message in French, shown as is)."""


class FormErrors(UserError, ValueError):
    """Every invalid field of a form: ``errors`` maps field → French message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("\n".join(self.errors.values()))


@dataclass(frozen=True, kw_only=True)
class _PlaceForm:
    telephone: str = ""
    courriel: str = ""
    site_web: str = ""
    adresse: str = ""
    complement_adresse: str = ""
    code_postal: str = ""
    commune: str = ""
    code_insee: str = ""
    insee_outside_somme: bool = False  # accept a code outside the Somme (not verified)
    horaires_accueil: str = ""
    source_note: str = ""


@dataclass(frozen=True, kw_only=True)
class StructureForm(_PlaceForm):
    nom: str
    description: str = ""
    siret: str = ""
    reseaux_porteurs: tuple[str, ...] = ()
    lien_source: str = ""
    spie_partner: str = ""


@dataclass(frozen=True, kw_only=True)
class ServiceForm(_PlaceForm):
    structure_id: UUID
    nom: str
    description: str
    type: str = ""
    thematiques: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    publics_precisions: str = ""
    conditions_acces: str = ""
    frais: str = ""
    zone_eligibilite: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    modes_mobilisation: tuple[str, ...] = ()
    lien_mobilisation: str = ""


@dataclass(frozen=True, kw_only=True)
class ContactForm:
    structure_id: UUID
    service_id: UUID | None = None
    name: str
    role: str = ""
    telephone: str = ""
    courriel: str = ""
    spie_publics: tuple[str, ...] = ()
    journeys: tuple[str, ...] = ()
    agent_note: str = ""


def require(session: Session, actor: ProfileInfo, action: str) -> Profile:
    """The actor's current profile, if it is active and its role allows ``action``."""
    profile = session.get(Profile, actor.id)
    if profile is None or not profile.active:
        raise DirectoryEditError("Ce profil n'existe plus ou a été désactivé.")
    if not ProfileInfo(profile.id, profile.display_name, profile.role, True).may(action):
        label = roles().actions[action]  # « Modifier l'annuaire »
        raise DirectoryEditError(f"Votre rôle ne permet pas de {label[0].lower()}{label[1:]}.")
    return profile


FIELDS = validation.LABELS | {"adresse": "Adresse", "complement_adresse": "Complément d'adresse"}
FIELDS |= {"commune": "Commune", "source_note": "Source", "description": "Description"}
FIELDS |= {"siret": "SIRET", "reseaux_porteurs": "Réseaux porteurs", "type": "Type"}
FIELDS |= {"spie_partner": "Partenaire SPIE", "thematiques": "Thématiques", "frais": "Frais"}
FIELDS |= {"publics": "Publics", "publics_precisions": "Précisions sur les publics"}
FIELDS |= {"conditions_acces": "Conditions d'accès", "modes_accueil": "Modes d'accueil"}
FIELDS |= {"modes_mobilisation": "Modes de mobilisation", "role": "Fonction"}
FIELDS |= {"spie_publics": "Publics SPIE", "journeys": "Démarches"}
FIELDS |= {"agent_note": "Note pour les agents"}


class _Check:
    """Reads a form's fields, keeps the cleaned values and every field's French message."""

    def __init__(self, form: Any, **values: Any) -> None:
        self.form, self.values = form, dict(values)
        self.errors: dict[str, str] = {}

    def fail(self, field: str, problem: str) -> None:
        self.errors.setdefault(field, f"{FIELDS.get(field, field)}{validation.NBSP}: {problem}")

    def text(self, field: str, max_length: int = 10000, min_length: int = 0) -> str | None:
        text = getattr(self.form, field).strip() or None
        if text is not None and not min_length <= len(text) <= max_length:
            self.fail(field, f"entre {min_length} et {max_length} caractères attendus.")
        self.values[field] = text
        return text

    def clean(self, field: str, clean: Callable[..., Any], **options: Any) -> Any:
        raw, required = getattr(self.form, field), options.pop("required", False)
        self.values[field] = None
        if isinstance(raw, str) and not raw.strip():
            if required:
                self.fail(field, "ce champ est obligatoire.")
            return None
        try:
            self.values[field] = clean(raw, field, **options)
        except validation.FieldError as exc:
            self.errors[field] = exc.message
        return self.values[field]

    def slugs(self, field: str, known: Iterable[str], needed: bool = False) -> list[str]:
        raws = getattr(self.form, field)
        raws = [raws] if isinstance(raws, str) else raws
        values = list(dict.fromkeys(raw.strip() for raw in raws if raw.strip()))
        unknown = [validation.quoted(v) for v in values if v not in set(known)]
        if unknown:
            self.fail(field, "valeur inconnue " + ", ".join(unknown) + ".")
        elif needed and not values:
            self.fail(field, "choisissez au moins une valeur.")
        self.values[field] = values
        return values

    def choice(self, field: str, known: Iterable[str]) -> None:
        self.values[field] = next(iter(self.slugs(field, known)), None)


def _place(check: _Check, form: _PlaceForm) -> None:
    check.clean("telephone", validation.clean_phone)
    check.clean("courriel", validation.clean_email)
    check.clean("site_web", validation.clean_url)
    check.text("adresse", 300)
    check.text("complement_adresse", 300)
    insee = check.clean(
        "code_insee", validation.clean_insee_commune, allow_outside=form.insee_outside_somme
    )
    check.values["code_insee"] = insee.code if insee else None
    check.clean("code_postal", validation.clean_postcode, insee=insee)
    if check.text("commune", 150) is None and insee is not None:
        check.values["commune"] = insee.commune
        if insee.outside:
            check.fail("commune", "le nom est nécessaire pour un code hors de la Somme.")
    check.clean("horaires_accueil", validation.clean_hours)
    check.text("source_note")


def _open(session: Session, actor: ProfileInfo, model: type[_E], record_id: UUID | None) -> _E:
    require(session, actor, "directory.edit")
    record = session.get(model, record_id) if record_id is not None else model()
    if record is None:
        raise DirectoryEditError("Cette fiche n'existe plus dans l'annuaire.")
    return record


def _save(session: Session, record: _Entry, check: _Check, actor: ProfileInfo) -> UUID:
    """Write the checked values (those that differ), confirm the entry, flush; its id."""
    if not isinstance(record, DirectContact):  # the package's model has the last word
        kind = "structure" if isinstance(record, Structure) else "service"
        for field, problem in form_problems(kind, check.values).items():
            check.fail(field, f"{problem}.")
    if check.errors:  # before anything is written
        raise FormErrors(check.errors)
    for key, value in {**check.values, "date_maj": moments.today(), "a_verifier": False}.items():
        if getattr(record, key, None) != value:
            setattr(record, key, value)
    if record.id is None:
        record.id = uuid4()
        if not isinstance(record, DirectContact):
            record.di_id, record.source = f"frontdesk--{record.id.hex}", SOURCE
        session.add(record)
    session.flush()
    log.info("directory %s %s saved by profile %s", record.__tablename__, record.id, actor.id)
    return record.id


def save_structure(
    session: Session, form: StructureForm, actor: ProfileInfo, structure_id: UUID | None = None
) -> UUID:
    """Create (no id) or update a structure; ``FormErrors`` lists every invalid field."""
    record = _open(session, actor, Structure, structure_id)
    check = _Check(form)
    check.clean("nom", validation.clean_name, required=True)
    _place(check, form)
    check.text("description", min_length=5)
    siret = check.text("siret")
    if siret is not None and not re.fullmatch(r"\d{14}", siret):
        check.fail("siret", "14 chiffres attendus.")
    check.slugs("reseaux_porteurs", slugs("reseaux_porteurs"))
    check.clean("lien_source", validation.clean_url)
    check.choice("spie_partner", journeys().partners)
    return _save(session, record, check, actor)


def save_service(
    session: Session, form: ServiceForm, actor: ProfileInfo, service_id: UUID | None = None
) -> UUID:
    """Create (no id) or update a service; ``FormErrors`` lists every invalid field."""
    record = _open(session, actor, Service, service_id)
    if session.get(Structure, form.structure_id) is None:
        raise DirectoryEditError("La structure de ce service n'existe plus.")
    check = _Check(form, structure_id=form.structure_id)
    check.clean("nom", validation.clean_name, required=True)
    if check.text("description", min_length=5) is None:
        check.fail("description", "ce champ est obligatoire.")
    _place(check, form)
    check.choice("type", slugs("type"))
    check.slugs("thematiques", slugs("thematiques"), needed=True)
    check.slugs("publics", slugs("publics"), needed=True)  # « tous-publics » alone: the model's
    check.text("publics_precisions")
    check.text("conditions_acces")
    check.choice("frais", slugs("frais"))
    check.clean("zone_eligibilite", validation.clean_zone)
    check.slugs("modes_accueil", slugs("modes_accueil"), needed=True)
    check.slugs("modes_mobilisation", slugs("modes_mobilisation"))
    check.clean("lien_mobilisation", validation.clean_url)
    return _save(session, record, check, actor)


def save_contact(
    session: Session, form: ContactForm, actor: ProfileInfo, contact_id: UUID | None = None
) -> UUID:
    """Create (no id) or update a direct contact; a phone or an e-mail is needed."""
    record = _open(session, actor, DirectContact, contact_id)
    if session.get(Structure, form.structure_id) is None:
        raise DirectoryEditError("La structure de ce contact n'existe plus.")
    service = session.get(Service, form.service_id) if form.service_id else None
    if form.service_id and (service is None or service.structure_id != form.structure_id):
        raise DirectoryEditError("Ce service n'existe plus ou n'est pas de cette structure.")
    check = _Check(form, structure_id=form.structure_id, service_id=form.service_id)
    check.clean("name", validation.clean_name, required=True, min_length=2)
    check.text("role", 150)
    reachable = [
        check.clean("telephone", validation.clean_phone),
        check.clean("courriel", validation.clean_email),
    ]
    if not any(reachable) and not {"telephone", "courriel"} & set(check.errors):
        check.fail("telephone", "indiquez un téléphone ou un courriel.")
    check.slugs("spie_publics", [p.slug for p in spie_rules().publics])
    check.slugs("journeys", [j.id for j in journeys().all])
    check.text("agent_note")
    return _save(session, record, check, actor)


def delete_contact(session: Session, contact_id: UUID, actor: ProfileInfo) -> None:
    """Delete one direct contact (the outbox queues the deletion)."""
    require(session, actor, "directory.edit")
    contact = session.get(DirectContact, contact_id)
    if contact is None:
        raise DirectoryEditError("Ce contact n'existe plus dans l'annuaire.")
    session.delete(contact)
    session.flush()
    audit.record(
        session, "directory_deleted", actor.id, entity="direct_contact", id=str(contact_id)
    )
    log.info("directory direct_contact %s deleted by profile %s", contact_id, actor.id)


def delete_service(session: Session, service_id: UUID, actor: ProfileInfo) -> int:
    """Delete a service and the direct contacts tied to it (not its structure's);
    how many contacts went with it."""
    require(session, actor, "directory.edit")
    service = session.get(Service, service_id)
    if service is None:
        raise DirectoryEditError("Ce service n'existe plus dans l'annuaire.")
    contacts = session.scalars(
        select(DirectContact).where(DirectContact.service_id == service_id)
    ).all()
    for contact in contacts:
        session.delete(contact)
    session.flush()  # the contacts first: they point at the service
    session.delete(service)
    session.flush()
    audit.record(session, "directory_deleted", actor.id, entity="service", id=str(service_id),
                 contacts=len(contacts))  # fmt: skip
    log.info(
        "directory service %s and %d direct contacts deleted by profile %s",
        service_id,
        len(contacts),
        actor.id,
    )
    return len(contacts)


def _mark_stale(session: Session, model: type[_E], limit: date) -> int:
    query = select(model).where(model.date_maj < limit, model.a_verifier.is_(False))
    changed = 0
    for record in session.scalars(query):
        record.a_verifier = True
        changed += 1
    return changed


def mark_stale_entries(session: Session, today: date | None = None) -> int:
    """Mark « à vérifier » every entry not confirmed for the rules' months; how many."""
    limit, changed = validation.stale_before(today or moments.today()), 0
    models: tuple[type[_Entry], ...] = (Structure, Service, DirectContact)
    for model in models:
        changed += _mark_stale(session, model, limit)
    session.flush()
    log.info("directory: %d entries marked stale (updated before %s)", changed, limit)
    return changed
