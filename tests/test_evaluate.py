"""The scorer (`wirefacts eval`) on small hand-made gold/output pairs (rules: shared/spec/gold.md)."""

from __future__ import annotations

import argparse
import copy
import json
import random
from pathlib import Path

import pytest

from pipeline import evaluate as ev

# --------------------------------------------------------------------------- builders

ALIASES = {
    "groups": [
        ["Central Election Commission", "CEC", "Central Election Commission of Azerbaijan"],
        ["Central Election Commission", "CEC", "Central Election Commission of Kyrgyzstan"],
        ["Ilham Aliyev", "Aliyev", "President Ilham Aliyev"],
        ["Fuad Aliyev", "Aliyev Fuad Aghasi oglu"],
        ["Ray Monitoring Center", "Rey Monitoring Center"],
        ["Kubanychbek Omuraliev", "Omuraliev"],
    ],
    "distinct": [["Ilham Aliyev", "Fuad Aliyev"]],
}

TEXT_A = (
    "BAKU, Azerbaijan, February 8. With 93.35 percent of the ballots processed, Ilham Aliyev leads "
    "with 92.05 percent of votes, the Central Election Commission (CEC) said. Fuad Aliyev got 0.53 percent. "
    "An exit poll by the Rey Monitoring Center showed 92.6 percent for Aliyev. "
    '"The mission observed no violations at polling stations," said Kubanychbek Omuraliev. '
    "Omuraliev praised the vote. Azerbaijan held its presidential election on February 7."
)
TEXT_B = "BAKU, February 9. The CEC said Ilham Aliyev won 92.12 percent with all ballots counted."


def result(candidate, value, source="Central Election Commission", coverage=93.35, **extra):
    return {"candidate": candidate, "value": value, "metric": "vote_share", "source": source,
            "source_kind": "official", "coverage": coverage, **extra}


def claim(speaker, text, speaker_org=None, quote=True, cue="said"):
    return {"speaker": speaker, "speaker_org": speaker_org, "quote": quote, "cue": cue, "text": text}


def event(country="Azerbaijan", date="2024-02-07", office="president", **extra):
    return {"kind": "election", "office": office, "qualifier": None, "country": country, "date": date,
            "candidates_declared": None, **extra}


GOLD_A = {
    "article": {"published": "2024-02-08", "publisher": "MENAFN", "agency": "Trend News Agency",
                "dateline_place": "Baku"},
    "events": [event()],
    "results": [
        result("Ilham Aliyev", 92.05),
        result("Fuad Aliyev", 0.53),
        result("Ilham Aliyev", 92.6, source="Ray Monitoring Center", coverage=None, source_kind="exit_poll"),
    ],
    "claims": [claim("Kubanychbek Omuraliev", "The mission observed no violations at polling stations")],
}
GOLD_B = {
    "article": {"published": "2024-02-09", "publisher": None, "dateline_place": "Baku"},
    "events": [event()],
    "results": [result("Ilham Aliyev", 92.12, source="CEC", coverage=100.0)],
    "claims": [],
}


def write_corpus(root: Path, gold: dict[str, dict], texts: dict[str, str] | None = None,
                 aliases: dict | None = None, duplicates: list | None = None) -> Path:
    corpus = root / "gold"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, doc in gold.items():
        (corpus / f"{name}.txt").write_text((texts or {}).get(name, TEXT_A), encoding="utf-8")
        (corpus / f"{name}.gold.json").write_text(json.dumps(doc), encoding="utf-8")
    (corpus / "aliases.json").write_text(json.dumps(aliases or ALIASES), encoding="utf-8")
    (corpus / "duplicates.json").write_text(json.dumps({"pairs": duplicates or []}), encoding="utf-8")
    return corpus


def _first(value):
    return value[0] if isinstance(value, list) else value


