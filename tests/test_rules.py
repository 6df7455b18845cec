"""Every rule in rules/ carries examples; each must match what it says and nothing else."""

from __future__ import annotations

import pytest

from pipeline.rules import load_rules
from pipeline.rules_cli import example_failures, matcher_pipeline

RULES = load_rules()
CASES = [(r.id, text, True) for r in RULES.rules for text in r.match_examples] + [
    (r.id, text, False) for r in RULES.rules for text in r.no_match_examples
]


@pytest.fixture(scope="module")
def matcher_nlp():
    return matcher_pipeline(RULES)


@pytest.mark.parametrize("rule_id, text, should_match", CASES)
def test_rule_example(matcher_nlp, rule_id, text, should_match):
    doc = matcher_nlp(text)  # keep the Doc alive while its SpanGroup is read
    fired = {span.id_ for span in doc.spans.get("wf_rules", [])}
    assert (rule_id in fired) == should_match, f"{rule_id} on {text!r}"


def test_every_rule_has_a_match_example():
    assert all(r.match_examples for r in RULES.rules)


def test_example_runner_reports_no_failures_on_project_rules(matcher_nlp):
    assert example_failures(RULES, matcher_nlp) == []
