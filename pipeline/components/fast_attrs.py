"""Table-driven stand-ins for the model's ``attribute_ruler`` and rule ``lemmatizer``.

spaCy's AttributeRuler runs a Matcher over every doc and then sets POS/MORPH/LEMMA on each
matched token from Python, one Span and one attribute dict per token: in the bench it cost
more than the parser. Its patterns only test a few token attributes (TAG, LOWER, DEP,
IS_SPACE in en_core_web_sm), so whether a one-token pattern matches is a function of those
values alone. ``FastAttributeRuler`` compiles the ruler's own patterns (read from the loaded
model at load time, never a copied table) into that function, memoizes it per distinct
tuple of values, and writes the resulting columns back with one ``Doc.from_array``.

Exactly the ruler's semantics:
- every pattern is tested against the doc as it was before the ruler ran (the Matcher matches
  first, then sets attributes);
- a token matched by several patterns gets each pattern's attributes in pattern order, later
  patterns overwriting earlier ones attribute by attribute (MORPH is replaced, not merged);
- multi-token patterns set the token at their ``index`` within each match.
A pattern the compiler does not understand (operators, extension attributes, fuzzy or numeric
predicates, attributes it cannot set in bulk) raises ``Uncompilable`` and ``install_fast_components``
keeps the original component.

``FastLemmatizer`` memoizes spaCy's rule/lookup lemmatizer per (ORTH, POS, MORPH), the only
inputs those modes read; spaCy's own cache skips the base-form and no-rule paths, which are most
tokens, and is unbounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

FAST_ATTRS = "wf_fast_attrs"  # factory names
FAST_LEMMATIZER = "wf_fast_lemmatizer"
# Component names: no "wf_" prefix, which marks the fact stages (title_doc runs the pipes before them).
NAMES = {FAST_ATTRS: "fast_attribute_ruler", FAST_LEMMATIZER: "fast_lemmatizer"}

# Attributes whose value Doc.to_array reports exactly as the Matcher reads it (both go through
# get_token_attr; SENT_START, HEAD, MORPH, LENGTH and ENT_IOB are read or compared differently).
MATCHABLE = frozenset(
    IDS[name]
    for name in (
        "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE",
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
        "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
        "IS_RIGHT_PUNCT", "IS_CURRENCY",
    )
)
# Token-only attributes: Doc.from_array sets them exactly as the ruler's set_token_attrs does
# (Token.set_struct_attr; no lexeme side effect, no parse rebuild without HEAD).
SETTABLE = (POS, TAG, MORPH, LEMMA, DEP)
OPEN_VOCABULARY = frozenset(IDS[name] for name in ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA"))
MAX_MEMO = 100_000  # distinct keys held before a memo starts over (bounds memory on long runs)


class Uncompilable(ValueError):
    """A ruler pattern outside the compiled subset: the original component must stay."""


@dataclass(frozen=True)
class _Test:
    """One Matcher predicate on one key column: op is ==, IN, NOT_IN or REGEX."""

    col: int
    op: str
    values: frozenset = frozenset()
    regex: re.Pattern | None = None

    def passes(self, key: tuple, strings) -> bool:
        value = key[self.col]
        if self.regex is not None:
            return self.regex.search(strings[value]) is not None
        return (value in self.values) == (self.op != "NOT_IN")


def _spec_tests(spec: dict, strings, column: Callable[[int], int]) -> tuple[_Test, ...]:
    """One Matcher token spec as tests over a key tuple, with the Matcher's value coercions."""
    tests: list[_Test] = []
    for raw_attr, value in spec.items():
        name = raw_attr.upper() if isinstance(raw_attr, str) else raw_attr
        name = "ORTH" if name == "TEXT" else name
        attr = IDS.get(name) if isinstance(name, str) else name
        if attr not in MATCHABLE:
            raise Uncompilable(f"token attribute {raw_attr!r}")
        col = column(attr)
        if isinstance(value, str):
            tests.append(_Test(col, "==", frozenset([strings.add(value)])))
        elif isinstance(value, bool):
            tests.append(_Test(col, "==", frozenset([int(value)])))
        elif isinstance(value, int):
            tests.append(_Test(col, "==", frozenset([value])))
        elif isinstance(value, dict):
            tests.extend(_predicate(col, op, arg) for op, arg in value.items())
        else:
            raise Uncompilable(f"value {value!r}")
    return tuple(tests)


