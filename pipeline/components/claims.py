"""The ``wf_claims`` component: attributed statements, quoted or reported.

Two passes over one article:

1. Direct quotations (``claims_quotes``): each quoted segment is attributed by the cue in
   the narrative right after it ('"...," he said') or right before it ('he said: "..."');
   a quote following an already attributed one in the same paragraph, or continuing the
   previous paragraph's quote, joins that claim.
2. Reported speech: every other cue (reporting verbs and "according to" from
   ``rules/claims.yml``) outside quotations, with its reported clause as the text.

Speakers come from the dependency parse (``claims_speakers``) and are resolved against
the speakers named before them in the article. Vote figures, the agency's own credit
line and unattributed narration are not claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components import article_context, doc_text, rule_spans
from pipeline.components.claims_quotes import Quote, find_quotes, paragraphs
from pipeline.components.claims_speakers import (
    DocIndex,
    Speaker,
    SpeakerMemory,
    describe,
    subject_of,
    trailing_speaker,
)
from pipeline.records import ClaimFact, Mention

CUE = "CLAIM_CUE"
ACCORDING = "CLAIM_ACCORDING"
ROLE = "CLAIM_ROLE"
ORG_REF = "CLAIM_ORG_REF"
STATEMENT = "CLAIM_STATEMENT"
CREDIT = "CLAIM_CREDIT"
VOTE_FIGURE = "CLAIM_VOTE_FIGURE"

MIN_QUOTE_WORDS = 3
MIN_CONTENT_WORDS = 3
# Cues whose content may be an object plus an infinitive ("urged X to ...", "vowed not to ...").
DIRECTIVE_LEMMAS = {"urge", "call", "ask", "vow", "pledge", "promise", "demand", "propose", "recommend", "warn",
                    "describe", "characterize", "accuse", "criticize", "praise", "blame"}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])")
# A period after these is not a sentence end ("Mr. McKinley said").
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "jr", "sr", "prof",
                 "rev", "sgt", "capt", "maj", "mt", "no", "vs", "u.s", "u.n", "u.k", "e.u", "inc", "corp", "co"}
_WORD = re.compile(r"\w+")
_TITLE_WORD = re.compile(r"\w[\w'’-]*")
TITLE_MAX_WORDS = 8
# Words a headline-case title leaves in lower case.
TITLE_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by",
                     "from", "as", "into", "vs"}
# The word before a period that is an initial or a run of them ("G.K. Butterfield", "J. Smith").
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]$")


@Language.factory("wf_claims", default_config={"rules_dir": ""})
def make_component(nlp: Language, name: str, rules_dir: str) -> ClaimStage:
    return ClaimStage(rules_dir)


@dataclass
class _Cue:
    token: Token
    rule: str
    kind: str  # speech | belief | according


@dataclass
class _Draft:
    head: Token  # head of the speaker phrase (described in text order, see facts())
    bounds: tuple[int, int] | None  # explicit speaker phrase (parse-independent)
    cue: str
    quote: bool
    spans: list[tuple[int, int]]  # char spans of the content pieces
    rule: str
    date: str | None
    cue_token: int


class ClaimStage:
    """Reads the rule spans; writes ``doc._.wf_claims`` (list of ClaimFact)."""

    def __init__(self, rules_dir: str = ""):
        self.rules_dir = rules_dir

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.wf_claims = extract_claims(doc)
        except Exception:  # a parse the rules did not foresee costs this article's claims only
            doc._.wf_claims = []
        return doc


# --------------------------------------------------------------------------- helpers


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def is_title(text: str) -> bool:
    """A quoted name in headline case ("Fox News Sunday", "Make Your Kid a Millionaire"):
    a program, book, song or slogan, not a quotation."""
    words = _TITLE_WORD.findall(text)
    if not 2 <= len(words) <= TITLE_MAX_WORDS or text.rstrip(" ,.").endswith(("?", "!")):
        return False
    if not words[0][0].isupper() or any(ch in text for ch in ";:"):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


def _has_words(text: str, start: int, end: int, n: int) -> bool:
    """At least ``n`` words in text[start:end], without counting them all."""
    return sum(1 for _ in islice(_WORD.finditer(text, start, end), n)) >= n


class _Intervals:
    """Char spans answering "does any overlap [a, b)?" (the test of ``_overlaps``) in
    O(log n): spans sorted by start, with the two largest ends of distinct spans so far."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(set(spans))
        self.starts = [s for s, _e in self.spans]
        self.best: list[tuple[int, int]] = []  # per prefix: indexes of the top two ends
        top1 = top2 = -1
        for k, (_s, e) in enumerate(self.spans):
            if top1 < 0 or e > self.spans[top1][1]:
                top1, top2 = k, top1
            elif top2 < 0 or e > self.spans[top2][1]:
                top2 = k
            self.best.append((top1, top2))

    def overlaps(self, a: int, b: int, exclude: tuple[int, int] | None = None) -> bool:
        """True when a span other than ``exclude`` has s < b and a < e."""
        k = bisect_left(self.starts, b) - 1
        if k < 0:
            return False
        for j in self.best[k]:
            if j < 0:
                return False
            if self.spans[j] != exclude:
                return self.spans[j][1] > a
        return False