def perfect_run(corpus: Path) -> dict[str, list[dict]]:
    """The run a perfect pipeline would write for ``corpus`` (first listed value of every list)."""
    loaded = ev.Corpus.load(corpus)
    statuses = ev.gold_result_statuses(loaded.gold, loaded.aliases)
    articles, records = [], []
    for name, path in loaded.files.items():
        gold, article_id = loaded.gold[name], f"id-{name}"
        meta = gold.get("article", {})
        place = _first(meta.get("dateline_place"))
        articles.append({"id": article_id, "path": str(path), "status": "ok",
                         "published": meta.get("published"), "publisher": meta.get("publisher"),
                         "agency": meta.get("agency"),
                         "dateline": {"place": place, "date": None} if place else None, "duplicate_of": None})
        for kind, list_name in ev.GOLD_LIST.items():
            for index, fact in enumerate(gold.get(list_name) or []):
                record = {key: _first(value) for key, value in fact.items()}
                mention = {"article_id": article_id, "start": 0, "end": 1, "sentence": "s.", "rule": f"{kind}.test"}
                record.update(type=kind, id=f"{name}-{kind}-{index}", articles=[article_id], mentions=[mention])
                if kind == "result":
                    record["status"] = statuses[(name, index)]
                records.append(record)
    entities = [{"id": f"e{i}", "name": g[0], "label": "X", "variants": g, "articles": []}
                for i, g in enumerate(loaded.aliases.groups)]
    return {"articles.jsonl": articles, "dataset.jsonl": records, "entities.jsonl": entities}


def write_run(root: Path, run: dict[str, list[dict]]) -> Path:
    out = root / "out"
    out.mkdir(parents=True, exist_ok=True)
    for file_name, rows in run.items():
        (out / file_name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def records_of(run: dict, kind: str) -> list[dict]:
    return [r for r in run["dataset.jsonl"] if r["type"] == kind]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path, {"a": GOLD_A, "b": GOLD_B}, texts={"a": TEXT_A, "b": TEXT_B},
                        duplicates=[["a.txt", "b.txt"]])


def scores_for(tmp_path: Path, corpus: Path, run: dict) -> ev.Scores:
    return ev.score(corpus, write_run(tmp_path, run))


# --------------------------------------------------------------------------- whole runs


def test_perfect_run_scores_one(tmp_path, corpus):
    run = perfect_run(corpus)
    by_name = {a["path"].rsplit("/", 1)[-1]: a for a in run["articles.jsonl"]}
    by_name["b.txt"]["duplicate_of"] = by_name["a.txt"]["id"]
    scores = scores_for(tmp_path, corpus, run)
    flat = ev.flatten(scores)
    for key in ("result.f1", "claim.f1", "event.f1", "entities.pairs_found_ratio",
                "dedup.near_dup_precision", "dedup.near_dup_recall"):
        assert flat[key] == 1.0, key
    assert all(v == 1.0 for k, v in flat.items() if k.startswith("attr.") and v is not None)
    assert flat["dedup.redundant"] == 0
    assert flat["entities.distinct_merged"] == 0


@pytest.mark.parametrize("kind", ev.TYPES)
def test_missing_record_lowers_recall_only(tmp_path, corpus, kind):
    run = perfect_run(corpus)
    dropped = records_of(run, kind)[0]
    run["dataset.jsonl"].remove(dropped)
    scores = scores_for(tmp_path, corpus, run)
    assert scores[f"{kind}.recall"] < 1.0
    assert scores[f"{kind}.precision"] == 1.0
    assert scores[f"{kind}.fn"] == 1


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        ("result", {"value": 92.5}),
        ("result", {"value": 92.06}),  # off by 0.01: outside the 0.005 tolerance
        ("result", {"candidate": "Fuad Aliyev"}),
        ("result", {"source": "Ray Monitoring Center"}),
        ("result", {"metric": "turnout"}),
        ("claim", {"speaker": "Ilham Aliyev"}),
        ("claim", {"text": "Something else entirely was said here"}),
        ("event", {"country": "Georgia"}),
        ("event", {"date": "2024-02-08"}),
        ("event", {"kind": "referendum"}),
    ],
)
def test_wrong_value_lowers_precision(tmp_path, corpus, kind, change):
    run = perfect_run(corpus)
    records_of(run, kind)[0].update(change)
    scores = scores_for(tmp_path, corpus, run)
    assert scores[f"{kind}.precision"] < 1.0
    assert scores[f"{kind}.fp"] >= 1


