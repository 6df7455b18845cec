"""The ``wf_results`` component: vote shares and turnout with candidate, source, kind, coverage.

Reads the rule spans of ``rules/results.yml`` and ``rules/sources.yml`` (percents,
coverage phrases, source cues and kinds, negative contexts) and walks the article's
sentences in order, carrying the current source, its kind and the stated coverage from
sentence to sentence (a figure without a named source belongs to the last one named).
The candidate of a figure comes from the list line it sits on ("Georgian Dream – 54%"),
a cue after it ("92.4 percent of voters voted for X"), a pair ("X leads Y 50% to 44%"),
or the nearest name before it in the same clause ("X received 2.19 percent, Y - 0.8").
A description or pronoun subject ("the Ohio governor earned 51 percent", "She leads Trump")
stands for a person of the sentences before. A figure is a vote share only with votes, polls
or a race nearby (RES_VOTE_CONTEXT), and not as a share of something else ("1 percent of the
bank's staff"), a change ("cut by 10 percent"), an ideological subgroup or a forecast.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from pipeline.components import (
    article_context,
    doc_ents,
    doc_text,
    parse_titles,
    rule_spans,
    title_doc,
    token_starts,
)
from pipeline.components.numbers import parse_number, parse_percent
from pipeline.components.results_names import (
    ORG_WORDS,
    PRONOUNS,
    TITLES,
    Chunk,
    chunks_in,
    clean_name,
    person_part,
)
from pipeline.records import Mention, ResultFact
from pipeline.rules import load_rules

CLAUSE_END = {",", ";", ".", "while", "whereas", "but", "—", "--"}
# A line of a results list: optional bullet or number, a name, a separator, the figure.
LIST_PREFIX = re.compile(r"^\s*(?:[-•*–—·]+|\d{1,2}[.)]|№\s*\d+)?\s*")
LIST_TAIL = re.compile(r"^[\s.,;:%)]*(?:\([^)]*\))?[\s.,;:]*(?:$|\d{1,2}\.\s|(?<=[.:]\s)[A-Z]|(?<=[.:])[A-Z])")
HARD_BREAK = re.compile(
    r"(?<=[:;.%])[ \t]*\n|\n[ \t]*\n|\n(?=[ \t]*(?:[-•*–—·]|\d{1,2}[.)]\s|№))"  # list lines, paragraphs
    r"|\s(?=[•·])|(?<=%)\s+(?=\d{1,2}\.\s+[A-Z])|(?<=:)\s+(?=[-•·])"  # lists run into one paragraph
)
ITEM_BOUNDARY = re.compile(r"[\n•·;]")
FIRST_ROUND = re.compile(r"(?i)\b(?:in|of|during) the (?:first|1st)[ -]round\b|\bfirst-round (?:vote|ballot|results?)\b")
ABBREVIATION = re.compile(r"^(?:[A-Z]\.|Mr\.|Mrs\.|Ms\.|Dr\.|Gov\.|Sen\.|Rep\.|Gen\.|Lt\.|Col\.|Prof\.|St\.|Jr\.)$")
LIST_ITEM_END = re.compile(r"[-–—:]\s*$")  # "Zahid Oruj – 2.2 percent": an item of a list
TITLE_FIGURE = re.compile(r"(?i)\d\s*(?:%|per\s?cent|pct)")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# "Chechen Elections Commission Chairman Ismail Baikhanov": the organization before the title
ORG_THEN_TITLE = re.compile(
    r"^(.*?\b(?:Commission|Committee|Council|Center|Centre|Institute|Tribunal|Court|Party|Agency))\s+"
    r"(?:(?:Chairman|Chairwoman|Chairperson|Chair|Head|Director|Spokesman|Spokeswoman|Secretary|President|Chief)\b"
    r"|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}$)"  # "... Election Commission Mazahir Panahov" (one entity to the tagger)
)
APPOSITIVE_ORG = {"channel", "broadcaster", "company", "firm", "agency", "center", "centre", "organization",
                  "organisation", "pollster", "institute", "newspaper", "station", "network", "group", "commission"}
# between the two figures of a pair: "50 percent to 44 percent", "47 percent to Clinton's 46 percent"
PAIR_GAP = re.compile(r"^\s*to\s+(?:(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*?)(?:'s|’s|'|’)\s+|(?P<pron>her|his)\s+)?$")
NEG_WINDOW = 16  # tokens before a figure in which a negative context word counts
PARTY_NOUNS = {"party", "bloc", "coalition", "alliance", "movement", "list", "front", "union"}
STOP_CANDIDATES = {"others", "other", "other candidates", "against all", "none", "undecided", "blank", "total"}


@Language.factory("wf_results", default_config={"rules_dir": ""})
def make_component(nlp: Language, name: str, rules_dir: str) -> ResultsStage:
    return ResultsStage(Path(rules_dir) if rules_dir else None, nlp)


@dataclass
class _Percent:
    start: int  # token span
    end: int
    start_char: int
    end_char: int
    value: float
    rule: str
    coverage: bool = False


@dataclass
class _Source:
    name: str | None
    kind: str
    unit: int


@dataclass
class _State:
    source: _Source | None = None
    coverage: float | None = None
    pending: list[int] = field(default_factory=list)  # results waiting for a later source


class ResultsStage:
    def __init__(self, rules_dir: Path | None = None, nlp: Language | None = None):
        self.values = load_rules(rules_dir).values()
        self.nlp = nlp

    # ------------------------------------------------------------------ entry point
    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """``__call__`` over a stream; the headlines the batch reads are parsed together first."""
        for batch in minibatch(docs, batch_size):
            parse_titles(self.nlp, [doc for doc in batch if reads_title(doc)])
            yield from (self(doc) for doc in batch)

    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_results = []
        if not _has_results(doc):
            return doc
        by_label = rule_spans(doc)
        article = _Article(doc, by_label, self.values)
        facts = article.extract()
        doc._.wf_results = facts + self._title_results(doc, article, facts)
        return doc

    def _title_results(self, doc: Doc, article: _Article, facts: list[ResultFact]) -> list[ResultFact]:
        """Figures only the headline gives ('Putin cruises to landslide victory with 87.8% of the vote' over a
        body at 24 percent counted). The headline runs through the pipes before this stage (only when it
        holds a figure); its results take the body's first source, and their mention is the body's first
        naming of the candidate (offsets must point into the body)."""
        if not _title_wanted(doc):
            return []
        ctx = article.ctx
        tdoc = title_doc(self.nlp, doc)  # parsed once, shared with the events stage
        if tdoc is None:
            return []
        tdoc._.wf_events = doc._.wf_events  # the body's elections: their country and year
        by_label = rule_spans(tdoc)
        if not by_label.get("RES_PERCENT"):
            return []
        seen = {(_surname(f.candidate), round(f.value, 2)) for f in facts}
        out = []
        for f in _Article(tdoc, by_label, self.values).extract():
            if f.metric != "vote_share" or not f.candidate or (_surname(f.candidate), round(f.value, 2)) in seen:
                continue
            anchor = re.search(r"\b" + re.escape(_surname(f.candidate)) + r"\b", article.text)
            if anchor is None:
                continue  # a headline name the body never uses
            first = article.first_source
            source, kind = (f.source, f.source_kind) if f.source else ((first.name, first.kind) if first else (None, f.source_kind))
            sentence = article._unit_text(article.unit_of(article._token_at(anchor.start())))
            mention = Mention(ctx.get("id", "unknown"), anchor.start(), anchor.end(), sentence, f.mention.rule)
            out.append(replace(f, source=source, source_kind=kind, coverage=None, mention=mention,
                               event_index=_event_index(doc._.wf_events or [], anchor.start())))
        return out


def reads_title(doc: Doc) -> bool:
    """Whether this stage will read the doc's parsed headline (known from the rule spans)."""
    return _has_results(doc) and _title_wanted(doc)


