"""`wirefacts explain "TEXT"`: run the pipeline on a snippet; show matches, rules and records.

The loop for writing rules: edit rules/*.yml, explain a sentence, see what fired.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.records import Article, Extraction, text_id


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="the text to analyse (use - to read stdin)")
    parser.add_argument("--date", default=None, help="article date YYYY-MM-DD that dates resolve against")
    parser.add_argument("--place", default=None, help="dateline place, e.g. 'Baku, Azerbaijan'")
    parser.add_argument("--model", default=None, help="spaCy model (default en_core_web_sm)")
    parser.add_argument("--rules", type=Path, default=None, help="rules folder (default: the project's rules/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def main(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        print("wirefacts explain: empty text", file=sys.stderr)
        return 2
    report = explain(text, date=args.date, place=args.place, model=args.model, rules_dir=args.rules)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0


def explain(
    text: str, date: str | None = None, place: str | None = None, model: str | None = None, nlp=None,
    rules_dir: Path | None = None,
):
    """Matches, resolved dates, per-article facts and resulting records for ``text``."""
    from pipeline.components import RULE_SPANS
    from pipeline.extract import extract
    from pipeline.nlp import load_nlp
    from pipeline.resolve import resolve

    nlp = nlp or load_nlp(model, rules_dir=rules_dir)
    article_id = text_id(text)
    doc = nlp.make_doc(text)
    doc._.wf_article = {"id": article_id, "date": date, "place": place, "title": None, "offset": 0}
    doc = nlp(doc)
    extraction: Extraction = extract(doc, article_id)
    article = Article(id=article_id, path="<explain>", published=date, text=text)
    resolved = resolve([article], [extraction])
    return {
        "matches": [
            {"rule": s.id_, "label": s.label_, "text": s.text, "start": s.start_char, "end": s.end_char}
            for s in sorted(doc.spans.get(RULE_SPANS, []), key=lambda s: (s.start_char, s.end_char, s.id_))
        ],
        "entities": [{"label": e.label_, "text": e.text} for e in doc.ents],
        "dates": [{"text": text[s:e], "date": iso} for s, e, iso in (doc._.wf_dates or [])],
        "facts": [_fact(kind, f) for kind, facts in _facts(extraction) for f in facts],
        "records": [r.to_dict() for r in resolved.records],
    }


def _facts(extraction: Extraction):
    return (("event", extraction.events), ("result", extraction.results), ("claim", extraction.claims))


def _fact(kind: str, fact: Any) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(fact)
    mention = data.pop("mention")
    return {"type": kind, "rule": mention["rule"], "span": [mention["start"], mention["end"]], **data}


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    console.print("[bold]rule matches[/bold]")
    for m in report["matches"]:
        console.print(f"  {m['start']:>4}-{m['end']:<4} {m['label']:<18} {m['rule']:<40} {m['text']!r}")
    if report["entities"]:
        console.print("[bold]named entities[/bold]  " + ", ".join(f"{e['text']} ({e['label']})" for e in report["entities"]))
    if report["dates"]:
        console.print("[bold]dates[/bold]  " + ", ".join(f"{d['text']!r} -> {d['date']}" for d in report["dates"]))
    console.print("[bold]facts[/bold]")
    for fact in report["facts"]:
        details = {k: v for k, v in fact.items() if k not in {"type", "rule", "span"} and v is not None}
        console.print(f"  {fact['type']:<7} rule={fact['rule']}  {json.dumps(details, ensure_ascii=False)}")
    if not report["facts"]:
        console.print("  (none)")
    console.print(f"[bold]records[/bold]  {len(report['records'])}")
    for record in report["records"]:
        record = {k: v for k, v in record.items() if k not in {"mentions", "articles"}}
        console.print("  " + json.dumps(record, ensure_ascii=False))