@pytest.mark.parametrize("kind", ev.TYPES)
def test_extra_record_lowers_precision(tmp_path, corpus, kind):
    run = perfect_run(corpus)
    extra = copy.deepcopy(records_of(run, kind)[0])
    extra.update(id="extra", value=55.5, text="An unrelated statement about the weather today",
                 country="Narnia")
    run["dataset.jsonl"].append(extra)
    scores = scores_for(tmp_path, corpus, run)
    assert scores[f"{kind}.precision"] < 1.0
    assert scores[f"{kind}.recall"] == 1.0


def test_shuffled_records_score_the_same(tmp_path, corpus):
    run = perfect_run(corpus)
    records_of(run, "result")[0]["value"] = 1.0  # make it non-trivial
    run["dataset.jsonl"].append({**copy.deepcopy(records_of(run, "result")[1]), "id": "dup"})
    expected = ev.flatten(scores_for(tmp_path / "one", corpus, run))
    rng = random.Random(7)
    for attempt in range(5):
        shuffled = {name: rng.sample(rows, len(rows)) for name, rows in run.items()}
        assert ev.flatten(scores_for(tmp_path / str(attempt), corpus, shuffled)) == expected


def test_record_counts_for_every_article_it_lists(tmp_path, corpus):
    run = perfect_run(corpus)
    a_result = records_of(run, "result")[0]
    b_result = next(r for r in records_of(run, "result") if r["articles"] == ["id-b"])
    run["dataset.jsonl"].remove(b_result)
    a_result["articles"].append("id-b")  # states Aliyev 92.05 in b too: wrong there
    scores = scores_for(tmp_path, corpus, run)
    assert scores["result.fn"] == 1
    assert scores["result.fp"] == 1


def test_article_without_type_list_is_not_scored_for_it(tmp_path, corpus):
    gold_b = {k: v for k, v in GOLD_B.items() if k != "claims"}
    corpus = write_corpus(tmp_path, {"a": GOLD_A, "b": gold_b}, texts={"a": TEXT_A, "b": TEXT_B})
    run = perfect_run(corpus)
    stray = {**claim("Ilham Aliyev", "We won"), "type": "claim", "id": "stray", "articles": ["id-b"],
             "mentions": [{"article_id": "id-b", "start": 0, "end": 1, "sentence": "s", "rule": "r"}]}
    run["dataset.jsonl"].append(stray)
    scores = scores_for(tmp_path, corpus, run)
    assert scores["claim.articles"] == 1
    assert scores["claim.fp"] == 0


def test_type_scored_nowhere_has_no_scores(tmp_path):
    corpus = write_corpus(tmp_path, {"a": {"article": {"published": "2024-02-08"}, "claims": []}})
    scores = scores_for(tmp_path, corpus, perfect_run(corpus))
    assert scores["result.f1"] is None
    assert scores["claim.f1"] == 1.0


def test_failed_article_counts_its_gold_as_missed(tmp_path, corpus):
    run = perfect_run(corpus)
    run["dataset.jsonl"] = [r for r in run["dataset.jsonl"] if "id-b" not in r["articles"]]
    for article in run["articles.jsonl"]:
        if article["id"] == "id-b":
            article.update(status="error", published=None, dateline=None)
    scores = scores_for(tmp_path, corpus, run)
    assert scores["result.fn"] == 1
    assert scores["articles.errors"] == 1
    assert scores["attr.article.published"] == 0.5


