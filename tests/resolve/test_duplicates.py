"""Near-duplicate articles by wording and by lead story (pipeline/resolve/duplicates.py)."""

from __future__ import annotations

import pytest

from pipeline.records import Article, ClaimFact, EventFact, Extraction, Mention, ResultFact
from pipeline.resolve.duplicates import clusters, may_be_similar, near_duplicates, similar_hashes
from pipeline.resolve.events import link_events
from pipeline.sketch import shingle_hashes


class Names:
    def canonical(self, name, label="", article_id=None):
        return {"CEC": "Central Election Commission"}.get(name, name)


STORY = (
    "Voting has ended in the parliamentary elections and the electoral commission will publish the "
    "preliminary count overnight. More than six million voters were registered at some six thousand "
    "polling stations across the country, and about ninety thousand observers followed the vote. "
    "International missions are expected to present their assessments at a press conference tomorrow."
)
OTHER = (
    "Consumer prices rose faster than expected last month as shelter and food costs kept climbing, "
    "the statistics office said on Tuesday. Economists had forecast a smaller increase, and markets "
    "now expect the central bank to wait longer before cutting interest rates this year."
)


# STORY with every fourth word changed: few 5-word runs survive, many word pairs do
REWORDED = " ".join("other" if i % 4 == 3 else w for i, w in enumerate(STORY.split()))


def article(aid: str, date: str | None, text: str = "x") -> Article:
    return Article(id=aid, path=f"{aid}.txt", published=date, text=text)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (STORY, STORY, True),
        (STORY, "A new lead paragraph written by another agency. " + STORY, True),
        (STORY, STORY[: len(STORY) // 2] + " " + OTHER, True),  # half the story reused
        (STORY, OTHER, False),
        ("too short", "too short", False),
    ],
)
def test_similar_wording(a, b, expected):
    assert similar_hashes(shingle_hashes(a), shingle_hashes(b)) is expected


def test_copies_cluster_under_the_earliest_article():
    arts = [article("c", "2024-02-09", STORY), article("b", "2024-02-08", "Update: " + STORY),
            article("a", None, STORY + " More."), article("z", "2024-02-01", OTHER)]
    assert near_duplicates(arts, []) == {"a": "b", "b": "b", "c": "b"}


def test_wording_clusters_are_transitive_and_order_free():
    # a and c share no wording, but each copies half of b: one cluster through b
    first, second = STORY, OTHER
    arts = [article("a", "2024-02-01", first), article("b", "2024-02-02", first + " " + second),
            article("c", "2024-02-03", second)]
    expected = {"a": "a", "b": "a", "c": "a"}
    assert near_duplicates(arts, []) == expected
    assert near_duplicates(list(reversed(arts)), []) == expected


def test_representative_ties_go_to_the_smallest_id():
    rank = {"a": (0, "2024-01-01", "a"), "b": (0, "2024-01-01", "b")}
    assert clusters(["b", "a"], {("a", "b")}, rank) == {"a": "a", "b": "a"}


def m(aid: str, start: int) -> Mention:
    return Mention(aid, start, start + 3, "s", "t")


def election(aid: str, date: str = "2024-03-17", country: str = "Russia") -> EventFact:
    return EventFact("election", "president", None, country, date, None, m(aid, 0))


def count(aid: str, start: int, value: float, source: str = "CEC") -> ResultFact:
    return ResultFact("Putin", value, "percent", "vote_share", source, "official", None, m(aid, start), 0)


def said(aid: str, start: int, speaker: str) -> ClaimFact:
    return ClaimFact(speaker, None, None, "The vote was fair", False, "said", None, m(aid, start))


def story_clusters(arts: list[Article], exts: list[Extraction]) -> dict[str, str]:
    names = Names()
    return near_duplicates(arts, exts, names, link_events(arts, exts, names))


