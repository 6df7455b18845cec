"""wf_events: one EventFact per election an article reports, with office, qualifier, country,
date and declared candidates; nothing for passing or non-election mentions."""

from __future__ import annotations

import pytest


def events(run_doc, text: str, date: str | None = "2024-02-08", place: str | None = None) -> list[tuple]:
    doc = run_doc(text, date=date, place=place)
    return [(e.kind, e.office, e.qualifier, e.country, e.date, e.candidates_declared) for e in doc._.wf_events]


@pytest.mark.parametrize(
    "text, date, place, expected",
    [
        (  # the seed shape: country from the phrase, date from "took place on", candidates declared
            "The extraordinary presidential election in Azerbaijan took place on February 7. "
            "Seven candidates run in the election.",
            "2024-02-08", "Baku, Azerbaijan",
            ("election", "president", "extraordinary", "Azerbaijan", "2024-02-07", 7),
        ),
        (  # possessive country and weekday date; a registered-candidates count
            "Ilham Aliyev has 92.05 percent of the votes in Wednesday's presidential election in Azerbaijan. "
            "Eight candidates were registered.",
            "2024-02-08", None,
            ("election", "president", None, "Azerbaijan", "2024-02-07", 8),
        ),
        (  # nationality adjective -> country; weak head "vote" with an office
            "Japarov is on course for a win in the Kyrgyz presidential vote held on Sunday.",
            "2021-01-11", None,
            ("election", "president", None, "Kyrgyzstan", "2021-01-10", None),
        ),
        (  # a date range gives the last day
            "Putin won the March 15-17 presidential election in Russia with 87 percent.",
            "2024-03-18", "Moscow",
            ("election", "president", None, "Russia", "2024-03-17", None),
        ),
        (  # no country in the text: the dateline's capital
            "The snap presidential election was held yesterday, the commission said.",
            "2021-01-11", "BISHKEK",
            ("election", "president", "snap", "Kyrgyzstan", "2021-01-10", None),
        ),
        (  # office after the head
            "Tokayev has won the early election for head of state, the commission said.",
            "2022-11-21", "Astana",
            ("election", "president", "early", "Kazakhstan", None, None),
        ),
        (  # parties as the declared field of a parliamentary vote
            "Eighteen parties took part in Georgia's parliamentary elections, which ended on Saturday.",
            "2024-10-26", None,
            ("election", "parliament", None, "Georgia", "2024-10-26", 18),
        ),
        (  # a runoff
            "Johnson-Sirleaf had a commanding lead in Liberia's presidential runoff on Tuesday.",
            "2005-11-10", "Monrovia",
            ("election", "president", "runoff", "Liberia", "2005-11-08", None),
        ),
        (  # a US state primary: the state's country, presidential by default
            "Clinton won Tuesday's Delaware primary with 60 percent of the vote.",
            "2016-04-27", None,
            ("election", "president", "primary", "United States", "2016-04-26", None),
        ),
        (  # a referendum
            "Kenyan voters rejected the proposed constitution in Monday's referendum, the electoral commission said.",
            "2005-11-22", "Nairobi",
            ("referendum", None, None, "Kenya", "2005-11-21", None),
        ),
        (  # a mayoral race inside municipal elections is one election: the mayor's
            "Exit poll results for today's municipal elections are out. Tbilisi mayoral race: the incumbent leads.",
            "2021-10-02", "Tbilisi",
            ("election", "mayor", None, "Georgia", "2021-10-02", None),
        ),
        (  # polls opening on a date before the election phrase
            "Polls opened at 7 a.m. on Sunday in Moldova's parliamentary elections, the first under a mixed system.",
            "2019-02-25", "Chisinau",
            ("election", "parliament", None, "Moldova", "2019-02-24", None),
        ),
        (  # demonym subject, candidates approved to run
            "Iranians voted on Friday in a presidential election. Seven candidates were approved to run.",
            "2021-06-19", "Tehran",
            ("election", "president", None, "Iran", "2021-06-18", 7),
        ),
        (  # a general election in a parliamentary system takes the office the article names
            "Britain's Conservatives won the general election held on Thursday, taking 365 seats in parliament.",
            "2019-12-13", "London",
            ("election", "parliament", None, "United Kingdom", "2019-12-12", None),
        ),
        (  # the holding verb's date, not the date it was postponed from
            "Senegal's presidential election, postponed from February 25, took place on March 24.",
            "2024-03-25", "Dakar",
            ("election", "president", None, "Senegal", "2024-03-24", None),
        ),
        (  # "primary" as a modifier
            "Javier Milei won Argentina's primary elections on Sunday with 30 percent of the vote.",
            "2023-08-14", "Buenos Aires",
            ("election", "president", "primary", "Argentina", "2023-08-13", None),
        ),
        (  # a preview: plural nationality noun, present-tense vote, a coming weekday
            "South Africans vote on Wednesday in general elections that could end the ruling party's majority.",
            "2024-05-28", "Johannesburg",
            ("election", None, None, "South Africa", "2024-05-29", None),
        ),
    ],
)
def test_event_shapes(run_doc, text, date, place, expected):
    assert events(run_doc, text, date, place) == [expected]


