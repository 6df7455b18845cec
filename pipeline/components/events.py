"""The ``wf_events`` component: elections and referendums an article reports.

1. Every ELECTION_HEAD rule match ("election", "referendum", "runoff", "primary"; weak heads
   such as "vote" or "polls" only with an office or qualifier) becomes a *mention*. Its phrase is
   the head with its left modifiers ("Azerbaijan's extraordinary presidential", "Wednesday's",
   "the March 15-17") and a short right tail ("for head of state", "in Russia on March 17").
   OFFICE, QUALIFIER, place and date spans inside the phrase describe the mention; a date later
   in the sentence counts when a holding verb ties it to the vote ("took place on February 7").
2. Mentions of earlier elections ("the previous election", "the 2000 parliamentary elections",
   a sentence dated in an earlier year) and avoided runoffs are dropped.
3. Mentions merge into one election per (kind, office, stage); mentions without an office join
   the election they most plausibly name. An election needs an anchor (office, stage,
   qualifier, place or date in its phrase), so passing words ("I want a referendum") give none.
   A body that names no election of its own may take one from the headline.
4. Country: the phrase's place, else the dateline's country, else the article's most named
   country. Date: the best-supported mention date. candidates_declared: CANDIDATES_DECLARED.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from pipeline.components import (
    article_context,
    has_title_doc,
    parse_titles,
    rule_spans,
    title_doc,
    token_starts,
)
from pipeline.components.dates import resolve_dates
from pipeline.components.events_lexicon import Lexicon, place_readings, spans_by_label
from pipeline.records import EventFact, Mention
from pipeline.rules import load_rules

LABELS = {
    "ELECTION_HEAD", "OFFICE", "QUALIFIER", "COUNTRY", "COUNTRY_ADJ", "SUBDIVISION", "CAPITAL",
    "ELECTION_HELD", "ELECTION_PAST", "ELECTION_PAST_TAIL", "ELECTION_UPCOMING", "ELECTION_DAY", "RUNOFF_NEGATED", "CANDIDATES_DECLARED",
}  # fmt: skip
STAGES = ("runoff", "primary")
SUBSUMED = {"local": "mayor"}  # office whose elections include the other's (a mayoral race in municipal elections)
# Offices implied by a qualifier when none is named: primaries choose presidential nominees,
# by-elections fill a seat in parliament.
STAGE_OFFICE = {"primary": "president", "by-election": "parliament"}
LEFT_MAX, RIGHT_MAX, HELD_REACH = 8, 8, 14
# A sentence dated half a year before the article (or a month, across New Year) tells history.
STALE_DAYS = 180
# Tokens that may sit inside an election phrase before its head.
_LEFT_POS = {"ADJ", "NOUN", "PROPN", "NUM", "PART", "ADV"}
_LEFT_TEXT = {"-", "–", "—", "'s", "’s", "'", "/"}
_RIGHT_STOP_POS = {"AUX", "CCONJ", "SCONJ", "PRON", "PUNCT", "VERB", "PART"}
# Prepositions that continue an election phrase ("election for president in Russia on March 17");
# others ("with 73 percent", "after the count") start something else.
_RIGHT_ADP = {"in", "of", "for", "on", "to", "at"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@Language.factory("wf_events", default_config={"rules_dir": ""})
def make_component(nlp: Language, name: str, rules_dir: str) -> EventStage:
    rules = load_rules(Path(rules_dir) if rules_dir else None)
    return EventStage(Lexicon.from_rules(rules), nlp)


@dataclass
class _Mention:
    head: Span
    start: int  # char offsets of the phrase
    end: int
    kind: str
    rule: str
    strength: int  # 3 head with office, 2 strong head, 1 weak head, 0 context only
    office: str | None = None
    stage: str | None = None
    qualifier: str | None = None
    places: Counter = field(default_factory=Counter)
    date: str | None = None
    date_weight: float = 0.0
    anchored: bool = False
    compound: bool = False
    first_round: bool = False
    implied: bool = False  # "hypothetical matchups": the election a poll story tests


@dataclass
class _Election:
    kind: str
    office: str | None
    stage: str | None
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


class _TitleWanted(Exception):
    """The extraction needs the headline parsed (see ``EventStage.pipe``)."""


class EventStage:
    def __init__(self, lexicon: Lexicon, nlp: Language | None = None):
        self.lexicon = lexicon
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_events = extract_events(doc, self.lexicon, lambda: self._title_doc(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """``__call__`` over a stream. A doc that turns out to need its headline waits; the
        waiting headlines are parsed together (with those the results stage will read: one
        model call per batch), then those docs are extracted again (the extraction is a pure
        function of the doc)."""
        results_reads = self._results_reads_title()
        for batch in minibatch(docs, batch_size):
            waiting = []
            for doc in batch:
                try:
                    doc._.wf_events = extract_events(doc, self.lexicon, lambda doc=doc: self._title_doc(doc, wait=True))
                except _TitleWanted:
                    waiting.append(doc)
            also = [doc for doc in batch if results_reads(doc)] if results_reads else []
            parse_titles(self.nlp, waiting + also)
            for doc in waiting:
                self(doc)
            yield from batch

    def _results_reads_title(self) -> Callable[[Doc], bool] | None:
        """Whether the results stage, when the pipeline has it, will read a doc's headline."""
        if self.nlp is None or "wf_results" not in self.nlp.pipe_names:
            return None
        from pipeline.components.results import reads_title

        return reads_title

    def _title_doc(self, doc: Doc, wait: bool = False) -> Doc | None:
        """The parsed headline: headlines often name the election the body only calls
        "the vote" ("... as Georgia's parliamentary vote ends"). With ``wait``, a headline
        not parsed yet raises _TitleWanted instead."""
        if wait and not has_title_doc(doc):
            raise _TitleWanted
        tdoc = title_doc(self.nlp, doc)
        if tdoc is not None and tdoc._.wf_dates is None:
            tdoc._.wf_dates = resolve_dates(tdoc, article_context(doc).get("date"))
        return tdoc


