"""The words of a directory search: the typed words, the synonyms' expressions, and the
clauses the search runs (``frontdesk.contacts.search``), each a choice of alternatives.

Words are compared folded (no accent, no capital), function words and one-letter words
left out, a final s or x ignored (« dettes » is « dette »). The ``Thesaurus`` (built from
``frontdesk.contacts.synonyms``) finds the longest expression the typed words name; the
word still being typed matches the start of an expression's last word (« pôle emp » is
« pôle emploi ») from ``PREFIX_AFTER`` letters after other words, ``PREFIX_ALONE`` alone.
An alternative that another one of its clause already covers is dropped: it would cost
and add nothing (« endette »* covers « endettement »*).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from frontdesk.orientation.journeys import fold

PREFIX_ALONE, PREFIX_AFTER = 4, 3
SHORT = 3  # words of this length or less are searched whole, never as a prefix
NBSP = "\u00a0"
TOKEN = re.compile(r"[^\W_]+")  # a word, as the index's tokenizer cuts them
_FUNCTION_WORDS = (
    "a au aux avec ce ces d dans de des du en et il j l la le les ma mes mon ne ou par pas"
    " pour qu que qui sa se ses son sur un une vos votre"
)
STOPWORDS = frozenset(_FUNCTION_WORDS.split())  # folded French function words


def quoted(text_: str) -> str:
    return f"«{NBSP}{text_}{NBSP}»"


def words_of(expression: str) -> tuple[str, ...]:
    """The folded words an expression is searched by: no function or one-letter word."""
    return tuple(w for w in TOKEN.findall(fold(expression)) if len(w) > 1 and w not in STOPWORDS)


def singular(word: str) -> str:
    return word[:-1] if len(word) > SHORT and word[-1] in "sx" else word


def fts_phrase(word: str, *, prefix: bool = True) -> str:
    return '"{}"{}'.format(word.replace('"', '""'), "*" if prefix else "")


class Entry(Protocol):
    """A synonym: ``terms`` are equivalent, ``finds`` are searched too, one way."""

    @property
    def terms(self) -> tuple[str, ...]: ...

    @property
    def finds(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Word:
    """A typed word: ``forms`` are the folded words searched for it (itself, or its
    corrections); the last word, still being typed, is searched as a prefix."""

    typed: str
    forms: tuple[str, ...]
    typing: bool = False
    corrected: bool = False


Part = tuple[tuple[str, ...], bool]  # a word's variants (any may match), as a prefix?


@dataclass(frozen=True)
class Alternative:
    kind: str  # "word" (as typed), "synonym", "typo" (the typed word corrected)
    text: str  # what is searched, as shown in the reasons
    fts: str  # its FTS5 expression
    parts: tuple[Part, ...] = ()  # its words, every one required


@dataclass(frozen=True)
class Clause:
    """Typed words and what may stand for them; a row must match one alternative."""

    typed: str
    words: tuple[Word, ...]
    alternatives: tuple[Alternative, ...]

    @property
    def synonym(self) -> bool:
        return any(a.kind == "synonym" for a in self.alternatives)

    @property
    def fts(self) -> str:
        parts = [a.fts for a in self.alternatives]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _parts_fts(parts: Sequence[Part]) -> str:
    """Every word required, anywhere in the row, as typed words are: cheaper than a
    phrase or NEAR (no positions read) and as forgiving of the words in between."""
    found = []
    for variants, prefix in parts:
        terms = [fts_phrase(v, prefix=prefix) for v in variants]
        found.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return found[0] if len(found) == 1 else "(" + " AND ".join(found) + ")"


def _covers(wider: Alternative, narrower: Alternative) -> bool:
    """Does every row ``narrower`` finds hold ``wider`` too (so it adds nothing)? Each of
    the wider's words must stand for one of the narrower's (« aide logement » covers
    « aide personnalisée au logement », « endette »* covers « endettement »*)."""

    def part(a: Part, b: Part) -> bool:
        return all(
            any(v.startswith(x) if a[1] else not b[1] and v == x for x in a[0]) for v in b[0]
        )

    return bool(wider.parts) and all(any(part(a, b) for b in narrower.parts) for a in wider.parts)


@dataclass(frozen=True)
class Expression:
    """A synonym's expression: its last word is a prefix (plurals, « budget » finds
    « budgétaire »); the words before it are searched whole, as written or with an s
    (prefixes of common words such as « conseil » cost a lot to expand): write them in
    the singular."""

    text: str  # as written (« Pôle emploi »)
    words: tuple[str, ...]
    key: tuple[str, ...]
    parts: tuple[Part, ...]

    @classmethod
    def of(cls, written: str) -> Expression:
        words = words_of(written)
        parts = tuple(
            ((w,), len(w) > SHORT)
            if i == len(words) - 1 or len(w) <= SHORT or w[-1] in "sx"
            else ((w, w + "s"), False)
            for i, w in enumerate(words)
        )
        return cls(" ".join(written.split()), words, tuple(map(singular, words)), parts)

    def alternative(self) -> Alternative:
        return Alternative("synonym", self.text, _parts_fts(self.parts), self.parts)


def _pruned(alternatives: Sequence[Alternative], first: int) -> tuple[Alternative, ...]:
    """Without the alternatives (from ``first`` on) that another one already covers:
    they would cost and add nothing."""
    dropped: set[int] = set()
    for a in alternatives[first:]:
        if any(o is not a and id(o) not in dropped and _covers(o, a) for o in alternatives):
            dropped.add(id(a))
    return tuple(a for a in alternatives if id(a) not in dropped)


def _fits(word: Word, target: str, alone: bool) -> bool:
    """Does the typed word stand for ``target``, an expression's (last, if typing) word?"""
    for form in word.forms:
        if singular(form) == singular(target):
            return True
        shortest = PREFIX_ALONE if alone else PREFIX_AFTER
        if word.typing and len(form) >= shortest and target.startswith(form):
            return True
    return False


