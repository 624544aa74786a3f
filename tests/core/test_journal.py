"""The journal: filters, scoping by role, pages newest first, the detail, voiding."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from frontdesk import audit, config
from frontdesk.accounts import ProfileInfo, create_profile
from frontdesk.moments import LOCAL_ZONE
from frontdesk.resources import load_json
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.visits.journal import (
    OTHER_AGENT,
    JournalFilter,
    JournalScope,
    count_visits,
    may_void,
    page,
    scope_for,
)
from frontdesk.visits.journal_detail import visit_detail, void_from_journal
from frontdesk.visits.models import Visit
from frontdesk.visits.record import VisitError, VisitInput, save_visit
from frontdesk.visits.reviews import add_comment, set_review_status
from tests.conftest import PASSWORD

DAY = datetime(2026, 3, 10, 9, 30, tzinfo=LOCAL_ZONE)


def add_visit(store: Store, agent_id: uuid.UUID, at: datetime, **fields: Any) -> uuid.UUID:
    """One visit written as the counter would, with any field set by hand."""
    values: dict[str, Any] = {
        "channel": "guichet",
        "journeys": ["declarer-revenus"],
        "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
        "operators": [],
        "publics": {},
        "orientations": [],
        "outcome": "resolu",
    }
    values.update(fields)
    with store.transaction() as session:
        end = at + timedelta(minutes=9)
        visit = Visit(agent_id=agent_id, started_at=at, ended_at=end, **values)
        session.add(visit)
        session.flush()
        return visit.id


@pytest.fixture
def people(store: Store, manager: ProfileInfo) -> dict[str, ProfileInfo]:
    with store.transaction() as session:
        agent = create_profile(session, "Paul Agent", "agent", PASSWORD, actor_id=manager.id)
        tutor = create_profile(session, "Tina Tutrice", "tuteur", PASSWORD, actor_id=manager.id)
        admin = create_profile(session, "Alain Admin", "administrateur", PASSWORD, actor_id=None)
    return {"superviseur": manager, "agent": agent, "tuteur": tutor, "administrateur": admin}


@pytest.fixture
def log(store: Store, people: dict[str, ProfileInfo]) -> dict[str, uuid.UUID]:
    """Eight visits over three days, at Moreuil (this PC) and Roye (synced)."""
    agent, boss = people["agent"].id, people["superviseur"].id
    neet = {"jeune-neet": {"status": "oui"}, "beneficiaire-rsa": {"status": "a_verifier"}}
    return {
        "old": add_visit(store, agent, DAY - timedelta(days=2)),
        "neet": add_visit(
            store, agent, DAY - timedelta(days=1), journeys=["jeune-neet"],
            thematiques=["se-former--trouver-sa-formation"], publics=neet,
            outcome="oriente", orientations=[{"partner": "mission-locale", "kind": "appel"}],
        ),
        "debt": add_visit(
            store, boss, DAY, journeys=["endettement", "demandes-logement"],
            thematiques=["difficultes-financieres--situation-dendettement-surendettement"],
            publics={"jeune-neet": {"status": "non"}}, channel="telephone",
        ),
        "roye": add_visit(store, uuid.uuid4(), DAY + timedelta(hours=1), site_id="roye"),
        "roye2": add_visit(
            store, uuid.uuid4(), DAY + timedelta(hours=2), site_id="roye",
            orientations=[{"partner": "caf", "kind": "information"}], outcome="oriente",
        ),
        "late": add_visit(store, agent, DAY + timedelta(hours=3), outcome="a-revoir"),
    }  # fmt: skip


def ids(store: Store, journal_filter: JournalFilter, scope: JournalScope) -> list[uuid.UUID]:
    with store.session() as session:
        return [row.id for row in page(session, journal_filter, scope, 0, 100)]


def scope_of(store: Store, profile: ProfileInfo) -> JournalScope:
    with store.session() as session:
        return scope_for(session, profile)


def test_agents_and_superviseurs_see_their_site_tutors_and_admins_every_site(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    here = ["late", "debt", "neet", "old"]
    everywhere = ["late", "roye2", "roye", "debt", "neet", "old"]
    for role, expected in (
        ("agent", here),
        ("superviseur", here),
        ("tuteur", everywhere),
        ("administrateur", everywhere),
    ):
        scope = scope_of(store, people[role])
        assert ids(store, JournalFilter(), scope) == [log[name] for name in expected], role
        with store.session() as session:
            assert count_visits(session, JournalFilter(), scope) == len(expected)
    agent = scope_of(store, people["agent"])
    assert ids(store, JournalFilter(site="roye"), agent) == []  # not theirs to read
    tutor = scope_of(store, people["tuteur"])
    assert ids(store, JournalFilter(site="roye"), tutor) == [log["roye2"], log["roye"]]


def test_each_filter_keeps_the_visits_it_names(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    tutor = scope_of(store, people["tuteur"])
    cases = {
        JournalFilter(date_from=DAY.date(), date_to=DAY.date()): ["late", "roye2", "roye", "debt"],
        JournalFilter(date_to=DAY.date() - timedelta(days=1)): ["neet", "old"],
        JournalFilter(agent=people["agent"].id): ["late", "neet", "old"],
        JournalFilter(journey="endettement"): ["debt"],
        JournalFilter(journey="demandes-logement"): ["debt"],
        JournalFilter(category="se-former"): ["neet"],
        JournalFilter(category="difficultes-financieres"): ["debt"],
        JournalFilter(public="jeune-neet"): ["neet"],  # oui or à vérifier
        JournalFilter(public="jeune-neet", public_status="non"): ["debt"],
        JournalFilter(public="beneficiaire-rsa", public_status="a_verifier"): ["neet"],
        JournalFilter(public="beneficiaire-rsa", public_status="oui"): [],
        JournalFilter(partner="mission-locale"): ["neet"],
        JournalFilter(partner="caf"): ["roye2"],
        JournalFilter(outcome="a-revoir"): ["late"],
        JournalFilter(channel="telephone"): ["debt"],
        JournalFilter(outcome="oriente", site="roye"): ["roye2"],
    }
    for journal_filter, expected in cases.items():
        assert ids(store, journal_filter, tutor) == [log[n] for n in expected], journal_filter
        with store.session() as session:
            assert count_visits(session, journal_filter, tutor) == len(expected)


def test_a_period_is_made_of_whole_local_days(store: Store, people: dict[str, ProfileInfo]) -> None:
    agent = people["agent"].id
    midnight = datetime(2026, 7, 1, tzinfo=LOCAL_ZONE)  # summer: 22:00 UTC the day before
    before = add_visit(store, agent, midnight - timedelta(microseconds=1))
    first = add_visit(store, agent, midnight)
    last = add_visit(store, agent, midnight + timedelta(days=1) - timedelta(microseconds=1))
    tutor = scope_of(store, people["tuteur"])
    july_first = JournalFilter(date_from=date(2026, 7, 1), date_to=date(2026, 7, 1))
    assert ids(store, july_first, tutor) == [last, first]
    assert ids(store, JournalFilter(date_to=date(2026, 6, 30)), tutor) == [before]


def test_voided_and_review_filters(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    boss, tutor = people["superviseur"], people["tuteur"]
    with store.transaction() as session:
        void_from_journal(session, log["old"], "Saisie en double", boss)
        set_review_status(session, log["neet"], "a_revoir", tutor)
        set_review_status(session, log["roye"], "valide", tutor)
    scope = scope_of(store, tutor)
    assert ids(store, JournalFilter(voided=True), scope) == [log["old"]]
    assert log["old"] not in ids(store, JournalFilter(voided=False), scope)
    assert ids(store, JournalFilter(review="a_revoir"), scope) == [log["neet"]]
    assert ids(store, JournalFilter(review="valide"), scope) == [log["roye"]]
    not_reviewed = ids(store, JournalFilter(review="aucun"), scope)
    assert set(not_reviewed) == set(log.values()) - {log["neet"], log["roye"]}
    here = scope_of(store, people["agent"])  # the agent's site only, even in the queue
    assert ids(store, JournalFilter(review="valide"), here) == []
    assert ids(store, JournalFilter(review="a_revoir", date_from=DAY.date()), scope) == []

    with store.session() as session:
        rows = {row.id: row for row in page(session, JournalFilter(), scope, 0, 10)}
    assert rows[log["old"]].voided and not rows[log["neet"]].voided
    assert rows[log["neet"]].review == "a_revoir" and rows[log["late"]].review is None


def test_pages_are_slices_of_one_order_newest_first(
    store: Store, people: dict[str, ProfileInfo]
) -> None:
    agent = people["agent"].id
    same_time = DAY + timedelta(days=5)
    made = [add_visit(store, agent, DAY + timedelta(minutes=n)) for n in range(23)]
    made += [add_visit(store, agent, same_time) for _ in range(3)]  # ties keep one order
    scope = scope_of(store, people["agent"])
    with store.session() as session:
        whole = page(session, JournalFilter(), scope, 0, 100)
        slices = [page(session, JournalFilter(), scope, n, 5) for n in range(0, 30, 5)]
    assert len(whole) == 26
    assert [row.id for part in slices for row in part] == [row.id for row in whole]
    starts = [row.started_at for row in whole]
    assert starts == sorted(starts, reverse=True)
    assert set(row.id for row in whole) == set(made)
    assert whole[0].agent == "Paul Agent" and whole[0].site == "Moreuil"
    with store.session() as session:
        assert page(session, JournalFilter(), scope, 26, 5) == []


def test_a_row_says_who_and_what_in_plain_values(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    scope = scope_of(store, people["tuteur"])
    with store.session() as session:
        rows = {row.id: row for row in page(session, JournalFilter(), scope, 0, 10)}
    neet = rows[log["neet"]]
    assert neet.journeys == ("jeune-neet",) and neet.outcome == "oriente"
    assert neet.agent == "Paul Agent" and neet.site == "Moreuil" and neet.unread == 0
    assert neet.started_at.tzinfo is not None
    assert rows[log["roye"]].agent == OTHER_AGENT and rows[log["roye"]].site == "Roye"


def test_the_detail_holds_everything_and_stays_in_scope(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    tutor, agent = people["tuteur"], people["agent"]
    with store.transaction() as session:
        set_review_status(session, log["neet"], "a_revoir", tutor)
        add_comment(session, log["neet"], "Pensez au CEJ.", tutor)
        add_comment(session, log["neet"], "C'est fait, rendez-vous pris.", agent)
    with store.session() as session:
        detail = visit_detail(session, log["neet"], scope_for(session, agent))
        assert visit_detail(session, log["roye"], scope_for(session, agent)) is None
        assert visit_detail(session, log["roye"], scope_for(session, tutor)) is not None
        assert visit_detail(session, uuid.uuid4()) is None
    assert detail is not None
    assert detail.journeys == ("jeune-neet",) and detail.agent == "Paul Agent"
    assert dict(detail.publics) == {"jeune-neet": "oui", "beneficiaire-rsa": "a_verifier"}
    assert detail.orientations == (("mission-locale", "appel"),)
    assert detail.review == "a_revoir" and detail.reviewer_name == "Tina Tutrice"
    assert [c.body for c in detail.comments] == ["Pensez au CEJ.", "C'est fait, rendez-vous pris."]
    assert [c.author_role for c in detail.comments] == ["tuteur", "agent"]


def test_voiding_from_the_journal_checks_role_scope_and_owner(
    store: Store, people: dict[str, ProfileInfo], log: dict[str, uuid.UUID]
) -> None:
    agent, boss, tutor = people["agent"], people["superviseur"], people["tuteur"]
    refusals = [
        (tutor, log["late"], "Votre rôle ne permet pas d'annuler une visite."),
        (agent, log["debt"], "Vous ne pouvez annuler que les visites que vous avez enregistrées."),
        (boss, log["roye"], "Cette visite n'existe pas."),
    ]
    for actor, visit_id, message in refusals:
        with pytest.raises(VisitError, match=message), store.transaction() as session:
            void_from_journal(session, visit_id, "Erreur de saisie", actor)
    with store.transaction() as session:
        void_from_journal(session, log["late"], "Erreur de saisie", agent)
        void_from_journal(session, log["debt"], "Saisie en double", boss)
    with store.session() as session:
        late = session.get(Visit, log["late"])
        assert late is not None and late.void_reason == "Erreur de saisie"
        updates = session.scalars(
            select(Outbox).where(Outbox.record_id == log["late"], Outbox.op == "update")
        ).all()
        assert [u.changed for u in updates] == [["void_reason", "voided_at"]]
        assert [e.kind for e in audit.recent(session)][:2] == ["visit_voided", "visit_voided"]
    with pytest.raises(VisitError, match="déjà annulée"), store.transaction() as session:
        void_from_journal(session, log["late"], "Encore", agent)


def test_visits_saved_by_the_counter_flow_are_in_the_journal(
    store: Store, people: dict[str, ProfileInfo]
) -> None:
    agent = people["agent"]
    visit = VisitInput(
        started_at=DAY, channel="guichet", journeys=("endettement",), outcome="resolu"
    )
    with store.transaction() as session:
        visit_id = save_visit(session, visit, agent.id)
    scope = scope_of(store, agent)
    assert ids(store, JournalFilter(category="difficultes-financieres"), scope) == [visit_id]
    assert ids(store, JournalFilter(journey="endettement"), scope) == [visit_id]


@pytest.fixture
def modified_roles(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace roles.json by the shipped file with some actions added to or taken from
    a role, as a site adjusting its lists would."""
    shipped = load_json("roles.json")

    def modify(role: str, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> None:
        data = copy.deepcopy(shipped)
        actions = data["roles"][role]["actions"]
        data["roles"][role]["actions"] = [a for a in actions if a not in remove] + list(add)
        monkeypatch.setattr(
            config, "load_json", lambda name: data if name == "roles.json" else load_json(name)
        )
        config.roles.cache_clear()

    yield modify
    monkeypatch.undo()
    config.roles.cache_clear()


def test_the_journal_scope_is_read_from_roles_json(
    store: Store,
    people: dict[str, ProfileInfo],
    log: dict[str, uuid.UUID],
    modified_roles: Callable[..., None],
) -> None:
    everywhere = [log[n] for n in ("late", "roye2", "roye", "debt", "neet", "old")]
    modified_roles("superviseur", add=("journal.all_sites",))
    boss = scope_of(store, people["superviseur"])
    assert boss.all_sites
    assert ids(store, JournalFilter(), boss) == everywhere
    assert ids(store, JournalFilter(site="roye"), boss) == [log["roye2"], log["roye"]]
    modified_roles("tuteur", remove=("journal.all_sites",))
    tutor = scope_of(store, people["tuteur"])
    assert not tutor.all_sites
    assert log["roye"] not in ids(store, JournalFilter(), tutor)


def test_who_may_void_whose_visit_follows_roles_json(
    store: Store,
    people: dict[str, ProfileInfo],
    log: dict[str, uuid.UUID],
    modified_roles: Callable[..., None],
) -> None:
    agent, boss = people["agent"], people["superviseur"]
    shipped = {
        role: (may_void(profile, profile.id), may_void(profile, uuid.uuid4()))
        for role, profile in people.items()
    }
    assert shipped == {  # (their own visit, someone else's)
        "agent": (True, False),
        "superviseur": (True, True),
        "tuteur": (False, False),
        "administrateur": (False, False),
    }
    modified_roles("superviseur", remove=("journal.void_others",))
    assert may_void(boss, boss.id) and not may_void(boss, agent.id)
    refused = pytest.raises(VisitError, match="que vous avez enregistrées")
    with refused, store.transaction() as session:
        void_from_journal(session, log["late"], "Erreur de saisie", boss)
    modified_roles("agent", add=("journal.void_others",))
    assert may_void(agent, boss.id)
    with store.transaction() as session:
        void_from_journal(session, log["debt"], "Saisie en double", agent)
    with store.session() as session:
        assert session.get(Visit, log["debt"]).void_reason == "Saisie en double"