def test_updates_of_one_count_are_one_story():
    arts = [article("a", "2024-03-17"), article("b", "2024-03-18"), article("c", "2024-03-21")]
    exts = [Extraction("a", events=(election("a"),), results=(count("a", 10, 87.97),)),
            Extraction("b", events=(election("b"),), results=(count("b", 10, 87.32, source="Central Election Commission"),)),
            Extraction("c", events=(election("c"),), results=(count("c", 90, 87.28),), claims=(said("c", 300, "Pamfilova"),))]
    assert story_clusters(arts, exts) == {"a": "a", "b": "a", "c": "a"}


def test_a_story_that_repeats_the_count_below_its_own_lead_stays_apart():
    arts = [article("a", "2024-03-17"), article("b", "2024-03-18")]
    exts = [Extraction("a", events=(election("a"),), results=(count("a", 10, 87.97),)),
            Extraction("b", events=(election("b"),), results=(count("b", 400, 87.97),), claims=(said("b", 5, "Observer"),))]
    assert story_clusters(arts, exts) == {}


@pytest.mark.parametrize(
    ("other_event", "other_source"),
    [
        (("2018-03-18", "Russia"), "CEC"),  # another election of the same country
        (("2024-03-17", "Kazakhstan"), "CEC"),  # another country
        (("2024-03-17", "Russia"), "Exit Poll Institute"),  # another source
    ],
)
def test_different_election_or_source_is_another_story(other_event, other_source):
    date, country = other_event
    arts = [article("a", "2024-03-17"), article("b", date)]
    exts = [Extraction("a", events=(election("a"),), results=(count("a", 10, 87.97),)),
            Extraction("b", events=(election("b", date, country),), results=(count("b", 10, 76.7, other_source),))]
    assert story_clusters(arts, exts) == {}


def test_claims_led_by_the_same_speaker_on_one_election_are_one_story():
    arts = [article("a", "2018-03-19"), article("b", "2018-03-19")]
    exts = [Extraction("a", events=(election("a", "2018-03-18"),), claims=(said("a", 5, "Guminsky"),)),
            Extraction("b", events=(election("b", "2018-03-18"),), claims=(said("b", 9, "Guminsky"),))]
    assert story_clusters(arts, exts) == {"a": "a", "b": "a"}


def test_duplicates_do_not_depend_on_input_order():
    arts = [article("c", "2024-02-09", STORY), article("b", "2024-02-08", STORY), article("a", "2024-02-08", STORY)]
    assert near_duplicates(arts, []) == near_duplicates(arts[::-1], []) == {"a": "a", "b": "a", "c": "a"}


def cec_counts(aid: str, start: int, values: list[float], candidates: str = "ABCDEFG") -> tuple[ResultFact, ...]:
    return tuple(
        ResultFact(c, v, "percent", "vote_share", "CEC", "official", None, m(aid, start + i), 0)
        for i, (c, v) in enumerate(zip(candidates, values, strict=False))
    )


FIGURES_2024 = [92.05, 2.19, 2.0, 1.76, 0.8]
FIGURES_2018 = [86.3, 3.11, 3.03, 3.02, 0.74]


@pytest.mark.parametrize(
    ("undated_figures", "dated", "expected"),
    [
        (FIGURES_2024, [("2024-02-08", FIGURES_2024)], True),  # same count reported without a date
        (FIGURES_2024, [("2018-04-12", FIGURES_2018)], False),  # the same commission, another election
        ([92.05, 1.0, 1.1, 1.2, 1.3], [("2024-02-08", FIGURES_2024)], False),  # one figure in common
    ],
)
def test_undated_report_needs_shared_figures(undated_figures, dated, expected):
    arts = [article("u", None)] + [article(f"d{i}", d) for i, (d, _) in enumerate(dated)]
    exts = [Extraction("u", events=(election("u", None, "Azerbaijan"),), results=cec_counts("u", 10, undated_figures))]
    exts += [Extraction(f"d{i}", events=(election(f"d{i}", d[:4] + "-02-07", "Azerbaijan"),), results=cec_counts(f"d{i}", 10, v))
             for i, (d, v) in enumerate(dated)]
    assert bool(story_clusters(arts, exts)) is expected