# --------------------------------------------------------------------------- mentions


def _heads(spans: list[Span]) -> list[Span]:
    """Longest head at each position; heads inside a longer one ("runoff election") dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _inside(span: Span, start: int, end: int) -> bool:
    return span.start >= start and span.end <= end


def _modifier_like(tok: Token, tagged: bool) -> bool:
    """A token that can sit in a noun phrase before its head (without a tagger, a guess)."""
    if tagged:
        return tok.pos_ in _LEFT_POS or tok.text in _LEFT_TEXT
    return tok.text in _LEFT_TEXT or not (tok.is_punct or tok.is_stop or tok.lower_ in _RIGHT_ADP)


def _left_edge(doc: Doc, head: Span, sent: Span | None = None) -> int:
    i = head.start
    tagged = doc.has_annotation("TAG")
    sent_start = (sent or head.sent).start if doc.has_annotation("SENT_START") else 0
    while i > max(sent_start, head.start - LEFT_MAX):
        tok = doc[i - 1]
        if _modifier_like(tok, tagged):
            if tok.pos_ == "ADV" and tok.lower_ not in ("early", "last", "next"):
                break
            i -= 1
            continue
        break
    return i


def _right_edge(doc: Doc, head: Span, sent: Span | None = None) -> int:
    """A short tail: "for head of state", "in Russia on March 17", "held in Azerbaijan on February 7"."""
    end = head.end
    sent_end = (sent or head.sent).end if doc.has_annotation("SENT_START") else len(doc)
    i = head.end
    while i < min(sent_end, head.end + RIGHT_MAX):
        tok: Token = doc[i]
        if tok.pos_ in _RIGHT_STOP_POS and not (tok.tag_ == "VBN" or tok.text in ("-", "–", "'s", "’s")):
            break
        if tok.pos_ == "ADP" and tok.lower_ not in _RIGHT_ADP:
            break
        i += 1
        end = i
    return end


def _dates_in(dates: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    return [d for d in dates if d[0] >= start and d[1] <= end]


def _mention(doc: Doc, head: Span, ctx: _Context) -> _Mention | None:
    lex = ctx.lexicon
    value = lex.value(head) or {}
    weak = bool(value.get("weak"))
    stage = value.get("stage")
    first_round = stage == "first_round"
    if first_round:
        stage = None
    head_sent = ctx.sent(head) if doc.has_annotation("SENT_START") else None
    left = _left_edge(doc, head, head_sent)
    right = _right_edge(doc, head, head_sent)
    compound = _is_modifier(doc, head) or head.start in ctx.absorbed
    if compound:
        right = head.end
    kind = value.get("kind", "election")
    m = _Mention(head, doc[left].idx, head.end_char, kind, head.id_, 1 if weak else 2, stage=stage, compound=compound)
    m.qualifier = value.get("qualifier")
    m.first_round = first_round
    for span in ctx.spans["RUNOFF_NEGATED"]:
        if span.start <= head.start < span.end + 1 and stage == "runoff":
            return None
    offices = [
        s for s in ctx.spans["OFFICE"]
        if _inside(s, left, right) and not _overlaps(s, head) and not (s.start > head.start and doc[s.start - 1].lower_ in ("a", "an"))
    ]  # "direct election of a president" names a way of choosing, not an election
    if value.get("dated"):  # "presidential vote" names an election, "General Assembly vote" a body voting
        offices = [s for s in offices if s.start > head.start or s[-1].pos_ == "ADJ" or not doc.has_annotation("TAG")]
    if offices and kind == "election":
        before = [s for s in offices if s.end <= head.start]
        m.office = lex.value((before or offices)[-1 if before else 0])
    if value.get("office") and not m.office:
        m.office = value["office"]  # "to elect a new president": the head names its office
    for span in ctx.spans["QUALIFIER"]:
        if _inside(span, left, head.start):
            q = lex.value(span)
            if q in STAGES and not m.stage:
                m.stage = q
            elif q not in STAGES and not m.qualifier:
                m.qualifier = q
    if any(_inside(s, left, head.start) for s in ctx.spans["ELECTION_PAST"] if not _in_date(s, ctx.dates)):
        return None
    if any(head.end <= s.start <= right for s in ctx.spans["ELECTION_PAST_TAIL"]):
        return None
    # Weak heads ("vote", "polls") name an election only with an office, qualifier or stage.
    if m.office and not weak:
        m.strength = 3
    if _earlier_year(doc, head, left, right, ctx) or _counted(doc, head, left, ctx):
        return None
    sent = head_sent if head_sent is not None else head.sent
    held_before = [s for s in ctx.spans["ELECTION_HELD"] if s.start >= sent.start and s.end <= left]
    for (ps, pe), country in ctx.places.items():
        if ps >= left and pe <= head.start:
            m.places[country] += 3
        elif ps >= head.end and pe <= right:
            m.places[country] += 2.5
        elif ps >= sent.start and pe <= sent.end and (ps, pe) in ctx.nominal_places:
            # the subject of a holding verb: "South Korea will hold presidential elections"
            holds = pe <= left and any(pe <= s.start and s.end <= left and s.start - pe <= 3 for s in held_before)
            m.places[country] += 2.5 if holds else 1
    _date_for(doc, head, m, left, right, ctx)
    # Weak heads ("vote", "ballot") name an election only with an office, qualifier or stage;
    # with just a place or a date ("Azerbaijan's vote", "the ballot held on Nov. 9") they
    # describe the article's election without founding one.
    if weak and not (m.office or m.qualifier or m.stage or first_round):
        if not (any(_inside(s, left, head.start) for s in ctx.places_spans) or (value.get("dated") and m.date_weight >= 2)):
            return None
        m.strength = 0
    m.start = doc[left].idx
    m.end = doc[right - 1].idx + len(doc[right - 1]) if right > head.end else head.end_char
    upcoming = any(_inside(s, left, head.start) for s in ctx.spans["ELECTION_UPCOMING"])
    on_topic = kind == "referendum" and head.end < len(doc) and doc[head.end].lower_ == "on"
    # "in hypothetical matchups": the election to come that a poll story tests, an election of its own
    implied = m.implied = bool(value.get("implied"))
    if implied:
        m.date, m.date_weight = None, 0.0  # "a hypothetical November contest" gives a month, not the day
    m.anchored = bool(m.office or m.qualifier or m.date_weight >= 1.4 or _placed(m) or upcoming or on_topic or implied)
    return m


def _is_modifier(doc: Doc, head: Span) -> bool:
    """ "election commission", "vote tally": the head noun modifies another noun."""
    if doc.has_annotation("DEP"):
        return head.root.dep_ == "compound"
    nxt = doc[head.end] if head.end < len(doc) else None
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN")


def _absorbed(doc: Doc, heads: list[Span], lexicon: Lexicon) -> set[int]:
    """Election nouns inside a stage phrase: "the presidential election's second round",
    "the first round of the November 24 presidential election" describe one mention."""
    starts = {h.start: h for h in heads}
    ends = {h.end - 1: h for h in heads}
    out = set()
    for h in heads:
        if not (lexicon.value(h) or {}).get("stage"):
            continue
        i = h.end
        if i < len(doc) and doc[i].lower_ == "of":
            i += 1
            while i < min(len(doc), h.end + 8) and i not in starts and doc[i].pos_ in ("DET", "ADJ", "PROPN", "NUM", "NOUN", "PART", "PUNCT"):
                i += 1
            if i in starts:
                out.add(i)
        i = h.start - 1  # "the 2016 presidential election in the Democratic and Republican caucuses"
        while i > h.start - 6 and i >= 0 and doc[i].pos_ in ("ADJ", "PROPN", "NOUN", "CCONJ") and doc[i].i not in ends:
            i -= 1
        if i >= 2 and doc[i].lower_ == "the" and doc[i - 1].lower_ == "in" and doc[i - 2].i in ends:
            out.add(ends[doc[i - 2].i].start)
        j = h.start - 1
        if j >= 1 and doc[j].text in ("'s", "’s"):
            prev = [g for g in heads if g.end == j]
            out.update(g.start for g in prev)
    return out


def _counted(doc: Doc, head: Span, left: int, ctx: _Context) -> bool:
    """Counted or renewed elections are background: "two presidential elections", "his re-election"."""
    if head.start >= 2 and doc[head.start - 1].text == "-" and doc[head.start - 2].lower_ == "re":
        return True
    if head.start >= 1 and doc[head.start - 1].lower_ in ("re", "re-"):
        return True
    tagged = doc.has_annotation("TAG")
    for tok in doc[left : head.start]:
        cardinal = tok.tag_ == "CD" if tagged else tok.like_num  # not "first" or "12th"
        hyphened = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-"  # "a two-round election"
        if cardinal and not hyphened and not _YEAR.match(tok.text) and not _in_date(doc[tok.i : tok.i + 1], ctx.dates):
            return True
    return False


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _in_date(span: Span, dates: list[tuple[int, int, str]]) -> bool:
    return any(s <= span.start_char and span.end_char <= e for s, e, _ in dates)


def _earlier_year(doc: Doc, head: Span, left: int, right: int, ctx: _Context) -> bool:
    """An election of an earlier year: "the 2000 parliamentary elections", "elections in 2003",
    or a sentence whose date nearest the head lies in an earlier year."""
    if not ctx.base:
        return False
    # Early in a year, last year's election is still news ("the 2023 election" in January 2024).
    current = ctx.base.year if ctx.base.month > 3 else ctx.base.year - 1
    for tok in doc[left:right]:
        if _YEAR.match(tok.text) and int(tok.text) < current:
            prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
            if tok.i < head.start or prev in ("in", "of"):
                return True
    sent = ctx.sent(head)
    in_sent = ctx.dates_in(sent.start_char, sent.end_char)
    if not in_sent:
        return False
    nearest = min(in_sent, key=lambda d: min(abs(d[0] - head.end_char), abs(head.start_char - d[1])))
    date = dt.date.fromisoformat(nearest[2])
    days = (ctx.base - date).days
    return days > STALE_DAYS or (date.year < ctx.base.year and days > STALE_DAYS // 6)


def _date_for(doc: Doc, head: Span, m: _Mention, left: int, right: int, ctx: _Context) -> None:
    """The date a mention names: in its phrase (3: "Wednesday's election"; 2.5: "election on
    February 7"), or tied by a holding verb in the sentence (2: "took place on February 7";
    1.5: "voted on Sunday in a presidential election")."""
    left_char = doc[left].idx
    right_char = doc[right - 1].idx + len(doc[right - 1]) if right > head.end else head.end_char
    best: tuple[float, str] | None = None
    sent = ctx.sent(head)
    # Only dates within reach of the head can weigh (in its phrase, or HELD_REACH tokens
    # away), and only holding verbs within 6 tokens of those: windows, not whole sentences.
    reach = max(HELD_REACH, LEFT_MAX, RIGHT_MAX) + 1
    lo_tok, hi_tok = head.start - reach - ctx.date_max_len, head.end + reach
    held = ctx.held_in(max(sent.start, lo_tok - 7), min(sent.end, hi_tok + ctx.date_max_len + 7))
    for k in ctx.date_window(lo_tok, hi_tok):
        start, end, iso = ctx.dates[k]
        if start < sent.start_char or end > sent.end_char:
            continue
        weight = 0.0
        if start >= left_char and end <= head.start_char:
            weight = 3
        elif start >= head.end_char and end <= right_char:
            weight = 2.5
        else:
            date = ctx.date_spans[k]
            if date is None or _overlaps(date, head):
                continue
            gap = date.start - head.end if date.start >= head.end else head.start - date.end
            lo, hi = min(head.start, date.start) - 6, max(head.end, date.end) + 6
            # distance to the holding verb; a date after it ("took place on March 24") is the usual shape
            cues = [date.start - s.end if date.start >= s.end else s.start - date.end + 1 for s in held if s.start >= lo and s.end <= hi]
            if gap <= HELD_REACH and cues:  # the date nearest its holding verb wins a tie
                weight = (2 if date.start >= head.end else 1.5) - min(cues) / 100
        if weight and (best is None or weight > best[0]):
            best = (weight, iso)
    if best:
        m.date_weight, m.date = best


@dataclass
class _Context:
    lexicon: Lexicon
    spans: dict[str, list[Span]]
    dates: list[tuple[int, int, str]]
    places: dict[tuple[int, int], str]
    nominal_places: set[tuple[int, int]]
    places_spans: list[Span]
    base: dt.date | None
    absorbed: set[int] = field(default_factory=set)
    sent_starts: list[int] = field(default_factory=list)
    sent_ends: list[int] = field(default_factory=list)
    date_spans: list[Span | None] = field(default_factory=list)  # token span of each date
    date_tok: list[int] = field(default_factory=list)  # its first token (dates are sorted)
    date_ends: list[int] = field(default_factory=list)
    date_max_len: int = 0
    held: list[Span] = field(default_factory=list)  # ELECTION_HELD spans by start
    held_starts: list[int] = field(default_factory=list)

    def index(self, doc: Doc) -> None:
        """Sentences, date tokens and holding verbs indexed once: ``Span.sent`` and
        per-mention scans over every date are quadratic on long inputs."""
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                self.sent_starts.append(sent.start)
                self.sent_ends.append(sent.end)
        else:
            self.sent_starts, self.sent_ends = [0], [len(doc)]
        self.date_spans = [doc.char_span(s, e, alignment_mode="expand") for s, e, _ in self.dates]
        token_idx = token_starts(doc)
        self.date_tok = [max(0, bisect_right(token_idx, s) - 1) for s, _e, _i in self.dates]
        self.date_ends = [e for _s, e, _i in self.dates]
        self.date_max_len = max((len(d) for d in self.date_spans if d is not None), default=0) + 1
        self.held = sorted(self.spans["ELECTION_HELD"], key=lambda sp: (sp.start, sp.end))
        self.held_starts = [sp.start for sp in self.held]

    def sent(self, span: Span) -> Span:
        """What ``span.sent`` gives: from the start of the first token's sentence to the end
        of the last token's sentence."""
        doc = span.doc
        if not self.sent_starts:
            return span.sent
        a = bisect_right(self.sent_starts, span.start) - 1
        b = bisect_right(self.sent_starts, max(span.start, span.end - 1)) - 1
        return doc[self.sent_starts[a] : self.sent_ends[b]]

    def dates_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """``_dates_in(self.dates, start, end)`` by bisection (dates are sorted, disjoint)."""
        lo = bisect_left(self.dates, (start,))
        return _dates_in(self.dates[lo : bisect_right(self.date_ends, end)], start, end)

    def date_window(self, lo_tok: int, hi_tok: int) -> range:
        """Indexes of the dates whose first token lies in [lo_tok, hi_tok], in text order."""
        return range(bisect_left(self.date_tok, lo_tok), bisect_right(self.date_tok, hi_tok))

    def held_in(self, lo: int, hi: int) -> list[Span]:
        """ELECTION_HELD spans inside tokens [lo, hi)."""
        window = self.held[bisect_left(self.held_starts, lo) : bisect_left(self.held_starts, hi)]
        return [sp for sp in window if sp.end <= hi]


