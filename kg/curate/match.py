"""One matcher of names to the entities of `entities.yaml`, by label and alias, for `kg entities
suggest`, for `kg extract` (who is named in an article) and for "did you mean" on unknown refs.

Articles about Central Asia spell one name many ways: Tokayev, Toqaev, Tokaev and Токаев;
Tajimuratov and Tazhimuratov; Kassym-Jomart and Qasym-Zhomart. Listing every spelling as an
alias is what curators did, and still missed some. So every name is first *folded* to a key
that these variants share: Cyrillic (Russian, Kazakh, Uzbek letters) transliterated, diacritics
dropped, then the usual romanisation choices made one way (zh, j, dzh, dj -> j; kh, x -> h;
q -> k; gh -> g; y -> i, dropped between vowels; double letters single). Keys that still
differ are compared by Jaro-Winkler similarity, which forgives what spelling differences do
(an inserted syllable, Turpanov / Turpanbayev) and rewards a shared start, as names have.

A multi-word name is scored token by token: each word of the query against its best word of
the entity's name, weighted by length, times a small factor for how much of the name the query
covers; a person's surname alone is one of their names, so "Rittmann" finds Mihra Rittmann.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.corpus.entities import Entity

_CYRILLIC = dict(zip(
    "абвгғдеёжзийкқлмнңоөпрстуұүўфхҳһцчшщъыіьэюяә",
    ["a", "b", "v", "g", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "q", "l", "m", "n", "n",
     "o", "o", "p", "r", "s", "t", "u", "u", "u", "o", "f", "kh", "h", "h", "ts", "ch", "sh",
     "shch", "", "y", "i", "", "e", "yu", "ya", "a"], strict=True))
# Latin letters NFKD does not take apart, and apostrophes of Uzbek Latin (oʻ, gʻ).
_LATIN = {"ş": "sh", "ç": "ch", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d"}
_APOSTROPHES = "'’ʻʼ`´"
# Romanisation choices made one way, in this order (dzh before zh, kh before the lone h).
_VARIANTS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("x", "h"),
             ("q", "k"), ("ck", "k"), ("w", "v"), ("ph", "f"))
_VOWEL_Y = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʻʼ][^\W\d_]+)?|\d+")
# Words a name may hold that say nothing about which entity it is.
STOPWORDS = frozenset("the of in a an and for on at to by s".split())
SUGGEST_FLOOR = 0.8  # below this a name is not suggested
SAME_WORD = 0.93  # tokens this similar are one word spelt two ways, in running text


def fold_word(word: str) -> str:
    """The key of one word that its transliteration variants share: 'Toqaev', 'Tokayev' and
    'Токаев' give 'tokaev'; 'Tazhimuratov' and 'Tajimuratov' give 'tajimuratov'."""
    text = "".join(_CYRILLIC.get(c, _LATIN.get(c, c)) for c in word.lower())
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c) and c not in _APOSTROPHES)
    for said, key in _VARIANTS:
        text = text.replace(said, key)
    text = _VOWEL_Y.sub("", text)
    text = re.sub(r"^ye", "e", text).replace("y", "i")
    return _DOUBLE.sub(r"\1", text)


def words_of(name: str) -> list[tuple[str, int, int]]:
    """The words of a text with their offsets (a possessive "'s" stays apart: Toqaev's)."""
    found = []
    for match in _WORD.finditer(name):
        word, start = match.group(), match.start()
        if re.search(r"['’ʻʼ]s$", word, re.I):  # "Toqaev's" -> "Toqaev", "s"
            found.append((word[:-2], start, match.end() - 2))
            found.append(("s", match.end() - 1, match.end()))
            continue
        found.append((word, start, match.end()))
    return found


def fold(name: str) -> tuple[str, ...]:
    """The folded keys of a name's words, without words that name nothing ('the', 'of')."""
    keys = (fold_word(w) for w, _, _ in words_of(name))
    return tuple(k for k in keys if k and k not in STOPWORDS)


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two strings, 1.0 when equal (Winkler's prefix scale 0.1)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    reach = max(len(a), len(b)) // 2 - 1
    taken = [False] * len(b)
    kept_a = []
    for i, char in enumerate(a):
        for j in range(max(0, i - reach), min(len(b), i + reach + 1)):
            if not taken[j] and b[j] == char:
                taken[j] = True
                kept_a.append(char)
                break
    if not kept_a:
        return 0.0
    kept_b = [b[j] for j in range(len(b)) if taken[j]]
    swaps = sum(x != y for x, y in zip(kept_a, kept_b, strict=True)) / 2
    m = len(kept_a)
    jaro = (m / len(a) + m / len(b) + (m - swaps) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def name_score(query: tuple[str, ...], name: tuple[str, ...]) -> float:
    """How well folded query words match a folded name, in [0, 1]: each query word against its
    best unused word of the name, weighted by length, times 0.7 to 1 for how much of the
    name the query covers."""
    if not query or not name:
        return 0.0
    if query == name:
        return 1.0
    free = list(range(len(name)))
    total = matched = 0.0
    for word in sorted(query, key=len, reverse=True):
        best, at = 0.0, -1
        for index in free:
            similarity = jaro_winkler(word, name[index])
            if similarity > best:
                best, at = similarity, index
        if at >= 0 and best >= 0.75:
            free.remove(at)
            matched += len(name[at])
        total += best * len(word)
    covered = matched / sum(len(w) for w in name)
    return total / sum(len(w) for w in query) * (0.7 + 0.3 * covered)


@dataclass(frozen=True)
class Suggestion:
    """An entity a name may mean: its ref, label, the label or alias that matched, a score."""

    ref: str
    label: str
    name: str
    score: float


@dataclass(frozen=True)
class NameHit:
    """An entity named in a text: where (offsets in code points), the words, which entity, by
    which of its names, and how sure (1.0 for a name spelt as a variant of one of its names)."""

    start: int
    end: int
    words: str
    ref: str
    name: str
    score: float


def _names(entity: Entity) -> list[str]:
    """An entity's names: its label and aliases, and a person's surname alone."""
    names = [entity.label, *entity.aliases]
    if entity.kind == "person":
        names += [n.split()[-1] for n in names if len(n.split()) > 1 and len(n.split()[-1]) > 3]
    return list(dict.fromkeys(names))


class EntityMatcher:
    """The names of a corpus's entities, folded once, to match names or running text against."""

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.entities = dict(entities)
        self._folded: list[tuple[str, str, tuple[str, ...]]] = []  # (ref, name, keys)
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._single: dict[str, list[tuple[str, str, str]]] = {}  # first letter: one-word names
        for ref, entity in self.entities.items():
            for name in _names(entity):
                keys = fold(name)
                if not keys:
                    continue
                self._folded.append((ref, name, keys))
                every = tuple(k for k in (fold_word(w) for w, _, _ in words_of(name)) if k)
                self._by_first.setdefault(every[0], []).append((every, ref, name))
                if len(keys) == 1 and len(keys[0]) >= 5:
                    self._single.setdefault(keys[0][0], []).append((keys[0], ref, name))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def suggest(self, name: str, limit: int = 5, kinds: Iterable[str] | None = None,
                floor: float = SUGGEST_FLOOR) -> list[Suggestion]:
        """The entities `name` most likely means, best first (ties by ref), each scored by the
        best of its names; only those scoring at least `floor`, of `kinds` when given."""
        wanted, query = set(kinds or ()), fold(name)
        best: dict[str, tuple[float, str]] = {}
        for ref, label, keys in self._folded:
            if wanted and self.entities[ref].kind not in wanted:
                continue
            score = name_score(query, keys)
            if score > best.get(ref, (-1.0, ""))[0]:
                best[ref] = (score, label)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [Suggestion(ref, self.entities[ref].label, label, round(score, 3))
                for ref, (score, label) in ranked if score >= floor][:limit]

    def names_in(self, text: str) -> list[NameHit]:
        """Every entity named in `text`, in text order: the longest name spelt as a variant of
        one of an entity's names at each place (every entity of that name: 'Astana' is a city
        and, as an alias, the government), else a capitalised word within spelling distance of
        a one-word name (a surname spelt another way)."""
        words = words_of(text)
        keys = [fold_word(w) for w, _, _ in words]
        hits: list[NameHit] = []
        at = 0
        while at < len(words):
            found = self._exact_at(keys, at)
            if found and keys[at] in STOPWORDS and at + 1 < len(words):
                # "the Prosecutor General's Office": a name starting after the article and
                # reaching further wins over one that takes the article ("the prosecutor")
                later = self._exact_at(keys, at + 1)
                if later and len(later[0][0]) + 1 > len(found[0][0]):
                    found = []
            if found:
                width = len(found[0][0])
                start, end = words[at][1], words[at + width - 1][2]
                hits += [NameHit(start, end, text[start:end], ref, name, 1.0)
                         for _, ref, name in found]
                at += width
                continue
            word, start, end = words[at]
            if word[:1].isupper() and len(keys[at]) >= 5:
                hits += [NameHit(start, end, word, ref, name, round(score, 3))
                         for ref, name, score in self._near(keys[at])]
            at += 1
        return hits

    def _exact_at(self, keys: list[str], at: int) -> list[tuple[tuple[str, ...], str, str]]:
        """The names (longest first, all entities sharing it) whose folded words start at `at`."""
        for entry in self._by_first.get(keys[at], ()):
            width = len(entry[0])
            if tuple(keys[at:at + width]) == entry[0]:
                same = [e for e in self._by_first[keys[at]] if e[0] == entry[0]]
                return list({ref: (k, ref, name) for k, ref, name in reversed(same)}.values())
        return []

    def _near(self, key: str) -> list[tuple[str, str, float]]:
        """One-word names within spelling distance of a word (same first letter, close length)."""
        found: dict[str, tuple[str, float]] = {}
        for name_key, ref, name in self._single.get(key[0], ()):
            if abs(len(name_key) - len(key)) > 3:
                continue
            score = jaro_winkler(key, name_key)
            if score >= SAME_WORD and score > found.get(ref, ("", 0.0))[1]:
                found[ref] = (name, score)
        return [(ref, name, score) for ref, (name, score) in sorted(found.items())]


def did_you_mean(ref: str, entities: Mapping[str, Entity], matcher: EntityMatcher | None = None
                 ) -> str:
    """'; did you mean person/serik-turpanbayev (Serik Turpanbayev)?' for an unknown entity ref
    such as 'person/serik-turpanov', or '' when no entity is near: the slug is read as a name
    and matched against the names of entities of the same kind (of any kind if it has none)."""
    kind, _, slug = ref.rpartition("/")
    matcher = matcher or EntityMatcher(entities)
    kinds = [kind] if any(e.kind == kind for e in entities.values()) else None
    found = matcher.suggest(slug.replace("-", " ").replace("_", " "), limit=3, kinds=kinds,
                            floor=0.8)
    slugs = [s for s in entities if s.rpartition("/")[2] == slug and s != ref]
    named = list(dict.fromkeys(slugs + [s.ref for s in found]))[:3]
    if not named:
        return ""
    listed = " or ".join(f"{r} ({entities[r].label})" for r in named)
    return f"; did you mean {listed}?"
