"""Hardening of the hub (issue 11): bodies bounded while they stream and never read for a
stranger, enrollment safe to retry, enrollment attempts limited, labels and numbers that
a database or a terminal cannot take refused or cleaned. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from frontdesk.hub import admin
from frontdesk.hub.app import create_app
from frontdesk.hub.cli import main
from frontdesk.hub.models import Device as HubDevice
from frontdesk.hub.models import Enrollment
from frontdesk.store.base import utcnow
from frontdesk.sync.protocol import MAX_BODY_BYTES, PROTOCOL_VERSION
from tests.hub.conftest import Device

MIB = 1024 * 1024
TOO_LARGE = {"code": "trop-gros", "message": "Requête trop volumineuse."}
UNKNOWN_OR_SPENT = "Code d'inscription inconnu ou déjà utilisé."


def chunks(count: int, size: int = MIB) -> Iterator[bytes]:
    """A body sent chunked: httpx announces no length for a generator."""
    for _ in range(count):
        yield b"x" * size


def push_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": '"cle-gros-envoi"'}


class Streamed:
    """A chunked POST played straight into the ASGI app, a chunk built only when the app
    asks for it: ``pulled`` tells how much of the body the hub read."""

    def __init__(self, app: Any, path: str, headers: dict[str, str], count: int) -> None:
        self.app, self.path, self.headers, self.count = app, path, headers, count
        self.pulled = 0
        self.messages: list[dict[str, Any]] = []

    def run(self) -> tuple[int, dict[str, Any]]:
        headers = [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"hub"), (b"transfer-encoding", b"chunked"), *headers],
            "client": ("127.0.0.1", 50000),
            "server": ("hub", 80),
        }
        anyio.run(self.app, scope, self.receive, self.send)
        start = next(m for m in self.messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in self.messages if "body" in m)
        return start["status"], json.loads(body)

    async def receive(self) -> dict[str, Any]:
        if self.pulled < self.count:
            self.pulled += 1
            return {
                "type": "http.request",
                "body": b"x" * MIB,
                "more_body": self.pulled < self.count,
            }
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        self.messages.append(message)


# A. bodies: bounded while they stream, never read before the token is known


def test_a_chunked_body_over_the_limit_is_refused(moreuil: Device) -> None:
    answer = moreuil.client.post(
        "/v1/push", content=chunks(16), headers=push_headers(moreuil.token)
    )
    assert answer.status_code == 413 and answer.json() == TOO_LARGE
    enroll = moreuil.client.post("/v1/enroll", content=chunks(16))
    assert enroll.status_code == 413 and enroll.json() == TOO_LARGE


def test_the_hub_stops_reading_a_chunked_body_at_the_limit(moreuil: Device) -> None:
    streamed = Streamed(moreuil.client.app, "/v1/push", push_headers(moreuil.token), 64)
    assert streamed.run() == (413, TOO_LARGE)
    assert streamed.pulled == MAX_BODY_BYTES // MIB + 1  # not one chunk past the limit


def test_a_stranger_is_refused_before_the_body_is_read(client: TestClient) -> None:
    pulled = 0
    app = client.app

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        async def counted() -> Any:
            nonlocal pulled
            message = await receive()
            pulled += len(message.get("body", b""))
            return message

        await app(scope, counted, send)

    with TestClient(counting) as spy:
        answer = spy.post("/v1/push", content=chunks(16), headers=push_headers("n-importe-quoi"))
    assert answer.status_code == 401 and answer.json()["code"] == "jeton-refuse"
    assert pulled == 0
    streamed = Streamed(app, "/v1/push", push_headers("n-importe-quoi"), 64)
    assert streamed.run()[0] == 401 and streamed.pulled == 0


def test_a_revoked_token_is_forgotten_after_one_refusal(moreuil: Device, hub_store) -> None:
    first = moreuil.mutation("visit", uuid.uuid4(), outcome="resolu")
    assert moreuil.push(first).status_code == 200  # the worker now knows the token
    with hub_store.transaction() as session:
        admin.revoke_device(session, moreuil.id)
    second = moreuil.mutation("visit", uuid.uuid4(), outcome="resolu")
    assert moreuil.push(second).status_code == 401  # the transaction's own check
    streamed = Streamed(moreuil.client.app, "/v1/push", push_headers(moreuil.token), 64)
    assert streamed.run()[0] == 401 and streamed.pulled == 0  # refused before the body


def test_a_small_chunked_push_is_applied(moreuil: Device) -> None:
    mutation = moreuil.mutation("visit", uuid.uuid4(), outcome="resolu")
    body = json.dumps({"protocol": PROTOCOL_VERSION, "mutations": [mutation]}).encode()
    answer = moreuil.client.post(
        "/v1/push", content=iter([body[:100], body[100:]]), headers=push_headers(moreuil.token)
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["last_seq"] == 1


# D. enrollment: safe to retry with the same key, never a second device


def new_code(hub_store, site: str | None = "moreuil") -> str:
    with hub_store.transaction() as session:
        return admin.issue_enrollment(session, "site" if site else "tuteur", site).code


def enroll_body(code: str, key: str | None, **more: Any) -> dict[str, Any]:
    body = {"protocol": PROTOCOL_VERSION, "code": code, "label": "PC accueil", **more}
    if key is not None:
        body["attempt_key"] = key
    return body


def devices(hub_store) -> int:
    with hub_store.transaction() as session:
        return session.scalar(select(func.count()).select_from(HubDevice))


def test_the_same_attempt_again_gets_the_same_device_a_new_token(client, hub_store) -> None:
    code, key = new_code(hub_store), secrets.token_urlsafe(32)
    first = client.post("/v1/enroll", json=enroll_body(code, key))
    assert first.status_code == 200, first.text
    again = client.post("/v1/enroll", json=enroll_body(code, key, next_seq=4))
    assert again.status_code == 200, again.text
    lost, kept = first.json(), again.json()
    assert kept["device_id"] == lost["device_id"] and kept["token"] != lost["token"]
    assert devices(hub_store) == 1
    with hub_store.transaction() as session:
        device = session.get(HubDevice, uuid.UUID(kept["device_id"]))
        assert device.last_seq == 3  # the retry's numbering: nothing was pushed meanwhile
    old = client.get("/v1/pull", headers={"Authorization": f"Bearer {lost['token']}"})
    assert old.status_code == 401  # the lost token is gone
    new = client.get("/v1/pull", headers={"Authorization": f"Bearer {kept['token']}"})
    assert new.status_code == 200
    # once the device has used its token, nobody's answer was lost: no third answer
    late = client.post("/v1/enroll", json=enroll_body(code, key))
    assert late.status_code == 403 and late.json()["message"] == UNKNOWN_OR_SPENT


def test_another_key_or_none_finds_the_code_spent(client, hub_store) -> None:
    code, key = new_code(hub_store), secrets.token_urlsafe(32)
    assert client.post("/v1/enroll", json=enroll_body(code, key)).status_code == 200
    for other in (secrets.token_urlsafe(32), None):
        answer = client.post("/v1/enroll", json=enroll_body(code, other))
        assert answer.status_code == 403 and answer.json()["message"] == UNKNOWN_OR_SPENT
    keyless = new_code(hub_store)  # spent without a key (an older client): no retry
    assert client.post("/v1/enroll", json=enroll_body(keyless, None)).status_code == 200
    answer = client.post("/v1/enroll", json=enroll_body(keyless, key))
    assert answer.status_code == 403 and answer.json()["message"] == UNKNOWN_OR_SPENT
    assert devices(hub_store) == 2


def test_no_retry_once_the_code_expired_or_the_device_was_revoked(client, hub_store) -> None:
    code, key = new_code(hub_store), secrets.token_urlsafe(32)
    first = client.post("/v1/enroll", json=enroll_body(code, key)).json()
    with hub_store.transaction() as session:
        session.scalars(select(Enrollment)).one().expires_at = utcnow() - timedelta(minutes=1)
    expired = client.post("/v1/enroll", json=enroll_body(code, key))
    assert expired.status_code == 403 and "expiré" in expired.json()["message"]
    other, other_key = new_code(hub_store), secrets.token_urlsafe(32)
    second = client.post("/v1/enroll", json=enroll_body(other, other_key)).json()
    with hub_store.transaction() as session:
        admin.revoke_device(session, second["device_id"])
    revoked = client.post("/v1/enroll", json=enroll_body(other, other_key))
    assert revoked.status_code == 403 and revoked.json()["message"] == UNKNOWN_OR_SPENT
    assert first["device_id"] != second["device_id"] and devices(hub_store) == 2


def test_an_attempt_key_is_checked(client, hub_store) -> None:
    for key in ("court", "x" * 101, "a" * 40 + " !"):
        answer = client.post("/v1/enroll", json=enroll_body(new_code(hub_store), key))
        assert answer.status_code == 422 and answer.json()["code"] == "requete-invalide"


# E. enrollment attempts: a few refusals a minute per address, and in all


def test_guessing_codes_is_slowed_down(hub_store) -> None:
    app = create_app(hub_store)
    guesser = TestClient(app, client=("203.0.113.7", 40000))
    for n in range(10):
        answer = guesser.post("/v1/enroll", json=enroll_body(f"AAAA-BBBB-{n:04d}", None))
        assert answer.status_code == 403
    blocked = guesser.post("/v1/enroll", json=enroll_body(new_code(hub_store), None))
    assert blocked.status_code == 429 and blocked.json()["code"] == "trop-de-tentatives"
    assert "Trop de tentatives" in blocked.json()["message"]
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    neighbour = TestClient(app, client=("203.0.113.8", 40000))  # another address: its own count
    assert (
        neighbour.post("/v1/enroll", json=enroll_body(new_code(hub_store), None)).status_code == 200
    )


def test_an_office_enrolling_many_pcs_is_never_slowed(hub_store) -> None:
    office = TestClient(create_app(hub_store))
    for _ in range(15):  # successes do not count: only refusals are guesses
        assert (
            office.post("/v1/enroll", json=enroll_body(new_code(hub_store), None)).status_code
            == 200
        )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_counts_per_address_and_in_all_over_a_sliding_minute() -> None:
    from frontdesk.hub.app import EnrollLimiter

    clock = Clock()
    limiter = EnrollLimiter(per_address=2, overall=3, window=60.0, clock=clock)
    assert limiter.wait("a") == 0
    limiter.refused("a")
    clock.now += 10
    limiter.refused("a")
    assert limiter.wait("a") == pytest.approx(50.0)  # the first refusal leaves in 50 s
    assert limiter.wait("b") == 0
    limiter.refused("b")
    assert limiter.wait("c") == pytest.approx(50.0)  # three refusals in all: everyone waits
    clock.now += 50
    assert limiter.wait("a") == 0 and limiter.wait("c") == 0
    clock.now += 60
    assert limiter.wait("a") == 0 and not limiter._by_address  # forgotten, memory freed


# F. labels and numbers a database or a terminal cannot take


@pytest.mark.parametrize(
    "field, value",
    [
        ("next_seq", 2**70),
        ("next_seq", 2**63),
        ("label", "PC\x00accueil"),
        ("label", "PC \x1b[2J\x1b]0;pirate\x07"),
        ("label", "PC \u202eliucca"),
        ("code", "ABCD-EFGH-JKL\x00"),
        ("code", "ABCD\x1bEFGHJKLM"),
    ],
)
def test_numbers_and_characters_the_hub_cannot_keep_are_refused(
    client, hub_store, field: str, value: Any
) -> None:
    body = enroll_body(new_code(hub_store), None) | {field: value}
    answer = client.post("/v1/enroll", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {
        "code": "requete-invalide",
        "message": f"Requête invalide (body.{field}).",
    }
    assert devices(hub_store) == 0


def test_the_largest_seq_the_database_holds_is_taken(client, hub_store) -> None:
    answer = client.post(
        "/v1/enroll", json=enroll_body(new_code(hub_store), None, next_seq=2**63 - 1)
    )
    assert answer.status_code == 200, answer.text
    with hub_store.transaction() as session:
        assert session.scalars(select(HubDevice.last_seq)).one() == 2**63 - 2


def test_labels_lose_their_control_characters_when_enrolled_and_when_listed(
    hub_store, hub_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with hub_store.transaction() as session:
        code = admin.issue_enrollment(session, "site", "moreuil").code
        device, _token = admin.enroll(session, code, "\x1b[31mPC\u200b accueil\x9b2J\x07 ")
        assert device.label == "[31mPC accueil2J"  # what a terminal would not act on
        # a row enrolled before the cleaning, escape sequences and all
        old = HubDevice(
            site_id="roye",
            kind="site",
            label="\x1b]0;pirate\x07PC \x1b[2Jroye",
            token_hash="0" * 64,
        )
        session.add(old)
    assert main(["--db", hub_url, "admin", "postes"]) == 0
    listed = capsys.readouterr().out
    assert "[31mPC accueil2J" in listed and "]0;piratePC [2Jroye" in listed
    assert not any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in listed.replace("\n", ""))
