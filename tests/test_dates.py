"""pipeline.dates: absolute forms by hand, partial and relative forms against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import nearest_past, parse_absolute_date, resolve_announced_date, resolve_date

BASE = "2024-02-08"  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7 February 2024", "2024-02-07"),
        ("Feb. 7, 2024", "2024-02-07"),
        ("February 07, 2024", "2024-02-07"),
        ("07.02.2024", "2024-02-07"),
        ("07.02.24", "2024-02-07"),
        ("2024-02-07", "2024-02-07"),
        ("Nov. 10 , 2005", "2005-11-10"),
        ("February 7", None),  # no year: not absolute
        ("92.05 percent", None),
    ],
)
def test_parse_absolute_date(text, expected):
    assert parse_absolute_date(text) == expected


@pytest.mark.parametrize(
    "span, expected",
    [
        ("February 7", "2024-02-07"),
        ("Feb. 7", "2024-02-07"),
        ("on February 7", "2024-02-07"),
        ("7 February 2024", "2024-02-07"),
        ("07.02.2024", "2024-02-07"),
        ("on Sunday", "2024-02-04"),
        ("Sunday night", "2024-02-04"),
        ("Thursday", "2024-02-08"),  # the article's own weekday is today
        ("last Thursday", "2024-02-01"),
        ("next Sunday", "2024-02-11"),
        ("yesterday", "2024-02-07"),
        ("today's", "2024-02-08"),
        ("Wednesday's", "2024-02-07"),
        ("last week's", "2024-02-01"),
        ("two days ago", "2024-02-06"),
        ("the March 15-17", "2024-03-17"),  # a range is dated by its last day; five weeks ahead beats a year back
        ("March 30-April 4, 2016", "2016-04-04"),
        ("December 30", "2023-12-30"),
    ],
)
def test_resolve_date_against_article_date(span, expected):
    assert resolve_date(span, BASE) == expected


@pytest.mark.parametrize(
    "span, base, expected",
    [
        ("Nov. 20", "2005-11-17", "2005-11-20"),  # a stage announced for next week
        ("March 15-17", "2024-03-18", "2024-03-17"),
        ("October 29", "2006-11-27", "2006-10-29"),
        ("last Wednesday", "2005-11-16", "2005-11-09"),  # on a Wednesday, "last" is a week back
        ("Tuesday's", "2005-11-16", "2005-11-15"),
    ],
)
def test_resolve_date_other_bases(span, base, expected):
    assert resolve_date(span, base) == expected


@pytest.mark.parametrize("span", ["2005", "this year", "last month", "months", "the past decade", "Super Tuesday"])
def test_resolve_date_rejects_coarse_periods(span):
    assert resolve_date(span, BASE) is None


@pytest.mark.parametrize("span", ["February 7", "on Sunday", "yesterday", "last week's"])
def test_resolve_date_without_article_date_needs_a_year(span):
    assert resolve_date(span, None) is None


def test_nearest_past_prefers_the_past_unless_the_future_is_much_nearer():
    import datetime as dt

    assert nearest_past(2, 7, dt.date(2024, 2, 8)) == "2024-02-07"
    assert nearest_past(2, 10, dt.date(2024, 2, 8)) == "2024-02-10"
    assert nearest_past(6, 8, dt.date(2024, 2, 8)) == "2023-06-08"


@pytest.mark.parametrize(
    "span, expected",
    [
        ("Sunday", "2024-02-11"),
        ("Wednesday's", "2024-02-14"),
        ("July 27", "2024-07-27"),  # plain resolution would say 2023-07-27
        ("7 March", "2024-03-07"),
        ("February 7", "2024-02-07"),  # a year ahead is too far: the past reading stays
        ("last Sunday", "2024-02-04"),
        ("Dec. 27, 2023", "2023-12-27"),
    ],
)
def test_resolve_announced_date_looks_ahead(span, expected):
    assert resolve_announced_date(span, BASE) == expected


@pytest.mark.parametrize(
    "span, base, expected",
    [
        ("38 years ago", "2024-02-08", "1986-02-08"),
        ("a year ago", "2016-02-29", "2015-02-28"),  # no Feb 29 a year back: the 28th, as dateparser
        ("two weeks ago", "2024-02-08", "2024-01-25"),
        ("3 months ago", "2019-05-31", "2019-02-28"),
        ("10 days ago", "2024-03-05", "2024-02-24"),
    ],
)
def test_resolve_date_counts_units_back(span, base, expected):
    assert resolve_date(span, base) == expected


@pytest.mark.parametrize("span", ["38 years ago", "a year ago", "two weeks ago", "3 months ago", "one day ago", "0 days ago"])
@pytest.mark.parametrize("base", ["2016-02-29", "2019-12-31", "2024-03-31"])
def test_units_back_by_hand_agree_with_dateparser(span, base):
    from pipeline.dates import _ago, _dateparser_resolve

    day = dt.date.fromisoformat(base)
    assert _ago(span, day) == _dateparser_resolve(span, day)