# --------------------------------------------------------------------------- names and fields


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("The Central Election Commission", "central election commission"),
        ("Azerbaijan's", "azerbaijan"),
        ("Voters'", "voters"),
        ("Central Election Commission (CEC)", "central election commission cec"),
        ("  Ilham   Aliyev ", "ilham aliyev"),
        ("İlham Aliyev", "ilham aliyev"),
        ("Trump\u2019s", "trump"),
        (None, None),
    ],
)
def test_norm_name(raw, normalized):
    assert ev.norm_name(raw) == normalized


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("CEC", "Central Election Commission of Azerbaijan", True),
        ("CEC", "Central Election Commission of Kyrgyzstan", True),  # a name in several groups
        ("Central Election Commission of Azerbaijan", "Central Election Commission of Kyrgyzstan", False),
        ("the Rey Monitoring Center", "Ray Monitoring Center", True),
        ("Ilham Aliyev", "Fuad Aliyev", False),
        ("Aliyev", "President Ilham Aliyev", True),
        ("Unknown Group", "unknown group", True),
        (None, None, True),
        ("CEC", None, False),
    ],
)
def test_alias_groups(a, b, same):
    aliases = ev.Aliases(ALIASES["groups"])
    assert aliases.same(a, b) is same
    assert aliases.same(b, a) is same


@pytest.mark.parametrize(
    ("gold_source", "system_source", "matched"),
    [
        ("Central Election Commission", "CEC", True),
        (["Oracle Advisory Group", "Citizens' Labor Rights Protection League"], "Citizens Labor Rights Protection League", True),
        (["Oracle Advisory Group", "Citizens' Labor Rights Protection League"], "Oracle Advisory Group", True),
        (["Oracle Advisory Group", None], None, True),
        (["Oracle Advisory Group"], "CEC", False),
        (None, "CEC", False),
    ],
)
def test_result_source_aliases_and_lists(tmp_path, gold_source, system_source, matched):
    gold = {"results": [result("Ilham Aliyev", 93.9, source=gold_source, coverage=None)]}
    corpus = write_corpus(tmp_path, {"a": gold})
    run = perfect_run(corpus)
    records_of(run, "result")[0]["source"] = system_source
    assert scores_for(tmp_path, corpus, run)["result.tp"] == int(matched)


@pytest.mark.parametrize(
    ("gold_kind", "system_kind", "correct"),
    [
        (["exit_poll", "survey", "unknown"], "survey", True),
        (["exit_poll", "survey", "unknown"], "official", False),
        ("official", "official", True),
        ("official", "exit_poll", False),
    ],
)
def test_list_valued_attribute(tmp_path, gold_kind, system_kind, correct):
    gold = {"results": [result("Ilham Aliyev", 92.4, source="Social Research Center", coverage=None,
                               source_kind=gold_kind)]}
    corpus = write_corpus(tmp_path, {"a": gold})
    run = perfect_run(corpus)
    records_of(run, "result")[0]["source_kind"] = system_kind
    scores = scores_for(tmp_path, corpus, run)
    assert scores["result.f1"] == 1.0  # attributes never decide a match
    assert scores["attr.result.source_kind"] == (1.0 if correct else 0.0)


@pytest.mark.parametrize(
    ("gold_speaker", "gold_org", "system_speaker", "system_org", "matched"),
    [
        ("Kubanychbek Omuraliev", None, "Omuraliev", None, True),  # alias
        ("Edward Alden", None, "Edward Alden of the Council on Foreign Relations", None, True),  # words inside
        ("Edward Alden of the Council on Foreign Relations", None, "Edward Alden", None, True),
        ("he", None, "Kubanychbek Omuraliev", None, True),  # bare pronoun accepts any speaker
        ("She", None, "The Central Election Commission", None, True),
        ("Nurzhan Shaidalbekova", "Central Election Commission", "CEC", None, True),  # gold org = system speaker
        ("Nurzhan Shaidalbekova", "Central Election Commission", "Shaidalbekova's aide", "CEC", True),
        (["Oracle Advisory Group", "Citizens' Labor Rights Protection League"], None, "Oracle Advisory Group", None, True),
        ("Ilham Aliyev", None, "Fuad Aliyev", None, False),
        ("Kubanychbek Omuraliev", "Organization of Turkic States", "Ilham Aliyev", "CEC", False),
    ],
)
def test_claim_speaker(tmp_path, gold_speaker, gold_org, system_speaker, system_org, matched):
    text = "The mission observed no violations at polling stations"
    gold = {"claims": [claim(gold_speaker, text, speaker_org=gold_org)]}
    corpus = write_corpus(tmp_path, {"a": gold})
    run = perfect_run(corpus)
    records_of(run, "claim")[0].update(speaker=system_speaker, speaker_org=system_org)
    assert scores_for(tmp_path, corpus, run)["claim.tp"] == int(matched)