def _cues(spans: dict[str, list[Span]]) -> list[_Cue]:
    seen: dict[int, _Cue] = {}
    for span in spans.get(CUE, []):
        kind = "belief" if span.id_.endswith("belief") else "speech"
        seen.setdefault(span.root.i, _Cue(span.root, span.id_, kind))
    for span in spans.get(ACCORDING, []):
        seen.setdefault(span[0].i, _Cue(span[0], span.id_, "according"))
    return [seen[i] for i in sorted(seen)]




def cue_text(token: Token) -> str:
    """The reporting verb as written, with its auxiliaries (and an adverb between them)
    and particle ("has said", "has also called for", "pointed out")."""
    if token.lower_ == "according":
        return "according to"
    doc = token.doc
    start = token.i
    while start - 1 >= 0 and doc[start - 1].head == token and (
        (doc[start - 1].dep_ in ("aux", "auxpass") and doc[start - 1].lower_ != "to")
        or (doc[start - 1].dep_ == "advmod" and start - 2 >= 0 and doc[start - 2].dep_ == "aux" and doc[start - 2].head == token)
    ):
        start -= 1
    end = token.i + 1
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and (
        (nxt.dep_ == "prt" and nxt.head == token) or (token.lemma_ == "call" and nxt.lower_ in ("for", "on"))
    ):
        end += 1
    return doc[start:end].text


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, edge punctuation, quote marks and a leading "that"."""
    while start < end and (text[start].isspace() or text[start] in ",;:-–—\"“”'‘’"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—\"“”'‘’"):
        end -= 1
    if text[start : start + 5].lower().startswith("that "):
        start += 5
    if end - start > 2 and text[end - 1] == "." and (text[end - 2].islower() or text[end - 2].isdigit()):
        end -= 1  # the sentence's own full stop, not an abbreviation's
    return start, end


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence holding ``pos``, not before ``lo``."""
    last = lo
    for m in _breaks(text, lo, pos):
        last = m.end()
    return last


def _sentence_end(text: str, pos: int, hi: int) -> int:
    m = next(_breaks(text, pos, hi), None)
    return m.start() + 1 if m else hi


def _sentence_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    spans, start = [], lo
    for m in _breaks(text, lo, hi):
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, hi))
    return spans


def _breaks(text: str, lo: int, hi: int):
    """Sentence ends in text[lo:hi], not the periods of abbreviations and initials."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == ".":
            word = text[max(lo, m.start() - 6) : m.start()].split()
            last = word[-1].lower().lstrip("(\"“'‘") if word else ""
            if last in ABBREVIATIONS or _INITIALS.match(last):
                continue
        yield m


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _date_of(cue: Token, dates: list[tuple[int, int, str]], default: str | None) -> str | None:
    """The statement's own date when the cue carries one ("said on Thursday, February 8")."""
    for child in cue.children:
        if child.dep_ in ("npadvmod", "prep", "tmod") and child.i > cue.i - 3:
            lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
            if child.dep_ == "prep" and child.lower_ not in ("on", "in"):
                continue
            for start, end, iso in dates:
                if lo <= start and end <= hi and iso and len(iso) == 10:
                    return iso
    return default


# --------------------------------------------------------------------------- extraction


