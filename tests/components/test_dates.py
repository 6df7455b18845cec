"""wf_dates: date expressions in a Doc, resolved against the article date."""

from __future__ import annotations

import pytest

BASE = "2024-02-08"  # a Thursday


def resolved(run_doc, text: str, date: str | None = BASE) -> dict[str, str]:
    doc = run_doc(text, date=date)
    return {doc.text[s:e]: iso for s, e, iso in doc._.wf_dates}


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("The election took place on February 7.", "February 7", "2024-02-07"),
        ("The vote was held on Feb. 7 across the country.", "Feb. 7", "2024-02-07"),
        ("Published: 7 February 2024. Voters chose a president.", "7 February 2024", "2024-02-07"),
        ("Baku, 07.02.2024. Polls have closed.", "07.02.2024", "2024-02-07"),
        ("Kyrgyzstan voted on Sunday in a snap election.", "Sunday", "2024-02-04"),
        ("Results were announced yesterday by the commission.", "yesterday", "2024-02-07"),
        ("He won Wednesday's presidential election.", "Wednesday's", "2024-02-07"),
        ("Observers praised last week's vote.", "last week's", "2024-02-01"),
        ("Kazakhstan voted in the early presidential election on 20 November.", "20 November", "2023-11-20"),
        ("Putin won the March 15-17 presidential election.", "March 15-17", "2024-03-17"),
    ],
)
def test_date_forms_resolve(run_doc, text, span, expected):
    assert resolved(run_doc, text).get(span) == expected


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("The runoff will be held on Sunday.", "Sunday", "2024-02-11"),
        ("South Africans vote on Wednesday in general elections.", "Wednesday", "2024-02-14"),
        ("Campaigning closed ahead of Sunday's vote.", "Sunday's", "2024-02-11"),
        ("The runoff was held on Sunday.", "Sunday", "2024-02-04"),
        ("The runoff is set for July 27.", "July 27", "2024-07-27"),
        ("The runoff was held on July 27.", "July 27", "2023-07-27"),
    ],
)
def test_announced_weekdays_resolve_forward(run_doc, text, span, expected):
    assert resolved(run_doc, text).get(span) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev won 92.05 percent of the vote, with 6,478,623 voters registered.",
        "Its members won 17 seats in 2000 and again in the following years.",
        "Inflation eased over the past months.",
    ],
)
def test_no_day_no_date(run_doc, text):
    assert resolved(run_doc, text) == {}


def test_partial_dates_need_an_article_date(run_doc):
    assert resolved(run_doc, "The election took place on February 7, 2024 and results came on Sunday.", date=None) == {
        "February 7, 2024": "2024-02-07"
    }


def test_dates_are_sorted_and_disjoint(run_doc):
    doc = run_doc("On Wednesday, February 7, voters went to the polls; results came yesterday.")
    spans = [(s, e) for s, e, _ in doc._.wf_dates]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
