"""Profiles: hashing, throttling, role rules, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from frontdesk import accounts, audit
from frontdesk.accounts import AccountError, LoginOutcome, delay_after
from frontdesk.config import settings_defaults
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.store.models import Profile
from tests.conftest import PASSWORD

THROTTLE = settings_defaults().login_throttle


def add_agent(store: Store, manager, name: str = "Agent Un") -> accounts.ProfileInfo:
    with store.transaction() as session:
        return accounts.create_profile(
            session, name, "agent", "motdepasse-agent", actor_id=manager.id
        )


def login(store: Store, profile_id, password: str, **kw) -> accounts.LoginResult:
    with store.transaction() as session:
        return accounts.verify_login(session, profile_id, password, **kw)


def test_password_is_hashed_with_argon2id(store: Store, manager) -> None:
    with store.session() as session:
        stored = session.get(Profile, manager.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_login_right_and_wrong(store: Store, manager) -> None:
    assert login(store, manager.id, PASSWORD).outcome is LoginOutcome.OK
    wrong = login(store, manager.id, "pas le bon")
    assert wrong.outcome is LoginOutcome.WRONG_PASSWORD
    assert wrong.message == "Mot de passe incorrect."


def test_five_failures_delay_the_next_try(store: Store, manager) -> None:
    now = utcnow()
    for attempt in range(THROTTLE.free_attempts):
        result = login(store, manager.id, "faux", now=now + timedelta(seconds=attempt))
        assert result.outcome is LoginOutcome.WRONG_PASSWORD
    assert result.wait_seconds == THROTTLE.first_delay_seconds
    last = now + timedelta(seconds=THROTTLE.free_attempts - 1)

    early = login(store, manager.id, PASSWORD, now=last + timedelta(seconds=5))
    assert early.outcome is LoginOutcome.DELAYED
    assert "Trop d'essais" in early.message
    assert early.wait_seconds == THROTTLE.first_delay_seconds - 5

    later = last + timedelta(seconds=THROTTLE.first_delay_seconds)
    assert login(store, manager.id, PASSWORD, now=later).outcome is LoginOutcome.OK
    with store.session() as session:
        assert session.get(Profile, manager.id).failed_attempts == 0


def test_failure_count_survives_a_restart(store: Store, manager, paths) -> None:
    for _ in range(THROTTLE.free_attempts):
        login(store, manager.id, "faux")
    store.close()
    reopened = Store(paths.database)
    assert login(reopened, manager.id, PASSWORD).outcome is LoginOutcome.DELAYED
    reopened.close()


@given(st.integers(min_value=0, max_value=200))
def test_delay_grows_and_is_capped(failures: int) -> None:
    delay = delay_after(failures, THROTTLE)
    assert 0 <= delay <= THROTTLE.max_delay_seconds
    assert delay <= delay_after(failures + 1, THROTTLE)
    assert (delay == 0) == (failures < THROTTLE.free_attempts)


def test_names_are_unique_case_insensitively(store: Store, manager) -> None:
    add_agent(store, manager, "Agent Un")
    with pytest.raises(AccountError, match="existe déjà"), store.transaction() as session:
        accounts.create_profile(
            session, "  agent   UN ", "agent", "motdepasse-x", actor_id=manager.id
        )


@pytest.mark.parametrize(
    ("password", "message"),
    [("court", "au moins 8"), (" espace-devant", "espace")],
)
def test_weak_passwords_are_refused(store: Store, manager, password: str, message: str) -> None:
    with pytest.raises(AccountError, match=message), store.transaction() as session:
        accounts.create_profile(session, "Agent Deux", "agent", password, actor_id=manager.id)


def test_only_managers_manage_profiles(store: Store, manager) -> None:
    agent = add_agent(store, manager)
    with pytest.raises(AccountError, match="ne permet pas"), store.transaction() as session:
        accounts.reset_password(session, agent.id, manager.id, "nouveau-mdp-1")
    with store.transaction() as session:
        accounts.reset_password(session, manager.id, agent.id, "nouveau-mdp-1")
    assert login(store, agent.id, "nouveau-mdp-1").outcome is LoginOutcome.OK


def test_the_last_manager_cannot_be_removed(store: Store, manager) -> None:
    with pytest.raises(AccountError, match="au moins un profil"), store.transaction() as session:
        accounts.set_role(session, manager.id, manager.id, "agent")
    with pytest.raises(AccountError, match="au moins un profil"), store.transaction() as session:
        accounts.set_active(session, manager.id, manager.id, False)
    with store.transaction() as session:
        second = accounts.create_profile(
            session, "Admin", "administrateur", "motdepasse-adm", actor_id=manager.id
        )
    with store.transaction() as session:
        accounts.set_role(session, manager.id, manager.id, "agent")  # another manager remains
    with store.session() as session:
        assert session.get(Profile, manager.id).role == "agent"
        assert session.get(Profile, second.id).role == "administrateur"


def test_disabled_profile_cannot_log_in(store: Store, manager) -> None:
    agent = add_agent(store, manager)
    with store.transaction() as session:
        accounts.set_active(session, manager.id, agent.id, False)
    result = login(store, agent.id, "motdepasse-agent")
    assert result.outcome is LoginOutcome.UNKNOWN_PROFILE
    with store.session() as session:
        assert agent.id not in {p.id for p in accounts.list_profiles(session)}


def test_change_own_password_needs_the_current_one(store: Store, manager) -> None:
    with pytest.raises(AccountError, match="actuel est incorrect"), store.transaction() as session:
        accounts.change_own_password(session, manager.id, "faux", "nouveau-mdp-2")
    with store.transaction() as session:
        accounts.change_own_password(session, manager.id, PASSWORD, "nouveau-mdp-2")
    assert login(store, manager.id, "nouveau-mdp-2").outcome is LoginOutcome.OK


def test_profile_events_are_audited_without_secrets(store: Store, manager) -> None:
    agent = add_agent(store, manager)
    login(store, agent.id, "faux")
    login(store, agent.id, "motdepasse-agent", unlock=True)
    with store.session() as session:
        entries = audit.recent(session)
        raw = [str(e.detail) for e in entries]
    kinds = [e.kind for e in entries]
    assert kinds[:3] == ["unlock", "login_failed", "profile_created"]
    assert "site_configured" in kinds
    assert not any("motdepasse" in text or "faux" in text for text in raw)
    with store.session() as session:
        assert session.scalar(select(Profile.failed_attempts).where(Profile.id == agent.id)) == 0
