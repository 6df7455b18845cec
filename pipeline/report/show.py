"""`wirefacts show ARTICLE --out OUT_DIR`: one article with every extraction highlighted.

ARTICLE is an article id (or a unique prefix of one) or an input path. The text printed is
the normalized article text (``articles.jsonl`` field ``text``), the one every mention
offset points into. On a terminal each mention is coloured by record type and followed by
a ``[type:rule]`` tag; in a pipe (or with ``--color never``) mentions are wrapped in
``[[type:rule ...]]`` markers so the labels survive without colour.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.report.load import OutputError, articles, dataset

# Background colours per record type (rich style names); the label tag uses the same hue.
STYLES = {"event": "on dark_magenta", "result": "on dark_green", "claim": "on navy_blue"}
TAG_STYLES = {"event": "bold magenta", "result": "bold green", "claim": "bold cyan"}


@dataclass(frozen=True)
class Span:
    """One mention of one record in the shown article."""

    start: int
    end: int
    kind: str
    rule: str
    record: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.rule}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="article id (or unique id prefix) or input path")
    parser.add_argument("--out", required=True, type=Path, metavar="OUT_DIR", help="output folder of a run")
    parser.add_argument(
        "--type", action="append", choices=["event", "result", "claim"], default=None,
        help="only mentions of this record type (repeatable)",
    )
    parser.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto",
        help="auto: colours on a terminal, [[type:rule ...]] markers otherwise",
    )
    parser.add_argument("--no-list", action="store_true", help="do not list the records under the text")


def main(args: argparse.Namespace) -> int:
    try:
        article = find_article(articles(args.out), args.article)
        records = dataset(args.out)
    except (OutputError, LookupError) as exc:
        print(f"wirefacts show: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    if article.get("status") == "error":
        print(f"wirefacts show: {article.get('path')} could not be processed: {article.get('error')}", file=sys.stderr)
        return 1
    text = article.get("text") or ""
    spans, skipped = mention_spans(records, article["id"], len(text), kinds=args.type)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    _print_header(article, spans)
    if colour:
        _print_rich(text, spans)
    else:
        sys.stdout.write(mark_plain(text, spans) + "\n")
    if not args.no_list:
        _print_list(text, spans, colour)
    if skipped:
        print(f"warning: {skipped} mention(s) point outside the article text and were skipped", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- finding the article


def find_article(rows: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    """The article named by id, unique id prefix, input path as given, or the same file on disk."""
    for row in rows:
        if row.get("id") == wanted or row.get("path") == wanted:
            return row
    prefixed = [r for r in rows if wanted and str(r.get("id", "")).startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise LookupError(f"{wanted!r} is the prefix of {len(prefixed)} article ids; give more characters")
    target = Path(wanted)
    if wanted and target.is_file():
        resolved = target.resolve()
        for row in rows:
            path = str(row.get("path") or "").split("#L")[0]
            if path and Path(path).exists() and Path(path).resolve() == resolved:
                return row
        # Same text, other place (e.g. a copy): the article id is the hash of the normalized text.
        article_id = _id_of_file(target)
        for row in rows:
            if article_id and row.get("id") == article_id:
                return row
    raise LookupError(f"no article {wanted!r} in {len(rows)} articles of this output (give an id or an input path)")


def _id_of_file(path: Path) -> str | None:
    from pipeline.article import build_article
    from pipeline.io.readers import RawDoc, read_file

    docs = [d for d in read_file(path) if isinstance(d, RawDoc)]
    return build_article(docs[0]).id if len(docs) == 1 else None


# --------------------------------------------------------------------------- mentions


def mention_spans(
    records: list[dict[str, Any]], article_id: str, length: int, kinds: list[str] | None = None
) -> tuple[list[Span], int]:
    """This article's mentions, ordered by start (longest first), and how many were out of range."""
    spans: list[Span] = []
    skipped = 0
    for record in records:
        kind = record.get("type", "?")
        if kinds and kind not in kinds:
            continue
        for m in record.get("mentions") or []:
            if m.get("article_id") != article_id:
                continue
            start, end = int(m["start"]), int(m["end"])
            if not 0 <= start < end <= length:
                skipped += 1
                continue
            spans.append(Span(start, end, kind, str(m.get("rule") or "?"), record))
    spans.sort(key=lambda s: (s.start, -s.end, s.kind, s.rule))
    return spans, skipped


