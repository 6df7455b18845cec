"""Who said it: the speaker phrase of a cue, split into speaker / role / organization,
with pronouns and "the ministry"-style references resolved to earlier named speakers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.components import doc_ents

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Dependents that end a speaker phrase: clauses hanging off the name.
PHRASE_STOP_DEPS = {"relcl", "acl", "advcl", "parataxis", "ccomp", "xcomp", "punct", "cc", "conj", "prep"}
NAME_LABELS = {"PERSON"}
# A name-like word of these entity types next to a cue is when, not who ("said Monday").
NOT_SPEAKER_ENTS = {"DATE", "TIME"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gov", "gov."}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "we"}
THING_PRONOUNS = {"it"}
RELATIVE = {"who", "which", "that"}
# Nouns for a person that, after "the", refer back to a named speaker ("the sociologist").
PERSON_NOUNS = {"sociologist", "analyst", "expert", "politician", "official", "diplomat", "lawmaker",
                "scientist", "economist", "researcher", "observer", "candidate", "incumbent", "leader",
                "head", "chairman", "chairwoman", "chairperson", "chair", "spokesman", "spokeswoman",
                "spokesperson", "minister", "ambassador", "envoy", "director", "president", "governor",
                "mayor", "senator", "deputy", "professor", "pollster", "strategist", "commissioner"}


# Groups around a person or organization that speak for, but are not, it ("the X campaign").
ENTOURAGE_NOUNS = {"campaign", "team", "camp", "aide", "staff", "ally", "supporter", "lawyer", "attorney",
                   "family", "spokespeople", "surrogate", "adviser", "advisor"}


# Abbreviated titles before a name, as the noun that refers back to the person ("Gov." -> "the governor").
TITLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "congressman", "gen": "general",
                       "pres": "president", "supt": "superintendent", "amb": "ambassador"}


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None = None
    org: str | None = None
    kind: str = "phrase"  # person | org | pronoun | phrase


@dataclass
class SpeakerMemory:
    """Named speakers seen so far in one article, for pronoun and reference resolution."""

    speakers: list[Speaker] = field(default_factory=list)
    people: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)  # tokens inside quotations: never speakers

    def remember(self, speaker: Speaker) -> None:
        if speaker.kind in ("person", "org"):
            self.speakers.append(speaker)
        if speaker.kind == "person":
            role, org = self.people.get(speaker.name, (None, None))
            self.people[speaker.name] = (speaker.role or role, speaker.org or org)

    def fill(self, speaker: Speaker) -> Speaker:
        """A person's role and organization from an earlier mention when this one lacks them."""
        if speaker.kind != "person" or speaker.name not in self.people:
            return speaker
        role, org = self.people[speaker.name]
        return Speaker(speaker.name, speaker.role or role, speaker.org or org, "person")

    def last(self, kinds: tuple[str, ...], word: str | None = None) -> Speaker | None:
        for speaker in reversed(self.speakers):
            if speaker.kind not in kinds:
                continue
            if word is None or word in speaker.name.lower() or word in (speaker.org or "").lower():
                return speaker
        return None


class DocIndex:
    """Sentence bounds and named entities of one Doc, indexed once: ``token.sent`` and
    ``doc.ents`` walk the whole Doc on every access, which is quadratic over many cues."""

    def __init__(self, doc: Doc, skip: set[int] | frozenset[int] = frozenset()):
        self.doc = doc
        self.sent_starts: list[int] = []
        self.sent_ends: list[int] = []
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            for sent in doc.sents:
                self.sent_starts.append(sent.start)
                self.sent_ends.append(sent.end)
        else:
            self.sent_starts, self.sent_ends = [0], [len(doc)]
        self.ents = list(doc_ents(doc))  # non-overlapping, in text order
        self.ent_starts = [e.start for e in self.ents]
        self.ent_ends = [e.end for e in self.ents]
        self.skip = skip
        # running count of PERSON entities outside ``skip``: "is there one in ents[a:b]?" in O(1)
        self.person_prefix = [0]
        for e in self.ents:
            self.person_prefix.append(self.person_prefix[-1] + (e.label_ == "PERSON" and e.start not in skip))

    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.sent_starts, i) - 1
        return self.sent_starts[k], self.sent_ends[k]

    def ents_within(self, start: int, end: int) -> list[Span]:
        """Entities lying wholly inside tokens [start, end)."""
        return self.ents[bisect_left(self.ent_starts, start) : bisect_right(self.ent_ends, end)]


