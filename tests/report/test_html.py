"""`wirefacts report`: one self-contained, escaped HTML file over a hand-made output folder.

``make_output`` builds the folder the show, report and browser tests share: articles with
text, and dataset records whose mentions point into that text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.report import html as report_html

TEXT_A = (
    "Ann Example leads the snap presidential election in Freedonia on March 3, the Central Election "
    "Commission said.\n\n"
    "After 24 percent of ballots were counted, Ann Example had 61.2 percent of the votes.\n\n"
    "An exit poll by Civic Pulse gave Ann Example 58.0 percent and Bo Sample 30.5 percent.\n\n"
    '"The vote was calm and orderly," said observer Cy Witness.'
)
TEXT_B = (
    "With 95.5 percent of ballots counted, Ann Example has 63.4 percent and Bo Sample 28.1 percent, "
    "the Central Election Commission said. Turnout was 54 percent.\n\n"
    "Critics said the <script>alert('x')</script> count was slow & opaque."
)
TEXT_C = "Stocks rose on Tuesday; there is no election in this article."

A, B, C = "a" * 16, "b" * 16, "c" * 16


def _mention(article_id: str, text: str, phrase: str, rule: str) -> dict[str, Any]:
    start = text.index(phrase)
    paragraph = next(p for p in text.split("\n\n") if phrase in p)  # one sentence per paragraph here
    return {"article_id": article_id, "start": start, "end": start + len(phrase), "sentence": paragraph, "rule": rule}


def _result(rid: str, candidate: str | None, value: float, source: str, kind: str, coverage: float | None,
            mention: dict[str, Any], status: str = "current", superseded_by: str | None = None,
            metric: str = "vote_share", as_of: str = "2024-03-04") -> dict[str, Any]:
    return {"type": "result", "id": rid, "event_id": "ev1", "candidate": candidate, "value": value,
            "unit": "percent", "metric": metric, "source": source, "source_kind": kind, "coverage": coverage,
            "as_of": as_of, "status": status, "superseded_by": superseded_by,
            "articles": [mention["article_id"]], "mentions": [mention]}


CEC = "Central Election Commission"
RECORDS: list[dict[str, Any]] = [
    {"type": "event", "id": "ev1", "kind": "election", "office": "president", "qualifier": "snap",
     "country": "Freedonia", "date": "2024-03-03", "candidates_declared": None, "articles": [A],
     "mentions": [_mention(A, TEXT_A, "snap presidential election", "event.election")]},
    _result("r_old", "Ann Example", 61.2, CEC, "official", 24.0,
            _mention(A, TEXT_A, "Ann Example had 61.2 percent", "result.share.had"),
            status="superseded", superseded_by="r_ann", as_of="2024-03-03"),
    _result("r_ann", "Ann Example", 63.4, CEC, "official", 95.5,
            _mention(B, TEXT_B, "Ann Example has 63.4 percent", "result.share.has")),
    _result("r_bo", "Bo Sample", 28.1, CEC, "official", 95.5,
            _mention(B, TEXT_B, "Bo Sample 28.1 percent", "result.share.gapping")),
    _result("r_ann_xp", "Ann Example", 58.0, "Civic Pulse", "exit_poll", None,
            _mention(A, TEXT_A, "gave Ann Example 58.0 percent", "result.share.gave"), as_of="2024-03-03"),
    _result("r_bo_xp", "Bo Sample", 30.5, "Civic Pulse", "exit_poll", None,
            _mention(A, TEXT_A, "Bo Sample 30.5 percent", "result.share.gapping"), as_of="2024-03-03"),
    _result("r_turnout", None, 54.0, CEC, "official", None,
            _mention(B, TEXT_B, "Turnout was 54 percent", "result.turnout"), metric="turnout"),
    {"type": "claim", "id": "c_calm", "speaker": "Cy Witness", "speaker_role": "observer", "speaker_org": None,
     "text": "The vote was calm and orderly,", "quote": True, "cue": "said", "date": "2024-03-03",
     "articles": [A], "mentions": [_mention(A, TEXT_A, '"The vote was calm and orderly," said observer Cy Witness',
                                            "claim.quote.said")]},
    {"type": "claim", "id": "c_xss", "speaker": "Critics", "speaker_role": None, "speaker_org": None,
     "text": "the <script>alert('x')</script> count was slow & opaque", "quote": False, "cue": "said",
     "date": "2024-03-04", "articles": [B],
     "mentions": [_mention(B, TEXT_B, "Critics said the <script>alert('x')</script> count was slow & opaque",
                           "claim.reported.said")]},
]
ENTITIES = [
    {"id": "n1", "name": "Ann Example", "label": "PERSON", "variants": ["Ann Example"], "articles": [A, B]},
    {"id": "n2", "name": CEC, "label": "ORG", "variants": [CEC, "CEC"], "articles": [A, B]},
    {"id": "n3", "name": "</script><b>Evil</b>", "label": "ORG", "variants": ["</script><b>Evil</b>"], "articles": [B]},
]


def _article(aid: str, path: str, text: str, published: str, title: str | None, **extra: Any) -> dict[str, Any]:
    return {"id": aid, "path": path, "status": "ok", "title": title, "published": published,
            "publisher": "Wire", "agency": None, "dateline": {"place": "Capital City", "date": published},
            "duplicate_of": extra.get("duplicate_of"), "text": text}


ARTICLES = [
    _article(A, "corpus/a.txt", TEXT_A, "2024-03-03", "Ann Example leads early count"),
    _article(B, "corpus/b.txt", TEXT_B, "2024-03-04", "Final count <b>near</b>"),
    _article(C, "corpus/c.txt", TEXT_C, "2024-03-05", None),
    {"id": "d" * 16, "path": "corpus/broken.txt", "status": "error", "title": None, "published": None,
     "publisher": None, "agency": None, "dateline": None, "duplicate_of": None, "error": "could not decode"},
]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def make_output(folder: Path) -> Path:
    """A small but complete output folder (the contract of shared/spec/records.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_jsonl(folder / "articles.jsonl", ARTICLES)
    _write_jsonl(folder / "dataset.jsonl", RECORDS)
    _write_jsonl(folder / "entities.jsonl", ENTITIES)
    _write_jsonl(folder / "errors.jsonl", [{"path": "corpus/broken.txt", "stage": "read", "error": "could not decode"}])
    (folder / "run.json").write_text(json.dumps({
        "versions": {"wirefacts": "0.1.0", "spacy": "3.8.0", "model": "en_core_web_sm"},
        "rules_fingerprint": "0123456789abcdef", "counts": {"articles": 4}, "wall_seconds": 1.5,
        "docs_per_second": 2.7}), encoding="utf-8")
    return folder


def test_mentions_point_at_their_phrases():
    texts = {A: TEXT_A, B: TEXT_B}
    for record in RECORDS:
        for m in record["mentions"]:
            assert texts[m["article_id"]][m["start"]: m["end"]]


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = make_output(tmp_path_factory.mktemp("out"))
    target = folder / "report.html"
    assert main(["report", str(folder), "-o", str(target)]) == 0
    return target.read_text(encoding="utf-8")


def embedded(page: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="wf-data">(.*?)</script>', page, re.S)
    assert block, "the data block is missing"
    return json.loads(block.group(1))


def test_one_file_without_network_references(page):
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the CSP forbids any request even if one slipped in


@pytest.mark.parametrize("raw", ["<script>alert('x')</script>", "</script><b>Evil</b>", "<b>near</b>"])
def test_markup_from_the_data_never_appears_raw(page, raw):
    assert raw not in page


def test_article_text_is_embedded_as_json(page):
    data = embedded(page)
    assert data["articles"][B]["text"] == TEXT_B
    assert data["articles"][A]["text"] == TEXT_A
    assert {r["id"] for r in data["results"]} == {r["id"] for r in RECORDS if r["type"] == "result"}
    assert [e["name"] for e in data["entities"]][:1] == ["Ann Example"]


def test_script_never_uses_inner_html():
    script = (Path(report_html.__file__).parent / "templates" / "report.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_summary_counts(page):
    summary = re.search(r'<section id="wf-summary".*?</section>', page, re.S).group(0)
    for expected in ("4</b> articles", "1</b> failed", "1</b> election", "6</b> results",
                     "1</b> superseded", "2</b> claims", "3</b> entities"):
        assert expected in summary


def test_chart_per_event_with_sources_and_progression(page):
    chart = re.search(r'<svg[^>]*data-event="ev1".*?</svg>', page, re.S).group(0)
    bars = re.findall(r'<rect[^>]*data-rid="([^"]+)"[^>]*class="([^"]+)"', chart)
    classes = dict(bars)
    assert set(classes) == {"r_old", "r_ann", "r_bo", "r_ann_xp", "r_bo_xp"}  # turnout is not a vote share
    assert "superseded" in classes["r_old"] and "official" in classes["r_old"]
    assert "current" in classes["r_ann"] and "exit_poll" in classes["r_ann_xp"]
    # Progression: Ann's official snapshots in coverage order, then the exit poll.
    order = [rid for rid, _ in bars]
    assert order.index("r_old") < order.index("r_ann")
    assert "24% counted" in chart and "95.5% counted" in chart
    assert "Civic Pulse" in chart and CEC in chart


def test_turnout_is_listed_beside_the_chart(page):
    assert re.search(r"Turnout.*?54(\.0)?%", page, re.S)


@pytest.mark.parametrize("table", ["results", "claims", "events", "entities"])
def test_every_table_is_present(page, table):
    assert f'id="wf-table-{table}"' in page


def test_missing_folder_is_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")]) == 2
    assert "not found" in capsys.readouterr().err


def test_output_without_dataset_records_still_renders(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    _write_jsonl(folder / "articles.jsonl", ARTICLES[:1])
    _write_jsonl(folder / "dataset.jsonl", [])
    target = tmp_path / "r.html"
    assert main(["report", str(folder), "-o", str(target)]) == 0
    assert "No election" in target.read_text(encoding="utf-8")


def test_report_is_deterministic(tmp_path):
    folder = make_output(tmp_path / "out")
    first, second = tmp_path / "1.html", tmp_path / "2.html"
    assert main(["report", str(folder), "-o", str(first)]) == 0
    assert main(["report", str(folder), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_results_without_an_event_get_their_own_chart():
    data = {"events": [], "event_labels": {}, "results": [
        {**RECORDS[2], "id": "loose", "event_id": None, "candidate": "<i>Lone</i> Candidate"}]}
    charts = report_html.render_charts(data)
    assert 'data-event="none"' in charts and "Results not tied to an election" in charts
    assert "&lt;i&gt;Lone&lt;/i&gt; Candidate" in charts and "<i>" not in charts


def test_candidates_are_ordered_by_their_current_official_share(page):
    chart = re.search(r'<svg[^>]*data-event="ev1".*?</svg>', page, re.S).group(0)
    names = re.findall(r'<text class="wf-cand"[^>]*><title>([^<]+)</title>', chart)
    assert names == ["Ann Example", "Bo Sample"]
