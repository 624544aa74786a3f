"""Talking to the hub over HTTP: ``requests`` with timeouts and urllib3 retries (POST
included: a push is idempotent by its ``seq`` and its ``Idempotency-Key``). Every
failure becomes a ``HubUnavailable`` (retry later) or a ``HubRefused`` (a person must act),
with a French message.

What a hub or a proxy answers is obeyed within bounds: a ``Retry-After`` is slept at most
``RETRY_AFTER_MAX`` seconds, and never past the end of a time-bounded sync (``deadline``,
see ``frontdesk.sync.schedule``); a redirect is never followed (the hub never redirects:
one means a proxy or an address to fix, and following it would let another host
acknowledge, and so empty, the outbox).
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from frontdesk import __version__
from frontdesk.errors import UserError
from frontdesk.sync.batch import OutboxBatch
from frontdesk.sync.protocol import (
    PROTOCOL_VERSION,
    EnrollResponse,
    PullResponse,
    PushResponse,
)

TIMEOUT = (5, 30)  # connect, read (seconds)
# the longest Retry-After obeyed: a proxy's « Retry-After: 3600 » must not stop a PC's
# syncs for hours (the schedule's own back-off takes over after a failed sync)
RETRY_AFTER_MAX = 30
_Answer = TypeVar("_Answer", bound=BaseModel)


class SyncError(UserError):
    """Base: ``str(exc)`` is a French message for the status bar and the section."""


class HubUnavailable(SyncError):
    """Network down, hub down or overloaded: try again later, nothing lost."""


class HubRefused(SyncError):
    """The hub said no (token revoked, protocol, scope): a person must act."""


class DemoDataPresent(HubRefused):
    """This PC holds demo visits: they must be cleared before it joins a hub."""


class SeqGap(HubRefused):
    """The hub expects another seq: ``hub_last_seq`` is the last of this device's it
    holds (behind what it once acknowledged: it was restored from a backup)."""

    def __init__(self, message: str, hub_last_seq: int) -> None:
        super().__init__(message)
        self.hub_last_seq = hub_last_seq


class HubTooLarge(HubUnavailable):
    """A push body above what the hub (or a proxy before it) takes: send smaller ones."""


def check_hub_url(url: str) -> str:
    """The URL, cleaned; ``http://`` only towards this PC (loopback), else ``https://``."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubRefused("Adresse du hub invalide : elle doit commencer par https://.")
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


class BudgetSpent(Urllib3Error):
    """The wait before a retry would end past the sync's deadline: the request stops."""


class HubRetry(Retry):
    """urllib3's retries, bounded in time. urllib3 sleeps between two attempts outside
    any request timeout: the hub's ``Retry-After`` (capped by urllib3's own
    ``retry_after_max``) or the back-off. With a ``deadline`` (``time.monotonic()``, set
    by ``BoundedClient``), a wait that would end past it is not slept at all: the request
    stops at once with ``BudgetSpent``, and the sync with it."""

    deadline: float | None = None

    def new(self, **kw: Any) -> HubRetry:
        retry = super().new(**kw)  # urllib3 makes a new Retry at every attempt
        retry.deadline = self.deadline
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """Retry.sleep's choice (the capped Retry-After if the hub sent one, else the
        back-off), checked against the deadline before sleeping."""
        after = None
        if response is not None and self.respect_retry_after_header:
            after = self.get_retry_after(response)
        wait = after or self.get_backoff_time()
        if self.deadline is not None and time.monotonic() + wait >= self.deadline:
            raise BudgetSpent(f"waiting {wait:.1f} s would pass the sync's deadline")
        if wait > 0:
            time.sleep(wait)


