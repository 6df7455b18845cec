"""The results stage: candidates, metric, source, kind and coverage from sentence and list shapes."""

from __future__ import annotations

import pytest

CEC = "According to the Central Election Commission (CEC), the presidential election count continues. "


def results(run_doc, text: str, date: str = "2024-02-08"):
    return [(r.candidate, r.value, r.metric) for r in run_doc(text, date=date)._.wf_results]


SHAPES = [
    (CEC + "Zahid Oruj received 2.19 percent of the votes.", ("Zahid Oruj", 2.19)),
    (CEC + "Fazil Mustafa - two percent of the votes were cast.", ("Fazil Mustafa", 2.0)),
    (CEC + "Gudrat Hasanguliyev (1.76%) trails the field.", ("Gudrat Hasanguliyev", 1.76)),
    (CEC + "The commission said 92.4 percent of voters voted for Ilham Aliyev.", ("Ilham Aliyev", 92.4)),
    (CEC + "Sadyr Japarov is leading with 79.15% of the vote.", ("Sadyr Japarov", 79.15)),
    (CEC + "Rafael Correa won 57.04 percent of the votes.", ("Rafael Correa", 57.04)),
    (CEC + "That translates into 87.28% of the votes for Vladimir Putin.", ("Vladimir Putin", 87.28)),
]


@pytest.mark.parametrize("text, expected", SHAPES)
def test_candidate_shapes(run_doc, text, expected):
    assert (expected[0], expected[1], "vote_share") in results(run_doc, text)


def test_inline_list(run_doc):
    text = CEC + "Zahid Oruj received 2.19 percent of the votes, Razi Nurullayev -\n0.8 percent, Fazil Mustafa - two percent, Elshad Musayev - 0.67\npercent of the votes."
    got = {(c, v) for c, v, _ in results(run_doc, text)}
    assert {("Zahid Oruj", 2.19), ("Razi Nurullayev", 0.8), ("Fazil Mustafa", 2.0), ("Elshad Musayev", 0.67)} <= got


def test_list_lines(run_doc):
    text = ("The exit poll conducted by Edison Research shows the following results in the parliamentary election:\n"
            "- Georgian Dream – Democratic Georgia – 46%\n- Girchi (Iago Hvichiya) – 3%;\n- Others – 5%\n")
    got = {(c, v) for c, v, _ in results(run_doc, text)}
    assert ("Georgian Dream – Democratic Georgia", 46.0) in got and ("Girchi", 3.0) in got
    assert not any(c == "Others" for c, _ in got)


def test_pair_to(run_doc):
    text = "In the new poll of the presidential race, Clinton leads Bernie Sanders 50 percent to 44 percent."
    got = {(c, v) for c, v, _ in results(run_doc, text, date="2016-04-06")}
    assert {("Clinton", 50.0), ("Bernie Sanders", 44.0)} <= got


PAIRS = [
    ("In the new poll of the presidential race, Clinton leads Bernie Sanders 50 percent to 44 percent.",
     {("Clinton", 50.0), ("Bernie Sanders", 44.0)}),
    ("In the new poll of the presidential race, Carson beat out Clinton by one point, with 47 percent to Clinton's 46 percent.",
     {("Carson", 47.0), ("Clinton", 46.0)}),
    ("Mr. Trump was defeated in the caucuses by Senator Ted Cruz, who won, 27.6 percent to 24.3 percent.",
     {("Ted Cruz", 27.6), ("Trump", 24.3)}),
    ("In the poll of the presidential race, Mrs. Clinton has a lead of 48 percent to 41 percent over Mr. Sanders.",
     {("Clinton", 48.0), ("Sanders", 41.0)}),
]


@pytest.mark.parametrize("text, expected", PAIRS)
def test_pairs(run_doc, text, expected):
    got = {(c, v) for c, v, _ in results(run_doc, text, date="2016-04-06")}
    assert expected <= got


