"""The claims stage: quotation shapes, reported-speech shapes, speakers, and non-claims."""

from __future__ import annotations

import json

import pytest

from pipeline.components.claims_quotes import find_quotes


def claims_of(run_doc, text: str, date: str | None = "2024-02-08"):
    return run_doc(text, date=date)._.wf_claims


def only_claim(run_doc, text: str):
    claims = claims_of(run_doc, text)
    assert len(claims) == 1, [(c.speaker, c.cue, c.text) for c in claims]
    return claims[0]


# --------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"The vote was fair," he said.', ["The vote was fair,"]),
        ("“The vote was fair,” he said.", ["The vote was fair,"]),
        ("''The vote was fair,'' Mr. Smith said.", ["The vote was fair,"]),
        ('"One. Two three," she said. "Four five."', ["One. Two three,", "Four five."]),
        ('He said: "Start here.\n\n"And go on," he said.', ["Start here.", "And go on,"]),
        ('A stray " mark here.\n\nShe said: "All fine now."', ["All fine now."]),
        ('"Outer “inner words” outer," he said.', ["Outer “inner words” outer,"]),
    ],
)
def test_quote_marks_pair_per_paragraph(text, expected):
    assert [q.text(text) for q in find_quotes(text)] == expected


def test_multi_paragraph_quote_is_linked():
    text = 'He said: "First part of it.\n\n"Second part," he added.'
    first, second = find_quotes(text)
    assert first.continued and second.continuation


# --------------------------------------------------------------------------- direct quotations


@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        # attribution after the quote, subject first
        (
            'Observers praised the count. "The mission observed no violations at all," Kubanychbek Omuraliev said.',
            "Kubanychbek Omuraliev",
            "said",
            "The mission observed no violations at all",
        ),
        # attribution after the quote, inverted
        (
            "“Turnout was very high across the country,” said Mazahir Panahov.",
            "Mazahir Panahov",
            "said",
            "Turnout was very high across the country",
        ),
        # attribution before the quote, with a colon
        (
            'Tamar Zhvania stated: "My thanks go to every voter who took part."',
            "Tamar Zhvania",
            "stated",
            "My thanks go to every voter who took part.",
        ),
        # multi-sentence quote
        (
            '"The count is over. These are preliminary figures," Mazahir Panahov said.',
            "Mazahir Panahov",
            "said",
            "The count is over. These are preliminary figures",
        ),
    ],
)
def test_direct_quotation_shapes(run_doc, text, speaker, cue, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.cue, claim.text, claim.quote) == (speaker, cue, content, True)


def test_attribution_inside_the_quote_joins_both_parts(run_doc):
    text = 'Viktor Guminsky spoke to the press. "The vote was calm," he said. "Observers saw no serious violations."'
    claim = only_claim(run_doc, text)
    assert claim.speaker == "Viktor Guminsky"
    assert claim.text == "The vote was calm Observers saw no serious violations."


def test_quote_running_across_paragraphs_is_one_claim(run_doc):
    text = 'Ella Pamfilova said: "The election was transparent.\n\n"Observers could watch every step," she added.'
    claims = claims_of(run_doc, text)
    assert len(claims) == 1
    assert "transparent" in claims[0].text and "every step" in claims[0].text


def test_unbalanced_quote_costs_only_its_paragraph(run_doc):
    text = (
        'Ella Pamfilova said "the count went on.\n\n'
        'Viktor Guminsky said: "The vote was transparent and calm."'
    )
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.text) for c in claims if c.quote] == [("Viktor Guminsky", "The vote was transparent and calm.")]


# --------------------------------------------------------------------------- reported speech


