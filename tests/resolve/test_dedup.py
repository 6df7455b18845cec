"""One record per fact, supersession of snapshots, claim merging (pipeline/resolve/dedup.py)."""

from __future__ import annotations

import itertools
import json

import pytest

from pipeline.records import Article, ClaimFact, EventFact, Extraction, Mention, ResultFact, ResultRecord
from pipeline.resolve import resolve
from pipeline.resolve.dedup import build_records, normalize_claim, same_statement, supersede


class Names:
    """Entity index stand-in: a few variants map to one canonical name."""

    ALIASES = {"CEC": "Central Election Commission", "Rey Monitoring Center": "Ray Monitoring Center"}

    def canonical(self, name, label="", article_id=None):
        return self.ALIASES.get(name, name)


def article(aid: str, date: str | None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", published=date, text="x")


def mention(aid: str, start: int) -> Mention:
    return Mention(aid, start, start + 4, f"sentence {start}", "test")


def election(aid: str) -> EventFact:
    return EventFact("election", "president", "extraordinary", "Azerbaijan", "2024-02-07", 7, mention(aid, 0))


def res(aid: str, start: int, candidate, value, source="CEC", coverage=None, kind="official", event_index=0, metric="vote_share"):
    return ResultFact(candidate, value, "percent", metric, source, kind, coverage, mention(aid, start), event_index)


def claim(aid: str, start: int, speaker: str, text: str) -> ClaimFact:
    return ClaimFact(speaker, None, None, text, False, "said", None, mention(aid, start))


def build(arts: list[Article], exts: list[Extraction]):
    return build_records(arts, exts, Names())


def results_of(records) -> list[ResultRecord]:
    return [r for r in records if r.type == "result"]


# --------------------------------------------------------------------------- the seeds

CEC_SEED_000 = [("Ilham Aliyev", 92.05), ("Zahid Oruj", 2.19), ("Razi Nurullayev", 0.8), ("Fazil Mustafa", 2.0),
                ("Elshad Musayev", 0.67), ("Gudrat Hasanguliyev", 1.76), ("Fuad Aliyev", 0.53)]
CEC_SEED_003 = [("Ilham Aliyev", 92.12), ("Zahid Oruj", 2.17), ("Razi Nurullayev", 0.8), ("Fazil Mustafa", 1.98),
                ("Elshad Musayev", 0.66), ("Gudrat Hasanguliyev", 1.72), ("Fuad Aliyev", 0.53)]


def seed(aid: str, cec: list[tuple[str, float]], coverage: float, ray: str) -> Extraction:
    results = [res(aid, 100 + i, c, v, coverage=coverage) for i, (c, v) in enumerate(cec)]
    results += [
        res(aid, 200, "Ilham Aliyev", 93.9, source="Oracle Advisory Group", kind="exit_poll"),
        res(aid, 210, "Ilham Aliyev", 92.4, source="Social Research Center", kind="survey"),
        res(aid, 220, "Ilham Aliyev", 92.6, source=ray, kind="exit_poll"),
    ]
    return Extraction(aid, events=(election(aid),), results=tuple(results))


SEED_ARTICLES = [article("b66a12f209a253b3", "2024-02-08"), article("0cafe3c9a0c7b1d1", "2024-02-09")]
SEED_EXTRACTIONS = [
    seed("b66a12f209a253b3", CEC_SEED_000, 93.35, "Ray Monitoring Center"),
    seed("0cafe3c9a0c7b1d1", CEC_SEED_003, 100.0, "Rey Monitoring Center"),
]


def test_seeds_give_17_results_7_superseded():
    results = results_of(build(SEED_ARTICLES, SEED_EXTRACTIONS))
    assert len(results) == 17
    superseded = [r for r in results if r.status == "superseded"]
    assert len(superseded) == 7
    assert {r.coverage for r in superseded} == {93.35}
    by_id = {r.id: r for r in results}
    for old in superseded:
        new = by_id[old.superseded_by]
        assert (new.candidate, new.coverage, new.status) == (old.candidate, 100.0, "current")


def test_seed_exit_polls_are_one_record_each_with_both_articles():
    results = results_of(build(SEED_ARTICLES, SEED_EXTRACTIONS))
    polls = [r for r in results if r.source_kind != "official"]
    assert len(polls) == 3
    for r in polls:
        assert r.articles == ("b66a12f209a253b3", "0cafe3c9a0c7b1d1")
        assert len(r.mentions) == 2
        assert (r.status, r.as_of) == ("current", "2024-02-09")


def test_seed_unchanged_figure_at_new_coverage_is_a_new_snapshot():
    # Razi Nurullayev: 0.8 at 93.35 % and 0.8 at 100 %: the key holds the coverage
    results = results_of(build(SEED_ARTICLES, SEED_EXTRACTIONS))
    razi = sorted((r for r in results if r.candidate == "Razi Nurullayev"), key=lambda r: r.coverage)
    assert [(r.coverage, r.status) for r in razi] == [(93.35, "superseded"), (100.0, "current")]


def test_seed_event_links_every_result():
    records = build(SEED_ARTICLES, SEED_EXTRACTIONS)
    (event,) = [r for r in records if r.type == "event"]
    assert event.articles == ("b66a12f209a253b3", "0cafe3c9a0c7b1d1")
    assert {r.event_id for r in results_of(records)} == {event.id}


def test_seeds_output_does_not_depend_on_input_order():
    expected = [json.dumps(r.to_dict()) for r in resolve(SEED_ARTICLES, SEED_EXTRACTIONS).records]
    for arts, exts in itertools.product(itertools.permutations(SEED_ARTICLES), itertools.permutations(SEED_EXTRACTIONS)):
        assert [json.dumps(r.to_dict()) for r in resolve(list(arts), list(exts)).records] == expected


def test_facts_read_from_disk_resolve_as_facts_in_memory(tmp_path):
    from pipeline.io.spill import ExtractionStore

    store = ExtractionStore(tmp_path)
    for ext in reversed(SEED_EXTRACTIONS):
        store.put(ext)
    store.put(Extraction("not-an-article", results=SEED_EXTRACTIONS[0].results))  # no ok article: left out
    from_disk, in_memory = resolve(SEED_ARTICLES, store), resolve(SEED_ARTICLES, list(SEED_EXTRACTIONS))
    assert in_memory.records and from_disk.records == in_memory.records
    assert from_disk.entities == in_memory.entities
    store.close()


# --------------------------------------------------------------------------- supersession cases

# Each case: one series (same event, source, candidate, metric); per article (date, value, coverage).
# Expected: (value, coverage) -> status.
SUPERSESSION = [
    pytest.param([("2024-03-17", 87.97, 24.0), ("2024-03-18", 87.32, 95.08)],
                 {(87.97, 24.0): "superseded", (87.32, 95.08): "current"}, id="higher-coverage-newer"),
    pytest.param([("2024-03-19", 87.97, 24.0), ("2024-03-18", 87.32, 95.08)],
                 {(87.97, 24.0): "superseded", (87.32, 95.08): "current"}, id="lower-coverage-loses-whatever-date"),
    pytest.param([("2024-03-18", 87.32, 95.08), ("2024-03-21", 87.28, None)],
                 {(87.32, 95.08): "superseded", (87.28, None): "current"}, id="final-without-coverage-next-day"),
    pytest.param([("2024-03-18", 87.32, 95.08), ("2024-03-18", 87.3, None)],
                 {(87.32, 95.08): "current", (87.3, None): "superseded"}, id="same-date-stated-beats-unstated"),
    pytest.param([("2024-03-18", 87.3, None), ("2024-03-20", 87.4, None)],
                 {(87.3, None): "superseded", (87.4, None): "current"}, id="unstated-newest-wins"),
    pytest.param([("2024-02-08", 92.05, 93.35), ("2024-02-09", 92.12, 100.0), ("2024-02-10", 92.05, 93.35)],
                 {(92.05, 93.35): "superseded", (92.12, 100.0): "current"}, id="late-repeat-of-old-count-still-loses"),
    pytest.param([("2024-02-07", 92.1, None), ("2024-02-08", 92.05, 93.35), ("2024-02-09", 92.12, 100.0)],
                 {(92.1, None): "superseded", (92.05, 93.35): "superseded", (92.12, 100.0): "current"}, id="three-snapshots"),
]


@pytest.mark.parametrize(("snapshots", "expected"), SUPERSESSION)
def test_supersession(snapshots, expected):
    arts = [article(f"a{i}", d) for i, (d, _, _) in enumerate(snapshots)]
    exts = [Extraction(f"a{i}", events=(election(f"a{i}"),), results=(res(f"a{i}", 50, "Putin", v, coverage=c),))
            for i, (_, v, c) in enumerate(snapshots)]
    results = results_of(build(arts, exts))
    assert {(r.value, r.coverage): r.status for r in results} == expected
    current = [r for r in results if r.status == "current"]
    assert all(r.superseded_by == current[0].id for r in results if r.status == "superseded")
    assert all(r.superseded_by is None for r in current)


def test_older_article_repeating_current_figure_is_the_same_record():
    arts = [article("old", "2024-02-08"), article("mid", "2024-02-09"), article("new", "2024-02-10")]
    exts = [
        Extraction("old", events=(election("old"),), results=(res("old", 10, "A", 92.12, coverage=100.0),)),
        Extraction("mid", events=(election("mid"),), results=(res("mid", 10, "A", 92.05, coverage=93.35),)),
        Extraction("new", events=(election("new"),), results=(res("new", 10, "A", 92.12, coverage=100.0),)),
    ]
    results = results_of(build(arts, exts))
    assert len(results) == 2
    (current,) = [r for r in results if r.status == "current"]
    assert (current.articles, current.as_of) == (("old", "new"), "2024-02-10")


@pytest.mark.parametrize(
    ("a", "b", "n_records"),
    [
        (dict(value=2.0), dict(value=2), 1),  # "two percent" and "2 %"
        (dict(value=92.05, coverage=93.35), dict(value=92.05, coverage=93.35), 1),
        (dict(value=92.05, coverage=93.35), dict(value=92.05, coverage=None), 2),
        (dict(value=92.4, source="Social Research Center"), dict(value=92.4, source="Ray Monitoring Center"), 2),
        (dict(value=70.0, metric="turnout"), dict(value=70.0, metric="vote_share"), 2),
    ],
)
def test_result_key(a, b, n_records):
    arts = [article("x", "2024-02-08"), article("y", "2024-02-08")]
    exts = [Extraction("x", events=(election("x"),), results=(res("x", 5, "A", **a),)),
            Extraction("y", events=(election("y"),), results=(res("y", 5, "A", **b),))]
    assert len(results_of(build(arts, exts))) == n_records


def test_same_figure_twice_in_one_article_is_one_record_with_two_mentions():
    arts = [article("x", "2024-02-08")]
    exts = [Extraction("x", events=(election("x"),), results=(res("x", 5, "A", 93.9), res("x", 90, "A", 93.9)))]
    (r,) = results_of(build(arts, exts))
    assert (r.articles, [m.start for m in r.mentions]) == (("x",), [5, 90])


def test_results_of_different_elections_do_not_supersede():
    arts = [article("x", "2018-04-12"), article("y", "2024-02-09")]
    exts = [Extraction("x", events=(EventFact("election", "president", None, "Azerbaijan", "2018-04-11", None, mention("x", 0)),),
                       results=(res("x", 5, "A", 86.3),)),
            Extraction("y", events=(election("y"),), results=(res("y", 5, "A", 92.12),))]
    assert {r.status for r in results_of(build(arts, exts))} == {"current"}


def test_results_without_event_stay_within_their_article():
    arts = [article("x", "2024-02-08"), article("y", "2024-02-09")]
    exts = [Extraction("x", results=(res("x", 5, "A", 50.0, event_index=None),)),
            Extraction("y", results=(res("y", 5, "A", 51.0, event_index=None),))]
    results = results_of(build(arts, exts))
    assert {(r.event_id, r.status) for r in results} == {(None, "current")}


def test_supersede_keeps_a_lone_record():
    r = ResultRecord("id", ("a",), (), None, "A", 1.0, "percent", "vote_share", "S", "official", 10.0, "2024-01-01")
    assert supersede([r]) == [r]


# --------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The mission observed no violations.", "the mission observed no violations", True),
        ("“The vote was free and fair,” ", '"The vote was free and fair"', True),
        ("The mission observed no violations or discontent during the election process",
         "The mission observed no violations or discontent during the electoral process", True),
        ("The vote was free and fair", "The vote was neither free nor fair and was rigged", False),
    ],
)
def test_same_statement(a, b, same):
    assert same_statement(normalize_claim(a), normalize_claim(b)) is same


