"""« Signaler une erreur »: agents report, DORA reasons, no personal data, the queue empties."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.contacts.defaults import default_id, seed_default_directory
from frontdesk.contacts.editing import DirectoryEditError, FormErrors
from frontdesk.contacts.models import DirectoryReport
from frontdesk.contacts.reports import open_reports, report_error, resolve_report
from frontdesk.contacts.validation import NBSP
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox

CCAS = default_id("frontdesk--ccas-moreuil")


@pytest.fixture
def agent(store: Store, manager: ProfileInfo) -> ProfileInfo:
    with store.transaction() as session:
        seed_default_directory(session)
        return create_profile(session, "Agent", "agent", "motdepasse-agent", actor_id=manager.id)


def test_agent_reports_and_superviseur_resolves(
    store: Store, manager: ProfileInfo, agent: ProfileInfo
) -> None:
    with store.transaction() as session:
        report_id = report_error(
            session, "structure", CCAS, "informations-pratiques", " Horaires changés. ", agent
        )
    with store.session() as session:
        [view] = open_reports(session)
        assert view.id == report_id and view.target_name.startswith("CCAS")
        assert view.reason_label.startswith("Les informations pratiques sont obsolètes")
        assert view.comment == "Horaires changés." and view.reporter_name == "Agent"
        [row] = session.scalars(select(Outbox).where(Outbox.record_id == report_id))
        assert row.op == "create" and row.entity == "directory_report"
    with store.transaction() as session:
        resolve_report(session, report_id, manager, "Horaires mis à jour.")
    with store.session() as session:
        assert open_reports(session) == []
        report = session.get(DirectoryReport, report_id)
        assert report.status == "traite" and report.resolved_at is not None
        assert report.resolution == {"by": str(manager.id), "note": "Horaires mis à jour."}
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="déjà"):
        resolve_report(session, report_id, manager, None)


def test_reason_must_be_a_dora_motif(store: Store, agent: ProfileInfo) -> None:
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        report_error(session, "structure", CCAS, "pas-un-motif", None, agent)
    assert caught.value.errors == {"reason": f"Motif{NBSP}: choisissez un motif dans la liste."}


def test_other_reason_needs_a_comment(store: Store, agent: ProfileInfo) -> None:
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        report_error(session, "structure", CCAS, "autre", "  ", agent)
    assert set(caught.value.errors) == {"comment"}
    with store.transaction() as session:
        report_error(session, "structure", CCAS, "autre", "La structure a déménagé.", agent)


@pytest.mark.parametrize(
    "comment",
    [
        "Mme Dupont est venue, la fiche est fausse",
        "rappeler le 06 12 34 56 78",
        "né le 12/03/1985",
        "écrire à jean.dupont@gmail.com",
    ],
)
def test_personal_data_in_the_comment_is_refused(
    store: Store, agent: ProfileInfo, comment: str
) -> None:
    with store.transaction() as session, pytest.raises(FormErrors) as caught:
        report_error(session, "structure", CCAS, "administratif", comment, agent)
    message = caught.value.errors["comment"]
    assert message.startswith(f"Commentaire{NBSP}: ne notez aucune donnée personnelle")
    with store.session() as session:
        assert open_reports(session) == []


def test_unknown_target_and_roles(store: Store, manager: ProfileInfo, agent: ProfileInfo) -> None:
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="n'existe plus"):
        report_error(session, "service", uuid.uuid4(), "delai", None, agent)
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="n'existe plus"):
        report_error(session, "commune", CCAS, "delai", None, agent)
    with store.transaction() as session:
        report_id = report_error(session, "structure", CCAS, "delai", None, agent)
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="modifier"):
        resolve_report(session, report_id, agent, None)
    with store.transaction() as session:
        admin = create_profile(session, "Admin", "administrateur", "motdepasse-adm", actor_id=None)
    with store.transaction() as session, pytest.raises(DirectoryEditError, match="signaler"):
        report_error(session, "structure", CCAS, "delai", None, admin)
    with store.session() as session:
        assert len(open_reports(session)) == 1