SHARED_AND_ASIDES = [
    (CEC + "Zahid Oruc and Ilyas Ismaylov, who leads the Justice party, each took 0.65%.",
     {("Zahid Oruc", 0.65), ("Ilyas Ismaylov", 0.65)}),
    (CEC + "Gudrat Hasanguliyev (the Popular Front Party) got 3.02%.", {("Gudrat Hasanguliyev", 3.02)}),
    (CEC + "Nikolay Kharitonov of the Communist Party received 4.31%.", {("Nikolay Kharitonov", 4.31)}),
    (CEC + "The commission said 93.9 percent of voters backed Ilham Aliyev, and the rest (Fuad Aliyev - 0.3%) trailed.",
     {("Ilham Aliyev", 93.9), ("Fuad Aliyev", 0.3)}),
]


@pytest.mark.parametrize("text, expected", SHARED_AND_ASIDES)
def test_shared_figures_and_asides(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text)} == expected


REFERENDUM = [
    ("In the referendum poll, 45% of people would vote against the constitution and 24% in favour.", {("No", 45.0), ("Yes", 24.0)}),
    ("Preliminary results showed that 99 percent of the voters in Sunday's referendum backed independence.", {("Yes", 99.0)}),
    ("In the referendum count, 4.41% voted against both options.", set()),
]


@pytest.mark.parametrize("text, expected", REFERENDUM)
def test_referendum_options(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text, date="2006-11-13")} == expected


def test_turnout_has_no_candidate(run_doc):
    text = CEC + "The Central Election Commission put voter turnout at 74.3%."
    assert (None, 74.3, "turnout") in results(run_doc, text)


def test_headline_figure_takes_the_first_source_named_later(run_doc):
    text = ("Tokayev wins Kazakhstan's election with 81.31 percent\n\n"
            "Kassym-Jomart Tokayev took 81.31 percent of the vote in the presidential election, "
            "the Central Election Commission said.\n")
    assert {r.source for r in run_doc(text, date="2022-11-21")._.wf_results} == {"Central Election Commission"}


def test_wire_credit_is_not_a_source(run_doc):
    text = ("According to the Central Election Commission, Vladimir Putin won 87.97% of the votes in the presidential election.\n"
            "Nikolay Kharitonov was second with 3.8%, RIA Novosti reported.\n")
    assert {r.source for r in run_doc(text, date="2024-03-17")._.wf_results} == {"Central Election Commission"}


def test_spokesperson_maps_to_the_organization(run_doc):
    text = ("Ilham Aliyev is ahead in the presidential election with 92 percent, Chairman of the Central Election "
            "Commission Mazahir Panahov told journalists.\nPanahov said Zahid Oruj was second with 2.2 percent.\n")
    got = {(r.candidate, r.source) for r in run_doc(text)._.wf_results}
    assert got == {("Ilham Aliyev", "Central Election Commission"), ("Zahid Oruj", "Central Election Commission")}


def source_of(run_doc, text: str):
    return [(r.candidate, r.source, r.source_kind, r.coverage) for r in run_doc(text)._.wf_results]


def test_source_carries_over_with_coverage(run_doc):
    text = ("According to the Central Election Commission (CEC) of Azerbaijan, Ilham Aliyev is leading in the presidential "
            "election with 92.05 percent of the votes after the processing of 93.35 percent of the ballots.\n"
            "Zahid Oruj received 2.19 percent of the votes.\n"
            "Based on the results of the exit poll of the Ray Monitoring Center, 92.6 percent of voters voted for Ilham Aliyev.\n")
    got = source_of(run_doc, text)
    assert ("Ilham Aliyev", "Central Election Commission", "official", 93.35) in got
    assert ("Zahid Oruj", "Central Election Commission", "official", 93.35) in got
    assert ("Ilham Aliyev", "Ray Monitoring Center", "exit_poll", None) in got


@pytest.mark.parametrize("text", [
    "With 95.08% of protocols counted, Vladimir Putin has 87.32% of the vote in the presidential election.",
    "With 95.08 percent of precincts reporting, Vladimir Putin has 87.32% of the vote in the presidential election.",
])
def test_coverage_forms(run_doc, text):
    got = run_doc(text)._.wf_results
    assert [(r.candidate, r.coverage) for r in got] == [("Vladimir Putin", 95.08)]