class _Extraction:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        ctx = article_context(doc)
        self.article_id = ctx.get("id") or "unknown"
        self.date = ctx.get("date")
        self.dates = list(doc._.wf_dates or [])
        self.spans = rule_spans(doc)
        self.roles = self.spans.get(ROLE, [])
        self.statement_words = {s.text.lower() for s in self.spans.get(STATEMENT, [])} | {"statement"}
        self.org_ref_words = {s.text.lower() for s in self.spans.get(ORG_REF, [])}
        self.credit = [(s.start_char, s.end_char) for s in self.spans.get(CREDIT, [])]
        self.vote_figures = [(s.start_char, s.end_char) for s in self.spans.get(VOTE_FIGURE, [])]
        self.results = [_mention_span(r) for r in (doc._.wf_results or [])]
        self.memory = SpeakerMemory()
        self.cues = _cues(self.spans)
        self.quotes = find_quotes(self.text)
        self.quote_spans = [(q.start, q.end) for q in self.quotes]
        self.used_cues: set[int] = set()
        self.quote_tokens = {t.i for s, e in self.quote_spans for t in _tokens_in(doc, s, e)}
        self.credit_tokens = {t.i for s, e in self.credit for t in _tokens_in(doc, s, e)}
        self.memory.blocked = self.quote_tokens
        self.speaker_skip = self.quote_tokens | self.credit_tokens
        self.index = DocIndex(doc, self.speaker_skip)  # sentences and entities, indexed once
        self.quote_index = _Intervals(self.quote_spans)
        self.semicolons = [m.start() for m in re.finditer(";", self.text)]
        self.cue_idx = [c.token.idx for c in self.cues]  # cues are in token (= char) order
        self.drafts: list[_Draft] = []

    # ----------------------------------------------------------- speakers

    def speaker_head(self, cue: Token) -> tuple[Token, tuple[int, int] | None] | None:
        """The speaker phrase's head (and range when the parse did not give it)."""
        head = subject_of(cue, self.quote_tokens)
        if head is not None and head.i in self.credit_tokens:
            head = None
        if cue.lower_ != "according":
            bounds = trailing_speaker(cue, self.speaker_skip, self.index)
            # '<content>, two of its representatives, A and B, told X': the parser may take
            # the content's subject for the speaker; the name next to the cue wins.
            if bounds is not None and (head is None or head.right_edge.i < bounds[0]):
                ents = self.index.ents_within(bounds[0], bounds[1])
                return ents[-1].root if ents else self.doc[bounds[1] - 1], bounds
        if head is None:
            return None
        return head, None

    def speaker(self, head: Token, bounds: tuple[int, int] | None = None) -> Speaker | None:
        found = describe(head, self.memory, self.roles, self.statement_words, self.org_ref_words, bounds)
        if found is not None:
            self.memory.remember(found)
        return found

    def _has_verb(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    def _cue_in_quote(self, token: Token) -> bool:
        return self.quote_index.overlaps(token.idx, token.idx + 1)

    # ----------------------------------------------------------- pass 1: quotations

    def quotations(self) -> None:
        paras = paragraphs(self.text)
        by_para: dict[int, list[Quote]] = {}
        for q in self.quotes:
            by_para.setdefault(q.paragraph, []).append(q)
        previous: _Draft | None = None  # the claim a continuation quote extends
        for index, quotes in sorted(by_para.items()):
            p_start, p_end = paras[index]
            current: _Draft | None = None
            for k, q in enumerate(quotes):
                prev_end = quotes[k - 1].end + 1 if k else p_start
                next_start = quotes[k + 1].start - 1 if k + 1 < len(quotes) else p_end
                if q.continuation and k == 0 and previous is not None:
                    previous.spans.append((q.start, q.end))
                    current = previous
                    after = self._frame_cue(q.end, next_start, after=True)
                    if after is not None:
                        self.used_cues.add(after.token.i)
                    continue
                draft = self._attribute(q, prev_end, next_start, current, index, paras)
                if draft is None:
                    continue
                if draft is current:
                    current.spans.append((q.start, q.end))
                else:
                    current = draft
                    self.drafts.append(draft)
            previous = current if quotes and quotes[-1].continued else None

    def _frame_cue(self, lo: int, hi: int, after: bool) -> _Cue | None:
        """The cue in the narrative between two quotes: the first one after a quote (up
        to the sentence end), the last one before it (from the sentence start)."""
        if after:
            hi = min(hi, _sentence_end(self.text, lo + 2, hi))
        else:
            lo = _sentence_start(self.text, lo, hi)
        window = self.cues[bisect_left(self.cue_idx, lo) : bisect_left(self.cue_idx, hi)]
        found = [c for c in window if c.kind != "belief"]
        if not found:
            return None
        return found[0] if after else found[-1]

    def _attribute(
        self, q: Quote, lo: int, hi: int, current: _Draft | None, index: int, paras: list[tuple[int, int]]
    ) -> _Draft | None:
        text = self.text
        inner = text[q.start : q.end]
        if _words(inner) < MIN_QUOTE_WORDS or is_title(inner):
            return None
        after = self._frame_cue(q.end + 1, hi, after=True)
        if after is not None and after.token.i not in self.used_cues and self._tight_after(q.end, after.token):
            return self._quote_draft(q, after)
        before = self._frame_cue(lo, q.start - 1, after=False)
        if before is not None:
            if before.token.i in self.used_cues and current is not None:
                return current  # '"...," he said. "..."': the same statement goes on
            if before.token.i not in self.used_cues and self._tight_before(before.token, q.start):
                return self._quote_draft(q, before)
        if current is not None and self._attribution_between(current, lo, q.start - 1):
            return current  # '"...," said X, role. "...": the speaker goes on
        if before is not None:
            return None
        if current is not None and not text[lo : q.start - 1].strip(" ,;:-–—\"“”"):
            return current
        if index + 1 < len(paras) and not text[q.end + 1 : paras[index][1]].strip(" ,.\"”'’"):
            # the attribution wrapped into a paragraph of its own: '"...,"' / 'Panahov said.'
            n_start, n_end = paras[index + 1]
            if _words(text[n_start:n_end]) <= 8 and not self._quote_in(n_start, n_end):
                cue = self._frame_cue(n_start, n_end, after=True)
                if cue is not None and cue.token.i not in self.used_cues:
                    return self._quote_draft(q, cue)
        if lo == paras[index][0] and index > 0:
            # 'X continued:' closing the previous paragraph introduces this one
            p_start, p_end = paras[index - 1]
            tail = text[p_start:p_end].rstrip()
            if tail.endswith(":"):
                cue = self._frame_cue(p_start, p_end, after=False)
                if cue is not None and cue.token.i not in self.used_cues:
                    return self._quote_draft(q, cue)
        return None

    def _attribution_between(self, current: _Draft, lo: int, hi: int) -> bool:
        """The narrative between two quotes of a paragraph is the attribution of the first
        (and one sentence of narration at most) with no other speaker's cue: the next quote
        continues that statement ("...," X said after the meeting. He paused. "...")."""
        sentences = [(a, b) for a, b in _sentence_spans(self.text, lo, hi) if _has_words(self.text, a, b, 1)]
        cue_at = self.doc[current.cue_token].idx
        own = next(((a, b) for a, b in sentences if a <= cue_at < b), None)  # the attribution sentence
        if own is None or len(sentences) > 2:
            return False
        window = self.cues[bisect_left(self.cue_idx, lo) : bisect_left(self.cue_idx, hi)]
        return not any(
            not (own and own[0] <= c.token.idx < own[1]) and not any(ch.dep_ == "neg" for ch in c.token.children)
            for c in window
        )  # no other speaker's cue in the narration

    def _quote_in(self, start: int, end: int) -> bool:
        return any(start <= s < end for s, _e in self.quote_spans)

    def _tight_after(self, quote_end: int, cue: Token) -> bool:
        """'"...," he said' / '"...," said X': only the speaker sits between quote and cue."""
        gap = self.text[quote_end + 1 : cue.idx]
        if not self._closes_utterance(quote_end):
            return False  # 'the ad "unmistakably and wrongfully" suggests': a phrase inside a sentence
        return _words(gap) <= 30 and next(_breaks(gap + " X", 0, len(gap) + 2), None) is None

    def _closes_utterance(self, quote_end: int) -> bool:
        """A quotation handed to a following cue ends with its own punctuation ('"...," he
        said', '"...?" she asked') or a comma or dash right after the closing mark."""
        inner = self.text[max(0, quote_end - 3) : quote_end].rstrip(" '’\"”")  # past a nested quote's mark
        if inner.endswith(".") and not inner.endswith("..") and self.text[quote_end + 1 : quote_end + 3].lstrip()[:1].isupper():
            return False  # '... an "outlaw nation." Russia insisted': the quote closed its own sentence
        if inner and inner[-1] in _UTTERANCE_END:
            return True
        after = self.text[quote_end + 1 : quote_end + 3].lstrip(" \"”'’")
        return not after or after[0] in _UTTERANCE_END or after[0] == "\n"

    def _tight_before(self, cue: Token, quote_start: int) -> bool:
        """'he said: "..."' / 'said, "..."': the quote follows the cue's clause directly."""
        gap = self.text[cue.idx + len(cue) : quote_start - 1].rstrip("'")  # the first half of a '' mark
        if gap.rstrip().endswith((":", ",")):
            # 'said that under the old rules, "..."': a quote ending a reported clause is part of it
            return _words(gap) <= 10 and not _COMPLEMENTIZER.search(gap)
        # 'said "..."' directly; a quote after other words is part of a sentence ('said on "Fox News Sunday"')
        return gap.strip().lower() in ("", "that")

    def _quote_draft(self, q: Quote, cue: _Cue) -> _Draft | None:
        found = self.speaker_head(cue.token)
        if found is None:
            return None
        self.used_cues.add(cue.token.i)
        head, bounds = found
        return _Draft(head, bounds, cue_text(cue.token), True, [(q.start, q.end)], cue.rule, _date_of(cue.token, self.dates, self.date), cue.token.i)

    # ----------------------------------------------------------- pass 2: reported speech

    def reported(self) -> None:
        quoted = _Intervals([s for d in self.drafts for s in d.spans])
        candidates: list[tuple[_Cue, tuple[Token, tuple[int, int] | None], int, int]] = []
        for cue in self.cues:
            token = cue.token
            if token.i in self.used_cues or self._cue_in_quote(token) or token.i in self.credit_tokens:
                continue  # used by a quotation, inside one, or the agency's own credit line
            if quoted.overlaps(token.idx, token.idx + 1) or any(c.dep_ == "neg" for c in token.children):
                continue  # a cue inside a quotation, or "did not say"
            if _unrealized(token):
                continue  # "plans to call on", "needs to tell": nothing has been said yet
            if _passive_without_agent(token):
                continue  # "X was accused of", "Asked about Y, X said": X is not the one speaking
            found = self.speaker_head(token)
            if found is None:
                continue
            pieces = self._parenthetical(cue)
            if pieces is None:
                content = self._content(cue, found[1])
                if content is None:
                    continue
                pieces = [_clean_span(self.text, *content)]
            start, end = pieces[0][0], pieces[-1][1]
            # "called the plan a disgrace", "criticized the law": an evaluation needs no verb
            verbless = (token.lemma_ in EVALUATIVE_LEMMAS | NP_OBJECT_LEMMAS and start > token.idx) or (
                cue.kind == "according" and start > token.idx  # "According to X, the move reeks of fear" (a noun to the tagger)
            )
            if not self._statement(pieces, verbless=verbless):
                continue  # a fragment ("During his years in office") is no statement
            if quoted.overlaps(start, end):
                continue  # a quotation attributed in pass 1
            candidates.append((cue, found, start, end, pieces))
        speech = _Intervals([(s, e) for c, _f, s, e, _p in candidates if c.kind == "speech"])
        every = _Intervals([(s, e) for _c, _f, s, e, _p in candidates])
        for cue, found, start, end, pieces in candidates:
            token = cue.token
            # A cue inside another statement's content is part of that statement
            # ("the source added" over "Clinton had told police that ..."); "According to
            # X, Y said that ..." is X's account of Y's statement: both are claims.
            if (every if cue.kind == "belief" else speech).overlaps(token.idx, token.idx + 1, exclude=(start, end)):
                continue
            self.used_cues.add(token.i)
            self.drafts.append(
                _Draft(found[0], found[1], cue_text(token), False, pieces, cue.rule, _date_of(token, self.dates, self.date), token.i)
            )

    def _clause_start(self, start: int, cue: Token) -> int:
        """First token after the last semicolon between a sentence start and its cue: the
        clause before a ";" is a statement of its own, not the content of a later cue."""
        k = bisect_left(self.semicolons, cue.idx) - 1
        if k < 0 or self.semicolons[k] < self.doc[start].idx:
            return start
        span = self.doc.char_span(self.semicolons[k], self.semicolons[k] + 1, alignment_mode="expand")
        return span.end if span is not None else start

    def _block_after(self, pos: int) -> tuple[int, int] | None:
        """The next paragraph when a colon ends this one and no quote mark opens it (a
        block quotation set as a paragraph of its own)."""
        text = self.text
        line_end = text.find("\n", pos)
        if line_end == -1 or text[pos:line_end].strip():
            return None
        for start, end in paragraphs(text[line_end : line_end + BLOCK_MAX_CHARS]):
            para = text[line_end + start : line_end + end].strip()
            if para and not para.startswith(("\"", "“", "''", "«")):
                return line_end + start, line_end + end
            return None
        return None

    def _statement(self, pieces: list[tuple[int, int]], verbless: bool = False) -> bool:
        """Enough words and a verb: "During his years in office" is no statement (an
        evaluation, "called the plan a disgrace", needs no verb)."""
        found = sum(1 for s, e in pieces for _ in islice(_WORD.finditer(self.text, s, e), MIN_CONTENT_WORDS))  # bounded
        return found >= MIN_CONTENT_WORDS and (verbless or any(self._has_verb(s, e) for s, e in pieces if e > s))

    def _parenthetical(self, cue: _Cue) -> list[tuple[int, int]] | None:
        """'The test, North Korea said, was its biggest': an attribution set off by commas
        (or dashes) inside the clause it reports; the content is the clause around it."""
        token = cue.token
        if token.dep_ != "parataxis" or cue.kind == "according":
            return None
        doc = self.doc
        left, right = token.left_edge.i, token.right_edge.i
        if doc[left].text not in _ASIDE_MARKS or doc[right].text not in _ASIDE_MARKS:
            return None
        sent = _Bounds(*self.index.sent_bounds(token.i))
        if not sent.start < left or not right + 1 < sent.end:
            return None
        pieces = [_char_range(doc, sent.start, left), _char_range(doc, right + 1, sent.end)]
        spans = [_clean_span(self.text, *p) for p in pieces if p is not None]
        return spans if len(spans) == 2 and all(e > s for s, e in spans) else None

    def _content(self, cue: _Cue, bounds: tuple[int, int] | None = None) -> tuple[int, int] | None:
        token = cue.token
        doc = self.doc
        sent = _Bounds(*self.index.sent_bounds(token.i))
        if cue.kind == "according":
            prep = token
            lo, hi = prep.left_edge.i, prep.right_edge.i + 1
            last = sent.end
            while last > hi and (doc[last - 1].is_punct or doc[last - 1].is_space):
                last -= 1  # the full stop and the paragraph break
            if lo == sent.start and hi >= last:
                # the parse hung the content on the source: the source phrase ends at its comma
                comma = next((t.i for t in doc[token.i + 2 : last] if t.text == ","), None)
                return _char_range(doc, comma + 1, last) if comma is not None else None
            if lo == sent.start:
                return _char_range(doc, hi, last)
            if hi >= last:
                return _char_range(doc, sent.start, lo)
            return None
        sent = _Bounds(self._clause_start(sent.start, token), sent.end)  # "headline; X says ...": past the ";"
        comps = [
            c for c in token.children
            if (c.dep_ == "ccomp" or (c.dep_ == "xcomp" and token.lemma_ in DIRECTIVE_LEMMAS)) and c.right_edge.i >= sent.start
        ]
        if cue.kind == "belief":
            comps = [c for c in comps if c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)]
        if comps:
            comp = comps[0]
            lo, hi = comp.left_edge.i, comp.right_edge.i + 1
            if comp.i > token.i:
                lo = _content_start(token, comp)
                hi = _tail_cut(comp, hi)
            elif lo < token.i < hi:
                hi = token.i  # skip the attribution inside
            return _char_range(doc, max(lo, sent.start), min(hi, sent.end))
        if cue.kind == "belief":
            return None
        if bounds is not None:
            return _char_range(doc, sent.start, bounds[0])
        subj = subject_of(token, self.quote_tokens)
        subordinate = any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.children)
        if subj is not None and subj.i < token.i and token.dep_ != "relcl" and not subordinate:
            # "<content>, the ministry said" whatever the parser made of it ("..., while the
            # opposition complained" is a clause of its own, not an attribution)
            left = min(token.left_edge.i, subj.left_edge.i)
            while left < subj.i and doc[left].is_punct:
                left += 1
            if left > sent.start + 2 and doc[left - 1].text in (",", "—", "–"):
                return _char_range(doc, sent.start, left - 1)
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.text == ":":
            block = self._block_after(nxt.idx + 1)
            if block is not None:
                return block  # "Limbaugh added:" closing a paragraph, the statement in the next one
            end = min(sent.end, len(doc))
            return _char_range(doc, token.i + 2, end)
        if token.lemma_ in DIRECTIVE_LEMMAS:
            objs = [c for c in token.children if c.dep_ in ("dobj", "prep") and c.i > token.i]
            if token.lemma_ == "call" and not any(
                c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i == token.i + 1)
                for c in token.children
            ):
                objs = []  # "called the vote": not a demand
            if objs:
                first = token.i + 2 if cue_text(token).endswith((" for", " on")) else token.i + 1  # past "call for"
                return _char_range(doc, first, _tail_cut(token, token.right_edge.i + 1))
        if token.lemma_ in NP_OBJECT_LEMMAS and subj is not None and subj.i < token.i:
            # "criticized the Affordable Care Act", "noted the clot's existence": the object is the point
            objs = [c for c in token.children if c.dep_ == "dobj" and c.i > token.i and c.pos_ != "PRON"]
            if objs and token.lemma_ == "question" and (
                objs[0].lemma_.lower() in PEOPLE_NOUNS or any(c.dep_ == "nummod" for c in objs[0].children)
            ):
                objs = []  # "the poll questioned 5,012 respondents": interviewed, not doubted
            if objs:
                first = objs[0].left_edge.i
                return _char_range(doc, first, _tail_cut(token, token.right_edge.i + 1))
        if token.lemma_ in CLAUSE_LEMMAS and subj is not None and subj.i < token.i:
            # "He said the observers, drawing on ..., concluded that": a clause the parser broke up
            rest = doc[token.i + 1 : sent.end]
            if any(t.tag_ in FINITE_TAGS for t in rest):
                start = token.i + 1
                for child in token.rights:
                    if child.dep_ in ("dobj", "dative") and token.lemma_ in AUDIENCE_LEMMAS:
                        start = child.right_edge.i + 1
                    break
                return _char_range(doc, start, sent.end)
        return None

    # ----------------------------------------------------------- facts

    def facts(self) -> list[ClaimFact]:
        out: list[ClaimFact] = []
        seen: set[tuple[str, str]] = set()
        resolved = {}
        for draft in sorted(self.drafts, key=lambda d: d.cue_token):  # text order: pronouns look back
            resolved[id(draft)] = self.speaker(draft.head, draft.bounds)
        for draft in sorted(self.drafts, key=lambda d: d.spans[0][0]):
            speaker = resolved[id(draft)]
            if speaker is None:
                continue
            pieces = [self.text[s:e].strip() for s, e in draft.spans]
            text = " ".join(p.rstrip(",") for p in pieces if p)
            start, end = min(s for s, _ in draft.spans), max(e for _, e in draft.spans)
            if self._not_a_claim(speaker, draft, start, end):
                continue
            key = (speaker.name, text)
            if key in seen:
                continue
            seen.add(key)
            sentence = self._sentence(start, end)
            out.append(
                ClaimFact(
                    speaker=speaker.name,
                    speaker_role=speaker.role,
                    speaker_org=speaker.org,
                    text=text,
                    quote=draft.quote,
                    cue=draft.cue,
                    date=draft.date,
                    mention=Mention(self.article_id, start, end, sentence, draft.rule),
                )
            )
        return out

    def _not_a_claim(self, speaker: Speaker, draft: _Draft, start: int, end: int) -> bool:
        """A vote figure is a result: reported content holding one, or a quotation whose
        every sentence holds one, is not a claim."""
        if not speaker.name.strip():
            return True
        figures = self.vote_figures + self.results
        if not draft.quote:
            return _overlaps((start, end), figures)
        total = figured = 0
        for s, e in draft.spans:
            for a, b in _sentence_spans(self.text, s, e):
                words = _words(self.text[a:b])
                total += words
                figured += words if _overlaps((a, b), figures) else 0
        return total > 0 and figured == total

    def _sentence(self, start: int, end: int) -> str:
        lo = _sentence_start(self.text, self.text.rfind("\n", 0, start) + 1, start)
        hi = self.text.find("\n", end)
        hi = _sentence_end(self.text, end, len(self.text) if hi == -1 else hi)
        return self.text[lo:hi].strip()


