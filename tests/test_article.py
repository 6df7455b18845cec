"""Article stage: wire headers, datelines, headlines, credits, body normalization, the char map."""

from __future__ import annotations

import pytest

from pipeline.article import build_article, error_article, normalize_body
from pipeline.io.readers import RawDoc


def article(text: str, **meta: str):
    return build_article(RawDoc(path="t.txt", text=text, meta=meta))


def fields(text: str, **meta: str) -> tuple:
    a = article(text, **meta)
    place = a.dateline.place if a.dateline else None
    return a.published, a.publisher, a.agency, place


def assert_mapped(raw: str) -> None:
    """Every normalized character is the raw character the map points at (separators aside)."""
    a = article(raw)
    for i, ch in enumerate(a.text):
        if ch not in " \n":
            assert raw[a.char_map.raw_offset(i)] == ch, (i, ch)


# --------------------------------------------------------------------------- headers and datelines

HEADERS = [
    # (text, (published, publisher, agency, dateline place), body starts with)
    (
        " date 2024-02-08 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 8. The CEC said so.",
        ("2024-02-08", "MENAFN", "Trend News Agency", "Baku, Azerbaijan"),
        "The CEC said so.",
    ),
    ("MOSCOW, March 18. /TASS/. Turnout was 77%.", (None, None, "TASS", "Moscow"), "Turnout was 77%."),
    ("Baku, April 11, AZERTAC - Voting ended.", (None, None, "AZERTAC", "Baku"), "Voting ended."),
    ("BAKU, Feb 8 (Reuters) - Voting ended.", (None, None, "Reuters", "Baku"), "Voting ended."),
    ("WASHINGTON, Feb. 13 (Xinhua) -- Prices rose.", (None, None, "Xinhua", "Washington"), "Prices rose."),
    ("(Xinhua) -- Prices rose in January.", (None, None, "Xinhua", None), "Prices rose"),
    (
        "MOSCOW, October 7, 2015 (Interfax) - Russians trust the army.",
        ("2015-10-07", None, "Interfax", "Moscow"),
        "Russians trust the army.",
    ),
    ("MONROVIA, Nov. 10 , 2005 (Xinhua)\n\nResults came in.", ("2005-11-10", None, "Xinhua", "Monrovia"), "Results"),
    ("NEW YORK, Dec 15 , 2005\n\nYao leads the vote.", ("2005-12-15", None, None, "New York"), "Yao leads"),
    ("HOUSTON, April 24 - Texas Commerce said its holders approved.", (None, None, None, "Houston"), "Texas"),
    ("BISHKEK (24.kg) - Kyrgyzstan is recounting.", (None, None, "24.kg", "Bishkek"), "Kyrgyzstan"),
    ("CANBERRA, Australia (AP)_ Turning its back on the crown.", (None, None, "AP", "Canberra, Australia"), "Turning"),
    ("Washington (CNN) Hillary Clinton leads by 6 points.", (None, None, "CNN", "Washington"), "Hillary"),
    ("RANGOON, Burma - Allies predicted a victory.", (None, None, None, "Rangoon, Burma"), "Allies"),
    ("Baku/07.02.24/Turan: Preliminary data show a lead.", ("2024-02-07", None, "Turan", "Baku"), "Preliminary"),
    (
        "Azerbaijan, Baku, October 9 / Trend, I.Izzet\n\nThe NGO released an exit poll.",
        (None, None, "Trend", "Azerbaijan, Baku"),
        "The NGO",
    ),
]


@pytest.mark.parametrize("text, expected, body", HEADERS)
def test_header_and_dateline_forms(text, expected, body):
    assert fields(text) == expected
    assert article(text).text.startswith(body)


def test_dateline_without_year_takes_the_year_of_the_lead():
    a = article("MOSCOW, March 18 (TASS) - Putin took 87% in the 2024 presidential election.")
    assert (a.published, a.dateline.date) == ("2024-03-18", "2024-03-18")