NEGATIVES = [
    "Georgescu leads Romania's presidential election. In France, 41,227 people voted and Georgescu received 17,413 votes – 43.22%.",
    "Russia's presidential election ended. Moscow saw 66% of eligible voters take part.",
    "In the election poll, 21 percent said Clinton was not too likely to win and 63 percent said the same of Trump.",
    "US annual inflation eased to 3.1 percent in January, the Labor Department said.",
    "Bush's job approval rating hit a new low of 35 percent, according to a CBS News poll.",
    "The poll of the election race has a margin of error of plus or minus 4 percentage points; 61% of women back the party candidate.",
    "Caprice left the house with 5% of the public vote, the show said.",
    "Ortega needs at least 35 percent of the vote in the presidential election to avoid a runoff.",
    "Tokayev first came to power in 2019 in the presidential election, winning 70.96 percent of the vote.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_results(run_doc, text):
    assert results(run_doc, text, date="2022-11-21") == []


def test_event_index_points_to_an_event(run_doc):
    doc = run_doc("The presidential election in Azerbaijan took place on February 7. " + CEC + "Zahid Oruj received 2.19 percent of the votes.")
    events = doc._.wf_events or []
    for r in doc._.wf_results:
        assert r.event_index is None if not events else 0 <= r.event_index < len(events)


# A description as the subject of a figure stands for a person of the sentences before it: the k-th
# description for the k-th person named there (leaving out those the sentence names itself).
DESCRIPTIONS = [
    ("Maria Santos led Pedro Lima in the presidential runoff, the election commission said. "
     "The 66-year-old former finance minister had 59.2 percent of the votes while the 39-year-old former "
     "football player had 40.8 percent.",
     {("Maria Santos", 59.2), ("Pedro Lima", 40.8)}),
    ("In the new poll, Tom Miller trails Ann Cole and Bob Reyes among primary voters. "
     "Against Cole, the Ohio governor earned 51 percent to her 35 percent, while against Reyes, he prevailed 46 percent to 40 percent.",
     {("Tom Miller", 51.0), ("Cole", 35.0), ("Tom Miller", 46.0), ("Reyes", 40.0)}),
    # near misses: a description named in apposition, a party described
    ('The commission released preliminary results of the parliamentary election. Maria Santos spoke. '
     'The best-placed opposition force, the "Coalition for Change", has 11.2%.',
     {("Coalition for Change", 11.2)}),
    ("Maria Santos led the presidential election count, the election commission said. The ruling party won 40 percent.",
     set()),
]


@pytest.mark.parametrize("text, expected", DESCRIPTIONS)
def test_descriptions_stand_for_people_named_before(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text)} == expected


PRONOUNS_AND_OPPONENTS = [
    # a pronoun that refers to the name before it in the sentence is that person, not a new one
    ("In the new poll of the presidential race, Jill Moore had 5 percent. Among likely voters in a two-way race, "
     "Clinton's advantage is the same: She leads Trump by 49 percent to 47 percent.",
     {("Jill Moore", 5.0), ("Clinton", 49.0), ("Trump", 47.0)}),
    # a pronoun opening a sentence refers to the first person (the topic) of the sentence before
    ("In the new poll of the presidential race, Clinton leads Trump 48% to 41%. A new average finds Clinton's edge over "
     "Trump has inched up. The average of the polls finds her ahead, 43% to 40%.",
     {("Clinton", 48.0), ("Trump", 41.0), ("Clinton", 43.0), ("Trump", 40.0)}),
    # the unnamed side of a pair is the opponent of the last pair
    ("The new poll of the presidential race found Clinton leading Trump 45% to 39%. "
     "A second poll this week found Clinton leading by a similar margin, 43% to 37%.",
     {("Clinton", 45.0), ("Trump", 39.0), ("Clinton", 43.0), ("Trump", 37.0)}),
]


@pytest.mark.parametrize("text, expected", PRONOUNS_AND_OPPONENTS)
def test_pronouns_and_implicit_opponents(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text, date="2016-09-21")} == expected


