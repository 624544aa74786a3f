"""The data·inclusion API client against a local server playing the API: paging, bearer
token, 401, 429 then 200, 500 until retries run out, malformed JSON, a slow answer; every
failure gives a French message and leaves the local directory untouched."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from frontdesk.accounts import ProfileInfo
from frontdesk.cli import main
from frontdesk.contacts.api import DirectoryApiError, check_base_url, fetch_department, make_session
from frontdesk.contacts.models import Service, Structure
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox

TOKEN = "jeton-de-test"
THEME = "choisir-un-metier--confirmer-son-choix-de-metier"


def structure(i: int) -> dict[str, Any]:
    return {"id": f"dora--s{i}", "source": "dora", "nom": f"Structure {i}",
            "date_maj": "2026-01-05", "doublons": [], "score_qualite": 0.5}  # fmt: skip


def service(i: int) -> dict[str, Any]:
    return {"id": f"dora--v{i}", "source": "dora", "structure_id": f"dora--s{i % 3}",
            "nom": f"Service {i}", "description": "Une description assez longue.",
            "date_maj": "2026-02-01", "thematiques": [THEME],
            "zone_eligibilite": ["80"]}  # fmt: skip


DATA = {"structures": [structure(i) for i in range(3)], "services": [service(i) for i in range(7)]}


class Api(BaseHTTPRequestHandler):
    scenario = "ok"  # set per test on a subclass
    calls: list[str]

    def log_message(self, *_args: Any) -> None:  # keep the test output quiet
        pass

    def reply(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.calls.append(self.path)
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or self.scenario == "401":
            return self.reply(401, b'{"detail": "Not authenticated"}')
        if self.scenario == "429" and len(self.calls) == 1:
            return self.reply(429, b"{}", Retry_After="0")
        if self.scenario == "500":
            return self.reply(500, b"Internal Server Error")
        if self.scenario == "malformed":
            return self.reply(200, b'{"items": [', Content_Type="application/json")
        if self.scenario == "slow":
            time.sleep(1.0)
        assert query["code_departement"] == "80"
        items = DATA[url.path.rsplit("/", 1)[-1]]
        page, size = int(query["page"]), int(query["size"])
        body = {"items": items[(page - 1) * size : page * size], "page": page, "size": size}
        return self.reply(200, json.dumps(body).encode(), Content_Type="application/json")


@pytest.fixture
def server() -> Iterator[tuple[str, type[Api]]]:
    handler = type("Handler", (Api,), {"calls": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def quick() -> Any:
    return make_session(retries=2, backoff=0)


def test_pages_until_a_short_page(server: tuple[str, type[Api]]) -> None:
    url, handler = server
    structures, services = fetch_department(url, TOKEN, size=3, session=quick())
    assert [s["id"] for s in structures] == ["dora--s0", "dora--s1", "dora--s2"]
    assert len(services) == 7
    pages = [c.split("page=")[1].split("&")[0] for c in handler.calls]
    assert pages == ["1", "2", "1", "2", "3"]  # 3 structures = a full page, then an empty one


def test_429_then_200_with_retry_after(server: tuple[str, type[Api]]) -> None:
    url, handler = server
    handler.scenario = "429"
    structures, _ = fetch_department(url, TOKEN, session=quick())
    assert len(structures) == 3 and len(handler.calls) == 3  # 429, 200, services 200


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("401", "Jeton refusé (401)"),
        ("500", "Le serveur data·inclusion ne répond pas"),
        ("malformed", "Réponse illisible"),
    ],
)
def test_failures_give_french_messages(
    server: tuple[str, type[Api]], scenario: str, message: str
) -> None:
    url, handler = server
    handler.scenario = scenario
    with pytest.raises(DirectoryApiError, match=re.escape(message)):
        fetch_department(url, TOKEN, session=quick())
    if scenario == "500":
        assert len(handler.calls) == 3  # the first try and two retries


def test_too_many_requests_after_retries(server: tuple[str, type[Api]]) -> None:
    url, handler = server
    handler.scenario = "429"
    with pytest.raises(DirectoryApiError, match=r"Trop de requêtes \(429\)"):
        fetch_department(url, TOKEN, session=make_session(retries=0, backoff=0))


def test_slow_answer_times_out(server: tuple[str, type[Api]]) -> None:
    url, handler = server
    handler.scenario = "slow"
    start = time.perf_counter()
    with pytest.raises(DirectoryApiError, match="ne répond pas"):
        fetch_department(url, TOKEN, session=make_session(0, 0), timeout=(1.0, 0.2))
    assert time.perf_counter() - start < 0.9


def test_https_required_except_on_this_machine() -> None:
    assert check_base_url("https://api.data.inclusion.gouv.fr/") == (
        "https://api.data.inclusion.gouv.fr"
    )
    assert check_base_url("http://localhost:8000") == "http://localhost:8000"
    with pytest.raises(DirectoryApiError, match="https:// est obligatoire"):
        check_base_url("http://api.data.inclusion.gouv.fr")
    with pytest.raises(DirectoryApiError, match="Jeton data·inclusion manquant"):
        fetch_department("https://api.data.inclusion.gouv.fr", " ")


def counts(store: Store) -> tuple[int, ...]:
    with store.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(m))
            for m in (Structure, Service, Outbox)
        )


def test_cli_fetch_imports_or_leaves_the_directory_untouched(
    store: Store,
    manager: ProfileInfo,
    server: tuple[str, type[Api]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, handler = server
    monkeypatch.setenv("DI_TOKEN", TOKEN)
    assert main(["directory", "fetch", "--url", url, "--token-env", "DI_TOKEN"]) == 0
    assert "10 fiche(s) créée(s)" in capsys.readouterr().out
    before = counts(store)
    assert before[:2] == (3, 7)
    handler.scenario = "malformed"
    assert main(["directory", "fetch", "--url", url, "--token-env", "DI_TOKEN"]) == 1
    err = capsys.readouterr().err
    assert "Réponse illisible" in err and "L'annuaire local n'a pas été modifié" in err
    assert counts(store) == before
    monkeypatch.setenv("DI_TOKEN", "")
    assert main(["directory", "fetch", "--url", url, "--token-env", "DI_TOKEN"]) == 1
    assert "« DI_TOKEN » est vide" in capsys.readouterr().err