def test_election_and_referendum_on_one_day(run_doc):
    text = "Kyrgyzstan held a snap presidential election and a referendum on the form of government yesterday."
    assert events(run_doc, text, "2021-01-11") == [
        ("election", "president", "snap", "Kyrgyzstan", "2021-01-10", None),
        ("referendum", None, None, "Kyrgyzstan", "2021-01-10", None),
    ]


def test_runoff_and_first_round_are_two_elections(run_doc):
    text = (
        "The run-off for 133 parliamentary seats was held on Tuesday. "
        "Thirty-one seats were decided in the first round of the parliamentary elections held on Nov. 9."
    )
    assert events(run_doc, text, "2005-11-17", "Cairo") == [
        ("election", "parliament", "runoff", "Egypt", "2005-11-15", None),
        ("election", "parliament", None, "Egypt", "2005-11-09", None),
    ]


def test_country_holding_the_vote_beats_the_dateline(run_doc):
    text = "South Korea will hold presidential elections next year, officials said."
    assert [e[3] for e in events(run_doc, text, "2016-09-10", "Washington")] == ["South Korea"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Georgia's parliamentary elections were held on Saturday, a U.S. observer said.", "Georgia"),
        ("Trump leads in Georgia in the presidential race, and Clinton leads in Ohio, Florida and Virginia.", "United States"),
    ],
)
def test_georgia_country_or_state(run_doc, text, expected):
    assert [e[3] for e in events(run_doc, text, "2016-10-30")] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Papua New Guinea's parliamentary elections were held on Saturday.", "Papua New Guinea"),
        ("The Republic of Congo's presidential election took place on Sunday.", "Republic of Congo"),
    ],
)
def test_longest_country_name_wins(run_doc, text, expected):
    assert [e[3] for e in events(run_doc, text, "2024-02-12")] == [expected]


def test_runoff_with_earlier_first_round(run_doc):
    text = (
        "Zelenskiy won Ukraine's presidential runoff on Sunday with 73 percent of the vote. "
        "He had topped the first round on March 31."
    )
    assert events(run_doc, text, "2019-04-22", "Kyiv") == [
        ("election", "president", "runoff", "Ukraine", "2019-04-21", None),
        ("election", "president", None, "Ukraine", "2019-03-31", None),
    ]


def test_mentions_merge_into_one_election(run_doc):
    text = (
        "Azerbaijan's presidential election was held openly. The extraordinary presidential election "
        "took place on February 7. Observers praised the election."
    )
    doc = run_doc(text, date="2024-02-08")
    (event,) = doc._.wf_events
    assert (event.qualifier, event.date) == ("extraordinary", "2024-02-07")
    assert doc.text[event.mention.start : event.mention.end] == "Azerbaijan's presidential election"
    assert event.mention.sentence == "Azerbaijan's presidential election was held openly."
    assert event.mention.rule == "election.head.election"


@pytest.mark.parametrize(
    "text",
    [
        "U.S. consumer prices rose 0.3 percent in January, the Labor Department said on Tuesday.",
        "The president's job approval rating hit a new low of 35 percent, according to a CBS News poll.",
        "Shareholders will vote on the merger at the annual meeting on April 28.",
        "Caprice left in the eviction with just 5% of the public vote.",
        "``I want a referendum,'' the prime minister said.",
        "Russians trust the president and the army most, according to a poll released on Wednesday.",
        "The company said its shareholders approved the merger in a vote on Tuesday with 98 percent in favour.",
        "The central bank held its key rate at 7.5 percent on Friday; the vote of the board was unanimous.",
        "The U.N. had a major General Assembly vote condemning the regime for human rights abuses.",
        "Butterfield, head of the Congressional Black Caucus, criticized the remarks.",
    ],
)
def test_no_election_no_event(run_doc, text):
    assert events(run_doc, text, "2024-02-08") == []