class HubClient:
    """``deadline``: when every request must have ended (``time.monotonic()``; None: no
    bound but the timeouts), see ``BoundedClient``."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        retries: int = 3,
        deadline: float | None = None,
    ) -> None:
        self.url = check_hub_url(url)
        self.session = requests.Session()
        retry = HubRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            redirect=0,  # the hub never redirects (requests' own following is off too)
            raise_on_redirect=True,
            allowed_methods=None,  # POST too: pushes are idempotent
            status_forcelist=(429, 502, 503, 504),
            backoff_factor=0.5,
            backoff_jitter=0.5,
            backoff_max=10,
            respect_retry_after_header=True,
            retry_after_max=RETRY_AFTER_MAX,
            raise_on_status=False,
        )
        retry.deadline = deadline
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
            answer = self.session.request(
                method, self.url + path, timeout=TIMEOUT, allow_redirects=False, **kwargs
            )
        except BudgetSpent as exc:
            raise HubUnavailable(
                "Temps imparti écoulé : le hub est occupé ou injoignable (rien n'est perdu)."
            ) from exc
        except requests.RequestException as exc:
            raise HubUnavailable("Hub injoignable (réseau coupé ou hub arrêté).") from exc
        if answer.status_code >= 500 or answer.status_code == 429:
            raise HubUnavailable(f"Le hub est indisponible (erreur {answer.status_code}).")
        if 300 <= answer.status_code < 400:
            raise HubUnavailable(
                f"Le hub a répondu par une redirection (code {answer.status_code}) : Frontdesk"
                " ne suit pas les redirections. Vérifiez l'adresse du hub (ou la configuration"
                " de son proxy) ; rien n'est perdu."
            )
        if answer.status_code == 413:  # the hub's own limit, or a proxy's (any body)
            raise HubTooLarge("Envoi trop volumineux pour le hub (ou son proxy) : il sera découpé.")
        if answer.status_code >= 400:
            try:
                data = answer.json()
            except ValueError as exc:
                raise HubUnavailable("Réponse illisible du hub.") from exc
            message = data.get("message") if isinstance(data, dict) else None
            if answer.status_code == 401:
                message = message or "Jeton refusé : inscrivez de nouveau ce poste."
            message = message or f"Le hub a refusé la demande ({answer.status_code})."
            held = data.get("last_seq") if isinstance(data, dict) else None
            if answer.status_code == 409 and isinstance(held, int) and not isinstance(held, bool):
                raise SeqGap(message, held)
            raise HubRefused(message)
        return answer

    def _parse(self, model: type[_Answer], answer: requests.Response) -> _Answer:
        """The answer's body read straight into the protocol model (bytes to objects in
        one pass: a page of a thousand changes is a megabyte)."""
        try:
            return model.model_validate_json(answer.content)
        except ValidationError as exc:
            raise HubUnavailable("Réponse illisible du hub.") from exc

    def health(self) -> dict[str, Any]:
        try:
            health: dict[str, Any] = self._call("GET", "/v1/health").json()
            return health
        except ValueError as exc:
            raise HubUnavailable("Réponse illisible du hub.") from exc

    def enroll(
        self, code: str, label: str, next_seq: int, attempt_key: str | None = None
    ) -> EnrollResponse:
        """``attempt_key``: kept by the PC before asking, sent again if it asks again
        (the answer was lost): the hub then answers the same device, not a second one."""
        body: dict[str, Any] = {
            "protocol": PROTOCOL_VERSION,
            "code": code,
            "label": label,
            "next_seq": next_seq,
        }
        if attempt_key is not None:
            body["attempt_key"] = attempt_key
        return self._parse(EnrollResponse, self._call("POST", "/v1/enroll", json=body))

    def push(self, batch: OutboxBatch, key: str) -> PushResponse:
        headers = {"Idempotency-Key": f'"{key}"', "Content-Type": "application/json"}
        answer = self._call("POST", "/v1/push", data=batch.body, headers=headers)
        return self._parse(PushResponse, answer)

    def pull(
        self,
        cursor: int,
        limit: int | None = None,
        acked: int | None = None,
        lost: bool = False,
        *,
        epoch: str | None = None,
        reload: bool = False,
    ) -> PullResponse:
        """``acked``: the last of this device's seqs the hub once acknowledged (a hub that
        no longer holds it was restored from a backup, and tells every device); ``lost``:
        this device found so on a push, and sent back what the hub had lost; ``epoch``:
        the hub history the cursor belongs to; ``reload``: this cursor 0 reloads after a
        restore, the device holding records already (a reset if tombstones it may lack
        were purged)."""
        params: dict[str, Any] = {"cursor": cursor, "protocol": PROTOCOL_VERSION}
        if limit:
            params["limit"] = limit
        if acked:
            params["acked"] = acked
        if lost:
            params["lost"] = "true"
        if epoch:
            params["epoch"] = epoch
        if reload:
            params["reload"] = "true"
        return self._parse(PullResponse, self._call("GET", "/v1/pull", params=params))


def batch_key(device_id: uuid.UUID | str, first_seq: int, last_seq: int) -> str:
    """The same batch of outbox rows always gets the same key (rows never change)."""
    return f"{device_id}.{first_seq}.{last_seq}"
