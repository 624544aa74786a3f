"""The journal: the visit log read page by page, newest first, whatever its size.

Scoped by role (``roles.json``): a role with ``journal.all_sites`` (tuteur,
administrateur) reads every site held on the PC, the others their site's visits.
Nothing here loads all rows: ``count_visits`` counts with the ``started_at`` indexes,
``page`` reads one slice with LIMIT/OFFSET on ``started_at DESC, rowid DESC`` (the order
both indexes hold, so skipping 500 000 rows walks the index only), and the JSON lists
are tested with ``instr`` before any ``json_each`` confirms a match. Days are those of
the counters (Europe/Paris), like the statistics, so a period gives the same visits
here and there.

Two derived tables, kept by triggers on ``visit`` (migration 0011), answer the common
questions without reading the visits: ``journal_count`` the count of the journal opened
without a filter, ``journal_facet`` the journal filtered on one motif or one public (and
a site, a period): its key is the journal's order, so counting and skipping rows walk
that index alone instead of parsing the JSON lists of every visit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from frontdesk.accounts import ProfileInfo
from frontdesk.config import roles
from frontdesk.device import current_site
from frontdesk.moments import day_start
from frontdesk.setup import known_sites
from frontdesk.store.base import UTCDateTime
from frontdesk.store.models import Profile, Site
from frontdesk.visits.models import ReviewComment, Visit, VisitReview

PUBLIC_STATUSES = ("oui", "a_verifier", "non")
MAY_BELONG = ("oui", "a_verifier")  # the public filter's statuses by default
REVIEW_STATUSES = ("a_revoir", "valide")
NOT_REVIEWED = "aucun"  # the review filter's value for visits nobody has reviewed yet
TO_REVIEW = "a_traiter"  # the tutor's queue: not reviewed yet, or marked « à revoir »
ROWID: ColumnClause[int] = literal_column("visit.rowid")
ROW_COLUMNS = (
    Visit.id, Visit.started_at, Visit.site_id, Visit.agent_id, Visit.journeys, Visit.outcome,
    Visit.channel, Visit.voided_at,
)  # fmt: skip
# migration 0011: one row per motif (« j:<id> ») and per public (« p:<slug> » or
# « p:<slug>:<status> », with its status) of each visit, keyed (facet, started_at,
# visit_rowid); and the number of visits of each site
FACETS = table(
    "journal_facet",
    column("facet"),
    column("started_at", UTCDateTime()),
    column("visit_rowid"),
    column("site_id"),
    column("status"),
)
SITE_COUNTS = table("journal_count", column("site_id"), column("visits"))


@dataclass(frozen=True)
class JournalFilter:
    """What the journal shows; every field left at None keeps all visits."""

    date_from: date | None = None  # local days, both included
    date_to: date | None = None
    site: str | None = None
    agent: uuid.UUID | None = None
    journey: str | None = None
    category: str | None = None  # thematique category: the part before "--"
    public: str | None = None  # SPIE public slug
    public_status: str | None = None  # oui | a_verifier | non; None: oui or a_verifier
    partner: str | None = None
    outcome: str | None = None
    channel: str | None = None
    voided: bool | None = None  # True: only voided, False: only kept, None: both
    review: str | None = None  # a_revoir | valide | aucun | a_traiter
    unread_only: bool = False  # visits with messages the viewer has not read


@dataclass(frozen=True)
class JournalScope:
    """Who reads the journal: decides the sites seen and which messages are « unread »."""

    viewer_id: uuid.UUID
    role: str
    site_id: str | None  # None: every site
    reviewer: bool  # may set review statuses and comment any visit

    @property
    def all_sites(self) -> bool:
        return self.site_id is None


@dataclass(frozen=True)
class JournalRow:
    id: uuid.UUID
    started_at: datetime
    site_id: str
    site: str
    agent_id: uuid.UUID
    agent: str
    journeys: tuple[str, ...]
    outcome: str
    channel: str
    voided: bool
    review: str | None  # a_revoir | valide | None
    unread: int  # messages on this visit the viewer has not read yet
    messages: int = 0  # every message on this visit


def may_void(profile: ProfileInfo, visit_author_id: uuid.UUID) -> bool:
    """Whether ``profile`` may void a visit logged by ``visit_author_id`` (in its scope, not
    voided yet): ``journal.void`` for one's own visits, ``journal.void_others`` too for
    anyone's (a superviseur; an agent voids only their own)."""
    if not profile.may("journal.void"):
        return False
    return visit_author_id == profile.id or profile.may("journal.void_others")


