"""Synthetic visit history for trying Frontdesk and benchmarking the statistics.

Demo visits look like three years of real attendance at Moreuil and Roye (opening hours,
closed Sundays and public holidays, quieter Saturdays, Monday mornings, August and the
end of December, busier January and September, a frequent mix of tax and ID journeys, a
good minority of SPIE journeys with their checklist, orientations, 1–3 % voided) and are
CLEARLY marked: every one carries ``DEMO_DEVICE`` as its device id, and the setting
``demo_data`` records how many and with which seed. They never enter the outbox: they are
written with plain INSERTs on the connection, which the outbox listener (a session
``before_flush`` hook on ORM objects) never sees, so they are never sent to the hub.

The same seed and end day give the same visits. A million visits take a few tens of
seconds: choices are precomputed, JSON texts cached per combination, rows inserted with
``executemany`` in batches inside one transaction and counted into the tally in the same
pass (``count_visits`` on light row objects).
"""

from __future__ import annotations

import bisect
import calendar
import json
import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from frontdesk import moments
from frontdesk.contacts.geo import somme
from frontdesk.device import get_setting, put_setting
from frontdesk.orientation.journeys import journeys
from frontdesk.orientation.rules import spie_rules
from frontdesk.setup import known_sites
from frontdesk.stats.demo_calendar import day_weight, slot_weights
from frontdesk.stats.demo_marks import DEMO_DEVICE, DEMO_SETTING
from frontdesk.stats.tally import count_visits, rebuild_tally
from frontdesk.store.base import utcnow
from frontdesk.store.models import Setting, Site
from frontdesk.visits.models import Visit

DAYS, BATCH = 3 * 365, 10_000
Progress = Callable[[int, int], None]

SITE_WEIGHT = {"moreuil": 1.0, "roye": 1.25}  # Roye is a bit busier
OPEN_SECONDS = 8 * 3600 + 1800
JOURNEY_WEIGHT = {
    "declarer-revenus": 20, "permis-carte-identite": 19, "demander-aide": 12,
    "rembourser-soins": 9, "chercher-emploi": 8, "preparer-retraite": 7, "litige-conflit": 3,
    "attendre-enfant": 3, "freins-retour-activite": 3.5, "endettement": 3.5,
    "accompagnement-emploi-formation": 3.5, "demandes-logement": 4, "jeune-neet": 2.5,
    "handicap-emploi-formation": 2,
}  # fmt: skip
JOURNEY_SEASON = {  # month (1-12) → factor on the journey's weight
    "declarer-revenus": {1: 0.5, 4: 2.2, 5: 2.8, 6: 1.6, 9: 0.8, 12: 0.5},
    "permis-carte-identite": {3: 1.2, 4: 1.3, 5: 1.3, 6: 1.4, 7: 1.3},
    "chercher-emploi": {1: 1.3, 9: 1.4}, "accompagnement-emploi-formation": {1: 1.3, 9: 1.4},
    "jeune-neet": {9: 1.6, 10: 1.4}, "demandes-logement": {7: 1.3, 8: 1.3},
}  # fmt: skip
RSA, DELD, ASS = "beneficiaire-rsa", "demandeur-emploi-longue-duree", "beneficiaire-ass"
LINKED_PUBLICS = {  # journey → the SPIE publics its visitors often belong to
    "demander-aide": (RSA,), "chercher-emploi": (DELD, ASS), "freins-retour-activite": (RSA, DELD),
    "endettement": (RSA,), "accompagnement-emploi-formation": (DELD, ASS),
    "demandes-logement": (RSA, "beneficiaire-protection-internationale"),
    "jeune-neet": ("jeune-neet", "jeune-sortant-ase"),
    "handicap-emploi-formation": ("travailleur-rqth",),
}  # fmt: skip
YOUNG_PUBLICS = frozenset({"jeune-neet", "jeune-sortant-ase"})
AGE_HINT = {"jeune-neet": "16-25", "preparer-retraite": "50-64", "attendre-enfant": "30-49"}
OTHER_PARTNERS = ("ccas", "prefecture", "departement", "caf", "agir", "ofii")
CHANNELS = (("guichet", 68), ("telephone", 17), ("rendez-vous", 15))
KINDS = (("information", 45), ("appel", 30), ("rendez-vous", 25))
AGE_BANDS = (("moins-16", 1), ("16-25", 13), ("26-29", 8), ("30-49", 30), ("50-64", 25),
             ("65-plus", 23))  # fmt: skip
NOTES = ("Pièces justificatives manquantes, revient la semaine prochaine.",
         "Accompagnement sur l'ordinateur en libre-service.",
         "Rendez-vous de suivi à prévoir avec le partenaire.")  # fmt: skip
