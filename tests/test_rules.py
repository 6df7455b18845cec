"""Every rule in rules/ carries examples; each must match what it says and nothing else."""

from __future__ import annotations

import pytest

from pipeline.components import RULE_SPANS
from pipeline.nlp import add_rule_matchers, load_base
from pipeline.rules import load_rules

RULES = load_rules()


@pytest.fixture(scope="module")
def matcher_nlp():
    """The model plus the rule matchers only: examples test the rules, not the stages."""
    nlp = load_base(None)
    add_rule_matchers(nlp, RULES)
    return nlp


def fired(nlp, text: str) -> set[str]:
    doc = nlp(text)  # keep the Doc alive while its SpanGroup is read
    return {span.id_ for span in doc.spans.get(RULE_SPANS, [])}


CASES = [(r.id, text, True) for r in RULES.rules for text in r.match_examples] + [
    (r.id, text, False) for r in RULES.rules for text in r.no_match_examples
]


@pytest.mark.parametrize("rule_id, text, should_match", CASES)
def test_rule_example(matcher_nlp, rule_id, text, should_match):
    assert (rule_id in fired(matcher_nlp, text)) == should_match, f"{rule_id} on {text!r}"


def test_every_rule_has_a_match_example():
    assert all(r.match_examples for r in RULES.rules)