def test_claims_merge_across_articles_by_speaker_and_wording():
    arts = [article("x", "2024-02-09"), article("y", "2024-02-08")]
    exts = [
        Extraction("x", claims=(claim("x", 10, "Omuraliev", "The mission observed no violations."),
                                claim("x", 80, "Panahov", "The mission observed no violations."))),
        Extraction("y", claims=(claim("y", 30, "Omuraliev", "the mission observed no violations"),)),
    ]
    claims = [r for r in build(arts, exts) if r.type == "claim"]
    assert sorted((c.speaker, c.articles) for c in claims) == [("Omuraliev", ("y", "x")), ("Panahov", ("x",))]
    omuraliev = next(c for c in claims if c.speaker == "Omuraliev")
    assert [m.article_id for m in omuraliev.mentions] == ["y", "x"]
    assert omuraliev.text == "the mission observed no violations"  # wording of the oldest article


def test_surname_with_the_same_figure_in_one_article_is_the_full_name():
    arts = [article("x", "2022-11-21")]
    exts = [Extraction("x", events=(election("x"),), results=(res("x", 5, "Kassym-Jomart Tokayev", 81.31),
                                                               res("x", 90, "Tokayev", 81.31), res("x", 120, "Abden", 2.6)))]
    assert sorted((r.candidate, len(r.mentions)) for r in results_of(build(arts, exts))) == [
        ("Abden", 1), ("Kassym-Jomart Tokayev", 2)]