TRAILING_MAX = 25  # tokens between the speaker's name and the cue


def _last_entity(index, lo: int, hi: int, cue_i: int, label: str, skip):
    """The last entity with ``label`` among ents[lo:hi] ending within TRAILING_MAX tokens of the cue."""
    k = hi - 1
    while k >= lo and index.ents[k].end >= cue_i - TRAILING_MAX:
        e = index.ents[k]
        if e.label_ == label and e.start not in skip:
            return e
        k -= 1
    return None


def trailing_speaker(cue: Token, skip: set[int], index: DocIndex | None = None) -> tuple[int, int] | None:
    """'<content>, Mazahir Panahov, Chairman of the CEC, told a briefing': the token range
    of a speaker phrase the parser hung elsewhere, found as the last name before the cue
    with nothing but its appositions in between. ``index`` (built with the same ``skip``)
    makes this O(log n) per cue."""
    doc = cue.doc
    if index is None or index.skip is not skip:
        index = DocIndex(doc, skip)
    sent_start, _sent_end = index.sent_bounds(cue.i)
    lo = bisect_right(index.ent_starts, sent_start)  # e.start > sent.start
    hi = bisect_right(index.ent_ends, cue.i)  # e.end <= cue.i
    # The last PERSON (else the last ORG) of the sentence before the cue: only one within
    # TRAILING_MAX tokens of the cue can pass the checks below, so look back that far only.
    ent = _last_entity(index, lo, hi, cue.i, "PERSON", skip)
    if ent is None:
        if index.person_prefix[hi] - index.person_prefix[lo] > 0 if hi > lo else False:
            return None  # the last person is too far from the cue
        ent = _last_entity(index, lo, hi, cue.i, "ORG", skip)
        if ent is None:
            return None
    between = doc[ent.end : cue.i]
    if len(between) > TRAILING_MAX or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in between):
        return None
    if any(t.text in (".", "!", "?", ";") for t in between):
        return None
    start = ent.start
    while start - 1 > sent_start and (
        doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART", "ADP", "CCONJ") or doc[start - 1].text in ("(", ")")
    ):
        start -= 1
    if start <= sent_start or doc[start - 1].text not in (",", "—", "–", "-"):
        return None
    return start, cue.i