@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        (
            "Mazahir Panahov said that the commission would publish the protocols on Friday.",
            "Mazahir Panahov",
            "said",
            "the commission would publish the protocols on Friday",
        ),
        (
            "Mazahir Panahov said the commission would publish the protocols on Friday.",
            "Mazahir Panahov",
            "said",
            "the commission would publish the protocols on Friday",
        ),
        (
            "Viktor Guminsky noted that the mission considered the elections legitimate.",
            "Viktor Guminsky",
            "noted",
            "the mission considered the elections legitimate",
        ),
        (
            "Iskender Matraimov stressed that the election laws protected every voter.",
            "Iskender Matraimov",
            "stressed",
            "the election laws protected every voter",
        ),
        (
            "Sergei Markov told reporters that the election met the electoral law.",
            "Sergei Markov",
            "told",
            "the election met the electoral law",
        ),
        (
            "The election was conducted openly and transparently, Viktor Guminsky said during a briefing.",
            "Viktor Guminsky",
            "said",
            "The election was conducted openly and transparently",
        ),
        (
            "According to Viktor Guminsky, the commission did its work openly and transparently.",
            "Viktor Guminsky",
            "according to",
            "the commission did its work openly and transparently",
        ),
        (
            "Rovzat Gasimov pointed out that the center had run exit polls before.",
            "Rovzat Gasimov",
            "pointed out",
            "the center had run exit polls before",
        ),
    ],
)
def test_reported_speech_shapes(run_doc, text, speaker, cue, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.cue, claim.text, claim.quote) == (speaker, cue, content, False)


def test_statement_of_an_organization_speaks_for_it(run_doc):
    text = (
        "Russia welcomes the holding of the elections, the statement of the Russian Foreign Ministry says.\n\n"
        "The statement notes that Russia is committed to the alliance."
    )
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.cue) for c in claims] == [("Russian Foreign Ministry", "says"), ("Russian Foreign Ministry", "notes")]
    assert claims[1].text == "Russia is committed to the alliance"


def test_organizations_statement_possessive(run_doc):
    claim = only_claim(run_doc, "The Russian Foreign Ministry's statement says that the vote was well organized.")
    assert claim.speaker == "Russian Foreign Ministry"


# --------------------------------------------------------------------------- speakers


def test_title_and_organization_split_from_the_name(run_doc):
    text = (
        "The Organization of Turkic States sent observers. The vote was held openly, said Secretary-General "
        "of the organization Kubanychbek Omuraliev during a briefing."
    )
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.speaker_role, claim.speaker_org) == (
        "Kubanychbek Omuraliev",
        "Secretary-General",
        "Organization of Turkic States",
    )


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Mazahir Panahov opened the briefing. "The count is over and the figures are final," he said.',
            "Mazahir Panahov",
        ),
        (
            "Ella Pamfilova thanked the voters. She said that the election was the most transparent possible.",
            "Ella Pamfilova",
        ),
        (
            "Mazahir Panahov, chairman of the commission, spoke first. Panahov said the count would end soon.",
            "Mazahir Panahov",
        ),
        (
            "Tamar Zhvania opened the session. The CEC Chairperson underlined that the media would get "
            "updated preliminary data.",
            "Tamar Zhvania",
        ),
        (
            "The pollsters presented the data, the Russian Foreign Ministry said on Monday. "
            "The ministry added that the vote was calm and orderly.",
            "Russian Foreign Ministry",
        ),
    ],
)
def test_references_resolve_to_the_last_named_speaker(run_doc, text, speaker):
    claims = claims_of(run_doc, text)
    assert claims and claims[-1].speaker == speaker


def test_bare_source_phrase_is_kept_as_written(run_doc):
    claim = only_claim(run_doc, "Sources said the campaign would hold a rally in the state next week.")
    assert claim.speaker == "Sources"


def test_statement_date_overrides_the_article_date(run_doc):
    claim = only_claim(run_doc, "Mazahir Panahov said on February 7 that the polls had closed on time.")
    assert claim.date in ("2024-02-07", "2024-02-08")  # the article date when no date stage resolves it


# --------------------------------------------------------------------------- not claims


@pytest.mark.parametrize(
    "text",
    [
        # vote figures are results
        "According to the Central Election Commission, Ilham Aliyev is leading with 92.05 percent of the votes.",
        "The Social Research Center said that 92.4 percent of voters voted for Ilham Aliyev.",
        "The commission said 3,397,664 citizens had voted for the incumbent.",
        # the agency's own credit line
        "The vote in the capital passed without incidents, Trend reports.",
        "The ruling party is on course to win a majority, Azernews reports, citing Trend.",
        # unattributed narration
        "The extraordinary presidential election took place on February 7.",
        "Seven candidates run in the election.",
        # a negated cue is no statement
        "The commission did not say when the results would be published.",
    ],
)
def test_not_a_claim(run_doc, text):
    assert claims_of(run_doc, text) == []


