"""Entity resolution on hand-made Extractions: each variant kind and each constraint."""

from __future__ import annotations

import pytest

from pipeline.records import Article, ClaimFact, EventFact, Extraction, Mention, NameMention, ResultFact
from pipeline.resolve.entities import resolve_entities
from pipeline.resolve.entities_table import parse_alias_table
from pipeline.resolve.names import clean, parse_person, translit, trim
from pipeline.rules import RuleError


def _article(aid: str, text: str = "") -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text)


def _mention(aid: str) -> Mention:
    return Mention(aid, 0, 0, "", "test")


def _result(aid: str, candidate: str | None, source: str | None = None) -> ResultFact:
    return ResultFact(candidate, 50.0, "%", "vote_share", source, "official", None, _mention(aid))


def _names(text: str, *spans: tuple[str, str]) -> tuple[NameMention, ...]:
    out = []
    for surface, label in spans:
        start = text.index(surface)
        out.append(NameMention(surface, label, start, start + len(surface)))
    return tuple(out)


def _resolve(docs: list[tuple[str, str, tuple, tuple]]):
    """docs: (article id, text, results, names)."""
    articles = [_article(aid, text) for aid, text, _, _ in docs]
    extractions = [Extraction(aid, results=tuple(res), names=names) for aid, _text, res, names in docs]
    return resolve_entities(articles, extractions)


def _same(index, a: str, b: str) -> bool:
    return any(a in e.variants and b in e.variants for e in index.records())


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("the Social Research Center", "Social Research Center"),
        ("Ilham Aliyev's", "Ilham Aliyev"),
        ('"Rey" Monitoring Center', "Rey Monitoring Center"),
        ("• Labor Party", "Labor Party"),
        ("SWG S.p.A.", "SWG S.p.A."),
    ],
)
def test_clean(surface: str, expected: str) -> None:
    assert clean(surface) == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("Fuad Aliyev - 0.53 percent", "Fuad Aliyev"), ("“Kassym-Zhomart Tokayev", "Kassym-Zhomart Tokayev"),
     ("the Organization of Turkic States", "Organization of Turkic States"), ('"Social Research Center" LLC', '"Social Research Center" LLC')],
)
def test_trim_keeps_the_written_form(surface: str, expected: str) -> None:
    assert trim(surface) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zhaparov", "Japarov"), ("Musayev", "Musaev"), ("Guminsky", "Guminskiy"), ("Oruc", "Oruj"),
     ("Hasanquliyev", "Hasanguliyev"), ("Panakhov", "Panahov"), ("Natalia", "Natalya"), ("Alizadeh", "Alizade")],
)
def test_transliteration_key(a: str, b: str) -> None:
    assert translit(a) == translit(b)


@pytest.mark.parametrize(
    ("name", "given", "surname"),
    [
        ("Aliyev Ilham Heydar oglu", "ilham", "aliev"),
        ("Ilham Heydar oglu Aliyev", "ilham", "aliev"),
        ("Vladimir Vladimirovich Putin", "vladimir", "putin"),
        ("President Ilham Aliyev", "ilham", "aliev"),
        ("Fed Chair Jerome Powell", "jerome", "povel"),
        ("Stephane Le Foll", "stefane", "lefol"),
        ("France's Segolene Royal", "segolene", "roal"),
    ],
)
def test_parse_person(name: str, given: str, surname: str) -> None:
    person = parse_person(name, frozenset({"president", "chair"}))
    assert person is not None and (person.given, person.surname) == (given, surname)


# ---------------------------------------------------------------- variant kinds


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("US-based Oracle Advisory Group", "Oracle Advisory Group"),
        ('"Social Research Center" LLC', "Social Research Center"),
        ("SWG S.p.A.", "SWG"),
        ("Imedi TV", "Imedi"),
        ("Ray Monitoring Center", "Rey Monitoring Center"),
        ("Sociological Research Center", "Social Research Center"),
        ("Citizens' Labor Rights Protection League", "League for the Protection of Labor Rights of Citizens"),
    ],
)
def test_org_variants_merge_across_articles(a: str, b: str) -> None:
    index = _resolve([("a1", "", (_result("a1", None, a),), ()), ("a2", "", (_result("a2", None, b),), ())])
    assert _same(index, a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sadyr Zhaparov", "Sadyr Japarov"),
        ("Elshad Musayev", "Elshad Musaev"),
        ("Viktor Guminsky", "Viktor Guminskiy"),
        ("Kassym-Jomart Tokayev", "Kasim Yomart Tokayev"),
        ("Vladimir Vladimirovich Putin", "Vladimir Putin"),
        ("President Ilham Aliyev", "Ilham Aliyev"),
        ("Aliyev Ilham Heydar oglu", "Ilham Aliyev"),
    ],
)
def test_person_variants_merge_across_articles(a: str, b: str) -> None:
    index = _resolve([("a1", "", (_result("a1", a),), ()), ("a2", "", (_result("a2", b),), ())])
    assert _same(index, a, b)