PAIR_OPPONENTS = [
    # an object pronoun is not its clause's subject
    ("In the new poll of the presidential race, Mrs. Clinton is leading Mr. Trump among likely voters 49 percent to 39 percent; "
     "Mr. Sanders would beat him 53 percent to 36 percent.",
     {("Clinton", 49.0), ("Trump", 39.0), ("Sanders", 53.0), ("Trump", 36.0)}),
    # the other side named later as 'her opponent, X'
    ("Ann Cole campaigned hard in the presidential primary. While it is devastating that she lost the state 36 percent "
     "to 51 percent, she is disliked by supporters of her opponent, Sen. Bob Lane.",
     {("Ann Cole", 36.0), ("Bob Lane", 51.0)}),
]


@pytest.mark.parametrize("text, expected", PAIR_OPPONENTS)
def test_pair_opponents(run_doc, text, expected):
    assert expected <= {(c, v) for c, v, _ in results(run_doc, text, date="2016-05-27")}


SOURCES = [
    # the subject's head names the speaker, not a name inside an adjective compound ('Harvard-trained')
    ("The National Elections Commission said Ann Cole had 59 percent of the votes in the presidential runoff.\n"
     "Tom Reyes, spokesman for the Harvard- trained economist told reporters the final results are due.\nBob Lane had 41 percent.",
     {("Ann Cole", "National Elections Commission"), ("Bob Lane", "National Elections Commission")}),
]


@pytest.mark.parametrize("text, expected", SOURCES)
def test_source_is_the_subject_head(run_doc, text, expected):
    assert {(r.candidate, r.source) for r in run_doc(text, date="2005-11-10")._.wf_results} == expected


def test_share_of_respondents_is_no_source(run_doc):
    text = ("Ann Cole won the presidential primary with 51 percent of the vote.\n"
            "Even worse, 36 percent of Democrats said they were willing to flip their support.\n")
    assert {r.source for r in run_doc(text, date="2016-05-12")._.wf_results} == {None}


def test_earlier_round_figures_take_no_current_source(run_doc):
    text = ("Ann Cole led the presidential runoff with 59 percent of the votes, the National Elections Commission said.\n"
            "Cole and Bob Lane obtained 19.8 percent and 28.3 percent respectively in the first round.\n")
    got = {(r.candidate, r.value, r.source) for r in run_doc(text, date="2005-11-10")._.wf_results}
    assert got == {("Ann Cole", 59.0, "National Elections Commission"), ("Cole", 19.8, None), ("Bob Lane", 28.3, None)}


SUBGROUPS = [
    "In the presidential race, Ann Cole will get 90 percent of the African-American vote.",
    "In the caucuses, Ted Cruz won just 19 percent among ''somewhat conservative'' voters.",
    "In the caucuses, Ted Cruz won a mere 9 percent of the ''moderate'' vote.",
    "In the primary exit poll, only 21 percent who chose 'honest and trustworthy' cast a vote for her.",
    "In the presidential poll, a majority of voters expect Clinton to win Monday's debate -- 44 percent to Trump's 34 percent.",
]


@pytest.mark.parametrize("text", SUBGROUPS)
def test_subgroup_and_forecast_shares_are_not_results(run_doc, text):
    assert results(run_doc, text, date="2016-02-04") == []


def test_figure_shared_by_a_list_of_names(run_doc):
    text = ("In the primary race, four candidates - Gov. John R. Kasich of Ohio, Gov. Chris Christie of New Jersey, "
            "Jeb Bush and Mr. Rubio - have all been clustered near 10 percent of the vote in New Hampshire surveys.")
    got = {(c, v) for c, v, _ in results(run_doc, text, date="2016-02-04")}
    assert got == {("John R. Kasich", 10.0), ("Chris Christie", 10.0), ("Jeb Bush", 10.0), ("Rubio", 10.0)}


def test_count_coverage_does_not_carry_into_poll_figures(run_doc):
    text = ("With 100 percent of precincts reporting, Ted Cruz won the caucuses with 27.6 percent.\n"
            "Marco Rubio and Jeb Bush have both been near 10 percent of the vote in New Hampshire surveys.\n")
    got = {(r.candidate, r.coverage, r.source_kind) for r in run_doc(text, date="2016-02-04")._.wf_results}
    assert ("Ted Cruz", 100.0, "official") in got and ("Jeb Bush", None, "survey") in got


