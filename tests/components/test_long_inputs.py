"""Long and hostile inputs stay near-linear in our components.

Each text is ~50 KB (half an engine chunk) of one repeated shape that once made a stage
quadratic: nested quotes with a reporting verb each (claims: speaker search and overlap
tests per cue), election mentions with dates in one sentence (events: every date weighed
per mention), dense vote figures (results: the unit text rebuilt per figure), percents and
one long line. The bounds are generous (a quadratic stage took minutes on 100 KB); they
catch a lost index, not a slow machine.
"""

from __future__ import annotations

import time

import pytest

SIZE = 50_000
CHUNK = 100_000  # the engine's chunk size (pipeline/engine.py CHUNK_CHARS)
TOTAL_BOUND_S = 30.0  # the whole pipeline, spaCy included
OWN_BOUND_S = 10.0  # our wf_* stages together
# At a full chunk the shapes below took 48 s (claims), 21 s (events) and 9 s (results).
CHUNK_OWN_BOUND_S = 8.0

LONG_INPUTS = {
    "long_line": "The count went on through the night and the turnout was high ",
    "many_percents": "12.5% 7,3 % 99.99 percent ",
    "dash_percents": "X - 1.5 percent, ",
    "nested_quotes": 'He said "she said \u201cthey said \'',
    "election_dates": "the presidential election on March 17, ",
    "dense_results": "John Smith of the Liberal Party won 45.2 percent, ",
}


def _text(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size] + ' end."'


def _timed_run(nlp, text: str) -> tuple[object, float, float]:
    """The pipeline of the ``run_doc`` fixture, stage by stage: (doc, total, wf_*) in CPU
    seconds, which a busy shared machine does not inflate as it does wall time."""
    doc = nlp.make_doc(text)
    doc._.wf_article = {"id": "test0000test0000", "date": "2024-02-08", "place": None, "title": None, "offset": 0}
    total = own = 0.0
    for name, proc in nlp.pipeline:
        start = time.process_time()
        doc = proc(doc)
        spent = time.process_time() - start
        total += spent
        own += spent if name.startswith("wf_") else 0.0
    return doc, total, own


@pytest.mark.parametrize("kind", sorted(LONG_INPUTS))
def test_long_input_finishes_in_bounds(nlp, kind: str):
    doc, total, own = _timed_run(nlp, _text(LONG_INPUTS[kind]))
    assert len(doc) > 1000
    assert own < OWN_BOUND_S, f"{kind}: wf_* stages took {own:.1f} s on {SIZE} chars"
    assert total < TOTAL_BOUND_S, f"{kind}: pipeline took {total:.1f} s on {SIZE} chars"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nested_quotes", "election_dates", "dense_results"])
def test_full_chunk_stays_in_bounds(nlp, kind: str):
    """The blow-ups showed between 75 KB and 100 KB (sentences the parser no longer splits)."""
    _doc, total, own = _timed_run(nlp, _text(LONG_INPUTS[kind], CHUNK))
    assert own < CHUNK_OWN_BOUND_S, f"{kind}: wf_* stages took {own:.1f} s on {CHUNK} chars"
    assert total < 2 * TOTAL_BOUND_S, f"{kind}: pipeline took {total:.1f} s on {CHUNK} chars"


def test_run_doc_on_nested_quotes_gives_lists(run_doc):
    """The fixture's own path: every stage writes its list, none is dropped on a long input."""
    doc = run_doc(_text(LONG_INPUTS["nested_quotes"]))
    assert isinstance(doc._.wf_claims, list)
    assert isinstance(doc._.wf_events, list)
    assert isinstance(doc._.wf_results, list)