def mark_plain(text: str, spans: list[Span]) -> str:
    """``text`` with ``[[type:rule `` before and ``]]`` after each span.

    Nested spans nest. When two spans cross (``a`` starts first but ends inside ``b``),
    ``b`` is closed with ``a`` and reopened right after as ``[[...type:rule `` so markers
    stay balanced.
    """
    out: list[str] = []
    stack: list[Span] = []
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for span in spans:  # already ordered: outer (longer) spans open first
        starts.setdefault(span.start, []).append(span)
    for i, pos in enumerate(cuts):
        # Close everything ending here; reopen spans that cross the closed ones.
        ending = [s for s in stack if s.end == pos]
        if ending:
            deepest = min(stack.index(s) for s in ending)
            reopen = [s for s in stack[deepest:] if s.end != pos]
            out.append("]]" * (len(stack) - deepest))
            del stack[deepest:]
            for span in reopen:
                out.append(f"[[...{span.label} ")
                stack.append(span)
        for span in starts.get(pos, []):
            out.append(f"[[{span.label} ")
            stack.append(span)
        if i + 1 < len(cuts):
            out.append(text[pos : cuts[i + 1]])
    return "".join(out)


def summary(record: dict[str, Any]) -> str:
    """One line that says what a record is."""
    kind = record.get("type")
    if kind == "result":
        value = f"{record.get('value')} {'%' if record.get('unit') == 'percent' else record.get('unit') or ''}".strip()
        parts = [record.get("candidate") or "-", value, record.get("metric"), f"source={record.get('source')}",
                 f"({record.get('source_kind')})"]
        if record.get("coverage") is not None:
            parts.append(f"coverage={record['coverage']}%")
        parts.append(str(record.get("status", "")))
    elif kind == "claim":
        quote = "quote" if record.get("quote") else "paraphrase"
        parts = [f"speaker={record.get('speaker')}", f"cue={record.get('cue')}", quote]
        if record.get("speaker_org"):
            parts.insert(1, f"org={record['speaker_org']}")
    elif kind == "event":
        parts = [" ".join(str(p) for p in (record.get("qualifier"), record.get("office"), record.get("kind")) if p),
                 str(record.get("country") or "-"), str(record.get("date") or "date ?")]
        if record.get("candidates_declared") is not None:
            parts.append(f"{record['candidates_declared']} candidates")
        if record.get("same_as"):  # another article's record of the election is the main one
            parts.append(f"same_as={record['same_as']}")
    else:
        parts = [str(record.get("id"))]
    return " ".join(str(p) for p in parts if p not in (None, ""))


# --------------------------------------------------------------------------- printing


def _print_header(article: dict[str, Any], spans: list[Span]) -> None:
    dateline = article.get("dateline") or {}
    bits = [f"id {article.get('id')}", str(article.get("path"))]
    for key in ("published", "publisher", "agency"):
        if article.get(key):
            bits.append(f"{key} {article[key]}")
    if dateline.get("place"):
        bits.append(f"dateline {dateline['place']}")
    if article.get("duplicate_of"):
        bits.append(f"duplicate of {article['duplicate_of']}")
    counts = {k: sum(1 for s in spans if s.kind == k) for k in ("event", "result", "claim")}
    print(f"# {article.get('title') or '(untitled)'}")
    print("# " + " | ".join(bits))
    print("# mentions: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    print()


def _console():
    from rich.console import Console

    return Console(force_terminal=True, highlight=False, soft_wrap=True, file=sys.stdout)


def _print_rich(text: str, spans: list[Span]) -> None:
    from rich.text import Text

    # Insert a tag after each span; text offsets shift by the tags inserted before them.
    tags_at: dict[int, list[Span]] = {}
    for span in spans:
        tags_at.setdefault(span.end, []).append(span)
    out = Text()
    shift: list[tuple[int, int]] = []  # (original position, added characters before it)
    added = 0
    cuts = sorted({0, len(text), *tags_at})
    for i, pos in enumerate(cuts):
        for span in sorted(tags_at.get(pos, []), key=lambda s: -s.start):
            tag = f"[{span.label}]"
            out.append(tag, style=TAG_STYLES.get(span.kind, "bold"))
            added += len(tag)
        shift.append((pos, added))
        if i + 1 < len(cuts):
            out.append(text[pos : cuts[i + 1]])

    def moved(offset: int, closing: bool) -> int:
        # A span's end lands before the tags inserted at that same position.
        best = 0
        for pos, extra in shift:
            if pos < offset or (pos == offset and not closing):
                best = extra
        return offset + best

    for span in spans:
        out.stylize(STYLES.get(span.kind, "reverse"), moved(span.start, False), moved(span.end, True))
    _console().print(out)


def _print_list(text: str, spans: list[Span], colour: bool) -> None:
    print()
    print(f"{len(spans)} mention(s):")
    for span in spans:
        line = f"  {span.start:>5}-{span.end:<5} {span.label:<40} {summary(span.record)}"
        if colour:
            from rich.markup import escape

            _console().print(f"[{TAG_STYLES.get(span.kind, 'bold')}]{escape(line)}[/]")
        else:
            print(line)