@pytest.mark.parametrize(
    ("speaker_org", "expected"),
    [
        ("CEC", True),  # the commission's chairman announcing its count: the count's story
        ("Observer Mission", False),  # an observer's comments with the count as background
    ],
)
def test_claim_led_story_shares_the_count_only_when_speaking_for_its_source(speaker_org, expected):
    arts = [article("a", "2022-11-21"), article("b", "2022-11-21")]
    lead = ClaimFact("Chairman", None, speaker_org, "The incumbent has won", False, "said", None, m("b", 0))
    exts = [Extraction("a", events=(election("a"),), results=cec_counts("a", 10, FIGURES_2024)),
            Extraction("b", events=(election("b"),), results=cec_counts("b", 100, FIGURES_2024), claims=(lead,))]
    assert bool(story_clusters(arts, exts)) is expected


@pytest.mark.parametrize(
    ("text_b", "date_b", "expected"),
    [
        ("Prices rose 3.1% after 3.4% in December; the index gained 0.3% and food 0.4%.", "2024-02-14", True),
        ("Prices rose 3.1% after 3.4% in December; the index gained 0.3% and food 0.4%.", "2024-03-20", False),
        ("Output grew 1.2% after 0.9% in December; exports rose 2.5% and imports 0.7%.", "2024-02-14", False),
    ],
)
def test_articles_without_election_facts_match_by_figures(text_b, date_b, expected):
    text_a = "Annual inflation eased to 3.1 percent from 3.4 percent; the CPI went up 0.3 percent, food 0.4 percent."
    arts = [article("a", "2024-02-13", text_a), article("b", date_b, text_b)]
    assert bool(story_clusters(arts, [Extraction("a"), Extraction("b")])) is expected


def test_the_wire_credit_is_not_the_story_source():
    # both stories "lead" with the agency that distributed them; the real leads differ
    arts = [Article(id=a, path=a, published="2024-03-17", agency="Wire Agency", text="x") for a in ("a", "b")]
    exts = [Extraction("a", events=(election("a"),), results=(count("a", 5, 87.9, source="Wire Agency"), count("a", 50, 87.9))),
            Extraction("b", events=(election("b"),), results=(count("b", 5, 80.0, source="Wire Agency"),
                                                              count("b", 50, 80.0, source="Exit Poll Institute")))]
    assert story_clusters(arts, exts) == {}


def test_one_candidates_figures_from_several_polls_are_not_one_count():
    arts = [article("a", "2024-02-08"), article("b", "2024-02-08")]
    polls = [("Poll One", 93.9), ("Poll Two", 92.4), ("Poll Three", 92.6)]

    def figures(aid: str) -> tuple[ResultFact, ...]:
        return tuple(ResultFact("Incumbent", v, "percent", "vote_share", s, "exit_poll", None, m(aid, 100 + i), 0)
                     for i, (s, v) in enumerate(polls))

    lead_a = ClaimFact("Chairman", None, None, "The incumbent is far ahead", False, "said", None, m("a", 0))
    exts = [Extraction("a", events=(election("a"),), results=figures("a"), claims=(lead_a,)),
            Extraction("b", events=(election("b"),), results=(count("b", 5, 92.05),) + figures("b"))]
    assert story_clusters(arts, exts) == {}


@pytest.mark.parametrize(("date_b", "expected"), [("2024-03-21", True), ("2024-06-01", False)])
def test_report_without_a_named_election_joins_by_actor_within_days(date_b, expected):
    arts = [article("a", "2024-03-18"), article("b", date_b)]
    exts = [Extraction("a", events=(election("a"),), results=(count("a", 10, 87.32),)),
            Extraction("b", results=(ResultFact("Putin", 87.28, "percent", "vote_share", "CEC", "official", None, m("b", 10), None),))]
    assert bool(story_clusters(arts, exts)) is expected


