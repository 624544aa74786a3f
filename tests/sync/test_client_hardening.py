"""Hardening of the sync client (issue 11): a sync ends within its time budget whatever
``Retry-After`` a hub or a proxy sends, a redirect is never followed, and an enrollment
whose answer was lost can be retried without leaving a ghost device."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdesk.device import get_setting, put_setting
from frontdesk.hub.models import Device as HubDevice
from frontdesk.store.models import Outbox
from frontdesk.sync.client import RETRY_AFTER_MAX, HubClient, HubRefused, HubUnavailable
from frontdesk.sync.run import DEVICE, TOKEN, URL, enroll_device, is_enrolled, sync_once
from frontdesk.sync.schedule import BoundedClient
from tests.sync.test_sync import count, log_visits

Answer = tuple[int, dict[str, str], dict[str, Any] | None]  # status, headers, JSON body


class FakeHub:
    """A tiny HTTP server on loopback whose answers a test scripts: ``answer(method,
    path)`` gives the status, the headers and the JSON body. Records what it was asked."""

    def __init__(self, answer: Callable[[str, str], Answer]) -> None:
        self.seen: list[tuple[str, str]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                hub.seen.append((self.command, self.path))
                status, headers, body = answer(self.command, self.path)
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers | {"Content-Length": str(len(data))}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_hubs() -> Iterator[Callable[[Callable[[str, str], Answer]], FakeHub]]:
    started: list[FakeHub] = []

    def start(answer: Callable[[str, str], Answer]) -> FakeHub:
        started.append(FakeHub(answer))
        return started[-1]

    yield start
    for hub in started:
        hub.stop()


def enrolled_at(store, url: str) -> None:
    """Settings as an enrollment leaves them (the fake hubs check no token)."""
    with store.transaction() as session:
        put_setting(session, URL, url)
        put_setting(session, TOKEN, "jeton-de-test")
        put_setting(session, DEVICE, "5f0c3f3e-0000-4000-8000-000000000001")


def busy(*waits: str) -> Callable[[str, str], Answer]:
    """503 with these ``Retry-After`` values, the last one repeated."""
    told = list(waits)

    def answer(_method: str, _path: str) -> Answer:
        wait = told.pop(0) if len(told) > 1 else told[0]
        return 503, {"Retry-After": wait}, {"code": "occupe", "message": "Occupé."}

    return answer


# B. Retry-After: obeyed, but never past the sync's budget nor past a cap


def test_a_sync_ends_within_its_budget_whatever_retry_after_says(fake_hubs, make_device) -> None:
    hub = fake_hubs(busy("20", "3600"))
    device = make_device("a", 0)
    enrolled_at(device, hub.url)
    log_visits(device, 2)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            sync_once(device, lambda url, token=None: BoundedClient(url, token, seconds=8))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)  # a hang must not hang the tests
    worker.start()
    worker.join(15)
    assert not worker.is_alive(), "the sync went on past its 8 s budget"
    assert time.monotonic() - started <= 8.5
    assert isinstance(outcome[0], HubUnavailable)
    assert str(outcome[0]).startswith("Temps imparti écoulé")
    assert "rien n'est perdu" in str(outcome[0])
    assert count(device, Outbox) == 2  # nothing lost


def test_a_short_retry_after_within_the_budget_is_obeyed(fake_hubs) -> None:
    asked: list[float] = []

    def answer(_method: str, _path: str) -> Answer:
        asked.append(time.monotonic())
        if len(asked) == 1:
            return 503, {"Retry-After": "1"}, None
        return 200, {}, {"status": "ok", "protocol": 1}

    hub = fake_hubs(answer)
    assert BoundedClient(hub.url, seconds=8).health()["status"] == "ok"
    assert len(asked) == 2 and 0.9 <= asked[1] - asked[0] < 3


def test_a_retry_late_in_the_budget_gets_only_what_is_left(fake_hubs) -> None:
    asked: list[float] = []

    def answer(_method: str, _path: str) -> Answer:
        asked.append(time.monotonic())
        if len(asked) == 1:
            return 503, {"Retry-After": "1"}, None
        time.sleep(6)  # the retry hangs: its timeout is what is left of the 3 s
        return 200, {}, {"status": "ok", "protocol": 1}

    hub = fake_hubs(answer)
    started = time.monotonic()
    with pytest.raises(HubUnavailable):
        BoundedClient(hub.url, seconds=3).health()
    assert len(asked) == 2 and time.monotonic() - started <= 3.5


def test_retry_after_is_capped_without_a_budget(fake_hubs, monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    hub = fake_hubs(busy("3600"))
    with pytest.raises(HubUnavailable, match="indisponible"):
        HubClient(hub.url, retries=2).health()
    assert slept == [RETRY_AFTER_MAX, RETRY_AFTER_MAX] and RETRY_AFTER_MAX <= 30


# C. a redirect is never followed: the hub never redirects


def test_a_redirect_to_another_host_is_not_followed(fake_hubs, make_device) -> None:
    def acknowledge(method: str, _path: str) -> Answer:
        if method == "POST":
            return 200, {}, {"protocol": 1, "last_seq": 99, "results": []}
        return 200, {}, {"protocol": 1, "reset": False, "changes": [], "cursor": 0, "more": False}

    elsewhere = fake_hubs(acknowledge)
    redirecting = fake_hubs(
        lambda _method, path: (
            307,
            {"Location": elsewhere.url.replace("127.0.0.1", "localhost") + path},
            None,
        )
    )
    device = make_device("a", 0)
    enrolled_at(device, redirecting.url)
    log_visits(device, 2)
    with pytest.raises(HubUnavailable, match="redirection") as raised:
        sync_once(device)
    assert "adresse du hub" in str(raised.value)
    assert elsewhere.seen == [] and count(device, Outbox) == 2  # nothing acknowledged
    for status in (301, 302, 303, 308):
        moved = fake_hubs(lambda _m, _p, status=status: (status, {"Location": elsewhere.url}, None))
        with pytest.raises(HubUnavailable, match="redirection"):
            HubClient(moved.url).health()
    assert elsewhere.seen == []


# D. an enrollment whose answer was lost is retried: one device, not two


def test_an_enrollment_whose_answer_was_lost_is_retried(hub, make_device) -> None:
    class LosesTheAnswer(HubClient):
        def enroll(self, *args: Any, **kwargs: Any) -> Any:
            super().enroll(*args, **kwargs)  # the hub enrolled the device…
            raise HubUnavailable("Hub injoignable : nouvel essai plus tard.")  # …the PC never knew

    device = make_device("a", 0)
    log_visits(device, 2)
    code = hub.code("moreuil")
    with pytest.raises(HubUnavailable):
        enroll_device(device, hub.url, code, "PC accueil", LosesTheAnswer)
    assert not is_enrolled(device)
    assert enroll_device(device, hub.url, code, "PC accueil") == "site"
    with hub.store.transaction() as session:
        hub_devices = session.scalars(select(HubDevice)).all()
        assert len(hub_devices) == 1
    with device.session() as session:
        assert get_setting(session, DEVICE) == str(hub_devices[0].id)
    assert sync_once(device).pushed == 2  # the token kept works
    # the key was spent with the code: another enrollment draws a new one
    with pytest.raises(HubRefused, match="déjà utilisé"):
        enroll_device(device, hub.url, code, "PC accueil")
    with hub.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(HubDevice)) == 1