def _has_results(doc: Doc) -> bool:
    """Results need a figure and a strong election word in the body."""
    by_label = rule_spans(doc)
    return bool(by_label.get("RES_ELECTION_STRONG")) and bool(by_label.get("RES_PERCENT"))


def _title_wanted(doc: Doc) -> bool:
    """Whether ``_title_results`` reads the headline: only one holding a figure."""
    title = article_context(doc).get("title")
    return bool(title) and bool(TITLE_FIGURE.search(title))


def _surname(name: str | None) -> str:
    return name.split()[-1] if name and name.split() else ""


class _Article:
    """One Doc's extraction: the spans by label, the sentence units, the running state."""

    def __init__(self, doc: Doc, by_label: dict[str, list[Span]], values: dict):
        self.doc = doc
        self.text = doc_text(doc)
        self.by_label = by_label
        self.values = values
        self.ctx = article_context(doc)
        self.units = _units(doc, by_label.get("RES_PERCENT", []))
        self.unit_starts = [u[0] for u in self.units]
        self.percents = self._percents()
        self.person_org: dict[str, str] = {}
        self.source_tokens: set[int] = set()  # tokens of names used as sources
        self.unit_texts: dict[int, str] = {}
        self.span_index: dict[str, tuple[list[int], list[int]]] = {}
        self.first_source: _Source | None = None  # the first source the body names (set by extract)
        self.last_pair: tuple[str, str] | None = None  # the two sides of the last 'X leads Y 50% to 44%'
        self.described: dict[int, list[str]] = {}  # unit -> people its descriptions stood for
        self.candidates: set[str] = set()  # surnames (last words) of the candidates given figures so far
        self.prior_candidates: set[str] = set()  # the same, before the current unit
        # surnames of the people the tagger found somewhere: "Kasich" alone is a person too
        self.surnames = {e.text.split()[-1] for e in doc_ents(doc) if e.label_ == "PERSON" and len(e.text.split()) > 1}
        self.countries = self._countries()
        self.primary = any(getattr(e, "qualifier", None) == "primary" for e in (doc._.wf_events or []))
        self.runoff = any(getattr(e, "qualifier", None) == "runoff" for e in (doc._.wf_events or []))
        self.referendum = any(w in self.text.lower() for w in ("referendum", "plebiscite"))
        dates = [self.ctx.get("date") or ""] + [e.date or "" for e in (doc._.wf_events or []) if isinstance(getattr(e, "date", None), str)]
        years = [d[:4] for d in dates if d[:4].isdigit()] or sorted(YEAR.findall(self.text))[-1:]
        self.year = years[0] if years else None

    # ------------------------------------------------------------------ preparation
    def spans(self, label: str, start: int, end: int) -> list[Span]:
        """The ``label`` spans inside tokens [start, end), in their stored order: found by
        bisection over the spans sorted by start (a scan of every span per call is
        quadratic on long inputs)."""
        if label not in self.span_index:
            spans = self.by_label.get(label, [])
            order = sorted(range(len(spans)), key=lambda k: spans[k].start)
            self.span_index[label] = ([spans[k].start for k in order], order)
        starts, order = self.span_index[label]
        spans = self.by_label.get(label, [])
        hits = [k for k in order[bisect_left(starts, start) : bisect_right(starts, end)] if spans[k].end <= end]
        return [spans[k] for k in sorted(hits)]

    def _unit_text(self, u: int) -> str:
        """A unit's text, built once: many figures in one long unit share it."""
        if u not in self.unit_texts:
            start, end = self.units[u]
            self.unit_texts[u] = self.doc[start:end].text.strip()
        return self.unit_texts[u]

    def unit_of(self, token_index: int) -> int:
        return bisect_right(self.unit_starts, token_index) - 1

    def _percents(self) -> list[_Percent]:
        found: dict[int, _Percent] = {}
        for span in self.by_label.get("RES_PERCENT", []):
            text = span.text.lstrip("(\"“[")
            value = parse_number(text) if span.id_ == "result.percent.of_votes" else parse_percent(text)
            if value is None:
                continue
            old = found.get(span.start)
            if old is None or span.end > old.end:
                found[span.start] = _Percent(span.start, span.end, span.start_char, span.end_char, value, span.id_)
        for span in self.by_label.get("RES_PERCENT_BARE", []):
            value = parse_number(span.text)
            if value is not None and span.start not in found and self._in_percent_list(span):
                found[span.start] = _Percent(span.start, span.end, span.start_char, span.end_char, value, span.id_)
        percents = sorted(found.values(), key=lambda p: p.start)
        # drop percents nested in a longer one ("22.04.%")
        kept: list[_Percent] = []
        for p in percents:
            if kept and p.start < kept[-1].end:
                continue
            kept.append(p)
        for cov in self.by_label.get("RES_COVERAGE", []):
            for p in kept:
                if p.start >= cov.start and p.end <= cov.end + 1:
                    p.coverage = True
        return kept

    def _in_percent_list(self, span: Span) -> bool:
        """A bare 'Lelo – 3.0' counts only inside a list whose other lines carry % signs."""
        text = self.text
        lo = text.rfind("\n", 0, max(0, span.start_char - 400))
        hi = text.find("\n\n", span.end_char)
        window = text[lo + 1: hi if hi > 0 else len(text)]
        return len(re.findall(r"[-–—]\s*\d{1,2}(?:\.\d+)?\s*%", window)) >= 2

    def _countries(self) -> set[str]:
        names = {e.country for e in (self.doc._.wf_events or []) if getattr(e, "country", None)}
        place = self.ctx.get("place")
        if place:
            names.update(p.strip() for p in str(place).split(","))
        gpes = [e.text for e in doc_ents(self.doc) if e.label_ == "GPE"]
        if gpes and not names:
            names.add(max(sorted(set(gpes)), key=gpes.count))
        return {n.lower() for n in names if n}

    # ------------------------------------------------------------------ main loop
    def extract(self) -> list[ResultFact]:
        state = _State()
        self.current = None
        facts: list[dict] = []
        first_sources: list[tuple[int, _Source]] = []
        for u, (start, end) in enumerate(self.units):
            self.prior_candidates = set(self.candidates)
            self._learn_people(start, end)
            unit_percents = [p for p in self.percents if start <= p.start < end]
            self.current = state.source
            source = self._find_source(u, start, end)
            if source is not None:
                first_sources.append((u, source))
                old = state.source
                near_count = self.spans("RES_COVERAGE", self.units[max(0, u - 1)][0], end)
                if source.kind == "unknown" and state.coverage is not None and near_count and (old is None or old.kind == "official"):
                    source.kind = "official"
                if old is not None and source.name and source.name.isupper() and _initials(old.name).startswith(source.name[:2]):
                    source = _Source(old.name, old.kind, source.unit)  # "the ECK" after "Electoral Commission of Kenya (ECK)"
                changed = old is None or source.name != old.name
                if changed and (source.kind in {"exit_poll", "survey"} or (old and old.kind != source.kind)):
                    state.coverage = None
                state.source = source
            cov = [p for p in unit_percents if p.coverage]
            unit_coverage = cov[-1].value if cov else None
            produced = self._unit_results(u, start, end, unit_percents, state, unit_coverage)
            others = [p for p in unit_percents if not p.coverage]
            if unit_coverage is not None and (produced or not others):
                state.coverage = unit_coverage
            facts.extend(produced)
        self._backfill(facts, first_sources)
        self.first_source = first_sources[0][1] if first_sources else None
        return [self._fact(f) for f in facts]

    def _unit_results(self, u: int, start: int, end: int, percents: list[_Percent], state: _State,
                      unit_coverage: float | None) -> list[dict]:
        out: list[dict] = []
        figures = [p for p in percents if not p.coverage]
        if not figures or self._past_year(start, end):
            return out
        assigned = self._pairs(figures, start) or {}
        assigned.update(self._respectively(figures, start, end) or {})
        for k, p in enumerate(figures):
            seg_start = figures[k - 1].end if k else start
            neg_start = seg_start
            if k and PAIR_GAP.match(self.text[figures[k - 1].end_char:p.start_char]):
                neg_start = figures[k - 2].end if k > 1 else start  # a pair shares its context
            if self._negative(p, start, end, neg_start):
                continue
            candidate, metric = assigned.get(p.start, (None, None))
            if metric == "skip":
                continue
            if metric is None:
                candidate, metric = self._candidate(p, seg_start, end, figures[k + 1].start if k + 1 < len(figures) else end)
            if metric is None:
                continue
            if metric == "vote_share" and self._by_change(p) and p.start not in assigned:
                continue  # a change or a margin ("cut taxes by 10 percent", "won by 5 percent"), unless a pair
            if metric == "vote_share" and self._share_of_other(p):
                continue  # "1 percent of the bank's sales force", "13 percent of its coal reserves"
            if metric == "vote_share" and not self._vote_context(u) and self._list_line(p) is None \
                    and not LIST_ITEM_END.search(self.text, max(0, p.start_char - 3), p.start_char):
                continue  # "she would impose a 4 percent surcharge": no vote, poll or race in sight
            shared = self._each(p, seg_start) if metric == "vote_share" else []
            for extra in shared[:-1]:
                out.append(self._row(extra, p, metric, u, start, end, state, unit_coverage))
            if shared:
                candidate = shared[-1]
            coverage = unit_coverage
            if coverage is None and (metric == "vote_share" or self.spans("RES_TURNOUT_CARRY", start, end)):
                coverage = state.coverage
            source = state.source
            if self._earlier_round(u):
                source, coverage = None, unit_coverage  # background: not the count being reported
            kind = source.kind if source else "unknown"
            if kind == "unknown":
                kind = self._kind_near(start, end, p.start) or ("official" if coverage is not None else "unknown")
            if kind in {"survey", "exit_poll"} and unit_coverage is None:
                coverage = None  # a count's coverage does not carry into poll figures ("near 10 percent in surveys")
            if candidate:
                self.candidates.add(candidate.split()[-1])
            out.append({
                "candidate": candidate, "value": p.value, "metric": metric, "coverage": coverage,
                "source": source.name if source else None, "kind": kind, "p": p, "unit": u,
                "sourced": source is not None,
            })
        return out

    def _row(self, candidate: str, p: _Percent, metric: str, u: int, start: int, end: int, state: _State,
             unit_coverage: float | None) -> dict:
        coverage = unit_coverage if unit_coverage is not None else state.coverage
        source = state.source
        kind = source.kind if source else "unknown"
        if kind == "unknown":
            kind = self._kind_near(start, end, p.start) or ("official" if coverage is not None else "unknown")
        if kind in {"survey", "exit_poll"} and unit_coverage is None:
            coverage = None
        if self._earlier_round(u):
            source, coverage = None, unit_coverage
        return {"candidate": candidate, "value": p.value, "metric": metric, "coverage": coverage,
                "source": source.name if source else None, "kind": kind, "p": p, "unit": u, "sourced": source is not None}

    def _by_change(self, p: _Percent) -> bool:
        """'by N percent' in a clause without a verb of support ('was supported by 2.22 percent, and Y by
        2.12 percent' is a vote share; 'cut taxes by 10 percent' is not). Checked only after a 'by'."""
        doc = self.doc
        if p.start < 2 or doc[p.start - 1].lower_ != "by":
            return False
        start = self.units[self.unit_of(p.start)][0]
        return not any(t.lemma_.lower() in SUPPORT_VERBS for t in doc[max(start, p.start - 25):p.start - 1])

    def _share_of_other(self, p: _Percent) -> bool:
        """The figure is 'N percent of' something that is neither votes nor voters (RES_VOTE_NOUN) nor named."""
        doc = self.doc
        if p.end >= len(doc) or doc[p.end].lower_ != "of":
            return False
        objects = [c for c in doc[p.end].children if c.dep_ == "pobj"]
        if not objects:
            return False
        noun = objects[0]
        if noun.pos_ == "PROPN" or noun.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"}:
            return False
        return not self.spans("RES_VOTE_NOUN", noun.i, noun.i + 1)

    def _vote_context(self, u: int) -> bool:
        """Votes, polls or a race in the unit, one of the two before it or the next one."""
        return bool(self.spans("RES_VOTE_CONTEXT", self.units[max(0, u - 2)][0], self.units[min(len(self.units) - 1, u + 1)][1]))

    def _earlier_round(self, u: int) -> bool:
        """'Weah and Johnson-Sirleaf obtained 28.3 and 19.8 percent in the first round', in a runoff story."""
        return self.runoff and bool(FIRST_ROUND.search(self._unit_text(u)))

    def _each(self, p: _Percent, seg_start: int) -> list[str]:
        """'X and Y ... each took 0.65%': one figure for every person named before 'each'."""
        doc = self.doc
        window = doc[max(seg_start, p.start - 5):p.start]
        if not any(t.lower_ == "each" or (t.lower_ in {"all", "both"} and t.i > 0 and doc[t.i - 1].pos_ in {"AUX", "VERB"})
                   for t in window):
            return []  # "X and Y each took 0.65%", "A, B and C have all been clustered near 10 percent"
        people = [c for c in self._left_chunks(seg_start, p.start) if self._person_like(c)]
        return [clean_name(person_part(doc, c)) for c in people] if len(people) >= 2 else []

    # ------------------------------------------------------------------ candidates
    def _candidate(self, p: _Percent, seg_start: int, unit_end: int, next_start: int) -> tuple[str | None, str | None]:
        doc = self.doc
        right_end = self._clause_end(p.end, min(next_start, unit_end), limit=10)
        line = self._list_line(p)
        if line is not None:
            name = _list_name(line)
            if name and name.lower() not in STOP_CANDIDATES:
                return name, "vote_share"
            return None, None
        # a cue after the figure: "... of voters voted for X", "50 percent chose X"
        option = self._option(p, seg_start, right_end)
        if option:
            return option, "vote_share"
        for cue in self.spans("RES_CANDIDATE_AFTER", p.end, right_end):
            if cue.end < len(doc) and (doc[cue.end].is_punct or (cue.text.lower() == "support" and doc[cue.end].lower_ in {"of", "among", "from", "in", "with", "for"})):
                break  # "58 percent support, rejecting ...", "43% support of likely voters": the name is before the figure
            limit_end = unit_end if cue.end < unit_end or cue.end >= len(doc) else self.units[min(len(self.units) - 1, self.unit_of(cue.end))][1]
            stop = self._clause_end(cue.end, limit_end, limit=8)
            names = [c for c in chunks_in(doc, cue.end, stop) if c.kind != "ADJ" and not self._country(c)
                     and doc[c.end: c.end + 1].text not in {"'s", "’s"}]
            if names:
                return clean_name(person_part(doc, names[0])), "vote_share"
            # "93.9% of voters supporting the head of state": a description of a person named before
            described = [t for t in doc[cue.end:min(stop + 1, cue.end + 4)] if _is_description(t) and t.lower_ in TITLES]
            if described and not chunks_in(doc, described[0].i, described[0].i + 1):
                person = self._referent(described[0].i)
                if person:
                    return person, "vote_share"
            if cue.end < len(doc) and doc[cue.end].lower_ in {"him", "her"}:
                person = self._pronoun(cue.end, set())
                if person:
                    return person, "vote_share"
            return None, None
        turnout_end = min(next_start, unit_end, p.end + 7)
        if self.spans("RES_TURNOUT", seg_start, turnout_end) or self._turnout_left(p, seg_start):
            left = [c for c in chunks_in(doc, seg_start, p.start) if c.kind != "ADJ"]
            regional = left and (left[-1].kind == "GPE" or all(t.ent_type_ in {"GPE", "LOC"} for t in doc[left[-1].start:left[-1].end] if t.is_alpha))
            if regional and left[-1].text.lower() not in self.countries:
                return None, None  # "Moscow saw 66% of eligible voters take part"
            return None, "turnout"
        named_for = self._for_name(p, right_end)
        if named_for:
            return named_for, "vote_share"
        chunk = self._subject(p, seg_start)
        if chunk is None:
            described = self._described(p.start, seg_start)
            if described:
                return described, "vote_share"
            chunk = self._pick(self._left_chunks(seg_start, p.start))
        if chunk is not None:
            return clean_name(person_part(doc, chunk)), "vote_share"
        pron = [t for t in doc[seg_start:p.start] if t.lower_ in PRONOUNS]
        if pron:
            person = self._pronoun(pron[-1].i, set())
            if person:
                return person, "vote_share"
        return None, None

    def _for_name(self, p: _Percent, right_end: int) -> str | None:
        """'... compared with 28 percent for Doria Medina', '62.8 percent to 36.9 percent for Rosales'."""
        doc = self.doc
        if p.end >= len(doc) or doc[p.end].lower_ != "for":
            return None
        first = p.end + 2 if p.end + 1 < len(doc) and doc[p.end + 1].lower_ == "the" else p.end + 1
        names = [c for c in chunks_in(doc, first, max(right_end, min(len(doc), first + 6))) if c.start == first]
        if not names or names[0].kind == "ADJ" or names[0].text.lower() in self.countries:
            return None  # the tagger calls many a surname a place: only the election's country is one
        return clean_name(person_part(doc, names[0]))

    def _subject(self, p: _Percent, seg_start: int) -> Chunk | None:
        """The grammatical subject of the verb that takes the figure ('the NLD has won 82 percent')."""
        head = self._verb_of(p.start)
        if head is None:
            return None
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i >= seg_start and child.i < p.start:
                chunks = [c for c in self._left_chunks(child.left_edge.i, child.right_edge.i + 1) if c.start >= seg_start]
                heads = [c for c in chunks if c.start <= child.i < c.end]
                return heads[0] if heads else None
        return None

    def _verb_of(self, at: int) -> Token | None:
        """The verb (or auxiliary) that governs token ``at``, a few heads up."""
        head = self.doc[at]
        for _ in range(4):
            if head.pos_ in {"VERB", "AUX"} or head.head is head:
                break
            head = head.head
        return head if head.pos_ in {"VERB", "AUX"} else None

    def _described(self, at: int, seg_start: int) -> str | None:
        """A figure whose subject is a definite description of a person ('the Ohio governor earned 51
        percent', 'the 39-year-old former FIFA player had 40.8 percent'): the description names a person
        of the preceding sentences. The k-th description of a sentence is the k-th person named in the
        nearest earlier sentence that names people, leaving out those this sentence names itself."""
        doc = self.doc
        head = self._verb_of(at)
        if head is None:
            return None
        subjects = [c for c in head.children if c.dep_ == "nsubj" and seg_start <= c.i < at]
        if not subjects or not _is_description(subjects[0]):
            return None
        if any(c.start <= subjects[0].i < c.end for c in chunks_in(doc, subjects[0].left_edge.i, subjects[0].i + 1)):
            return None  # "the Ohio Gov. John Kasich": a name after all
        if any(c.kind != "GPE" for c in chunks_in(doc, subjects[0].i + 1, at)):
            return None  # 'the best-placed opposition force, the "Coalition for Change", has': named in apposition
        return self._referent(at)

    def _referent(self, at: int) -> str | None:
        """The person a description at token ``at`` stands for (see ``_described``)."""
        doc = self.doc
        u = self.unit_of(at)
        start, end = self.units[u]
        here = {n.split()[-1] for n in (clean_name(person_part(doc, c)) for c in chunks_in(doc, start, end)) if n}
        used = self.described.setdefault(u, [])
        nearest: list[str] | None = None
        for k in range(u - 1, max(-1, u - 4), -1):
            names = [n for n in self._unit_persons(k) if n.split()[-1] not in here]
            if not names:
                continue
            if nearest is None:
                nearest = names
            # once the story has given figures, its candidates are the people who have them
            # ("Analyst X said the race was tight. The former minister has 42 percent")
            known = [n for n in names if n.split()[-1] in self.prior_candidates]
            if known or not self.prior_candidates:
                return self._next_described(used, known or names)
        return self._next_described(used, nearest) if nearest and not self.prior_candidates else None

    @staticmethod
    def _next_described(used: list[str], names: list[str]) -> str | None:
        if len(used) < len(names):
            used.append(names[len(used)])
            return used[-1]
        return None

    def _unit_persons(self, u: int) -> list[str]:
        """The people a unit names, in order, once each."""
        start, end = self.units[u]
        out: list[str] = []
        for c in chunks_in(self.doc, start, end):
            if c.kind == "PERSON" or self._person_like(c) or (c.text in self.surnames and c.text.lower() not in self.countries):
                name = clean_name(person_part(self.doc, c))
                if name and all(name.split()[-1] != n.split()[-1] for n in out):
                    out.append(name)
        return out

    def _turnout_left(self, p: _Percent, seg_start: int) -> bool:
        return bool(self.spans("RES_TURNOUT", max(seg_start, p.start - 8), p.start))

    def _left_chunks(self, start: int, end: int) -> list[Chunk]:
        doc = self.doc
        out = []
        for c in chunks_in(doc, start, end):
            if c.kind == "ADJ" or (c.kind == "GPE" and (end - c.end > 1 or c.text.lower() in self.countries)):
                continue
            nxt = doc[c.end] if c.end < len(doc) else None
            if (nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower() and nxt.lower_ not in PARTY_NOUNS
                    and not self._verb_tagged_noun(c, end)):
                continue  # "the former FIFA player", "the Ohio governor"
            if self._in_parens(c, end) or self._affiliation(c, start):
                continue
            if any(c.start <= k < c.end for k in self.source_tokens):
                continue
            text = c.text.lower()
            if self._is_source_like(c):
                continue
            nxt = doc[c.end: c.end + 3].text.lower()
            if re.match(r"^(?:'s|’s)?\s*(?:exit poll|poll|data|survey|figures)\b", nxt):
                continue
            if text in STOP_CANDIDATES:
                continue
            out.append(c)
        return out

    def _verb_tagged_noun(self, c: Chunk, figure: int) -> bool:
        """'Fuad Aliyev trails with 0.53%': the tagger's noun after the name is the verb that takes the figure."""
        doc = self.doc
        return (c.end + 2 <= figure <= c.end + 3 and doc[c.end + 1].lower_ in {"with", "on", "at"}
                and not any(t.lower_ in {"the", "a", "an"} for t in doc[max(0, c.start - 3):c.start]))

    def _affiliation(self, c: Chunk, start: int) -> bool:
        """'head of the Great Creation party': an organization named as a person's affiliation."""
        doc = self.doc
        lo = max(start, c.start - 4)
        return any(t.lower_ in {"of", "for"} for t in doc[lo:c.start]) and bool(self.spans("RES_ROLE", lo, c.start)) \
            and c.kind != "PERSON"

    def _in_parens(self, c: Chunk, figure: int) -> bool:
        """A name in a parenthesis closed before the figure ('X (the Y Party) with 3%') is an aside."""
        doc, text = self.doc, self.text
        before = text[max(0, doc[c.start].idx - 80):doc[c.start].idx]
        end_char = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        fig_char = doc[figure].idx if figure < len(doc) else len(text)
        return before.rfind("(") > before.rfind(")") and ")" in text[end_char:fig_char]

    def _is_source_like(self, c: Chunk) -> bool:
        span = self.doc[c.start:c.end]
        if any(s.start < span.end and s.end > span.start for s in self.by_label.get("RES_SOURCE_KIND", ())
               if self.values.get(s.id_) == "official"):
            return True
        return bool(re.search(r"(?i)\b(?:commission|committee|tribunal|ministry|court)\b", c.text))

    @staticmethod
    def _pick(chunks: list[Chunk]) -> Chunk | None:
        persons = [c for c in chunks if c.kind == "PERSON"]
        if persons:
            return persons[-1]
        return chunks[-1] if chunks else None

    def _pronoun(self, at: int, exclude: set[str]) -> str | None:
        """The nearest person named before token ``at`` (same sentence, then earlier ones)."""
        u = self.unit_of(at)
        for k in range(u, max(-1, u - 4), -1):
            start, end = self.units[k]
            persons = [c for c in chunks_in(self.doc, start, min(end, at))
                       if self._person_like(c) or c.text in self.surnames or (not self._is_org_text(c.text) and not self._country(c) and len(c.text.split()) == 1
                                                   and not c.text.isupper() and self.doc[c.start].pos_ == "PROPN")]
            # in the same sentence the nearest name; in an earlier one the first (its topic: "Clinton's
            # edge over Trump has inched up. The average ... finds her ahead")
            for c in reversed(persons) if k == u else persons:
                name = clean_name(person_part(self.doc, c))
                if name and name not in exclude:
                    return name
        return None

    def _list_line(self, p: _Percent) -> str | None:
        """The text before the figure when it sits alone on a list line ('Lelo – 3%,')."""
        text = self.text
        starts = [m.end() for m in ITEM_BOUNDARY.finditer(text, max(0, p.start_char - 300), p.start_char)]
        line_start = starts[-1] if starts else max(0, p.start_char - 300)
        nxt = ITEM_BOUNDARY.search(text, p.end_char)
        line_end = nxt.start() if nxt else len(text)
        before, after = text[line_start:p.start_char], text[p.end_char:line_end]
        if not LIST_TAIL.match(after) or len(before.split()) > 14 or not before.strip():
            return None
        if re.search(r"\d\s*(?:%|per\s?cent|percent)", before):
            return None
        stripped = before.rstrip()
        if stripped.endswith(("-", "–", "—", ":")) or re.match(r"^\s*(?:[-•*–—·]|\d{1,2}[.)]|№)", before):
            return before
        if re.match(r"^\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*$", before) and line_start > 0:
            return before  # "GD 51.36%"
        return None

    def _option(self, p: _Percent, seg_start: int, right_end: int) -> str | None:
        if not self.referendum:
            return None
        lo, hi = seg_start, right_end
        if self.spans("RES_OPTION_MULTI", lo, min(hi + 3, len(self.doc))):
            return None
        for span in self.spans("RES_OPTION", p.end, hi) + self.spans("RES_OPTION", lo, p.start):
            return self.values.get(span.id_)
        unit = self.units[self.unit_of(p.start)]
        if "referendum" in self.doc[unit[0]:unit[1]].text.lower():
            for span in self.spans("RES_OPTION_BACKED", p.end, hi):
                return self.values.get(span.id_)
        return None

    def _pairs(self, figures: list[_Percent], unit_start: int) -> dict[int, tuple[str | None, str]]:
        """'X leads Y 50% to 44%', '47 percent to Clinton's 46 percent', 'Y was defeated by X, 27.6 to 24.3'."""
        doc, out = self.doc, {}
        for a, b in zip(figures, figures[1:]):
            between = self.text[a.end_char:b.start_char]
            m = PAIR_GAP.match(between)
            if not m:
                continue
            seg_start = unit_start
            for f in figures:
                if f.end <= a.start:
                    seg_start = f.end
            left = self._left_chunks(seg_start, a.start)
            names = [clean_name(person_part(doc, c)) for c in left]
            against = {n for c, n in zip(left, names) if c.start > 0 and doc[c.start - 1].lower_ in {"against", "over"}}
            pron = [t.i for t in doc[seg_start:a.start] if t.lower_ in PRONOUNS]
            first: str | None
            if m.group("name") or m.group("pron"):
                second = clean_name(m.group("name")) if m.group("name") else self._pronoun(a.start, set())
                firsts = [n for n in names if n != second and n not in against]
                first = firsts[-1] if firsts else None
            else:
                entries = sorted([(c.start, n) for c, n in zip(left, names)] + [(i, None) for i in pron])
                resolved: list[str] = []
                for pos, n in entries:
                    if n is None:
                        if against:
                            continue  # "against Sanders, he prevailed": he is not resolvable here
                        # a subject pronoun may repeat a name of the clause ("Clinton's advantage is the same:
                        # She leads Trump"); an object pronoun never is its clause's subject ("X would beat him")
                        subject = doc[pos].lower_ in {"he", "she"}
                        n = self._pronoun(pos, set() if subject else set(resolved))
                        if n in resolved:
                            continue
                    if n:
                        resolved.append(n)
                if len(resolved) < 2:
                    over = self._name_after_over(b) or self._named_opponent(b) or self._last_opponent(resolved)
                    if resolved and over:
                        resolved.append(over)
                if against and resolved:
                    rest = [n for n in resolved if n not in against]
                    first, second = (rest[-1] if rest else None), sorted(against)[0]
                elif len(resolved) >= 2:
                    first, second = resolved[-2], resolved[-1]
                    by = [c for c, n in zip(left, names) if n == second and c.start > 0 and doc[c.start - 1].lower_ == "by"]
                    if by:
                        first, second = second, first  # "Y was defeated ... by X"
                else:
                    continue
            if not first:
                first = self._described(a.start, seg_start)
            if not first and pron and self.described.get(self.unit_of(a.start)):
                first = self.described[self.unit_of(a.start)][-1]  # "the governor earned 51 .., while .. he prevailed"
            out[a.start] = (first, "vote_share") if first else (None, "skip")
            if first and second:
                self.last_pair = (first, second)
            if second:
                out[b.start] = (second, "vote_share")
        return out

    def _named_opponent(self, b: _Percent) -> str | None:
        """'she lost the state 36 percent to 51 percent, ... supporters of her opponent, Sen. Bernie Sanders'."""
        doc = self.doc
        end = self.units[self.unit_of(b.start)][1]
        for t in doc[b.end:end]:
            if t.lower_ in {"opponent", "rival", "challenger"} and t.i > 0 and doc[t.i - 1].lower_ in {"her", "his", "their"}:
                chunks = [c for c in chunks_in(doc, t.i + 1, min(end, t.i + 8)) if c.start <= t.i + 3 and c.kind != "GPE"]
                return clean_name(person_part(doc, chunks[0])) if chunks else None
        return None

    def _last_opponent(self, resolved: list[str]) -> str | None:
        """'... found Clinton leading by a similar margin, 43% to 37%': the other side of the last pair."""
        if len(resolved) != 1 or self.last_pair is None:
            return None
        one, other = self.last_pair
        if resolved[0].split()[-1] == one.split()[-1]:
            return other
        if resolved[0].split()[-1] == other.split()[-1]:
            return one
        return None

    def _name_after_over(self, b: _Percent) -> str | None:
        doc = self.doc
        for t in doc[b.end: min(len(doc), b.end + 4)]:
            if t.lower_ == "over":
                chunks = [c for c in chunks_in(doc, t.i + 1, min(len(doc), t.i + 8)) if c.start <= t.i + 3]
                return clean_name(person_part(doc, chunks[0])) if chunks else None
        return None

    def _respectively(self, figures: list[_Percent], start: int, end: int) -> dict[int, tuple[str, str]] | None:
        doc = self.doc
        if "respectively" not in doc[start:end].text.lower() or len(figures) < 2:
            return None
        names = [clean_name(person_part(doc, c)) for c in self._left_chunks(start, figures[0].start)]
        if len(names) != len(figures):
            return None
        return {p.start: (n, "vote_share") for p, n in zip(figures, names)}

    # ------------------------------------------------------------------ filters
    def _clause_end(self, start: int, stop: int, limit: int) -> int:
        doc = self.doc
        for i in range(start, min(stop, start + limit)):
            if doc[i].text in CLAUSE_END or doc[i].lower_ in CLAUSE_END:
                return i
        return min(stop, start + limit)

    def _negative(self, p: _Percent, unit_start: int, unit_end: int, seg_start: int) -> bool:
        right = self._clause_end(p.end, unit_end, limit=10)
        # a margin, threshold or opinion word counts near the figure only (a clause or so before it)
        if self.spans("RES_NEG", max(seg_start, p.start - NEG_WINDOW), p.start) or self.spans("RES_NEG", p.end, right):
            return True
        # an answer verb right after the figure ("21 percent said"), not an attribution after a comma
        # ("67.3 percent, the commission said")
        comma = right + 1 < len(self.doc) and self.doc[right].text in {",", ";"} and self.doc[right + 1].pos_ not in {"VERB", "AUX"}
        answer_end = min(unit_end, right if comma else max(right + 1, p.end + 4))
        if self.spans("RES_NEG_UNIT", unit_start, unit_end) or self.spans("RES_NEG_AFTER", p.end, answer_end):
            return True
        if p.end < len(self.doc) and self.doc[p.end].lower_ in {"that", "who"}:
            return True  # "61% that he had been right to resign", "21 percent who chose 'honest' voted for her"
        for span in self.spans("RES_NEG_REGION", unit_start, p.start):
            gpe = " ".join(t.text for t in span if t.ent_type_ == "GPE").lower()
            at_start = span.start - unit_start <= 1 or span[0].lower_ == "voted"
            if at_start and gpe and gpe not in self.countries:
                return True
        return False

    def _past_year(self, start: int, end: int) -> bool:
        if not self.year:
            return False
        years = set(YEAR.findall(self.doc[start:end].text))
        return any(abs(int(y) - int(self.year)) >= 1 for y in years)

    # ------------------------------------------------------------------ sources
    def _learn_people(self, start: int, end: int) -> None:
        """Person -> organization from 'X, chairman of Y' / 'Chairman of Y X' / 'X, who heads Y'."""
        roles = self.spans("RES_ROLE", start, end)
        if not roles:
            return
        chunks = chunks_in(self.doc, start, end)
        persons = [c for c in chunks if self._person_like(c)]
        orgs = [c for c in chunks if (self._is_org_text(c.text) or (c.text.isupper() and len(c.text) > 1)) and not self._country(c)]
        for person in persons:
            near = [r for r in roles if abs(r.start - person.start) <= 10 or abs(r.start - person.end) <= 10]
            if not near or not orgs:
                continue
            role = near[0]
            org = min(orgs, key=lambda o: abs(o.start - role.end))
            if abs(org.start - role.end) > 12:
                continue
            name = clean_name(org.text, source=True)
            if not name:
                continue
            full = clean_name(person.text)
            self.person_org.setdefault(full, name)
            self.person_org.setdefault(full.split()[-1] if full else full, name)

    @staticmethod
    def _is_org_text(text: str) -> bool:
        return bool(set(re.findall(r"[a-z]+", text.lower())) & ORG_WORDS)

    def _find_source(self, u: int, start: int, end: int) -> _Source | None:
        doc = self.doc
        nxt_end = self.units[u + 1][1] if u + 1 < len(self.units) else end
        has_results = (any(start <= p.start < nxt_end for p in self.percents) or self.spans("RES_RESULT_WORD", start, end)
                       or self.spans("RES_SOURCE_KIND", start, end))
        if not has_results:
            return None
        hits: list[tuple[int, int, Chunk]] = []
        for cue in self.spans("RES_SOURCE_AFTER", start, end):
            stop = self._after_stop(cue.end, end)
            chunks = [c for c in chunks_in(doc, cue.end, end) if c.start < stop and c.kind != "ADJ"
                      and (not self._country(c) or self._appositive_org(c))]  # "according to Imedi, a TV channel"
            if chunks and not self.spans("RES_MEDIA", chunks[0].start, min(chunks[0].end + 3, end)):
                hits.append((int(self.values.get(cue.id_) or 3), cue.start, chunks[0]))
        for cue in self.spans("RES_SOURCE_BEFORE", start, end):
            weight = int(self.values.get(cue.id_) or 4)
            chunk = self._subject_before(cue, start, tight=weight <= 2)
            if chunk is None or self._share_of(chunk):
                continue
            if weight == 4 and self._is_credit(cue, chunk, end):
                continue
            hits.append((weight, cue.start, chunk))
        if not hits:
            return None
        hits.sort(key=lambda h: (h[0], h[1]))
        for weight, _, chunk in hits:
            raw = self._extend_org(chunk)
            org_part = ORG_THEN_TITLE.match(raw)
            name = clean_name(org_part.group(1) if org_part else raw, source=True)
            if not name or name.lower() in {"he", "she", "they"}:
                continue
            self.source_tokens.update(range(chunk.start, chunk.end))
            surname = len(name.split()) == 1 and re.search(r"\b[A-Z][a-z]+\s+" + re.escape(name) + r"\b", self.text)
            org_like = org_part or self._is_org_text(raw) or self._appositive_org(chunk)
            if not org_like and weight > 2 and (self._person_like(chunk) or name.split()[-1] in self.person_org or surname):
                mapped = self.person_org.get(name) or self.person_org.get(name.split()[-1])
                if mapped:
                    name = mapped
                else:
                    return None  # a spokesperson or politician: the source stays the one named before
            kind = self._kind_for(chunk, start, end, name)
            if kind == "unknown" and self.primary and set(re.findall(r"[a-z]+", name.lower())) & PARTY_MEMBERS:
                kind = "official"  # a party counts the votes of its own primary or caucus
            return _Source(name, kind, u)
        return None

    def _after_stop(self, start: int, end: int) -> int:
        """Where the name after 'according to' / 'poll by' may no longer start: a clause end or a verb."""
        doc = self.doc
        for i in range(start, min(end, start + 12)):
            t = doc[i]
            if t.text in CLAUSE_END or t.text == ":" or t.lower_ in {"that", "which", "who"}:
                return i
            hyphenated = i > 0 and doc[i - 1].text == "-"
            if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"acl", "amod", "compound"} and not hyphenated and not t.text[:1].isupper():
                return i
        return min(end, start + 12)

    def _appositive_org(self, chunk: Chunk) -> bool:
        """'according to Imedi, a pro-government TV channel': the apposition says it is an organization."""
        doc = self.doc
        tail = doc[chunk.end: min(len(doc), chunk.end + 8)]
        if len(tail) < 2 or tail[0].text != "," or tail[1].lower_ not in {"a", "an", "the"}:
            return False
        return any(t.lower_ in APPOSITIVE_ORG for t in tail)

    def _person_like(self, chunk: Chunk) -> bool:
        if self._is_org_text(chunk.text) or chunk.text.isupper():
            return False
        words = chunk.text.split()
        tokens = self.doc[chunk.start:chunk.end]
        return any(t.ent_type_ == "PERSON" for t in tokens) or (chunk.kind in {"OTHER", "ORG"} and len(words) == 2
                                                                 and all(w[:1].isupper() and w[1:].islower() for w in words))

    def _extend_org(self, chunk: Chunk) -> str:
        """'Oracle Advisory group' keeps its lower-case organization word."""
        doc = self.doc
        if chunk.end < len(doc) and doc[chunk.end].lower_ in {"group", "center", "centre", "institute", "commission", "agency", "league", "foundation"}:
            return doc[chunk.start:chunk.end + 1].text
        if (chunk.end + 1 < len(doc) and doc[chunk.end].lower_ == "on" and doc[chunk.end + 1].text == "Sunday"
                and chunk.start > 0 and doc[chunk.start - 1].lower_ == "the" and not self._is_org_text(chunk.text)):
            return doc[chunk.start:chunk.end + 2].text  # a Sunday paper: "a poll for the Independent on Sunday"
        return chunk.text

    def _subject_before(self, cue: Span, unit_start: int, tight: bool = False) -> Chunk | None:
        """The name right before a cue ('the CEC said', 'X, who chairs Y, told', "X's exit poll")."""
        doc = self.doc
        i = cue.start - 1
        skipped = 0
        while i >= unit_start and skipped < (1 if tight else 4):
            if tight and doc[i].text not in {"'s", "’s", "'", "’", "\"", "”"}:
                break
            t = doc[i]
            if t.text == ")" and not tight:
                opening = self.text.rfind("(", doc[unit_start].idx, t.idx)
                if opening >= 0:
                    i = self._token_at(opening) - 1
                    skipped += 1
                    continue
            if t.is_punct and t.text not in {"(", "["} or t.lower_ in {"has", "have", "had", "was", "were", "is", "also", "then", "later", "officially", "the", "'s", "’s", "jointly"}:
                i -= 1
                skipped += 1
                continue
            break
        if i < unit_start:
            return None
        if doc[i].text in {"group", "center", "centre", "institute", "agency", "league", "foundation"} and i > unit_start:
            i -= 1
        chunks = chunks_in(doc, max(unit_start, i - 12), i + 1)
        chunks = [c for c in chunks if c.end == i + 1 and c.kind != "ADJ"]
        if chunks and self._country(chunks[-1]) and chunks[-1].start > unit_start and doc[chunks[-1].start - 1].lower_ == "of":
            # "the Central Election Commission (CEC) of Azerbaijan said"
            j = chunks[-1].start - 2
            while j >= unit_start and (doc[j].is_space or doc[j].text == ")"):
                if doc[j].text == ")":
                    opening = self.text.rfind("(", doc[unit_start].idx, doc[j].idx)
                    j = self._token_at(opening) - 1 if opening >= 0 else j - 1
                else:
                    j -= 1
            before = [c for c in chunks_in(doc, max(unit_start, j - 12), j + 1) if c.end == j + 1]
            return before[-1] if before else None
        chunks = [c for c in chunks if c.kind != "GPE" and not self._country(c)]
        if chunks:
            return chunks[-1]
        if tight:
            return None
        head = cue.root
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                sub = [c for c in chunks_in(doc, child.left_edge.i, child.right_edge.i + 1)
                       if c.kind not in {"GPE", "ADJ"} and not self._country(c) and not _modifier(doc, c)]
                # the name the subject is headed by ('Morris Dukuley, spokesman for the economist, told'),
                # else the last one in it
                heads = [c for c in sub if c.start <= child.i < c.end]
                if heads or sub:
                    return (heads or sub)[-1]
                if child.lower_ in ORG_REFERENCES:
                    return self._org_antecedent(child)
        return None

    def _org_antecedent(self, noun: Token) -> Chunk | None:
        """'The party says ...', 'the commission said': the organization of that kind named last before."""
        word = noun.lower_
        if word not in ORG_REFERENCES or not any(d.dep_ == "det" and d.lower_ == "the" for d in noun.children):
            return None
        u = self.unit_of(noun.i)
        lo = self.units[max(0, u - 3)][0]
        for c in reversed(chunks_in(self.doc, lo, noun.i)):
            words = set(re.findall(r"[a-z]+", c.text.lower()))
            if word in words or (word == "party" and words & PARTY_MEMBERS):
                return c
        return None

    def _share_of(self, chunk: Chunk) -> bool:
        """'36 percent of Democrats said': a share of respondents, not who produced the figure."""
        doc = self.doc
        at = chunk.start - 1
        while at >= 0 and doc[at].lower_ in {"the", "all", "those"}:
            at -= 1
        return at > 0 and doc[at].lower_ == "of" and any(p.end == at for p in self.percents)

    def _country(self, c: Chunk) -> bool:
        return c.kind == "GPE" or c.text.lower() in self.countries

    def _token_at(self, char: int) -> int:
        return bisect_right(token_starts(self.doc), char) - 1  # (cached on the doc)

    def _is_credit(self, cue: Span, chunk: Chunk, unit_end: int) -> bool:
        """'..., Trend reports.' / 'RIA Novosti reported.' close a sentence: a wire credit."""
        doc = self.doc
        if self.spans("RES_MEDIA", chunk.start, max(chunk.end, cue.start)):
            return True
        if cue.root.lower_ in {"reports", "reported", "informs", "writes"}:
            rest = doc[cue.end:unit_end].text.strip()
            if not rest or rest[0] in ".;" or rest.lower().startswith(("citing", "on ")):
                return True
        return False

    def _kind_for(self, chunk: Chunk, start: int, end: int, name: str = "") -> str:
        inside = [s for s in self.by_label.get("RES_SOURCE_KIND", ()) if s.start >= chunk.start and s.end <= chunk.end]
        if any(self.values.get(s.id_) == "official" for s in inside):
            return "official"
        if re.search(r"(?i)\b(?:commission|electoral|tribunal|CEC)\b", chunk.text + " " + name):
            return "official"
        kinds = self.spans("RES_SOURCE_KIND", start, end)
        if kinds:
            nearest = min(kinds, key=lambda s: min(abs(s.start - chunk.end), abs(chunk.start - s.end)))
            kind = self.values.get(nearest.id_) or "unknown"
            exit_near = [k for k in kinds if self.values.get(k.id_) == "exit_poll"]
            if kind == "survey" and (exit_near or self._recent_exit_poll(start)):
                return "exit_poll"
            return kind
        if self._recent_exit_poll(start):
            return "exit_poll"
        if any(start <= p.start < end and p.coverage for p in self.percents):
            return "official"
        return "unknown"

    def _recent_exit_poll(self, start: int) -> bool:
        u = self.unit_of(start)
        lo = self.units[max(0, u - 2)][0]
        return any(self.values.get(s.id_) == "exit_poll" for s in self.spans("RES_SOURCE_KIND", lo, start))

    def _kind_near(self, start: int, end: int, at: int) -> str | None:
        kinds = self.spans("RES_SOURCE_KIND", start, end)
        if not kinds:
            return None
        return self.values.get(min(kinds, key=lambda s: abs(s.start - at)).id_)

    def _backfill(self, facts: list[dict], sources: list[tuple[int, _Source]]) -> None:
        """Figures before the first named source (a headline, a lead) take the first one named after."""
        if not sources:
            return
        first_unit, first = sources[0]
        for f in facts:
            if f["sourced"] or f["unit"] >= first_unit:
                continue
            if f["coverage"] is not None and first.kind != "official":
                continue
            start, end = self.units[f["unit"]]
            if self.spans("RES_MEDIA", start, end):
                continue  # "..., the news agency quoted the local election chief as saying"
            f["source"], f["kind"] = first.name, first.kind

    # ------------------------------------------------------------------ output
    def _fact(self, f: dict) -> ResultFact:
        p: _Percent = f["p"]
        u = f["unit"]
        sent = self._unit_text(u)
        events = self.doc._.wf_events or []
        return ResultFact(
            candidate=f["candidate"] if f["metric"] == "vote_share" else None,
            value=float(p.value),
            unit="percent",
            metric=f["metric"],
            source=f["source"],
            source_kind=f["kind"],
            coverage=f["coverage"],
            mention=Mention(self.ctx.get("id", "unknown"), p.start_char, p.end_char, sent, p.rule),
            event_index=_event_index(events, p.start_char),
        )