def test_dateline_without_any_year_stays_undated():
    a = article("BAKU, Oct 9 (Interfax) - Aliyev took 80.8% of the vote on Wednesday.")
    assert (a.published, a.dateline.date, a.dateline.place) == (None, None, "Baku")


def test_header_date_sets_the_year_of_the_dateline():
    a = article(" date 2024-02-08 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 7. Voting ended.")
    assert (a.published, a.dateline.date) == ("2024-02-08", "2024-02-07")


METADATA = [
    # (text, (published, publisher, agency, place), title)
    (
        "Exit polls released\nPublished: 26.10.2024, 21:15 | UNN\n\nVoting ended on Saturday.",
        ("2024-10-26", "UNN", None, None),
        "Exit polls released",
    ),
    (
        "Aliyev re-elected\n\n- 07 February, 2024\n- 16:17\nThe count is over.",
        ("2024-02-07", None, None, None),
        "Aliyev re-elected",
    ),
    (
        "12 Apr 2018 12:13\nCEC chief: Aliyev re-elected\n\nBAKU, April 12 (Interfax) - He won.",
        ("2018-04-12", None, "Interfax", "Baku"),
        "CEC chief: Aliyev re-elected",
    ),
    ("Party wins majority\nBy Trend\n\nThe party won.", (None, None, "Trend", None), "Party wins majority"),
    ("Tokayev holds on\n\nWorld | Pledge Times\n\nTokayev stays in office.", (None, "Pledge Times", None, None), "Tokayev holds on"),
    ("Exit poll results\n\n9 October 2013 19:32 (UTC +04:00)\n\nThe NGO released it.", ("2013-10-09", None, None, None), "Exit poll results"),
    ("Vote ends\n\n02/13/1998 14:26:00\n\nThe convention voted.", ("1998-02-13", None, None, None), "Vote ends"),
    ("Exit polls give Aliyev landslide\nBAKU, Oct 9 (Interfax) - Aliyev won.", (None, None, "Interfax", "Baku"), "Exit polls give Aliyev landslide"),
]


@pytest.mark.parametrize("text, expected, title", METADATA)
def test_metadata_lines_and_headline(text, expected, title):
    a = article(text)
    assert fields(text) == expected
    assert a.title == title
    assert title not in a.text


def test_deck_before_a_dated_dateline_stays_in_the_body():
    text = (
        "Japarov on course for a win\n\nMadumarov trails in second place\n\nJanuary 10, 2021\n\n"
        "BISHKEK, January 10 (TASS) - Japarov took 79.15%."
    )
    a = article(text)
    assert fields(text) == ("2021-01-10", None, "TASS", "Bishkek")
    assert a.text == "Madumarov trails in second place\n\nJaparov took 79.15%."


def test_dateline_after_highlights():
    text = "Story highlights Trump has 45%\n\nRomney won by 8 points\n\nWashington (CNN) Trump and Clinton are tied."
    assert fields(text)[2:] == ("CNN", "Washington")


