"""The reads behind ``recommend``: the structures by partner and by distance, then only
the services that can make the cut.

A structure answers for the partner chosen by hand (``spie_partner``), else for the first
of its data·inclusion networks that ``reseaux-partenaires.json`` names. The structures
(a few thousand at most) are kept in a ``Catalogue`` per database, rebuilt when the
structure table changes (``STAMP``, read at each call in under a millisecond). Against a commune
each structure has a tier: 0 in the commune, 1 elsewhere in its EPCI, 2 anywhere else
or unplaced. The services are then read tier by tier, nearest first, until each
partner has ``enough`` of them (in the zone, unless everything is asked), so that a
20 000-service directory is not read whole for every visit.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from frontdesk.contacts.geo import FRANCE, somme
from frontdesk.orientation.journeys import network_partners

TIERS = 3
# What tells that the structure table changed: rows, versions (every change bumps one),
# latest change, and the length of each column the catalogue reads.
STAMP = (
    "SELECT count(*), total(version), max(updated_at), total(length(spie_partner)),"
    " total(length(reseaux_porteurs)), total(length(code_insee)), total(length(nom))"
    " FROM structure"
)
NO_PARTNER = ""  # the group of the structures that answer for no partner
_COMBINING = re.compile(r"[\u0300-\u036f]")
_LOCK = threading.Lock()
_CATALOGUES: dict[str, tuple[tuple[Any, ...], Catalogue]] = {}


def quick_fold(text_: str) -> str:
    """``journeys.fold`` for names, faster: Latin accents off, lower case."""
    decomposed = unicodedata.normalize("NFKD", text_.replace("’", "'"))
    return _COMBINING.sub("", decomposed).casefold()


def covering_zones(insee: str) -> list[str]:
    """The zone codes that cover the commune: itself, its EPCI, the département when it
    is in it, ``france`` (as the directory stores them: upper case, ``france``)."""
    territory, insee = somme(), insee.strip().upper()
    commune = territory.commune(insee)
    candidates = [insee, territory.departement, commune.epci if commune else None, FRANCE]
    return [c for c in candidates if c and territory.zone_covers(c, insee)]


@dataclass(frozen=True)
class Found:
    """A service read for a visit, with its structure and what ranks it."""

    id: uuid.UUID
    di_id: str
    nom: str
    thematiques: tuple[str, ...]
    a_verifier: bool
    structure_id: uuid.UUID
    structure_di_id: str
    structure_nom: str
    group: str  # partner slug, or NO_PARTNER
    commune: str | None
    telephone: str | None
    located: bool  # in the commune itself
    in_zone: bool  # its zone covers the commune


@dataclass
class Catalogue:
    """The structures of one database (hex ids): partner group, folded name, and per
    group the structures of each commune and of each EPCI (INSEE code of the structure)."""

    group: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_commune: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    by_epci: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _named: dict[str, list[str]] = field(default_factory=dict)

    def add(self, sid: str, group: str, code: str | None, nom: str) -> None:
        self.group[sid], self.names[sid] = group, quick_fold(nom)
        self.members[group].append(sid)
        commune = somme().commune(code) if code else None
        if code:
            self.by_commune[group, code].append(sid)
        if commune is not None and commune.epci:
            self.by_epci[group, commune.epci].append(sid)

    def tier(self, group: str, insee: str, tier: int) -> list[str]:
        """The group's structures in the commune (0), elsewhere in its EPCI (1), or
        anywhere else (2)."""
        here = self.by_commune.get((group, insee), [])
        if tier == 0:
            return here
        commune = somme().commune(insee)
        epci = commune.epci if commune is not None else None
        near = [s for s in self.by_epci.get((group, epci or ""), []) if s not in set(here)]
        if tier == 1:
            return near
        taken = set(here) | set(near)
        return [s for s in self.members.get(group, []) if s not in taken]

    def named(self, pattern: re.Pattern[str], insee: str, most: int) -> list[str]:
        """The ``most`` nearest structures with no partner whose name holds one of the
        words (the search is kept; the distance is not)."""
        found = self._named.get(pattern.pattern)
        if found is None:
            found = [s for s in self.members.get(NO_PARTNER, []) if pattern.search(self.names[s])]
            if len(self._named) > 64:
                self._named.clear()
            self._named[pattern.pattern] = found
        near = {s: n for n in (0, 1) for s in self.tier(NO_PARTNER, insee, n) if s in found}
        return sorted(found, key=lambda s: (near.get(s, 2), self.names[s]))[:most]


def catalogue(session: Session) -> Catalogue:
    """This database's catalogue, rebuilt if the structure table changed."""
    stamp = tuple(session.execute(text(STAMP)).one())
    key = str(session.get_bind().engine.url)
    with _LOCK:
        known = _CATALOGUES.get(key)
        if known is not None and known[0] == stamp:
            return known[1]
    networks = network_partners()
    built = Catalogue()
    rows = session.execute(
        text("SELECT id, spie_partner, reseaux_porteurs, code_insee, nom FROM structure")
    )
    for sid, slug, reseaux, code, nom in rows:
        partner = networks.partner_of(slug or None, json.loads(reseaux or "[]"))
        built.add(sid, partner or NO_PARTNER, (code or "").strip().upper() or None, nom)
    with _LOCK:
        _CATALOGUES[key] = (stamp, built)
    return built


