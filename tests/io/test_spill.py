"""Article texts spilled to disk during a run (pipeline/io/spill.py)."""

from __future__ import annotations

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