# Passive verbs of support that take 'by N percent' as a vote share ("was supported by 2.22 percent").
SUPPORT_VERBS = {"support", "back", "choose", "favor", "favour", "prefer", "vote", "elect", "endorse", "pick", "select"}
# Definite references to an organization named before ("the party says", "the commission said").
ORG_REFERENCES = {"party", "commission", "committee", "pollster", "institute", "center", "centre", "agency",
                  "council", "board", "authority", "tribunal", "alliance", "coalition", "bloc", "movement"}
PARTY_MEMBERS = PARTY_NOUNS | {"democrats", "republicans", "conservatives", "labour", "labor", "socialists",
                               "liberals", "greens", "communists", "democrat", "republican", "socialist"}
# Nouns that head a description of something other than a person ("the party won 40 percent").
NOT_PERSON_NOUNS = PARTY_NOUNS | ORG_WORDS | {
    "opposition", "government", "camp", "ticket", "side", "vote", "turnout", "count", "poll", "survey",
    "result", "share", "figure", "proposal", "measure", "referendum", "question", "option", "country", "state",
    "city", "region", "province", "district", "electorate", "public", "majority", "minority", "rest", "field",
    "force", "group", "list", "establishment", "administration", "regime", "incumbency",
}


def _is_description(token: Token) -> bool:
    """A singular common-noun subject with 'the' ('the Ohio governor', 'The 66-year-old grandmother')."""
    return (token.pos_ == "NOUN" and token.tag_ == "NN" and token.lower_ not in NOT_PERSON_NOUNS
            and any(d.dep_ == "det" and d.lower_ == "the" for d in token.children))