def test_claim_inside_another_claim_of_its_speaker_is_that_claim():
    arts = [article("x", "2016-09-30")]
    outer = ClaimFact("Clinton", None, None, "she admired the courage through what she calls a war of words",
                      False, "says", None, Mention("x", 100, 180, "s", "t"))
    inner = ClaimFact("Clinton", None, None, "war of words", True, "calls", None, Mention("x", 160, 172, "s", "t"))
    other = ClaimFact("Trump", None, None, "war of words", True, "calls", None, Mention("x", 160, 172, "s", "t"))
    claims = [r for r in build(arts, [Extraction("x", claims=(inner, outer, other))]) if r.type == "claim"]
    assert sorted((c.speaker, len(c.mentions), c.cue) for c in claims) == [("Clinton", 2, "says"), ("Trump", 1, "calls")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Nikolay Kharitonov of the Communist Party", "Nikolay Kharitonov"),
        ("Nikolay Kharitonov: 4.1 million votes", "Nikolay Kharitonov"),
        ("Nikolay Kharitonov (KPRF)", "Nikolay Kharitonov"),
        ("Nikolay Kharitonov – Communists of Russia", "Nikolay Kharitonov – Communists of Russia"),  # a list name
    ],
)
def test_candidate_with_a_qualifier_is_the_same_candidate(written, expected):
    arts = [article("x", "2024-03-18"), article("y", "2024-03-21")]
    exts = [Extraction("x", events=(election("x"),), results=(res("x", 5, "Nikolay Kharitonov", 4.28, coverage=95.08),)),
            Extraction("y", events=(election("y"),), results=(res("y", 5, written, 4.31),))]
    results = results_of(build(arts, exts))
    assert {r.candidate for r in results} == {"Nikolay Kharitonov", expected}
    assert [r.status for r in results if r.value == 4.31] == ["current"]


def test_a_coverage_belongs_to_one_count():
    # the extractor carried the commission's "93.35 % processed" onto the exit poll after it
    arts = [article("x", "2024-02-08"), article("y", "2024-02-09")]
    exts = [Extraction(aid, events=(election(aid),), results=(
        res(aid, 5, "A", v, coverage=cov), res(aid, 20, "B", w, coverage=cov),
        res(aid, 40, "A", 93.9, source="Exit Poll Group", coverage=cov, kind="exit_poll")))
        for aid, v, w, cov in (("x", 92.05, 2.19, 93.35), ("y", 92.12, 2.17, 100.0))]
    results = results_of(build(arts, exts))
    poll = [r for r in results if r.source == "Exit Poll Group"]
    assert [(r.coverage, r.status, r.articles) for r in poll] == [(None, "current", ("x", "y"))]
    assert {r.coverage for r in results if r.source != "Exit Poll Group"} == {93.35, 100.0}