@pytest.mark.parametrize(
    ("text_b", "expected"),
    [
        ("The ruling party could take 63 of the 125 seats", True),  # another agency relays the pollster
        ("The ruling party could take most of the 125 seats", False),  # one number is not one statement
    ],
)
def test_relays_of_one_announcement_share_its_numbers(text_b, expected):
    arts = [article("a", "2024-09-01"), article("b", "2024-09-01")]

    def says(aid: str, speaker: str, text: str) -> ClaimFact:
        return ClaimFact(speaker, None, None, text, False, "said", None, m(aid, 5))

    exts = [Extraction("a", events=(election("a", "2024-09-01", "Azerbaijan"),),
                       claims=(says("a", "Pollster One", "The ruling party accounts for 63 of the 125 lawmakers"),)),
            Extraction("b", events=(election("b", "2024-09-01", "Azerbaijan"),), claims=(says("b", "Pollster Two", text_b),))]
    assert bool(story_clusters(arts, exts)) is expected


@pytest.mark.parametrize(
    ("date", "texts", "expected"),
    [
        ("2018-03-19", ("x", "y"), True),
        (None, ("x", "y"), False),  # undated: a candidate leads many stories
        (None, (STORY, REWORDED), True),  # undated but worded alike
    ],
)
def test_same_speaker_is_one_story_in_a_known_year_or_with_shared_wording(date, texts, expected):
    arts = [article("a", date, texts[0]), article("b", date, texts[1])]
    exts = [Extraction("a", events=(election("a", None),), claims=(said("a", 5, "Candidate"),)),
            Extraction("b", events=(election("b", None),), claims=(said("b", 9, "Candidate"),))]
    assert bool(story_clusters(arts, exts)) is expected


@pytest.mark.parametrize(
    ("referendum_at", "linked_to"),
    [
        (0, "president"),  # the article names the referendum first; the count names the election
        (80, "referendum"),  # the article names the election first; the count was linked to the referendum
    ],
)
def test_count_story_matches_on_its_own_or_its_articles_first_election(referendum_at, linked_to):
    referendum = EventFact("referendum", None, None, "Kyrgyzstan", "2021-01-10", None, m("b", referendum_at))
    president = EventFact("election", "president", None, "Kyrgyzstan", "2021-01-10", None, m("b", 40))
    arts = [article("a", "2021-01-10"), article("b", "2021-01-12")]
    exts = [Extraction("a", events=(EventFact("election", "president", None, "Kyrgyzstan", "2021-01-10", None, m("a", 0)),),
                       results=(ResultFact("J", 79.15, "percent", "vote_share", "CEC", "official", 90.06, m("a", 50), 0),)),
            Extraction("b", events=(referendum, president),
                       results=(ResultFact("J", 81.56, "percent", "vote_share", "CEC", "official", 96.4, m("b", 90),
                                           0 if linked_to == "referendum" else 1),))]
    assert story_clusters(arts, exts) == {"a": "a", "b": "a"}


@pytest.mark.parametrize(
    ("agree", "size_a", "size_b", "expected"),
    [
        (512, 100, 100, True),  # identical signatures
        (6, 100, 100, False),  # estimated Jaccard 0.012: below half the threshold
        (30, 100, 100, False),  # same-template stories: containment about 0.11
        (60, 100, 100, True),  # Jaccard 0.12, containment 0.21: worth the exact test
        (30, 50, 1000, True),  # a short report inside a roundup: low Jaccard, high containment
    ],
)
def test_may_be_similar_prunes_only_hopeless_pairs(agree, size_a, size_b, expected):
    assert may_be_similar(agree, size_a, size_b) is expected


