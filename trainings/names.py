"""Name keys: one spelling of a person's name whatever script and order it was typed in.

Participant lists come from a dozen countries and are typed by different hands: "Олена
Шевченко" and "Olena Shevchenko", "Nguyễn Văn An" and "An Nguyen Van", "Mohammed Al-Hassan",
"Mohamed el Hassan" and "محمد الحسن", "Souksavanh" and "Souksavan". A name is turned into
tokens in three steps, each a little coarser than the one before:

- transliteration to Latin (Ukrainian and Russian Cyrillic by our own table, because anyascii
  writes Ukrainian г as g and и as i where Ukrainian passports write h and y; the rest by
  anyascii), lowercase, accents, punctuation and the Arabic article al-/el- dropped;
- a *form* per word: spelling variants folded (ph/f, kh/k, th/t, ou/u, y/i, doubled letters,
  -iy/-ii, a few given names with many spellings such as Mohammed);
- a *code* per word: the form without vowels and h, g read as h (Ukrainian Ігор is Russian
  Игорь). Arabic script has no short vowels, so its words are compared by code alone.

The key stored on Person (`name_key`) is the forms sorted, so word order does not matter. Two
names match when their words pair up: equal forms, or equal codes with forms at least 75% alike
(short words must be equal). Candidate pairs are found through *blocks*, pairs of word codes
that two names share: a match needs two paired words (or one word and a matching initial), so
the blocks lose nothing the matcher would accept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from anyascii import anyascii

# Ukrainian national romanisation (2010), extended with the Russian letters.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "ё": "e", "ы": "y",
    "э": "e", "ъ": "",
}  # fmt: skip

# Given names written many ways, each folded (after the spelling rules) to one form.
ALIASES = {
    "muhamad": ("mohamed", "mohamad", "muhamed", "mohd", "mhd", "mahamed", "mohamud"),
    "ahmad": ("ahmed", "ahmat"),
    "husain": ("husein", "hosein", "husen", "hosain"),
    "yusuf": ("yusef", "yosef", "yousef", "yousif", "yusif", "youssef"),
    "umar": ("omar", "omer"),
    "usman": ("osman", "otman", "utman"),
    "kalid": ("kaled",),
    "mustafa": ("mostafa", "mustapha"),
    "aisha": ("aicha", "aiesha", "aesha"),
    "ibrahim": ("ebrahim", "ibraheem"),
    "oleksandr": ("aleksandr", "aleksander", "oleksander", "aleksandar"),
    "serhi": ("sergi", "sergei", "serhei", "serge"),
    "olha": ("olga",),
    "ihor": ("igor",),
    "tetiana": ("tatiana", "tetana", "tatana"),
    "iulia": ("iuliia", "julia", "julija"),
    "natalia": ("natalija", "natalie"),
    "andri": ("andrei", "andrii", "andre"),
    "dmitro": ("dmitri", "dmitrii"),
    "volodimir": ("vladimir",),
    "hrihori": ("grigori", "hrigori", "grihori"),
    "mikola": ("nikolai", "mikolai"),
}

ARTICLES = {"al", "el", "ul", "il"}
ABD = re.compile(r"^abd(?:oul|ul|el|al|ou|u|e)?(?=[a-z]{3})")
VOWELS = set("aeiou")
# An initial read the way the spelling rules read a word's first letter.
INITIAL = {"y": "i", "w": "v", "q": "k", "x": "k"}
ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{2})")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
SPELLING = [
    ("tsch", "ch"), ("tch", "ch"), ("ph", "f"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("ou", "u"), ("oo", "u"),
    ("ee", "i"), ("y", "i"),
]  # fmt: skip


@dataclass(frozen=True)
class Word:
    form: str
    code: str
    # Written in a script without short vowels (Arabic): compare by code only.
    vowelless: bool


@dataclass(frozen=True)
class NameParts:
    words: tuple[Word, ...]
    initials: tuple[str, ...]


def _latin(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = ARABIC_ARTICLE.sub("", text)
    text = "".join(CYRILLIC.get(ch, CYRILLIC.get(ch.lower(), ch)) for ch in text)
    return anyascii(text).lower()


def _spelling(token: str) -> str:
    # A leading ph stays: "Phimmasone" is written "P." as an initial.
    head, token = ("ph", token[2:]) if token.startswith("ph") else ("", token)
    for old, new in SPELLING:
        token = token.replace(old, new)
    token = head + token
    token = re.sub(r"([a-z])\1+", r"\1", token)
    token = re.sub(r"([aeiou])h$", r"\1", token)
    return re.sub(r"(?<=.)(ij|ie)$", "i", token) if len(token) > 4 else token


ALIAS_OF = {
    _spelling(variant): _spelling(main)
    for main, variants in ALIASES.items()
    for variant in (main, *variants)
}


def _form(token: str) -> str:
    token = _spelling(token)
    return ALIAS_OF.get(token, token)


def _code(form: str) -> str:
    code = form.replace("g", "h").replace("h", "")
    code = "".join(ch for ch in code if ch not in VOWELS)
    return re.sub(r"([a-z])\1+", r"\1", code)


def _tokens(full_name: str) -> list[tuple[str, bool]]:
    """(ASCII token, from Arabic script) for each word, articles dropped, abd- joined."""
    result: list[tuple[str, bool]] = []
    for raw in re.split(r"[\s\-‐–—_/,;]+", full_name):
        arabic = bool(ARABIC_LETTER.search(raw))
        token = re.sub(r"[^a-z0-9]", "", _latin(raw))
        if arabic:
            # و and ي inside a word are long vowels (u, i); first, they are w and y.
            token = token[:1] + token[1:].replace("w", "u").replace("y", "i")
        if token:
            result.append((token, arabic))
    tokens = [(t, a) for t, a in result if t not in ARTICLES or len(result) == 1]
    joined: list[tuple[str, bool]] = []
    for token, arabic in tokens:
        if joined and joined[-1][0] in ("abd", "abdul", "abdel", "abdal", "abdu", "abdou", "bd"):
            joined[-1] = ("abd" + token, arabic or joined[-1][1])
        else:
            joined.append((ABD.sub("abd", token), arabic))
    return joined


@lru_cache(maxsize=200_000)
def name_parts(full_name: str) -> NameParts:
    words, initials = [], []
    for token, arabic in _tokens(full_name):
        if len(token) == 1 and not arabic:
            initials.append(INITIAL.get(token, token))
            continue
        form = _form(token)
        words.append(Word(form=form, code=_code(form) or form, vowelless=arabic))
    return NameParts(words=tuple(words), initials=tuple(initials))


def name_key(full_name: str) -> str:
    """The name's word forms and initials, sorted: the same for every spelling we fold.

    Arabic-script words are marked with a leading "=" (their form has no short vowels)."""
    parts = name_parts(full_name)
    words = [("=" if w.vowelless else "") + w.form for w in parts.words]
    return " ".join(sorted(words + list(parts.initials)))[:200]


@lru_cache(maxsize=200_000)
def key_parts(key: str) -> NameParts:
    """The parts of a stored name key (the inverse of name_key, up to word order)."""
    words, initials = [], []
    for token in key.split():
        if len(token) == 1:
            initials.append(token)
            continue
        vowelless = token.startswith("=")
        form = token.lstrip("=")
        words.append(Word(form=form, code=_code(form) or form, vowelless=vowelless))
    return NameParts(words=tuple(words), initials=tuple(initials))


def name_blocks(parts: NameParts) -> set[str]:
    """Keys two names share if they can match: pairs of word codes, and a word code with
    the initial of another word (for "O. Shevchenko")."""
    codes = sorted({w.code for w in parts.words})
    blocks = {f"{a}|{b}" for a, b in combinations(codes, 2)}
    if len(codes) == 1 and not parts.initials:
        blocks.add(codes[0])
    for word in parts.words:
        letters = {w.form[0] for w in parts.words if w is not word} | set(parts.initials)
        blocks.update(f"{word.code}|~{letter}" for letter in letters)
    return blocks


def _unr(form: str) -> str:
    """The code without a silent r after a vowel (Khmer "Bunthoeurn" for "Bunthoeun")."""
    return _code(re.sub(r"(?<=[aeiou])r(?![aeiou])", "", form))


def _word_similarity(a: Word, b: Word) -> float:
    if a.form == b.form:
        return 1.0
    if a.code != b.code and (a.vowelless or b.vowelless or _unr(a.form) != _unr(b.form)):
        return 0.0
    if a.vowelless and b.vowelless:
        return 0.85
    if a.vowelless or b.vowelless:
        return 0.85 if _vowelless_fits(*((a, b) if a.vowelless else (b, a))) else 0.0
    if min(len(a.form), len(b.form)) <= 3:
        return 0.0
    ratio = SequenceMatcher(None, a.form, b.form).ratio()
    return ratio if ratio >= 0.75 else 0.0


def _vowelless_fits(arabic: Word, latin: Word) -> bool:
    """Arabic writes consonants and long vowels: all of them are in the Latin spelling, in
    order, and a Latin ai/ei (the long i of Hussein) is written there too (Hassan has none)."""
    letters = iter(latin.form)
    if not all(letter in letters for letter in arabic.form):
        return False
    return "i" in arabic.form or not re.search(r"[ae]i", latin.form)


def _joined(words: list[Word], others: list[Word]) -> tuple[float, int, int, int] | None:
    """Two words of one name written as one word of the other ("Srey Mom" / "Sreymom"):
    (similarity, first, second, other) for the best such join."""
    best = None
    for i, x in enumerate(words):
        for j, y in enumerate(words):
            if i == j:
                continue
            form = x.form + y.form
            joined = Word(form=form, code=_code(form), vowelless=x.vowelless or y.vowelless)
            for k, other in enumerate(others):
                similarity = _word_similarity(joined, other)
                if similarity and (best is None or similarity > best[0]):
                    best = (similarity, i, j, k)
    return best


@dataclass(frozen=True)
class NameMatch:
    similarity: float  # 0-1, word similarities weighted by word length
    exact: bool  # every word has the same form
    partial: bool  # a middle name or initial on one side only (or an initial for a word)


def names_match(a: NameParts, b: NameParts) -> NameMatch | None:
    """How two names' words pair up, or None when they are not the same name."""
    scored = sorted(
        (
            (_word_similarity(x, y), i, j)
            for i, x in enumerate(a.words)
            for j, y in enumerate(b.words)
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = weight = 0.0
    for similarity, i, j in scored:
        if similarity <= 0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        size = max(len(a.words[i].form), len(b.words[j].form))
        total += similarity * size
        weight += size
    for words, others, used_w, used_o in (
        (a.words, b.words, used_a, used_b),
        (b.words, a.words, used_b, used_a),
    ):
        left = [i for i in range(len(words)) if i not in used_w]
        right = [k for k in range(len(others)) if k not in used_o]
        if len(left) >= 2 and right:
            join = _joined([words[i] for i in left], [others[k] for k in right])
            if join:
                similarity, i, j, k = join
                used_w.update({left[i], left[j]})
                used_o.add(right[k])
                size = len(others[right[k]].form)
                total += similarity * size
                weight += size
    if not used_a:
        return None
    rest_a = [a.words[i].form[0] for i in range(len(a.words)) if i not in used_a]
    rest_b = [b.words[j].form[0] for j in range(len(b.words)) if j not in used_b]
    initials_a, initials_b = list(a.initials), list(b.initials)
    # An initial stands for an unpaired word of the other name with that first letter.
    explained = 0
    for initials, rest in ((initials_a, rest_b), (initials_b, rest_a)):
        for letter in list(initials):
            if letter in rest:
                rest.remove(letter)
                initials.remove(letter)
                explained += 1
    extra_a, extra_b = rest_a + initials_a, rest_b + initials_b
    if extra_a and extra_b:
        return None  # each has a word the other lacks: different middle names
    single = len(a.words) == len(b.words) == 1 and not (a.initials or b.initials)
    paired = min(len(used_a), len(used_b))
    if paired + explained < 2 and not single:
        return None
    # One word and an initial: only when that is all one of the names has ("O. Shevchenko").
    if paired < 2 and explained and min(len(a.words), len(b.words)) > 1:
        return None
    exact = total == weight and not (extra_a or extra_b or explained)
    return NameMatch(
        similarity=total / weight,
        exact=exact,
        partial=bool(extra_a or extra_b or explained),
    )


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin letter (accented or not)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def plain(text: str) -> str:
    """Lowercase, accents dropped, spaces collapsed: how the name was typed, nearly."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())