def test_cue_inside_a_quotation_is_part_of_it(run_doc):
    text = '"The mission noted that all stations were equipped with technical equipment," Kubanychbek Omuraliev said.'
    claim = only_claim(run_doc, text)
    assert claim.speaker == "Kubanychbek Omuraliev" and claim.quote


def test_mention_offsets_point_at_the_content(run_doc):
    text = "Mazahir Panahov said that the commission would publish the protocols on Friday."
    claim = only_claim(run_doc, text)
    assert text[claim.mention.start : claim.mention.end] == claim.text
    assert claim.mention.rule == "claim.cue.speech"


# --------------------------------------------------------------------------- harder layouts


@pytest.mark.parametrize(
    "text, speaker, content_words",
    [
        # the parser hangs the speaker on the content; the name before the cue wins
        (
            "Azerbaijan's presidential election was organized to a very high standard, Mazahir Panahov, "
            "Chairman of the Central Election Commission (CEC), told a briefing.",
            "Mazahir Panahov",
            "organized to a very high standard",
        ),
        # a title before the name, no entity label needed
        (
            "Head of the Mission Viktor Guminskiy, First Deputy Executive Secretary of the CIS, noted that "
            "the mission considered the elections legitimate.",
            "Viktor Guminskiy",
            "the mission considered the elections legitimate",
        ),
        # an acronym in brackets is not the speaker; the name before the title is
        (
            "The exit poll took place at 125 polling stations, said Natalya Isayeva, director of the "
            "Sociological Research Center (SCM).",
            "Natalya Isayeva",
            "took place at 125 polling stations",
        ),
        # reported speech carrying a partial quote
        (
            'Jerome Powell said there is a danger when "a president gets loose with this language."',
            "Jerome Powell",
            "a danger when",
        ),
    ],
)
def test_speaker_and_content_in_harder_layouts(run_doc, text, speaker, content_words):
    claim = only_claim(run_doc, text)
    assert claim.speaker == speaker and content_words in claim.text


def test_role_noun_refers_back_to_the_person(run_doc):
    text = (
        'George Birnbaum, an American sociologist, observed the vote. "This is real proof of his '
        'leadership and of a fair vote," the American sociologist concluded.'
    )
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.cue) for c in claims if c.quote] == [("George Birnbaum", "concluded")]


def test_clause_inside_a_relative_clause_is_not_a_separate_claim(run_doc):
    text = (
        "Jerome Powell said inflation had eased from its peak levels without a rise in unemployment, "
        "which he described as very good news."
    )
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.cue) for c in claims] == [("Jerome Powell", "said")]


@pytest.mark.parametrize(
    "text",
    [
        # calling an election is no statement
        "The president called the vote on September 1 in his address to the nation.",
        # a quotation that is only a vote figure is a result
        '"Kassym-Zhomart Tokayev has 81.31 percent of the votes," Nurlan Abdirov told reporters.',
    ],
)
def test_more_non_claims(run_doc, text):
    assert claims_of(run_doc, text) == []


def test_textacy_baseline_writes_a_scoreable_run(tmp_path):
    pytest.importorskip("textacy")
    from bench.textacy_baseline import main

    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.txt").write_text('"The vote was free and fair," said Viktor Guminsky.\n', encoding="utf-8")
    out = tmp_path / "run"
    assert main([str(gold), "--out", str(out)]) == 0
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    records = [json.loads(line) for line in (out / "dataset.jsonl").read_text().splitlines()]
    assert len(articles) == 1 and all(r["type"] == "claim" for r in records)
    assert all(r["articles"] == [articles[0]["id"]] for r in records)


# --------------------------------------------------------------------------- news-writing conventions


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        # the quote after the attribution sentence goes on with the same speaker
        (
            '"The count was slow," said Rep. J.K. Marlow (D-Ore.), head of the caucus. "Nobody knows why it took '
            'so long. We will ask."',
            "Rep. J.K. Marlow",
            "The count was slow Nobody knows why it took so long. We will ask.",
        ),
        (
            '"Subpoenas are not optional," panel chairman Rep. Dana Welk said after the witness failed to show '
            'up at the hearing he was called to. "He is a crucial witness in this investigation."',
            "Rep. Dana Welk",
            "Subpoenas are not optional He is a crucial witness in this investigation.",
        ),
    ],
)
def test_quote_after_the_attribution_sentence_continues_it(run_doc, text, speaker, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.text, claim.quote) == (speaker, content, True)