def test_acronym_defined_in_text_and_carried_to_another_article() -> None:
    t1 = "The Organization of Turkic States (OTS) sent observers."
    t2 = "OTS observers said the vote was fair."
    index = _resolve([
        ("a1", t1, (), _names(t1, ("Organization of Turkic States", "ORG"))),
        ("a2", t2, (), _names(t2, ("OTS", "ORG"))),
    ])
    assert _same(index, "OTS", "Organization of Turkic States")
    assert index.canonical("OTS", "ORG", "a2") == "Organization of Turkic States"


def test_surname_and_title_resolve_within_article() -> None:
    text = "Ilham Aliyev won. President Aliyev thanked voters. Aliyev spoke."
    index = _resolve([("a1", text, (_result("a1", "Ilham Aliyev"),), _names(text, ("Ilham Aliyev", "PERSON"), ("Aliyev", "PERSON")))])
    assert index.canonical("Aliyev", "PERSON", "a1") == "Ilham Aliyev"
    assert _same(index, "Aliyev", "Ilham Aliyev")


def test_surname_stays_unresolved_when_ambiguous_in_article() -> None:
    text = "Ilham Aliyev and Fuad Aliyev ran. Aliyev won."
    names = _names(text, ("Ilham Aliyev", "PERSON"), ("Fuad Aliyev", "PERSON"))
    names += (NameMention("Aliyev", "PERSON", text.rindex("Aliyev"), text.rindex("Aliyev") + 6),)
    index = _resolve([("a1", text, (_result("a1", "Ilham Aliyev"), _result("a1", "Fuad Aliyev")), names)])
    assert index.canonical("Aliyev", "PERSON", "a1") == "Aliyev"


def test_country_qualified_commissions() -> None:
    t1 = "Russia's Central Election Commission (CEC) said Russia voted. The CEC counted."
    t2 = "The Central Election Commission of Georgia said Georgia voted. The CEC counted."
    index = _resolve([
        ("a1", t1, (), _names(t1, ("Central Election Commission", "ORG"), ("Russia", "GPE"), ("CEC", "ORG"))),
        ("a2", t2, (), _names(t2, ("Central Election Commission of Georgia", "ORG"), ("Georgia", "GPE"), ("CEC", "ORG"))),
    ])
    assert not _same(index, "Central Election Commission of Georgia", "Russia's Central Election Commission (CEC)")
    assert _same(index, "CEC", "Central Election Commission of Georgia")
    assert _same(index, "CEC", "Russia's Central Election Commission (CEC)")
    assert index.canonical("CEC", "ORG", "a1") != index.canonical("CEC", "ORG", "a2")


# ---------------------------------------------------------------- constraints


def test_different_given_names_never_merge() -> None:
    index = _resolve([("a1", "", (_result("a1", "Ilham Aliyev"),), ()), ("a2", "", (_result("a2", "Fuad Aliyev"),), ())])
    assert not _same(index, "Ilham Aliyev", "Fuad Aliyev")


def test_candidates_side_by_side_are_distinct() -> None:
    index = _resolve([("a1", "", (_result("a1", "Nurlan Auesbayev", "CEC"), _result("a1", "Nurlan Auyesbayev", "CEC")), ())])
    assert not _same(index, "Nurlan Auesbayev", "Nurlan Auyesbayev")


