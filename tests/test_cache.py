"""Incremental runs: cache keys, lossless entries, atomic writes, what invalidates what."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import article
from pipeline.cache import ExtractionCache, decode, encode, from_plain, raw_key, rules_fingerprint
from pipeline.engine import run_pipeline
from pipeline.extract import extract
from pipeline.io.readers import RawDoc
from pipeline.records import (
    Article,
    ClaimFact,
    Dateline,
    ErrorRecord,
    EventFact,
    Extraction,
    Mention,
    NameMention,
    ResultFact,
)
from pipeline.rules import default_rules_dir

OUTPUTS = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")


def _mention(start: int = 0) -> Mention:
    return Mention("a" * 16, start, start + 5, "The sentence.", "rule.id")


SAMPLE = Extraction(
    "a" * 16,
    events=(EventFact("election", "president", None, "Peru", "2024-02-07", 7, _mention()),),
    results=(ResultFact("Ann Lee", 54.47, "percent", "vote_share", "CEC", "official", 93.35, _mention(9), 0),),
    claims=(ClaimFact("Ann Lee", "chair", "CEC", "It was fair.", True, "said", None, _mention(20)),),
    names=(NameMention("Ann Lee", "PERSON", 3, 10),),
    acronyms=(("CEC", "Central Election Commission"),),
)
ARTICLE = Article(id="a" * 16, path="x.txt", title="T", published="2024-02-08", dateline=Dateline("Lima", None), text="Body.")


@pytest.mark.parametrize(
    "a, b, same",
    [
        (RawDoc("a.txt", "text"), RawDoc("b.txt", "text"), True),  # renamed file: still a hit
        (RawDoc("a.txt", "text"), RawDoc("a.txt", "text!"), False),
        (RawDoc("a.jsonl#L1", "t", {"published": "2024-01-01"}), RawDoc("a.jsonl#L1", "t", {"published": "2024-01-02"}), False),
        (RawDoc("a.html", "t", origin="html"), RawDoc("a.html", "t"), False),
    ],
)
def test_raw_key_depends_on_content_not_path(a, b, same):
    assert (raw_key(a) == raw_key(b)) is same


def test_entry_round_trip_is_lossless():
    article, extraction, error = decode(json.loads(json.dumps(encode(ARTICLE, SAMPLE, None))), "y.txt")
    assert extraction == SAMPLE
    assert article == replace(ARTICLE, path="y.txt")
    assert error is None


def test_round_trip_of_a_real_extraction(run_doc):
    doc = run_doc("Ilham Aliyev received 92.1 percent of the votes, the Central Election Commission (CEC) said.")
    ext = extract(doc, "test0000test0000")
    assert from_plain(Extraction, json.loads(json.dumps(ext.to_dict()))) == ext


def test_error_entries_keep_stage_and_message():
    _, extraction, error = decode(encode(ARTICLE, None, ErrorRecord("x.txt", "normalize", "boom")), "z.txt")
    assert extraction is None and error == ErrorRecord("z.txt", "normalize", "boom")


def test_store_ignores_partial_and_corrupt_entries(tmp_path):
    cache = ExtractionCache(tmp_path, "fp")
    cache.put("ab" * 16, ARTICLE, SAMPLE, None)
    folder = tmp_path / ".cache" / "fp" / "ab"
    (folder / (".abab.tmp")).write_text('{"article": ', encoding="utf-8")  # a write killed midway
    (folder / ("cd" * 16 + ".json")).write_text('{"article": {', encoding="utf-8")  # never written whole
    assert cache.get("ab" * 16, "x.txt")[1] == SAMPLE
    assert cache.get("cd" * 16, "x.txt") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_prune_drops_other_fingerprints(tmp_path):
    ExtractionCache(tmp_path, "old").put("ab" * 16, ARTICLE, SAMPLE, None)
    current = ExtractionCache(tmp_path, "new")
    current.put("ab" * 16, ARTICLE, SAMPLE, None)
    current.prune_stale()
    assert sorted(p.name for p in (tmp_path / ".cache").iterdir()) == ["new"]


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target


def test_rule_edit_changes_the_fingerprint_alias_edit_does_not(rules_copy):
    before = rules_fingerprint(rules_copy)
    aliases = rules_copy / "aliases.yml"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rules_fingerprint(rules_copy) == before
    rule_file = sorted(p for p in rules_copy.glob("*.yml") if p.name != "aliases.yml")[0]
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rules_fingerprint(rules_copy) != before


def _write(folder: Path, indices) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in indices:
        (folder / f"{i:04d}.txt").write_text(article(0, i), encoding="utf-8")


def _manifest(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def _same_outputs(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in OUTPUTS)


def test_new_articles_are_the_only_ones_extracted(tmp_path, rules_copy):
    folder = tmp_path / "in"
    _write(folder, range(0, 30))
    run_pipeline([str(folder)], tmp_path / "out", quiet=True, rules_dir=rules_copy)
    _write(folder, range(30, 40))
    run_pipeline([str(folder)], tmp_path / "out", quiet=True, rules_dir=rules_copy)
    assert _manifest(tmp_path / "out")["cache"] == {"enabled": True, "hits": 30, "misses": 10}
    run_pipeline([str(folder)], tmp_path / "fresh", quiet=True, rules_dir=rules_copy, use_cache=False)
    assert _same_outputs(tmp_path / "out", tmp_path / "fresh")


def test_rule_change_invalidates_and_alias_change_keeps(tmp_path, rules_copy):
    folder = tmp_path / "in"
    _write(folder, range(0, 12))
    out = tmp_path / "out"
    run_pipeline([str(folder)], out, quiet=True, rules_dir=rules_copy)
    aliases = rules_copy / "aliases.yml"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run_pipeline([str(folder)], out, quiet=True, rules_dir=rules_copy)
    assert _manifest(out)["cache"]["hits"] == 12
    rule_file = sorted(p for p in rules_copy.glob("*.yml") if p.name != "aliases.yml")[0]
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run_pipeline([str(folder)], out, quiet=True, rules_dir=rules_copy)
    assert _manifest(out)["cache"]["misses"] == 12
    assert len(list((out / ".cache").iterdir())) == 1  # the stale generation is gone


def test_no_cache_neither_reads_nor_writes(tmp_path):
    folder = tmp_path / "in"
    _write(folder, range(1, 4))
    run_pipeline([str(folder)], tmp_path / "out", quiet=True, use_cache=False)
    assert not (tmp_path / "out" / ".cache").exists()
    assert _manifest(tmp_path / "out")["cache"]["enabled"] is False