@pytest.mark.parametrize("crowd", [150, 250])  # the shared first band within, then over MAX_POSTING
def test_copies_are_judged_even_when_they_first_meet_in_an_oversized_bucket(crowd):
    import numpy as np

    from pipeline.resolve.duplicates import text_pairs
    from pipeline.sketch import NUM_PERM, sketch

    ids = [f"a{i:03d}" for i in range(crowd)]
    texts = {aid: " ".join(f"u{i}x{j}" for j in range(300)) for i, aid in enumerate(ids)}
    texts["a000"] = texts["a001"] = STORY
    rows = np.random.RandomState(0).randint(0, 65535, size=(crowd, NUM_PERM)).astype("<u2")
    rows[0] = rows[1] = np.frombuffer(sketch(STORY)[1], dtype="<u2")
    rows[:, 0:2] = 7  # every article shares the first band's key
    assert text_pairs(ids, np.full(crowd, 300), rows, texts) == [("a000", "a001")]


@pytest.mark.parametrize("second", [1, 7, 8, 9])  # within the first band's byte of flags, and past it
def test_a_pair_first_judged_in_a_later_band_after_an_oversized_one(monkeypatch, second):
    """Two copies share band 0 only through an oversized bucket, then band ``second``: they
    are judged there (the per-band "judged" flags are packed bits, read back in order)."""
    import numpy as np

    from pipeline.resolve import duplicates
    from pipeline.sketch import NUM_PERM, sketch

    monkeypatch.setattr(duplicates, "MAX_POSTING", 3)
    ids = ["a", "b", "c", "d", "e"]
    texts = {aid: " ".join(f"{aid}{j}" for j in range(300)) for aid in ids}
    texts["a"] = texts["b"] = STORY
    rows = np.random.RandomState(1).randint(0, 65535, size=(5, NUM_PERM)).astype("<u2")
    rows[0] = rows[1] = np.frombuffer(sketch(STORY)[1], dtype="<u2")
    rows[:, 0:2] = 7  # band 0: one bucket of five, over MAX_POSTING
    for band in range(1, second):  # bands in between: the copies' keys differ by one half
        rows[1, 2 * band + 1] ^= 1
    assert duplicates.text_pairs(ids, np.full(5, 300), rows, texts) == [("a", "b")]


@pytest.mark.parametrize(("parts", "expected"), [(0, [(0, 256)]), (1, [(0, 256)]), (2, [(0, 128), (128, 256)]), (3, [(0, 85), (85, 170), (170, 256)])])
def test_band_parts_cover_every_band_once(parts, expected):
    from pipeline.resolve.duplicates import band_parts

    assert [(r.start, r.stop) for r in band_parts(parts)] == expected


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_bands_judged_in_parts_join_the_same_clusters_as_one_run(parts):
    """The engine cuts the bands between its workers: the pairs differ, the clusters not."""
    from pipeline.resolve.duplicates import band_parts, clusters, text_pairs
    from pipeline.sketch import SketchIndex

    stories = [" ".join(f"s{k}w{j}" for j in range(150)) for k in range(4)]
    texts = {f"a{i:02d}": stories[i % 4] + f" and line {i}" for i in range(20)}
    texts["a01"] = stories[1][: len(stories[1]) // 2] + " a shorter copy"  # contained, lower Jaccard
    texts.update({f"b{i:02d}": " ".join(f"u{i}x{j}" for j in range(150)) for i in range(10)})
    index = SketchIndex()
    for aid in texts:
        index.add_text(aid, texts[aid])
    ids, sizes, rows = index.ordered()
    whole = text_pairs(ids, sizes, rows, texts)
    cut = [pair for bands in band_parts(parts) for pair in text_pairs(ids, sizes, rows, texts, bands)]
    rank = {aid: (0, "", aid) for aid in texts}
    assert len(whole) == 16 and any("a01" in pair for pair in whole)  # four stories of five copies
    assert clusters(ids, set(cut), rank) == clusters(ids, set(whole), rank)


@pytest.mark.parametrize(
    ("rows", "cores", "parts"),
    [(0, 2, 1), (5_000, 2, 1), (14_999, 4, 1), (15_000, 2, 2), (50_000, 4, 4), (50_000, 1, 1)],
)
def test_bands_are_cut_between_the_cores_only_for_a_large_corpus(rows, cores, parts):
    from pipeline.resolve.duplicates import parts_worth_cutting

    assert parts_worth_cutting(rows, cores) == parts
