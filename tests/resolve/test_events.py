"""Event merging across articles and result -> event linking (pipeline/resolve/events.py)."""

from __future__ import annotations

import re

import pytest

from pipeline.records import Article, EventFact, Extraction, Mention, ResultFact
from pipeline.report.html import render_charts
from pipeline.resolve.events import compatible, link_events


class Names:
    """Entity index stand-in: every name is its own canonical form."""

    def canonical(self, name, label="", article_id=None):
        return name


def article(aid: str, date: str | None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", published=date, text="x")


def event(office=None, date=None, country="Azerbaijan", kind="election", start=0, qualifier=None, declared=None) -> EventFact:
    return EventFact(kind, office, qualifier, country, date, declared, Mention("?", start, start + 5, "s", "ev"))


def ext(aid: str, *events: EventFact, results: tuple[ResultFact, ...] = ()) -> Extraction:
    fixed = tuple(
        EventFact(e.kind, e.office, e.qualifier, e.country, e.date, e.candidates_declared,
                  Mention(aid, e.mention.start, e.mention.end, e.mention.sentence, e.mention.rule))
        for e in events
    )
    return Extraction(aid, events=fixed, results=results)


def result(event_index: int | None) -> ResultFact:
    return ResultFact("A", 50.0, "percent", "vote_share", "CEC", "official", None, Mention("?", 0, 1, "s", "r"), event_index)


def n_events(arts: list[Article], exts: list[Extraction]) -> int:
    """Elections: main records (the variants of one point to it with ``same_as``)."""
    return sum(r.same_as is None for r in link_events(arts, exts, Names()).records)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("president", "2024-02-07"), ("president", "2024-02-07"), True),
        (("president", None), ("president", "2024-02-07"), True),
        ((None, "2024-02-07"), ("president", "2024-02-07"), True),
        ((None, None), ("parliament", "2024-09-01"), True),
        (("president", "2024-02-07"), ("parliament", "2024-02-07"), False),
        (("president", "2024-02-07"), ("president", "2024-02-08"), False),
    ],
)
def test_compatible(a, b, expected):
    assert compatible(a, b) is expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # (article date, office, event date) per article
        ([("2024-02-08", "president", "2024-02-07"), ("2024-02-09", "president", "2024-02-07")], 1),
        ([("2024-02-08", "president", "2024-02-07"), ("2024-02-09", "president", None)], 1),
        ([("2024-02-08", "president", "2024-02-07"), ("2024-02-09", None, "2024-02-07")], 1),
        ([("2024-02-08", "president", "2024-02-07"), ("2024-02-09", None, None)], 1),
        ([("2024-02-08", "president", "2024-02-07"), ("2018-04-12", "president", None)], 2),  # other year
        ([("2024-02-08", "president", "2024-02-07"), ("2024-09-02", "parliament", "2024-09-01")], 2),
        ([(None, "president", None), (None, "president", None)], 2),  # no year known: never across articles
        ([(None, "president", "2024-02-07"), (None, "president", "2024-02-07")], 1),
    ],
)
def test_events_merge_across_articles(facts, expected):
    arts = [article(f"a{i}", d) for i, (d, _, _) in enumerate(facts)]
    exts = [ext(f"a{i}", event(o, e)) for i, (_, o, e) in enumerate(facts)]
    assert n_events(arts, exts) == expected


def test_vague_event_stays_apart_when_two_elections_fit():
    # a first round and a runoff in one year: "the presidential election" could be either
    arts = [article("a", "2024-11-25"), article("b", "2024-12-09"), article("c", "2024-12-01")]
    exts = [ext("a", event("president", "2024-11-24")), ext("b", event("president", "2024-12-08")),
            ext("c", event("president", None))]
    assert n_events(arts, exts) == 3


def test_countries_and_kinds_do_not_merge():
    arts = [article("a", "2021-01-11"), article("b", "2021-01-11")]
    exts = [ext("a", event("president", "2021-01-10", country="Kyrgyzstan"),
                event(None, "2021-01-10", country="Kyrgyzstan", kind="referendum", start=50)),
            ext("b", event("president", "2021-01-10", country="Kazakhstan"))]
    assert n_events(arts, exts) == 3