def test_org_and_person_never_merge() -> None:
    claims = (
        ClaimFact("Georgian Dream", None, None, "x", True, "said", None, _mention("a1")),
        ClaimFact("Georgia Dream", None, "Georgian Dream Party", "y", True, "said", None, _mention("a1")),
    )
    index = resolve_entities([_article("a1")], [Extraction("a1", claims=claims)])
    labels = {e.label for e in index.records() if "Georgian Dream Party" in e.variants}
    assert labels == {"ORG"}


def test_never_merge_table_pairs() -> None:
    t1 = "The Central Election Commission and the District Election Commission met in Russia."
    index = _resolve([("a1", t1, (), _names(t1, ("Central Election Commission", "ORG"), ("District Election Commission", "ORG")))])
    assert not _same(index, "Central Election Commission", "District Election Commission")


def test_canonical_is_most_frequent_full_form() -> None:
    docs = [(f"a{i}", "", (_result(f"a{i}", "Sadyr Japarov"),), ()) for i in range(3)]
    docs.append(("a9", "", (_result("a9", "Sadyr Zhaparov"),), ()))
    index = _resolve(docs)
    assert index.canonical("Sadyr Zhaparov", "PERSON", "a9") == "Sadyr Japarov"


def test_output_does_not_depend_on_input_order() -> None:
    docs = [("a1", "", (_result("a1", "Elshad Musayev"),), ()), ("a2", "", (_result("a2", "Elshad Musaev"),), ())]
    first = [e.to_dict() for e in _resolve(docs).records()]
    second = [e.to_dict() for e in _resolve(list(reversed(docs))).records()]
    assert first == second


def test_events_country_is_gpe_entity() -> None:
    event = EventFact("election", None, None, "Russian Federation", None, None, _mention("a1"))
    index = resolve_entities([_article("a1")], [Extraction("a1", events=(event,))])
    assert [e.label for e in index.records()] == ["GPE"]
    assert index.canonical("Russian Federation", "GPE", "a1") == "Russian Federation"


# ---------------------------------------------------------------- alias table


def test_alias_table_rejects_unknown_keys_with_line() -> None:
    with pytest.raises(RuleError) as err:
        parse_alias_table("entities:\n  - name: X\n    example: y\n    colour: red\n", "aliases.yml")
    assert "aliases.yml:4" in str(err.value) and "colour" in str(err.value)


def test_alias_table_requires_example() -> None:
    with pytest.raises(RuleError) as err:
        parse_alias_table("never_merge:\n  - names: [A, B]\n", "aliases.yml")
    assert "aliases.yml:2" in str(err.value)


def test_shipped_alias_table_loads() -> None:
    from pipeline.resolve.entities_table import load_alias_table

    table = load_alias_table()
    assert table.entry_for("CEC") is not None and table.entry_for("CEC").per_country


# ---------------------------------------------------------------- text evidence


def _text_doc(aid: str, text: str, *spans: tuple[str, str]):
    return (aid, text, (), _names(text, *spans))


def test_party_leader_compound_joins_the_party() -> None:
    t1 = "Results:\n- Lelo – Mamuka Khazaradze – 3%\n- Citizens – 1%\n"
    t2 = "Lelo for Georgia won 4 percent, and Lelo said it would contest the result."
    index = _resolve([_text_doc("a1", t1, ("Mamuka Khazaradze", "PERSON")), _text_doc("a2", t2, ("Lelo for Georgia", "ORG"), ("Lelo", "PERSON"))])
    assert _same(index, "Lelo", "Lelo – Mamuka Khazaradze")
    assert _same(index, "Lelo", "Lelo for Georgia")
    assert not _same(index, "Lelo", "Mamuka Khazaradze")


def test_acronym_by_initials_of_an_org_named_elsewhere() -> None:
    t1 = "- United National Movement – Strength in Unity Bloc – 24%,\n- Girchi – 4%\n"
    t2 = "- UNM – 33%\n- Girchi – 5%\n"
    index = _resolve([_text_doc("a1", t1), _text_doc("a2", t2)])
    assert _same(index, "UNM", "United National Movement")


def test_bracketed_rename_links_two_names() -> None:
    text = "Eni Azerbaijan (New Azerbaijan), the ruling party, leads."
    index = _resolve([_text_doc("a1", text, ("Eni Azerbaijan", "PERSON"), ("New Azerbaijan", "GPE"))])
    assert _same(index, "Eni Azerbaijan", "New Azerbaijan")
    assert {e.label for e in index.records() if "Eni Azerbaijan" in e.variants} == {"ORG"}


