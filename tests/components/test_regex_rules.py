"""wf_regex_rules: the literals read off a pattern gate the scan without changing any match."""

from __future__ import annotations

import re

import pytest

from pipeline.components.regex_rules import RegexRules, _All, _Words, need_test, required_literals


def text_has(need, hay: str) -> bool:
    """Reference semantics of a requirement, for ``need_test`` to agree with."""
    if isinstance(need, str):
        return need in hay
    if type(need) is _Words:
        return any(literal in hay for literal in need)
    if type(need) is _All:
        return all(text_has(part, hay) for part in need)
    return any(text_has(part, hay) for part in need)


@pytest.mark.parametrize(
    "regex, flags, text, expected",
    [
        (r"\d+\s*(?:%|percent|per cent)", 0, "won 52 percent", True),
        (r"\d+\s*(?:%|percent|per cent)", 0, "won 52 points", False),
        (r"(?i)\bturnout\b", 0, "TURNOUT rose", True),
        (r"turnout", re.IGNORECASE, "Turn-out rose", False),
        (r"(?<![\w.])\d{1,2}(?=\s+of\s+votes\b)", 0, "12 of the seats", False),  # a lookahead must hold
        (r"\b(?:has|had)\s+\d+\s*%", 0, "it had 40 points", False),  # both parts are needed
        (r"\b(?:vot\w*|ballots?)\b", 0, "the ballot", True),
        (r"\d+[./]\d+", 0, "3/4", True),
        (r"\d+", 0, "nothing", None),  # no literal at all: never gated
    ],
)
def test_requirement_is_necessary(regex, flags, text, expected):
    pattern = re.compile(regex, flags)
    need = required_literals(pattern)
    if expected is None:
        assert need is None
        return
    hay = text.lower() if bool(pattern.flags & re.IGNORECASE) else text
    assert text_has(need, hay) is expected
    assert need_test(need)(hay) is expected  # the compiled form decides the same
    assert expected or pattern.search(text) is None


@pytest.mark.parametrize("regex", [r"(?i)\bse\b", r"(?i)stra(?:ss|ß)e"])
def test_case_folded_gate_keeps_unicode_equivalents(regex):
    """'ſe' matches (?i)se (sre folds ſ to s): the gate must not drop it."""
    rules = RegexRules([{"id": "t", "label": "T", "regex": regex}])
    test = rules.compiled[0][3]
    for text in ("ſe", "SE", "straße", "STRASSE"):
        hay = text.lower() if text.isascii() else None
        gated_out = test is not None and hay is not None and not test(hay)
        assert not (gated_out and re.search(regex, text))


def test_rule_matches_unchanged_by_the_gate(nlp, rules):
    """Every regex rule's examples give the same matches with and without the gate."""
    stage = nlp.get_pipe("wf_regex_rules")
    for rule in rules.rules:
        if rule.kind != "regex":
            continue
        pattern = rule.compiled_regex()
        need = required_literals(pattern)
        folded = bool(pattern.flags & re.IGNORECASE)
        for text in [*rule.match_examples, *rule.no_match_examples]:
            for variant in (text, text.upper(), text.lower()):
                hay = variant.lower() if folded and variant.isascii() else None if folded else variant
                if need is not None and hay is not None and not text_has(need, hay):
                    assert pattern.search(variant) is None, (rule.id, variant)
    assert stage.compiled
