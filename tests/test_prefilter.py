"""pipeline.prefilter: the split-up check for ASCII text decides exactly as the reference regex."""

from __future__ import annotations

import pytest

from pipeline.prefilter import Prefilter, cue_regex


@pytest.fixture(scope="module")
def gate(rules):
    return Prefilter(rules)


@pytest.fixture(scope="module")
def reference(rules):
    return cue_regex(rules)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The electricity grid failed overnight.", False),  # "electr..." is no election word
        ("He was re-elected in a landslide.", True),
        ("The run-off takes place later.", True),
        ("Talks with the PRIME   MINISTER went on.", True),  # any spacing and case
        ("Rates rose 5 per cent last year.", True),
        ("It holds 12 SEATS now.", True),
        ("The seats were empty.", False),
        ("'Yes,' she replied.", True),  # a straight single quote opening a word
        ("The team's coach left.", False),
        ("Half the share went to 40 % of the crowd.", True),
        ("Officials held a PRESS CONFERENCE.", True),
        ("The caucuses start at dawn.", True),
        ("The prime rate fell.", False),  # "prime" without "minister"
        ("A devoted fan left.", False),  # "vote" inside a word is no word start
        ("The pre_vote field was empty.", False),  # nor after an underscore (a word character)
        ("The vote_count field was empty.", True),
    ],
)
def test_ascii_gate_matches_reference(gate, reference, text, expected):
    assert text.isascii()
    assert bool(reference.search(text)) is expected
    assert gate.needs_model(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rain «hit» the coast.", True),  # a guillemet is a quotation mark
        ("The café served 40％ more.", True),  # a full-width percent sign
        ("The café opened on Monday.", False),
        ("Die Präsidentenwahl: the president spoke.", True),
    ],
)
def test_non_ascii_gate_matches_reference(gate, reference, text, expected):
    assert not text.isascii()
    assert bool(reference.search(text)) is expected
    assert gate.needs_model(text) is expected
