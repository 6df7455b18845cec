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