def reviewer_roles() -> frozenset[str]:
    return frozenset(r for r, spec in roles().roles.items() if "review.write" in spec.actions)


def scope_for(session: Session, profile: ProfileInfo) -> JournalScope:
    """Every site for a role with ``journal.all_sites`` (tuteur, administrateur); this
    PC's site for the others (agent, superviseur)."""
    if profile.may("journal.all_sites"):
        site_id = None
    else:
        site = current_site(session)
        site_id = site.id if site is not None else ""  # not set up: nothing to read
    return JournalScope(profile.id, profile.role, site_id, profile.may("review.write"))


def _stored(moment: datetime) -> Any:
    """A bound timestamp in the stored form (naive UTC), whatever the column expression."""
    return bindparam(None, moment, type_=UTCDateTime())


def _quoted(value: str) -> str:
    return f'"{value}"'


def _unread_condition(scope: JournalScope) -> ColumnElement[bool]:
    """Comments on ``visit`` addressed to the viewer and not read yet."""
    base = and_(ReviewComment.visit_id == Visit.id, ReviewComment.read_at.is_(None))
    if scope.reviewer:  # the agents' answers
        return and_(base, ReviewComment.author_role.not_in(reviewer_roles()))
    # the feedback on the viewer's own visits
    return and_(base, Visit.agent_id == scope.viewer_id, ReviewComment.author_id != scope.viewer_id)


def _unread_visits(scope: JournalScope) -> Any:
    """Ids of the visits holding unread messages for the viewer (read from the comments)."""
    query = select(ReviewComment.visit_id).where(ReviewComment.read_at.is_(None))
    if scope.reviewer:
        return query.where(ReviewComment.author_role.not_in(reviewer_roles()))
    return query.where(ReviewComment.author_id != scope.viewer_id)


def conditions(journal_filter: JournalFilter, scope: JournalScope) -> list[ColumnElement[bool]]:
    """The WHERE terms, cheapest first; JSON lists are searched as text before parsing."""
    return _where_and_when(journal_filter, scope) + _what(journal_filter, scope)


def _where_and_when(f: JournalFilter, scope: JournalScope) -> list[ColumnElement[bool]]:
    """Site and period: the terms the indexes answer."""
    where = []
    site: SQLColumnExpression[str]
    started: SQLColumnExpression[datetime]
    site, started = Visit.site_id, Visit.started_at
    if f.unread_only or f.review in REVIEW_STATUSES:
        # Few visits are reviewed or commented: those lists lead, not the site index.
        site, started = literal_column("+visit.site_id"), literal_column("+visit.started_at")
    if scope.site_id is not None:
        where.append(site == scope.site_id)
    if f.site is not None:
        where.append(site == f.site)
    if f.date_from is not None:
        where.append(started >= _stored(day_start(f.date_from)))
    if f.date_to is not None:
        where.append(started < _stored(day_start(f.date_to + timedelta(days=1))))
    return where