def subject_of(cue: Token, skip: set[int] | frozenset[int] = frozenset()) -> Token | None:
    """The head of the speaker phrase: the cue's subject, the object of "according to",
    or (for "adding that ..." and "and added") the subject of the verb it hangs on."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                return objs[0] if objs else None
        return None
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass" and not c.is_punct]
    subjects = [c for c in subjects if c.i not in skip]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - cue.i))  # the nearest: '"..., one that ...," he said'
    node = cue
    for _ in range(3):
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head is not node.head:
            node = node.head.head  # "X responded by saying ...": the subject of "responded"
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass" and c.i not in skip]
            if subjects:
                return subjects[0]
        elif node.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.i < node.i and c.i not in skip for c in node.head.children):
            # "forced the banker to admit": the object says it
            return next(c for c in node.head.children if c.dep_ == "dobj" and c.i < node.i and c.i not in skip)
        elif node.dep_ in ("conj", "advcl", "xcomp") and node.head is not node:
            node = node.head
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass" and c.i not in skip]
            if subjects:
                return subjects[0]
        else:
            break
    # "..., said Secretary-General X": the name may hang on the cue as an object.
    for child in cue.rights:
        if (
            child.dep_ in ("dobj", "attr", "npadvmod", "oprd")
            and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON")
            and child.i not in skip
            and child.ent_type_ not in NOT_SPEAKER_ENTS
        ):
            return child
    # A misparse around quote marks: the name or pronoun right before the cue.
    doc = cue.doc
    for i in range(cue.i - 1, max(-1, cue.i - 4), -1):
        tok = doc[i]
        if tok.pos_ in ("PROPN", "PRON") and not tok.is_punct and tok.i not in skip and tok.ent_type_ not in NOT_SPEAKER_ENTS:
            return tok
        if tok.is_punct and tok.text not in ("»", "”", '"', "’"):
            break
    return None


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the speaker phrase: the head and its modifiers, the
    appositions and "of"-phrases (roles, organizations), not the clauses hanging off it."""
    keep = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in PHRASE_STOP_DEPS and not (child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "from")):
                continue
            keep.append(child)
            stack.append(child)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    doc = head.doc
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return start, end


def _strip_the(text: str) -> str:
    text = text.strip(" ,\"'“”")
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _trim_possessive(text: str) -> str:
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text.rstrip("'’")


def full_name(doc: Doc, ent: Span) -> str:
    """A surname-only mention expanded to the longest earlier name ending with it. A name
    written with an honorific ("Mr. Obama") stays as written: that is how the text and
    its readers refer to the person."""
    name = _trim_possessive(ent.text)
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in HONORIFICS:
        return f"{prev.text} {name}"
    last = name.split()[-1] if name.split() else name
    best = name
    for other in doc_ents(doc):
        if other.label_ != "PERSON" or other.start_char >= ent.start_char:
            continue
        candidate = _trim_possessive(other.text)
        words = candidate.split()
        if words and words[-1] == last and len(words) > len(best.split()):
            best = candidate
    return best


def _bracketed_acronym(ent: Span) -> bool:
    doc = ent.doc
    return len(ent) == 1 and ent.text.isupper() and ent.start > 0 and doc[ent.start - 1].text == "("


def _inside(ent: Span, run: Span) -> bool:
    return run.start <= ent.start and ent.end <= run.end


def _is_role(run: Span, role_spans: list[Span]) -> bool:
    return any(r.start <= run.start and run.end <= r.end for r in role_spans)


def _name_after_title(
    doc: Doc, start: int, end: int, role_spans: list[Span], orgs: list[Span], org_ref_words: set[str]
) -> Span | None:
    """The last run of two or more proper nouns in the phrase that is neither a title nor
    part of an organization's name."""
    covered = {i for r in role_spans for i in range(r.start, r.end)} | {i for o in orgs for i in range(o.start, o.end)}
    runs: list[Span] = []
    i = start
    while i < end:
        if doc[i].pos_ == "PROPN" and i not in covered and doc[i].lower_ not in org_ref_words:
            j = i
            while j + 1 < end and doc[j + 1].pos_ == "PROPN" and j + 1 not in covered:
                j += 1
            if j > i:
                runs.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    return runs[-1] if runs else None


def _known_person(doc: Doc, run: Span) -> str | None:
    """A surname the model labelled otherwise ("Pamfilova" as ORG) after the full name was
    given as a PERSON: the full name."""
    last = _trim_possessive(run.text).split()[-1] if run.text.split() else ""
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.start < run.start and ent.root.pos_ == "PROPN":
            words = _trim_possessive(ent.text).split()
            if len(words) > 1 and words[-1] == last:
                return full_name(doc, doc[run.start : run.end])
    return None


def _ents_in(doc: Doc, start: int, end: int, labels: set[str]) -> list[Span]:
    return [e for e in doc_ents(doc) if e.start >= start and e.end <= end and e.label_ in labels]


