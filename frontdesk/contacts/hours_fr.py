"""Opening hours typed the French way, read into the OpenStreetMap syntax that
data·inclusion stores: « lun-ven 9h-12h, 14h-17h ; fermé le mercredi après-midi » →
« Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00 ». Input already in that syntax is kept
as typed. ``frontdesk.contacts.sheet_content.describe_hours`` reads it back in French.

How a text is read: days (« lundi », « lun. », « du lundi au vendredi », « lun-ven »,
« tous les jours », « jours fériés »), then hours (« 9h-12h », « de 8 h 30 à midi »,
« 24h/24 »); a later rule naming a day again gives that day's hours, as in the OSM
syntax. Closures (« fermé le mercredi après-midi », « sauf le jeudi », « jours fériés
fermés ») apply after every opening rule, wherever they are written. The afternoon is
what opens from noon; a session running through lunch (9h-17h) ends at noon. Anything not
understood is refused with a short French message and an example (``HoursError``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from frontdesk.contacts.hours_osm import (
    DAY_END,
    NOON,
    PH,
    WEEK,
    Span,
    is_osm,
    week_of,
    write_osm,
)
from frontdesk.errors import UserError

NBSP = "\u00a0"
EXAMPLE = "lun-ven 9h-12h, 14h-17h"

_DAY_NAMES = ("lundi lun lu mo", "mardi mar ma tu", "mercredi merc mer me we", "jeudi jeu je th",
              "vendredi vend ven ve fr", "samedi sam sa", "dimanche dim di su")  # fmt: skip
DAY_WORDS = {word: day for day, names in enumerate(_DAY_NAMES)
             for name in names.split() for word in (name, name + "s")}  # fmt: skip
WORDS = {"du": "du", "de": "de", "d": "de", "au": "au", "a": "a", "et": "et", "jusqu": ""}
WORDS |= dict.fromkeys(("sauf", "hors", "hormis", "excepte"), "sauf")
WORDS |= dict.fromkeys(("ferme", "fermee", "fermes", "fermees", "fermeture", "clos", "close",
                        "off", "closed"), "closed")  # fmt: skip
WORDS |= dict.fromkeys(("matin", "matins", "matinee", "matinees"), "morning")
WORDS |= dict.fromkeys(("le", "les", "l", "la", "toute", "journee", "ouvert", "ouverte",
                        "ouverts", "ouvertes", "ouverture", "horaires", "accueil"), "")  # fmt: skip
TOKEN = re.compile(
    r"""(?P<always>24\s*/\s*7)
    |(?P<fullday>24\s*h(?:eures?)?\s*(?:/|sur)\s*24(?:\s*h(?:eures?)?\b)?)
    |(?P<alldays>7\s*j(?:ours)?\s*(?:/|sur)\s*7|7\s*/\s*7|tous\s+les\s+jours|chaque\s+jour
        |toute\s+la\s+semaine)
    |(?P<ph>(?:jours?\s+)?feries?\b|\bph\b)
    |(?P<time>(?P<h1>\d{1,2})\s*h(?:eures?)?(?:\s*(?P<m1>\d{2})(?!\d))?(?![a-z])
        |(?P<h2>\d{1,2}):(?P<m2>\d{2})(?!\d))
    |(?P<num>\d+)
    |(?P<afternoon>apres[\s-]*midis?\b|aprem\b)
    |(?P<midday>midi\b|minuit\b)
    |(?P<word>[a-z]+)
    |(?P<dash>-)
    |(?P<comma>,)
    |(?P<semi>;|\n)
    |(?P<skip>[\s.:()'"!&]+)
    |(?P<other>.)""",
    re.VERBOSE,
)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


class HoursError(UserError, ValueError):
    """Hours the reader does not understand; ``detail`` says what, in French."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"Horaires non compris{NBSP}: {detail}. Exemple{NBSP}: {EXAMPLE}")


def _quoted(text: str) -> str:
    return f"«{NBSP}{text.strip()}{NBSP}»"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # as typed, for the messages
    value: int = 0  # the day, the minutes, the number


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (positions stay those typed)."""
    folded = []
    for char in text.translate(_DASHES):
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        folded.append(base if len(base) == 1 else char)
    return "".join(folded)


def tokens(text: str) -> list[Token]:
    folded, found, at = _fold(text), [], 0
    while at < len(folded):
        match = TOKEN.match(folded, at)
        assert match is not None  # ``other`` takes any character left
        kind, typed, at = match.lastgroup or "", text[match.start() : match.end()], match.end()
        if kind == "other":
            raise HoursError(f"signe inconnu {_quoted(typed)}")
        if kind == "time":
            hours, minutes = match["h1"] or match["h2"], match["m1"] or match["m2"] or "0"
            if int(minutes) > 59:
                raise HoursError(f"heure impossible {_quoted(typed)}")
            found.append(Token("time", typed, int(hours) * 60 + int(minutes)))
        elif kind == "num":
            found.append(Token("num", typed, int(typed) * 60))
        elif kind == "midday":
            found.append(Token("time" if match[0] == "midi" else "midnight", typed, NOON))
        elif kind == "word":
            word = match[0]
            if word in DAY_WORDS:
                found.append(Token("day", typed, DAY_WORDS[word]))
            elif WORDS.get(word, None) is None:
                raise HoursError(f"mot inconnu {_quoted(typed)}")
            elif WORDS[word]:
                found.append(Token(WORDS[word], typed))
        elif kind != "skip":
            found.append(Token(kind, typed))
    return found


@dataclass
class _Rule:
    closed: bool = False
    days: set[int] | None = None  # None: every day of the week
    spans: list[Span] = field(default_factory=list)
    part: str | None = None  # a closure's « morning » or « afternoon »
    unless: set[int] = field(default_factory=set)  # « du lundi au samedi sauf le mercredi »
    said: str = ""  # what names the days, for the messages

    def empty(self) -> bool:
        return self.days is None and not (self.spans or self.closed or self.part or self.unless)


DAY_START = ("day", "ph", "alldays", "du")
SPAN_START = ("time", "num", "fullday", "midnight")
ACTIONS = {"always": "always", "closed": "closed", "sauf": "sauf", "semi": "semi"}
ACTIONS |= {"morning": "part", "afternoon": "part"}  # the reader's method for each word


class _Reader:
    """Reads the tokens into opening rules and closures (``rules``), in order."""

    def __init__(self, found: list[Token]) -> None:
        self.found, self.at = found, 0
        self.rules: list[_Rule] = []
        self.extra: list[_Rule] = []  # closures read inside an opening rule
        self.rule, self.excepting = _Rule(), False
        self.last_unless: set[int] = set()  # the days « sauf » just took out

    def peek(self, ahead: int = 0) -> str:
        at = self.at + ahead
        return self.found[at].kind if at < len(self.found) else ""

    def take(self) -> Token:
        if self.at >= len(self.found):
            last = self.found[-1].text if self.found else ""
            raise HoursError(f"inachevé après {_quoted(last)}")
        self.at += 1
        return self.found[self.at - 1]

    def starts_days(self, ahead: int = 0) -> bool:
        kind = self.peek(ahead)
        return kind in DAY_START or (kind == "de" and self.peek(ahead + 1) == "day")

    def starts_span(self, ahead: int = 0) -> bool:
        kind = self.peek(ahead)
        return kind in SPAN_START or (kind == "de" and self.peek(ahead + 1) in SPAN_START)

    def read(self) -> list[_Rule]:
        while self.at < len(self.found):
            kind = self.peek()
            if self.starts_days():
                self.days()
            elif self.starts_span():
                self.spans()
            elif kind in ACTIONS:
                getattr(self, ACTIONS[kind])(self.take())
            elif kind in ("comma", "et", "dash"):
                self.take()
            else:
                raise HoursError(f"{_quoted(self.take().text)} mal placé")
        self.start(_Rule())
        return self.rules

    def always(self, token: Token) -> None:
        if self.rule.spans or self.rule.closed:
            self.start(_Rule())
        if self.rule.days is None:
            self.rule.days, self.rule.said = set(WEEK), token.text
        self.rule.spans.append((0, DAY_END))

    def closed(self, _token: Token) -> None:
        rule = self.rule
        if rule.closed or rule.days is None or rule.spans:
            self.start(_Rule(closed=True))
        else:
            rule.closed = True  # « mercredi fermé », « jours fériés fermés »

    def sauf(self, _token: Token) -> None:
        if self.rule.spans or self.rule.closed:
            self.start(_Rule(closed=True))  # « lun-ven 9h-17h sauf le mercredi »
        else:
            self.excepting = True  # « du lundi au samedi sauf le mercredi, 9h-12h »

    def semi(self, _token: Token) -> None:
        self.start(_Rule())

    def start(self, rule: _Rule) -> None:
        """Ends the rule being read (checked) and reads ``rule`` from now on."""
        current, self.rule = self.rule, rule
        if self.excepting:
            raise HoursError(f"{_quoted('sauf')} sans jour")
        if current.empty():
            return
        if current.closed and current.days is None and not current.spans:
            raise HoursError("jour de fermeture manquant")
        if not current.closed and not current.spans:
            days = _quoted(current.said) if current.said else "jours"
            raise HoursError(f"{days} sans heures")
        if PH in current.unless:
            self.extra.append(_Rule(closed=True, days={PH}))
        current.days = set(WEEK if current.days is None else current.days) - current.unless
        self.rules += [current, *self.extra]
        self.extra = []

    def days(self) -> None:
        found: set[int] = set()
        first = self.at
        while True:
            found |= self.day_range()
            if self.peek() in ("comma", "et") and self.starts_days(1):
                self.take()
            elif not self.starts_days():
                break
        said = " ".join(t.text for t in self.found[first : self.at])
        after_and = first > 0 and self.found[first - 1].kind == "et"
        self.place_days(found, said, after_and)

    def day_range(self) -> set[int]:
        token = self.take()
        if token.kind in ("du", "de"):
            token = self.take()
        if token.kind == "alldays":
            return set(WEEK)
        if token.kind == "ph":
            return {PH}
        if token.kind != "day":
            raise HoursError(f"jour attendu au lieu de {_quoted(token.text)}")
        if self.peek() in ("dash", "au", "a") and self.peek(1) == "day":
            self.take()
            last = self.take().value
            if last < token.value:  # « ven-lun »: over the weekend
                return set(range(token.value, 7)) | set(range(last + 1))
            return set(range(token.value, last + 1))
        return {token.value}

    def place_days(self, found: set[int], said: str, after_and: bool) -> None:
        rule = self.rule
        if self.excepting:
            self.excepting = False
            rule.unless |= found
            self.last_unless = found
            return
        self.last_unless = set()
        if rule.days is None:
            rule.days, rule.said = found, said  # « de 9h à 12h du lundi au vendredi » too
            return
        # « fermé le mercredi après-midi et le samedi »: the closure goes on
        self.start(_Rule(closed=rule.closed and after_and, days=found, said=said))

    def part(self, token: Token) -> None:
        rule, unless, part = self.rule, self.last_unless, token.kind
        if unless and not rule.spans and not rule.closed:
            rule.unless -= unless  # « du lundi au vendredi sauf le mercredi matin, 9h-17h »
            self.extra.append(_Rule(closed=True, days=set(unless), part=part))
        elif rule.closed or not rule.spans:
            rule.part = part  # what « mercredi après-midi fermé » closes
        # In an opening rule, « le matin » only names the hours that follow.
        self.last_unless = set()

    def spans(self) -> None:
        found = [self.span()]
        while self.peek() in ("comma", "et") and self.starts_span(1):
            self.take()
            found.append(self.span())
        self.excepting, self.last_unless = False, set()
        self.rule.spans += found

    def span(self) -> Span:
        first = self.take()
        if first.kind == "fullday":
            return (0, DAY_END)
        if first.kind == "de":
            first = self.take()
        start = self.moment(first, end=False)
        if self.peek() not in ("dash", "a"):
            raise HoursError(f"{_quoted(first.text)} sans heure de fin")
        self.take()
        last = self.take()
        end = self.moment(last, end=True)
        if end <= start:
            raise HoursError(f"{_quoted(first.text + '-' + last.text)} à l'envers")
        return (start, end)

    def moment(self, token: Token, *, end: bool) -> int:
        if token.kind == "midnight":
            return DAY_END if end else 0
        if token.kind not in ("time", "num"):
            raise HoursError(f"heure attendue au lieu de {_quoted(token.text)}")
        hours, minutes = divmod(token.value, 60)
        if hours > 24 or minutes > 59 or (hours == 24 and (minutes or not end)):
            raise HoursError(f"heure impossible {_quoted(token.text)}")
        return token.value


def to_osm(typed: str) -> str:
    """The OSM opening hours meant by ``typed`` (French, or already OSM: kept as typed,
    spaces tidied); ``HoursError`` when it is not understood."""
    text = " ".join(typed.split())
    if not text:
        raise HoursError("aucune heure indiquée")
    if is_osm(text):
        return text
    rules = _Reader(tokens(text)).read()
    openings = [(r.days or set(), tuple(r.spans)) for r in rules if not r.closed]
    closures = [(r.days or set(), tuple(r.spans), r.part) for r in rules if r.closed]
    table = week_of(openings, closures)
    if not any(table[:7]) and not table[PH]:
        raise HoursError("aucune heure d'ouverture")
    osm = write_osm(table)
    if not is_osm(osm):  # never expected: the writer only writes plain rules
        raise HoursError(_quoted(text))
    return osm
