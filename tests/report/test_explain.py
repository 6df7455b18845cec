"""`wirefacts explain`: rule matches, dates, facts and records for a snippet."""

from __future__ import annotations

from pipeline.cli import main
from pipeline.report.explain import explain


def test_explain_lists_rule_matches_with_ids(nlp):
    report = explain("The presidential election took place on February 7.", date="2024-02-08", nlp=nlp)
    assert any(m["label"] == "ELECTION_WORD" and m["text"] == "election" for m in report["matches"])
    assert all(m["rule"] for m in report["matches"])
    assert set(report) == {"matches", "entities", "dates", "facts", "records"}


def test_explain_command_prints_sections(capsys):
    assert main(["explain", "The election was held on Sunday.", "--date", "2024-02-08"]) == 0
    out = capsys.readouterr().out
    assert "rule matches" in out and "facts" in out and "records" in out


def test_explain_rejects_empty_text(capsys):
    assert main(["explain", "   "]) == 2
