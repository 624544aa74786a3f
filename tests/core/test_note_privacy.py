"""The personal-data check of free-text notes: what it flags, and what agents legitimately
write that it must let through (a coming appointment, « M. le maire », the 3949…)."""

from __future__ import annotations

from datetime import date

import pytest

from frontdesk.visits.privacy import Finding, personal_data_findings

TODAY = date(2026, 5, 4)

FLAGGED = [
    # Names after a civility, in any case.
    ("Rappeler madame durand demain", "civility-name", "madame durand"),
    ("MONSIEUR DUPONT EST VENU", "civility-name", "MONSIEUR DUPONT"),
    ("vu avec mme martin", "civility-name", "mme martin"),
    ("M. dupont a rappelé", "civility-name", "M. dupont"),
    ("Mr Smith, touriste", "civility-name", "Mr Smith"),
    ("Mlle leroy accompagnée de sa mère", "civility-name", "Mlle leroy"),
    ("Mme Marie Durand", "civility-name", "Mme Marie Durand"),
    ("Mme Le Goff est venue", "civility-name", "Mme Le Goff"),
    ("M. de Villiers", "civility-name", "M. de Villiers"),
    ("M. et Mme Dupont", "civility-name", "Mme Dupont"),
    # Birth dates, numeric or in words, after a cue or old enough.
    ("née le 3 avril 2005", "date", "3 avril 2005"),
    ("nee le 3 avril 2005", "date", "3 avril 2005"),
    ("né le 1er mars 1990", "date", "1er mars 1990"),
    ("date de naissance : 12/03/1985", "date", "12/03/1985"),
    ("né à Amiens le 3 avril 2005", "date", "3 avril 2005"),
    ("DDN 12/03/85", "date", "12/03/85"),
    ("née le 3 avril", "date", "3 avril"),
    ("né en 1985", "date", "1985"),
    ("dossier du 12.03.1987", "date", "12.03.1987"),
    ("1985-03-12", "date", "1985-03-12"),
    # Street addresses.
    ("habite 12 rue des Lilas", "address", "12 rue des Lilas"),
    ("3 bis avenue Jean Jaurès", "address", "3 bis avenue Jean Jaurès"),
    ("5, place de la Mairie", "address", "5, place de la Mairie"),
    ("14 chemin du Moulin", "address", "14 chemin du Moulin"),
    ("2 impasse des roses", "address", "2 impasse des roses"),
    ("8 bd Victor Hugo", "address", "8 bd Victor Hugo"),
    ("1 allée des Tilleuls", "address", "1 allée des Tilleuls"),
    ("40 route de Paris", "address", "40 route de Paris"),
    ("7 quai de la Somme", "address", "7 quai de la Somme"),
    ("1 lieu-dit les Hauts", "address", "1 lieu-dit les Hauts"),
    ("12 rue du 8 Mai 1945", "address", "12 rue du 8 Mai 1945"),
    # Identifiers handled at the counter.
    ("n° allocataire 1234567", "caf", "1234567"),
    ("CAF : 7654321", "caf", "7654321"),
    ("identifiant France Travail : 1234567A", "france-travail", "1234567A"),
    ("inscrit sous 7654321B", "france-travail", "7654321B"),
    ("identifiant 12345678", "france-travail", "12345678"),
    ("Pôle emploi 0123456AB", "france-travail", "0123456AB"),
    ("avis avec 3023217600053", "fiscal", "3023217600053"),
    ("SPI 30 23 217 600 053", "fiscal", "30 23 217 600 053"),
    ("numéro fiscal 0123456789012", "fiscal", "0123456789012"),
    (
        "virement sur FR76 3000 6000 0112 3456 7890 189 merci",
        "iban",
        "FR76 3000 6000 0112 3456 7890 189",
    ),
    ("FR7630006000011234567890189", "iban", "FR7630006000011234567890189"),
    ("compte DE89 3704 0044 0532 0130 00", "iban", "DE89 3704 0044 0532 0130 00"),
    ("numéro 1 84 05 73 108 111 01", "nir", "1 84 05 73 108 111 01"),
    ("sécu 1840573108111", "nir", "1840573108111"),
    ("joindre au 06 12 34 56 78", "phone", "06 12 34 56 78"),
    ("ou au +33 6 12 34 56 78", "phone", "+33 6 12 34 56 78"),
    ("écrit à jean.dupont@example.fr", "email", "jean.dupont@example.fr"),
]

