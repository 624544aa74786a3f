"""What looks personal in a free-text note: the patterns behind ``privacy.py``.

Each detector takes the text (and today's date, for birth dates) and yields spans
``(start, end, kind)``; ``privacy.py`` keeps the first detector's span where two overlap
and turns spans into findings. Word lists are module constants: they are the grammar
of the patterns (an agent's « M. le maire » must not become a name), not a setting.
Words are compared without accents and case (``plain``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

Span = tuple[int, int, str]


def plain(word: str) -> str:
    """« Préfète » → « prefete »: lower case, accents and typographic apostrophe dropped."""
    decomposed = unicodedata.normalize("NFD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> frozenset[str]:
    return frozenset(plain(word) for word in text.split())


# --- Names after a civility -------------------------------------------------------------

# Any case, except « M »: only « M. » or a capital « M » before a capitalised word.
CIVILITY = re.compile(
    r"(?<![\w.])(?:(?i:monsieur|madame|mademoiselle|messieurs|mesdames|mesdemoiselles"
    r"|mr|mrs|mme|mmes|mlle|mlles|melle)\b\.?|M\.|M(?=\s+[A-ZÀ-ÖØ-Þ]))"
)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
GAP = re.compile(r"[ \t\u00a0\u202f]+")
SPACE = re.compile(r"\s+")
# Before a name: « Mme Le Goff », « M. de Villiers », « madame veuve Durand ».
PARTICLES = _words("le la les de du des d l van von di da del della veuve vve")
# After a civility, a role and not a person: « madame la directrice ».
TITLES = _words(
    "maire adjoint adjointe directeur directrice conseiller conseillere conseilleres "
    "prefet prefete sous-prefet sous-prefete president presidente vice-president "
    "vice-presidente secretaire juge docteur docteure depute deputee senateur senatrice "
    "ministre responsable agent agente chef cheffe commissaire inspecteur inspectrice "
    "proviseur proviseure principal principale delegue deleguee mediateur mediatrice "
    "tresorier tresoriere notaire avocat avocate huissier cure pasteur abbe professeur "
    "professeure instituteur institutrice assistant assistante educateur educatrice "
    "referent referente coordinateur coordinatrice charge chargee elu elue gerant gerante "
    "facteur factrice gendarme brigadier capitaine lieutenant colonel commandant general "
    "recteur rectrice doyen infirmier infirmiere medecin pharmacien pharmacienne "
    "receveur receveuse ambassadeur consul"
)
# « madame de la CAF », « monsieur de France Travail »: a place, not a family name.
INSTITUTIONS = _words(
    "caf cpam msa carsat urssaf pole france mairie prefecture sous-prefecture poste "
    "mission ccas cias departement region conseil centre maison service agence tresorerie "
    "impots dgfip ants banque apec secours croix restos emmaus ville commune communaute "
    "tribunal gendarmerie police hopital clinique ecole college lycee universite crous "
    "pmi mdph plie cap espace"
)
# Words that follow « madame » in a sentence (« madame est venue », « monsieur souhaite »).
NOT_NAMES = _words(
    "un une ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur "
    "leurs il elle on je j tu nous vous ils elles lui y en se s me m te t ne n qui que qu "
    "quoi dont ou et mais donc car ni or a au aux avec pour par sans sur sous chez dans "
    "vers entre apres avant pendant depuis contre selon comme si puis ensuite alors aussi "
    "egalement pas plus tres bien deja toujours encore jamais non oui souvent seul seule "
    "est etait sera serait sont a avait aura aurait ont va allait ira vient venait "
    "viendra revient reviendra venu venue passe passera repasse repassera souhaite "
    "souhaitait souhaiterait voudrait veut voulait doit devait devra peut pouvait pourra "
    "pourrait demande demandait cherche dit indique explique precise signale rappelle "
    "rappellera appelle appellera attend fait fera habite vit vivait travaille sait "
    "connait ignore pense croit accompagne accompagnee age agee retraite retraitee veuf "
    "mariee celibataire enceinte monsieur madame mademoiselle bonjour merci aime aimerait "
    "prefere desire declare informe presente possede percoit touche reste repart part "
    "semble ayant etant rencontre recoit relance ramene apporte amene envoie dispose "
    "beneficie perd refuse accepte conteste signe remplit obtient prend prendra rend "
    "donne inscrit inscrite absent absente lui-meme elle-meme"
)
VERB_ENDINGS = ("ait", "aient")  # « madame voulait », in lower case only


def _is_name(word: str) -> bool:
    key = plain(word)
    if word.islower() and key.endswith(VERB_ENDINGS):
        return False
    return len(word) > 1 and key not in NOT_NAMES | TITLES | PARTICLES | INSTITUTIONS


def _after_particle(text: str, start: int) -> re.Match[str] | None:
    """The capitalised family name after « de », « Le »…, if any (« M. de Villiers »)."""
    while (gap := GAP.match(text, start)) and (word := WORD.match(text, gap.end())):
        if plain(word.group()) in PARTICLES:
            start = word.end()
            continue
        return word if word.group()[0].isupper() and _is_name(word.group()) else None
    return None


def _name_end(text: str, start: int) -> int | None:
    """Where the name starting at ``start`` ends; None when no name follows."""
    word = WORD.match(text, start)
    if word is None:
        return None
    first = word.group()
    prefix, _, rest = first.replace("’", "'").partition("'")
    if rest:  # « l'adjointe », « d'Artagnan », « n'a »
        if plain(prefix) not in {"l", "d"}:
            return None
        found = rest[0].isupper() and _is_name(rest)
        end = word.end() if found else None
    elif plain(first) in PARTICLES:
        after = _after_particle(text, word.end())
        end = after.end() if after else None
    else:
        end = word.end() if _is_name(first) else None
    # « Mme Marie Durand »: following capitalised words belong to the name.
    for _ in range(2):
        if end is None or not (gap := GAP.match(text, end)):
            break
        more = WORD.match(text, gap.end())
        if not more or not more.group()[0].isupper() or not _is_name(more.group()):
            break
        end = more.end()
    return end


def civility_names(text: str, _today: date) -> Iterator[Span]:
    for civility in CIVILITY.finditer(text):
        gap = SPACE.match(text, civility.end())
        if gap and (end := _name_end(text, gap.end())) is not None:
            yield civility.start(), end, "civility-name"


# --- Birth dates ------------------------------------------------------------------------

# Full or abbreviated, with or without accents (« fevrier », « déc. »).
MONTH = (
    r"janv(?:ier|\.)?|f[ée]v(?:rier|r\.?|\.)?|mars|avr(?:il|\.)?|mai|juin|juil(?:let|\.)?"
    r"|ao[uû]t|sept(?:embre|\.)?|oct(?:obre|\.)?|nov(?:embre|\.)?|d[ée]c(?:embre|\.)?"
)
DATE_IN_WORDS = re.compile(
    r"(?<![\w/.-])(?P<day>1er|premier|0?[1-9]|[12]\d|3[01])\s+(?:"
    + MONTH
    + r")(?!\w)(?:\s+(?P<year>(?:19|20)\d{2})(?!\w))?",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d{2}|\d{2})(?!\w|[/.-]\d)"
)
ISO_DATE = re.compile(r"(?<![\w/.-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
# « née le », « né à Amiens le », « date de naissance : », « né en »… just before the date.
BIRTH_CUE = re.compile(
    r"(?:\bn[ée]e?s?(?!\w)(?:\s*\(e\))?(?:\s+(?:à|a|au|en)\s+[^\d\n:;,.]{1,40}?)?"
    r"|\bnaissance|\bddn)\s*[:,]?\s*(?:\b(?:le|du|en)\s*)?$",
    re.IGNORECASE,
)
BIRTH_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})(?!\w)")
BIRTH_CUE_REACH = 60  # characters looked at before a date for a birth cue
BIRTH_AGE = 10  # years: an older date without a cue is taken for a birth date


def _birth_cue_before(text: str, start: int) -> bool:
    return BIRTH_CUE.search(text[max(0, start - BIRTH_CUE_REACH) : start]) is not None


def _street_name_before(text: str, start: int) -> bool:
    """« rue du 8 Mai 1945 », « place du 11 novembre »: a street's name, not a birthday."""
    before = re.search(r"([\w-]+)\.?\s+(?:du|de|des)\s*$", plain(text[max(0, start - 30) : start]))
    return before is not None and before[1] in STREET_TYPES | CAPITALISED_STREET_TYPES