@pytest.mark.parametrize(
    "text",
    [
        "He lost the previous presidential election in 2013.",
        "Its members, running as independents in the 2000 parliamentary elections, won 17 seats.",
        "The region has held two presidential elections and one constitutional referendum since 2003.",
        "Jeenbekov stepped down on October 15, 2020, after unrest sparked by parliamentary elections.",
        "The model was adopted over objections from those advocating direct election of a president.",
        "Her party swept to power in historic elections last year.",
    ],
)
def test_passing_references_give_no_event(run_doc, text):
    assert events(run_doc, text, "2021-01-11") == []


@pytest.mark.parametrize(
    "text, date, expected",
    [
        ("Millions voted in Burma's first democratic elections on Sunday.", "2015-11-10", ("Myanmar", "2015-11-08")),
        ("Voters chose a president in the two-round presidential election held on Sunday in Peru.", "2021-04-12", ("Peru", "2021-04-11")),
        ("Results of the December 31 presidential election in Congo are expected.", "2024-01-03", ("Democratic Republic of Congo", "2023-12-31")),
    ],
)
def test_current_elections_are_not_background(run_doc, text, date, expected):
    assert [(e[3], e[4]) for e in events(run_doc, text, date)] == [expected]


def test_avoided_runoff_is_no_runoff(run_doc):
    text = "In today's municipal elections, Tbilisi will not need a second round of voting."
    assert [e[2] for e in events(run_doc, text, "2021-10-02", "Tbilisi")] == [None]


def test_election_named_only_in_the_headline(nlp):
    text = "Four exit polls were carried out today for TV stations. The vote count goes on."
    doc = nlp.make_doc(text)
    doc._.wf_article = {
        "id": "t", "date": "2020-10-31", "place": None, "offset": 0,
        "title": "Two realities in four exit polls as Georgia's parliamentary vote ends",
    }  # fmt: skip
    (event,) = nlp(doc)._.wf_events
    assert (event.kind, event.office, event.country) == ("election", "parliament", "Georgia")
    assert doc.text[event.mention.start : event.mention.end] in text


IMPLIED = [
    # a poll story's hypothetical matchups are the election to come, beside the primary it covers
    ("Three weeks ahead of the Pennsylvania primary, the poll finds the race tight. Kasich topped both rivals in "
     "hypothetical matchups.",
     {("election", "president", "primary", "United States"), ("election", "president", None, "United States")}),
    ("Before the June 7 primary in California, both would defeat Mr. Trump in a hypothetical November contest.",
     {("election", "president", "primary", "United States"), ("election", "president", None, "United States")}),
    # near misses: a hypothetical question, a race for a nomination
    ("Three weeks ahead of the Pennsylvania primary, voters were asked a hypothetical question.",
     {("election", "president", "primary", "United States")}),
]


@pytest.mark.parametrize("text, expected", IMPLIED)
def test_hypothetical_matchups_are_the_election_to_come(run_doc, text, expected):
    got = {(k, o, q, c) for k, o, q, c, _d, _n in events(run_doc, text, date="2016-04-06")}
    assert got == expected


def test_hypothetical_contest_takes_no_month_as_date(run_doc):
    got = events(run_doc, "Before the June 7 primary in California, both would defeat him in a hypothetical November contest.",
                 date="2016-05-27")
    assert [d for _k, _o, q, _c, d, _n in got if q is None] == [None]


@pytest.mark.parametrize("text, date, place, expected", [
    ("Voters in Ghana went to the polls on Tuesday to elect a president and parliament.", "2008-12-08", "Accra",
     [("election", "president", None, "Ghana", "2008-12-02", None)]),
    ("Mexicans will elect a new president on July 1.", "2012-06-20", "Mexico City",
     [("election", "president", None, "Mexico", "2012-07-01", None)]),
    ("Iraqis vote on Sunday to elect a new parliament.", "2010-03-05", "Baghdad",
     [("election", "parliament", None, "Iraq", "2010-03-07", None)]),
    # near misses: a biography, a body electing its officer
    ("He was elected president in 2005 and spoke in Accra on Tuesday.", "2008-12-08", "Accra", []),
    ("The parliament will elect a speaker on Tuesday.", "2008-12-08", "Accra", []),
])
def test_election_named_by_its_verb(run_doc, text, date, place, expected):
    assert events(run_doc, text, date=date, place=place) == expected