def _predicate(col: int, op: str, arg) -> _Test:
    op = op.upper()
    if op in ("IN", "NOT_IN"):
        if not isinstance(arg, list) or any(isinstance(v, bool) or not isinstance(v, (str, int)) for v in arg):
            raise Uncompilable(f"{op} {arg!r}")
        return _Test(col, op, frozenset(get_string_id(v) for v in arg))
    if op == "REGEX" and isinstance(arg, str):
        return _Test(col, op, regex=re.compile(arg))
    raise Uncompilable(f"predicate {op} {arg!r}")


@dataclass(frozen=True)
class _Alternative:
    pattern: int  # ruler pattern number (its precedence)
    tokens: tuple[tuple[_Test, ...], ...]  # the tests of each token of the alternative
    index: int  # token of the match that receives the attributes, >= 0


class FastAttributeRuler:
    """The given AttributeRuler's patterns as memoized lookups plus one from_array per doc.

    Per token the key is the tuple of the attributes the patterns test. Open-vocabulary
    columns (LOWER, ORTH, ...) are first mapped to a representative: a value no test names
    behaves like any other such value with the same regex results, so the key memo stays
    small (a few thousand keys) however large the vocabulary.
    """

    def __init__(self, ruler: AttributeRuler):
        self.strings = ruler.vocab.strings
        self.match_attrs: list[int] = []

        def column(attr: int) -> int:
            if attr not in self.match_attrs:
                self.match_attrs.append(attr)
            return self.match_attrs.index(attr)

        self.attrs: list[dict[int, int]] = []
        single: list[_Alternative] = []
        multi: list[_Alternative] = []
        for number, (pattern, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):
            if any(key not in SETTABLE for key in attrs):
                raise Uncompilable(f"pattern {number} sets {sorted(map(str, attrs))}")
            self.attrs.append(dict(attrs))
            for tokens in pattern["patterns"]:
                if not isinstance(tokens, list) or not all(isinstance(t, dict) for t in tokens):
                    raise Uncompilable(f"pattern {number}: {tokens!r}")
                if not tokens or not -len(tokens) <= pattern["index"] < len(tokens):
                    raise Uncompilable(f"pattern {number}: index {pattern['index']} outside {len(tokens)} tokens")
                alt = _Alternative(
                    number, tuple(_spec_tests(t, self.strings, column) for t in tokens), pattern["index"] % len(tokens)
                )
                (single if len(tokens) == 1 else multi).append(alt)
        tests = [t for alt in single + multi for token in alt.tokens for t in token]
        # Open columns: value -> representative (named values stand for themselves).
        self.open = {
            col: (
                frozenset(v for t in tests if t.col == col for v in t.values),
                tuple(dict.fromkeys(t.regex for t in tests if t.col == col and t.regex is not None)),
                {},  # value -> representative
                {},  # regex results -> the representative of values named by no test
            )
            for col, attr in enumerate(self.match_attrs)
            if attr in OPEN_VOCABULARY
        }
        # One-token alternatives indexed by a value a key must hold for them to match.
        self.always: list[_Alternative] = []
        self.by_value: dict[tuple[int, int], list[_Alternative]] = {}
        for alt in single:
            anchors = [t for t in alt.tokens[0] if t.op in ("==", "IN")]
            if not anchors:
                self.always.append(alt)
                continue
            anchor = min(anchors, key=lambda t: len(t.values))
            for value in anchor.values:
                self.by_value.setdefault((anchor.col, value), []).append(alt)
        # Each distinct token test of a multi-token pattern gets a bit; a match is a run of bits.
        self.multi_tokens = list(dict.fromkeys(token for alt in multi for token in alt.tokens))
        if len(self.multi_tokens) > 63:
            raise Uncompilable(f"{len(self.multi_tokens)} multi-token tests (bit mask holds 63)")
        self.multi_bits = [
            (alt.pattern, [1 << self.multi_tokens.index(t) for t in alt.tokens], alt.index) for alt in multi
        ]
        self.first_bits = np.uint64(sum({masks[0] for _, masks, _ in self.multi_bits}))
        self.set_attrs = [a for a in SETTABLE if any(a in attrs for attrs in self.attrs)]
        # key -> row; row = (one-token patterns matched, their action, multi-token test bits)
        self.memo: dict[tuple, int] = {}
        self.rows: list[tuple[tuple[int, ...], int, int]] = []
        self.row_index: dict[tuple, int] = {}
        # action = what a sorted set of matched patterns leaves: values, and which are set
        self.actions: dict[tuple[int, ...], int] = {}
        self.action_values: list[list[int]] = []
        self.action_mask: list[list[bool]] = []
        self._arrays()

    def _arrays(self) -> None:
        """numpy copies of the growing tables (rebuilt only when a doc brings a new key)."""
        self.row_action = np.array([r[1] for r in self.rows] or [0], dtype=np.intp)
        self.row_bits = np.array([r[2] for r in self.rows] or [0], dtype=np.uint64)
        width = len(self.set_attrs)
        self.values = np.array(self.action_values, dtype=np.uint64).reshape(-1, width)
        self.mask = np.array(self.action_mask, dtype=bool).reshape(-1, width)

    def _action(self, patterns: tuple[int, ...]) -> int:
        """Fold the patterns' attributes in pattern order, as the ruler's sorted matches do."""
        if patterns not in self.actions:
            merged: dict[int, int] = {}
            for number in patterns:
                merged.update(self.attrs[number])
            self.actions[patterns] = len(self.action_values)
            self.action_values.append([merged.get(a, 0) for a in self.set_attrs])
            self.action_mask.append([a in merged for a in self.set_attrs])
        return self.actions[patterns]

    def _represent(self, col: int, value: int) -> int:
        named, regexes, reps, by_results = self.open[col]
        if len(reps) >= MAX_MEMO:
            reps.clear()
        if value in named:
            rep = value
        else:
            text = self.strings[value]
            rep = by_results.setdefault(tuple(r.search(text) is not None for r in regexes), value)
        reps[value] = rep
        return rep

    def _learn(self, key: tuple) -> int:
        if len(self.memo) >= MAX_MEMO:
            self.memo.clear()
        strings = self.strings
        candidates = self.always + [a for col, v in enumerate(key) for a in self.by_value.get((col, v), ())]
        matched = tuple(sorted({a.pattern for a in candidates if all(t.passes(key, strings) for t in a.tokens[0])}))
        bits = sum(
            1 << i for i, token in enumerate(self.multi_tokens) if all(t.passes(key, strings) for t in token)
        )
        row = (matched, self._action(matched), bits)
        if row not in self.row_index:
            self.row_index[row] = len(self.rows)
            self.rows.append(row)
        self.memo[key] = self.row_index[row]
        return self.memo[key]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.set_attrs:
            return doc
        columns = doc.to_array(self.match_attrs).T.tolist()
        for col, (_, _, reps, _) in self.open.items():
            values = columns[col]
            mapped = list(map(reps.get, values))
            if None in mapped:
                mapped = [self._represent(col, v) if m is None else m for v, m in zip(values, mapped)]
            columns[col] = mapped
        keys = list(zip(*columns))
        codes = list(map(self.memo.get, keys))
        if None in codes:
            codes = [self._learn(key) if code is None else code for key, code in zip(keys, codes)]
            self._arrays()
        rows = np.array(codes, dtype=np.intp)
        actions = self.row_action[rows]
        if self.multi_bits:
            # a token set by a multi-token match: its one-token patterns and those, in pattern order
            known = len(self.action_values)
            for token, patterns in self._multi_matches(self.row_bits[rows]).items():
                actions[token] = self._action(tuple(sorted(patterns.union(self.rows[codes[token]][0]))))
            if len(self.action_values) > known:
                self._arrays()
        mask = self.mask[actions]
        if not mask.any():
            return doc
        current = doc.to_array(self.set_attrs)
        new = np.where(mask, self.values[actions], current)
        changed = (new != current).any(axis=0)
        if changed.any():
            doc.from_array([a for a, c in zip(self.set_attrs, changed) if c], new[:, changed])
        return doc

    def _multi_matches(self, bits: np.ndarray) -> dict[int, set[int]]:
        """token -> multi-token patterns whose match sets it (the Matcher's matches, found as bit runs).

        Only tokens passing some pattern's first test can start a match: few per doc.
        """
        out: dict[int, set[int]] = {}
        starts = np.flatnonzero(bits & self.first_bits)
        if not len(starts):
            return out
        token_bits = bits.tolist()
        n = len(token_bits)
        for start in starts.tolist():
            for pattern, masks, index in self.multi_bits:
                if start + len(masks) <= n and all(token_bits[start + k] & m for k, m in enumerate(masks)):
                    out.setdefault(start + index, set()).add(pattern)
        return out


