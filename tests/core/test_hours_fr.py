"""Opening hours typed the French way: read into OSM, read back in French, stable both ways;
refusals in French with an example."""

from __future__ import annotations

from datetime import datetime

import opening_hours
import pytest

from frontdesk.contacts.hours_fr import EXAMPLE, HoursError, to_osm
from frontdesk.contacts.sheet_content import describe_hours

NBSP = "\u00a0"
AFTERNOON_OFF = "Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00"

FRENCH_TO_OSM = [
    ("lun-ven 9h-12h, 14h-17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
    ("mardi 9h-12h", "Tu 09:00-12:00"),
    ("lun-ven 9h-12h, 14h-17h ; fermé le mercredi après-midi", AFTERNOON_OFF),
    ("fermé le mercredi après-midi ; lun-ven 9h-12h, 14h-17h", AFTERNOON_OFF),  # any order
    ("lun-ven 9h-12h, 14h-17h, mercredi après-midi fermé", AFTERNOON_OFF),
    ("Lun-Ven 9h-12h et 14h-17h sauf le mercredi après-midi", AFTERNOON_OFF),
    ("lun-ven 9h-17h ; fermé le mercredi apres midi", "Mo-Fr 09:00-17:00; We 09:00-12:00"),
    ("du lundi au vendredi de 8h30 à 12h", "Mo-Fr 08:30-12:00"),
    ("de 8 h 30 à midi du lundi au vendredi", "Mo-Fr 08:30-12:00"),
    ("9h30-12h", "Mo-Su 09:30-12:00"),  # no day named: every day, as in OSM
    ("Lun. - Ven. : 9h-12h", "Mo-Fr 09:00-12:00"),
    ("LUNDI, MERCREDI et VENDREDI 14h-16h30", "Mo,We,Fr 14:00-16:30"),
    ("lu, je 9:00-12:00", "Mo,Th 09:00-12:00"),
    ("mar. et jeu. de 9 heures à 12 heures", "Tu,Th 09:00-12:00"),
    ("les mardis 9-12h", "Tu 09:00-12:00"),
    ("lun-ven 9h-17h sauf mercredi", "Mo-Fr 09:00-17:00; We off"),
    ("du lundi au vendredi sauf le mercredi, 9h-12h", "Mo-Fr 09:00-12:00; We off"),
    ("du lundi au vendredi sauf le mercredi matin, 9h-17h", "Mo-Fr 09:00-17:00; We 12:00-17:00"),
    ("tous les jours sauf le dimanche de 9h à 18h", "Mo-Sa 09:00-18:00"),
    ("lun-ven 9h-12h ; jours fériés fermés", "Mo-Fr 09:00-12:00; PH off"),
    ("lun-ven 9h-12h, fermé les jours fériés", "Mo-Fr 09:00-12:00; PH off"),
    ("lun-ven 9h-12h sauf jours fériés", "Mo-Fr 09:00-12:00; PH off"),
    ("lundi 9h-12h ; mardi 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00"),
    ("lun-ven 9h-12h ; mercredi 14h-17h", "Mo-Fr 09:00-12:00; We 14:00-17:00"),  # as OSM
    (
        "lun-ven 9h-17h, fermé le mercredi de 12h à 14h",
        "Mo-Fr 09:00-17:00; We 09:00-12:00,14:00-17:00",
    ),
    (
        "fermé le mercredi et le vendredi après-midi ; lun-ven 9h-12h, 14h-17h",
        "Mo-Fr 09:00-12:00,14:00-17:00; We,Fr 09:00-12:00",
    ),
    ("ven-lun 10h-18h", "Mo,Fr-Su 10:00-18:00"),  # over the weekend
    ("24/7", "24/7"),
    ("24h/24 7j/7", "24/7"),
    ("tous les jours 24 heures sur 24 ; jours fériés fermés", "24/7; PH off"),
    ("24/7 sauf le dimanche", "Mo-Sa 00:00-24:00"),
    ("lun-ven 9h-12h et jours fériés 10h-12h", "Mo-Fr 09:00-12:00; PH 10:00-12:00"),
    ("samedi matin 9h-12h", "Sa 09:00-12:00"),
    ("lundi\nmardi 9h-12h", "Mo,Tu 09:00-12:00"),
    ("lundi 9h-12h\nmardi 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00"),
]


@pytest.mark.parametrize(("french", "osm"), FRENCH_TO_OSM)
def test_french_is_read_into_osm(french: str, osm: str) -> None:
    assert to_osm(french) == osm
    opening_hours.OpeningHours(osm, country="FR")  # valid for the parser search uses


@pytest.mark.parametrize(
    "osm",
    [
        "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
        'Mo-Fr 09:00-17:00 "sur rendez-vous"',
        "Jan-Mar Mo 09:00-12:00",
        "sunrise-sunset",
        "24/7",
    ],
)
def test_osm_is_kept_as_typed(osm: str) -> None:
    assert to_osm(osm) == osm
    assert to_osm(f"  {osm.replace(' ', '  ')} ") == osm  # spaces tidied


OSM_TO_FRENCH = [
    (AFTERNOON_OFF,
     "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h ; fermé le mercredi après-midi"),
    ("Mo-Fr 08:30-12:30,13:30-17:00; We 08:30-12:30",
     "du lundi au vendredi, 8 h 30 – 12 h 30 et 13 h 30 – 17 h ; fermé le mercredi après-midi"),
    ("Mo-Fr 09:00-17:00; We 12:00-17:00",
     "du lundi au vendredi, 9 h – 17 h ; fermé le mercredi matin"),
    ("Mo-Fr 09:00-12:00,14:00-17:00; We,Fr 09:00-12:00",
     "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h ;"
     " fermé le mercredi et le vendredi après-midi"),
    ("Mo-Fr 09:00-12:00; We 14:00-17:00",
     "du lundi au vendredi, 9 h – 12 h ; le mercredi, 14 h – 17 h"),
    ("Mo-Fr 09:00-17:00; We off", "du lundi au vendredi, 9 h – 17 h ; fermé le mercredi"),
    ("Mo-Tu 09:00-12:00", "le lundi et le mardi, 9 h – 12 h"),
    ("Fr-Mo 10:00-18:00", "du vendredi au lundi, 10 h – 18 h"),
    ("Mo-Sa 00:00-24:00", "du lundi au samedi, 24 h sur 24"),
    ("24/7; PH off", "tous les jours, 24 h sur 24 ; fermé les jours fériés"),
    ("PH 10:00-12:00", "les jours fériés, 10 h – 12 h"),
    ("Mo-Fr 09:00-12:00; We 09:00-12:00,14:00-18:00",
     "du lundi au vendredi, 9 h – 12 h ; le mercredi, 9 h – 12 h et 14 h – 18 h"),
]  # fmt: skip


@pytest.mark.parametrize(("osm", "french"), OSM_TO_FRENCH)
def test_osm_reads_back_in_french(osm: str, french: str) -> None:
    assert describe_hours(osm).replace(NBSP, " ") == french


@pytest.mark.parametrize(
    "typed", [typed for typed, _ in FRENCH_TO_OSM] + [french for _, french in OSM_TO_FRENCH]
)
def test_round_trip_is_stable(typed: str) -> None:
    """French → OSM → French → OSM gives the same OSM and the same French."""
    osm = to_osm(typed)
    french = describe_hours(osm)
    assert to_osm(french) == osm
    assert describe_hours(to_osm(french)) == french


def test_the_french_reading_means_the_same_hours() -> None:
    """What the agent reads back opens and closes at the same moments (OSM semantics)."""
    for osm in [to_osm(typed) for typed, _ in FRENCH_TO_OSM] + [o for o, _ in OSM_TO_FRENCH]:
        back = opening_hours.OpeningHours(to_osm(describe_hours(osm)), country="FR")
        first = opening_hours.OpeningHours(osm, country="FR")
        for day in range(2, 9):  # Monday 2 to Sunday 8 March 2026, every half hour
            for half in range(48):
                moment = datetime(2026, 3, day, half // 2, 30 * (half % 2))
                assert back.state(moment) == first.state(moment), (osm, moment)


def test_a_wednesday_afternoon_closure_is_closed_at_three() -> None:
    hours = opening_hours.OpeningHours(to_osm(FRENCH_TO_OSM[2][0]), country="FR")
    assert hours.is_open(datetime(2026, 3, 3, 15, 0))  # Tuesday
    assert hours.is_closed(datetime(2026, 3, 4, 15, 0))  # Wednesday afternoon
    assert hours.is_open(datetime(2026, 3, 4, 10, 0))  # Wednesday morning


@pytest.mark.parametrize(
    ("typed", "detail"),
    [
        ("sur rendez-vous", "mot inconnu « sur »"),
        ("lundi", "« lundi » sans heures"),
        ("lun-ven 9h-12h ; mardi", "« mardi » sans heures"),
        ("lundi 9h", "« 9h » sans heure de fin"),
        ("lun-ven 12h-9h", "« 12h-9h » à l'envers"),
        ("lundi 25h-26h", "heure impossible « 25h »"),
        ("lundi 9h30-12h75", "heure impossible « 12h75 »"),
        ("lun 9h/12h", "signe inconnu « / »"),
        ("fermé le mercredi après-midi", "aucune heure d'ouverture"),
        ("lun-ven sauf", "« sauf » sans jour"),
        ("fermé", "jour de fermeture manquant"),
        ("lundi 9h à", "inachevé après « à »"),
        ("lundi au 9h-12h", "« au » mal placé"),
    ],
)
def test_refusals_say_what_in_french_with_an_example(typed: str, detail: str) -> None:
    with pytest.raises(HoursError) as caught:
        to_osm(typed)
    assert caught.value.detail.replace(NBSP, " ") == detail
    message = str(caught.value)
    assert message == f"Horaires non compris{NBSP}: {caught.value.detail}. Exemple{NBSP}: {EXAMPLE}"
    assert EXAMPLE == "lun-ven 9h-12h, 14h-17h"
    assert len(message) <= 85  # one line of the form's error


def test_the_example_itself_is_understood() -> None:
    assert to_osm(EXAMPLE) == "Mo-Fr 09:00-12:00,14:00-17:00"
