"""Visit records: validation, outbox, voiding, privacy checks, the open questions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from frontdesk.orientation.assess import assess, parse_situation
from frontdesk.orientation.checklist import open_questions
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.visits.models import Visit
from frontdesk.visits.privacy import personal_data_findings
from frontdesk.visits.record import Orientation, VisitError, VisitInput, save_visit, void_visit

IDENTITY_WORDS = (
    "name",
    "nom",
    "prenom",
    "birth",
    "naissance",
    "nir",
    "secu",
    "phone",
    "telephone",
    "email",
    "adresse",
    "address",
)


def simple_visit(**overrides) -> VisitInput:
    values = dict(
        started_at=utcnow(), channel="guichet", journeys=("declarer-revenus",), outcome="resolu"
    )
    values.update(overrides)
    return VisitInput(**values)


def test_visit_table_has_no_identity_column() -> None:
    columns = {c.key for c in sa_inspect(Visit).columns}
    assert not [c for c in columns if any(word in c for word in IDENTITY_WORDS)]


def test_save_visit_derives_categories_and_queues_it(store: Store, manager) -> None:
    assessment = assess(
        parse_situation({"age": 20, "employed": False, "student": False, "in_training": False})
    )
    visit = simple_visit(
        journeys=("jeune-neet", "declarer-revenus"),
        assessment=assessment,
        orientations=(Orientation("mission-locale", "appel"),),
        outcome="oriente",
        age_band="16-25",
        commune_insee="80570",
    )
    with store.transaction() as session:
        visit_id = save_visit(session, visit, manager.id)
    with store.session() as session:
        saved = session.get(Visit, visit_id)
        outbox = session.scalars(select(Outbox).where(Outbox.record_id == visit_id)).all()
    assert saved.site_id == "moreuil" and saved.agent_id == manager.id
    assert saved.publics["jeune-neet"] == {"status": "oui"}
    assert "dgfip" in saved.operators and saved.thematiques
    assert saved.orientations == [{"partner": "mission-locale", "kind": "appel"}]
    assert [row.op for row in outbox] == ["create"]
    assert outbox[0].payload["outcome"] == "oriente"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"journeys": ()}, "au moins un motif"),
        ({"journeys": ("inconnu",)}, "Motif inconnu"),
        ({"channel": "fax"}, "Canal inconnu"),
        ({"outcome": "oriente"}, "vers quel partenaire"),
        (
            {"orientations": (Orientation("nasa", "appel"),), "outcome": "oriente"},
            "Partenaire inconnu",
        ),
        (
            {"orientations": (Orientation("caf", "pigeon"),), "outcome": "oriente"},
            "orientation inconnu",
        ),
        ({"commune_insee": "8057"}, "INSEE"),
        ({"age_band": "12-14"}, "Tranche"),
        ({"note": "x" * 501}, "500"),
    ],
)
def test_invalid_visits_are_refused(store: Store, manager, overrides, message: str) -> None:
    with pytest.raises(VisitError, match=message), store.transaction() as session:
        save_visit(session, simple_visit(**overrides), manager.id)
    with store.session() as session:
        assert session.scalars(select(Visit)).all() == []


def test_void_is_a_new_synced_change(store: Store, manager) -> None:
    with store.transaction() as session:
        visit_id = save_visit(session, simple_visit(), manager.id)
    with pytest.raises(VisitError, match="raison"), store.transaction() as session:
        void_visit(session, visit_id, " ")
    with store.transaction() as session:
        void_visit(session, visit_id, "Saisie en double")
    with pytest.raises(VisitError, match="déjà annulée"), store.transaction() as session:
        void_visit(session, visit_id, "encore")
    with store.session() as session:
        visit = session.get(Visit, visit_id)
        ops = session.scalars(
            select(Outbox.op).where(Outbox.record_id == visit_id).order_by(Outbox.seq)
        ).all()
    assert visit.voided_at is not None and visit.void_reason == "Saisie en double"
    assert visit.version == 2 and ops == ["create", "update"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rappeler Mme Durand demain", "civility-name"),
        ("joindre au 06 12 34 56 78", "phone"),
        ("écrit à jean.dupont@example.fr", "email"),
        ("né le 12/03/1987", "date"),
        ("numéro 1 84 05 73 108 111 01", "nir"),
    ],
)
def test_personal_data_is_spotted(text: str, kind: str) -> None:
    assert kind in {finding.kind for finding in personal_data_findings(text)}


def test_ordinary_notes_pass() -> None:
    assert (
        personal_data_findings("Dossier CAF incomplet, revient avec l'avis d'imposition 2025.")
        == []
    )


def test_open_questions_drop_what_cannot_change_anything() -> None:
    everything = [q.key for q in open_questions({})]
    assert everything[0] == "age" and "job_seeker_months" not in everything
    older = [q.key for q in open_questions({"age": 45})]
    assert "ase_before_18" not in older and "employed" not in older
    assert "job_seeker_months" in [q.key for q in open_questions({"job_seeker_registered": True})]
    settled = {
        "age": 45,
        "rsa": True,
        "ass": False,
        "job_seeker_registered": False,
        "rqth": False,
        "disability_other": False,
        "protection_status": "aucune",
    }
    assert open_questions(settled) == []


def test_drafts_round_trip_and_frequent_journeys(store: Store, manager) -> None:
    from frontdesk.visits.drafts import discard_draft, journey_counts, load_draft, save_draft

    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "checklist", "journeys": ["chercher-emploi"]})
    with store.transaction() as session:
        save_draft(session, manager.id, {"step": "result", "journeys": ["chercher-emploi"]})
    with store.session() as session:
        assert load_draft(session, manager.id) == {
            "step": "result",
            "journeys": ["chercher-emploi"],
        }
    with store.transaction() as session:
        discard_draft(session, manager.id)
    with store.session() as session:
        assert load_draft(session, manager.id) is None

    with store.transaction() as session:
        for journeys in (
            ("chercher-emploi",),
            ("chercher-emploi", "declarer-revenus"),
            ("endettement",),
        ):
            save_visit(session, simple_visit(journeys=journeys), manager.id)
    with store.session() as session:
        counts = journey_counts(session, "moreuil")
    assert next(iter(counts.items())) == ("chercher-emploi", 2)
    assert counts["declarer-revenus"] == 1 and counts["endettement"] == 1