def test_merged_event_keeps_articles_oldest_first_and_all_mentions():
    arts = [article("b", "2024-02-09"), article("a", "2024-02-08")]
    exts = [ext("b", event("president", "2024-02-07")), ext("a", event(None, "2024-02-07"), event("president", None, start=40))]
    (rec,) = link_events(arts, exts, Names()).records
    assert rec.articles == ("a", "b")
    assert [m.article_id for m in rec.mentions] == ["a", "a", "b"]
    assert (rec.office, rec.date) == ("president", "2024-02-07")


@pytest.mark.parametrize(
    ("n_article_events", "event_index", "linked"),
    [(2, 1, True), (1, None, True), (2, None, False), (0, None, False)],
)
def test_result_links_to_event(n_article_events, event_index, linked):
    events = [event("president", "2024-02-07"), event(None, "2024-02-07", kind="referendum", start=30)][:n_article_events]
    links = link_events([article("a", "2024-02-08")], [ext("a", *events, results=(result(event_index),))], Names())
    got = links.for_result("a", event_index)
    if linked:
        idx = event_index if event_index is not None else 0
        assert got == links.event_of[("a", idx)]
    else:
        assert got is None


def test_event_ids_do_not_depend_on_input_order():
    arts = [article("a", "2024-02-08"), article("b", "2024-02-09"), article("c", None)]
    exts = [ext("a", event("president", "2024-02-07")), ext("b", event(None, None)), ext("c", event("president", None))]
    first = link_events(arts, exts, Names()).records
    again = link_events(arts[::-1], exts[::-1], Names()).records
    assert [r.to_dict() for r in first] == [r.to_dict() for r in again]


def test_vague_mention_means_the_election_its_article_names():
    # the corpus knows two Azerbaijani elections of 2024; "the election" in article a is a's
    arts = [article("a", "2024-02-08"), article("b", "2024-09-02")]
    exts = [ext("a", event("president", "2024-02-07"), event(None, None, country=None, start=60)),
            ext("b", event("parliament", "2024-09-01"))]
    links = link_events(arts, exts, Names())
    assert len(links.records) == 2
    assert links.event_of[("a", 0)] == links.event_of[("a", 1)]


def test_vague_mention_stays_vague_when_its_article_names_two_elections():
    arts = [article("a", "2021-01-11")]
    exts = [ext("a", event("president", "2021-01-10"), event("parliament", None, start=30), event(None, None, start=60))]
    links = link_events(arts, exts, Names())
    assert len({links.event_of[("a", i)] for i in range(3)}) == 3


def test_article_naming_no_election_borrows_its_near_duplicates_one():
    arts = [article("a", "2024-03-18"), article("b", "2024-03-21"), article("c", "2024-03-21")]
    exts = [ext("a", event("president", "2024-03-17", country="Russia")),
            ext("b", results=(result(None),)), ext("c", results=(result(None),))]
    links = link_events(arts, exts, Names()).borrowing({"a": "a", "b": "a"})
    assert links.for_result("b", None) == links.event_of[("a", 0)]
    assert links.for_result("c", None) is None  # not in the story cluster


# (article id, article date, office, event date, qualifier, candidates declared) per article
DATED = ("a", "2024-02-08", "president", "2024-02-07", None, None)
UNDATED = ("b", "2024-02-09", "president", None, None, None)