def test_quote_after_another_speakers_attribution_is_theirs(run_doc):
    text = '"The count was slow," said Dana Welk. "Nobody knows why," said Lee Marlow.'
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.text) for c in claims] == [("Dana Welk", "The count was slow"), ("Lee Marlow", "Nobody knows why")]


def test_quote_after_unrelated_narration_is_not_joined(run_doc):
    text = '"The count was slow," said Dana Welk. The hall emptied at noon. Lights went out. "Nobody knows why it took so long."'
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.text) for c in claims] == [("Dana Welk", "The count was slow")]


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        # an attribution set off by commas inside the clause it reports
        (
            "The latest test, the government said, was its biggest yet.",
            "the government",
            "The latest test was its biggest yet",
        ),
        (
            "The truth, the senator said then, was that the mayor had personally attacked his family.",
            "the senator",
            "The truth was that the mayor had personally attacked his family",
        ),
        (
            "Acts of protest, Mr. Holm said, are acts of patriotism.",
            "Mr. Holm",
            "Acts of protest are acts of patriotism",
        ),
    ],
)
def test_parenthetical_attribution_reports_the_clause_around_it(run_doc, text, speaker, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.text, claim.quote) == (speaker, content, False)


@pytest.mark.parametrize(
    "text",
    [
        # a headline-case title in quote marks is a name, not a quotation
        'On this weekend\'s broadcast of "Morning Press Hour," the governor said nothing new.',
        'In his 2002 book, "Make Your Kid a Millionaire," Mr. Holm suggested saving early.',
        'She added the words "A Change Is Gonna Come" to the song.',
    ],
)
def test_quoted_titles_are_not_quotations(run_doc, text):
    assert [c for c in claims_of(run_doc, text) if c.quote] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fox Morning Hour", True),
        ("Contract with the Voters.", True),
        ("Make Your Kid a Millionaire", True),
        ("The vote was fair,", False),
        ("We will win!", False),
        ("Nobody Knows Why?", False),
        ("vote your conscience", False),
    ],
)
def test_is_title(text, expected):
    from pipeline.components.claims import is_title

    assert is_title(text) is expected


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a day after the cue is when, not who
        ('"We will see justice done in this case," police chief Dale Ormond said Monday.', "Dale Ormond"),
        # "X responded by saying ...": the subject of the verb the "by" phrase hangs on
        ("Senator Ray Tull responded to a reporter Wednesday night by saying his plan was a sound one.", "Ray Tull"),
    ],
)
def test_speaker_is_not_a_date(run_doc, text, speaker):
    claim = only_claim(run_doc, text)
    assert claim.speaker == speaker


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        # a quoted phrase inside a reported clause: the clause is the claim, not the phrase
        (
            "City lawyer Dana Welk said in the letter that the advertisement “unmistakably and wrongfully” "
            "suggests that the city supports the campaign.",
            "Dana Welk",
            "the advertisement “unmistakably and wrongfully” suggests that the city supports the campaign",
        ),
        (
            "Lee Marlow said the senator was “absolutely right” when he said on Wednesday that under the old "
            "rules, “the generals have been reduced to rubble.”",
            "Lee Marlow",
            "the senator was “absolutely right” when he said on Wednesday that under the old rules, "
            "“the generals have been reduced to rubble",
        ),
    ],
)
def test_partial_quote_inside_reported_speech(run_doc, text, speaker, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.text, claim.quote) == (speaker, content, False)


@pytest.mark.parametrize(
    "text, content",
    [
        ('"The vote was fair", he said.', "The vote was fair"),
        ('"Was the vote fair?" she asked.', "Was the vote fair?"),
        ("\"It feels like, 'we can put this off a little bit,'\" he said.", "It feels like, 'we can put this off a little bit,'"),
    ],
)
def test_complete_quotations_before_their_cue(run_doc, text, content):
    claim = only_claim(run_doc, text)
    assert (claim.text, claim.quote) == (content, True)