@pytest.mark.parametrize(
    ("system_text", "matched"),
    [
        ("The mission observed no violations at polling stations", True),
        ("the mission observed no violations", True),  # F1 = 10/13 >= 0.5
        ("The mission observed violations", True),  # F1 = 8/12
        ("no violations", False),  # F1 = 4/10
    ],
)
def test_claim_text_f1_threshold(tmp_path, system_text, matched):
    gold = {"claims": [claim("Omuraliev", "The mission observed no violations at polling stations")]}
    corpus = write_corpus(tmp_path, {"a": gold})
    run = perfect_run(corpus)
    records_of(run, "claim")[0]["text"] = system_text
    assert scores_for(tmp_path, corpus, run)["claim.tp"] == int(matched)


@pytest.mark.parametrize(
    ("gold_event", "system_change", "matched", "date_correct"),
    [
        (event(date=None), {"date": "2024-02-07"}, True, False),  # unknown in gold: compatible
        (event(), {"date": None}, True, False),  # unknown in system: compatible
        (event(date=["2024-03-15", "2024-03-17"]), {"date": "2024-03-17"}, True, True),
        (event(office=None), {"office": "president"}, True, None),
        (event(office=["president", "primary"]), {"office": "primary"}, True, True),
        (event(country=["Burma", "Myanmar"]), {"country": "Myanmar"}, True, True),
        (event(), {"office": "parliament"}, False, None),
    ],
)
def test_event_compatibility(tmp_path, gold_event, system_change, matched, date_correct):
    corpus = write_corpus(tmp_path, {"a": {"events": [gold_event]}})
    run = perfect_run(corpus)
    records_of(run, "event")[0].update(system_change)
    scores = scores_for(tmp_path, corpus, run)
    assert scores["event.tp"] == int(matched)
    if date_correct is not None:
        assert scores["attr.event.date"] == (1.0 if date_correct else 0.0)


@pytest.mark.parametrize(
    ("field", "gold_value", "system", "correct"),
    [
        ("dateline_place", "Baku", {"dateline": {"place": "Baku, Azerbaijan", "date": None}}, True),
        ("dateline_place", "Baku", {"dateline": {"place": "Bakuriani", "date": None}}, False),
        ("dateline_place", None, {"dateline": None}, True),
        ("dateline_place", None, {"dateline": {"place": "Baku", "date": None}}, False),
        ("publisher", "MENAFN", {"publisher": "menafn"}, True),
        ("publisher", None, {"publisher": "MENAFN"}, False),
        ("agency", "Central Election Commission", {"agency": "CEC"}, True),
        ("published", "2024-02-08", {"published": "2024-02-07"}, False),
    ],
)
def test_article_fields(tmp_path, field, gold_value, system, correct):
    corpus = write_corpus(tmp_path, {"a": {"article": {field: gold_value}}})
    run = perfect_run(corpus)
    run["articles.jsonl"][0].update(system)
    scores = scores_for(tmp_path, corpus, run)
    assert scores[f"attr.article.{field}"] == (1.0 if correct else 0.0)


# --------------------------------------------------------------------------- status


