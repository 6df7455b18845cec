"""The compiled attribute ruler and memoized lemmatizer set exactly what spaCy's components set."""

from __future__ import annotations

import pytest
import spacy
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from pipeline.components import fast_attrs
from pipeline.components.fast_attrs import (
    NAMES,
    FastAttributeRuler,
    FastLemmatizer,
    Uncompilable,
    install_fast_components,
)
from pipeline.nlp import BLANK, default_model
from tests.conftest import SHARED_CORPUS, needs_shared

DEV = SHARED_CORPUS / "dev"
FAST = set(NAMES.values())


@pytest.fixture(scope="module")
def original():
    """The model as spaCy ships it (its own attribute_ruler and lemmatizer), loaded once."""
    name = default_model()
    if name == BLANK:
        pytest.skip("no English model installed")
    return spacy.load(name)


def model_doc(nlp, text: str) -> Doc:
    """Only the model's components of the wirefacts pipeline (the fact stages set no token attributes)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name.startswith("wf_"):
            break
        doc = proc(doc)
    return doc


def attributes(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def differences(nlp, original, text: str) -> list[tuple]:
    fast, slow = attributes(model_doc(nlp, text)), attributes(original(text))
    assert len(fast) == len(slow)
    return [(i, f, s) for i, (f, s) in enumerate(zip(fast, slow)) if f != s]


def test_pipeline_uses_fast_components(nlp, original):
    assert set(nlp.pipe_names) >= FAST
    assert not {"attribute_ruler", "lemmatizer"} & set(nlp.pipe_names)
    # each in the place of the component it replaces (after the parser, whose DEP it reads)
    swapped = {"attribute_ruler": NAMES["wf_fast_attrs"], "lemmatizer": NAMES["wf_fast_lemmatizer"]}
    model_part = [n for n in nlp.pipe_names if n in original.pipe_names or n in FAST]
    assert model_part == [swapped.get(n, n) for n in original.pipe_names]


TEXTS = [
    "\"We will win,\" she said. 'They won't,' he replied.",
    "Turnout was 67.3 percent, up from 61% in 2019; 1,204,551 ballots were cast.",
    "The campaign spent $4.5 million, €300,000 and ¥12bn on ads.",
    "I don't think they'd have done it, and it's not what we're gonna accept.",
    "Let's go, y'all: we gotta vote. C'mon! Ain't nobody stopping us, ain't it?",
    "The party's leader said it's the voters' choice.",
    "Results\n\nwere announced  at\t\tnoon .\n \n",
    "A well-known, pro-government, anti-corruption candidate re-elected for a second-term.",
    "THE CENTRAL ELECTION COMMISSION SAID TURNOUT WAS HIGH.",
    "See https://example.org/results?id=12&lang=en or mail info@example.org for details.",
    "Nursultan Äbishuly, Jüri Ratas, Zoran Milanović and Nguyễn Xuân Phúc congratulated Ngozi Okonjo-Iweala.",
    "There is a recount and there are complaints; there's no doubt there were irregularities.",
    "He gave it to me and I gave it to you; you and I know it.",
    "Did they have to? They did, and they have, but they had not been told.",
    "He'd won; she'd have lost. I'm sure you'll see. 'Em folks said nothin' 'bout it.",
    "being elected, been there, gets votes, got elected, ca n't, wo n't, sha n't",
    "",
    "   ",
    "Vote!",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_token_attributes_as_spacy(nlp, original, text):
    assert differences(nlp, original, text) == []


@needs_shared(DEV)
def test_same_token_attributes_on_dev_corpus(nlp, original):
    paths = sorted(DEV.glob("*.txt"))
    assert paths
    wrong = {p.name: d[:3] for p in paths if (d := differences(nlp, original, p.read_text(encoding="utf-8")))}
    assert wrong == {}


# Semantics on hand-made rulers over a blank pipeline: precedence, MORPH replaced, multi-token
# index, predicates, DEP/TAG set by a pattern.
WORDS = ["There", "is", "n't", "a", "gon", "na", "vote", "\n", "there", "is", "."]
TAGS = ["EX", "VBZ", "RB", "DT", "VBG", "TO", "VB", "_SP", "EX", "VBZ", "."]
DEPS = ["expl", "ROOT", "neg", "det", "aux", "aux", "xcomp", "", "expl", "conj", "punct"]

RULERS = {
    "later pattern wins, MORPH replaced": [
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing|Person=3"}},
        {"patterns": [[{"TAG": "VBZ", "LOWER": "is"}]], "attrs": {"POS": "AUX", "MORPH": "Mood=Ind"}},
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"LEMMA": "be"}},
    ],
    "earlier specific pattern overridden": [
        {"patterns": [[{"LOWER": "is"}]], "attrs": {"POS": "AUX", "MORPH": "Mood=Ind"}},
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB"}},
    ],
    "two-token patterns with index": [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
        {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "AUX"}},
    ],
    "three tokens, overlapping alternatives": [
        {"patterns": [[{}, {"TAG": "VBZ"}, {}], [{"DEP": "expl"}, {}]], "attrs": {"MORPH": "Foo=Bar"}, "index": 1},
        {"patterns": [[{"IS_SPACE": True}, {}]], "attrs": {"LEMMA": "after-space"}, "index": -1},
    ],
    "predicates: NOT_IN with empty, REGEX, IS_SPACE false": [
        {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "EX"]}}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
        {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
        {"patterns": [[{"text": "vote", "TAG": {"NOT_IN": ["NN"]}}]], "attrs": {"TAG": "NN", "POS": "NOUN"}},
    ],
}


def ruler_pipeline(patterns: list[dict]):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def tagged(nlp) -> Doc:
    return Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=[1, 1, 1, 6, 6, 6, 1, 6, 9, 1, 1])


@pytest.mark.parametrize("patterns", RULERS.values(), ids=RULERS.keys())
def test_compiled_ruler_matches_attribute_ruler(patterns):
    nlp = ruler_pipeline(patterns)
    ruler = nlp.get_pipe("attribute_ruler")
    slow = ruler(tagged(nlp))
    fast = FastAttributeRuler(ruler)
    for _ in range(2):  # cold, then from the memo
        assert attributes(fast(tagged(nlp))) == attributes(slow)
    assert [t.head.i for t in fast(tagged(nlp))] == [t.head.i for t in slow]


def test_memo_starting_over_changes_nothing(monkeypatch):
    monkeypatch.setattr(fast_attrs, "MAX_MEMO", 2)
    nlp = ruler_pipeline([p for ps in RULERS.values() for p in ps])
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(ruler)
    assert attributes(fast(tagged(nlp))) == attributes(ruler(tagged(nlp)))


UNCOMPILABLE = {
    "operator": {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}},
    "extension attribute": {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "X"}},
    "fuzzy predicate": {"patterns": [[{"LOWER": {"FUZZY": "vote"}}]], "attrs": {"POS": "VERB"}},
    "numeric predicate": {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},
    "lexical attribute set": {"patterns": [[{"LOWER": "gov"}]], "attrs": {"NORM": "government"}},
    "extension attribute set": {"patterns": [[{"LOWER": "gov"}]], "attrs": {"_": {"flag": True}}},
}


@pytest.fixture
def flag_extension():
    Token.set_extension("flag", default=False, force=True)
    yield
    Token.remove_extension("flag")


@pytest.mark.parametrize("pattern", UNCOMPILABLE.values(), ids=UNCOMPILABLE.keys())
def test_uncompilable_pattern_keeps_original_ruler(pattern, flag_extension):
    nlp = ruler_pipeline([{"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}}, pattern])
    with pytest.raises(Uncompilable):
        FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    assert install_fast_components(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"]


def test_compilable_ruler_is_replaced_in_place():
    nlp = ruler_pipeline(RULERS["two-token patterns with index"])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sentencizer", name="before", first=True)
    assert install_fast_components(nlp) == ["attribute_ruler"]
    assert nlp.pipe_names == ["before", NAMES["wf_fast_attrs"], "sentencizer"]


def lookup_lemmatizer(nlp, cls=Lemmatizer):
    lemmatizer = cls(nlp.vocab, None, mode="lookup")
    lemmatizer.lookups.add_table("lemma_lookup", {"votes": "vote", "were": "be", "cast": "cast"})
    return lemmatizer


def test_lookup_lemmatizer_memoized_identically():
    nlp = spacy.blank("en")
    lemmatizer = lookup_lemmatizer(nlp)
    text = "Votes were cast, votes were counted; votes were cast."
    slow = lemmatizer(nlp.make_doc(text))
    fast = FastLemmatizer(lemmatizer)
    for _ in range(2):
        assert attributes(fast(nlp.make_doc(text))) == attributes(slow)


class ContextLemmatizer(EnglishLemmatizer):
    """A subclass may read the token's context: its lemmas are no function of (ORTH, POS, MORPH)."""


def test_lemmatizer_subclass_is_not_memoized():
    nlp = spacy.blank("en")
    with pytest.raises(Uncompilable):
        FastLemmatizer(lookup_lemmatizer(nlp, ContextLemmatizer))


def test_rule_lemmatizer_tables_of_the_model_untouched(original):
    lemmatizer = original.get_pipe("lemmatizer")
    fast = FastLemmatizer(lemmatizer)
    assert fast.lemmatizer is not lemmatizer
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())

    def tagged_by_model(text: str) -> Doc:
        doc = original.make_doc(text)
        for name in original.pipe_names[: original.pipe_names.index("lemmatizer")]:
            doc = original.get_pipe(name)(doc)
        return doc

    text = "Officials said the votes were being counted in the cities."
    assert attributes(fast(tagged_by_model(text))) == attributes(lemmatizer(tagged_by_model(text)))