def _propn_run(doc: Doc, head: Token, start: int, end: int) -> Span | None:
    """A name the model did not label: the run of proper nouns around the head."""
    if head.pos_ != "PROPN":
        return None
    a = b = head.i
    while a - 1 >= start and doc[a - 1].pos_ == "PROPN":
        a -= 1
    while b + 1 < end and doc[b + 1].pos_ == "PROPN":
        b += 1
    return doc[a : b + 1]


def _resolve_org_ref(doc: Doc, noun: Token, memory: SpeakerMemory) -> str | None:
    """"the organization" / "the ministry": the last organization named before it whose
    name holds that noun, else the last organization speaker holding it."""
    word = noun.lemma_.lower()
    spoken = memory.last(("org", "person"), word)
    best = None
    for ent in doc_ents(doc):
        if ent.start >= noun.i:
            break
        if ent.label_ == "ORG" and word in ent.text.lower():
            best = _strip_the(ent.text)
    if best:
        return best
    if spoken:
        return spoken.org if spoken.kind == "person" else spoken.name
    # "the pollsters", "the agency": the last organization that spoke, else the last one named
    spoken = memory.last(("org",))
    if spoken:
        return spoken.name
    orgs = [e for e in doc_ents(doc) if e.label_ == "ORG" and e.end <= noun.i]
    return _strip_the(_trim_possessive(orgs[-1].text)) if orgs else None