# Cues that report a clause: with no clause in the parse, the rest of the sentence is it.
CLAUSE_LEMMAS = {"say", "tell", "add", "note", "stress", "emphasize", "emphasise", "state", "explain", "claim",
                 "insist", "argue", "warn", "mention", "declare", "write", "report", "confirm", "assert", "reiterate"}
# Verbs whose infinitive complement is a statement not made (yet): intention, need, permission, refusal.
UNREALIZED_LEMMAS = {"plan", "need", "want", "hope", "intend", "expect", "try", "seem", "have", "let", "allow",
                     "require", "dare", "encourage", "refuse", "decline", "fail", "unable", "able", "wish",
                     "prepare", "aim", "mean", "likely", "unlikely", "make"}
# Subordinators of a concessive or contrasting adjunct that a reported clause does not include.
BLOCK_MAX_CHARS = 3000  # a paragraph-long statement after "X added:", searched this far
CONTRAST_MARKS = {"although", "though", "while", "whereas"}
SUBORDINATORS = CONTRAST_MARKS | {"because", "if", "when", "since", "after", "before", "until", "unless"}
# Cues whose content may be a bare object and complement ("called the plan a disgrace").
EVALUATIVE_LEMMAS = {"call", "describe", "characterize", "criticize", "praise", "blame", "accuse", "promise"}
# Cues whose direct object alone is the statement ("questioned the need for moderators").
NP_OBJECT_LEMMAS = {"question", "mention", "praise", "acknowledge", "criticize", "note", "stress", "emphasize",
                    "emphasise", "proclaim", "deny", "admit", "reveal", "disclose", "tout", "condemn", "denounce",
                    "blame", "accuse", "describe", "characterize"}
