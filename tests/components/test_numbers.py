"""Percent and number parsing: every way wire copy writes a share."""

from __future__ import annotations

import pytest

from pipeline.components.numbers import parse_number, parse_percent, word_number

PERCENTS = [
    ("92.05 percent", 92.05),
    ("92.6%", 92.6),
    ("93,9%", 93.9),
    ("0, 66%", 0.66),
    ("59. 2 percent", 59.2),
    ("22.04.%", 22.04),
    ("3 %", 3.0),
    ("4.23 per cent", 4.23),
    ("98.7 pct", 98.7),
    ("92.6\npercent", 92.6),
    ("two percent", 2.0),
    ("Thirty-seven percent", 37.0),
    ("Forty-three per cent", 43.0),
]


@pytest.mark.parametrize("text, expected", PERCENTS)
def test_parse_percent(text, expected):
    assert parse_percent(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["percent", "250%", "many percent"])
def test_parse_percent_rejects(text):
    assert parse_percent(text) is None


@pytest.mark.parametrize("text, expected", [("1,234", 1234.0), ("93,9", 93.9), ("92", 92.0), ("twenty-one", 21.0)])
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text, expected", [("two", 2.0), ("seventy five", 75.0), ("a hundred", 100.0), ("lots", None)])
def test_word_number(text, expected):
    assert word_number(text) == expected
