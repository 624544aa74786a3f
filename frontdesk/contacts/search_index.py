"""The directory's full-text index (``directory_fts``): bulk writes, the index's
vocabulary (typo tolerance), and why a service matched a search.

Triggers (migration 0004) keep the index current one row at a time: right for an edit,
costly for an import that writes thousands of entries (about 70 µs a row). Inside
``suspended_index`` the triggers and the index are dropped, and when the block ends
they are created again from the very SQL SQLite recorded for them, and the index
refilled in one statement from the view ``directory_fts_rows`` (migration 0005).
SQLite's DDL is transactional: if the caller's transaction rolls back, the triggers and
the index come back as they were.

``corrections`` reads the index's words through a TEMP ``fts5vocab`` table (nothing is
added to the database) and compares them with ``rapidfuzz``; ``explain`` asks the index
which alternative of a search (typed word, synonym, correction) each service matches.
"""

from __future__ import annotations

import bisect
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from frontdesk.contacts.thesaurus import Clause, Word, quoted

log = logging.getLogger(__name__)

INDEX = "directory_fts"
ROWS_VIEW = "directory_fts_rows"
# Rebuilding costs about a fifth of per-row upkeep for the whole directory: below this
# share of the directory written (and below BULK_MIN rows), the triggers are cheaper.
BULK_SHARE, BULK_MIN = 0.2, 500


def worth_suspending(rows_written: int, directory_size: int) -> bool:
    return rows_written >= max(BULK_MIN, BULK_SHARE * directory_size)


class _Definitions(NamedTuple):
    table: str  # the CREATE VIRTUAL TABLE statement
    triggers: dict[str, str]  # name: CREATE TRIGGER statement


def _definitions(session: Session) -> _Definitions:
    rows = session.execute(
        text(
            "SELECT type, name, sql FROM sqlite_master WHERE (type = 'table' AND name = :index)"
            " OR (type = 'trigger' AND tbl_name IN ('structure', 'service', 'direct_contact')"
            " AND sql LIKE '%' || :index || '%')"
        ),
        {"index": INDEX},
    ).all()
    table = [sql for kind, _name, sql in rows if kind == "table"]
    if len(table) != 1:
        raise RuntimeError(f"the search index {INDEX} is missing from this database")
    return _Definitions(table[0], {name: sql for kind, name, sql in rows if kind == "trigger"})


@contextmanager
def suspended_index(session: Session) -> Iterator[None]:
    """Write the directory in bulk in the block; the index is rebuilt once at the end."""
    definitions = _definitions(session)
    for name in definitions.triggers:
        session.execute(text(f"DROP TRIGGER {name}"))
    session.execute(text(f"DROP TABLE {INDEX}"))
    yield
    _refill(session, definitions)


def rebuild(session: Session) -> None:
    """Rebuild the index from the directory's rows (triggers left as they are)."""
    definitions = _definitions(session)
    session.execute(text(f"DROP TABLE {INDEX}"))
    _refill(session, definitions._replace(triggers={}))


def _refill(session: Session, definitions: _Definitions) -> None:
    session.execute(text(definitions.table))
    session.execute(
        text(f"INSERT INTO {INDEX} (kind, record_id, nom, body) SELECT * FROM {ROWS_VIEW}")
    )
    for sql in definitions.triggers.values():
        session.execute(text(sql))
    log.info("directory search index rebuilt")


# -- across transactions: a pull of many pages --------------------------------------------

PAUSED_SETTING = "directory_index_paused"  # the triggers' SQL, kept while they are off


def pause(session: Session) -> None:
    """Stop the per-row upkeep until ``resume``: a sync receiving a whole directory writes
    it page by page, one transaction each, and one rebuild at the end costs far less than
    the triggers on every row. The index stays in place, searchable, only not current;
    the triggers' SQL is kept in a setting, in the same transaction, so that a crash
    in between is repaired by the next ``resume`` (next sync, next start)."""
    from frontdesk.device import get_setting, put_setting

    if get_setting(session, PAUSED_SETTING) is not None:
        return
    definitions = _definitions(session)
    put_setting(session, PAUSED_SETTING, definitions.triggers)
    for name in definitions.triggers:
        session.execute(text(f"DROP TRIGGER {name}"))


