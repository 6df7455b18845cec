"""Article texts spilled to disk during a run (pipeline/io/spill.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.io.spill import TextStore

TEXTS = {"a": "Turnout was 76 %.", "b": "", "c": "Çağrı said «oui» — 数字 ✓", "d": "x" * 100_000}


def test_texts_read_back_by_id_in_any_order(tmp_path):
    store = TextStore(tmp_path)
    for aid, text in TEXTS.items():
        store.put(aid, text)
    assert [store[aid] for aid in reversed(TEXTS)] == [TEXTS[aid] for aid in reversed(TEXTS)]
    assert dict(store) == TEXTS
    assert store.get("missing", "") == ""
    with pytest.raises(KeyError):
        store["missing"]


def test_reads_between_writes_see_every_text(tmp_path):
    store = TextStore(tmp_path)
    store.put("a", "first")
    assert store["a"] == "first"
    store.put("b", "second")
    assert (store["b"], store["a"]) == ("second", "first")


def test_close_deletes_the_file_and_is_idempotent(tmp_path):
    store = TextStore(tmp_path)
    store.put("a", "text")
    store.close()
    store.close()
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- signature rows


def _rows(n: int, seed: int = 0):
    import numpy as np

    from pipeline.sketch import NUM_PERM

    return np.random.RandomState(seed).randint(0, 65535, size=(n, NUM_PERM)).astype("<u2")


def _stored(tmp_path, ids, rows, sizes):
    from pipeline.io.spill import SketchStore

    store = SketchStore(tmp_path)
    for aid, row, size in zip(ids, rows, sizes, strict=True):
        store.add(aid, size, row.tobytes())
    store.add("too-short", 3, b"")  # no signature: no row
    return store


@pytest.mark.parametrize("in_memory", [16 << 20, 0])  # read whole, or through the mapping
def test_sketch_file_reads_rows_in_id_order_whatever_the_arrival(tmp_path, monkeypatch, in_memory):
    import numpy as np

    from pipeline.io.spill import FileRows

    ids = ["c", "a", "d", "b"]
    rows = _rows(4)
    store = _stored(tmp_path, ids, rows, [40, 10, 30, 20])
    monkeypatch.setattr(FileRows, "GROUP", 3)  # several groups and chunks on a tiny file
    monkeypatch.setattr(FileRows, "CHUNK_ROWS", 3)
    monkeypatch.setattr(FileRows, "IN_MEMORY", in_memory)
    got_ids, sizes, on_disk = store.reader().ordered()
    assert got_ids == ["a", "b", "c", "d"] and sizes.tolist() == [10, 20, 40, 30]
    expected = rows[[1, 3, 0, 2]]
    keys = expected.view(np.uint32)
    for band in (0, 1, 2, 5, 4, 255):  # forward, backward, across groups
        assert np.array_equal(on_disk.band(band), keys[:, band])
    assert np.array_equal(on_disk.take(np.array([3, 0, 3])), expected[[3, 0, 3]])
    assert on_disk.take(np.array([], dtype=np.intp)).shape == (0, rows.shape[1])
    on_disk.close()
    store.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("in_memory", [16 << 20, 0])
def test_text_pairs_judge_rows_on_disk_as_rows_in_memory(tmp_path, monkeypatch, in_memory):
    """The engine's path (rows spilled, read in a worker) and the in-memory path agree."""
    from pipeline.io.spill import FileRows

    monkeypatch.setattr(FileRows, "IN_MEMORY", in_memory)
    from pipeline.resolve.duplicates import text_pairs, text_pairs_in
    from pipeline.sketch import SketchIndex

    story = " ".join(f"w{j}" for j in range(120))
    texts = {f"a{i:02d}": (story if i % 3 == 0 else " ".join(f"u{i}x{j}" for j in range(120))) for i in range(30)}
    texts["a01"] = story + " plus one more line at the end"
    index = SketchIndex()
    for aid in reversed(texts):
        index.add_text(aid, texts[aid])
    ids, sizes, rows = index.ordered()
    expected = text_pairs(ids, sizes, rows, texts)
    store = _stored(tmp_path, ids[::-1], rows[::-1], sizes[::-1])
    assert text_pairs_in(store.reader(), texts) == expected
    assert len(expected) == 10  # eleven copies joined by ten pairs
    store.close()