ORG_REFERENCES = [
    # "the party says": the party named before, official for its own primary
    ("Ann Cole has scored a big win in the Voters Abroad Democrats primary held on Saturday.\n"
     "The party says 34,570 citizens cast votes. Cole received 69 percent of the vote.",
     ("Cole", "Voters Abroad Democrats", "official")),
    # "the commission said": the commission named before
    ("The Central Election Commission of Ruritania opened the count of the presidential election.\n"
     "The commission said Ann Cole received 55 percent of the vote.",
     ("Ann Cole", "Central Election Commission of Ruritania", "official")),
]


@pytest.mark.parametrize("text, expected", ORG_REFERENCES)
def test_definite_org_reference_names_the_org_before(run_doc, text, expected):
    got = [(r.candidate, r.source, r.source_kind) for r in run_doc(text, date="2016-03-21", place="Washington")._.wf_results]
    assert got == [expected]


def test_party_outside_a_primary_is_no_official_source(run_doc):
    text = ("The opposition Liberty Party predicted a landslide in the parliamentary election.\n"
            "The party says Ann Cole has won 82 percent of the vote.")
    got = [(r.source, r.source_kind) for r in run_doc(text, date="2015-11-10")._.wf_results]
    assert got == [("Liberty Party", "unknown")]


@pytest.mark.parametrize("text, expected", [
    ("The Reuters-Ipsos opinion poll of the presidential race shows Clinton at 43 percent.\n"
     "The Marist College tracking poll showed Trump with 47.1 percent.", ("Trump", "Marist College")),
    ("The Reuters-Ipsos opinion poll of the presidential race shows Clinton at 43 percent.\n"
     "The Gallup online opinion poll gave Trump 41 percent.", ("Trump", "Gallup")),
])
def test_pollster_before_a_modified_poll_word(run_doc, text, expected):
    assert expected in {(r.candidate, r.source) for r in run_doc(text, date="2016-09-30")._.wf_results}


VOTE_CONTEXT = [
    # figures of a campaign story with no vote, poll or race in sight
    ("Ann Cole is the party's presidential candidate.\nHer plan is expensive.\nShe wants reform.\n"
     "Under her plan, the richest Americans would pay a 4 percent surcharge.", set()),
    ("The nominee spoke in Ohio about the presidential campaign.\nThe company struggled.\nIts debts grew.\n"
     "Peabody gave Patriot 13 percent of its coal reserves.", set()),
    # near misses: a vote word in the sentence, one before it, or the one after
    ("Ann Cole is the party's presidential candidate.\nAnn Cole received 54 percent of the votes.", {("Ann Cole", 54.0)}),
    ("In the primary, Ann Cole finished first.\nBob Lane lags behind with 15 percent.", {("Bob Lane", 15.0)}),
    ("Highlights: Ann Cole has 45%, Bob Lane 42%.\nThe race is tight, according to a new poll.",
     {("Ann Cole", 45.0), ("Bob Lane", 42.0)}),
    # list items need no vote word near them
    ("The party's candidates in the presidential primary were many.\nOne.\nTwo.\nThree.\n"
     "1. Ann Cole – 52.1 percent 2. Bob Lane – 2.2 percent", {("Ann Cole", 52.1), ("Bob Lane", 2.2)}),
]


@pytest.mark.parametrize("text, expected", VOTE_CONTEXT)
def test_vote_share_needs_a_vote_nearby(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text, date="2016-09-16")} == expected


SHARE_OF = [
    ("In the presidential race, Stumpf said only 1 percent of the bank's sales force was involved.", set()),
    ("In the presidential race, Peabody gave Patriot 13 percent of its coal reserves.", set()),
    ("In the presidential race, Romney spoke of 47 percent of the country.", set()),
    # near misses: shares of the vote, of voters, of a named group
    ("In the presidential race, Ann Cole won 47 percent of the nationwide vote.", {("Ann Cole", 47.0)}),
    ("In the presidential race poll, Ann Cole has the support of 45 percent of Americans.", {("Ann Cole", 45.0)}),
    ("In the presidential race poll, Ann Cole had 41 percent of likely voters.", {("Ann Cole", 41.0)}),
]


@pytest.mark.parametrize("text, expected", SHARE_OF)
def test_share_of_something_else_is_no_vote_share(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text, date="2016-09-20")} == expected


