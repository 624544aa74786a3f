"""Talking to the hub over HTTP: ``requests`` with timeouts and urllib3 retries (POST
included: a push is idempotent by its ``seq`` and its ``Idempotency-Key``). Every
failure becomes a ``HubUnavailable`` (retry later) or a ``HubRefused`` (a person must act),
with a French message."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from frontdesk import __version__
from frontdesk.sync.batch import OutboxBatch
from frontdesk.sync.protocol import (
    PROTOCOL_VERSION,
    EnrollResponse,
    PullResponse,
    PushResponse,
)

TIMEOUT = (5, 30)  # connect, read (seconds)


class SyncError(Exception):
    """Base: ``str(exc)`` is a French message for the status bar and the section."""


class HubUnavailable(SyncError):
    """Network down, hub down or overloaded: try again later, nothing lost."""


class HubRefused(SyncError):
    """The hub said no (token revoked, protocol, scope): a person must act."""


def check_hub_url(url: str) -> str:
    """The URL, cleaned; ``http://`` only towards this PC (loopback), else ``https://``."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubRefused("Adresse du hub invalide : elle commence par https://.")
    if parts.scheme == "http":
        host = parts.hostname
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise HubRefused(
                "Adresse du hub refusée : une connexion non chiffrée (http://) n'est permise"
                " que vers ce poste. Utilisez https://."
            )
    return url


class HubClient:
    def __init__(self, url: str, token: str | None = None, *, retries: int = 3) -> None:
        self.url = check_hub_url(url)
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            allowed_methods=None,  # POST too: pushes are idempotent
            status_forcelist=(429, 502, 503, 504),
            backoff_factor=0.5,
            backoff_jitter=0.5,
            backoff_max=10,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = f"frontdesk/{__version__}"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.session.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """The hub's successful answer; a ``SyncError`` (French message) otherwise."""
        try:
            answer = self.session.request(method, self.url + path, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise HubUnavailable(
                "Hub injoignable (réseau coupé ou hub arrêté) : nouvel essai plus tard."
            ) from exc
        if answer.status_code >= 500 or answer.status_code == 429:
            raise HubUnavailable(f"Le hub est indisponible (erreur {answer.status_code}).")
        if answer.status_code >= 400:
            try:
                data = answer.json()
            except ValueError as exc:
                raise HubUnavailable("Réponse illisible du hub : nouvel essai plus tard.") from exc
            message = data.get("message") if isinstance(data, dict) else None
            if answer.status_code == 401:
                message = message or "Jeton refusé : inscrivez de nouveau ce poste."
            raise HubRefused(message or f"Le hub a refusé la demande ({answer.status_code}).")
        return answer

    def _parse(self, model: Any, answer: requests.Response) -> Any:
        """The answer's body read straight into the protocol model (bytes to objects in
        one pass: a page of a thousand changes is a megabyte)."""
        try:
            return model.model_validate_json(answer.content)
        except ValidationError as exc:
            raise HubUnavailable("Réponse illisible du hub : nouvel essai plus tard.") from exc

    def health(self) -> dict[str, Any]:
        try:
            return self._call("GET", "/v1/health").json()
        except ValueError as exc:
            raise HubUnavailable("Réponse illisible du hub : nouvel essai plus tard.") from exc

    def enroll(self, code: str, label: str, next_seq: int) -> EnrollResponse:
        body = {"protocol": PROTOCOL_VERSION, "code": code, "label": label, "next_seq": next_seq}
        return self._parse(EnrollResponse, self._call("POST", "/v1/enroll", json=body))

    def push(self, batch: OutboxBatch, key: str) -> PushResponse:
        headers = {"Idempotency-Key": f'"{key}"', "Content-Type": "application/json"}
        answer = self._call("POST", "/v1/push", data=batch.body, headers=headers)
        return self._parse(PushResponse, answer)

    def pull(self, cursor: int, limit: int | None = None) -> PullResponse:
        params: dict[str, Any] = {"cursor": cursor, "protocol": PROTOCOL_VERSION}
        if limit:
            params["limit"] = limit
        return self._parse(PullResponse, self._call("GET", "/v1/pull", params=params))


def batch_key(device_id: uuid.UUID | str, first_seq: int, last_seq: int) -> str:
    """The same batch of outbox rows always gets the same key (rows never change)."""
    return f"{device_id}.{first_seq}.{last_seq}"