# --------------------------------------------------------------------------- grouping


def _day_cue_dates(doc: Doc, ctx: _Context, heads: list[Span]) -> list[tuple[int, str]]:
    """(char offset, date) of dates beside an election-day phrase in a sentence naming no
    election ("when voters in Pennsylvania head to the polls on April 26")."""
    head_sents = {ctx.sent(h).start for h in heads}
    out = []
    for cue in ctx.spans["ELECTION_DAY"]:
        cue_sent = ctx.sent(cue)
        if cue_sent.start in head_sents:
            continue
        for start, end, iso in ctx.dates_in(cue_sent.start_char, cue_sent.end_char):
            date = doc.char_span(start, end, alignment_mode="expand")
            if date is not None and min(abs(date.start - cue.end), abs(cue.start - date.end)) <= 6:
                out.append((start, iso))
                break
    return out


def _group(mentions: list[_Mention]) -> list[_Election]:
    elections: dict[tuple, _Election] = {}

    def add(key: tuple, m: _Mention) -> None:
        elections.setdefault(key, _Election(*key)).mentions.append(m)

    named = [m for m in mentions if not m.compound and m.strength > 0]
    if not named:  # only modifier uses ("final presidential vote tally"): those with an office
        named = [m for m in mentions if m.office and m.strength > 0]
    for m in mentions:
        if m.kind == "referendum":
            m.office = None

    def founds(m: _Mention) -> bool:
        if m.kind == "referendum":
            return m.anchored
        return bool(m.office or (m.stage and (m.date_weight >= 2 or _placed(m))))

    for m in named:
        if founds(m):
            add((m.kind, m.office, m.stage), m)
    for m in named:
        if founds(m):
            continue
        same = [e for e in elections.values() if e.kind == m.kind and e.stage == m.stage]
        if same:
            same[0].mentions.append(m)
        elif (m.anchored and m.strength >= 2) or (m.first_round and any(e.stage == "runoff" for e in elections.values())):
            add((m.kind, None, m.stage), m)  # a first round beside a runoff is an election of its own
    # A mayoral race is part of the municipal elections that elect the mayor.
    for key in [k for k in elections if k[1] in SUBSUMED]:
        target = (key[0], SUBSUMED[key[1]], key[2])
        if target in elections:
            elections[target].mentions.extend(elections.pop(key).mentions)
    # Office-less elections take the office of their sibling elections when only one is named.
    for key in [k for k in elections if k[1] is None and k[0] == "election"]:
        offices = {k[1] for k in elections if k[0] == "election" and k[1]}
        if len(offices) == 1:
            office = offices.pop()
            moved = elections.pop(key)
            new_key = (key[0], office, key[2])
            if new_key in elections:
                elections[new_key].mentions.extend(moved.mentions)
            else:
                elections[new_key] = _Election(key[0], office, key[2], moved.mentions)
    # Context mentions (election results, campaign, "Azerbaijan's vote") lend dates and places.
    for m in mentions:
        if (m.compound or m.strength == 0) and elections:
            target = [e for e in elections.values() if e.kind == m.kind and (not m.office or e.office == m.office)]
            if target:
                target[0].mentions.append(m)
    return sorted(elections.values(), key=lambda e: e.first)