PEOPLE_NOUNS = {"respondent", "voter", "people", "person", "citizen", "resident", "adult", "household", "witness"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# Objects of these cues are the audience ("told reporters that ..."), not the content.
AUDIENCE_LEMMAS = {"tell", "inform", "assure", "remind", "brief", "warn"}
_UTTERANCE_END = set(",.?!…—–-:;")
_COMPLEMENTIZER = re.compile(r"\bthat\b\s*\S", re.IGNORECASE)
_ASIDE_MARKS = {",", "—", "–", "--"}
_SKIP_BEFORE_CONTENT = {"prt", "npadvmod", "prep", "advmod", "punct", "dative", "agent", "mark", "aux", "neg"}


def _passive_without_agent(cue: Token) -> bool:
    """A passive cue with no "by" agent ("was accused of", "is being criticized as") or a
    participle opening a sentence ("Asked about the bomb, she said"): nobody speaks in it."""
    if cue.tag_ != "VBN":
        return False  # only a past participle is passive (checked first: children are costly)
    children = list(cue.children)
    if any(c.dep_ == "agent" for c in children):
        return False
    if any(c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and c.lower_ not in ("'s", "’s")) for c in children):
        return True  # ("who's called for" is a perfect, whatever the parse says)
    return cue.tag_ == "VBN" and cue.dep_ == "advcl" and not any(c.dep_ in ("aux", "nsubj") for c in children)