def describe(
    head: Token,
    memory: SpeakerMemory,
    roles: list[Span],
    statement_words: set[str],
    org_ref_words: set[str],
    bounds: tuple[int, int] | None = None,
) -> Speaker | None:
    """The speaker named by the phrase around ``head`` (or by the token range ``bounds``
    when the parse did not connect the phrase to its cue)."""
    doc = head.doc
    low = head.lower_
    if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
        if low in RELATIVE and head.head.dep_ == "relcl":
            target = head.head.head
            if target.dep_ == "appos" and target.pos_ == "NOUN":
                target = target.head  # "Trump, a businessman who said ...": the name
            target = _predicate_subject(target)
            return describe(target, memory, roles, statement_words, org_ref_words)
        return resolve_pronoun(head, memory)
    start, end = bounds or phrase_bounds(head)
    # an acronym in brackets tagged PERSON ("(SCM)") is no one's name
    people = [p for p in _ents_in(doc, start, end, NAME_LABELS) if not _bracketed_acronym(p)]
    orgs = [
        e for e in _ents_in(doc, start, end, ORG_LABELS)
        if not any(p.start <= e.start < p.end for p in people)
        # "the American sociologist": a nationality adjective is no organization
        and not (e.label_ in ("NORP", "GPE") and e.root.dep_ in ("amod", "compound", "poss") and e.root.head.pos_ == "NOUN")
    ]
    role_spans = [r for r in roles if r.start >= start and r.end <= end and not any(p.start <= r.start < p.end for p in people)]
    role = _role_text(role_spans)
    definite = any(t.lower_ in ("the", "this", "that", "these", "its", "his", "her", "their") for t in head.lefts)
    head_is_role = any(r.start <= head.i < r.end for r in role_spans)
    org_noun = low in org_ref_words or head.lemma_.lower() in org_ref_words
    if (
        not people
        and definite
        and not org_noun
        and (head_is_role or (head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_NOUNS))
    ):
        # "the head of the mission stated", "the CEC Chairperson underlined": the person named
        # with that role, else the last person who spoke or was named
        word = (role or head.lemma_).lower()
        person = next((s for s in reversed(memory.speakers) if s.kind == "person" and word in (s.role or "").lower()), None)
        person = person or _titled_person(head, word, memory) or memory.last(("person",)) or _last_person_before(head, memory.blocked)
        if person is not None:
            return person
    if head.lemma_.lower() in statement_words and not people:
        owner = _owner(head)
        if owner is not None:
            found = describe(owner, memory, roles, statement_words, org_ref_words)
            if found is not None:
                return found
        if orgs:
            name = _strip_the(_trim_possessive(orgs[0].text))
            return Speaker(name, None, name, "org")
        # "the statement notes": the organization that spoke last; "exit polls" are no one's
        spoken = memory.last(("org",)) if definite else None
        return spoken or Speaker(_strip_the(doc[start:end].text), None, None, "phrase")
    if people and head.pos_ == "NOUN" and not role and all(p.end <= head.i for p in people) and any(
        p.root.head == head and p.root.dep_ in ("compound", "poss") for p in people
    ):
        # "the Trump campaign", "Clinton's aides": the group around the person speaks
        return Speaker(_strip_the(_chunk_text(head)), None, None, "phrase")
    if head.pos_ == "NOUN" and head.lemma_.lower() in ENTOURAGE_NOUNS and any(
        o.root.head == head and o.root.dep_ in ("compound", "poss") and o.end <= head.i for o in orgs
    ):
        # the same when the model took the name for an organization ("the Smith team")
        return Speaker(_strip_the(_chunk_text(head)), None, None, "phrase")
    if people:
        person = next((p for p in people if p.start <= head.i < p.end), people[-1])
        org = _org_text(doc, orgs, role_spans, memory, org_ref_words)
        return memory.fill(Speaker(full_name(doc, person), role, org, "person"))
    run = _propn_run(doc, head, start, end)
    if role and (run is None or _is_role(run, role_spans)):
        # "Head of the Mission Viktor Guminskiy": the name after the title
        named = _name_after_title(doc, start, end, role_spans, orgs, org_ref_words)
        if named is not None:
            org = _org_text(doc, orgs, role_spans, memory, org_ref_words)
            return memory.fill(Speaker(full_name(doc, named), role, org, "person"))
    if run is not None:
        known = _known_person(doc, run)
        if known is not None:
            return memory.fill(Speaker(known, role, _org_text(doc, [o for o in orgs if not _inside(o, run)], role_spans, memory, org_ref_words), "person"))
    if (
        orgs
        and head.pos_ == "NOUN"
        and not role
        and not any(o.start <= head.i < o.end for o in orgs)
        and head.lemma_.lower() not in org_ref_words
        and all(o.label_ == "GPE" for o in orgs)
    ):
        # "voters in New York": a place qualifies the speaker, it does not speak
        return Speaker(_strip_the(_chunk_text(head)), None, None, "phrase")
    own = next((o for o in orgs if o.start <= head.i < o.end), None)
    if own is not None and own.label_ == "GPE" and role and len(own) >= 2 and all(t.pos_ == "PROPN" for t in own):
        # "Natalya Isayeva, director of ...": a person's name the model took for a place
        others = [o for o in orgs if o is not own]
        return memory.fill(Speaker(own.text, role, _org_text(doc, others, role_spans, memory, org_ref_words), "person"))
    if orgs:
        org_ent = next((o for o in orgs if o.start <= head.i < o.end), orgs[0])
        name = _strip_the(_trim_possessive(org_ent.text))
        if run is not None and not (org_ent.start <= head.i < org_ent.end) and role:
            return memory.fill(Speaker(run.text, role, name, "person"))
        return Speaker(name, None, name, "org")
    if run is not None:
        kind = "person" if len(run) >= 2 or role else "org"
        return memory.fill(Speaker(_trim_possessive(run.text), role, None, kind))
    if definite and org_noun:
        resolved = _resolve_org_ref(doc, head, memory)
        if resolved:
            return Speaker(resolved, None, resolved, "org")
    return Speaker(_chunk_text(head), role, None, "phrase")


