"""Name chunks for the results stage: candidates, parties and sources as wire copy writes them.

The small English model splits and mislabels the names of result lists ("Fazil Mustafa -
two" as one PERSON, "Razi Nurullayev -\\n", "Gudrat" NORP + "Hasanguliyev" ORG), so a
name here is a run of capitalized tokens (with name particles, inner "of"/"for", hyphens and
quotes), classified with the entity labels that overlap it and organization keywords.
Only the few tokens around one figure are scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

NON_NAME_ENTS = {"DATE", "TIME", "PERCENT", "CARDINAL", "MONEY", "QUANTITY", "ORDINAL"}
PARTICLES = {"oglu", "ogly", "kyzy", "qizi", "gizi", "de", "da", "van", "von", "al", "bin", "der", "del", "la", "le", "di"}
INNER = {"of", "for", "the", "&", "/"}
QUOTES = set("\"“”‘’'«»")
# Capitalized words that open sentences or headers without naming anyone.
NOT_NAMES = {
    "the", "a", "an", "according", "in", "on", "at", "with", "after", "as", "by", "for", "of", "and", "but", "or",
    "he", "she", "it", "they", "his", "her", "their", "its", "this", "that", "these", "those", "there", "here",
    "exit", "poll", "polls", "preliminary", "results", "data", "figures", "share", "separately", "earlier",
    "meanwhile", "among", "overall", "turnout", "voting", "polling", "photo", "read", "more", "details",
    "published", "story", "highlights", "others", "other", "total", "all", "some", "another", "both", "each",
    "we", "i", "you", "our", "when", "while", "if", "once", "over", "under", "about", "nearly",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "so", "not", "only",
    "no", "none", "what", "which", "who", "whose", "second", "third", "first", "last", "fourth", "republican",
    "against", "however", "despite", "recent", "previous", "later", "official", "officials", "unofficial", "joint",
    "jointly", "new", "latest", "final", "although", "though", "still", "also", "then", "because",
    "democratic", "libertarian", "green", "leftist", "rightist", "incumbent", "former", "self-nominee",
}
ORG_WORDS = {
    "commission", "committee", "center", "centre", "council", "institute", "university", "group", "league",
    "party", "alliance", "association", "foundation", "agency", "office", "court", "tribunal", "research",
    "tv", "news", "ministry", "movement", "union", "bloc", "front", "coalition", "organization", "organisation",
    "monitoring", "institution", "company", "corporation", "journal", "post", "times", "poll", "polls", "congress",
    "assembly", "forum", "network", "channel", "radio", "democrats", "republicans", "conservatives", "labour",
    "labor", "greens", "socialists", "liberals",
}
TITLES = {
    "president", "sen.", "senator", "gov.", "governor", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr",
    "chairman", "chairwoman", "chairperson", "chair", "head", "director", "secretary", "minister", "prime",
    "pm", "mp", "speaker", "deputy", "rep.", "representative", "vice", "incumbent", "candidate", "leader",
    "spokesman", "spokeswoman", "gen.", "general", "former", "ambassador", "mayor", "judge", "sheikh", "prof.",
    "professor", "ex-pm", "premier", "chancellor", "king", "queen", "prince", "lt.", "col.", "capt.", "sir",
    "lord", "lady", "madam", "acting", "sitting", "nominee", "challenger", "self-nominee", "commissioner", "executive",
}
CORPORATE = re.compile(r"\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|S\.p\.A\.?|NGO|Co\.|Corp\.?|PLC|GmbH)$")
PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


@dataclass(frozen=True)
class Chunk:
    start: int  # token indices into the Doc
    end: int
    kind: str  # PERSON | ORG | GPE | NORP | OTHER
    text: str


def _capitalized(token: Token) -> bool:
    text = token.text.lstrip("\"“”‘’'«(")
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and token.pos_ == "PROPN"))


def is_namey(token: Token) -> bool:
    """A token that can be part of a name (capitalized, not a date or number, not a header word)."""
    if token.ent_type_ in NON_NAME_ENTS or token.like_num or token.is_space:
        return False
    if not _capitalized(token):
        return False
    lower = token.text.strip("\"“”‘’'«»").lower()
    if lower in NOT_NAMES and token.ent_iob_ != "I":
        return False
    return token.pos_ != "VERB" or token.ent_type_ in {"PERSON", "ORG"}


_NAMEY_KEY = "wf_namey"


def _namey_at(doc: Doc, i: int) -> bool:
    """``is_namey(doc[i])``, remembered per Doc (name chunks are searched again and again
    over overlapping token ranges; token attributes never change after the model)."""
    cache = doc.user_data.get(_NAMEY_KEY)
    if cache is None:
        cache = doc.user_data[_NAMEY_KEY] = {}
    found = cache.get(i)
    if found is None:
        found = cache[i] = is_namey(doc[i])
    return found


def _joins(doc: Doc, i: int, end: int) -> bool:
    """Token i links two name tokens: a particle, an inner 'of', a tight hyphen, a quote."""
    token = doc[i]
    if token.lower_ in {"of", "for"} and i + 2 < end and doc[i + 1].lower_ == "the" and _namey_at(doc, i + 2):
        return True  # "Supreme Court of the DRC"
    if i + 1 >= end or not _namey_at(doc, i + 1) and doc[i + 1].text not in QUOTES:
        return False
    if token.is_space:
        return "\n\n" not in token.text  # a name broken across a line
    if token.lower_ in PARTICLES or token.lower_ in INNER:
        return token.lower_ != "the" or (i > 0 and doc[i - 1].lower_ in {"of", "for"})
    if token.text in {"-", "–"} and not doc[i - 1].whitespace_ and not token.whitespace_:
        return True
    if token.text in QUOTES:
        return True
    return token.like_num and len(token.text) <= 2 and i > 0 and _namey_at(doc, i - 1)


def chunks_in(doc: Doc, start: int, end: int) -> list[Chunk]:
    """Name chunks wholly inside tokens [start, end)."""
    out: list[Chunk] = []
    i = start
    while i < end:
        if not _namey_at(doc, i):
            i += 1
            continue
        j = i + 1
        while j < end and (_namey_at(doc, j) or _joins(doc, j, end)):
            if doc[j].ent_iob_ == "B" and doc[j].ent_type_ == "PERSON" and any(
                    t.lower_ in ORG_WORDS for t in doc[i:j]):
                break  # "... Election Commission Mazahir Panahov": an organization, then a person
            j += 1
        while j > i + 1 and (doc[j - 1].lower_ in INNER or doc[j - 1].lower_ in PARTICLES or doc[j - 1].text in {"-", "–"}):
            j -= 1
        out.append(_make_chunk(doc, i, j))
        i = j
    return [c for c in out if c.text]


def _make_chunk(doc: Doc, start: int, end: int) -> Chunk:
    span = doc[start:end]
    words = {t.lower_.strip("\"“”‘’'") for t in span}
    labels = [t.ent_type_ for t in span if t.ent_type_]
    gpe = labels and all(lab in {"GPE", "LOC"} for lab in labels)
    acronym = any(t.text.isupper() and len(t.text) > 1 and t.ent_type_ not in {"GPE", "LOC"} for t in span)
    if words & ORG_WORDS or (acronym and not gpe):
        kind = "ORG"
    elif labels:
        # ties: the later words' label (a name's head: "Rustam Zarinov"); not a set's order, which follows the hash seed
        top = max(reversed(labels), key=labels.count)
        kind = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "NORP": "NORP", "FAC": "ORG"}.get(top, "OTHER")
        if kind == "NORP" and all(t.pos_ == "ADJ" for t in span):
            kind = "ADJ"
    else:
        kind = "OTHER"
    return Chunk(start, end, kind, span.text)


def strip_titles(text: str) -> str:
    """'Ohio Gov. John Kasich' -> 'John Kasich'; 'CEC Chairperson' -> 'CEC'; 'Chairman of the X' -> 'X'."""
    words = text.split()
    last = -1
    for k, w in enumerate(words[:-1]):
        if w.lower().strip(",") in TITLES:
            last = k
    if last >= 0:
        words = words[last + 1:]
        while words and words[0].lower() in {"of", "the", "for"}:
            words = words[1:]
    while len(words) > 1 and words[-1].lower() in TITLES:
        words = words[:-1]
    return " ".join(words)


_PARENS = re.compile(r"\([^)]*\)")
_DOUBLE_QUOTES = re.compile(r"[\"“”«»]")
_SPACES = re.compile(r"\s+")
_BROKEN_HYPHEN = re.compile(r"(\w)- (\w)")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_OWNER_PREFIX = re.compile(r"^[A-Z][\w.-]*(?:'s|’s)\s+")
_BASED_PREFIX = re.compile(r"^[A-Z]{2,}-based\s+")


@lru_cache(maxsize=8192)
def clean_name(text: str, source: bool = False) -> str:
    """Surface name as the dataset wants it: no quotes, parentheticals, leading 'the', possessive.
    (Memoized: a pure function of its arguments, asked again for every mention of a name.)"""
    text = _PARENS.sub(" ", text)
    text = _DOUBLE_QUOTES.sub("", text)
    text = _SPACES.sub(" ", text).strip(" ,;:-–—.'‘’")
    text = _BROKEN_HYPHEN.sub(r"\1-\2", text)  # "Johnson- Sirleaf"
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE_END.sub("", text).strip()
    if source:
        text = _OWNER_PREFIX.sub("", text)  # "Ecuador's Supreme Electoral Tribunal"
        text = CORPORATE.sub("", text)
        text = _BASED_PREFIX.sub("", text)
    text = strip_titles(text)
    return text.strip(" ,;:-–—.'‘’")


def drop_affiliation(name: str) -> str:
    """'Nikolay Kharitonov of the Communist Party' -> 'Nikolay Kharitonov' (a person's name before 'of')."""
    head, sep, _tail = name.partition(" of ")
    words = head.split()
    if sep and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not {w.lower() for w in words} & ORG_WORDS:
        return head
    return name


def person_part(doc: Doc, chunk: Chunk) -> str:
    """The PERSON entity inside a chunk ('Libertarian Gary Johnson' -> 'Gary Johnson'), else the chunk."""
    if chunk.kind != "PERSON":
        return drop_affiliation(chunk.text)
    tokens = [t for t in doc[chunk.start:chunk.end] if t.ent_type_ == "PERSON"]
    if not tokens or tokens[0].i >= chunk.end - 1:
        return chunk.text
    end = chunk.end
    for t in doc[tokens[0].i:chunk.end]:
        if t.lower_ in {"of", "for"}:  # "Hafiz Haciyev of Modern Musavat"
            end = t.i
            break
    return doc[tokens[0].i:end].text