def _tail_cut(head: Token, hi: int) -> int:
    """End of a reported clause before a comma and an adjunct of its own ("..., citing her
    work", "..., although he refused", "..., but he has also ...")."""
    doc = head.doc
    for child in head.rights:
        start = child.left_edge.i
        if start > head.i + 1 and doc[start - 1].lower_ == "but" and child.dep_ == "conj":
            start -= 1  # ", but he has also ..."
        if start <= head.i or start >= hi or doc[start - 1].text not in (",", ";", "—", "–"):
            continue
        if _own_adjunct(child):
            return start - 1
    return hi


def _own_adjunct(child: Token) -> bool:
    if child.dep_ == "advcl":
        return child.tag_ == "VBG" or any(m.dep_ == "mark" and m.lower_ in CONTRAST_MARKS for m in child.children)
    if child.dep_ == "conj":
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children) and any(
            c.dep_ == "cc" and c.lower_ == "but" for c in child.head.children
        )
    return False


def _unrealized(cue: Token) -> bool:
    """An infinitive cue under a verb of intention, need or permission ("plans to call on",
    "seems to think", "let them tell", "refused to say"): a statement not (yet) made."""
    if cue.dep_ not in ("xcomp", "ccomp", "advcl", "acomp"):
        return False
    if not (cue.head.lemma_.lower() in UNREALIZED_LEMMAS or cue.head.lower_ == "going"):
        return False
    if cue.tag_ == "VB" and cue.dep_ in ("ccomp", "xcomp") and cue.head.lemma_ in ("let", "make"):
        return True  # "let them tell"
    doc = cue.doc
    # the infinitive marker just before the cue ("to say", "to also say")
    return any(doc[i].lower_ == "to" and doc[i].head == cue for i in range(max(0, cue.i - 2), cue.i))