VOID_REASONS = ("Visite saisie en double.", "Erreur de motif, visite ressaisie.",
                "Saisie sur le mauvais poste.")  # fmt: skip


@dataclass(frozen=True)
class DemoReport:
    visits: int
    voided: int
    seed: int
    first_day: date
    last_day: date
    replaced: int  # demo visits removed first (a previous run)


class DemoRow:
    """What ``count_visits`` reads of a visit (``started_at`` already in local time)."""

    __slots__ = ("age_band", "channel", "journeys", "operators", "orientations", "outcome",
                 "publics", "site_id", "started_at", "thematiques", "voided_at")  # fmt: skip

    def __init__(self, site_id: str, started_at: datetime, combo: _Combo) -> None:
        self.site_id, self.started_at = site_id, started_at
        self.voided_at: str | None = None  # the stored text: counting only tests None
        self.journeys, self.thematiques, self.operators = combo.lists
        self.publics: dict[str, dict[str, str]] = {}
        self.orientations: list[dict[str, str]] = []
        self.outcome = self.channel = ""
        self.age_band: str | None = None


@dataclass(frozen=True)
class _Combo:
    """One combination of journeys, with everything derived from it precomputed."""

    lists: tuple[list[str], list[str], list[str]]
    texts: tuple[str, str, str]
    checklist: float  # chance the SPIE checklist was run
    partners: tuple[str, ...]
    linked: frozenset[str]
    age_hint: str | None
    orient: float  # chance of at least one orientation


