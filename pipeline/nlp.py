"""Build the spaCy pipeline: the English model, the rule matchers from rules/, the stages.

``load_nlp`` is called once per process (per worker); the result is reused for every batch.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.components.regex_rules  # noqa: F401  (registers the factory)
from pipeline.components import RULE_SPANS, register_extensions
from pipeline.components.fast_attrs import FAST_ATTRS, FAST_LEMMATIZER, NAMES, install_fast_components
from pipeline.models import BLANK, ModelError, default_model
from pipeline.rules import RuleSet, default_rules_dir, load_rules

# (component name, module registering its factory), in pipeline order.
STAGES = (
    ("wf_dates", "pipeline.components.dates"),
    ("wf_events", "pipeline.components.events"),
    ("wf_results", "pipeline.components.results"),
    ("wf_claims", "pipeline.components.claims"),
)


def load_base(model: str | None) -> Language:
    name = model or default_model()
    if name == BLANK:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: install it or pass --model blank ({exc.args[0][:120]})") from None


def load_nlp(model: str | None = None, rules_dir: Path | None = None, rules: RuleSet | None = None) -> Language:
    """The full wirefacts pipeline: model + rule matchers + extraction stages."""
    register_extensions()
    rules_dir = rules_dir or default_rules_dir()
    rules = rules or load_rules(rules_dir)
    nlp = load_base(model)
    # The model's attribute_ruler and lemmatizer, compiled to table lookups (same attributes set).
    install_fast_components(nlp)
    add_rule_matchers(nlp, rules)
    for name, module in STAGES:
        importlib.import_module(module)
        nlp.add_pipe(name, config={"rules_dir": str(rules_dir)})
    return nlp


# Token attributes that need a trained component; without it spaCy raises E155/E156 on every doc.
ANNOTATION_PIPES = {
    "POS": ("tagger", "morphologizer", "attribute_ruler", NAMES[FAST_ATTRS]), "TAG": ("tagger",),
    "MORPH": ("morphologizer", "attribute_ruler", NAMES[FAST_ATTRS]), "LEMMA": ("lemmatizer", NAMES[FAST_LEMMATIZER]),
    "DEP": ("parser",),
}


def _annotated_enough(pattern: dict, pipe_names: list[str]) -> bool:
    """Under --model blank, rules on POS/TAG/LEMMA/DEP sit out instead of failing every article."""
    if isinstance(pattern["pattern"], str):
        return True
    needed = {key.upper() for token in pattern["pattern"] for key in token} & ANNOTATION_PIPES.keys()
    return all(any(pipe in pipe_names for pipe in ANNOTATION_PIPES[key]) for key in needed)


def add_rule_matchers(nlp: Language, rules: RuleSet) -> None:
    """Token and phrase rules into one SpanRuler (span.id_ = rule id), regex rules after it.

    Phrase terms go to the ruler's PhraseMatcher (a trie over LOWER: one pass per doc
    whatever the number of terms); as Matcher token patterns, each of the ~2,000 terms was
    tried at every token and the ruler cost more than the parser and NER together. The
    phrase docs need only the tokenizer, so the model's components sit out while they are
    built.
    """
    ruler = nlp.add_pipe(
        "span_ruler",
        name="wf_rules",
        config={"spans_key": RULE_SPANS, "phrase_matcher_attr": "LOWER", "validate": True, "overwrite": False},
    )
    patterns = [p for rule in rules.rules for p in rule.spacy_patterns() if _annotated_enough(p, nlp.pipe_names)]
    if patterns:
        with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name != "wf_rules"]):
            ruler.add_patterns(patterns)
    regex = [
        {"id": r.id, "label": r.label, "regex": r.regex, "ignorecase": "ignorecase" in r.flags}
        for r in rules.rules
        if r.kind == "regex"
    ]
    nlp.add_pipe("wf_regex_rules", name="wf_regex_rules", config={"rules": regex})
