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
from collections.abc import Callable

try:  # the regex parser's modules moved under re in Python 3.11
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components import RULE_SPANS, doc_text

_ATOMIC = getattr(sre, "ATOMIC_GROUP", object())
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


@Language.factory("wf_regex_rules", default_config={"rules": []})
def make_regex_rules(nlp: Language, name: str, rules: list[dict]) -> RegexRules:
    return RegexRules(rules)


class _All(tuple):
    """Every part is needed."""


class _Some(tuple):
    """Some part is needed."""


class _Words(tuple):
    """Some one of these literals is needed (a flat _Some of literals: the cheap test)."""


# A requirement on the text: a literal it must contain, or one of the tuples above.
Need = str | _All | _Some | _Words


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
    need = _sequence(list(tree), folded)
    return None if need is None else _simplify(need)


def need_test(need: Need) -> Callable[[str], bool]:
    """Whether a text meets ``need``, as a closure built once per rule: literals tested with ``in``
    (C substring search), a flat alternative of literals as one regex search."""
    if isinstance(need, str):
        return lambda hay: need in hay
    if type(need) is _Words:
        search = re.compile("|".join(re.escape(w) for w in sorted(need, key=len, reverse=True))).search
        return lambda hay: search(hay) is not None
    parts = tuple(need_test(part) for part in need)
    if type(need) is _All:
        return lambda hay: all(test(hay) for test in parts)
    return lambda hay: any(test(hay) for test in parts)


def _weight(need: Need) -> int:
    """How rare a requirement likely is: the length of the shortest literal that meets it."""
    if isinstance(need, str):
        return len(need)
    if type(need) is _All:
        return max(_weight(p) for p in need)
    return min(_weight(p) for p in need)


def _simplify(need: Need) -> Need:
    """Nested requirements of one kind flattened; alternatives that are all literals made
    one _Words, without a literal holding another one ("votes" goes beside "vot")."""
    if isinstance(need, str) or type(need) is _Words:
        return need
    kind = type(need)
    flat: list[Need] = []
    for part in (_simplify(p) for p in need):
        if type(part) is kind or (kind is _Some and type(part) is _Words):
            flat.extend(part)
        else:
            flat.append(part)
    if kind is _Some and all(isinstance(p, str) for p in flat):
        kept: list[str] = []
        for lit in sorted(set(flat), key=lambda lit: (len(lit), lit)):  # type: ignore[arg-type]
            if not any(k in lit for k in kept):
                kept.append(lit)
        return kept[0] if len(kept) == 1 else _Words(kept)
    parts = list(dict.fromkeys(flat))
    if kind is _All:  # the likely rarest part first: a text without it fails at once
        parts.sort(key=_weight, reverse=True)
    return parts[0] if len(parts) == 1 else kind(parts)


def _literal(text: str, folded: bool) -> str | None:
    if folded:
        return text.lower() if text.isascii() else None
    return text


def _sequence(items: list, folded: bool) -> Need | None:
    """A sequence needs all of: its runs of literal characters, and what each required
    element (a group, an alternation, a repeat at least once, a lookaround that must
    hold) needs."""
    parts: list[Need | None] = []
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
    found = [p for p in parts if p is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else _All(found)


def _any(options: list[Need | None]) -> Need | None:
    if not options or any(o is None for o in options):
        return None
    return options[0] if len(options) == 1 else _Some(options)


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
            need = required_literals(pattern)
            self.compiled.append((r["id"], r["label"], pattern, None if need is None else need_test(need), folded))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lower = text.lower() if text.isascii() else None
        found = []
        for rule_id, label, pattern, test, folded in self.compiled:
            if test is not None:
                hay = lower if folded else text
                if hay is not None and not test(hay):
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
