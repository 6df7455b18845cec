"""extract.py: acronym definitions and bounded mention sentences."""

from __future__ import annotations

import pytest

from pipeline.extract import MAX_SENTENCE, capped_sentence, find_acronyms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("According to the Central Election Commission (CEC) of Azerbaijan", ("CEC", "Central Election Commission")),
        ("the Organization of Turkic States (OTS) mission", ("OTS", "Organization of Turkic States")),
    ],
)
def test_acronym_definitions(text, expected):
    assert expected in find_acronyms(text)


def test_no_acronym_from_unrelated_brackets():
    assert find_acronyms("Ilham Aliyev (YAP) won") == ()


def test_short_sentences_are_kept_whole():
    assert capped_sentence("A won 50 percent.", "50 percent") == "A won 50 percent."


def test_long_sentence_is_a_window_around_the_mention():
    sentence = "word " * 5000 + "Bo Sample 42 percent " + "word " * 5000
    window = capped_sentence(sentence, "42 percent")
    assert len(window) == MAX_SENTENCE and "42 percent" in window