def _what(f: JournalFilter, scope: JournalScope) -> list[ColumnElement[bool]]:
    """The content of the visits: plain columns first, then the JSON lists."""
    equal = [
        (Visit.agent_id, f.agent),
        (Visit.outcome, f.outcome),
        (Visit.channel, f.channel),
    ]
    where = [column == value for column, value in equal if value is not None]
    if f.voided is not None:
        where.append(Visit.voided_at.is_not(None) if f.voided else Visit.voided_at.is_(None))
    if f.journey is not None:  # a list of ids: '"id"' only matches a whole element
        where.append(func.instr(Visit.journeys, _quoted(f.journey)) > 0)
    if f.category is not None:
        where.append(func.instr(Visit.thematiques, '"' + f.category + "--") > 0)
    if f.public is not None:
        where.append(_public_condition(f.public, f.public_status))
    if f.partner is not None:
        where.append(_partner_condition(f.partner))
    if f.review is not None:
        where.append(_review_condition(f.review))
    if f.unread_only:
        where.append(Visit.id.in_(_unread_visits(scope)))
        if not scope.reviewer:
            where.append(Visit.agent_id == scope.viewer_id)
    return where


def _public_condition(slug: str, status: str | None) -> ColumnElement[bool]:
    found = func.json_extract(Visit.publics, f'$."{slug}".status')
    wanted = [status] if status is not None else list(MAY_BELONG)
    return and_(func.instr(Visit.publics, _quoted(slug)) > 0, found.in_(wanted))


def _partner_condition(partner: str) -> ColumnElement[bool]:
    entries = func.json_each(Visit.orientations).table_valued("value")
    confirmed = exists(
        select(1)
        .select_from(entries)
        .where(func.json_extract(entries.c.value, "$.partner") == partner)
    )
    return and_(func.instr(Visit.orientations, _quoted(partner)) > 0, confirmed)


def _review_condition(review: str) -> ColumnElement[bool]:
    if review == NOT_REVIEWED:
        return Visit.id.not_in(select(VisitReview.visit_id))
    if review == TO_REVIEW:
        return Visit.id.not_in(select(VisitReview.visit_id).where(VisitReview.status == "valide"))
    if review not in REVIEW_STATUSES:
        return false()
    return Visit.id.in_(select(VisitReview.visit_id).where(VisitReview.status == review))


EVERYTHING = JournalFilter()
WHERE = ("site", "date_from", "date_to")  # what the derived tables hold besides the lists


def _names_only(f: JournalFilter, *fields: str) -> bool:
    """Whether the filter names nothing but ``fields`` (every other field as in
    ``EVERYTHING``)."""
    return all(
        getattr(f, name) == getattr(EVERYTHING, name)
        for name in JournalFilter.__dataclass_fields__
        if name not in fields
    )


def _facet_terms(f: JournalFilter, scope: JournalScope) -> list[ColumnElement[bool]] | None:
    """The filter as terms on ``journal_facet`` when it names one motif or one public,
    besides the site and the period; None when the visits themselves must be read.

    The same visits as ``conditions``: a facet row is an element of the visit's
    ``journeys``, or a key of its ``publics`` with that public's status (« p:<slug> »
    when the visitor may belong to it, else « p:<slug>:<status> »)."""
    if f.journey is not None and _names_only(f, "journey", *WHERE):
        where = [FACETS.c.facet == "j:" + f.journey]
    elif f.public is not None and _names_only(f, "public", "public_status", *WHERE):
        status = f.public_status
        if status is None:  # « oui » or « a_verifier »: all of « p:<slug> »
            where = [FACETS.c.facet == "p:" + f.public]
        elif status in MAY_BELONG:
            where = [FACETS.c.facet == "p:" + f.public, FACETS.c.status == status]
        else:
            where = [FACETS.c.facet == f"p:{f.public}:{status}", FACETS.c.status == status]
    else:
        return None
    for site in (scope.site_id, f.site):
        if site is not None:
            where.append(FACETS.c.site_id == site)
    if f.date_from is not None:
        where.append(FACETS.c.started_at >= _stored(day_start(f.date_from)))
    if f.date_to is not None:
        where.append(FACETS.c.started_at < _stored(day_start(f.date_to + timedelta(days=1))))
    return where


