"""Name normalization for entity resolution: cleaning, transliteration keys, person and
organization parsing. Pure functions over strings; the word lists come from rules/aliases.yml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resolve.entities_geo import country_of

_QUOTES = "\"“”„‘’«»`"
_EDGE_PUNCT = " \t\n,;:.!?-–—•*·|/"
_KEEP_FINAL_DOT = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|S\.p\.A|S\.A)\.$")
# "US-based Oracle Advisory Group", "US' Oracle Advisory Group"
_BASED = re.compile(r"^([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-based\s+")
_COUNTRY_APOS = re.compile(r"^([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:'s|')\s+(?=\S)")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{1,40})\)$")
_INNER_PAREN = re.compile(r"\s*\(([^()]{1,40})\)")
_OF_COUNTRY = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?([A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2})$")
_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z&]{0,2}[A-Z][A-Za-z]{0,3}|[A-Z]{2,8}s?|[A-Z][a-z]?[A-Z]+s?)$")
_PATRONYMIC_MARKERS = {"oglu", "ogly", "oğlu", "ogli", "qizi", "gizi", "kizi", "kyzy", "qyzy", "uulu", "uly", "ulu"}
_RUSSIAN_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|inichna)$", re.I)
_PARTICLES = {"le", "la", "de", "del", "della", "der", "den", "di", "da", "du", "van", "von", "ter", "ten", "bin", "ibn", "dos", "das"}
_DASHES = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")
_LEAD_BULLETS = re.compile(r"^[\-–—•*·\s]+")
_TRAILING_SHARE = re.compile(r"\s+[-–—]+[\s\d.,%]*(?:percent|per cent)?$")
_LEAD_THE_ANY = re.compile(r"^(?:the|The|THE)\s+")
_LEAD_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_END = re.compile(r"(?<=\w)(?:'s|'S|(?<=s)')$")
_QUOTE_CHARS = re.compile(rf"[{re.escape(_QUOTES)}]")
_LOOSE_APOSTROPHE = re.compile(r"(?<=\s)'|(?<![sS])'(?=\s|$)|^'")
_CUT_BRACKET = re.compile(r"\s*\([^()]*$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_GLIDE = re.compile(r"(?<=[aeiou])i(?=[aeiou])")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_WORDS = re.compile(r"[\w]+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")
_CAPITALIZED_WORD = re.compile(r"[A-Z][\w'-]*")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    text = text.replace("ə", "a").replace("Ə", "A").replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def clean(surface: str) -> str:
    """Surface form without the wrapping a sentence adds: leading "the", bullets, a possessive,
    quotes, edge punctuation, newlines. Casing is kept."""
    text = unicodedata.normalize("NFKC", surface).replace("’", "'").replace("‘", "'")
    text = " ".join(text.split())
    text = _LEAD_BULLETS.sub("", text)
    text = _TRAILING_SHARE.sub("", text)  # "Fuad Aliyev - 0.53 percent"
    for _ in range(2):
        text = _LEAD_THE_ANY.sub("", text)
        text = _POSSESSIVE_END.sub("", text)
        text = _QUOTE_CHARS.sub("", text)
        text = _LOOSE_APOSTROPHE.sub("", text)  # quotes around words, not O'Brien, Citizens'
        if not _KEEP_FINAL_DOT.search(text):
            text = text.strip(_EDGE_PUNCT)
        text = " ".join(text.split())
    return surface if text == surface else text  # one string object for an unchanged form


def trim(surface: str) -> str:
    """A surface form as written, minus what a tagger glued to it: bullets, a trailing
    "- 0.53 percent", unbalanced quotes and brackets at the edges, a leading "the"."""
    text = " ".join(unicodedata.normalize("NFKC", surface).split())
    text = _LEAD_BULLETS.sub("", text)
    text = _TRAILING_SHARE.sub("", text)
    text = _LEAD_THE.sub("", text)
    for opening, closing in (("“", "”"), ("(", ")"), ("‘", "’")):
        if text.startswith(opening) and closing not in text:
            text = text[1:]
        if text.endswith(closing) and opening not in text:
            text = text[:-1]
    text = _CUT_BRACKET.sub("", text)  # "Policy Attitudes (Pipa": a bracket the tagger cut
    if text.count('"') % 2:
        text = text.strip('"')
    text = text.strip(" ,;:")
    return surface if text == surface else text


@lru_cache(maxsize=200_000)
def translit(word: str) -> str:
    """A spelling key under which common transliteration variants of one name agree:
    Zhaparov/Japarov, Musayev/Musaev, Guminsky/Guminskiy, Oruc/Oruj, Hasanquliyev/Hasanguliyev,
    Panakhov/Panahov, Natalia/Natalya, Gvaramiya/Gwaramia."""
    w = strip_accents(word).casefold()
    w = w.replace("ş", "sh").replace("ç", "ch").replace("ğ", "g")
    w = _NOT_ALNUM.sub("", w)
    w = w.replace("dzh", "j").replace("zh", "j").replace("kh", "h").replace("gh", "g").replace("ph", "f")
    w = w.replace("sch", "sh").replace("ch", "\x01").replace("c", "j").replace("\x01", "ch")
    w = w.replace("q", "g").replace("x", "h").replace("w", "v").replace("y", "i")
    w = _GLIDE.sub("", w)  # Musayev/Musaev, Dairabayev/Dairabaev
    w = _DOUBLED.sub(r"\1", w)  # Kassym/Kasym, Guminskii/Guminski
    w = _FINAL_H.sub("", w)  # Alizadeh/Alizade
    return w


@lru_cache(maxsize=200_000)
def is_acronym(text: str) -> bool:
    """"CEC", "DECs", "UAPFP", "IPA CIS": short upper-case tokens."""
    parts = text.split()
    return 0 < len(parts) <= 2 and all(_ACRONYM.match(p) and sum(c.isupper() for c in p) >= 2 for p in parts)


def initials(words: list[str], stop: frozenset[str]) -> str:
    return "".join(w[0] for w in words if w and w.casefold() not in stop and w[0].isalpha()).upper()


def singular(token: str) -> str:
    if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@lru_cache(maxsize=200_000)
def org_key(core: str) -> str:
    """Comparison key of an organization core: accent-free, lower-case, singular tokens."""
    words = [singular(w) for w in _WORDS.findall(strip_accents(core).casefold())]
    if len(words) > 1 and words[-1] in ("party", "parti"):  # "Umid Party" = "Umid party" = "Umid"
        words = words[:-1]
    return " ".join(words)


@lru_cache(maxsize=200_000)
def split_dash(text: str) -> list[str]:
    """"United Georgia – Nino Burjanadze" -> ["United Georgia", "Nino Burjanadze"]."""
    return [p.strip() for p in _DASHES.split(text) if p.strip()]


# --------------------------------------------------------------------------- persons


@dataclass(frozen=True, slots=True)
class PersonName:
    given: str  # transliteration key of the first given name ("" for a surname-only mention)
    surname: str  # transliteration key of the surname
    full: bool  # given name and surname present


def strip_titles(text: str, titles: frozenset[str]) -> str:
    """Drop leading titles: "President Ilham Aliyev", "Fed Chair Jerome Powell", "Ms. Zhvania",
    "France's Royal"."""
    tokens = text.split()
    while len(tokens) > 1 and _POSSESSIVE.search(tokens[0]) and country_of(_POSSESSIVE.sub("", tokens[0])):
        tokens = tokens[1:]
    last = -1
    for i, tok in enumerate(tokens[:-1]):
        if tok.casefold().rstrip(".") in titles:
            last = i
    return " ".join(tokens[last + 1 :])


def parse_person(text: str, titles: frozenset[str]) -> PersonName | None:
    """(Uncached: the resolver memoizes it per run.) Given name and surname keys. Handles patronymics ("Aliyev Ilham Heydar oglu",
    "Ilham Heydar oglu Aliyev", "Vladimir Vladimirovich Putin") and dropped middle names."""
    tokens = [t for t in _SPACES.split(strip_titles(text, titles)) if t]
    tokens = [t for t in tokens if _LETTER.search(t)]
    # "Stephane Le Foll", "Ursula von der Leyen": particles belong to the surname
    merged: list[str] = []
    for tok in reversed(tokens):
        if merged and tok.casefold() in _PARTICLES:
            merged[0] = tok + merged[0]
        else:
            merged.insert(0, tok)
    tokens = merged
    if not tokens:
        return None
    lowered = [t.casefold() for t in tokens]
    marker = next((i for i, t in enumerate(lowered) if t in _PATRONYMIC_MARKERS), None)
    if marker is not None and len(tokens) >= 3:
        if marker == len(tokens) - 1:  # Surname Given Patronymic oglu
            given, surname = tokens[1], tokens[0]
        else:  # Given Patronymic oglu Surname
            given, surname = tokens[0], tokens[-1]
    else:
        tokens = [t for i, t in enumerate(tokens) if i in (0, len(tokens) - 1) or not _RUSSIAN_PATRONYMIC.search(t)]
        if len(tokens) == 1:
            return PersonName("", translit(tokens[0]), False)
        given, surname = tokens[0], tokens[-1]
        if len(given.rstrip(".")) == 1:  # "I. Aliyev": an initial is not a given name
            return PersonName("", translit(surname), False)
    return PersonName(translit(given.split("-")[0]), translit(surname), True)


# --------------------------------------------------------------------------- organizations


@dataclass(frozen=True, slots=True)
class OrgName:
    core: str  # the name without country qualifier, legal suffix or descriptor
    country: str | None  # country named in the qualifier ("of Russia", "Russian", "US-based")
    country_prefix: bool  # the country was a leading word ("Russian ...", "US ...")
    acronym: str | None  # "(CEC)" written inside the name
    alternates: tuple[str, ...]  # "Opinion (Rey) Monitoring Center" -> "Rey Monitoring Center"


@lru_cache(maxsize=200_000)
def parse_org(text: str, legal_suffixes: frozenset[str], media_suffixes: frozenset[str]) -> OrgName:
    country: str | None = None
    prefix = False
    raw = _LEAD_THE.sub("", " ".join(text.replace("’", "'").split()))
    m = _COUNTRY_APOS.match(raw)
    if m and country_of(m.group(1)):  # "France's OpinionWay", "US' Oracle": a descriptor
        country, raw = country_of(m.group(1)), raw[m.end() :]
    name = clean(raw)
    acronym: str | None = None
    alternates: list[str] = []
    m = _BASED.match(name)
    if m and country_of(m.group(1)):
        country, name = country_of(m.group(1)), name[m.end() :]
    m = _COUNTRY_APOS.match(name)
    if m and country_of(m.group(1)):
        country, name = country_of(m.group(1)), name[m.end() :]
    name = _strip_suffixes(name, legal_suffixes)
    m = _TRAILING_PAREN.search(name)
    if m and country_of(m.group(1)):
        country, name = country_of(m.group(1)), name[: m.start()]
    m = _OF_COUNTRY.search(name)
    if m and country_of(m.group(1)) and len(name[: m.start()].split()) >= 1:
        country, name = country_of(m.group(1)), name[: m.start()]
    for m in list(_INNER_PAREN.finditer(name)):
        inner = m.group(1).strip()
        if is_acronym(inner):
            acronym = inner
        elif country_of(inner):
            country = country or country_of(inner)
        elif _CAPITALIZED_WORD.fullmatch(inner):
            # "Opinion (Rey) Monitoring Center": the bracketed word replaces the word before it
            before = name[: m.start()].split()
            if before:
                alternates.append(" ".join([*before[:-1], inner]) + name[m.end() :])
        else:
            continue
    name = " ".join(_INNER_PAREN.sub("", name).split())
    m = _OF_COUNTRY.search(name)
    if m and country_of(m.group(1)):
        country, name = country_of(m.group(1)), name[: m.start()]
    words = name.split()
    for n in (3, 2, 1):
        if len(words) > n and country_of(" ".join(words[:n])):
            country, prefix, name = country_of(" ".join(words[:n])), True, " ".join(words[n:])
            break
    name = _strip_suffixes(name, legal_suffixes)
    stripped = _strip_suffixes(name, media_suffixes)
    if stripped and stripped != name:
        alternates.append(name)
        name = stripped
    return OrgName(name.strip(), country, prefix, acronym, tuple(alternates))


def clear_name_caches() -> None:
    """Empties the memo of every name function (they hold one entry per distinct surface seen)."""
    for cached in (clean, translit, is_acronym, org_key, split_dash, parse_org, country_of):
        cached.cache_clear()


def _strip_suffixes(name: str, suffixes: frozenset[str]) -> str:
    while True:
        words = name.rstrip(" ,").split()
        if len(words) > 1 and words[-1].casefold().rstrip(".").replace(".", "") in suffixes:
            name = " ".join(words[:-1]).rstrip(" ,")
            continue
        if len(words) > 2 and " ".join(words[-2:]).casefold() in suffixes:
            name = " ".join(words[:-2]).rstrip(" ,")
            continue
        return name