def _picker(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Callable[[], Any]:
    """A fast weighted choice among (value, weight) pairs."""
    values, cumulative = [v for v, _ in pairs], list(accumulate(w for _, w in pairs))
    total, draw, find = cumulative[-1], rng.random, bisect.bisect
    return lambda: values[find(cumulative, draw() * total)]


_K = TypeVar("_K")
_V = TypeVar("_V")


def _cached(cache: dict[_K, tuple[_V, str]], key: _K, build: Callable[[], _V]) -> tuple[_V, str]:
    """(value, its JSON text), built once per distinct key."""
    found = cache.get(key)
    if found is None:
        value = build()
        found = cache[key] = (value, json.dumps(value))
    return found


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.known = journeys()
        self.slugs = tuple(p.spec.slug for p in spie_rules().publics)
        self.combos: dict[tuple[str, ...], _Combo] = {}
        self.publics: dict[Any, tuple[Any, str]] = {}
        self.orients: dict[Any, tuple[list[dict[str, str]], str]] = {}
        weights = [(j, w) for j, w in JOURNEY_WEIGHT.items() if self.known.get(j)]
        self.journey = [  # one picker per month: the mix follows the season
            _picker(rng, [(j, w * JOURNEY_SEASON.get(j, {}).get(m, 1)) for j, w in weights])
            for m in range(1, 13)
        ]
        self.size = _picker(rng, [(1, 80), (2, 17), (3, 3)])
        self.channel = _picker(rng, CHANNELS)
        self.kind = _picker(rng, KINDS)
        self.age = _picker(rng, AGE_BANDS)
        self.slot = {d: _picker(rng, list(enumerate(slot_weights(d)))) for d in range(1, 7)}
        geo, self.communes = somme(), {}
        for site in known_sites():
            home = geo.commune(site.insee_code)
            near = [c.insee for c in geo.communes.values() if home and c.epci == home.epci]
            self.communes[site.id] = _picker(
                rng, [(site.insee_code, len(near) or 1), *((c, 1.2) for c in near)]
            )
        self.agent = {  # three demo agents per site, one doing most of the visits
            s.id: _picker(rng, [(demo_agent(s.id, i).hex, w) for i, w in enumerate((45, 35, 20))])
            for s in known_sites()
        }

    def combo(self, ids: tuple[str, ...]) -> _Combo:
        found = self.combos.get(ids)
        if found is None:
            chosen = [j for i in ids if (j := self.known.get(i)) is not None]
            themes = _unique(t for j in chosen for t in j.thematiques)
            lists = (list(ids), themes, _unique(o for j in chosen for o in j.operators))
            spie = any(j.kind == "spie" for j in chosen)
            checklist = 0.85 if spie else 0.4 if any(j.spie_checklist for j in chosen) else 0.0
            partners = tuple(_unique(p for j in chosen for p in j.partners))
            hint = next((AGE_HINT[i] for i in ids if i in AGE_HINT), None)
            linked = frozenset(p for i in ids for p in LINKED_PUBLICS.get(i, ()))
            texts = (json.dumps(lists[0]), json.dumps(lists[1]), json.dumps(lists[2]))
            orient = 0.65 if spie else 0.3 if partners else 0.06
            found = _Combo(
                lists, texts, checklist, partners or OTHER_PARTNERS, linked, hint, orient
            )
            self.combos[ids] = found
        return found

    def visit(self, row: DemoRow, combo: _Combo) -> tuple[str, str, str | None]:
        """Fill the row's choices; return its publics and orientations JSON and note."""
        rng = self.rng.random
        row.channel = self.channel()
        row.age_band = None if rng() < 0.2 else (combo.age_hint or self.age())
        if combo.age_hint and rng() < 0.3:
            row.age_band = self.age()
        publics_text = "{}"
        if combo.checklist and rng() < combo.checklist:
            key = tuple((s, self._status(s, combo, row.age_band)) for s in self.slugs)
            row.publics, publics_text = _cached(
                self.publics, key, lambda: {slug: {"status": status} for slug, status in key}
            )
        orientations_text = "[]"
        if rng() < combo.orient:
            row.orientations, orientations_text = self._orientations(combo)
            draw = rng()
            row.outcome = "oriente" if draw < 0.8 else "resolu" if draw < 0.95 else "a-revoir"
        else:
            row.outcome = "resolu" if rng() < 0.9 else "a-revoir"
        note = NOTES[int(rng() * len(NOTES))] if rng() < 0.02 else None
        return publics_text, orientations_text, note

    def _status(self, slug: str, combo: _Combo, age_band: str | None) -> str:
        if slug in YOUNG_PUBLICS and age_band not in (None, "16-25"):
            return "non"
        draw = self.rng.random()
        if slug in combo.linked:
            return "oui" if draw < 0.5 else "a_verifier" if draw < 0.8 else "non"
        return "oui" if draw < 0.03 else "a_verifier" if draw < 0.1 else "non"

    def _orientations(self, combo: _Combo) -> tuple[list[dict[str, str]], str]:
        rng, partners = self.rng, combo.partners
        count = min(len(partners), 1 if rng.random() < 0.75 else 2 if rng.random() < 0.8 else 3)
        chosen = [partners[int(rng.random() * len(partners))]]
        while len(chosen) < count:  # (random.sample's abstract type check is slow)
            if (other := partners[int(rng.random() * len(partners))]) not in chosen:
                chosen.append(other)
        key = tuple((p, self.kind()) for p in chosen)
        return _cached(self.orients, key, lambda: [{"partner": p, "kind": k} for p, k in key])


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# the visit columns, in the order of the rows written (a test checks none is missing)
COLUMNS = ("id", "created_at", "updated_at", "version", "site_id", "device_id", "agent_id",
           "started_at", "ended_at", "channel", "journeys", "thematiques", "operators",
           "publics", "orientations", "outcome", "age_band", "commune_insee", "note",
           "voided_at", "void_reason")  # fmt: skip
INSERT = f"INSERT INTO visit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


@cache
def _hms() -> list[str]:
    """Each second of the day as SQLAlchemy's DateTime stores it on SQLite (naive UTC);
    built when demo visits are generated, not when the module loads (6 MB)."""
    return [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(86_400)]


def _day_rows(gen: _Generator, day: date, counts: dict[str, int]) -> Iterator[tuple[Any, ...]]:
    """The visits of one day at both sites in time order: (DemoRow, *column values)."""
    rng, device = gen.rng.random, DEMO_DEVICE.hex
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=moments.LOCAL_ZONE)
    zone_offset = noon.utcoffset()
    assert zone_offset is not None  # noon has its zone
    offset = int(zone_offset.total_seconds())
    prefix, epoch = f"{day:%Y-%m-%d} ", calendar.timegm(day.timetuple()) - offset
    hms = _hms()
    pick_slot, pick_journey = gen.slot[day.isoweekday()], gen.journey[day.month - 1]
    starts = sorted(
        (OPEN_SECONDS + pick_slot() * 900 + int(rng() * 900), site)
        for site, n in counts.items() for _ in range(n)
    )  # fmt: skip
    for start, site in starts:
        ids = [pick_journey()]
        for _ in range(gen.size() - 1):
            if (extra := pick_journey()) not in ids:
                ids.append(extra)
        combo = gen.combo(tuple(ids))
        local = noon.replace(hour=start // 3600, minute=start // 60 % 60, second=start % 60)
        row = DemoRow(site, local, combo)
        publics, orientations, note = gen.visit(row, combo)
        utc = start - offset
        end = utc + 60 * ((4 if row.channel == "telephone" else 10) + int(rng() * rng() * 50))
        ms = (epoch + start) * 1000 + int(rng() * 1000)  # a UUIDv7: ordered like the visits
        ident = (ms << 80) | (7 << 76) | (gen.rng.getrandbits(12) << 64) | (2 << 62)
        ident |= gen.rng.getrandbits(62)
        updated, version, voided, reason = prefix + hms[end], 1, None, None
        if rng() < 0.02:
            row.voided_at = voided = prefix + hms[min(end + 60 * int(5 + rng() * 120), 86_399)]
            updated, version, reason = voided, 2, VOID_REASONS[int(rng() * 3)]
        commune = gen.communes[site]() if rng() < 0.6 else None
        yield (row, f"{ident:032x}", prefix + hms[end], updated, version, site, device,
               gen.agent[site](), prefix + hms[utc], prefix + hms[end], row.channel,
               *combo.texts, publics, orientations, row.outcome, row.age_band, commune, note,
               voided, reason)  # fmt: skip


def _cells(rng: random.Random, first: date, last: date) -> list[tuple[date, str, float]]:
    """Every (open day, site) with its relative attendance, a little noise included."""
    cells = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        weight = day_weight(day, first)
        if weight:
            for site in known_sites():
                noise = rng.uniform(0.8, 1.2)
                cells.append((day, site.id, weight * SITE_WEIGHT.get(site.id, 1.0) * noise))
    return cells


def demo_agent(site_id: str, index: int) -> uuid.UUID:
    """The id of a demo agent (no profile: the journal shows it as an unknown agent)."""
    return uuid.uuid5(DEMO_DEVICE, f"agent-{site_id}-{index}")


def demo_count(session: Session) -> int:
    query = select(func.count()).select_from(Visit).where(Visit.device_id == DEMO_DEVICE)
    return session.scalar(query) or 0


def demo_info(session: Session) -> dict[str, Any] | None:
    """The ``demo_data`` setting (count, seed, period) when demo visits are held."""
    value = get_setting(session, DEMO_SETTING)
    return value if isinstance(value, dict) else None


def clear_demo(session: Session) -> int:
    """Delete every demo visit (never a real one), forget the setting, recount the tally."""
    deleting = delete(Visit).where(Visit.device_id == DEMO_DEVICE)
    removed = cast(CursorResult[Any], session.execute(deleting)).rowcount
    setting = session.get(Setting, DEMO_SETTING)
    if setting is not None:  # (through the session, so a later put_setting sees it gone)
        session.delete(setting)
        session.flush()
    rebuild_tally(session)
    return removed or 0


def generate_demo(
    session: Session,
    visits: int,
    seed: int,
    *,
    until: date | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Write ``visits`` demo visits over the three years ending the day before ``until``
    (today by default), replacing any previous demo visits, and count them."""
    if visits < 1:
        raise ValueError("visits must be positive")
    replaced = demo_count(session)
    if replaced:
        clear_demo(session)
    last = (until or moments.today()) - timedelta(days=1)
    first = last - timedelta(days=DAYS - 1)
    rng = random.Random(seed)
    gen = _Generator(rng)
    cells = _cells(rng, first, last)
    chosen = Counter(rng.choices(range(len(cells)), [w for *_, w in cells], k=visits))
    per_day: dict[date, dict[str, int]] = {}
    for index in sorted(chosen):
        day, site, _ = cells[index]
        per_day.setdefault(day, {})[site] = chosen[index]
    _add_sites(session)
    connection = session.connection()

    def flush(rows: list[tuple[Any, ...]]) -> int:
        connection.exec_driver_sql(INSERT, [r[1:] for r in rows])
        return len(rows) - count_visits(session, [r[0] for r in rows])

    rows: list[tuple[Any, ...]] = []
    done = voided = 0
    for day in sorted(per_day):
        rows.extend(_day_rows(gen, day, per_day[day]))
        if len(rows) >= BATCH:
            voided += flush(rows)
            done += len(rows)
            rows = []
            if progress:
                progress(done, visits)
    if rows:
        voided += flush(rows)
    if progress:
        progress(visits, visits)
    info = {"visits": visits, "seed": seed, "voided": voided, "from": first.isoformat(),
            "to": last.isoformat(), "device_id": str(DEMO_DEVICE),
            "created_at": utcnow().isoformat(timespec="seconds")}  # fmt: skip
    put_setting(session, DEMO_SETTING, info)
    return DemoReport(visits, voided, seed, first, last, replaced)


def _add_sites(session: Session) -> None:
    """Both counters must be known by name for the statistics of both sites."""
    for site in known_sites():
        values = {"name": site.name, "commune": site.commune, "insee_code": site.insee_code}
        statement = sqlite_insert(Site).values(id=site.id, created_at=utcnow(), **values)
        session.execute(statement.on_conflict_do_nothing())
