"""`wirefacts eval`: score a run against a gold corpus, exactly as ``shared/spec/gold.md`` says.

A gold corpus is a folder of articles (``NAME.txt`` or one-line ``NAME.jsonl``) each with a
``NAME.gold.json``, plus ``aliases.json`` and ``duplicates.json``. A run is a folder written by
``wirefacts run`` (``articles.jsonl``, ``dataset.jsonl``, ``entities.jsonl``).

Everything here is a pure function of those two folders except :func:`run_gold_corpus`, which
calls the pipeline (imported lazily, so importing this module never loads spaCy).

Public API:

* :func:`score` -> :class:`Scores` (nested dict; also readable with dotted keys:
  ``scores["result.f1"]``); :func:`flatten` gives ``{"result.f1": ..., ...}``.
* :func:`evaluate` -> :class:`Evaluation` (scores plus every error, for ``--errors``).
* :func:`add_arguments` / :func:`main`: the CLI sub-command.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TYPES = ("result", "claim", "event")
GOLD_LIST = {"result": "results", "claim": "claims", "event": "events"}
ARTICLE_SUFFIXES = (".txt", ".jsonl")
VALUE_TOLERANCE = 0.005
CLAIM_TEXT_F1 = 0.5
MISSING = object()  # a gold key that is absent: not scored

ATTRIBUTES = {
    "result": ("coverage", "source_kind", "status"),
    "claim": ("quote", "cue"),
    "event": ("date", "office", "qualifier", "candidates_declared"),
    "article": ("published", "publisher", "agency", "dateline_place"),
}

PRONOUNS = frozenset(
    {
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "hers",
        "it", "its", "they", "them", "their", "theirs", "who", "whom", "whose", "which", "that",
        "this", "these", "those", "one", "someone", "somebody",
    }
)


# --------------------------------------------------------------------------- normalization


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plain_text(text: str) -> str:
    """Casefolded, accent-free, punctuation turned into spaces, whitespace collapsed."""
    text = _strip_accents(text).replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def norm_name(name: Any) -> str | None:
    """gold.md name normalization: casefold, drop a leading "the", a trailing possessive,
    punctuation; collapse spaces. ``None`` stays ``None``."""
    if name is None:
        return None
    text = _strip_accents(str(name)).replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = " ".join(text.split()).strip(" \"'")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"(?:'s|(?<=s)')$", "", text)
    text = _plain_text(text)
    return re.sub(r"^the\s+", "", text)


def _tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def token_f1(a: str | None, b: str | None) -> float:
    """Token-set F1 of two texts (lower-cased word tokens)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def _as_list(gold_value: Any) -> list[Any]:
    return list(gold_value) if isinstance(gold_value, list) else [gold_value]


# --------------------------------------------------------------------------- aliases


class Aliases:
    """Alias groups and distinct pairs of one corpus. A name may sit in several groups
    ("CEC" names a commission in each country): two names are the same entity when they
    normalize equal or share any group."""

    def __init__(self, groups: Iterable[Iterable[str]] = (), distinct: Iterable[Iterable[str]] = ()):
        self.groups = [list(g) for g in groups]
        self.distinct = [list(p) for p in distinct]
        self._groups_of: dict[str, set[int]] = defaultdict(set)
        for index, group in enumerate(self.groups):
            for name in group:
                self._groups_of[norm_name(name)].add(index)

    @classmethod
    def load(cls, path: Path) -> Aliases:
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data.get("groups", []), data.get("distinct", []))

    def same(self, a: Any, b: Any) -> bool:
        """Names equal after normalization and alias mapping (None only equals None)."""
        if a is None or b is None:
            return a is None and b is None
        na, nb = norm_name(a), norm_name(b)
        if na == nb:
            return True
        return bool(self._groups_of.get(na, set()) & self._groups_of.get(nb, set()))


def accepts(gold: Any, system: Any, equal: Callable[[Any, Any], bool]) -> bool:
    """A list-valued gold field accepts any listed value; a missing gold key accepts anything."""
    if gold is MISSING:
        return True
    return any(equal(g, system) for g in _as_list(gold))


def compatible(gold: Any, system: Any, equal: Callable[[Any, Any], bool]) -> bool:
    """Equal, or unknown (null) on one side."""
    if gold is MISSING or system is None:
        return True
    values = _as_list(gold)
    return any(v is None for v in values) or any(equal(v, system) for v in values)


def same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < VALUE_TOLERANCE
    except (TypeError, ValueError):
        return False


