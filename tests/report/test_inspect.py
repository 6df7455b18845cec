"""`wirefacts inspect`: filters, counts and pipe-friendly formats over a hand-made dataset."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pipeline.cli import main

RESULT = {"type": "result", "id": "r1", "event_id": "e1", "candidate": "Ann Example", "value": 51.5, "unit": "percent",
          "metric": "vote_share", "source": "Central Election Commission", "source_kind": "official", "coverage": 90.0,
          "as_of": "2024-01-02", "status": "current", "superseded_by": None, "articles": ["a1"], "mentions": []}
OLD = {**RESULT, "id": "r0", "value": 49.0, "coverage": 20.0, "status": "superseded", "superseded_by": "r1"}
POLL = {**RESULT, "id": "r2", "candidate": "Bo Sample", "value": 40.0, "source": "Exit Poll Group",
        "source_kind": "exit_poll", "coverage": None}
CLAIM = {"type": "claim", "id": "c1", "speaker": "Ann Example", "speaker_role": None, "speaker_org": None,
         "text": "The vote was fair", "quote": True, "cue": "said", "date": "2024-01-02", "articles": ["a1"], "mentions": []}
ENTITY = {"id": "n1", "name": "Ann Example", "label": "PERSON", "variants": ["Ann Example", "Example"], "articles": ["a1"]}


@pytest.fixture
def out(tmp_path):
    lines = "\n".join(json.dumps(r) for r in (OLD, RESULT, POLL, CLAIM))
    (tmp_path / "dataset.jsonl").write_text(lines + "\n", encoding="utf-8")
    (tmp_path / "entities.jsonl").write_text(json.dumps(ENTITY) + "\n", encoding="utf-8")
    return tmp_path


def jsonl_ids(capsys) -> list[str]:
    return [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize(
    "extra, expected",
    [
        ([], ["r0", "r1", "r2", "c1"]),
        (["--type", "result"], ["r0", "r1", "r2"]),
        (["--type", "result", "--current"], ["r1", "r2"]),
        (["--where", "source_kind=exit_poll"], ["r2"]),
        (["--where", "source_kind!=official", "--type", "result"], ["r2"]),
        (["--where", "value>50"], ["r1"]),
        (["--where", "coverage=null", "--type", "result"], ["r2"]),
        (["--where", "text~FAIR"], ["c1"]),
        (["--where", "candidate=ann example", "--where", "status=current"], ["r1"]),
        (["--type", "entity"], ["n1"]),
    ],
)
def test_filters(out, capsys, extra, expected):
    assert main(["inspect", str(out), "--format", "jsonl", *extra]) == 0
    assert jsonl_ids(capsys) == expected


def test_csv_has_header_and_rows(out, capsys):
    assert main(["inspect", str(out), "--type", "result", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["type", "id", "candidate", "value"]
    assert [r[1] for r in rows[1:]] == ["r0", "r1", "r2"]


def test_table_shows_counts_per_type(out, capsys):
    assert main(["inspect", str(out)]) == 0
    text = capsys.readouterr().out
    assert "result: 3" in text and "claim: 1" in text
    assert "Ann Example" in text


@pytest.mark.parametrize("args", [["--where", "nonsense"], []])
def test_bad_input_is_exit_2(tmp_path, args, capsys):
    target = tmp_path if args else tmp_path / "missing"
    assert main(["inspect", str(target), *args]) == 2
