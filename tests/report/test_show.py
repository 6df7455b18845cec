"""`wirefacts show`: the normalized article with every mention highlighted and labelled."""

from __future__ import annotations

import re

import pytest

from pipeline.cli import main
from pipeline.report.show import Span, mark_plain
from tests.report.test_html import TEXT_A, TEXT_B, A, B, make_output

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def out(tmp_path):
    return make_output(tmp_path / "out")


def span(start: int, end: int, kind: str = "result", rule: str = "r") -> Span:
    return Span(start, end, kind, rule, {})


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([], "abcdefghij"),
        ([span(2, 5)], "ab[[result:r cde]]fghij"),
        ([span(0, 10, "claim", "c"), span(2, 5)], "[[claim:c ab[[result:r cde]]fghij]]"),
        ([span(2, 5), span(5, 8, "event", "e")], "ab[[result:r cde]][[event:e fgh]]ij"),
        # Crossing spans: the later one is closed with the earlier and reopened right after.
        ([span(0, 5, "claim", "c"), span(3, 8)], "[[claim:c abc[[result:r de]]]][[...result:r fgh]]ij"),
        ([span(2, 5), span(2, 5, "event", "e")], "ab[[event:e [[result:r cde]]]]fghij"),
    ],
)
def test_plain_markers(spans, expected):
    assert mark_plain("abcdefghij", sorted(spans, key=lambda s: (s.start, -s.end, s.kind, s.rule))) == expected


def test_markers_are_balanced_and_strip_to_the_text():
    spans = [span(0, 6), span(1, 3, "claim"), span(2, 9, "event"), span(4, 5), span(8, 10)]
    marked = mark_plain("abcdefghij", sorted(spans, key=lambda s: (s.start, -s.end, s.kind, s.rule)))
    assert marked.count("[[") == marked.count("]]")
    assert re.sub(r"\[\[(\.\.\.)?\w+:\w+ |\]\]", "", marked) == "abcdefghij"


@pytest.mark.parametrize(
    "target, fragments",
    [
        (A, ["[[result:result.share.had Ann Example had 61.2 percent]]",
             "[[event:event.election snap presidential election]]",
             '[[claim:claim.quote.said "The vote was calm and orderly," said observer Cy Witness]]',
             "[[result:result.share.gave gave Ann Example 58.0 percent]]"]),
        ("corpus/b.txt", ["[[result:result.turnout Turnout was 54 percent]]",
                          "[[claim:claim.reported.said Critics said the <script>"]),
        (B[:6], ["[[result:result.share.has Ann Example has 63.4 percent]]"]),
    ],
)
def test_plain_output_labels_each_mention(out, capsys, target, fragments):
    assert main(["show", target, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    for fragment in fragments:
        assert fragment in text


def test_plain_output_keeps_the_normalized_text(out, capsys):
    assert main(["show", A, "--out", str(out), "--no-list"]) == 0
    body = capsys.readouterr().out.split("\n\n", 1)[1].rstrip("\n")
    assert re.sub(r"\[\[(\.\.\.)?[\w.]+:[\w.]+ |\]\]", "", body) == TEXT_A


def test_listing_summarizes_records(out, capsys):
    assert main(["show", A, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "# mentions: event 1, result 3, claim 1" in text
    assert "source=Central Election Commission (official) coverage=24.0% superseded" in text


def test_type_filter(out, capsys):
    assert main(["show", A, "--out", str(out), "--type", "claim"]) == 0
    text = capsys.readouterr().out
    assert "[[claim:" in text and "[[result:" not in text


def test_colour_output_highlights_and_labels(out, capsys):
    assert main(["show", B, "--out", str(out), "--color", "always", "--no-list"]) == 0
    raw = capsys.readouterr().out
    assert "\x1b[" in raw
    plain = ANSI.sub("", raw)
    assert "Ann Example has 63.4 percent[result:result.share.has]" in plain
    assert "[[" not in plain
    assert TEXT_B.split("\n\n")[1] in re.sub(r"\[\w+:[\w.]+\]", "", plain)


def test_show_by_file_on_disk(out, tmp_path, capsys, monkeypatch):
    # The path recorded in articles.jsonl is relative to where the run was started.
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT_A, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["show", "./corpus/a.txt", "--out", str(out)]) == 0
    assert "[[event:event.election" in capsys.readouterr().out


@pytest.mark.parametrize("target, code", [("zzzz", 2), ("", 2), ("d" * 16, 1)])
def test_unknown_or_failed_article(out, capsys, target, code):
    assert main(["show", target, "--out", str(out)]) == code
    assert capsys.readouterr().err


def test_missing_output_folder(tmp_path, capsys):
    assert main(["show", A, "--out", str(tmp_path / "missing")]) == 2
    assert "not found" in capsys.readouterr().err


def test_article_without_mentions_is_printed_whole(out, capsys):
    assert main(["show", "corpus/c.txt", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Stocks rose on Tuesday" in text and "[[" not in text
    assert "0 mention(s)" in text