class FastLemmatizer:
    """spaCy's rule/lookup Lemmatizer with a bounded memo per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Lemmatizer):
        if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in ("rule", "lookup"):
            # A subclass may read more of the token than ORTH/POS/MORPH (context, other tables).
            raise Uncompilable(f"{type(lemmatizer).__name__} in mode {lemmatizer.mode!r}")
        lemmatizer._validate_tables(Errors.E1004)
        self.lemmatizer = _with_index_sets(lemmatizer) if lemmatizer.mode == "rule" else lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.arange(len(doc)) if self.lemmatizer.overwrite else np.flatnonzero(table[:, 3] == 0)
        if not len(todo):
            return doc
        rows = table[todo, :3].tolist()
        get = self.memo.get
        lemmas = [get(tuple(r)) for r in rows]
        if None in lemmas:
            lemmas = [self._learn(doc, int(i), r) if v is None else v for i, r, v in zip(todo, rows, lemmas)]
        column = table[:, 3].copy()
        column[todo] = lemmas
        doc.from_array([LEMMA], column.reshape(-1, 1))
        return doc

    def _learn(self, doc: Doc, i: int, row: list[int]) -> int:
        if len(self.memo) >= MAX_MEMO:
            self.memo.clear()
            self.lemmatizer.cache.clear()  # spaCy's own memo is unbounded
        lemma = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
        self.memo[tuple(row)] = lemma
        return lemma


def _with_index_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A private copy whose ``lemma_index`` word lists are frozensets.

    rule_lemmatize only asks ``form in index`` (and whether the table is empty) of them: on a
    list of 57,000 nouns that scan is most of the cost of a memo miss. The model's own component
    and tables are left as they are.
    """
    copy = type(lemmatizer)(
        lemmatizer.vocab, lemmatizer.model, lemmatizer.name,
        mode=lemmatizer.mode, overwrite=lemmatizer.overwrite, scorer=lemmatizer.scorer,
    )
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        lookups.add_table(name, {k: frozenset(v) for k, v in table.items()} if name == "lemma_index" else table)
    copy.lookups = lookups
    return copy