def _full_year(year: str, today: date) -> int:
    if len(year) == 4:
        return int(year)
    return 2000 + int(year) if int(year) <= today.year % 100 else 1900 + int(year)


def _day_exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def birth_dates(text: str, today: date) -> Iterator[Span]:
    """A date after a birth cue; without one, a full date at least ten years old.
    A coming appointment (« rdv le 12 janvier 2027 ») is never taken."""
    for match in (*NUMERIC_DATE.finditer(text), *ISO_DATE.finditer(text)):
        cue = _birth_cue_before(text, match.start())
        if len(match["year"]) == 2 and not cue:
            continue
        year = _full_year(match["year"], today)
        if not _day_exists(year, int(match["month"]), int(match["day"])):
            continue
        if cue or year <= today.year - BIRTH_AGE:
            yield match.start(), match.end(), "date"
    for match in DATE_IN_WORDS.finditer(text):
        cue = _birth_cue_before(text, match.start())
        stated = int(match["year"]) if match["year"] else None
        old = stated is not None and stated <= today.year - BIRTH_AGE
        if cue or (old and not _street_name_before(text, match.start())):
            yield match.start(), match.end(), "date"
    for match in BIRTH_YEAR.finditer(text):  # « né en 1985 »
        before = text[max(0, match.start() - BIRTH_CUE_REACH) : match.start()]
        if re.search(r"\ben\s*$", before) and _birth_cue_before(text, match.start()):
            yield match.start(), match.end(), "date"