def _content_start(cue: Token, comp: Token) -> int:
    """First token of a clause reported after its cue: past the particle, the audience
    and the circumstances ("told reporters on Thursday that ..."), but a misparsed
    subject of the clause ("said an information campaign ... was") stays in."""
    start = cue.i + 1
    for child in cue.rights:
        if child.i >= comp.left_edge.i:
            break
        if child.dep_ in _SKIP_BEFORE_CONTENT or (child.dep_ in ("dobj", "dative") and cue.lemma_ in AUDIENCE_LEMMAS):
            start = child.right_edge.i + 1
        else:
            return min(start, child.left_edge.i)
    return start


@dataclass(frozen=True)
class _Bounds:
    """A sentence's token range (what ``token.sent`` gave, without walking the Doc)."""

    start: int
    end: int


def _tokens_in(doc: Doc, start: int, end: int) -> Span:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else doc[0:0]


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _mention_span(fact: object) -> tuple[int, int]:
    mention = fact["mention"] if isinstance(fact, dict) else fact.mention  # type: ignore[index,attr-defined]
    if isinstance(mention, dict):
        return mention["start"], mention["end"]
    return mention.start, mention.end


def extract_claims(doc: Doc) -> list[ClaimFact]:
    """Every attributed claim of one article, in text order."""
    work = _Extraction(doc)
    work.quotations()
    work.reported()
    return work.facts()