NOT_DATELINES = [
    "Preliminary results\n\nIlham Aliyev (YAP) 92.12%\n\nZahid Oruj (independent) 2.19%",
    "Preliminary results\n\nThe count goes on.\n\nYAP - 92%\n\nOthers - 8%",
    "Preliminary results\n\nThe count goes on.\n\nNATO - The alliance said nothing.",
    "UPDATE - Counting resumed on Monday.",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_list_lines_and_labels_are_not_datelines(text):
    a = article(text)
    assert a.dateline is None
    assert text.split("\n\n")[-1] in a.text


CREDITS = [
    ("Title\n\nThe CEC met today, Trend reports.", "Trend"),
    ("Title\n\nThe party is on course to win, Azernews reports, citing Trend.", "Azernews"),
    ("Title\n\nVoting ended. UNN reports this, citing local media.", "UNN"),
    ("Title\n\nAliyev won, a Vestnik Kavkaza correspondent reports.", "Vestnik Kavkaza"),
    ("Title\n\nThe CEC met today, Report informs.", "Report"),
]


@pytest.mark.parametrize("text, agency", CREDITS)
def test_closing_credits_name_the_agency(text, agency):
    assert article(text).agency == agency


def test_copyright_line_names_the_publisher():
    assert article("Title\n\nThe CEC approved the bid.\n\n© News.Az").publisher == "News.Az"


@pytest.mark.parametrize(
    "publisher, dateline, expected",
    [
        ("Xinhua News Agency", "MONROVIA, Nov. 10 , 2005 (Xinhua)", "Xinhua"),
        ("Agence France-Presse", "TOKYO, April 17 , 1997 (AFP)", "AFP"),
        ("The Washington Post", "WASHINGTON, Nov. 3 , 2005 (Xinhua)", "The Washington Post"),
        ("Reuters", "BAKU, Feb 8 (Reuters) -", "Reuters"),
    ],
)
def test_publisher_takes_the_short_name_the_story_uses(publisher, dateline, expected):
    assert article(f"{dateline}\n\nVoting ended.", publisher=publisher).publisher == expected


# --------------------------------------------------------------------------- titles and input metadata


def test_input_metadata_wins_over_the_header():
    a = article("BAKU, Feb 8 (Reuters) - Voting ended.", published="2024-02-09", agency="AP", title="T", url="u")
    assert (a.published, a.agency, a.title, a.url) == ("2024-02-09", "AP", "T", "u")


def test_known_title_line_is_removed_only_when_it_is_the_title():
    a = article("Short first paragraph.\n\nSecond paragraph.", title="Something else")
    assert a.text == "Short first paragraph.\n\nSecond paragraph."
    b = article("The headline\n\nBody.", title="The headline")
    assert (b.title, b.text) == ("The headline", "Body.")


def test_a_body_line_is_not_a_title():
    a = article("The CEC said turnout was 77 percent\nof registered voters on Sunday.\nCounting goes on.")
    assert a.title is None


# --------------------------------------------------------------------------- body normalization

BODIES = [
    ("one\ntwo three.\nFour.", "one two three.\n\nFour."),
    ("A  hard-wrapped   line\nthat goes on.\n\nNew paragraph.", "A hard-wrapped line that goes on.\n\nNew paragraph."),
    ("The elec-\ntion ended.", "The election ended."),
    ("Ellen Johnson-\nSirleaf won.", "Ellen Johnson-Sirleaf won."),
    ("para one\r\n\r\npara two", "para one\n\npara two"),
    ("Results:\n- Aliyev 92%\n- Oruj 2%", "Results:\n\n- Aliyev 92%\n\n- Oruj 2%"),
    ("\n\n   \t  lead and trail  \n\n", "lead and trail"),
]


@pytest.mark.parametrize("raw, expected", BODIES)
def test_normalize_body(raw, expected):
    text, _ = normalize_body(raw)
    assert text == expected


@pytest.mark.parametrize("text, _expected, _body", HEADERS)
def test_char_map_points_back_to_the_raw_characters(text, _expected, _body):
    assert_mapped(text)


@pytest.mark.parametrize("raw, _expected", BODIES)
def test_char_map_of_bodies(raw, _expected):
    assert_mapped(raw)


def test_id_is_the_hash_of_the_normalized_text():
    import hashlib

    a = article("BAKU, Feb 8 (Reuters) - Voting   ended.")
    assert a.id == hashlib.sha256(a.text.encode("utf-8")).hexdigest()[:16]
    assert article("BAKU, Feb 8 (Reuters) -  Voting ended.").id == a.id


def test_error_article_is_an_error_line():
    a = error_article("x.txt", "empty file")
    assert a.to_dict()["status"] == "error" and a.to_dict()["error"] == "empty file"