def _status_corpus(tmp_path: Path, snapshots: list[tuple[str, float, float | None]]) -> dict[str, str]:
    """snapshots: (published, value, coverage) of one CEC Aliyev series, one article each."""
    gold = {
        f"n{i}": {"article": {"published": published}, "events": [event()],
                  "results": [result("Ilham Aliyev", value, coverage=coverage)]}
        for i, (published, value, coverage) in enumerate(snapshots)
    }
    loaded = ev.Corpus.load(write_corpus(tmp_path, gold))
    statuses = ev.gold_result_statuses(loaded.gold, loaded.aliases)
    return {name: statuses[(name, 0)] for name in sorted(gold)}


@pytest.mark.parametrize(
    ("snapshots", "expected"),
    [
        # 1. a lower stated coverage loses, whatever the dates
        ([("2024-02-09", 92.0, 54.47), ("2024-02-08", 92.05, 93.35)], ["superseded", "current"]),
        # 2. the newest article wins among unstated / top coverage
        ([("2024-02-08", 92.05, 93.35), ("2024-02-09", 92.12, None)], ["superseded", "current"]),
        # 2. same date: a stated coverage beats an unstated one
        ([("2024-02-08", 92.05, 93.35), ("2024-02-08", 92.1, None)], ["current", "superseded"]),
        # 3. an older article repeating the current figure is the same record
        ([("2024-02-08", 92.12, None), ("2024-02-09", 92.12, None)], ["current", "current"]),
        ([("2024-02-08", 92.0, None)], ["current"]),
    ],
)
def test_gold_status(tmp_path, snapshots, expected):
    assert list(_status_corpus(tmp_path, snapshots).values()) == expected


def test_gold_status_is_per_election_year(tmp_path):
    statuses = _status_corpus(tmp_path, [("2018-04-12", 86.3, None), ("2024-02-09", 92.12, None)])
    assert list(statuses.values()) == ["superseded", "current"]  # both events dated 2024: one election
    gold = {
        "old": {"article": {"published": "2018-04-12"}, "events": [event(date="2018-04-11")],
                "results": [result("Ilham Aliyev", 86.3, coverage=None)]},
        "new": {"article": {"published": "2024-02-09"}, "events": [event()],
                "results": [result("Ilham Aliyev", 92.12, coverage=None)]},
    }
    loaded = ev.Corpus.load(write_corpus(tmp_path / "x", gold))
    assert set(ev.gold_result_statuses(loaded.gold, loaded.aliases).values()) == {"current"}


def test_status_attribute_is_scored(tmp_path, corpus):
    run = perfect_run(corpus)
    superseded = next(r for r in records_of(run, "result") if r["status"] == "superseded")
    superseded["status"] = "current"
    scores = scores_for(tmp_path, corpus, run)
    assert scores["attr.result.status"] < 1.0
    assert scores["result.f1"] == 1.0


# --------------------------------------------------------------------------- entities and dedup


def test_entity_pairs_found_and_missed(tmp_path, corpus):
    run = perfect_run(corpus)
    run["entities.jsonl"] = [
        {"id": "e1", "name": "Ilham Aliyev", "label": "PERSON", "variants": ["Ilham Aliyev", "Aliyev"], "articles": []},
        {"id": "e2", "name": "Rey Monitoring Center", "label": "ORG", "variants": ["Rey Monitoring Center"], "articles": []},
    ]
    entities = scores_for(tmp_path, corpus, run)["entities"]
    # in the text: CEC group 2 names (x2 groups, same pair), Aliyev group 2, Omuraliev group 2,
    # Ray group only "Rey": so 3 pairs, one found
    assert (entities["pairs_found"], entities["pairs_total"]) == (1, 3)
    assert entities["distinct_merged"] == 0


def test_distinct_pair_merged_is_an_error(tmp_path, corpus):
    run = perfect_run(corpus)
    run["entities.jsonl"].append({"id": "bad", "name": "Aliyev", "label": "PERSON",
                                  "variants": ["Ilham Aliyev", "Fuad Aliyev"], "articles": []})
    assert scores_for(tmp_path, corpus, run)["entities.distinct_merged"] == 1