def _modifier(doc: Doc, c: Chunk) -> bool:
    """'Harvard-trained', 'Harvard- trained', 'Kremlin-backed': a name inside an adjective compound."""
    nxt = doc[c.end: c.end + 2]
    return len(nxt) == 2 and nxt[0].text in {"-", "–"} and nxt[1].is_lower


def _initials(name: str | None) -> str:
    return "".join(w[0] for w in (name or "").split() if w[:1].isupper())


def _event_index(events: list, at: int) -> int | None:
    """The nearest event mentioned before the figure, else the article's first event."""
    if not events:
        return None
    before = [i for i, e in enumerate(events) if e.mention.start <= at]
    if before:
        return max(before, key=lambda i: events[i].mention.start)
    return 0


def _list_name(line: str) -> str | None:
    """'•Georgian Dream – Democratic Georgia – ' -> 'Georgian Dream – Democratic Georgia'."""
    text = LIST_PREFIX.sub("", line)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[\s\-–—:]+$", "", text)
    text = re.sub(r"\b\d[\d.,\s]*votes?\b", "", text).strip(" -–—:")
    text = re.sub(r"[:\s–—-]*\d[\d.,\s]*$", "", text)  # "Elena Lasconi: 1.772.150 –"
    if ":" in text:
        text = text.rsplit(":", 1)[1]  # "Preliminary results of the election: Putin: 71.31%"
    if "," in text:
        head, tail = text.split(",", 1)
        unquoted = re.sub(r"[‘'\"“][^‘'\"“”’]*[’'\"”]", "", tail)
        if re.search(r"\b[a-z][a-z-]+\b", unquoted):
            text = head
    name = clean_name(text)
    if not name or not re.search(r"[A-ZА-Я]", name[0:1].upper()) or not name[0].isupper():
        return None
    return name


