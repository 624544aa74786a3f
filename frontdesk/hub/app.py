"""The hub's HTTP API (FastAPI) under ``/v1``: enroll, push, pull, health.

Every refusal answers ``{"code": …, "message": …}`` with a French message. Handlers are
plain functions (FastAPI runs them in its thread pool) on short transactions; workers keep
no state but two hints (below), so several can serve one PostgreSQL. Transactions that
PostgreSQL aborts for serialization, deadlock or a key a concurrent push took first are
retried (tenacity); a push applies once whatever happens, thanks to the device's
``last_seq`` kept in the same transaction.

What a stranger can make a worker do is bounded: a body is never read past
``MAX_BODY_BYTES`` (``BodyLimit``, announced or chunked), a push's token is checked
before its body is read (``KnownTokens``), and refused enrollment attempts are limited
(``EnrollLimiter``). Those two keep a little memory per worker, a hint and a count.
"""

import hashlib
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any, ParamSpec, TypeVar

from anyio import to_thread
from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random_exponential

from frontdesk.hub import admin, maintenance
from frontdesk.hub.cli import THREADS
from frontdesk.hub.db import HubStore
from frontdesk.hub.guards import BodyLimit, EnrollLimiter, HubError, KnownTokens, refused
from frontdesk.hub.models import Device, IdempotentReply
from frontdesk.hub.pull import Page, bookkeeping, serve_pull
from frontdesk.hub.push import SeqGapError, apply_push
from frontdesk.hub.scope import ScopeError
from frontdesk.store.base import utcnow
from frontdesk.sync.protocol import (
    MAX_BODY_BYTES,
    MAX_PULL_CHANGES,
    PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    PullResponse,
    PushRequest,
    PushResponse,
)

T = TypeVar("T")
P = ParamSpec("P")
IDEMPOTENCY_KEY = re.compile(r'"?([A-Za-z0-9._:-]{8,100})"?')  # RFC 8941 sf-string, quoted
# PostgreSQL serialization failure, deadlock, unique violation. The last: two pushes of
# the first version of one record both found it absent and both insert it; run again,
# the later one finds it and merges field by field (applied or a conflict, never a 500).
# (A push's Idempotency-Key reply is written under the device row's lock: a copy of the
# same push waits for it, and a retry finds it stored.)
RETRYABLE = {"40001", "40P01", "23505"}
SEEN_PRECISION = timedelta(minutes=1)


class _Prebuilt(JSONResponse):
    """A body already serialised to JSON text (pages of a thousand changes)."""

    def render(self, content: Any) -> bytes:
        return content.encode() if isinstance(content, str) else super().render(content)


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in RETRYABLE


def _check_protocol(version: int) -> None:
    if version != PROTOCOL_VERSION:
        raise HubError(
            400,
            "protocole",
            f"Version de protocole {version} refusée : ce hub parle la version "
            f"{PROTOCOL_VERSION}. Mettez Frontdesk à jour ; les modifications en attente "
            "sont conservées.",
        )