@pytest.mark.parametrize(
    "text",
    [
        # an infinitive cue under intention, need, permission or refusal: nothing said yet
        "Senator Ray Tull plans to call on young people to join the national service program.",
        "The candidate needs to tell the truth about things and lay out actual policies.",
        "Readers may not let editorials tell them how to vote in the election.",
        "The senator seems to think he is exempt from the rules of the chamber.",
        "The senator refused to say whether the plan would pass the chamber.",
    ],
)
def test_unrealized_statements_are_not_claims(run_doc, text):
    assert claims_of(run_doc, text) == []


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ("The governor went on to explain that the cuts left his hands tied.", "The governor", "explain"),
        ("The senator forced the banker to admit that no senior executives had been held accountable.", "the banker", "admit"),
        ("When Dana Welk noted that the mayor had not paid any taxes, the mayor laughed.", "Dana Welk", "noted"),
    ],
)
def test_realized_infinitive_and_clause_cues(run_doc, text, speaker, cue):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.cue) == (speaker, cue)


@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        # an evaluation needs no verb; the participle after the comma is an adjunct, not content
        (
            "The flight attendants union called the senator a “champion” for its members, citing her work "
            "after the attacks.",
            "The flight attendants union",
            "called",
            "the senator a “champion” for its members",
        ),
        ("The association called for a moratorium on charter schools.", "The association", "called for", "a moratorium on charter schools"),
        # a concessive or contrasting clause after the comma is the narrator's
        (
            "The candidate claimed that paying no income taxes was smart, although he again refused to release "
            "his returns.",
            "The candidate",
            "claimed",
            "paying no income taxes was smart",
        ),
        (
            "The mission said the vote was calm, while the opposition complained of fraud.",
            "The mission",
            "said",
            "the vote was calm",
        ),
    ],
)
def test_content_ends_before_the_narrators_adjunct(run_doc, text, speaker, cue, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.cue, claim.text) == (speaker, cue, content)


def test_verbless_content_before_an_evaluative_cue_is_no_claim(run_doc):
    assert claims_of(run_doc, "In his speech, the senator criticized the party.") == []


@pytest.mark.parametrize(
    "text, cue, content",
    [
        # a cue whose direct object alone is the point
        ("The former president criticized the health law as a crazy system.", "criticized", "the health law as a crazy system"),
        ("The senator has acknowledged the reality of climate change.", "has acknowledged", "the reality of climate change"),
        ("The candidate has questioned the very need for moderators.", "has questioned", "the very need for moderators"),
        ("The committee noted the governor's comments and the video of them.", "noted", "the governor's comments and the video of them"),
    ],
)
def test_object_of_an_evaluative_cue_is_the_claim(run_doc, text, cue, content):
    claim = only_claim(run_doc, text)
    assert (claim.cue, claim.text) == (cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "The poll covered 125 polling stations and questioned 5,012 respondents.",
        "The survey questioned voters at the exits of polling stations.",
        "He said it over and over during the debate.",
    ],
)
def test_object_cues_that_state_nothing(run_doc, text):
    assert claims_of(run_doc, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a passive cue without an agent, or an opening participle: the subject does not speak
        "The developer was accused of using $50 million for personal expenses including a condominium.",
        "Asked about the declaration that it had been a bomb, the governor smiled.",
        # a headline before a semicolon is not the content of the next clause's cue
        "Candidates vie for veterans' support; both point out their own credentials.",
    ],
)
def test_no_speaker_in_passives_and_headlines(run_doc, text):
    assert [c for c in claims_of(run_doc, text) if c.cue not in ("point out",)] == []


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        (
            "It's an extremely unlikely scenario; the senator's team says she'll continue her march toward "
            "Election Day later this week.",
            "the senator's team",
            "she'll continue her march toward Election Day later this week",
        ),
        ("The senator's called for big tax hikes on the rich.", "The senator", "big tax hikes on the rich"),
    ],
)
def test_clause_after_a_semicolon_and_contracted_perfect(run_doc, text, speaker, content):
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.text) == (speaker, content)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Dana Welk spoke on Monday. The Welk campaign said the report was false and misleading.", "Welk campaign"),
        ("Lee Marlow declined to testify. Marlow's lawyer has said he will refuse to answer any questions.", "Marlow's lawyer"),
    ],
)
def test_entourage_speaks_for_but_is_not_the_person(run_doc, text, speaker):
    claims = claims_of(run_doc, text)
    assert [c.speaker for c in claims] == [speaker]


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        # an indefinite document is its own speaker, not the last organization that spoke
        (
            "The news agency reports that the nominee has won among wealthy voters. According to exit polls, the "
            "former governor had a ten-point lead among the group in 2012.",
            "exit polls",
            "the former governor had a ten-point lead among the group in 2012",
        ),
        # a source phrase the parser ran into the content ends at its comma
        (
            'According to conservative talk radio host Dale Ormond, the move reeks of "fear" and desperation.',
            "Dale Ormond",
            'the move reeks of "fear" and desperation',
        ),
    ],
)
def test_according_to_sources(run_doc, text, speaker, content):
    claim = [c for c in claims_of(run_doc, text) if c.cue == "according to"][-1]
    assert (claim.speaker, claim.text) == (speaker, content)