def _placed(m: _Mention) -> bool:
    return max(m.places.values(), default=0) >= 2.5


def _country(election: _Election, fallback: str | None) -> str | None:
    votes: Counter = Counter()
    for m in election.mentions:
        votes.update(m.places)
    if votes:
        country, weight = votes.most_common(1)[0]
        if weight >= 2.5 or not fallback:
            return country
    return fallback


def _date(election: _Election, day_cues: list[tuple[int, str]] = ()) -> str | None:
    best: tuple[float, int, str] | None = (1.0, -day_cues[0][0], day_cues[0][1]) if day_cues else None
    for m in election.mentions:
        if not m.date:
            continue
        weight = m.date_weight - (0.5 if m.compound or m.strength == 0 else 0)
        if best is None or (weight, -m.start) > best[:2]:
            best = (weight, -m.start, m.date)
    return best[2] if best else None


def _article_office(ctx: _Context) -> str | None:
    """For an election named without office ("Burma's elections"), the office the article names most."""
    doc = ctx.spans["OFFICE"][0].doc if ctx.spans["OFFICE"] else None
    counts = Counter(
        ctx.lexicon.value(s)
        for s in ctx.spans["OFFICE"]
        if ctx.lexicon.value(s) in ("president", "parliament")
        and s.text.lower() != "president"  # the noun names a person far more often than the office
        and not (s.end < len(doc) and doc[s.end].pos_ == "PROPN")  # a title: "President Thein Sein"
        and not (s.start > 0 and doc[s.start - 1].pos_ == "PROPN" and s.text[:1].isupper())  # "Vice President"
    )
    return counts.most_common(1)[0][0] if counts else None


