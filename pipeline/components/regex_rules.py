"""The ``wf_regex_rules`` component: regex rules from rules/ added to the rule spans.

Token and phrase rules run in spaCy's SpanRuler; regex rules need raw text (numbers
written "93,9%" or split by odd spacing), so they match over ``doc.text`` and are
snapped to token boundaries.

A regex scan tries the pattern at every position of the text, and most rules match in few
articles. So each rule carries the literal strings every match must contain (read off the parsed
pattern: "vot" and one of "%", "percent", "per cent", "pct", ...); a text without them
cannot match and is not scanned. The test is exact: for a case-insensitive rule it is
made only on ASCII text, where lower-casing is all the case folding ``re`` does.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import RULE_SPANS, doc_text

_ATOMIC = getattr(sre, "ATOMIC_GROUP", object())
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


@Language.factory("wf_regex_rules", default_config={"rules": []})
def make_regex_rules(nlp: Language, name: str, rules: list[dict]) -> RegexRules:
    return RegexRules(rules)


# A requirement on the text: a literal it must contain, or ("and" | "or", [requirements]).
Need = str | tuple[str, list["Need"]]


def required_literals(pattern: re.Pattern[str]) -> Need | None:
    """What every match of ``pattern`` needs in the text: literal strings, all or some of
    them (lower-cased for a case-insensitive pattern); None when nothing is known."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # an internal parser we only read: no gate rather than an error
        return None
    folded = bool(pattern.flags & re.IGNORECASE)
    # Under case folding a non-ASCII literal may match an ASCII character ("ſ" ~ "s"):
    # such a literal is no requirement to test on the lower-cased text.
    return _sequence(list(tree), folded)


def text_has(need: Need, hay: str) -> bool:
    if isinstance(need, str):
        return need in hay
    kind, parts = need
    return all(text_has(p, hay) for p in parts) if kind == "and" else any(text_has(p, hay) for p in parts)


def _literal(text: str, folded: bool) -> Need | None:
    if folded:
        return text.lower() if text.isascii() else None
    return text


def _sequence(items: list, folded: bool) -> Need | None:
    """A sequence needs all of: its runs of literal characters, and what each required
    element (a group, an alternation, a repeat at least once, a lookaround that must
    hold) needs."""
    parts: list[Need] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            parts.append(_literal("".join(run), folded))
            run = []
        parts.append(_element(op, av, folded))
    if run:
        parts.append(_literal("".join(run), folded))
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ("and", parts)


def _any(options: list[Need | None]) -> Need | None:
    if not options or any(o is None for o in options):
        return None
    return options[0] if len(options) == 1 else ("or", options)


def _element(op, av, folded: bool) -> Need | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _sequence(list(sub), folded)
    if op is _ATOMIC or op is sre.ASSERT:  # an atomic group; a lookahead/lookbehind that must hold
        return _sequence(list(av if op is _ATOMIC else av[1]), folded)
    if op is sre.BRANCH:
        return _any([_sequence(list(alternative), folded) for alternative in av[1]])
    if op in _REPEATS:
        low, _high, sub = av
        return _sequence(list(sub), folded) if low >= 1 else None
    if op is sre.IN and av and all(kind is sre.LITERAL for kind, _ in av):
        return _any([_literal(chr(code), folded) for _, code in av])
    return None


class RegexRules:
    def __init__(self, rules: list[dict]):
        # rules: [{"id", "label", "regex", "ignorecase"}] (plain data so the config serializes)
        self.compiled = []
        for r in rules:
            pattern = re.compile(r["regex"], re.IGNORECASE if r.get("ignorecase") else 0)
            folded = bool(pattern.flags & re.IGNORECASE)
            self.compiled.append((r["id"], r["label"], pattern, required_literals(pattern), folded))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lower = text.lower() if text.isascii() else None
        found = []
        for rule_id, label, pattern, needed, folded in self.compiled:
            if needed is not None:
                hay = lower if folded else text
                if hay is not None and not text_has(needed, hay):
                    continue
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