# --- Street addresses -------------------------------------------------------------------

# A street type that says « address » after a number, whatever the case of the name…
STREET_TYPES = _words(
    "rue ruelle avenue av ave boulevard bd bld bvd impasse imp allee allees chemin chem "
    "quai route rte lieu-dit lieudit ld faubourg fbg lotissement hameau residence sentier "
    "venelle rond-point chaussee esplanade promenade"
)
# …and one that also has a common meaning (« 10 cours de français »): name capitalised.
CAPITALISED_STREET_TYPES = _words(
    "place pl cours mail voie passage square cite clos parc domaine villa port montee cote "
    "carrefour"
)
STREET_PARTICLES = _words("de du des d l la le les aux au")
ADDRESS = re.compile(
    r"(?<![\w,.])\d{1,4}(?:\s*(?:bis|ter|quater)\b|[a-dA-D]\b)?\s*,?\s+"
    r"(?P<type>[^\W\d_]+(?:-[^\W\d_]+)?)\.?\s+"
    r"(?P<name>(?:(?:d|l)['’]|(?:(?:de|du|des|la|le|les|aux|au)\s+))*"
    r"(?:\d{1,2}(?:er)?\s+)?(?P<word>[^\W\d_][\w'’-]+))"
    r"(?-i:(?:[ \u00a0](?:[A-ZÀ-ÖØ-Þ][\w'’-]*|\d{4}\b))*)",
    re.IGNORECASE,
)


def addresses(text: str, _today: date) -> Iterator[Span]:
    position = 0
    # Searched one start after another: « 12 avril 3 rue des Lilas » must not hide the
    # address behind a number followed by any word.
    while match := ADDRESS.search(text, position):
        street_type, word = plain(match["type"]), match["word"]
        if plain(word) not in STREET_PARTICLES | NOT_NAMES and (
            street_type in STREET_TYPES
            or (street_type in CAPITALISED_STREET_TYPES and word[0].isupper())
        ):
            yield match.start(), match.end(), "address"
            position = match.end()
        else:
            position = match.start() + 1


# --- Identifiers handled at the counter -------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# « n° allocataire 1234567 », « CAF : 1234567 »: seven digits after the word.
CAF = re.compile(
    r"\b(?:allocataire|caf|msa)\b[^\d\n]{0,30}?(?<!\w)(?P<id>\d{7})(?!\w)", re.IGNORECASE
)
# France Travail (ex-Pôle emploi): seven digits and a letter anywhere; 8 to 11 letters
# and digits after « identifiant » or the agency's name.
FRANCE_TRAVAIL_ID = re.compile(r"(?<![\w-])\d{7}[A-Za-z](?![\w-])")
FRANCE_TRAVAIL_CUE = re.compile(
    r"\b(?:identifiant|id|france\s+travail|p[ôo]le[\s-]+emploi)\b"
    r"(?:[^\w\n]{0,3}(?:france\s+travail|p[ôo]le[\s-]+emploi|ft|pe|de)\b)*"
    r"[^\w\n]{0,3}(?P<id>[A-Za-z0-9]{8,11})(?!\w)",
    re.IGNORECASE,
)
# Numéro fiscal (SPI): 13 digits starting 0 to 3, spaced or not (« 30 23 217 600 053 »).
FISCAL_CANDIDATE = re.compile(r"(?<![\w.])(?<!\d[ .])[0-3]\d(?:[ .]?\d){11}(?!\w|[ .]\d)")
FISCAL_CUE = re.compile(r"\b(?:fiscal|fiscale|spi|imp[ôo]ts?)\b[^\d\n]{0,30}$", re.IGNORECASE)
# 13 digits (+ 2-digit key), spaced or not; Corsica's 2A/2B department allowed.
NIR_CANDIDATE = re.compile(
    r"\b[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?\b"
)
# Two letters, two digits, then 11 to 30 letters or digits, in groups or not.
IBAN_CANDIDATE = re.compile(r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){11,30}")


def digits_of(fragment: str) -> str:
    return re.sub(r"[\s.]", "", fragment)