NOT_FLAGGED = [
    "M. le maire a signé l'attestation",
    "madame la directrice de l'école",
    "monsieur le conseiller numérique",
    "Madame la Préfète",
    "MONSIEUR LE MAIRE",
    "Madame l'adjointe au maire",
    "madame",
    "Madame, Monsieur,",
    "madame est venue pour sa carte grise",
    "monsieur souhaite refaire son passeport",
    "madame voulait un rendez-vous",
    "madame de la CAF a rappelé",
    "monsieur de France Travail",
    "M. X est venu",
    "rdv le 12 janvier 2027",
    "rendez-vous le 15/01/2027",
    "permanence le 2 juin 2026 à 9h",
    "courrier du 12/03/2024",
    "depuis le 3 avril",
    "rue du 8 mai 1945 fermée",
    "appeler le 3949",
    "le 3646 pour la CPAM",
    "3960 pour la retraite",
    "39 39 Allô Service Public",
    "composer le 115 ou le 119",
    "indicatif 06",
    "code postal 80110",
    "loyer de 1 200 €",
    "RSA depuis 2019",
    "CAF depuis 2019, 2 enfants",
    "France Travail depuis 14 mois",
    "identifiant perdu, mot de passe réinitialisé",
    "il habite dans la rue",
    "3 rue",
    "10 cours de français",
    "3 places de parking",
    "taux de 50 %",
    "ouvert 9h-12h et 14h-17h",
    "née en France",
    "Dossier CAF incomplet, revient avec l'avis d'imposition 2025.",
]


@pytest.mark.parametrize(("text", "kind", "fragment"), FLAGGED)
def test_personal_data_is_flagged(text: str, kind: str, fragment: str) -> None:
    assert Finding(kind, fragment) in personal_data_findings(text, today=TODAY)


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_what_agents_write_is_not_flagged(text: str) -> None:
    assert personal_data_findings(text, today=TODAY) == []


def test_an_old_date_is_a_birth_date_a_near_one_an_appointment() -> None:
    assert personal_data_findings("le 15/01/2016", today=TODAY) == [Finding("date", "15/01/2016")]
    assert personal_data_findings("le 15/01/2017", today=TODAY) == []
    assert personal_data_findings("né le 15/01/2027", today=TODAY) == [
        Finding("date", "15/01/2027")
    ]


def test_findings_come_in_text_order_each_once() -> None:
    text = "M. Dupont, 12 rue des Lilas, né le 3 avril 1960, 06 12 34 56 78, CAF 1234567"
    assert [f.kind for f in personal_data_findings(text, today=TODAY)] == [
        "civility-name",
        "address",
        "date",
        "phone",
        "caf",
    ]


def test_an_iban_is_not_also_a_phone_number_nor_a_nir() -> None:
    findings = personal_data_findings("FR76 3000 6000 0112 3456 7890 189", today=TODAY)
    assert [f.kind for f in findings] == ["iban"]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("address", "« x » ressemble à une adresse postale."),
        ("caf", "« x » ressemble à un numéro d'allocataire CAF ou MSA."),
        ("france-travail", "« x » ressemble à un identifiant France Travail."),
        ("fiscal", "« x » ressemble à un numéro fiscal."),
        ("iban", "« x » ressemble à des coordonnées bancaires (IBAN)."),
    ],
)
def test_each_kind_has_a_french_message(kind: str, message: str) -> None:
    assert Finding(kind, "x").message == message