ATTRIBUTION_AND_FOR = [
    # an attribution after a comma is no answer verb
    ("Turnout in the presidential election was 67.3 percent, the commission said.", {(None, 67.3, "turnout")}),
    ("Ann Cole won the presidential election with 54 percent, the commission said.", {("Ann Cole", 54.0, "vote_share")}),
    # near miss: a verb right after the comma still answers a question
    ("In the presidential poll, 30 per cent said he could not be trusted while 63%, disagreed.", set()),
    # "N percent for X"
    ("Morales won 54 percent of the vote in the presidential election, compared with 28 percent for Doria Medina.",
     {("Morales", 54.0, "vote_share"), ("Doria Medina", 28.0, "vote_share")}),
    ("Lula led the presidential election with 48.6 percent against 41.6 percent for Alckmin.",
     {("Lula", 48.6, "vote_share"), ("Alckmin", 41.6, "vote_share")}),
    # a sentence never ends on a bare word: "voted | Yes" is one sentence
    ("In the referendum, 52 percent voted Yes and 48 percent voted No, the electoral commission said.",
     {("Yes", 52.0, "vote_share"), ("No", 48.0, "vote_share")}),
]


@pytest.mark.parametrize("text, expected", ATTRIBUTION_AND_FOR)
def test_attribution_commas_and_for_names(run_doc, text, expected):
    assert set(results(run_doc, text, date="2007-12-30")) == expected


def test_description_prefers_people_with_figures(run_doc):
    text = ("In the presidential election count, Ann Cole had 40 percent and Bob Lane 35 percent.\n"
            "Analyst Tom Reyes said the race was tight. The former finance minister now has 42 percent.")
    got = {(c, v) for c, v, _ in results(run_doc, text)}
    assert ("Ann Cole", 42.0) in got and not any(c == "Tom Reyes" for c, _ in got)


def test_list_header_before_a_colon_is_no_name(run_doc):
    text = "Preliminary results of the presidential election: Putin: 71.31%; Zyuganov: 17.72%; Zhirinovsky: 9.35%."
    got = [(r.candidate, r.value, r.source) for r in run_doc(text, date="2004-03-15")._.wf_results]
    assert got == [("Putin", 71.31, None), ("Zyuganov", 17.72, None), ("Zhirinovsky", 9.35, None)]


def test_electoral_office_is_an_official_kind(run_doc):
    text = "In the presidential election, Mr. Humala had 31.7 per cent, Ms. Fujimori 23.5 per cent, the electoral office said."
    got = {(r.candidate, r.source_kind) for r in run_doc(text, date="2011-04-11")._.wf_results}
    assert got == {("Humala", "official"), ("Fujimori", "official")}


BY_FIGURES = [
    ("Ann Cole, who won the presidential election, promised to cut taxes by 10 percent.", set()),
    ("Ann Cole won the presidential election, the commission said. Her party raised its spending by 15 percent.", set()),
    # near misses: a passive verb of support, its ellipsis, and a pair after 'by'
    ("In the presidential election, Ann Cole was supported by 2.22 percent, and activist Bob Lane by 2.12 percent.",
     {("Ann Cole", 2.22), ("Bob Lane", 2.12)}),
    ("In the presidential race poll, Clinton beats Trump by 46 percent to 42 percent.", {("Clinton", 46.0), ("Trump", 42.0)}),
]


@pytest.mark.parametrize("text, expected", BY_FIGURES)
def test_by_figures_are_changes_unless_support(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text, date="2016-02-08")} == expected


@pytest.mark.parametrize("text, expected", [
    ("A second poll for the Independent on Sunday found support for the parties unchanged after the election row. "
     "Labour lead the Conservatives by 39% to 34%.", "Independent on Sunday"),
    # near miss: an organization acting on Sunday
    ("The Central Election Commission on Sunday said the parliamentary election count was over. "
     "Labour won 39% of the vote.", "Central Election Commission"),
])
def test_sunday_paper_is_one_name(run_doc, text, expected):
    assert {r.source for r in run_doc(text, date="2004-12-19")._.wf_results} == {expected}