@pytest.mark.parametrize(
    ("duplicate_of_b", "precision", "recall"),
    [("id-a", 1.0, 1.0), (None, 1.0, 0.0)],
)
def test_near_duplicates(tmp_path, corpus, duplicate_of_b, precision, recall):
    run = perfect_run(corpus)
    for article in run["articles.jsonl"]:
        if article["id"] == "id-b":
            article["duplicate_of"] = duplicate_of_b
    dedup = scores_for(tmp_path, corpus, run)["dedup"]
    assert (dedup["near_dup_precision"], dedup["near_dup_recall"]) == (precision, recall)


def test_near_duplicate_false_positive(tmp_path):
    corpus = write_corpus(tmp_path, {"a": GOLD_A, "b": GOLD_B}, texts={"a": TEXT_A, "b": TEXT_B})
    run = perfect_run(corpus)
    run["articles.jsonl"][1]["duplicate_of"] = run["articles.jsonl"][0]["id"]
    dedup = scores_for(tmp_path, corpus, run)["dedup"]
    assert dedup["near_dup_precision"] == 0.0
    assert dedup["near_dup_predicted"] == 1


def test_redundant_record(tmp_path, corpus):
    run = perfect_run(corpus)
    twin = {**copy.deepcopy(records_of(run, "result")[0]), "id": "twin", "source": "CEC"}
    run["dataset.jsonl"].append(twin)
    scores = scores_for(tmp_path, corpus, run)
    assert scores["dedup.redundant"] == 1
    assert scores["result.fp"] == 1


# --------------------------------------------------------------------------- plumbing


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("corpus/dev/d1_001_aliyev.txt", "d1_001_aliyev"),
        ("../shared/corpus/real-dev/018_liberia-v1.jsonl#L1", "018_liberia-v1"),
        ("a.b.txt", "a.b"),
        ("noext", "noext"),
    ],
)
def test_article_name(path, name):
    assert ev.article_name(path) == name


def test_gold_articles_never_lists_gold_files(tmp_path, corpus):
    (corpus / "orphan.txt").write_text("no gold for me", encoding="utf-8")
    assert sorted(p.name for p in ev.gold_articles(corpus).values()) == ["a.txt", "b.txt"]


def test_jsonl_article_text(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"title": "Headline", "text": "Body text."}) + "\n", encoding="utf-8")
    assert ev.article_text(path) == "Headline\n\nBody text."


def test_scores_answer_dotted_keys(tmp_path, corpus):
    scores = scores_for(tmp_path, corpus, perfect_run(corpus))
    assert scores["attr.result.coverage"] == scores["attr"]["result"]["coverage"]
    assert "claim.precision" in scores
    assert "claim.nonsense" not in scores
    assert set(ev.flatten(scores)) >= {"result.f1", "event.recall", "entities.distinct_merged", "dedup.redundant"}


def _cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_main_prints_table_and_errors(tmp_path, corpus, capsys):
    run = perfect_run(corpus)
    records_of(run, "result")[0]["value"] = 50.0
    out = write_run(tmp_path, run)
    assert ev.main(_cli(str(corpus), "--out", str(out), "--errors")) == 0
    printed = capsys.readouterr().out
    assert "result" in printed and "F1" in printed
    assert "FN" in printed and "FP" in printed
    assert "[rule: result.test]" in printed
    assert "92.05 percent" in printed  # the gold record's sentence, found in the article


def test_main_json(tmp_path, corpus, capsys):
    out = write_run(tmp_path, perfect_run(corpus))
    assert ev.main(_cli(str(corpus), "--out", str(out), "--json")) == 0
    assert json.loads(capsys.readouterr().out)["result"]["f1"] == 1.0


def test_main_rejects_folder_without_gold(tmp_path, capsys):
    assert ev.main(_cli(str(tmp_path), "--out", str(tmp_path))) == 2