def test_acronym_heading_nested_names() -> None:
    t1 = "“ELS” Independent Research Center said the poll covered 300 stations. ELS Research Center staff agreed."
    t2 = "The exit poll ELS presented gave the incumbent 80%."
    index = _resolve([_text_doc("a1", t1), _text_doc("a2", t2, ("ELS", "ORG"))])
    assert _same(index, "ELS", "ELS Independent Research Center")
    assert _same(index, "ELS Research Center", "ELS Independent Research Center")


def test_patronymic_list_names_found_in_text() -> None:
    text = "Aliyev Ilham Heydar oglu: 92.05%;\nAliyev Fuad Aghasi oglu: 0.53%.\nIlham Aliyev won."
    index = _resolve([_text_doc("a1", text, ("Ilham Aliyev", "PERSON"))])
    assert _same(index, "Aliyev Ilham Heydar oglu", "Ilham Aliyev")
    assert not _same(index, "Aliyev Fuad Aghasi oglu", "Ilham Aliyev")


def test_org_name_missed_by_ner_is_harvested_with_descriptor() -> None:
    t1 = "A poll by the League for the Protection of Labor Rights and US’ Oracle Advisory Group showed a win."
    t2 = "The US-based Oracle Advisory Group said turnout was high."
    index = _resolve([_text_doc("a1", t1), _text_doc("a2", t2, ("Oracle Advisory Group", "ORG"))])
    assert _same(index, "US’ Oracle Advisory Group", "US-based Oracle Advisory Group")


# ---------------------------------------------------------------- canonical forms


def _source(aid: str, candidate: str, source: str) -> ResultFact:
    return _result(aid, candidate, source)


@pytest.mark.parametrize(
    ("docs", "surface", "aid", "expected"),
    [
        # a leading country possessive is a descriptor, even when it is the more frequent form
        (
            [("a1", "France's OpinionWay released a poll.", (_source("a1", "Ilham Aliyev", "France's OpinionWay"),
                                                           _source("a1", "Zahid Oruj", "France's OpinionWay")), ()),
             ("a2", "The French firm OpinionWay polled voters.", (), (NameMention("OpinionWay", "ORG", 16, 26),))],
            "France's OpinionWay", "a1", "OpinionWay",
        ),
        # a bracketed aside (the party leader, the bloc's members) is no part of the name
        (
            [("a1", '- "Girchi" (Iago Hvichiya) – 3%\n', (_result("a1", "Girchi (Iago Hvichiya)"),), ()),
             ("a2", '- "Girchi" (Iago Hvichiya) – 4%\n', (_result("a2", "Girchi (Iago Hvichiya)"),), ()),
             ("a3", "Girchi won 3%.", (_result("a3", "Girchi"),), ())],
            "Girchi (Iago Hvichiya)", "a1", "Girchi",
        ),
        (
            [("a1", "Unity (National Movement, Strategy Bloc) won 20%.",
              (_result("a1", "Unity (National Movement, Strategy Bloc)"),), ()),
             ("a2", '- "Unity" ("National Movement", "Strategy Bloc") – 21%\n- Unity – 20%\n',
              (_result("a2", "Unity"), _result("a2", "Unity (National Movement, Strategy Bloc)")), ())],
            "Unity (National Movement, Strategy Bloc)", "a1", "Unity",
        ),
        # an acronym defined in the text keeps the country its expansion names
        (
            [("a1", "The Electoral Commission of Kenya (ECK) said the No side won. The Electoral Commission counted.",
              (_source("a1", "No", "ECK"),), (NameMention("Electoral Commission of Kenya", "ORG", 4, 33),))],
            "ECK", "a1", "Electoral Commission of Kenya",
        ),
        # a lone surname repeating a full name of the same list resolves to it
        (
            [("a1", "George Simion is fourth with 14.52%. At 80%, Simion took fourth place with 14.92%.",
              (_result("a1", "George Simion"), _result("a1", "Simion")), ())],
            "Simion", "a1", "George Simion",
        ),
    ],
    ids=["country-possessive", "bracketed-leader", "bracketed-members", "defined-acronym", "repeated-surname"],
)
def test_canonical_is_the_clean_form(docs: list, surface: str, aid: str, expected: str) -> None:
    index = _resolve(docs)
    assert index.canonical(surface, "", aid) == expected


