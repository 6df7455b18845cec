"""Property-based tests (hypothesis): the text normalizer, the date resolver and the number
parser never raise on arbitrary text, and normalized offsets map back to the same characters."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.article import build_article, normalize_body
from pipeline.dates import parse_absolute_date, resolve_date
from pipeline.io.readers import RawDoc

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real wire copy, so generated texts reach the header, dateline and credit code.
FRAGMENTS = [
    " date 2024-02-08 (MENAFN- Trend News Agency) ", "BAKU, Azerbaijan, February 8. ", "MOSCOW, March 18. /TASS/. ",
    "Baku, April 11, AZERTAC - ", "BAKU, Feb 8 (Reuters) - ", "(Xinhua) -- ", ", Trend reports.", "Published: 7 Feb 2024 | X",
    "By Trend", "12 Apr 2018 12:13", "World | Outlet", "© News.Az", "Washington (CNN) ", "RANGOON, Burma - ",
    "elec-", "tion", "Johnson-", "\r\n", "\n", "\n\n", "  ", "\t", "\u00a0", "\u2028", "- ", "92.05 percent", "“", "’",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=30).map("".join)
metas = st.dictionaries(st.sampled_from(["title", "published", "publisher", "agency", "url"]), st.text(max_size=20), max_size=3)


def assert_maps_back(raw: str, text: str, char_map) -> None:
    for i, ch in enumerate(text):
        j = char_map.raw_offset(i)
        assert 0 <= j <= len(raw)
        if ch not in " \n":  # separators are inserted; everything else is copied
            assert raw[j] == ch, (i, ch, j)


@SETTINGS
@given(texts, metas)
def test_build_article_never_raises_and_maps_back(raw, meta):
    article = build_article(RawDoc(path="p.txt", text=raw, meta=meta))
    assert_maps_back(raw, article.text, article.char_map)
    assert article.text == article.text.strip()
    assert "   " not in article.text and "\n\n\n" not in article.text
    assert article.published is None or dt.date.fromisoformat(article.published)


@SETTINGS
@given(st.text(max_size=300), st.integers(min_value=0, max_value=310))
def test_normalize_body_maps_back_from_any_start(raw, start):
    text, char_map = normalize_body(raw, min(start, len(raw)))
    assert_maps_back(raw, text, char_map)
    assert not re.search(r"[^\S\n]{2,}| \n|\n ", text)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_html_origin_text_maps_back(raw):
    article = build_article(RawDoc(path="p.html", text=raw, origin="html"))
    assert_maps_back(raw, article.text, article.char_map)


# --------------------------------------------------------------------------- dates

date_spans = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 40), st.sampled_from(["Feb", "February", "13", "Sept.", "may"]), st.integers(0, 3000),
        st.sampled_from([" ", ".", "/", "-", ", "]),
    ),
    st.sampled_from(["on Sunday", "last week", "yesterday", "March 15-17", "two days ago", "the 2024 vote", "9.99.9999"]),
)
bases = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(dt.date.isoformat))


@SETTINGS
@given(date_spans, bases)
def test_resolve_date_never_raises(span, base):
    out = resolve_date(span, base)
    assert out is None or dt.date.fromisoformat(out)


@SETTINGS
@given(date_spans, st.one_of(st.none(), st.integers(-5, 10_000)))
def test_parse_absolute_date_never_raises(span, year):
    out = parse_absolute_date(span, default_year=year)
    assert out is None or dt.date.fromisoformat(out)


# --------------------------------------------------------------------------- numbers

percent_texts = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda n, sep, f, unit: f"{n}{sep}{f}{unit}",
        st.integers(0, 999), st.sampled_from([".", ",", ". ", ", ", ""]), st.integers(0, 999),
        st.sampled_from(["%", " percent", " per cent", " pct", ".%", ""]),
    ),
)


@SETTINGS
@given(percent_texts)
def test_percent_parser_never_raises_and_stays_a_share(text):
    from pipeline.components.numbers import parse_number, parse_percent

    value = parse_percent(text)
    assert value is None or 0 <= value <= 100
    number = parse_number(text)
    assert number is None or number >= 0


@SETTINGS
@given(st.integers(0, 99), st.integers(0, 99))
def test_percent_parser_reads_plain_decimals(whole, frac):
    from pipeline.components.numbers import parse_percent

    assert parse_percent(f"{whole}.{frac:02d}%") == float(f"{whole}.{frac:02d}")
    assert parse_percent(f"{whole},{frac:02d} percent") == float(f"{whole}.{frac:02d}")
