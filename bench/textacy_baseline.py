"""Peer baseline for claims: textacy's ``direct_quotations`` over a gold folder.

Runs ``textacy.extract.triples.direct_quotations`` on every paragraph of every article
(read and normalized exactly as ``wirefacts run`` does, so article ids and paths agree)
and writes a run folder in our output format: ``articles.jsonl``, ``dataset.jsonl``
(claim records only), an empty ``entities.jsonl``. Score it like wirefacts::

    .venv/bin/python bench/textacy_baseline.py ../shared/corpus/polnear-dev --out /tmp/textacy-run
    .venv/bin/wirefacts eval ../shared/corpus/polnear-dev --out /tmp/textacy-run

textacy is a dev-only dependency: it is imported here and nowhere in the package.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pipeline.engine import read_articles
from pipeline.records import Article, stable_id

_PARAGRAPH = re.compile(r"[^\n]+")


def _tokens_text(tokens: Any) -> str:
    """A textacy triple element (list of tokens) as text in document order."""
    tokens = sorted(tokens, key=lambda t: t.i)
    return " ".join(t.text for t in tokens)


def claims_of(nlp: Any, article: Article) -> list[dict[str, Any]]:
    """One claim record per direct quotation textacy finds, paragraph by paragraph."""
    from textacy.extract.triples import direct_quotations

    records = []
    for match in _PARAGRAPH.finditer(article.text):
        doc = nlp(match.group())
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy trips on some quote layouts; a paragraph is skipped
            continue
        for speaker, cue, content in triples:
            span = content if hasattr(content, "start_char") else None
            start = match.start() + (span.start_char if span is not None else 0)
            end = match.start() + (span.end_char if span is not None else len(match.group()))
            text = span.text if span is not None else _tokens_text(content)
            text = text.strip().strip("\"“”'‘’").strip()
            who = _tokens_text(speaker)
            said = _tokens_text(cue)
            records.append(
                {
                    "type": "claim",
                    "id": stable_id("claim", who, text),
                    "speaker": who,
                    "speaker_role": None,
                    "speaker_org": None,
                    "text": text,
                    "quote": True,
                    "cue": said,
                    "date": article.date,
                    "articles": [article.id],
                    "mentions": [
                        {
                            "article_id": article.id,
                            "start": start,
                            "end": end,
                            "sentence": match.group(),
                            "rule": "textacy.direct_quotations",
                        }
                    ],
                }
            )
    return records


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", default=None, help="spaCy model (default: the pipeline's)")
    args = parser.parse_args(argv)

    from pipeline.nlp import load_base

    nlp = load_base(args.model)
    articles, _errors = read_articles([str(args.gold_dir)])
    args.out.mkdir(parents=True, exist_ok=True)
    claims: list[dict[str, Any]] = []
    for article in articles:
        if article.status == "ok":
            claims.extend(claims_of(nlp, article))
    write_jsonl(args.out / "articles.jsonl", [a.to_dict() for a in articles])
    write_jsonl(args.out / "dataset.jsonl", claims)
    write_jsonl(args.out / "entities.jsonl", [])
    print(f"textacy baseline: {len(articles)} articles, {len(claims)} claims -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