def test_quote_closing_its_own_sentence_is_not_the_next_sentences(run_doc):
    text = 'The neighbor branded the regime an "outlaw nation in the neighborhood." The ally insisted that the regime "stop its escapades."'
    claims = claims_of(run_doc, text)
    assert [(c.speaker, c.cue, c.quote) for c in claims] == [("The ally", "insisted", False)]


def test_double_apostrophe_quote_after_its_cue(run_doc):
    text = "Lamenting their luck, villagers often say, ''Poor valley, so far from the river and so close to the road.''"
    claim = only_claim(run_doc, text)
    assert (claim.speaker, claim.cue, claim.quote) == ("villagers", "say", True)
    assert claim.text.startswith("Poor valley")


def test_according_to_over_reported_speech_keeps_both(run_doc):
    text = "According to a news site, campaign spokesman Lee Marlow said on Friday that the senator would sign the bill."
    claims = claims_of(run_doc, text)
    assert sorted((c.speaker, c.cue) for c in claims) == [("Lee Marlow", "said"), ("a news site", "according to")]


@pytest.mark.parametrize(
    "text, n_claims",
    [
        # one sentence of narration after the attribution: the next quote goes on
        ('"We have had problems with intrusions before," Lee Marlow said after the meeting. He did not suggest '
         'retaliation. "Our goal is to set some norms."', 1),
        # narration with another speaker's cue: not a continuation
        ('"We have had problems with intrusions before," Lee Marlow said after the meeting. Critics warned of '
         'retaliation. "Our goal is to set some norms."', 2),
    ],
)
def test_quote_after_attribution_and_narration(run_doc, text, n_claims):
    claims = claims_of(run_doc, text)
    marlow = [c for c in claims if c.speaker == "Lee Marlow" and c.quote]
    assert len(marlow) == 1
    assert ("Our goal" in marlow[0].text) is (n_claims == 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The host spoke for an hour. Dale Ormond added:\nThis reeks of the greatest fear that I have ever seen. "
            "She cannot win without stacking the deck?\nThe show ended at noon.",
            "This reeks of the greatest fear that I have ever seen. She cannot win without stacking the deck?",
        ),
        # a quoted paragraph after the colon is the quotation pass's
        ('The host spoke for an hour. Dale Ormond added:\n"This reeks of fear, and nothing else."\nThe show ended.', None),
    ],
)
def test_statement_set_as_the_paragraph_after_a_colon(run_doc, text, expected):
    reported = [c.text for c in claims_of(run_doc, text) if not c.quote]
    assert reported == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "New Jersey Gov. Dale Ormond spoke on the radio. Lee Marlow, a talk host, agreed with him. The governor "
            "added that the remarks were typical of the campaign.",
            "Gov. Dale Ormond",
        ),
        (
            "President Ray Tull opened the museum. Tina Welk, a visitor, said she cried. The president said the museum "
            "would make visitors face uncomfortable truths.",
            "Ray Tull",
        ),
    ],
)
def test_title_noun_refers_to_the_person_with_that_title(run_doc, text, speaker):
    assert claims_of(run_doc, text)[-1].speaker == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a relative clause on a predicate noun describes the copula's subject
        ("Lee Marlow is a lawyer who said the ruling was wrong.", "Lee Marlow"),
        (
            "Dale Ormond regularly incites violence and is a serial liar, rampant xenophobe and birther who has "
            "repeatedly pledged to ban all visitors from entering the country.",
            "Dale Ormond",
        ),
    ],
)
def test_relative_clause_on_a_predicate_noun(run_doc, text, speaker):
    assert only_claim(run_doc, text).speaker == speaker