def _continuations(doc: Doc, cuts: set[int]) -> set[int]:
    """Cuts inside a sentence broken by a stray paragraph break ('... (CEC)\\n\\nof Azerbaijan said.')."""
    out = set()
    for k in cuts:
        if k <= 0 or k >= len(doc):
            continue
        j = k
        while j < len(doc) and doc[j].is_space:
            j += 1
        i = k - 1
        while i > 0 and doc[i].is_space:
            i -= 1
        if j < len(doc) and doc[j].is_lower and doc[j].is_alpha and doc[i].text not in {".", "!", "?", ":", ";", "%"}:
            out.add(k)
        elif j < len(doc) and doc[j].text[:1].isupper() and ABBREVIATION.match(doc[i].text) and not doc[i].whitespace_.count("\n"):
            out.add(k)  # "Gov. John R. | Kasich", "Jeb Bush and Mr. | Rubio": the parser cut after an initial or title
        elif j == k and i == k - 1 and doc[j].is_alpha and doc[i].is_alpha and doc[i].whitespace_ == " ":
            out.add(k)  # "52 percent voted | Yes and 48 percent voted No": a sentence never ends on a bare word
    return out


def _units(doc: Doc, spans_inside: list[Span]) -> list[tuple[int, int]]:
    """Sentences, further cut at hard line breaks (list lines, header lines)."""
    breaks = sorted({m.end() for m in HARD_BREAK.finditer(doc_text(doc))})
    idx = token_starts(doc)
    cuts = set()
    for sent in doc.sents:
        cuts.add(sent.start)
    for ch in breaks:
        k = bisect_right(idx, ch - 1)
        if 0 < k < len(doc):
            cuts.add(k)
    cuts.add(len(doc))
    inside = {i for p in spans_inside for i in range(p.start + 1, p.end)}
    ordered = sorted(cuts - inside - _continuations(doc, cuts))
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if b > a]