@pytest.mark.parametrize(
    ("forms", "record", "expected"),
    [
        ({"France's OpinionWay": 5, "OpinionWay": 1}, set(), "OpinionWay"),
        ({"US-based Oracle Advisory Group": 3, "Oracle Advisory Group": 1}, set(), "Oracle Advisory Group"),
        ({"Girchi (Iago Hvichiya)": 4, "Girchi": 1}, set(), "Girchi"),
        ({"Lelo – Mamuka Khazaradze": 3, "Lelo for Georgia": 1}, set(), "Lelo for Georgia"),
        ({"Labour Party": 2, "Labour Party of Britain": 2}, {"Labour Party of Britain"}, "Labour Party of Britain"),
        ({"Labour Party": 2, "Labour Party of Britain": 2}, set(), "Labour Party"),
        ({"Girchi (Iago Hvichiya)": 2}, set(), "Girchi (Iago Hvichiya)"),  # no clean form: keep what exists
    ],
    ids=["possessive", "based", "aside", "leader-tail", "record-wins-tie", "shorter-wins-tie", "only-form"],
)
def test_canonical_choice(forms: dict, record: set, expected: str) -> None:
    from collections import Counter

    from pipeline.resolve.entities import _canonical

    assert _canonical(Counter(forms), "ORG", ("O", "x"), record) == expected


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Georgia – Movement for Freedom took 3% in Georgia's vote.", "Georgia – Movement for Freedom"),
        ("Armenia – Alliance for Change took 5% as Armenia voted.", "Armenia – Alliance for Change"),
    ],
)
def test_country_never_merges_into_a_party(text: str, org: str) -> None:
    event = EventFact("election", None, None, org.split(" – ")[0], None, None, _mention("a1"))
    names = _names(text, (org, "ORG"))
    index = resolve_entities([_article("a1", text)], [Extraction("a1", events=(event,), names=names)])
    country = org.split(" – ")[0]
    assert index.canonical(country, "GPE", "a1") == country
    assert not any(e.label == "ORG" and country in e.variants for e in index.records())


def test_honorific_surname_goes_to_the_story_s_person() -> None:
    text = ("Hillary Clinton leads. Hillary Clinton spoke in Ohio, and Hillary Clinton's aides cheered. "
            "Bill Clinton campaigned too. Mrs. Clinton said she would win.")
    names = _names(text, ("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"), ("Mrs. Clinton", "PERSON"))
    names += tuple(NameMention("Hillary Clinton", "PERSON", i, i + 15) for i in (text.index("Hillary Clinton spoke"),
                                                                                text.index("Hillary Clinton's")))
    index = _resolve([("a1", text, (_result("a1", "Hillary Clinton"),), names)])
    assert index.canonical("Mrs. Clinton", "PERSON", "a1") == "Hillary Clinton"
    assert not _same(index, "Bill Clinton", "Hillary Clinton")


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("NBC/WSJ", "NBC/Wall Street Journal"),
        ("Wall Street Journal/NBC", "NBC News/Wall Street Journal"),
        ("ABC-Washington Post", "Washington Post-ABC News"),
    ],
)
def test_slash_compounds_of_one_joint_source_merge(written: str, other: str) -> None:
    t1 = f"The {written} poll surveyed 992 likely voters."
    t2 = f"The {other} poll surveyed 1,000 voters."
    index = _resolve([
        ("a1", t1, (_source("a1", "Donald Trump", written),), ()),
        ("a2", t2, (_source("a2", "Donald Trump", other),), ()),
    ])
    assert _same(index, written, other)
    assert {e.label for e in index.records() if written in e.variants} == {"ORG"}


def test_compound_harvested_from_text_when_ner_misses_it() -> None:
    t1 = "A new poll, including the NBC/WSJ data, finds a lead."
    t2 = "The NBC/Wall Street Journal poll found a lead."
    index = _resolve([("a1", t1, (), ()), ("a2", t2, (_source("a2", "Donald Trump", "NBC/Wall Street Journal"),), ())])
    assert _same(index, "NBC/WSJ", "NBC/Wall Street Journal")