@pytest.mark.parametrize(("pair_chunk", "row_block"), [(5, 2), (4096, 3), (7, 1024)])
def test_text_pairs_do_not_depend_on_how_pairs_are_cut(tmp_path, monkeypatch, pair_chunk, row_block):
    """Candidates are filtered PAIR_CHUNK at a time and their rows read ROW_BLOCK at a time
    (to bound memory): the pairs judged and their order are the same whatever the sizes."""
    from pipeline.resolve import duplicates
    from pipeline.sketch import SketchIndex

    stories = [" ".join(f"s{k}w{j}" for j in range(120)) for k in range(3)]
    texts = {f"a{i:02d}": stories[i % 3] + f" and line {i}" for i in range(24)}
    texts.update({f"b{i:02d}": " ".join(f"u{i}x{j}" for j in range(120)) for i in range(12)})
    index = SketchIndex()
    for aid in texts:
        index.add_text(aid, texts[aid])
    expected = duplicates.text_pairs(*index.ordered(), texts)
    monkeypatch.setattr(duplicates, "PAIR_CHUNK", pair_chunk)
    monkeypatch.setattr(duplicates, "ROW_BLOCK", row_block)
    assert duplicates.text_pairs(*index.ordered(), texts) == expected
    assert len(expected) == 21  # three stories of eight copies: seven pairs each


def test_a_signature_of_the_wrong_length_is_refused(tmp_path):
    from pipeline.io.spill import SketchStore

    store = SketchStore(tmp_path)
    with pytest.raises(ValueError, match="bytes"):
        store.add("a", 40, b"\x00" * 10)
    store.close()


# --------------------------------------------------------------------------- extracted facts


def _all_kinds(aid: str):
    from pipeline.records import ClaimFact, EventFact, Extraction, Mention, NameMention, ResultFact

    def at(start: int) -> Mention:
        return Mention(aid, start, start + 5, "Çağrı «oui» — 数字 ✓ \"quoted\"\n", "rule.id")

    return Extraction(
        aid,
        events=(EventFact("election", None, "snap", "Peru", "2019-06-19", 7, at(0)),),
        results=(
            ResultFact("Teodor Varelski", 93.42, "percent", "vote_share", "Electoral Council", "official", 100.0, at(9), 0),
            ResultFact(None, 7, "percent", "turnout", None, "unknown", None, at(20)),
        ),
        claims=(ClaimFact(None, "chairman", None, "All protocols", True, None, None, at(30)),),
        names=(NameMention("Peru", "GPE", 3, 7), NameMention("Electoral Council", "ORG", 10, 27)),
        acronyms=(("CEC", "Central Election Commission"),),
    )


def _no_facts(aid: str):
    from pipeline.records import Extraction

    return Extraction(aid)


def test_every_fact_field_of_an_extraction_is_stored():
    """A field added to Extraction must be added to the store's rows too, or it is lost."""
    from dataclasses import fields

    from pipeline.io.spill import FACT_FIELDS
    from pipeline.records import Extraction

    assert {f.name for f in fields(Extraction)} - {"article_id", "shingles", "signature"} == set(FACT_FIELDS)


@pytest.mark.parametrize("make", [_all_kinds, _no_facts])
def test_facts_survive_their_json_rows_exactly(make):
    """Every kind and field, None, ints among floats, booleans and any character round-trip."""
    from pipeline.io.spill import decode_facts, encode_facts

    extraction = make("a1")
    back = decode_facts("a1", encode_facts(extraction))
    assert back == extraction
    assert [type(r.value) for r in back.results] == [type(r.value) for r in extraction.results]