@pytest.mark.parametrize("text, expected", [
    (CEC + "Ann Cole leads with 92.05% of the votes.\nBob Lane trails with 0.53%, behind Tom Reyes (0.67%).",
     {("Ann Cole", 92.05), ("Bob Lane", 0.53), ("Tom Reyes", 0.67)}),
    # near miss: a name modifying a noun is no candidate
    ("In the primary exit poll, 62 percent of those were Sanders supporters.", set()),
])
def test_verb_tagged_as_noun_after_a_name(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text)} == expected


def test_source_the_tagger_calls_a_place_but_an_apposition_calls_a_channel(run_doc):
    text = ("Georgia votes in parliamentary elections.\n\n"
            "Georgian Dream has taken more than 56%, according to Imedi, a pro-government TV channel.")
    assert [(r.candidate, r.source) for r in run_doc(text, date="2024-10-26", place="Tbilisi")._.wf_results] == [
        ("Georgian Dream", "Imedi")]


def test_interior_ministry_count_is_official(run_doc):
    text = "In the presidential runoff, Macron won 66.1 percent against 33.9 percent for Le Pen, the Interior Ministry said."
    got = {(r.candidate, r.source, r.source_kind) for r in run_doc(text, date="2017-05-08", place="Paris")._.wf_results}
    assert got == {("Macron", "Interior Ministry", "official"), ("Le Pen", "Interior Ministry", "official")}


def _with_title(nlp, text: str, title: str):
    doc = nlp.make_doc(text)
    doc._.wf_article = {"id": "test0000test0000", "date": "2024-03-17", "place": "Moscow", "title": title, "offset": 0}
    return nlp(doc)


@pytest.mark.parametrize("title, expected", [
    # a headline figure the body does not repeat: the body's first source, the body's first naming of the candidate
    ("Putin cruises to landslide victory with 87.8% of the vote",
     {("Vladimir Putin", 87.97, "Central Election Commission"), ("Putin", 87.8, "Central Election Commission")}),
    # near misses: the body's own figure, and a headline without a figure
    ("Putin secures 87.97% of the votes", {("Vladimir Putin", 87.97, "Central Election Commission")}),
    ("Putin cruises to landslide victory", {("Vladimir Putin", 87.97, "Central Election Commission")}),
])
def test_headline_figures(nlp, title, expected):
    text = ("Figures from the Central Election Commission show President Vladimir Putin has secured 87.97% of the "
            "votes in the presidential election.")
    doc = _with_title(nlp, text, title)
    assert {(r.candidate, r.value, r.source) for r in doc._.wf_results} == expected
    for r in doc._.wf_results:
        assert doc.text[r.mention.start:r.mention.end] in {"87.97%", "Putin"}


@pytest.mark.parametrize("text, expected", [
    ("Ann Cole has won the presidential election, according to an exit poll.\n"
     "The poll shows 93.9% of voters supporting the head of state.", {("Ann Cole", 93.9)}),
    # near miss: an option described, not a person
    ("Ann Cole has won the presidential election, according to an exit poll.\n"
     "The poll figures show 81 percent backing the presidential model.", set()),
])
def test_description_after_a_support_cue(run_doc, text, expected):
    assert {(c, v) for c, v, _ in results(run_doc, text)} == expected


@pytest.mark.parametrize(
    ("labels", "kind"),
    [
        (("GPE", "PERSON"), "PERSON"),  # "Rustam Zarinov": a first name NER took for a place
        (("PERSON", "GPE"), "GPE"),
        (("PERSON", "PERSON", "GPE"), "PERSON"),  # the majority first
        (("ORG", "GPE"), "GPE"),
    ],
)
def test_a_chunk_whose_words_tie_on_entity_labels_takes_the_later_words_label(nlp, labels, kind):
    """Never the order of a set: that follows the hash seed, so two worker processes could
    read one list differently (it did, on one article in 50,000)."""
    from spacy.tokens import Span

    from pipeline.components.results_names import _make_chunk

    doc = nlp.make_doc(" ".join(f"Word{i}" for i in range(len(labels))))
    doc.ents = [Span(doc, i, i + 1, label=label) for i, label in enumerate(labels)]
    assert _make_chunk(doc, 0, len(labels)).kind == kind
