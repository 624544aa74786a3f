"""Demo visits: deterministic, realistic patterns, marked, never queued, counted, cleared."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdesk.cli import main
from frontdesk.config import INSEE_PATTERN
from frontdesk.moments import LOCAL_ZONE
from frontdesk.orientation.journeys import journeys
from frontdesk.paths import AppPaths
from frontdesk.setup import first_run, known_sites
from frontdesk.stats.demo import (
    COLUMNS,
    DEMO_DEVICE,
    DEMO_SETTING,
    clear_demo,
    demo_info,
    generate_demo,
)
from frontdesk.stats.demo_calendar import holidays
from frontdesk.stats.models import VisitTally
from frontdesk.stats.tally import rebuild_tally
from frontdesk.store.base import utcnow
from frontdesk.store.engine import Store
from frontdesk.store.migrate import prepare_store
from frontdesk.store.models import Outbox, Setting, Site
from frontdesk.visits.models import Visit
from frontdesk.visits.options import visit_options
from frontdesk.visits.record import VisitInput, save_visit

UNTIL = date(2026, 6, 1)  # a fixed end: the same seed then gives the same visits
SPIE = frozenset(j.id for j in journeys().all if j.kind == "spie")


def _set_up(folder: Path, database: str = "frontdesk.db") -> Store:
    prepare_store(folder / database, folder / "sauvegardes")
    store = Store(folder / database)
    with store.transaction() as session:
        first_run(session, known_sites()[0], "Claire Superviseure", "superviseur", "mdp-sur-123")
    return store


def _snapshot(store: Store) -> list[Any]:
    with store.session() as session:
        return list(session.execute(select(Visit.__table__).order_by(Visit.id)))


def _tally(store: Store) -> set[tuple[Any, ...]]:
    with store.session() as session:
        return {
            (t.day, t.site_id, t.dim, t.value, t.monthly, t.n)
            for t in session.scalars(select(VisitTally))
        }


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Visit]]:
    """20 000 demo visits, read back through the ORM as the journal would."""
    store = _set_up(tmp_path_factory.mktemp("demo"))
    with store.transaction() as session:
        generate_demo(session, 20_000, 7, until=UNTIL)
    with store.session() as session:
        visits = list(session.scalars(select(Visit)))
    store.close()
    yield visits


def test_rows_cover_every_visit_column() -> None:
    assert set(COLUMNS) == set(Visit.__table__.columns.keys())


def test_visits_read_back_like_real_ones(history: list[Visit]) -> None:
    options, known = visit_options(), journeys()
    assert len(history) == 20_000 and len({v.id for v in history}) == 20_000
    for visit in history[:2_000]:
        assert visit.device_id == DEMO_DEVICE and visit.started_at.tzinfo is not None
        assert visit.started_at < visit.ended_at <= visit.updated_at
        chosen = [known.get(j) for j in visit.journeys]
        assert (
            all(chosen)
            and visit.thematiques
            and visit.thematiques
            == list(dict.fromkeys(t for j in chosen if j for t in j.thematiques))
        )
        assert visit.channel in options.ids("channels")
        assert visit.outcome in options.ids("outcomes")
        assert visit.outcome != "oriente" or visit.orientations
        assert all(o["partner"] in known.partners for o in visit.orientations)
        assert all(o["kind"] in options.ids("orientation_kinds") for o in visit.orientations)
        assert visit.age_band is None or visit.age_band in options.ids("age_bands")
        assert visit.commune_insee is None or re.fullmatch(INSEE_PATTERN, visit.commune_insee)
        assert all(p["status"] in ("oui", "a_verifier", "non") for p in visit.publics.values())
        assert (visit.voided_at is None) == (visit.void_reason is None)


def test_both_sites_and_opening_days(history: list[Visit]) -> None:
    sites = Counter(v.site_id for v in history)
    assert set(sites) == {s.id for s in known_sites()}
    assert sites["roye"] > sites["moreuil"]  # Roye is a bit busier
    local = [v.started_at.astimezone(LOCAL_ZONE) for v in history]
    assert not [t for t in local if t.isoweekday() == 7]  # closed on Sundays
    assert not [t for t in local if t.date() in holidays(t.year)]
    assert all((t.hour, t.minute) >= (8, 30) and t.hour < 18 for t in local)
    assert min(local).date() >= date(2023, 6, 1) and max(local).date() < UNTIL
    assert {t.year for t in local} == {2023, 2024, 2025, 2026}


def test_weekday_and_seasonal_patterns(history: list[Visit]) -> None:
    local = [v.started_at.astimezone(LOCAL_ZONE) for v in history]
    weekday = Counter(t.isoweekday() for t in local)
    assert weekday[6] < 0.5 * weekday[2]  # Saturday morning only
    mornings = Counter(t.isoweekday() for t in local if t.hour < 12)
    assert mornings[1] < 0.6 * mornings[2]  # quiet Monday morning
    month = Counter(t.month for t in local)
    assert month[8] < 0.7 * month[9] and month[8] < 0.7 * month[1]  # August is quiet
    assert month[1] > month[3] and month[9] > month[10]  # January, September are busy
    december = Counter(t.day >= 20 for t in local if t.month == 12)
    assert december[True] / 12 < 0.7 * december[False] / 19  # per day, late December is quiet
    hours = Counter(t.hour for t in local)
    assert hours[12] < 0.5 * hours[10]  # lunch dip


def test_realistic_mix(history: list[Visit]) -> None:
    kept = [v for v in history if v.voided_at is None]
    assert 0.01 <= 1 - len(kept) / len(history) <= 0.03
    journeys_seen = Counter(j for v in kept for j in v.journeys)
    assert {j for j, _ in journeys_seen.most_common(2)} == {
        "declarer-revenus",
        "permis-carte-identite",
    }
    spie = sum(1 for v in kept if SPIE.intersection(v.journeys)) / len(kept)
    assert 0.15 <= spie <= 0.4
    with_publics = [v for v in kept if SPIE.intersection(v.journeys)]
    assert sum(1 for v in with_publics if v.publics) > 0.7 * len(with_publics)
    oriented = sum(1 for v in kept if v.orientations) / len(kept)
    assert 0.1 <= oriented <= 0.4
    assert len({v.agent_id for v in history}) == 6  # three demo agents per site
    assert len({v.channel for v in kept}) == 3 and len({v.age_band for v in kept}) == 7


def test_same_seed_same_visits(tmp_path: Path) -> None:
    store = _set_up(tmp_path)
    with store.transaction() as session:
        first = generate_demo(session, 400, 3, until=UNTIL)
    once = _snapshot(store)
    with store.transaction() as session:
        again = generate_demo(session, 400, 3, until=UNTIL)
    assert first.replaced == 0 and again.replaced == 400
    assert _snapshot(store) == once and len(once) == 400
    with store.transaction() as session:
        generate_demo(session, 400, 4, until=UNTIL)
    ids = {r._mapping["id"] for r in once}
    assert {r._mapping["id"] for r in _snapshot(store)}.isdisjoint(ids)
    store.close()


def test_never_queued_marked_and_counted(tmp_path: Path) -> None:
    store = _set_up(tmp_path)
    with store.session() as session:
        queued = session.scalar(select(func.count()).select_from(Outbox))
    with store.transaction() as session:
        visit = VisitInput(utcnow(), "guichet", ("declarer-revenus",), "resolu")
        save_visit(session, visit, uuid.uuid4())
        report = generate_demo(session, 1_500, 11, until=UNTIL)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == queued + 1
        assert demo_info(session) == session.get(Setting, DEMO_SETTING).value
        info = demo_info(session)
        assert info and info["visits"] == 1_500 and info["seed"] == 11
        assert info["voided"] == report.voided and info["device_id"] == str(DEMO_DEVICE)
        assert {s.id for s in session.scalars(select(Site))} == {"moreuil", "roye"}
    counted = _tally(store)
    visits = sum(row[5] for row in counted if row[2] == "visites")
    assert visits == 1_500 - report.voided + 1
    with store.transaction() as session:
        rebuild_tally(session)
    assert _tally(store) == counted


def test_clear_keeps_real_visits(tmp_path: Path) -> None:
    store = _set_up(tmp_path)
    with store.transaction() as session:
        visit = VisitInput(utcnow(), "guichet", ("jeune-neet",), "resolu")
        real = save_visit(session, visit, uuid.uuid4())
    alone = _tally(store)
    with store.transaction() as session:
        generate_demo(session, 500, 5, until=UNTIL)
    with store.transaction() as session:
        assert clear_demo(session) == 500
        assert clear_demo(session) == 0
    with store.session() as session:
        assert [v.id for v in session.scalars(select(Visit))] == [real]
        assert demo_info(session) is None
    assert _tally(store) == alone
    store.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_refuses_a_base_not_set_up(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", "--visits", "10")
    assert code == 1 and not out and "Aucune base" in err
    prepare_store(paths.database, paths.backup_dir)
    code, _, err = run(capsys, "demo", "--visits", "10")
    assert code == 1 and "pas encore configuré" in err


def test_cli_creates_and_clears(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "1")
    _set_up(paths.database.parent, paths.database.name).close()
    assert run(capsys, "demo")[0] == 2
    assert run(capsys, "demo", "--visits", "10", "--clear")[0] == 2
    code, _, err = run(capsys, "demo", "--visits", "0")
    assert code == 2 and "entre 1 et 5\u202f000\u202f000" in err
    code, out, err = run(capsys, "demo", "--visits", "1200", "--seed", "7")
    assert code == 0 and not err  # no progress under CI
    assert out.splitlines()[0] == (
        "1\u202f200 visites de démonstration créées (graine 7), marquées comme telles."
    )
    assert "Moreuil et Roye" in out
    code, out, _ = run(capsys, "demo", "--visits", "1", "--seed", "7")
    assert out.splitlines()[0] == (
        "1 visite de démonstration créée (graine 7), marquée comme telle."
    )
    assert "Les 1\u202f200 visites de démonstration précédentes ont été remplacées." in out
    code, out, _ = run(capsys, "demo", "--clear")
    assert code == 0 and out.startswith("1 visite de démonstration supprimée\u202f;")
    code, out, _ = run(capsys, "demo", "--clear")
    assert code == 0 and out == "Aucune visite de démonstration à supprimer.\n"


def test_cli_progress_on_stderr(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    _set_up(paths.database.parent, paths.database.name).close()
    code, out, err = run(capsys, "demo", "--visits", "300")
    assert code == 0 and "Création des visites\u00a0: 300 / 300" in err
    assert "Création" not in out
