"""What a stranger can make a hub worker do, bounded: a body is never read past its
limit (``BodyLimit``, announced or chunked), a push's token is checked before its body
is read (``KnownTokens``), refused enrollment attempts are limited (``EnrollLimiter``);
and the French refusal every route answers with (``HubError``)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontdesk.hub import admin
from frontdesk.sync.protocol import MAX_BODY_BYTES


class HubError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,  # more fields of ``ErrorBody``
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers
        self.extra = extra or {}


def refused() -> HubError:
    return HubError(401, "jeton-refuse", "Jeton refusé (poste révoqué ou inconnu).")


class _BodyTooLarge(Exception):
    """Raised to the app by ``_BodyLimit``'s ``receive`` once a body passes the limit."""


class BodyLimit:
    """Refuse a body above ``MAX_BODY_BYTES`` with a 413. One announced above it
    (``Content-Length``) is refused before a byte is read; the server holds a body to
    its announced length, so such requests pass through untouched. One sent without a
    length (chunked) is counted as ``receive()`` delivers it: past the limit the app's
    read fails, the rest is never read, and the 413 replaces whatever the app would have
    answered. A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a stream
    per request."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if length.isdigit() and int(length) <= self.limit:
                await self.app(scope, receive, send)
            else:
                await _too_large(scope, receive, send)
            return
        received, over, answered = 0, False, False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    over = True
                    raise _BodyTooLarge
            return message

        async def unless_over(message: Message) -> None:
            nonlocal answered
            if not over:  # else the app's answer to its failed read: the 413 instead
                answered = True
                await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over and not answered:
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    refusal = {"code": "trop-gros", "message": "Requête trop volumineuse."}
    await JSONResponse(refusal, status_code=413)(scope, receive, send)


class KnownTokens:
    """The digests of the tokens this worker last saw valid (at most ``size``), so that
    the check a push makes before reading its body costs a database read only for a
    token not seen yet: no second turn in the request threads for a device that pushes.
    A hint only, touched from the event loop alone: the push's transaction checks the
    token again on the locked device row, and a token it refuses (revoked, replaced) is
    forgotten here; a stranger's token never enters."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def check(self, token: str, reading: Callable[..., Any]) -> str:
        """The token's digest if it belongs to a device; else a 401 ``HubError``."""
        known = admin.digest(token)
        if known in self._seen:
            self._seen.move_to_end(known)
            return known
        if await run_in_threadpool(reading, admin.find_device, token) is None:
            raise refused()
        self._seen[known] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return known

    @contextmanager
    def forgotten_if_refused(self, known: str) -> Iterator[None]:
        try:
            yield
        except HubError as exc:
            if exc.status == 401:
                self._seen.pop(known, None)
            raise


class EnrollLimiter:
    """Refused enrollment attempts (unknown, spent or expired codes), counted per client
    address and in all over a sliding ``window``: past ``per_address`` for an address or
    ``overall`` in all, ``/v1/enroll`` answers 429 with ``Retry-After`` without looking
    the code up. Only refusals count: guessing codes produces nothing else, while an
    office enrolling many PCs at once is never slowed. The overall cap stops a guesser
    spread over many addresses (it may delay a real enrollment by a minute at most).

    In process and in memory (at most ``overall`` timestamps): each uvicorn worker keeps
    its own counts, so a hub served by N workers allows up to N times these numbers,
    still far too few to guess a 60-bit code. Behind a reverse proxy on the same machine,
    uvicorn takes the client's address from ``X-Forwarded-For``; a proxy elsewhere must be
    listed in uvicorn's ``--forwarded-allow-ips``, or every client shares its address."""

    def __init__(
        self,
        per_address: int = 10,
        overall: int = 100,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_address, self.overall, self.window = per_address, overall, window
        self._clock = clock
        self._lock = threading.Lock()  # the enroll route runs in the request threads
        self._all: deque[tuple[float, str]] = deque()  # (when, address), oldest first
        self._by_address: dict[str, deque[float]] = {}

    def admit(self, request: Request) -> str:
        """The client's address, if it may try; else a ``HubError`` 429."""
        address = request.client.host if request.client else ""
        if wait := self.wait(address):
            seconds = max(1, math.ceil(wait))
            raise HubError(
                429,
                "trop-de-tentatives",
                f"Trop de tentatives d'inscription refusées : réessayez dans {seconds} s.",
                headers={"Retry-After": str(seconds)},
            )
        return address

    def wait(self, address: str) -> float:
        """Seconds before ``address`` may try again; 0: now."""
        with self._lock:
            now = self._clock()
            self._forget(now)
            waits = []
            mine = self._by_address.get(address)
            if mine is not None and len(mine) >= self.per_address:
                waits.append(mine[0] + self.window - now)
            if len(self._all) >= self.overall:
                waits.append(self._all[0][0] + self.window - now)
            return max(waits, default=0.0)

    def refused(self, address: str) -> None:
        with self._lock:
            now = self._clock()
            self._all.append((now, address))
            self._by_address.setdefault(address, deque()).append(now)

    def _forget(self, now: float) -> None:
        while self._all and self._all[0][0] <= now - self.window:
            _when, address = self._all.popleft()
            mine = self._by_address[address]
            mine.popleft()
            if not mine:
                del self._by_address[address]
