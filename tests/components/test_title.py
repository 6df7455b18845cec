"""The headline is parsed once per article, whichever stage reads it first."""

from __future__ import annotations

import pytest

from pipeline.components import title_doc

BODY = "Turnout was high. The Central Election Commission said Jane Doe received 61.2 percent of the vote."


def _run(nlp, title: str | None, offset: int = 0):
    doc = nlp.make_doc(BODY)
    doc._.wf_article = {"id": "t", "date": "2024-02-08", "place": None, "title": title, "offset": offset}
    return nlp(doc)


def test_stages_share_one_parse_of_the_headline(nlp):
    doc = _run(nlp, "Jane Doe wins Ruritania's presidential election with 61.2% of the vote")
    tdoc = doc.user_data["wf_title_doc"]
    assert tdoc is not None and tdoc.text.startswith("Jane Doe wins")
    assert title_doc(nlp, doc) is tdoc  # a second ask parses nothing
    assert tdoc._.wf_dates is not None  # the events stage resolved its dates


@pytest.mark.parametrize(("title", "offset"), [(None, 0), ("Jane Doe wins with 61.2%", 5000)])
def test_no_headline_doc_without_a_title_or_past_the_first_chunk(nlp, title, offset):
    doc = nlp.make_doc(BODY)
    doc._.wf_article = {"id": "t", "date": None, "place": None, "title": title, "offset": offset}
    assert title_doc(nlp, doc) is None


ARTICLES = [
    # (title, body): the results stage reads a headline with a figure; the events stage reads
    # one when the body names no election of its own but says "the vote"
    ("Jane Doe wins Ruritania's presidential election with 61.2% of the vote", BODY),
    ("Ruritania holds parliamentary elections", "Polls closed at 8 p.m. and the vote count began, officials said."),
    (None, "The presidential election was held on Sunday. Jane Doe received 55 percent of the vote."),
    ("Bridge reopens after repairs", "The works ended on Friday, the mayor said."),
]


def _docs(nlp):
    out = []
    for k, (title, body) in enumerate(ARTICLES):
        doc = nlp.make_doc(body)
        doc._.wf_article = {"id": f"t{k}", "date": "2024-02-08", "place": None, "title": title, "offset": 0}
        out.append(doc)
    return out


def test_batched_headlines_give_the_same_facts_as_one_doc_at_a_time(nlp):
    """nlp.pipe runs the stages' pipe methods (headlines parsed per batch); nlp() their __call__."""
    batched = list(nlp.pipe(_docs(nlp), batch_size=8))
    single = [nlp(doc) for doc in _docs(nlp)]
    for b, s in zip(batched, single):
        assert (b._.wf_events, b._.wf_results, b._.wf_claims) == (s._.wf_events, s._.wf_results, s._.wf_claims)
    assert batched[0]._.wf_results and batched[1]._.wf_events  # the headline cases did fire
    assert "wf_title_doc" not in batched[2].user_data  # no title asked for, none parsed