def _predicate_subject(target: Token) -> Token:
    """"X is a lawyer and activist who said ...": the relative clause describes X, the
    subject of the copula whose predicate noun (or a noun joined to it) it hangs on."""
    node = target
    for _ in range(8):  # a list of predicate nouns: "a liar, xenophobe and birther who ..."
        if node.dep_ != "conj" or node.head is node:
            break
        node = node.head
    if node.pos_ == "NOUN" and node.dep_ == "attr" and node.head.lemma_ == "be":
        verb = node.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "conj":  # "X incites violence and is a liar who ..."
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
    return target


def _titled_person(head: Token, word: str, memory: SpeakerMemory) -> Speaker | None:
    """"the governor": the last person named before it with that title ("Gov. Chris
    Christie", "Mayor Bill de Blasio"), not merely the last person who spoke."""
    doc = head.doc
    for ent in reversed(doc_ents(doc)):
        if ent.end > head.i or ent.label_ != "PERSON" or ent.start == 0 or ent.start in memory.blocked:
            continue
        title = doc[ent.start - 1].lower_.rstrip(".")
        if TITLE_ABBREVIATIONS.get(title, title) == word:
            return memory.fill(Speaker(full_name(doc, ent), None, None, "person"))
    return None


def _chunk_text(head: Token) -> str:
    """The noun phrase as written: determiner, modifiers and the head."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "advmod"):
            start = min(start, child.left_edge.i)
    return doc[start : head.i + 1].text


def _owner(head: Token) -> Token | None:
    """"the Foreign Ministry's statement" / "the statement of the Foreign Ministry"."""
    for child in head.children:
        if child.dep_ == "poss":
            return child
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _role_text(role_spans: list[Span]) -> str | None:
    if not role_spans:
        return None
    longest = max(role_spans, key=lambda s: (len(s), -s.start))
    return longest.text


def _org_text(
    doc: Doc, orgs: list[Span], role_spans: list[Span], memory: SpeakerMemory, org_ref_words: set[str]
) -> str | None:
    if orgs:
        best = next((o for o in orgs if o.label_ == "ORG"), orgs[0])  # an organization before a place
        return _strip_the(_trim_possessive(best.text))
    for role in role_spans:
        # "Secretary-General of the organization": the organization named earlier
        after = role.end
        if after + 1 < len(doc) and doc[after].lower_ == "of":
            objs = [g for g in doc[after].children if g.dep_ == "pobj"]
            if objs and objs[0].lemma_.lower() in org_ref_words:
                return _resolve_org_ref(doc, objs[0], memory) or _strip_the(_chunk_text(objs[0]))
            if objs:
                return _strip_the(_chunk_text(objs[0]))
    return None


def resolve_pronoun(head: Token, memory: SpeakerMemory) -> Speaker:
    low = head.lower_
    found = None
    if low in PERSON_PRONOUNS:
        found = memory.last(("person",))
        if found is None:
            found = _last_person_before(head, memory.blocked)
    elif low in GROUP_PRONOUNS:
        found = memory.last(("org", "person"))
    elif low in THING_PRONOUNS:
        found = memory.last(("org",))
    return found or Speaker(head.text, None, None, "pronoun")


def _last_person_before(head: Token, blocked: set[int]) -> Speaker | None:
    doc = head.doc
    people = [
        e for e in doc_ents(doc)
        if e.label_ == "PERSON" and e.end <= head.i and e.root.pos_ == "PROPN" and e.start not in blocked
    ]
    # A two-word name the model left unlabelled, as the subject of a verb ("Ella Pamfilova thanked")
    runs = [
        doc[t.left_edge.i : t.i + 1]
        for t in doc[: head.i]
        if t.dep_ == "nsubj" and t.pos_ == "PROPN" and t.i not in blocked and not t.ent_type_
        and t.i - t.left_edge.i >= 1 and all(x.pos_ == "PROPN" for x in doc[t.left_edge.i : t.i + 1])
    ]
    found = max(people + runs, key=lambda s: s.start, default=None)
    if found is None:
        return None
    return Speaker(full_name(doc, found), None, None, "person")