def _candidates(doc: Doc, elections: list[_Election], ctx: _Context) -> dict[int, int]:
    """Election index -> declared number of candidates, from CANDIDATES_DECLARED matches."""
    out: dict[int, int] = {}
    choices = [(i, e) for i, e in enumerate(elections) if e.kind == "election"]
    if not choices:
        return out
    for span in ctx.spans["CANDIDATES_DECLARED"]:
        number = ctx.lexicon.number(span.text)
        if number is None:
            continue
        before = [(max((m.start for m in e.mentions if m.start <= span.start_char), default=-1), i) for i, e in choices]
        pos, index = max(before)
        if pos < 0:
            index = choices[0][0]
        out.setdefault(index, number)
    return out


def _context(doc: Doc, lexicon: Lexicon) -> _Context:
    spans = spans_by_label(doc, LABELS)
    places = place_readings(doc, lexicon, spans)
    # Names and plural nationality nouns ("South Africans vote ...") name a place in a sentence.
    nominal = {(s.start, s.end) for label in ("COUNTRY", "SUBDIVISION") for s in spans[label]}
    nominal |= {(s.start, s.end) for s in spans["COUNTRY_ADJ"] if s[-1].tag_ in ("NNS", "NNPS")}
    place_spans = [s for label in ("COUNTRY", "SUBDIVISION", "COUNTRY_ADJ") for s in spans[label] if (s.start, s.end) in places]
    base = article_context(doc).get("date")
    dates = list(doc._.wf_dates or [])
    ctx = _Context(lexicon, spans, dates, places, nominal, place_spans, dt.date.fromisoformat(base) if base else None)
    ctx.index(doc)
    return ctx


