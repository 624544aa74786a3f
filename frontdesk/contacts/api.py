"""Fetching a département from the data·inclusion API (``/api/v1/structures`` and
``/api/v1/services``, bearer token, ``page``/``size`` paging, ``code_departement``).

Everything is downloaded before anything is imported: an API that times out, refuses the
token, answers 429/5xx or unreadable JSON raises ``DirectoryApiError`` (French message)
and the local directory is never touched. Retries (429, 500, 502, 503, 504) back off
exponentially and honour ``Retry-After``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from frontdesk.errors import UserError

TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled at each retry
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_PAGES = 1000  # a guard against a server that never stops paging
ENDPOINTS = ("structures", "services")
UNREACHABLE = "Le serveur data·inclusion ne répond pas"


class DirectoryApiError(UserError, RuntimeError):
    """The API could not be read; the message is French and shown as is."""


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """https only, except on this machine (tests); the token must never travel in clear."""
    parts = urlsplit(base_url.strip())
    if parts.scheme == "https" and parts.hostname:
        return base_url.strip().rstrip("/")
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return base_url.strip().rstrip("/")
    raise DirectoryApiError(
        f"Adresse refusée « {base_url} » : une adresse https:// est obligatoire."
    )


def make_session(retries: int = RETRIES, backoff: float = BACKOFF) -> requests.Session:
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back: its status gives the message
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _status_error(response: requests.Response) -> DirectoryApiError:
    status = response.status_code
    if status == 401:
        return DirectoryApiError("Jeton refusé (401) : vérifiez le jeton data·inclusion.")
    if status == 403:
        return DirectoryApiError("Accès refusé (403) : le jeton n'a pas les droits « api ».")
    if status == 429:
        return DirectoryApiError("Trop de requêtes (429) : réessayez plus tard.")
    if status >= 500:
        return DirectoryApiError(f"{UNREACHABLE} (erreur {status}) : réessayez plus tard.")
    return DirectoryApiError(f"Réponse inattendue du serveur data·inclusion ({status}).")


def _page(session: requests.Session, url: str, token: str, **kwargs: Any) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    try:
        response = session.get(url, headers=headers, **kwargs)
    except requests.exceptions.RetryError as exc:  # retries exhausted on a status
        raise DirectoryApiError(f"{UNREACHABLE} : trop d'erreurs successives.") from exc
    except (requests.Timeout, requests.ConnectionError) as exc:
        raise DirectoryApiError(f"{UNREACHABLE} (délai dépassé ou connexion impossible).") from exc
    except requests.RequestException as exc:
        raise DirectoryApiError(f"{UNREACHABLE} : {exc.__class__.__name__}.") from exc
    if response.status_code != 200:
        raise _status_error(response)
    try:
        body = response.json()
    except ValueError as exc:
        raise DirectoryApiError("Réponse illisible : le serveur n'a pas renvoyé de JSON.") from exc
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DirectoryApiError("Réponse illisible : liste « items » absente ou mal formée.")
    return items


def fetch_department(
    base_url: str,
    token: str,
    departement: str = "80",
    size: int = 500,
    session: requests.Session | None = None,
    *,
    timeout: Any = TIMEOUT,
    on_page: Callable[[str, int], None] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every structure and service of the département, page by page until an empty or
    short page: ``(structures, services)`` as data·inclusion v1 dicts. ``on_page(endpoint,
    records so far)`` is called after each page (progress; it may raise to stop)."""
    base = check_base_url(base_url)
    if not token.strip():
        raise DirectoryApiError("Jeton data·inclusion manquant.")
    owned = session is None
    http = session or make_session()
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for endpoint in ENDPOINTS:
            found[endpoint] = []
            for page in range(1, MAX_PAGES + 1):
                params = {"code_departement": departement, "page": page, "size": size}
                url = f"{base}/api/v1/{endpoint}"
                items = _page(http, url, token.strip(), params=params, timeout=timeout)
                found[endpoint].extend(items)
                if on_page is not None:
                    on_page(endpoint, len(found[endpoint]))
                if len(items) < size:
                    break
            else:
                raise DirectoryApiError(f"{UNREACHABLE} : plus de {MAX_PAGES} pages, abandon.")
    finally:
        if owned:
            http.close()
    return found["structures"], found["services"]