def create_app(
    store: HubStore, threads: int = THREADS, max_body_bytes: int = MAX_BODY_BYTES
) -> FastAPI:
    """``threads``: request threads per worker. Few is faster: a transaction holding the
    writer's turn (SQLite) or the change counter (PostgreSQL) waits for the GIL behind
    every other running thread, and all pushes wait for it in turn."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Frontdesk hub",
        version=str(PROTOCOL_VERSION),
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    # PostgreSQL may abort a transaction for serialization, deadlock or a row inserted
    # concurrently (``RETRYABLE``): run it again;
    # SQLite (one writer, taken at BEGIN) never does, and skips the retry machinery
    def retrying(work: Callable[P, T]) -> Callable[P, T]:
        if store.engine.dialect.name != "postgresql":
            return work
        return retry(
            retry=retry_if_exception(_retryable),
            stop=stop_after_attempt(5),
            wait=wait_random_exponential(multiplier=0.02, max=1),
            reraise=True,
        )(work)

    @retrying
    def in_transaction(work: Callable[..., T], *args: Any) -> T:
        with store.transaction() as session:
            return work(session, *args)

    @retrying
    def in_reading(work: Callable[..., T], *args: Any) -> T:
        with store.reading() as connection:
            return work(connection, *args)

    @app.exception_handler(HubError)
    def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse(
            {"code": exc.code, "message": exc.message, **exc.extra},
            status_code=exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:5])
        return JSONResponse(
            {"code": "requete-invalide", "message": f"Requête invalide ({where})."},
            status_code=422,
        )

    app.add_middleware(BodyLimit, limit=max_body_bytes)
    limiter, tokens = EnrollLimiter(), KnownTokens()

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": PROTOCOL_VERSION}

    @app.post("/v1/enroll", response_model=EnrollResponse)
    def enroll(request: Request, body: EnrollRequest) -> EnrollResponse:
        _check_protocol(body.protocol)
        address = limiter.admit(request)
        try:
            return in_transaction(_enroll_once, body)
        except admin.HubAdminError as exc:
            limiter.refused(address)
            raise HubError(403, "code-refuse", str(exc)) from exc

    @app.post("/v1/push", response_model=PushResponse)
    async def push(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        idempotency_key: Annotated[str | None, Header()] = None,
    ) -> Any:
        token = _token(authorization)
        match = IDEMPOTENCY_KEY.fullmatch(idempotency_key or "")
        if match is None:
            raise HubError(400, "cle-idempotence", "En-tête Idempotency-Key absent ou invalide.")
        # the token before a byte of the body: a stranger never makes the hub read it
        known = await tokens.check(token, in_reading)
        raw = await request.body()
        try:
            body = PushRequest.model_validate_json(raw)
        except ValueError as exc:
            raise HubError(422, "requete-invalide", "Contenu de l'envoi invalide.") from exc
        _check_protocol(body.protocol)
        fingerprint = hashlib.sha256(raw).hexdigest()
        call = _PushCall(token, match.group(1), fingerprint, body)
        with tokens.forgotten_if_refused(known):
            reply = await run_in_threadpool(_push_noting_gaps, in_transaction, call)
        return JSONResponse(reply)  # the protocol's JSON already: no second validation

    @app.get("/v1/pull", response_model=PullResponse, response_class=_Prebuilt)
    def pull(
        query: Annotated[PullQuery, Query()],
        authorization: Annotated[str | None, Header()] = None,
    ) -> _Prebuilt:  # described by response_model
        _check_protocol(query.protocol)
        page = _pull(in_reading, in_transaction, _token(authorization), query, max_body_bytes)
        # the page is JSON text already (stored payloads spliced in): no second encoding
        return _Prebuilt(page.text)

    return app


class PullQuery(BaseModel):
    """A pull's query string. ``acked``: the last of the device's seqs the hub once
    acknowledged; ``lost``: the device found on a push that the hub had lost some, and
    sent them back; ``epoch``: the hub history its cursor belongs to; ``reload``: its
    cursor 0 is a reload after it found the hub restored (it holds records already)."""

    cursor: int = Field(0, ge=0)
    limit: int = Field(MAX_PULL_CHANGES, ge=1, le=MAX_PULL_CHANGES)
    protocol: int = PROTOCOL_VERSION
    acked: int | None = Field(None, ge=0, lt=2**63)
    lost: bool = False
    epoch: str | None = Field(None, max_length=64)
    reload: bool = False


def _pull(
    reading: Callable[..., Any],
    writing: Callable[..., Any],
    token: str,
    query: PullQuery,
    max_body_bytes: int,
) -> Page:
    """The token and the page in one read, alongside other requests (no writer's turn);
    then what must be written, mostly nothing."""
    found: tuple[Any, Page] | None
    serve = partial(serve_pull, reload=query.reload)
    found = reading(serve, token, query.cursor, query.limit, max_body_bytes)
    if found is None:
        raise refused()
    device, page = found
    # the device holds acknowledgements of seqs the hub no longer has, or found so on a
    # push: the hub was restored from a backup; every device must learn it, from a new
    # epoch served right away
    if _lost_history(device, query):
        writing(maintenance.lost_history, device.id, max(query.acked or 0, device.last_seq))
        found = reading(serve, token, query.cursor, query.limit, max_body_bytes)
        if found is None:
            raise refused()
        device, page = found
    writes = _after_pull(device, page, query)
    if writes is not None:
        writing(writes)
    return page


BEHIND_FOR = timedelta(days=1)  # how long a device's gap lets it report a lost history


def _lost_history(device: Any, query: PullQuery) -> bool:
    """The device holds acknowledgements the hub lost (``acked`` beyond its seqs), or
    reports so after a push the hub itself refused for that reason (``lost``): any other
    ``lost`` is ignored, or any PC could make every PC reload."""
    if query.acked is not None and query.acked > device.last_seq:
        return True
    behind = device.behind_at
    return query.lost and behind is not None and utcnow() - behind < BEHIND_FOR


def _after_pull(device: Any, page: Page, query: PullQuery) -> Callable[[Session], None] | None:
    """What a pull must write, if anything (mostly nothing): the cursor is recorded with
    « last seen », once a minute at most (the tombstone purge, daily at most, only needs
    a cursor every active device is past); never a cursor of another history (a device
    that has not found the hub restored yet, or reloads since: the cursor recorded says
    how much of this history it holds, see ``frontdesk.hub.pull``)."""
    seen = _seen_now(device)
    ours = not query.reload and (query.epoch is None or query.epoch == device.epoch)
    values = bookkeeping(device, page, cursor=query.cursor if seen and ours else None, seen=seen)
    if not values:
        return None
    return lambda session: admin.update_device(session, device.id, values)


def _token(authorization: str | None) -> str:
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token:
        raise HubError(401, "jeton-absent", "Jeton d'accès absent : inscrivez ce poste.")
    return token


def _seen_now(device: Device) -> datetime | None:
    """The time to record as « last seen », to the minute: most requests write nothing."""
    now = utcnow()
    stale = device.last_seen_at is None or now - device.last_seen_at > SEEN_PRECISION
    return now if stale else None


@dataclass(frozen=True)
class _PushCall:
    token: str
    key: str  # the Idempotency-Key
    fingerprint: str  # of the body, to tell a replay from a key reused
    body: PushRequest


def _enroll_once(session: Session, body: EnrollRequest) -> EnrollResponse:
    device, token = admin.enroll(
        session, body.code, body.label, body.next_seq, attempt_key=body.attempt_key
    )
    return EnrollResponse(
        device_id=device.id,
        token=token,
        site_id=device.site_id,
        kind=device.kind,
        directory_editor=device.directory_editor,
    )


class _SeqGap(HubError):
    """A push refused for a gap in its seqs; ``behind``: the hub lacks seqs the device
    already sent (it would not send them otherwise): restored from a backup."""

    def __init__(self, device_id: Any, gap: SeqGapError) -> None:
        super().__init__(
            409,
            "trou-de-sequence",
            f"Envoi refusé : modification n° {gap.got} reçue, n° {gap.expected} attendue.",
            extra={"last_seq": gap.expected - 1},
        )
        self.device_id, self.behind = device_id, gap.got > gap.expected


def _push_noting_gaps(writing: Callable[..., Any], call: _PushCall) -> Any:
    """The push, in its transaction; a device found ahead of the hub is noted in
    another (the push's own is rolled back): it may then report the hub « lost »."""
    try:
        return writing(_push_once, call)
    except _SeqGap as gap:
        if gap.behind:
            writing(admin.update_device, gap.device_id, {"behind_at": utcnow()})
        raise


def _push_once(session: Session, call: _PushCall) -> Any:
    """The whole push in the writer's transaction, the token checked first."""
    # the token, and the device row locked: copies of one push wait here for each other
    device = admin.authenticate(session, call.token, lock=True)
    if device is None:
        raise refused()
    device_id, key, fingerprint, body = device.id, call.key, call.fingerprint, call.body
    earlier = session.get(IdempotentReply, (device_id, key))
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise HubError(
                422, "cle-reutilisee", "Clé d'idempotence déjà utilisée pour un autre envoi."
            )
        return earlier.response
    if seen := _seen_now(device):
        device.last_seen_at = seen  # written with its last_seq
    replies: list[dict[str, Any]] = []

    def keep_reply(response: PushResponse) -> None:
        replies.append(response.model_dump(mode="json"))
        session.add(
            IdempotentReply(
                device_id=device_id, key=key, fingerprint=fingerprint, response=replies[0]
            )
        )

    try:
        apply_push(session, device_id, body.mutations, then=keep_reply, locked=device)
    except SeqGapError as exc:
        raise _SeqGap(device_id, exc) from exc
    except ScopeError as exc:
        raise HubError(403, "hors-perimetre", str(exc)) from exc
    return replies[0]