def count_visits(session: Session, journal_filter: JournalFilter, scope: JournalScope) -> int:
    query: Select[Any]
    facets = _facet_terms(journal_filter, scope)
    if facets is not None:
        query = select(func.count()).select_from(FACETS).where(*facets)
    elif _names_only(journal_filter, "site"):  # no filter: the count kept per site
        sites = (scope.site_id, journal_filter.site)
        where = [SITE_COUNTS.c.site_id == site for site in sites if site is not None]
        query = select(func.sum(SITE_COUNTS.c.visits)).where(*where)
    else:
        query = select(func.count()).select_from(Visit).where(*conditions(journal_filter, scope))
    return int(session.scalar(query) or 0)


def _slice(
    journal_filter: JournalFilter, scope: JournalScope, offset: int, limit: int
) -> Select[Any]:
    """The rowids of the visits ``offset`` to ``offset + limit``, read on an index alone."""
    facets = _facet_terms(journal_filter, scope)
    if facets is not None:
        return (
            select(FACETS.c.visit_rowid)
            .where(*facets)
            .order_by(FACETS.c.started_at.desc(), FACETS.c.visit_rowid.desc())
            .limit(limit)
            .offset(offset)
        )
    return (
        select(ROWID)
        .select_from(Visit)
        .where(*conditions(journal_filter, scope))
        .order_by(Visit.started_at.desc(), ROWID.desc())
        .limit(limit)
        .offset(offset)
    )


def page(
    session: Session,
    journal_filter: JournalFilter,
    scope: JournalScope,
    offset: int,
    limit: int,
) -> list[JournalRow]:
    """Rows ``offset`` to ``offset + limit`` of the journal, newest first.

    The slice is chosen on an index alone (rowids), then only those rows are read.
    """
    rowids = _slice(journal_filter, scope, offset, limit)
    chosen = [rowid for (rowid,) in session.execute(rowids)]
    if not chosen:
        return []
    review = select(VisitReview.status).where(VisitReview.visit_id == Visit.id).scalar_subquery()
    unread = (
        select(func.count()).select_from(ReviewComment).where(_unread_condition(scope))
    ).scalar_subquery()
    messages = (
        select(func.count())
        .select_from(ReviewComment)
        .where(ReviewComment.visit_id == Visit.id)
        .scalar_subquery()
    )
    query = (
        select(*ROW_COLUMNS, review, unread, messages)
        .where(ROWID.in_(chosen))
        .order_by(Visit.started_at.desc(), ROWID.desc())
    )
    rows = session.execute(query).all()
    agents = agent_names(session, {row.agent_id for row in rows})
    sites = site_names(session)
    return [
        JournalRow(
            id=row.id,
            started_at=row.started_at,
            site_id=row.site_id,
            site=sites.get(row.site_id, row.site_id),
            agent_id=row.agent_id,
            agent=agents.get(row.agent_id, OTHER_AGENT),
            journeys=tuple(row.journeys),
            outcome=row.outcome,
            channel=row.channel,
            voided=row.voided_at is not None,
            review=row[8],
            unread=int(row[9] or 0),
            messages=int(row[10] or 0),
        )
        for row in rows
    ]


OTHER_AGENT = "Agent d'un autre poste"


def agent_names(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Display names of the profiles of this PC (visits synced from elsewhere have none)."""
    wanted = list(ids)
    if not wanted:
        return {}
    query = select(Profile.id, Profile.display_name).where(Profile.id.in_(wanted))
    return {row.id: row.display_name for row in session.execute(query)}


def site_names(session: Session) -> dict[str, str]:
    names = {site.id: site.commune for site in known_sites()}
    names.update({row.id: row.commune for row in session.execute(select(Site.id, Site.commune))})
    return names


def agent_choices(session: Session) -> list[tuple[uuid.UUID, str]]:
    """The profiles of this PC who log visits, for the agent filter."""
    loggers = [r for r, spec in roles().roles.items() if "visit.log" in spec.actions]
    query = (
        select(Profile.id, Profile.display_name)
        .where(Profile.role.in_(loggers))
        .order_by(func.lower(Profile.display_name))
    )
    return [(row.id, row.display_name) for row in session.execute(query)]