def same_text(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return norm_name(a) == norm_name(b)


# --------------------------------------------------------------------------- record matching


def result_matches(gold: dict, system: dict, aliases: Aliases) -> bool:
    """Same candidate, same source (any acceptable name), same metric, |value - gold| < 0.005."""
    return (
        accepts(gold.get("candidate", MISSING), system.get("candidate"), aliases.same)
        and accepts(gold.get("source", MISSING), system.get("source"), aliases.same)
        and accepts(gold.get("metric", MISSING), system.get("metric"), same_text)
        and accepts(gold.get("value", MISSING), system.get("value"), same_number)
    )


def is_pronoun(name: Any) -> bool:
    return isinstance(name, str) and norm_name(name) in PRONOUNS


def same_speaker(gold_name: Any, system_name: Any, aliases: Aliases) -> bool:
    """Aliases, or the words of one are all inside the other."""
    if gold_name is None or system_name is None:
        return False
    if aliases.same(gold_name, system_name):
        return True
    words_gold, words_system = set(norm_name(gold_name).split()), set(norm_name(system_name).split())
    if not words_gold or not words_system:
        return False
    return words_gold <= words_system or words_system <= words_gold


def speaker_matches(gold: dict, system: dict, aliases: Aliases) -> bool:
    speakers = _as_list(gold.get("speaker"))
    if any(is_pronoun(s) for s in speakers):
        return True
    if any(same_speaker(s, system.get("speaker"), aliases) for s in speakers):
        return True
    orgs = [o for o in _as_list(gold.get("speaker_org")) if o is not None]
    system_names = [system.get("speaker"), system.get("speaker_org")]
    return any(same_speaker(o, n, aliases) for o in orgs for n in system_names)


def claim_matches(gold: dict, system: dict, aliases: Aliases) -> bool:
    """Same speaker (or gold speaker_org matches) and token-set F1 of text >= 0.5."""
    if token_f1(gold.get("text"), system.get("text")) < CLAIM_TEXT_F1:
        return False
    return speaker_matches(gold, system, aliases)


def event_matches(gold: dict, system: dict, aliases: Aliases) -> bool:
    """Same kind and country; date and office compatible (equal, or unknown on one side)."""
    return (
        accepts(gold.get("kind", MISSING), system.get("kind"), same_text)
        and accepts(gold.get("country", MISSING), system.get("country"), aliases.same)
        and compatible(gold.get("date", MISSING), system.get("date"), same_text)
        and compatible(gold.get("office", MISSING), system.get("office"), same_text)
    )


MATCHERS = {"result": result_matches, "claim": claim_matches, "event": event_matches}


def _attribute_agreement(kind: str, gold: dict, system: dict, aliases: Aliases) -> int:
    names = [a for a in ATTRIBUTES[kind] if a != "status"]
    return sum(attribute_correct(kind, a, gold.get(a, MISSING), system, aliases) for a in names)


def pair_weight(kind: str, gold: dict, system: dict, aliases: Aliases) -> float:
    """How good a matching pair is (to pick the best partner when several match)."""
    bonus = _attribute_agreement(kind, gold, system, aliases) / 100
    if kind == "result":
        try:
            return 1 - abs(float(gold["value"]) - float(system["value"])) + bonus
        except (KeyError, TypeError, ValueError):
            return bonus
    if kind == "claim":
        return token_f1(gold.get("text"), system.get("text")) + bonus
    return bonus


def _record_key(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


def match_records(
    kind: str, gold: list[dict], system: list[dict], aliases: Aliases
) -> list[tuple[int, int]]:
    """One-to-one matching: greedy best-first, then augmenting paths so that the number of
    matched pairs is maximal. Ties break on the records' content, so the result does not
    depend on the order of the system records."""
    matcher = MATCHERS[kind]
    edges: dict[int, list[tuple[float, str, int]]] = defaultdict(list)
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if matcher(g, s, aliases):
                edges[gi].append((pair_weight(kind, g, s, aliases), _record_key(s), si))
    for options in edges.values():
        options.sort(key=lambda e: (-e[0], e[1]))
    ranked = sorted(
        ((w, gi, key, si) for gi, options in edges.items() for w, key, si in options),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    gold_to_sys: dict[int, int] = {}
    sys_to_gold: dict[int, int] = {}
    for _w, gi, _key, si in ranked:
        if gi not in gold_to_sys and si not in sys_to_gold:
            gold_to_sys[gi], sys_to_gold[si] = si, gi

    def augment(gi: int, seen: set[int]) -> bool:
        for _w, _key, si in edges[gi]:
            if si in seen:
                continue
            seen.add(si)
            if si not in sys_to_gold or augment(sys_to_gold[si], seen):
                gold_to_sys[gi], sys_to_gold[si] = si, gi
                return True
        return False

    for gi in sorted(edges):
        if gi not in gold_to_sys:
            augment(gi, set())
    return sorted(gold_to_sys.items())


# --------------------------------------------------------------------------- attributes


def _place_prefix(gold: Any, system: Any) -> bool:
    if gold is None or system is None:
        return gold is None and system is None
    g, s = norm_name(gold), norm_name(system)
    return s == g or s.startswith(g + " ")


def attribute_correct(kind: str, name: str, gold: Any, system: dict, aliases: Aliases) -> bool:
    """Is the system record's attribute ``name`` right? (gold may be a list of accepted values)"""
    value = system.get(name)
    if name == "coverage":
        return accepts(gold, value, same_number)
    if name == "dateline_place":
        return accepts(gold, value, _place_prefix)
    if name in ("publisher", "agency"):
        return accepts(gold, value, aliases.same)
    if name == "candidates_declared":
        return accepts(gold, value, lambda g, s: g == s if g is None or s is None else same_number(g, s))
    return accepts(gold, value, same_text)


@dataclass(eq=False)
class _Snapshot:
    """One gold result with the context the supersession rule needs."""

    name: str
    index: int
    result: dict
    country: Any
    year: str | None
    published: str

    @property
    def coverage(self) -> float | None:
        value = self.result.get("coverage")
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _snapshots(gold: dict[str, dict]) -> list[_Snapshot]:
    snapshots = []
    for name in sorted(gold):
        doc = gold[name]
        published = (doc.get("article") or {}).get("published") or ""
        events = doc.get("events") or []
        country = events[0].get("country") if events else None
        event_dates = [d for d in _as_list(events[0].get("date")) if d] if events else []
        year = (event_dates[0] if event_dates else published)[:4] or None
        for index, result in enumerate(doc.get("results") or []):
            snapshots.append(_Snapshot(name, index, result, country, year, published))
    return snapshots


def _lists_share(a: Any, b: Any, equal: Callable[[Any, Any], bool]) -> bool:
    return any(equal(x, y) for x in _as_list(a) for y in _as_list(b))


def _preferred(value: Any) -> Any:
    """The first listed value of a list-valued gold field (the preferred name)."""
    return value[0] if isinstance(value, list) and value else value


def _same_series(a: _Snapshot, b: _Snapshot, aliases: Aliases) -> bool:
    """Same election (country, year), source, candidate and metric. Sources and candidates
    compare by their preferred (first listed) name, so that an alternative like ``null`` in
    ``["CEC", null]`` does not glue unrelated series together."""
    ra, rb = a.result, b.result
    return (
        a.year == b.year
        and _lists_share(a.country, b.country, aliases.same)
        and same_text(_preferred(ra.get("metric")), _preferred(rb.get("metric")))
        and aliases.same(_preferred(ra.get("candidate")), _preferred(rb.get("candidate")))
        and aliases.same(_preferred(ra.get("source")), _preferred(rb.get("source")))
    )


def gold_result_statuses(gold: dict[str, dict], aliases: Aliases) -> dict[tuple[str, int], str]:
    """Gold status of every gold result, keyed (article NAME, index in its results list).

    A series is one election (country and year of the article's first gold event; the
    article's publication year when the event has no date), source, candidate and metric,
    across the whole corpus. Within it, records.md's supersession rule decides.
    """
    snapshots = _snapshots(gold)
    parent = list(range(len(snapshots)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(snapshots)):
        for j in range(i + 1, len(snapshots)):
            if find(i) != find(j) and _same_series(snapshots[i], snapshots[j], aliases):
                parent[find(j)] = find(i)
    series: dict[int, list[_Snapshot]] = defaultdict(list)
    for i, snapshot in enumerate(snapshots):
        series[find(i)].append(snapshot)
    statuses = {}
    for members in series.values():
        current = _current_snapshots(members)
        for s in members:
            statuses[(s.name, s.index)] = "current" if s in current else "superseded"
    return statuses


def _current_snapshots(members: list[_Snapshot]) -> list[_Snapshot]:
    """records.md: (1) a stated coverage below the highest stated one is superseded; (2) among
    the rest the newest article's figure is current, and on the same date a stated coverage
    beats an unstated one; (3) an older article repeating the current figure (same value and
    coverage) is the same record, so current too."""
    stated = [s.coverage for s in members if s.coverage is not None]
    top = max(stated) if stated else None
    alive = [s for s in members if s.coverage is None or top is None or s.coverage >= top - VALUE_TOLERANCE]
    newest = max(s.published for s in alive)
    best = [s for s in alive if s.published == newest]
    if any(s.coverage is not None for s in best):
        best = [s for s in best if s.coverage is not None]
    return [
        s
        for s in alive
        if any(same_number(s.result.get("value"), b.result.get("value")) and same_number(s.coverage, b.coverage) for b in best)
    ]


# --------------------------------------------------------------------------- loading


def article_name(path: str) -> str:
    """Gold NAME of a run's article path: basename without ``#L..`` and extension."""
    base = re.sub(r"#L\d+$", "", str(path)).replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def gold_articles(gold_dir: Path) -> dict[str, Path]:
    """NAME -> article file, for every NAME.txt / NAME.jsonl that has a NAME.gold.json."""
    found = {}
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        name = gold_file.name[: -len(".gold.json")]
        for suffix in ARTICLE_SUFFIXES:
            candidate = gold_dir / f"{name}{suffix}"
            if candidate.is_file():
                found[name] = candidate
                break
    return found


def article_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".jsonl":
        return raw
    line = next((ln for ln in raw.splitlines() if ln.strip()), "{}")
    try:
        doc = json.loads(line)
    except json.JSONDecodeError:
        return raw
    return "\n\n".join(str(doc[k]) for k in ("title", "text") if doc.get(k))


def read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


@dataclass
class Corpus:
    """A gold corpus loaded into memory."""

    directory: Path
    files: dict[str, Path]
    gold: dict[str, dict]
    texts: dict[str, str]
    aliases: Aliases
    duplicate_pairs: set[frozenset[str]]

    @classmethod
    def load(cls, directory: Path) -> Corpus:
        directory = Path(directory)
        files = gold_articles(directory)
        gold = {n: json.loads((directory / f"{n}.gold.json").read_text(encoding="utf-8")) for n in files}
        texts = {n: article_text(p) for n, p in files.items()}
        pairs = set()
        dup_file = directory / "duplicates.json"
        if dup_file.is_file():
            for a, b in json.loads(dup_file.read_text(encoding="utf-8")).get("pairs", []):
                if article_name(a) != article_name(b):
                    pairs.add(frozenset((article_name(a), article_name(b))))
        return cls(directory, files, gold, texts, Aliases.load(directory / "aliases.json"), pairs)


@dataclass
class Run:
    """A run's output folder loaded into memory."""

    articles: list[dict]
    records: list[dict]
    entities: list[dict]

    @classmethod
    def load(cls, directory: Path) -> Run:
        directory = Path(directory)
        return cls(
            read_jsonl(directory / "articles.jsonl"),
            read_jsonl(directory / "dataset.jsonl"),
            read_jsonl(directory / "entities.jsonl"),
        )

    def articles_by_name(self) -> dict[str, dict]:
        by_name: dict[str, dict] = {}
        for article in self.articles:
            name = article_name(article.get("path", ""))
            if name not in by_name or by_name[name].get("status") != "ok":
                by_name[name] = article
        return by_name

    def records_by_article(self) -> dict[str, dict[str, list[dict]]]:
        by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for record in self.records:
            for article_id in record.get("articles") or []:
                by_article[article_id][record.get("type")].append(record)
        return by_article


# --------------------------------------------------------------------------- scores


class Scores(dict):
    """Nested score dict that also answers dotted keys: ``scores["attr.result.coverage"]``."""

    def __getitem__(self, key: str) -> Any:
        if dict.__contains__(self, key) or "." not in key:
            return dict.__getitem__(self, key)
        node: Any = self
        for part in key.split("."):
            node = dict.__getitem__(node, part) if isinstance(node, dict) else node[part]
        return node

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except (KeyError, TypeError):
            return default


def flatten(scores: dict, prefix: str = "") -> dict[str, Any]:
    """``{"result": {"f1": 1.0}}`` -> ``{"result.f1": 1.0}``."""
    flat: dict[str, Any] = {}
    for key, value in scores.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def prf(tp: int, gold: int, system: int) -> dict[str, float]:
    """Micro P/R/F1. An empty denominator scores 1.0 (nothing predicted: no false positive;
    nothing to find: nothing missed); F1 then shows the failure."""
    precision = tp / system if system else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _ratio(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


@dataclass
class Problem:
    """One line of ``--errors``: a false positive, false negative, or wrong attribute."""

    kind: str  # "FP", "FN" or "ATTR" (a matched pair with a wrong attribute)
    section: str  # record type, "article", "entities", "dedup"
    article: str
    what: str
    sentence: str = ""
    rules: list[str] = field(default_factory=list)
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", [])}


@dataclass
class Evaluation:
    scores: Scores
    problems: list[Problem]


_DESCRIBE = {
    "result": ("candidate", "value", "metric", "source", "source_kind", "coverage", "status"),
    "claim": ("speaker", "speaker_org", "cue", "quote", "text"),
    "event": ("kind", "office", "qualifier", "country", "date", "candidates_declared"),
}


def describe(kind: str, record: dict) -> str:
    parts = []
    for key in _DESCRIBE[kind]:
        if key not in record:
            continue
        value = record[key]
        if key == "text" and isinstance(value, str) and len(value) > 100:
            value = value[:97] + "..."
        parts.append(f"{key}={_show(value)}")
    return " ".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    return repr(value) if isinstance(value, str) else str(value)


def _field_equal(key: str, aliases: Aliases) -> Callable[[Any, Any], bool]:
    if key in ("candidate", "source", "speaker", "speaker_org", "country"):
        return aliases.same
    if key in ("value", "coverage"):
        return same_number
    if key == "text":
        return lambda g, s: token_f1(g, s) >= CLAIM_TEXT_F1
    return same_text


def differences(kind: str, gold: dict, system: dict, aliases: Aliases) -> str:
    """The fields where a system record disagrees with a gold record: "value=92.35 (gold 92.05)"."""
    diffs = []
    for key in _DESCRIBE[kind]:
        if key not in gold or key == "status":
            continue
        if not accepts(gold[key], system.get(key), _field_equal(key, aliases)):
            shown = " | ".join(_show(v) for v in _as_list(gold[key]))
            diffs.append(f"{key}={_show(system.get(key))} (gold {shown})")
    return ", ".join(diffs) or "all fields agree"


def _mentions_in(record: dict, article_id: str | None) -> list[dict]:
    mentions = record.get("mentions") or []
    own = [m for m in mentions if m.get("article_id") == article_id]
    return own or mentions


def _sentences(text: str) -> list[str]:
    """Rough sentences (wrapped lines are joined; blank lines and sentence ends split)."""
    pieces = re.split(r"(?<=[.!?\u201d\"])\s+(?=[\"\u201c(A-Z0-9])|\n\s*\n", text)
    return [" ".join(p.split()) for p in pieces if p.strip()]


def find_sentence(text: str, probe: str) -> str:
    """The sentence of ``text`` sharing most word tokens with ``probe`` (for gold records)."""
    wanted = _tokens(probe)
    best, best_overlap = "", 0
    for sentence in _sentences(text):
        overlap = len(wanted & _tokens(sentence))
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best


def _probe(kind: str, gold: dict) -> str:
    keys = {"result": ("candidate", "value", "source"), "claim": ("text",), "event": ("country", "office")}[kind]
    return " ".join(str(v) for k in keys for v in _as_list(gold.get(k)) if v is not None)


def nearest(kind: str, gold: dict, candidates: list[dict], aliases: Aliases) -> dict | None:
    """The unmatched system record closest to a missed gold record (a debugging hint)."""
    checks: dict[str, Callable[[dict], bool]] = {
        "result": lambda s: (
            accepts(gold.get("candidate", MISSING), s.get("candidate"), aliases.same)
            + accepts(gold.get("value", MISSING), s.get("value"), same_number)
            + accepts(gold.get("source", MISSING), s.get("source"), aliases.same)
            + accepts(gold.get("metric", MISSING), s.get("metric"), same_text)
        )
        >= 2,
        "claim": lambda s: token_f1(gold.get("text"), s.get("text")) >= 0.3 or speaker_matches(gold, s, aliases),
        "event": lambda s: accepts(gold.get("kind", MISSING), s.get("kind"), same_text),
    }
    close = [s for s in candidates if checks[kind](s)]
    if not close:
        return None
    return max(close, key=lambda s: (pair_weight(kind, gold, s, aliases), _record_key(s)))


class _Scorer:
    def __init__(self, corpus: Corpus, run: Run):
        self.corpus, self.run = corpus, run
        self.aliases = corpus.aliases
        self.problems: list[Problem] = []
        self.articles = run.articles_by_name()
        self.records = run.records_by_article()
        self.statuses = gold_result_statuses(corpus.gold, corpus.aliases)
        self.counts = {t: {"tp": 0, "fp": 0, "fn": 0, "gold": 0, "system": 0, "articles": 0} for t in TYPES}
        self.attrs: dict[str, dict[str, list[int]]] = {
            kind: {a: [0, 0] for a in names} for kind, names in ATTRIBUTES.items()
        }
        self.redundant: set[tuple[str, str]] = set()

    # ---- records
    def score_records(self) -> None:
        for name in sorted(self.corpus.gold):
            gold = self.corpus.gold[name]
            article = self.articles.get(name)
            article_id = article.get("id") if article else None
            by_type = self.records.get(article_id, {}) if article_id else {}
            for kind in TYPES:
                gold_records = gold.get(GOLD_LIST[kind])
                if not isinstance(gold_records, list):
                    continue
                self._score_type(name, article_id, kind, gold_records, list(by_type.get(kind, [])))

    def _score_type(self, name: str, article_id: str | None, kind: str, gold: list[dict], system: list[dict]) -> None:
        counts = self.counts[kind]
        counts["articles"] += 1
        counts["gold"] += len(gold)
        counts["system"] += len(system)
        pairs = match_records(kind, gold, system, self.aliases)
        counts["tp"] += len(pairs)
        matched_gold = {gi for gi, _ in pairs}
        matched_sys = {si for _, si in pairs}
        for gi, si in pairs:
            self._score_attributes(name, article_id, kind, gi, gold[gi], system[si])
        unmatched = [s for si, s in enumerate(system) if si not in matched_sys]
        text = self.corpus.texts.get(name, "")
        for gi, g in enumerate(gold):
            if gi in matched_gold:
                continue
            counts["fn"] += 1
            near = nearest(kind, g, unmatched, self.aliases)
            hint = f"nearest system record: {differences(kind, g, near, self.aliases)} {_rules(near, article_id)}" if near else ""
            self.problems.append(Problem("FN", kind, name, describe(kind, g), find_sentence(text, _probe(kind, g)), [], hint))
        matcher = MATCHERS[kind]
        for s in unmatched:
            counts["fp"] += 1
            mentions = _mentions_in(s, article_id)
            problem = Problem(
                "FP", kind, name, describe(kind, s),
                mentions[0].get("sentence", "") if mentions else "",
                sorted({m.get("rule", "?") for m in mentions}),
            )
            if any(matcher(gold[gi], s, self.aliases) for gi in matched_gold):
                self.redundant.add((kind, s.get("id") or _record_key(s)))
                problem.hint = "redundant: states a gold fact another record already matched"
            self.problems.append(problem)

    def _score_attributes(self, name: str, article_id: str | None, kind: str, gi: int, gold: dict, system: dict) -> None:
        for attribute in ATTRIBUTES[kind]:
            if attribute == "status":
                expected: Any = self.statuses.get((name, gi), MISSING)
            else:
                expected = gold.get(attribute, MISSING)
            if expected is MISSING:
                continue
            tally = self.attrs[kind][attribute]
            tally[1] += 1
            if attribute_correct(kind, attribute, expected, system, self.aliases):
                tally[0] += 1
            else:
                mentions = _mentions_in(system, article_id)
                self.problems.append(Problem(
                    "ATTR", kind, name,
                    f"{attribute}: gold={expected!r} system={system.get(attribute)!r} in {describe(kind, system)}",
                    mentions[0].get("sentence", "") if mentions else "",
                    sorted({m.get("rule", "?") for m in mentions}),
                ))

    # ---- article metadata
    def score_article_fields(self) -> None:
        for name in sorted(self.corpus.gold):
            gold = self.corpus.gold[name].get("article")
            if not isinstance(gold, dict):
                continue
            system = dict(self.articles.get(name) or {})
            dateline = system.get("dateline")
            system["dateline_place"] = dateline.get("place") if isinstance(dateline, dict) else None
            for attribute in ATTRIBUTES["article"]:
                if attribute not in gold:
                    continue
                tally = self.attrs["article"][attribute]
                tally[1] += 1
                if attribute_correct("article", attribute, gold[attribute], system, self.aliases):
                    tally[0] += 1
                else:
                    self.problems.append(Problem(
                        "ATTR", "article", name,
                        f"{attribute}: gold={gold[attribute]!r} system={system.get(attribute)!r}",
                    ))

    # ---- entities
    def score_entities(self) -> dict[str, Any]:
        used = self._gold_names()
        corpus_text = " " + " ".join(_plain_text(t) for t in self.corpus.texts.values()) + " "
        pairs: dict[frozenset[str], tuple[str, str]] = {}
        for group in self.aliases.groups:
            if not any(norm_name(n) in used for n in group):
                continue
            present = {}
            for n in group:
                key = norm_name(n)
                if key and key not in present and f" {_plain_text(n)} " in corpus_text:
                    present[key] = n
            keys = sorted(present)
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    pairs.setdefault(frozenset((a, b)), (present[a], present[b]))
        variant_sets = [self._variants(e) for e in self.run.entities]
        found = 0
        for pair, (a, b) in sorted(pairs.items(), key=lambda kv: kv[1]):
            if any(pair <= v for v in variant_sets):
                found += 1
            else:
                self.problems.append(Problem("FN", "entities", "-", f"variant pair not in one entity: {a!r} / {b!r}"))
        merged, seen = 0, set()
        for a, b in self.aliases.distinct:
            pair = frozenset((norm_name(a), norm_name(b)))
            if len(pair) < 2 or pair in seen:
                continue
            seen.add(pair)
            hits = [e for e, v in zip(self.run.entities, variant_sets, strict=True) if pair <= v]
            if hits:
                merged += 1
                self.problems.append(Problem(
                    "FP", "entities", "-",
                    f"distinct names merged: {a!r} / {b!r} in entity {hits[0].get('name')!r} ({hits[0].get('id')})",
                ))
        return {
            "pairs_found": found,
            "pairs_missed": len(pairs) - found,
            "pairs_total": len(pairs),
            "pairs_found_ratio": round(found / len(pairs), 4) if pairs else 1.0,
            "distinct_merged": merged,
            "distinct_total": len(seen),
        }

    @staticmethod
    def _variants(entity: dict) -> set[str]:
        names = list(entity.get("variants") or []) + [entity.get("name")]
        return {norm_name(n) for n in names if n}

    def _gold_names(self) -> set[str]:
        fields_by_list = {"results": ("candidate", "source"), "claims": ("speaker", "speaker_org"), "events": ("country",)}
        names = set()
        for doc in self.corpus.gold.values():
            for list_name, keys in fields_by_list.items():
                for record in doc.get(list_name) or []:
                    for key in keys:
                        names.update(norm_name(v) for v in _as_list(record.get(key)) if v)
        return names

    # ---- dedup
    def score_near_duplicates(self) -> dict[str, Any]:
        clusters: dict[str, str] = {}
        for name in self.corpus.gold:
            article = self.articles.get(name)
            if article and article.get("id"):
                clusters[name] = article.get("duplicate_of") or article["id"]
        names = sorted(clusters)
        predicted = {
            frozenset((a, b)) for i, a in enumerate(names) for b in names[i + 1:] if clusters[a] == clusters[b]
        }
        gold = {p for p in self.corpus.duplicate_pairs if p <= set(self.corpus.gold)}
        tp = len(predicted & gold)
        for pair in sorted(gold - predicted, key=sorted):
            self.problems.append(Problem("FN", "dedup", " / ".join(sorted(pair)), "near-duplicate pair not clustered"))
        for pair in sorted(predicted - gold, key=sorted):
            self.problems.append(Problem("FP", "dedup", " / ".join(sorted(pair)), "clustered but not near-duplicates"))
        pair_scores = prf(tp, len(gold), len(predicted))
        return {
            "near_dup_precision": pair_scores["precision"],
            "near_dup_recall": pair_scores["recall"],
            "near_dup_f1": pair_scores["f1"],
            "near_dup_tp": tp,
            "near_dup_predicted": len(predicted),
            "near_dup_gold": len(gold),
        }

    # ---- all
    def evaluate(self) -> Evaluation:
        self.score_records()
        self.score_article_fields()
        entities = self.score_entities()
        near_dup = self.score_near_duplicates()
        scores = Scores(
            corpus=self.corpus.directory.name,
            articles={
                "gold": len(self.corpus.gold),
                "in_run": sum(1 for n in self.corpus.gold if n in self.articles),
                "errors": sum(1 for n in self.corpus.gold if (self.articles.get(n) or {}).get("status") == "error"),
            },
        )
        for kind in TYPES:
            c = self.counts[kind]
            metrics: dict[str, Any] = (
                prf(c["tp"], c["gold"], c["system"]) if c["articles"] else {"precision": None, "recall": None, "f1": None}
            )
            scores[kind] = {**metrics, **{k: c[k] for k in ("tp", "fp", "fn", "gold", "system")}, "articles": c["articles"]}
        scores["attr"] = {k: {a: _ratio(*t) for a, t in v.items()} for k, v in self.attrs.items()}
        scores["attr_n"] = {k: {a: t[1] for a, t in v.items()} for k, v in self.attrs.items()}
        scores["entities"] = entities
        scores["dedup"] = {"redundant": len(self.redundant), **near_dup}
        return Evaluation(scores, self.problems)


def _rules(record: dict, article_id: str | None) -> str:
    rules = sorted({m.get("rule", "?") for m in _mentions_in(record, article_id)})
    return f"[rule: {', '.join(rules)}]" if rules else ""


def evaluate(gold_dir: Path, out_dir: Path) -> Evaluation:
    """Score the run in ``out_dir`` against the gold corpus in ``gold_dir``."""
    return _Scorer(Corpus.load(Path(gold_dir)), Run.load(Path(out_dir))).evaluate()


def score(gold_dir: Path, out_dir: Path) -> Scores:
    """Nested score dict (dotted keys work too: ``score(g, o)["result.f1"]``)."""
    return evaluate(gold_dir, out_dir).scores


# --------------------------------------------------------------------------- running


def run_gold_corpus(gold_dir: Path, out_dir: Path, model: str | None = None) -> Path:
    """Run the pipeline on the gold corpus's articles (never its gold files) into ``out_dir``."""
    from pipeline.engine import run_pipeline  # lazy: loads spaCy

    inputs = [str(p) for p in gold_articles(Path(gold_dir)).values()]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_pipeline(inputs=inputs, out_dir=out_dir, model=model, quiet=True)
    return out_dir


# --------------------------------------------------------------------------- report


def _fmt(value: Any) -> str:
    if value is None:
        return "  -  "
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_table(scores: dict) -> str:
    lines = [
        f"wirefacts eval: {scores['corpus']}  ({scores['articles']['gold']} gold articles, "
        f"{scores['articles']['in_run']} in run, {scores['articles']['errors']} failed)",
        "",
        f"{'type':<8}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'gold':>6}{'sys':>6}{'arts':>6}",
    ]
    for kind in TYPES:
        s = scores[kind]
        lines.append(
            f"{kind:<8}{_fmt(s['precision']):>7}{_fmt(s['recall']):>7}{_fmt(s['f1']):>7}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}{s['gold']:>6}{s['system']:>6}{s['articles']:>6}"
        )
    lines += ["", "attribute accuracy (matched pairs; n in brackets)"]
    for kind, names in ATTRIBUTES.items():
        cells = [f"{a} {_fmt(scores['attr'][kind][a]).strip()} ({scores['attr_n'][kind][a]})" for a in names]
        lines.append(f"  {kind:<8}" + "   ".join(cells))
    e, d = scores["entities"], scores["dedup"]
    lines += [
        "",
        f"entities  variant pairs found {e['pairs_found']}/{e['pairs_total']} ({_fmt(e['pairs_found_ratio'])}), "
        f"distinct pairs merged {e['distinct_merged']}/{e['distinct_total']}",
        f"dedup     redundant records {d['redundant']}, near-duplicates P {_fmt(d['near_dup_precision'])} "
        f"R {_fmt(d['near_dup_recall'])} (tp {d['near_dup_tp']}, predicted {d['near_dup_predicted']}, "
        f"gold {d['near_dup_gold']})",
    ]
    return "\n".join(lines)


_PROBLEM_ORDER = {"FN": 0, "FP": 1, "ATTR": 2}


def format_problems(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda p: (p.section not in TYPES, p.section, p.article, _PROBLEM_ORDER.get(p.kind, 9)))
    lines = []
    for p in ordered:
        rules = f"  [rule: {', '.join(p.rules)}]" if p.rules else ""
        lines.append(f"{p.kind:<9} {p.section:<8} {p.article}: {p.what}{rules}")
        if p.sentence:
            lines.append(f"          | {p.sentence}")
        if p.hint:
            lines.append(f"          > {p.hint}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold_dir", metavar="GOLD_DIR", help="gold corpus folder (NAME.txt|NAME.jsonl + NAME.gold.json)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="score this run folder; if it has no dataset.jsonl, run the pipeline into it")
    parser.add_argument("--errors", action="store_true", help="print every false positive / negative and wrong attribute")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--model", metavar="NAME", default=None, help="spaCy model for the run")


def main(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold_dir)
    if not gold_dir.is_dir() or not gold_articles(gold_dir):
        print(f"wirefacts eval: {gold_dir}: no NAME.gold.json with its article found", file=sys.stderr)
        return 2
    out = Path(args.out) if getattr(args, "out", None) else None
    with tempfile.TemporaryDirectory(prefix="wirefacts-eval-") as tmp:
        if out is None or not (out / "dataset.jsonl").is_file():
            out = run_gold_corpus(gold_dir, out or Path(tmp), model=getattr(args, "model", None))
        result = evaluate(gold_dir, out)
    if getattr(args, "json", False):
        payload: dict[str, Any] = dict(result.scores)
        if getattr(args, "errors", False):
            payload["errors"] = [p.to_dict() for p in result.problems]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(format_table(result.scores))
    if getattr(args, "errors", False) and result.problems:
        print()
        print(format_problems(result.problems))
    return 0