def stating(*rows: tuple) -> tuple[list[Article], list[Extraction]]:
    arts = [article(aid, day) for aid, day, *_ in rows]
    exts = [ext(aid, event(office, date, qualifier=q, declared=n), results=(result(0),))
            for aid, _, office, date, q, n in rows]
    return arts, exts


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # one article states the date, the other does not: the undated record keeps date null
        ([DATED, UNDATED], [(("a",), "2024-02-07", None, None), (("b",), None, None, None)]),
        ([UNDATED, DATED], [(("a",), "2024-02-07", None, None), (("b",), None, None, None)]),
        # three articles stating the same: one record
        ([("a", "2024-02-08", "president", "2024-02-07", "snap", 7), ("b", "2024-02-09", "president", "2024-02-07", "snap", 7),
          ("c", "2024-02-10", "president", "2024-02-07", "snap", 7)],
         [(("a", "b", "c"), "2024-02-07", "snap", 7)]),
        # "snap" and "extraordinary" are two statements; equal detail: the oldest article's is main
        ([("a", "2024-02-08", "president", "2024-02-07", "snap", None), ("b", "2024-02-09", "president", "2024-02-07", "extraordinary", None)],
         [(("a",), "2024-02-07", "snap", None), (("b",), "2024-02-07", "extraordinary", None)]),
        # equal detail: the statement more articles make is main
        ([("a", "2024-02-08", "president", "2024-02-07", "snap", None), ("b", "2024-02-09", "president", "2024-02-07", "extraordinary", None),
          ("c", "2024-02-10", "president", "2024-02-07", "extraordinary", None)],
         [(("b", "c"), "2024-02-07", "extraordinary", None), (("a",), "2024-02-07", "snap", None)]),
        # the statement with most known attributes is main, even from a newer article
        ([("a", "2024-02-08", "president", "2024-02-07", None, None), ("b", "2024-02-09", "president", "2024-02-07", None, 7)],
         [(("b",), "2024-02-07", None, 7), (("a",), "2024-02-07", None, None)]),
    ],
)
def test_one_record_per_statement_of_an_election(rows, expected):
    arts, exts = stating(*rows)
    links = link_events(arts, exts, Names())
    records = links.records
    assert [(r.articles, r.date, r.qualifier, r.candidates_declared) for r in records] == expected
    main = records[0]
    assert main.same_as is None
    assert all(r.same_as == main.id for r in records[1:])
    assert len({r.id for r in records}) == len(records)
    for r in records:  # each record has its own articles' mentions only
        assert {m.article_id for m in r.mentions} == set(r.articles)
        assert r.to_dict()["same_as"] == r.same_as
    # results of every article link to the main record, so they still merge across articles
    for aid, *_ in rows:
        assert links.for_result(aid, 0) == main.id
        assert links.for_result(aid, None) == main.id
        assert links.article_events[aid] == (main.id,)
        assert links.years[links.event_of[(aid, 0)]] == "2024"


def test_undated_article_record_points_to_the_dated_one():
    links = link_events(*stating(DATED, UNDATED), Names())
    dated, undated = links.records
    assert (dated.articles, dated.date, dated.same_as) == (("a",), "2024-02-07", None)
    assert (undated.articles, undated.date, undated.same_as) == (("b",), None, dated.id)
    assert links.for_result("a", 0) == links.for_result("b", 0) == dated.id
    assert links.record(undated.id) == undated


def test_statement_ids_and_output_do_not_depend_on_input_order():
    rows = [("a", "2024-02-08", "president", "2024-02-07", "snap", None), ("b", "2024-02-09", "president", None, None, 7),
            ("c", "2024-02-10", "president", "2024-02-07", "extraordinary", None), ("d", "2024-02-11", None, "2024-02-07", None, None),
            ("e", "2024-09-02", "parliament", "2024-09-01", None, None), ("f", "2024-09-03", "parliament", None, "snap", None)]
    outputs = []
    for order in (rows, rows[::-1], rows[2:] + rows[:2]):
        arts, exts = stating(*order)
        links = link_events(arts[::-1], exts, Names())
        outputs.append(([r.to_dict() for r in links.records], sorted(links.event_of.items())))
    assert outputs[0] == outputs[1] == outputs[2]
    records = outputs[0][0]
    assert len(records) == 6 and sum(r["same_as"] is None for r in records) == 2
    # an election's records side by side, its main record first
    assert [r["same_as"] is None for r in records] == [True, False, False, False, True, False]
    assert [r["articles"] for r in records][:1] + [r["articles"] for r in records][4:] == [["a"], ["e"], ["f"]]


def test_report_shows_each_election_once_with_its_variants_inside():
    links = link_events(*stating(DATED, UNDATED), Names())
    events = [r.to_dict() for r in links.records]
    main_id = events[0]["id"]
    data = {"events": events, "event_labels": {e["id"]: e["id"] for e in events},
            "results": [{"id": "r", "event_id": main_id, "metric": "vote_share", "candidate": "A", "value": 50.0,
                         "source": "CEC", "source_kind": "official", "coverage": None, "status": "current",
                         "as_of": "2024-02-09", "articles": ["a", "b"], "mentions": []}]}
    charts = render_charts(data)
    assert re.findall(r'<section class="wf-event" data-event="([^"]+)"', charts) == [main_id]
    assert "2 article(s) · 1 variant record(s)" in charts
