"""The ``wf_regex_rules`` component: regex rules from rules/ added to the rule spans.

Token and phrase rules run in spaCy's SpanRuler; regex rules need raw text (numbers
written "93,9%" or split by odd spacing), so they match over ``doc.text`` and are
snapped to token boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import RULE_SPANS, doc_text


@Language.factory("wf_regex_rules", default_config={"rules": []})
def make_regex_rules(nlp: Language, name: str, rules: list[dict]) -> RegexRules:
    return RegexRules(rules)


class RegexRules:
    def __init__(self, rules: list[dict]):
        import re

        # rules: [{"id", "label", "regex", "ignorecase"}] (plain data so the config serializes)
        self.compiled = [
            (r["id"], r["label"], re.compile(r["regex"], re.IGNORECASE if r.get("ignorecase") else 0))
            for r in rules
        ]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = []
        for rule_id, label, pattern in self.compiled:
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    found.append(Span(doc, span.start, span.end, label=label, span_id=rule_id))
        # Appended to the ruler's group in place: reading the group back would make a Span
        # object for every earlier match.
        group = doc.spans.get(RULE_SPANS)
        if group is None:
            doc.spans[RULE_SPANS] = found
        elif found:
            group.extend(found)
        return doc