class Thesaurus:
    """Every entry's expressions indexed by their first word."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_first: dict[str, list[tuple[Expression, int]]] = {}
        self._groups: list[tuple[tuple[Expression, ...], tuple[Expression, ...]]] = []
        for number, entry in enumerate(entries):
            terms = tuple(Expression.of(t) for t in entry.terms)
            self._groups.append((terms, tuple(Expression.of(f) for f in entry.finds)))
            for term in terms:
                self._by_first.setdefault(term.key[0], []).append((term, number))
        self._firsts = sorted(self._by_first)
        self._kept = [_pruned([e.alternative() for s in g for e in s], 0) for g in self._groups]
        words = (e.words for group in self._groups for side in group for e in side)
        self.words = frozenset(w for expression in words for w in expression)

    def _candidates(self, word: Word) -> list[tuple[Expression, int]]:
        found = [c for form in word.forms for c in self._by_first.get(singular(form), [])]
        for form in word.forms if word.typing and len(word.forms[0]) >= PREFIX_ALONE else ():
            start = bisect.bisect_left(self._firsts, form)
            for first in self._firsts[start:]:
                if not first.startswith(form):
                    break
                found += [c for c in self._by_first[first] if len(c[0].words) == 1]
        return found

    def _match(self, words: Sequence[Word], at: int) -> tuple[int, list[tuple[Expression, int]]]:
        """The longest terms starting at word ``at``: (how many words, [(term, group)])."""
        best: tuple[int, list[tuple[Expression, int]]] = (0, [])
        for term, group in self._candidates(words[at]):
            size = len(term.words)
            if at + size > len(words) or size < best[0]:
                continue
            span = words[at : at + size]
            if all(_fits(w, t, size == 1) for w, t in zip(span, term.words, strict=True)):
                best = (size, [*best[1], (term, group)] if size == best[0] else [(term, group)])
        return best

    def clauses(self, words: Sequence[Word]) -> tuple[Clause, ...]:
        found, at = [], 0
        while at < len(words):
            size, matches = self._match(words, at)
            span = tuple(words[at : at + max(size, 1)])
            found.append(self._clause(span, matches))
            at += len(span)
        return tuple(found)

    def _clause(self, span: tuple[Word, ...], matches: list[tuple[Expression, int]]) -> Clause:
        typed = " ".join(w.typed for w in span)
        parts = tuple((w.forms, True) for w in span)
        if len(span) == 1 and span[0].corrected and not matches:
            typos = (Alternative("typo", f, fts_phrase(f), (((f,), True),)) for f in parts[0][0])
            return Clause(typed, span, tuple(typos))
        kind = "typo" if any(w.corrected for w in span) else "word"
        shown = " ".join(w.forms[0] if w.corrected else w.typed for w in span)
        plain = len(span) == 1 and not span[0].corrected
        fts = fts_phrase(span[0].typed) if plain else _parts_fts(parts)
        alternatives = [Alternative(kind, shown, fts, parts)]
        groups = list(dict.fromkeys(group for _term, group in matches))
        found = {a.parts: a for group in groups for a in self._kept[group]}.values()
        if len(groups) > 1:  # each group is pruned already; across groups, not yet
            return Clause(typed, span, _pruned([*alternatives, *found], 1))
        typed_covers = alternatives[0]
        alternatives += [a for a in found if not _covers(typed_covers, a)]
        return Clause(typed, span, tuple(alternatives))


def typed_words(typed: str) -> list[Word]:
    """The words searched: letter and digit runs, one-letter words dropped when longer ones
    exist (« l'accès » searches « accès »), and so are French function words once typed in
    full (« permis de c » searches « permis », « c »): they match nearly every row."""
    words = TOKEN.findall(typed)
    last = len(words) - 1 if words and not typed[-1:].isspace() else -1
    kept = [
        i for i, w in enumerate(words) if len(w) > 1 and (i == last or fold(w) not in STOPWORDS)
    ]
    kept = kept or ([i for i, w in enumerate(words) if len(w) > 1] or list(range(len(words))))
    return [Word(words[i], (fold(words[i]),), typing=i == last) for i in kept]
