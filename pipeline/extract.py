"""Doc -> Extraction: collect the facts the stages wrote, plus names and acronyms."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from pipeline.components import doc_text
from pipeline.records import Extraction, NameMention

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# "Central Election Commission (CEC)" / "the CEC (Central Election Commission)"
_LONG_SHORT = re.compile(r"\b((?:[A-Z][\w'’.\-]*\s+(?:(?:of|for|and|the|de|on)\s+)*){1,8}[A-Z][\w'’.\-]*)\s+\(([A-Z][A-Za-z]{1,9})\)")


def find_acronyms(text: str) -> tuple[tuple[str, str], ...]:
    """(short, long) pairs defined in the text, kept when the initials fit the long form."""
    pairs = []
    for m in _LONG_SHORT.finditer(text):
        long_form, short = m.group(1).strip(), m.group(2)
        trimmed = _trim_to_initials(long_form, short)
        if trimmed:
            pairs.append((short, trimmed))
    return tuple(dict.fromkeys(pairs))


def _trim_to_initials(long_form: str, short: str) -> str | None:
    """Drop leading words until the capitalized initials start with the acronym's letters."""
    words = long_form.split()
    for start in range(len(words)):
        caps = [w for w in words[start:] if w[0].isupper()]
        initials = "".join(w[0] for w in caps).upper()
        if initials.startswith(short.upper()[:2]) and len(caps) >= max(2, len(short) - 1):
            return " ".join(words[start:])
    return None


def names_of(doc: Doc) -> tuple[NameMention, ...]:
    return tuple(
        NameMention(ent.text, ent.label_, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in NAME_LABELS
    )


MAX_SENTENCE = 1000  # a 1 MB line with no sentence break must not be copied into every mention


def capped_sentence(sentence: str, mention_text: str, limit: int = MAX_SENTENCE) -> str:
    """The sentence, or a window of it around the mention when it is pathologically long."""
    if len(sentence) <= limit:
        return sentence
    at = max(0, sentence.find(mention_text[:200])) if mention_text else 0
    start = max(0, min(at - limit // 2, len(sentence) - limit))
    return sentence[start : start + limit]


def _with_capped_sentence(fact, text: str):
    mention = fact.mention
    if len(mention.sentence) <= MAX_SENTENCE:
        return fact
    sentence = capped_sentence(mention.sentence, text[mention.start : mention.end])
    return replace(fact, mention=replace(mention, sentence=sentence))


def _facts(text: str, facts) -> tuple:
    return tuple(_with_capped_sentence(f, text) for f in facts or ())


def extract(doc: Doc, article_id: str) -> Extraction:
    text = doc_text(doc)
    return Extraction(
        article_id=article_id,
        events=_facts(text, doc._.wf_events),
        results=_facts(text, doc._.wf_results),
        claims=_facts(text, doc._.wf_claims),
        names=names_of(doc),
        acronyms=find_acronyms(text),
    )