def resume(session: Session) -> bool:
    """Rebuild the index and put the triggers back, if ``pause`` took them off."""
    from frontdesk.device import get_setting
    from frontdesk.store.models import Setting

    triggers = get_setting(session, PAUSED_SETTING)
    if triggers is None:
        return False
    definitions = _definitions(session)  # edits made meanwhile are in the rows: rebuilt
    session.execute(text(f"DROP TABLE {INDEX}"))
    _refill(session, definitions._replace(triggers=triggers))
    session.execute(delete(Setting).where(Setting.key == PAUSED_SETTING))
    return True


# -- why a service matched -----------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a service matched one clause of the text."""

    typed: str  # the words typed
    kind: str  # "word", "synonym", "typo"
    found: str  # what matched: the word typed, a synonym, a correction
    in_name: bool  # in the service's or its structure's name, else in its other texts

    def sentence(self) -> str:
        where = "dans le nom" if self.in_name else "dans la description, les thèmes ou les contacts"
        if self.kind == "synonym":
            return f"{quoted(self.typed)} : synonyme {quoted(self.found)} trouvé {where}"
        if self.kind == "typo":
            return f"{quoted(self.typed)} : lu {quoted(self.found)}, trouvé {where}"
        return f"{quoted(self.typed)} trouvé {where}"


def explain(
    session: Session, clauses: Sequence[Clause], service_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Reason]]:
    """For each service, the alternatives of each clause (``search.QueryPlan``) it
    matches: two index queries per alternative, over these services only (for a report,
    not for every keystroke)."""
    reasons: dict[uuid.UUID, list[Reason]] = {i: [] for i in service_ids}
    if not service_ids:
        return reasons
    within = "record_id : (" + " OR ".join(f'"{i.hex}"' for i in service_ids) + ")"
    sql = text(
        "SELECT record_id FROM directory_fts WHERE directory_fts MATCH :m"
        " AND directory_fts.kind = 'service'"
    )
    for clause in clauses:
        for alternative in clause.alternatives:
            named: set[str] = set()
            for columns in ("nom", "nom body"):  # in a name first, else in the texts
                match = f"{{{columns}}} : ({alternative.fts}) AND {within}"
                found = set(session.scalars(sql, {"m": match})) - named
                for record in sorted(found):
                    reason = Reason(
                        clause.typed, alternative.kind, alternative.text, columns == "nom"
                    )
                    reasons[uuid.UUID(record)].append(reason)
                named |= found
    return reasons


# -- the index's vocabulary, for typo tolerance ---------------------------------------------

VOCABULARY = "directory_fts_vocab"  # an fts5vocab table, TEMP: per connection, nothing stored
MAX_CORRECTIONS = 3
TYPO_MIN = 5  # letters a word needs before a typo in it is corrected
_STRUCTURE_ROW = 10  # FTS5 keeps its segment list there; it changes with every write