@pytest.mark.parametrize("kinds", [("results",), ("names",), ("events", "results"), ("claims", "acronyms"), ()])
def test_a_pass_reads_only_the_fact_fields_it_names(tmp_path, kinds):
    from dataclasses import replace as with_fields

    from pipeline.io.spill import FACT_FIELDS, ExtractionStore
    from pipeline.records import reading

    full = _all_kinds("a1")
    store = ExtractionStore(tmp_path)
    store.put(full)
    (read,) = reading(store.view({"a1"}), *kinds)
    assert read == with_fields(full, **{kind: () for kind in FACT_FIELDS if kind not in kinds})
    assert reading([full], *kinds) == [full]  # facts in memory: returned as they are
    store.close()


def _extraction(aid: str, speaker: str | None = "Ann Lee"):
    from pipeline.records import ClaimFact, Extraction, Mention

    if speaker is None:
        return Extraction(aid, shingles=40)
    mention = Mention(aid, 0, 4, "Ann Lee said it.", "claim.test")
    return Extraction(aid, claims=(ClaimFact(speaker, None, None, "it", False, "said", None, mention),))


def test_extractions_read_back_in_id_order_on_every_pass(tmp_path):
    from pipeline.io.spill import ExtractionStore
    from pipeline.records import in_article_order

    store = ExtractionStore(tmp_path)
    for aid in ("c", "a", "b"):
        store.put(_extraction(aid))
    view = store.view({"b", "c", "a"})
    assert in_article_order(view) is view  # already in order: stays lazy
    assert [e.article_id for e in view] == ["a", "b", "c"]
    assert list(view) == [_extraction("a"), _extraction("b"), _extraction("c")]  # re-iterable
    assert list(view)[0] is not list(view)[0]  # each pass reads again: nothing held between passes
    assert len(view) == 3
    assert [e.article_id for e in store.view({"c", "z"})] == ["c"]  # only the ids asked for
    store.put(_extraction("d", speaker="Bo Ek"))  # written after a view: a later view sees it
    assert [e.claims[0].speaker for e in store.view({"d"})] == ["Bo Ek"]
    assert [e.article_id for e in view] == ["a", "b", "c"]  # an earlier view does not change
    store.close()
    assert list(tmp_path.iterdir()) == []


def test_two_copies_of_one_article_both_read_back_in_arrival_order(tmp_path):
    """As a list sorted by id would hold them: the resolve step sees every copy."""
    from pipeline.io.spill import ExtractionStore
    from pipeline.records import Extraction

    store = ExtractionStore(tmp_path)
    for extraction in (_extraction("b", "Bo Ek"), _extraction("a"), Extraction("b"), _extraction("b", "Cy Dow")):
        store.put(extraction)
    assert [(e.article_id, [c.speaker for c in e.claims]) for e in store.view({"a", "b"})] == [
        ("a", ["Ann Lee"]), ("b", ["Bo Ek"]), ("b", []), ("b", ["Cy Dow"])
    ]
    store.close()


def test_an_extraction_without_facts_is_not_written_and_reads_back_empty(tmp_path):
    from pipeline.io.spill import ExtractionStore
    from pipeline.records import Extraction

    store = ExtractionStore(tmp_path)
    store.put(_extraction("a", speaker=None))
    assert store._end == 0
    assert list(store.view({"a"})) == [Extraction("a")]
    store.put(Extraction("b", acronyms=(("CEC", "Central Election Commission"),)))  # a definition is a fact
    assert list(store.view({"b"}))[0].acronyms == (("CEC", "Central Election Commission"),)
    store.put(replace(_all_kinds("c"), shingles=90, signature=b"xx"))  # the wording sketch stays behind
    assert list(store.view({"c"})) == [_all_kinds("c")]
    store.close()
