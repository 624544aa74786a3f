"""``frontdesk-cli demo``: a synthetic visit history, clearly marked, to try and benchmark.

The visits are written in one transaction (nothing is left half done on an error) and
never enter the outbox; ``--clear`` removes them, and only them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING

from frontdesk.commands import command, fail
from frontdesk.device import get_setting
from frontdesk.moments import date_text
from frontdesk.paths import AppPaths
from frontdesk.stats.french import NARROW_NBSP, NBSP, french_number
from frontdesk.store.open import StoreUnavailable, open_configured
from frontdesk.sync.run import TOKEN

if TYPE_CHECKING:
    from frontdesk.stats.demo import Progress

MAX_VISITS = 5_000_000


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--visits", type=int, metavar="N", help="nombre de visites à créer (par exemple 20000)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="graine du hasard : la même graine donne les mêmes visites (par défaut 1)",
    )
    parser.add_argument(
        "--clear",
        action="store_true",
        help="supprime les visites de démonstration (jamais les visites réelles)",
    )


def _visits(count: int, word: str = "visite") -> str:
    """« 1 visite », « 20 000 visites » (the word agrees with the count)."""
    return f"{french_number(count)} {word}{'s' if count > 1 else ''}"


def _progress() -> Progress | None:
    """A progress reporter on stderr, or None under CI (logs stay clean)."""
    if os.environ.get("CI"):
        return None
    live = sys.stderr.isatty()
    shown = [-1]

    def report(done: int, total: int) -> None:
        tenth = 10 * done // total
        if not live and tenth == shown[0]:
            return
        shown[0] = tenth
        line = f"Création des visites{NBSP}: {french_number(done)} / {french_number(total)}"
        print(("\r" + line) if live else line, end="" if live else "\n", file=sys.stderr)
        if live and done >= total:
            print(file=sys.stderr)

    return report


@command(
    "demo",
    "Crée ou supprime un historique de visites de démonstration (marquées comme telles).",
    _demo_args,
)
def cmd_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    from frontdesk.setup import known_sites
    from frontdesk.stats.demo import clear_demo, generate_demo

    if args.clear and args.visits is not None:
        return fail("Choisissez --visits ou --clear, pas les deux.", 2)
    if not args.clear and args.visits is None:
        return fail(
            f"Indiquez le nombre de visites à créer{NBSP}: --visits N"
            f" (ou --clear pour supprimer les visites de démonstration).",
            2,
        )
    if not args.clear and not 1 <= args.visits <= MAX_VISITS:
        return fail(
            f"Le nombre de visites doit être compris entre 1 et {french_number(MAX_VISITS)}.", 2
        )
    try:
        store = open_configured(paths)
    except StoreUnavailable as exc:
        return fail(str(exc))
    try:
        start = time.perf_counter()
        if args.clear:
            with store.transaction() as session:
                removed = clear_demo(session)
            if not removed:
                print("Aucune visite de démonstration à supprimer.")
            else:
                print(
                    f"{_visits(removed)} de démonstration supprimée{'s' if removed > 1 else ''}"
                    f"{NARROW_NBSP}; les visites réelles sont conservées."
                )
            return 0
        with store.session() as session:
            if get_setting(session, TOKEN):
                return fail(
                    "Ce poste est inscrit auprès d'un hub : les données de démonstration sont"
                    " réservées aux postes d'essai, jamais synchronisés."
                )
        with store.transaction() as session:
            report = generate_demo(session, args.visits, args.seed, progress=_progress())
        seconds = time.perf_counter() - start
    finally:
        store.close()
    plural = "s" if report.visits > 1 else ""
    print(
        f"{_visits(report.visits)} de démonstration créée{plural} (graine {report.seed}),"
        f" marquée{plural} comme telle{plural}."
    )
    print(
        f"Du {date_text(report.first_day)} au {date_text(report.last_day)},"
        f" {' et '.join(site.commune for site in known_sites())}"
        f"{NARROW_NBSP}; {_visits(report.voided)} annulée{'s' if report.voided > 1 else ''}"
        f"{NARROW_NBSP}; {french_number(seconds, 1)}{NBSP}s."
    )
    if report.replaced == 1:
        print("La visite de démonstration précédente a été remplacée.")
    elif report.replaced:
        print(f"Les {_visits(report.replaced)} de démonstration précédentes ont été remplacées.")
    return 0