@dataclass
class Vocabulary:
    """The words of the names and texts indexed, with how many entries hold each."""

    documents: dict[str, int]
    _sorted: list[str] = field(default_factory=list)
    _choices: dict[tuple[int, bool, frozenset[str]], dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._sorted = sorted(self.documents)

    def has_prefix(self, start: str) -> bool:
        at = bisect.bisect_left(self._sorted, start)
        return at < len(self._sorted) and self._sorted[at].startswith(start)

    def choices(self, length: int, prefix: bool, known: frozenset[str]) -> dict[str, int]:
        """The words (or, for a ``prefix``, the words' starts) of ``length`` letters, and
        the ``known`` ones, each with the entries of its most frequent word."""
        key = (length, prefix, known)
        if key not in self._choices:
            found: dict[str, int] = {}
            for word, count in self.documents.items():
                if len(word) == length or (prefix and len(word) > length):
                    found[word[:length]] = max(found.get(word[:length], 0), count)
            for word in known:
                if len(word) == length or (prefix and len(word) > length):
                    found.setdefault(word[:length], 0)
            self._choices[key] = found
        return self._choices[key]


_vocabularies: OrderedDict[str, tuple[tuple[Any, ...], Vocabulary]] = OrderedDict()
_vocabulary_lock = threading.Lock()


def _stamp(session: Session) -> tuple[Any, ...]:
    """Changes whenever the index does: FTS5 rewrites its structure record on every write,
    and the schema version moves when the index is dropped and rebuilt."""
    version = session.execute(text("PRAGMA schema_version")).scalar()
    block = session.execute(
        text(f"SELECT block FROM {INDEX}_data WHERE id = :row"), {"row": _STRUCTURE_ROW}
    ).scalar()
    return (version, block)


def vocabulary(session: Session) -> Vocabulary:
    """The index's words from names and texts (not the record ids), read through an
    fts5vocab table and kept until the index changes (reading it costs about 0.1 s for
    20 000 services; checking that it is still current, a few microseconds)."""
    database = str(session.get_bind().engine.url.database)
    stamp = _stamp(session)
    with _vocabulary_lock:
        known = _vocabularies.get(database)
        if known is not None and known[0] == stamp:
            return known[1]
    session.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCABULARY}"
            f" USING fts5vocab(main, {INDEX}, col)"
        )
    )
    rows = session.execute(
        text(
            f"SELECT term, sum(doc) FROM temp.{VOCABULARY} WHERE col IN ('nom', 'body')"
            " GROUP BY term"
        )
    )
    found = Vocabulary({term: int(count) for term, count in rows})
    with _vocabulary_lock:
        _vocabularies[database] = (stamp, found)
        _vocabularies.move_to_end(database)
        while len(_vocabularies) > 4:
            _vocabularies.popitem(last=False)
    return found


def corrections(
    session: Session, word: str, *, prefix: bool, known: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """Words one letter away from ``word`` (folded): one letter changed, added, removed,
    or two neighbours swapped (optimal string alignment distance 1, ``rapidfuzz``).

    ``prefix``: the word is still being typed, so the corrections are starts of indexed
    words (« surendete » → « surendette »), as long as the word if any is that close,
    else a letter shorter. Else whole words. ``known`` words (the synonyms') count too.
    The most frequent first, at most ``MAX_CORRECTIONS``; none when nothing is close."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    index = vocabulary(session)
    close: list[str] = []
    lengths = [len(word), len(word) + 1, len(word) - 1]
    for tier in [lengths[:2], lengths[2:]] if prefix else [lengths]:
        choices: dict[str, int] = {}
        for length in tier:
            choices |= index.choices(length, prefix, known)
        found = process.extract(
            word, list(choices), scorer=OSA.distance, score_cutoff=1, limit=None
        )
        close = sorted((c for c, _d, _i in found if c != word), key=lambda c: (-choices[c], c))
        if close:
            break
    if prefix:  # « surendet »* already finds what « surendett »* would
        close = [c for c in close if not any(o != c and c.startswith(o) for o in close)]
    return tuple(close[:MAX_CORRECTIONS])


def corrected(session: Session, word: Word, known: frozenset[str]) -> Word:
    """The word, or its corrections if it is long enough and finds nothing by itself
    (``known``: the synonyms' words, never corrected)."""
    form = word.forms[0]
    if len(form) < TYPO_MIN or form in known or vocabulary(session).has_prefix(form):
        return word
    close = corrections(session, form, prefix=word.typing, known=known)
    return Word(word.typed, close, word.typing, corrected=True) if close else word
