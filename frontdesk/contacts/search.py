"""Directory search as you type: accent- and case-insensitive, over the FTS5 index.

The index ``directory_fts`` (migration 0004) holds a row per structure and per service
and is kept current by triggers. Each word typed becomes a prefix term (« emplo » finds
« emploi »), all words required. The filters run in SQL (``json_each`` over the JSON
list columns); « ouvert maintenant » is read from the opening hours (OSM syntax) in
Python, the service's own hours first, else its structure's.

Ranking: relevance (bm25, the name weighing more than the rest, rounded to
``SCORE_STEP`` decimals so that near-equal texts count as equal), then services located
in the searched commune, then by name.

Ranking costs a few microseconds per matching row and term searched, so a query too
broad to rank (more than ``BROAD`` rows match, as with the first letter or two typed,
fewer when synonyms add terms: ``RANK_COST``) is answered in tiers:
services whose NAME matches come first (ranked if they are few enough, else in index
order), then the others in index order, reading only as many rows as shown. Their
``score`` is 0 when unranked.

The words agents use (``SearchQuery.expand``, on by default): typed words that name a
synonym or a former name (``contacts.synonyms``) are searched with it (« pôle emploi »
also finds France Travail: ``contacts.thesaurus``); when the text finds nothing at all,
each word of 5 letters or more that finds nothing by itself is replaced by the indexed
words one letter away from it (``search_index.corrections``). ``search_index.explain``
tells which typed word, synonym or correction made a service match.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import opening_hours
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from frontdesk import moments
from frontdesk.contacts.geo import FRANCE, somme
from frontdesk.contacts.search_index import corrected
from frontdesk.contacts.synonyms import thesaurus
from frontdesk.contacts.thesaurus import Alternative, Clause, Word, fts_phrase, typed_words

SCORE_STEP = 1  # decimals kept of the bm25 score when ranking
BROAD = 600  # matching rows beyond which a query is answered in tiers (see above)
RANK_COST = 3 * BROAD  # matching rows × terms searched that bm25 ranks in one pass
NAME_WEIGHT, BODY_WEIGHT = 5.0, 1.0
ALL_PUBLICS = "tous-publics"
# bm25() is lower for better matches: negated, a higher score is better.
_BM25 = f"-bm25(directory_fts, 0, 0, {NAME_WEIGHT}, {BODY_WEIGHT})"


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    thematique: str | None = None  # a thematique slug, or a category (« sante »)
    public: str | None = None  # a data·inclusion public; « tous-publics » services match too
    spie_partner: str | None = None  # the structure's SPIE partner slug
    commune_insee: str | None = None  # the service's zone must cover this commune
    mode_accueil: str | None = None  # « en-presentiel », « a-distance »
    open_now: bool = False
    now: datetime | None = None  # local time; the clock when None
    limit: int = 50
    expand: bool = True  # synonyms and typo tolerance


@dataclass(frozen=True)
class ServiceHit:
    service_id: uuid.UUID
    nom: str
    structure_nom: str
    commune: str | None
    telephone: str | None
    a_verifier: bool
    open_now: bool | None  # None: no hours, or hours that cannot be read
    commune_match: bool  # located in the searched commune
    score: float  # higher is better; 0 without text


@dataclass(frozen=True)
class StructureHit:
    structure_id: uuid.UUID
    nom: str
    commune: str | None
    telephone: str | None
    spie_partner: str | None
    a_verifier: bool
    score: float


def match_terms(text: str) -> str | None:
    """The FTS5 terms for typed text: ``"word"* AND …``, None when there is no word
    (the words as ``synonyms.typed_words`` keeps them), without synonyms."""
    words = typed_words(text)
    return " AND ".join(fts_phrase(w.typed) for w in words) if words else None


def match_expression(text: str) -> str | None:
    """The full FTS5 query, over names and bodies: ``{nom body} : (…)``."""
    terms = match_terms(text)
    return None if terms is None else _everything(terms)


def covering_zones(insee: str) -> list[str]:
    """The zone codes that cover the commune (itself, département, EPCI, ``france``)."""
    territory = somme()
    insee = insee.strip().upper()
    commune = territory.commune(insee)
    candidates = [insee, territory.departement, commune.epci if commune else None, FRANCE]
    return [c.lower() for c in candidates if c and territory.zone_covers(c, insee)]


@lru_cache(maxsize=4096)
def _hours(expression: str) -> Any:
    """Parsed hours, or None when they cannot be read (cached: the same few come back)."""
    try:
        return opening_hours.OpeningHours(expression, country="FR")
    except Exception:  # ParserError, and whatever the parser may raise on odd input
        return None


def is_open(expression: str | None, now: datetime) -> bool | None:
    """True / False from the hours at ``now``; None when unknown or unreadable."""
    if not expression or not expression.strip():
        return None
    hours = _hours(expression.strip())
    if hours is None:
        return None
    try:
        state = hours.state(now)[0]
    except Exception:  # evaluation errors count as unknown, never a crash
        return None
    if state == opening_hours.State.OPEN:
        return True
    return False if state == opening_hours.State.CLOSED else None


def local_now(now: datetime | None) -> datetime:
    """Naive time at the counters, as the hours are written (an aware ``now`` is
    converted to Paris time; a naive one is taken as already local)."""
    if now is None:
        now = moments.now()
    return moments.local(now).replace(tzinfo=None) if now.tzinfo else now


def _in_list(column: str, condition: str) -> str:
    return f"EXISTS (SELECT 1 FROM json_each({column}) j WHERE {condition})"


def _filters(query: SearchQuery, params: dict[str, Any]) -> list[str]:
    where = []
    if query.thematique:
        params["thematique"] = query.thematique
        where.append(
            _in_list(
                "s.thematiques",
                "j.value = :thematique OR substr(j.value, 1, length(:thematique) + 2)"
                " = :thematique || '--'",
            )
        )
    if query.public:
        params["public"], params["all_publics"] = query.public, ALL_PUBLICS
        where.append(_in_list("s.publics", "j.value IN (:public, :all_publics)"))
    if query.mode_accueil:
        params["mode"] = query.mode_accueil
        where.append(_in_list("s.modes_accueil", "j.value = :mode"))
    if query.spie_partner:
        params["partner"] = query.spie_partner
        where.append("st.spie_partner = :partner")
    if query.commune_insee:
        params["zones"] = covering_zones(query.commune_insee)
        where.append(_in_list("s.zone_eligibilite", "lower(trim(j.value)) IN :zones"))
    if query.open_now:
        where.append("coalesce(s.horaires_accueil, st.horaires_accueil) IS NOT NULL")
    return where


_SERVICE_COLUMNS = (
    "s.id, s.nom, st.nom AS structure_nom, coalesce(s.commune, st.commune) AS commune,"
    " coalesce(s.telephone, st.telephone) AS telephone, s.a_verifier,"
    " s.horaires_accueil, st.horaires_accueil AS structure_horaires,"
    " coalesce(coalesce(s.code_insee, st.code_insee) = :insee, 0) AS commune_match"
)


def _service_sql(
    query: SearchQuery, params: dict[str, Any], match: str | None, ranked: bool
) -> str:
    where = _filters(query, params)
    if match is None:
        source, score, order = "service s", "0.0", "commune_match DESC, s.nom COLLATE NOCASE, s.id"
    else:
        params["match"] = match
        source = "directory_fts JOIN service s ON s.id = directory_fts.record_id"
        where = ["directory_fts MATCH :match", "directory_fts.kind = 'service'", *where]
        # Index order alone, so that SQLite reads rows only as far as they are shown.
        score, order = "0.0", "directory_fts.rowid"
        if ranked:
            score = f"round({_BM25}, {SCORE_STEP})"
            order = "score DESC, commune_match DESC, s.nom COLLATE NOCASE, s.id"
    params["insee"] = (query.commune_insee or "").strip().upper()
    return (
        f"SELECT {_SERVICE_COLUMNS}, {score} AS score FROM {source}"
        " JOIN structure st ON st.id = s.structure_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {order}"
        + ("" if query.open_now else " LIMIT :limit")
    )


def _matching(session: Session, match: str, most: int | None = None) -> int:
    """How many index rows match, counted up to ``most`` (cheap: no ranking)."""
    sql = "SELECT count(*) FROM (SELECT 1 FROM directory_fts WHERE directory_fts MATCH :m LIMIT :n)"
    most = BROAD + 1 if most is None else most
    count: int = session.execute(text(sql), {"m": match, "n": most}).scalar_one()
    return count


@dataclass(frozen=True)
class QueryPlan:
    """What typed text searches: every clause is required."""

    clauses: tuple[Clause, ...]
    matching: int | None = None  # index rows matching, counted up to BROAD + 1

    @property
    def terms(self) -> str | None:
        return " AND ".join(c.fts for c in self.clauses) if self.clauses else None

    @property
    def ranked(self) -> int:
        """Matching rows that bm25 ranks at most: ranking costs per row and per term
        (synonyms add many terms), so the more terms, the fewer rows."""
        terms = sum(len(p[0]) for c in self.clauses for a in c.alternatives for p in a.parts)
        return min(BROAD, RANK_COST // max(terms, 1))


def _everything(terms: str) -> str:
    return f"{{nom body}} : ({terms})"


def plan_query(session: Session, typed: str, *, expand: bool = True) -> QueryPlan:
    """The clauses searched for ``typed``: its words, their synonyms and, when the text
    finds nothing, the corrections of the words that find nothing by themselves."""
    words = typed_words(typed)
    if not words:
        return QueryPlan(())
    if not expand:
        plain = (Clause(w.typed, (w,), (_as_typed(w),)) for w in words)
        return QueryPlan(tuple(plain))
    book = thesaurus(session)
    clauses = book.clauses(words)
    count = _matching(session, _everything(" AND ".join(c.fts for c in clauses)))
    if count:
        return QueryPlan(clauses, count)
    in_synonyms = {id(w) for c in clauses if c.synonym for w in c.words}
    fixed = [w if id(w) in in_synonyms else corrected(session, w, book.words) for w in words]
    if fixed == words:
        return QueryPlan(clauses, 0)
    return QueryPlan(book.clauses(fixed))


def _as_typed(word: Word) -> Alternative:
    return Alternative("word", word.typed, fts_phrase(word.typed), ((word.forms, True),))


def _passes(session: Session, plan: QueryPlan) -> list[tuple[str | None, bool]]:
    """(FTS5 query, ranked?) to run in turn: one ranked pass unless the text is too broad."""
    terms = plan.terms
    if terms is None:
        return [(None, False)]
    everything, names = _everything(terms), f"{{nom}} : ({terms})"
    count = plan.matching if plan.matching is not None else _matching(session, everything)
    if count == 0:
        return []
    if count <= plan.ranked:
        return [(everything, True)]
    by_name = _matching(session, names, plan.ranked + 1) <= plan.ranked
    return [(names, by_name), (f"{everything} NOT {names}", False)]


def _hit(row: Any, now: datetime) -> ServiceHit:
    opened = is_open(row.horaires_accueil, now)
    if opened is None and not (row.horaires_accueil or "").strip():
        opened = is_open(row.structure_horaires, now)
    return ServiceHit(
        service_id=uuid.UUID(row.id),
        nom=row.nom,
        structure_nom=row.structure_nom,
        commune=row.commune,
        telephone=row.telephone,
        a_verifier=bool(row.a_verifier),
        open_now=opened,
        commune_match=bool(row.commune_match),
        score=float(row.score),
    )


def search_services(session: Session, query: SearchQuery) -> list[ServiceHit]:
    """Services matching the text and every filter given, best first, at most ``limit``."""
    now = local_now(query.now)
    hits: list[ServiceHit] = []
    plan = plan_query(session, query.text, expand=query.expand) if query.limit > 0 else None
    for match, ranked in _passes(session, plan) if plan is not None else ():
        params: dict[str, Any] = {"limit": query.limit - len(hits)}
        statement = text(_service_sql(query, params, match, ranked))
        if "zones" in params:
            statement = statement.bindparams(bindparam("zones", expanding=True))
        for row in session.execute(statement, params):
            hit = _hit(row, now)
            if query.open_now and hit.open_now is not True:
                continue
            hits.append(hit)
            if len(hits) >= query.limit:
                return hits
    return hits


def search_structures(
    session: Session, text_: str, *, spie_partner: str | None = None, limit: int = 50
) -> list[StructureHit]:
    """Structures by name, description and contacts (all of them when ``text_`` is empty)."""
    params: dict[str, Any] = {"limit": limit, "partner": spie_partner}
    match = match_expression(text_)
    where = ["(:partner IS NULL OR st.spie_partner = :partner)"]
    if match is None:
        source, score = "structure st", "0.0"
    else:
        params["match"] = match
        source = "directory_fts JOIN structure st ON st.id = directory_fts.record_id"
        score = f"round({_BM25}, {SCORE_STEP})"
        where += ["directory_fts MATCH :match", "directory_fts.kind = 'structure'"]
    sql = (
        "SELECT st.id, st.nom, st.commune, st.telephone, st.spie_partner, st.a_verifier,"
        f" {score} AS score FROM {source} WHERE {' AND '.join(where)}"
        " ORDER BY score DESC, st.nom COLLATE NOCASE, st.id LIMIT :limit"
    )
    return [
        StructureHit(
            uuid.UUID(row.id),
            row.nom,
            row.commune,
            row.telephone,
            row.spie_partner,
            bool(row.a_verifier),
            float(row.score),
        )
        for row in session.execute(text(sql), params)
    ]
