"""Cheap gate in front of the spaCy pipeline: does an article need the parser and NER at all?

Only articles with NO cue skip the model. A cue is anything a stage could start from:
election and voting vocabulary, a percentage or a count of votes or seats, a quotation
mark, a reporting verb or attribution phrase, or any word a *cue rule* in ``rules/`` is
built on (the labels in ``CUE_LABELS``).
Rules matched on lemmas count in every inflection ("say" -> says, said, saying), so a cue
verb added to the rules widens the gate by itself. The gate is a superset by design: a
false positive costs time, a false negative would lose facts.

A skipped article still gets its acronym pairs (a regex over the text); it contributes no
facts and no NER names. ``tests/test_engine.py`` checks that the full pipeline finds no
fact in any gold article the gate rejects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.rules import Rule, RuleSet

# Labels of the rules a fact starts from: a reporting verb, "according to", an election
# word, a result's election context, source kind or turnout. The many other labels only
# qualify a fact found through one of these (a country, a date, a role, "held", "data"),
# so their words alone do not open the gate. A result always has a figure, and figures
# come with a percent sign, "percent" or a count of votes or seats (static cues below).
CUE_LABELS = {
    "CLAIM_CUE", "CLAIM_ACCORDING", "ELECTION_HEAD", "ELECTION_WORD", "RES_ELECTION_STRONG",
    "RES_ELECTION_CONTEXT", "RES_SOURCE_KIND", "RES_TURNOUT",
}  # fmt: skip
# Word starts (any ending): "elect" covers election, elected, electoral, electorate.
STEMS = (
    "elect", "re-elect", "reelect", "vote", "voti", "voter", "ballot", "poll", "referend", "plebiscit",
    "runoff", "run-off", "candida", "campaign", "turnout", "turn-out", "parliament", "presiden",
    "prime minister", "chancellor", "governor", "mayor", "senat", "congress", "legislat", "lawmaker",
    "deputies", "constituen", "precinct", "caucus", "primaries", "nominee", "incumben", "inaugurat",
    "gubernatorial", "landslide", "mandate", "coalition", "opposition", "recount", "tally", "tallied", "tallies",
    "observer", "sociolog", "respondent", "survey", "percent", "per cent", "pct",
    "according to", "statement", "spokes", "press conference", "briefing", "told reporters",
)  # fmt: skip
# Reporting verbs, always cues even if the rules forget one (inflected like rule lemmas).
VERBS = ("say", "tell", "state", "note", "stress", "emphasize", "emphasise", "add", "declare", "announce", "claim")
_SHARE_CHARS = "%％"
_SHARE = f"[{_SHARE_CHARS}]"
# Straight and typographic double quotes, guillemets, low-9 and left single curly quotes;
# a straight single quote only when it opens a word ('Yes,' she said).
_QUOTES = "\"“”„«»‘‹›「」"
_COUNTS = r"\d\s*(?:votes?|ballots?|seats?|mandates?)\b"
IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "think": ["thought"],
    "find": ["found"], "feel": ["felt"], "speak": ["spoke", "spoken"], "hold": ["held"],
    "give": ["gave", "given"], "mean": ["meant"], "swear": ["swore", "sworn"], "win": ["won"],
    "lose": ["lost"], "foresee": ["foresaw", "foreseen"], "forecast": ["forecast"], "read": ["read"],
    "show": ["shown"], "take": ["took", "taken"], "run": ["ran"], "choose": ["chose", "chosen"],
}  # fmt: skip
_VOWELS = "aeiou"


def inflections(lemma: str) -> set[str]:
    """Regular and listed irregular forms of an English verb lemma (a generous superset)."""
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", *IRREGULAR.get(w, [])}
    if w.endswith("e"):
        forms.add(w[:-1] + "ing")
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # admit -> admitted
    return forms


def rule_terms(rules: RuleSet | None) -> list[str]:
    """Words and phrases the cue rules match on (phrase terms, token-pattern literals)."""
    if rules is None:
        return []
    terms: set[str] = set()
    for rule in rules.rules:
        if rule.label not in CUE_LABELS:
            continue
        terms |= _rule_literals(rule)
    return sorted(t for t in terms if any(ch.isalnum() for ch in t))


def _rule_literals(rule: Rule) -> set[str]:
    if rule.kind == "phrase":
        return set(rule.terms)
    if rule.kind == "token_pattern":
        return _pattern_literals(rule.pattern)
    return set()


def _pattern_literals(pattern: Iterable[dict]) -> set[str]:
    """The words of a pattern's first token that names words: a cue for the whole pattern.

    Tokens given by other attributes only (POS, SHAPE, LIKE_NUM) name no word; patterns
    made only of those are covered by the static vocabulary (numbers come with % or votes).
    """
    for token in pattern:
        for key in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA"):
            value = token.get(key)
            words = [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
            words = [w for w in words if isinstance(w, str)]
            if words:
                return {f for w in words for f in inflections(w)} if key == "LEMMA" else set(words)
    return set()


def _alternation(terms: Iterable[str]) -> str:
    escaped = {r"\s+".join(re.escape(w) for w in t.lower().split()) for t in terms if t.strip()}
    return "|".join(sorted(escaped, key=len, reverse=True))


_WORDS = re.compile(r"\w+")


def cue_regex(rules: RuleSet | None = None) -> re.Pattern[str]:
    """One regex for every cue (reference form; ``Prefilter`` checks words by set lookup)."""
    words = {f for v in VERBS for f in inflections(v)} | set(rule_terms(rules))
    return re.compile("|".join([_STEM_RE, rf"(?<!\w)(?:{_alternation(words)})(?!\w)", _STATIC_RE]), re.IGNORECASE)


# "electric"/"electronic" start like "elect..." but are not election words.
_STEM_RE = rf"\b(?!electr)(?:{_alternation(STEMS)})"
_OPENING_SINGLE = r"(?:^|\s)'\w"
_STATIC_RE = "|".join([_SHARE, f"[{re.escape(_QUOTES)}]", _COUNTS, _OPENING_SINGLE])


class Prefilter:
    """``needs_model(text, title)``: True when the article may hold a fact (it has a cue).

    Same decisions as ``cue_regex`` but fast: rule words are looked up in a set of the
    article's words (a regex alternation of ~1,000 terms cost 2 ms per article), and a
    multi-word term is searched for only when its first word occurs.
    """

    def __init__(self, rules: RuleSet | None = None):
        terms = {t.lower() for t in {f for v in VERBS for f in inflections(v)} | set(rule_terms(rules))}
        self._single = {t for t in terms if _WORDS.fullmatch(t)}
        phrases: dict[str, list[str]] = {}
        for term in sorted(terms - self._single):
            first = _WORDS.findall(term)
            if first:
                phrases.setdefault(first[0], []).append(term)
        self._phrases = {w: re.compile(rf"(?<!\w)(?:{_alternation(ts)})(?!\w)", re.IGNORECASE) for w, ts in phrases.items()}
        self._fixed = re.compile(f"{_STEM_RE}|{_STATIC_RE}", re.IGNORECASE)
        # The same test split up for ASCII text (no case folding beyond A-Z there): the
        # static cues searched alone, the stems checked on the words (a stem starts a word).
        self._ascii_marks = tuple(ch for ch in _SHARE_CHARS + _QUOTES if ch.isascii())
        self._counts = re.compile(_COUNTS, re.IGNORECASE)
        self._opening_single = re.compile(_OPENING_SINGLE)
        self._stem_words = tuple(s for s in STEMS if _WORDS.fullmatch(s))
        stem_phrases: dict[str, list[str]] = {}
        for stem in STEMS:
            if not _WORDS.fullmatch(stem):
                stem_phrases.setdefault(_WORDS.match(stem).group(), []).append(stem)
        self._stem_phrases = {w: re.compile(rf"\b(?:{_alternation(ss)})", re.IGNORECASE) for w, ss in stem_phrases.items()}

    def needs_model(self, text: str, title: str | None = None) -> bool:
        return self._has_cue(text) or bool(title and self._has_cue(title))

    def _has_cue(self, text: str) -> bool:
        if not text.isascii():
            if self._fixed.search(text):
                return True
            words = set(_WORDS.findall(text.lower()))
        else:
            if any(ch in text for ch in self._ascii_marks) or self._counts.search(text):
                return True
            if "'" in text and self._opening_single.search(text):
                return True
            words = set(_WORDS.findall(text.lower()))
            if any(w.startswith(self._stem_words) and not w.startswith("electr") for w in words):
                return True
            if any(self._stem_phrases[w].search(text) for w in words.intersection(self._stem_phrases)):
                return True
        if not words.isdisjoint(self._single):
            return True
        return any(self._phrases[w].search(text) for w in words.intersection(self._phrases))