def _uuid(value: Any) -> uuid.UUID:
    """SQLite gives the UUID columns back as 32 hex digits to a text query."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=str(value))


def read_services(
    session: Session,
    structure_ids: Sequence[str],
    groups: dict[str, str],
    insee: str,
    *,
    everywhere: bool,
    themes: Sequence[str] = (),
    min_shared: int = 0,
    cap: int | None = None,
    per_structure: bool = False,
) -> list[Found]:
    """The services of these structures, in the zone unless ``everywhere``, sharing at
    least ``min_shared`` of ``themes``; with ``cap``, the ``cap`` best
    of each group, or of each structure (in the zone, most ``themes`` shared, in the
    commune, by name). Straight to the driver: the statement is made for one call."""
    if not structure_ids:
        return []
    params: dict[str, Any] = {"insee": insee, "cap": cap or 0}
    rows = []
    for n, sid in enumerate(structure_ids):
        params[f"s{n}"], params[f"g{n}"] = sid, groups[sid]
        rows.append(f"(:s{n}, :g{n})")
    zones = []
    for n, zone in enumerate(covering_zones(insee)):
        params[f"z{n}"] = f'"{zone}"'
        zones.append(f"instr(s.zone_eligibilite, :z{n})")
    in_zone = " OR ".join(zones) or "0"
    params |= {f"t{n}": f'"{theme}"' for n, theme in enumerate(themes)}
    shared = " + ".join(f"(instr(s.thematiques, :t{n}) > 0)" for n in range(len(themes))) or "0"
    where = ["1"] if everywhere else [f"({in_zone})"]
    if min_shared:
        params["min_shared"] = min_shared
        where.append(f"({shared}) >= :min_shared")
    sql = (
        f"WITH g(sid, grp) AS (VALUES {', '.join(rows)}),"
        " found AS (SELECT s.id, s.di_id, s.nom, s.thematiques, s.a_verifier, s.structure_id,"
        " st.di_id AS structure_di_id, st.nom AS structure_nom, g.grp,"
        " coalesce(s.commune, st.commune) AS commune,"
        " coalesce(s.telephone, st.telephone) AS telephone,"
        " coalesce(coalesce(s.code_insee, st.code_insee) = :insee, 0) AS located,"
        f" ({in_zone}) AS in_zone, ({shared}) AS shared"
        " FROM g JOIN service s ON s.structure_id = g.sid"
        f" JOIN structure st ON st.id = s.structure_id WHERE {' AND '.join(where)})"
    )
    if cap is None:
        sql += " SELECT * FROM found"
    else:
        sql += (
            ", numbered AS (SELECT found.*, row_number() OVER (PARTITION BY"
            f" {'structure_id' if per_structure else 'grp'} ORDER BY"
            " in_zone DESC, shared DESC, located DESC, nom COLLATE NOCASE, di_id) AS n"
            " FROM found) SELECT * FROM numbered WHERE n <= :cap"
        )
    return [_found(row) for row in session.connection().exec_driver_sql(sql, params)]


def _found(row: Any) -> Found:
    return Found(
        _uuid(row.id), row.di_id, row.nom, tuple(json.loads(row.thematiques or "[]")),
        bool(row.a_verifier), _uuid(row.structure_id), row.structure_di_id, row.structure_nom,
        row.grp, row.commune, row.telephone, bool(row.located),
        bool(row.in_zone),
    )  # fmt: skip


def nearest_services(
    session: Session,
    known: Catalogue,
    slugs: Iterable[str],
    insee: str,
    themes: Sequence[str],
    *,
    everywhere: bool,
    enough: int,
) -> list[Found]:
    """The ``enough`` best services of each partner, read from its nearest structures,
    tier after tier until it has ``enough`` in the zone (with ``everywhere``, the best
    outside it of each tier read come too); the ranking is ``read_services``'s."""
    needed = {slug for slug in slugs if slug in known.members}
    found: list[Found] = []
    for tier in range(TIERS):
        ids = [sid for slug in needed for sid in known.tier(slug, insee, tier)]
        found += read_services(
            session, ids, known.group, insee, everywhere=everywhere, themes=themes, cap=enough
        )
        counts = Counter(row.group for row in found if row.in_zone)
        needed = {slug for slug in needed if counts[slug] < enough}
        if not needed:
            break
    return found


def directory_services(
    session: Session,
    known: Catalogue,
    themes: Sequence[str],
    keywords: re.Pattern[str] | None,
    insee: str,
    *,
    everywhere: bool,
    named_most: int,
    enough: int,
    min_shared: int,
    cap: int,
) -> list[Found]:
    """Services of structures with no partner, the ``cap`` best of each: of the
    ``named_most`` nearest named by the ``keywords``, any; of the others in the commune,
    then (if that makes fewer than ``enough`` structures) in its EPCI, those sharing at
    least ``min_shared`` of ``themes``."""
    named = known.named(keywords, insee, named_most) if keywords is not None else []
    kept: dict[str, Any] = {
        "everywhere": everywhere, "themes": themes, "cap": cap, "per_structure": True,
    }  # fmt: skip
    found = read_services(session, named, known.group, insee, **kept)
    for tier in (0, 1) if themes else ():
        near = [s for s in known.tier(NO_PARTNER, insee, tier) if s not in set(named)]
        found += read_services(session, near, known.group, insee, min_shared=min_shared, **kept)
        if len({row.structure_id for row in found}) >= enough:
            break
    return found
