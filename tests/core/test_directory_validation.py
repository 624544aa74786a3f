"""Field checks of the directory forms: cleaned values, French messages naming the field."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from frontdesk.contacts.validation import (
    NBSP,
    FieldError,
    clean_email,
    clean_hours,
    clean_insee_commune,
    clean_name,
    clean_phone,
    clean_postcode,
    clean_url,
    clean_zone,
    directory_rules,
    format_phone,
    load_directory_rules,
    stale,
    stale_before,
)
from frontdesk.resources import ResourceError, load_json


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("03 22 12 34 56", "+33322123456"),
        ("+33322123456", "+33322123456"),
        ("03.22.12.34.56", "+33322123456"),
        ("0033 3 22 12 34 56", "+33322123456"),
        ("06 12 34 56 78", "+33612345678"),
        ("0 800 123 456", "+33800123456"),
        ("3949", "3949"),
        ("3646", "3646"),
        (" 115 ", "115"),
    ],
)
def test_phone_numbers_accepted(raw: str, stored: str) -> None:
    assert clean_phone(raw) == stored


@pytest.mark.parametrize("raw", ["03 22 12 34 5", "12345", "abc", "03 22 12 34 56 78 9", "+3949"])
def test_phone_numbers_refused_name_the_field(raw: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_phone(raw)
    assert caught.value.field == "telephone"
    assert caught.value.message.startswith(f"Téléphone{NBSP}: numéro non reconnu")
    assert f"«{NBSP}{raw.strip()}{NBSP}»" in caught.value.message


def test_phone_formatting_uses_no_break_spaces() -> None:
    assert format_phone("+33322123456") == NBSP.join(["03", "22", "12", "34", "56"])
    assert format_phone("3949") == "3949"
    assert format_phone("+3222123456").startswith("+32")  # a Belgian number stays international
    assert format_phone("n'importe quoi") == "n'importe quoi"


def test_email() -> None:
    assert clean_email(" Accueil@Mairie-Moreuil.FR ") == "Accueil@mairie-moreuil.fr"
    for raw in ("accueil@", "a@@b.fr", "a b@c.fr", "a@b", ".a@b.fr", "a..b@c.fr"):
        with pytest.raises(FieldError, match=f"^Courriel{NBSP}: adresse non valide"):
            clean_email(raw)


def test_url() -> None:
    assert clean_url("www.somme.fr") == "https://www.somme.fr"
    assert clean_url(" http://moreuil.fr/mairie?x=1 ") == "http://moreuil.fr/mairie?x=1"
    assert clean_url("https://somme.fr:8443/a") == "https://somme.fr:8443/a"
    for raw in ("ftp://somme.fr", "javascript:alert(1)", "mailto:a@b.fr"):
        with pytest.raises(FieldError, match="http:// ou https://"):
            clean_url(raw)
    with pytest.raises(FieldError, match="espace"):
        clean_url("https://somme .fr")
    with pytest.raises(FieldError, match=f"^Lien vers la source{NBSP}: adresse web non valide"):
        clean_url("somme", "lien_source")


def test_insee_commune() -> None:
    moreuil = clean_insee_commune(" 80570 ")
    assert (moreuil.code, moreuil.commune, moreuil.outside) == ("80570", "Moreuil", False)
    with pytest.raises(FieldError, match=f"^Code INSEE{NBSP}: .*pas une commune de la Somme"):
        clean_insee_commune("75056")
    paris = clean_insee_commune("75056", allow_outside=True)
    assert paris.outside and paris.commune is None
    assert clean_insee_commune("2a004", allow_outside=True).code == "2A004"
    with pytest.raises(FieldError, match="pas un code INSEE"):
        clean_insee_commune("7505", allow_outside=True)


def test_postcode_matches_the_commune() -> None:
    moreuil = clean_insee_commune("80570")
    assert clean_postcode("80110", insee=moreuil) == "80110"
    with pytest.raises(FieldError, match="pas un code postal de Moreuil"):
        clean_postcode("80000", insee=moreuil)
    with pytest.raises(FieldError, match=f"^Code postal{NBSP}: 5 chiffres"):
        clean_postcode("8011")


def test_zone() -> None:
    assert clean_zone([" France ", "80", "80570", "80570", ""]) == ["france", "80", "80570"]
    with pytest.raises(FieldError, match=f"^Zone d'éligibilité{NBSP}: zone inconnue.*99999"):
        clean_zone(["80570", "99999"])
    with pytest.raises(FieldError, match="au moins une zone"):
        clean_zone([" "])
    assert clean_zone([], required=False) == []


def test_hours_are_read_the_french_way_and_stored_in_osm() -> None:
    assert clean_hours(" Mo-Fr  08:30-12:00,13:30-17:00; PH off ") == (
        "Mo-Fr 08:30-12:00,13:30-17:00; PH off"  # already OSM: kept as typed
    )
    assert clean_hours("lun-ven 9h-12h, 14h-17h") == "Mo-Fr 09:00-12:00,14:00-17:00"
    with pytest.raises(FieldError) as caught:
        clean_hours("Lu-Ve sur rendez-vous")
    assert caught.value.field == "horaires_accueil"
    assert caught.value.message == (
        f"Horaires d'accueil non compris{NBSP}: mot inconnu «{NBSP}sur{NBSP}»."
        f" Exemple{NBSP}: lun-ven 9h-12h, 14h-17h"
    )


def test_name() -> None:
    assert clean_name("  Mission   locale ") == "Mission locale"
    with pytest.raises(FieldError, match=f"^Nom{NBSP}: entre 3 et 150"):
        clean_name("MS")
    with pytest.raises(FieldError, match="point"):
        clean_name("Mairie.")


def test_stale_after_twelve_months_from_the_rules_file() -> None:
    assert directory_rules().stale_months == 12
    today = date(2026, 3, 15)
    assert stale_before(today) == date(2025, 3, 15)
    assert not stale(date(2025, 3, 15), today)
    assert stale(date(2025, 3, 14), today)
    assert stale(None, today)
    assert stale_before(date(2028, 2, 29)) == date(2027, 2, 28)


def test_rules_reasons_are_the_dora_motifs() -> None:
    rules = directory_rules()
    motifs = load_json("vocabularies/dora-signalement-fiche-motifs.json")
    assert [r.label for r in rules.report_reasons] == [m["label"] for m in motifs]
    assert [r.slug for r in rules.report_reasons if r.needs_comment] == ["autre"]
    assert all(len(r.slug) <= 60 for r in rules.report_reasons)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(directory_stale_months=0), "directory_stale_months"),
        (lambda d: d.pop("$comment"), "comment"),
        (lambda d: d["report_reasons"].pop(), "DORA"),
        (lambda d: d["report_reasons"][0].update(label="Inventé"), "DORA"),
        (lambda d: d["report_reasons"][1].update(slug="administratif"), "DORA"),
    ],
)
def test_broken_rules_file_is_refused(mutate, message: str) -> None:
    data = copy.deepcopy(load_json("directory/rules.json"))
    mutate(data)
    motifs = load_json("vocabularies/dora-signalement-fiche-motifs.json")
    with pytest.raises(ResourceError, match=message):
        load_directory_rules(data, motifs)