def _share_coordinated(doc: Doc, mentions: list[_Mention]) -> None:
    """ "Sunday's presidential vote and referendum", "the presidential election and the
    referendum in South Ossetia": coordinated heads share their place and date."""
    for a, b in zip(mentions, mentions[1:]):
        between = doc[a.head.end : b.head.start]
        if not between or len(between) > 6 or not any(t.lower_ in ("and", "or") for t in between):
            continue
        if any(t.pos_ in ("VERB", "AUX") or t.text in (".", ";") for t in between):
            continue
        for x, y in ((a, b), (b, a)):
            for country, weight in y.places.items():
                x.places[country] = max(x.places[country], weight)
            if y.date_weight > x.date_weight:
                x.date, x.date_weight = y.date, y.date_weight


def _mentions(doc: Doc, lexicon: Lexicon) -> tuple[list[_Mention], _Context]:
    ctx = _context(doc, lexicon)
    heads = _heads(ctx.spans["ELECTION_HEAD"])
    ctx.absorbed = _absorbed(doc, heads, lexicon)
    mentions = [m for head in heads if (m := _mention(doc, head, ctx))]
    _share_coordinated(doc, mentions)
    return mentions, ctx


def _from_title(title: Callable[[], Doc | None] | None, doc: Doc, ctx: _Context, lexicon: Lexicon) -> list[_Election]:
    """A headline election for a body that names none of its own; its mention is the body's
    first election word (offsets must point into the body). The headline is parsed only then."""
    if title is None or not ctx.spans["ELECTION_HEAD"]:
        return []
    title_doc = title()
    if title_doc is None:
        return []
    elections = _group(_mentions(title_doc, lexicon)[0])
    if not elections:
        return []
    anchor = ctx.spans["ELECTION_HEAD"][0]
    for e in elections:
        for m in e.mentions:
            m.start, m.end, m.strength = anchor.start_char, anchor.end_char, min(m.strength, 1)
            m.head = anchor
    return elections[:1]