@Language.factory(FAST_ATTRS, default_config={"source": "attribute_ruler"})
def make_fast_attrs(nlp: Language, name: str, source: str) -> FastAttributeRuler:
    """Compiled from the pipeline's component ``source`` (an AttributeRuler) at load time."""
    ruler = nlp.get_pipe(source)
    if not isinstance(ruler, AttributeRuler):
        raise Uncompilable(f"{source!r} is a {type(ruler).__name__}, not an AttributeRuler")
    return FastAttributeRuler(ruler)


@Language.factory(FAST_LEMMATIZER, default_config={"source": "lemmatizer"})
def make_fast_lemmatizer(nlp: Language, name: str, source: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe(source))


_SOURCES = (("attribute_ruler", FAST_ATTRS), ("lemmatizer", FAST_LEMMATIZER))  # (component, fast factory)


def install_fast_components(nlp: Language) -> list[str]:
    """Swap each source component for its fast factory in place; a source that does not
    compile stays. Returns the names of the components replaced.
    """
    replaced = []
    for source, factory in _SOURCES:
        if source not in nlp.pipe_names:
            continue
        try:
            nlp.add_pipe(factory, name=NAMES[factory], after=source, config={"source": source})
        except Uncompilable:
            continue
        nlp.remove_pipe(source)
        replaced.append(source)
    return replaced