def extract_events(doc: Doc, lexicon: Lexicon, title: Callable[[], Doc | None] | None = None) -> list[EventFact]:
    """The article's elections; ``title`` parses the headline on demand."""
    if not rule_spans(doc).get("ELECTION_HEAD"):
        return []  # no election word: no mention, and the headline is not read either
    mentions, ctx = _mentions(doc, lexicon)
    elections = _group(mentions) or _from_title(title, doc, ctx, lexicon)
    if not elections:
        return []
    article = article_context(doc)
    named = Counter(ctx.places[(s.start, s.end)] for s in ctx.places_spans)
    fallback = lexicon.dateline_country(article.get("place")) or (named.most_common(1)[0][0] if named else None)
    declared = _candidates(doc, elections, ctx)
    day_cues = _day_cue_dates(doc, ctx, [m.head for m in mentions])
    main = next((i for i, e in enumerate(elections) if e.kind == "election"), 0)
    office_guess = _article_office(ctx)
    # the office of the elections the story names ("primary" chooses a presidential nominee)
    named_offices = [e.office or STAGE_OFFICE.get(e.stage or "") for e in elections if not all(m.implied for m in e.mentions)]
    sibling_office = next((o for o in named_offices if o), None)
    facts = []
    for i, e in enumerate(elections):
        naming = [m for m in e.mentions if m.strength > 0 and not m.compound] or e.mentions
        first = min(naming, key=lambda m: m.start)
        strongest = max(e.mentions, key=lambda m: (m.strength, -m.start))
        qualifier = e.stage or next((m.qualifier for m in sorted(e.mentions, key=lambda m: m.start) if m.qualifier), None)
        office = e.office or STAGE_OFFICE.get(qualifier) or (office_guess if e.kind == "election" else None)
        if office is None and all(m.implied for m in e.mentions):
            office = sibling_office
        mention = Mention(article["id"], first.start, first.end, first.head.sent.text.strip(), strongest.rule)
        facts.append(EventFact(e.kind, office, qualifier, _country(e, fallback), _date(e, day_cues if i == main else ()), declared.get(i), mention))
    return facts
